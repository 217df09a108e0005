/**
 * The room policy beyond membership, end to end through RoomMember and the commit check every
 * member and the hub run: bans (draft-ietf-mimi-room-policy-03 canBan: role 1 "banned" plus the
 * removal of every client, in one commit), role-definition changes (canChangeRoleDefinitions) and
 * base-policy changes (canChangeRoomMembershipStyle) with the constraints they impose afterwards
 * (multi_device). Every step is checked at every member and agreed on.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { toHex } from '@mimikit/bytes';
import { cipherSuite, commit, importState, members, unsafeAcceptAnyCredential, type CipherSuite } from '../src/mls/index.ts';
import { mimiAuthService } from '../src/identity/index.ts';
import { CAPABILITIES, type CapabilityName, defineRole } from '../src/policy/index.ts';
import { createRoom, DEFAULT_BASE_POLICY, hubCheckCommit, joinRoom, roomKeyPackage, type RoomChange, type RoomMember } from '../src/rooms/index.ts';

import { denied } from './support/denied.ts';
const _te = new TextEncoder();
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });

const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name, capabilities: caps, changes });
const BANNED = 1;
const MEMBER = 2;
const MODERATOR = 3;
const OWNER = 4;
const roles: RoleData = {
  roles: [
    role(BANNED, 'banned', [], []),
    role(MEMBER, 'member', ['canSendMessage', 'canAddOwnClient'], []),
    role(
      MODERATOR,
      'moderator',
      ['canSendMessage', 'canBan', 'canUnBan'],
      [
        [MEMBER, [BANNED]],
        [BANNED, [MEMBER]],
      ],
    ),
    role(
      OWNER,
      'owner',
      ['canSendMessage', 'canAddParticipant', 'canChangeUserRole', 'canChangeRoleDefinitions', 'canChangeRoomMembershipStyle'],
      [
        [0, [MEMBER, MODERATOR]],
        [MEMBER, [MODERATOR]],
      ],
    ),
  ],
};

describe('room policy through the Room API: bans, role definitions, base policy', () => {
  let suite: CipherSuite;
  const m = new Map<string, RoomMember>();
  const get = (n: string) =>
    m.get(n) ??
    (() => {
      throw new Error(`no member ${n}`);
    })();
  const agree = (...names: string[]) => {
    const views = names.map((n) =>
      JSON.stringify({ epoch: String(get(n).epoch()), auth: toHex(get(n).epochAuthenticator()), participants: get(n).participants() }),
    );
    for (const v of views) expect(v).toBe(views[0]);
  };
  const deliver = async (bytes: Uint8Array, to: string[]) => {
    const out: RoomChange[] = [];
    for (const n of to) {
      const r = await get(n).process(bytes);
      if (r.kind !== 'commit') throw new Error(`expected a commit, got ${r.kind}`);
      out.push(r);
    }
    return out;
  };
  const hubMembers = async () => members(await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential }));

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    m.set(
      'alice',
      await createRoom({
        roomUri: 'mimi://a.example/r/lounge',
        creator: { user: ALICE, client: 'mimi://a.example/d/alice/A1', cipherSuite: suite },
        roles,
        creatorRole: OWNER,
        authService: auth,
      }),
    );
    const kps = {
      bob1: await roomKeyPackage({ client: 'mimi://b.example/d/bob/B1', cipherSuite: suite }),
      bob2: await roomKeyPackage({ client: 'mimi://b.example/d/bob/B2', cipherSuite: suite }),
      cathy: await roomKeyPackage({ client: 'mimi://c.example/d/cathy/C1', cipherSuite: suite }),
    };
    const b = await get('alice').addParticipant({ user: BOB, role: MEMBER, keyPackages: [kps.bob1.keyPackage, kps.bob2.keyPackage] });
    for (const n of ['bob1', 'bob2'] as const) m.set(n, await joinRoom({ welcome: b.welcome!, keyPackage: kps[n], authService: auth }));
    const c = await get('alice').addParticipant({ user: CATHY, role: MODERATOR, keyPackages: [kps.cathy.keyPackage] });
    await deliver(c.commit, ['bob1', 'bob2']);
    m.set('cathy', await joinRoom({ welcome: c.welcome!, keyPackage: kps.cathy, authService: auth }));
    agree('alice', 'bob1', 'bob2', 'cathy');
  });

  it('a member cannot ban; the moderator (canBan) bans Bob: role "banned" and both his clients removed, in one commit', async () => {
    expect((await denied(get('bob1').ban(CATHY))).names('canBan')).toBe(true);
    const r = await get('cathy').ban(BOB);
    expect(r.change).toMatchObject({ committer: CATHY, roleChanged: [{ user: BOB, role: BANNED }], removed: [] });
    expect(r.change.removedLeaves).toHaveLength(2);
    expect(hubCheckCommit(r.commit, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
    const changes = await deliver(r.commit, ['alice', 'bob1', 'bob2']);
    expect(changes.map((c) => c.removedMe)).toEqual([false, true, true]);
    m.delete('bob1');
    m.delete('bob2');
    agree('alice', 'cathy');
    // Bob stays listed as banned: he cannot be added again as a new participant, and a commit that
    // slips in a client of his (made with the raw adapter) is refused by every member.
    expect(get('alice').participants()).toContainEqual({ user: BOB, role: BANNED });
    const again = await roomKeyPackage({ client: 'mimi://b.example/d/bob/B3', cipherSuite: suite });
    await expect(get('alice').addParticipant({ user: BOB, role: MEMBER, keyPackages: [again.keyPackage] })).rejects.toThrow(/already a participant/);
    const raw = await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential });
    const forged = await commit(raw, { proposals: [{ type: 'add', keyPackage: again.keyPackage }] });
    const e = await denied(get('cathy').process(forged.commit));
    expect(e.denials.map((d) => `${d.missing}: ${d.reason}`)).toEqual(['client: mimi://b.example/d/bob/B3 belongs to mimi://b.example/u/bob, who is banned']);
  });

  it('a ban that leaves a client behind is refused (made through changeRole, which removes no clients)', async () => {
    const kp = await roomKeyPackage({ client: 'mimi://c.example/d/dave/D1', cipherSuite: suite });
    const add = await get('alice').addParticipant({ user: 'mimi://c.example/u/dave', role: MEMBER, keyPackages: [kp.keyPackage] });
    await deliver(add.commit, ['cathy']);
    m.set('dave', await joinRoom({ welcome: add.welcome!, keyPackage: kp, authService: auth }));
    const e = await denied(get('cathy').changeRole('mimi://c.example/u/dave', BANNED));
    expect(e.denials.map((d) => d.missing)).toEqual(['client']);
    agree('alice', 'cathy', 'dave');
  });

  it('role definitions: the moderator may not change them; the owner may, and every member applies the new roles', async () => {
    const next: RoleData = {
      roles: roles.roles.map((r) => (r.role_index === MEMBER ? { ...r, role_capabilities: [...r.role_capabilities, CAPABILITIES.canReactToMessage] } : r)),
    };
    expect((await denied(get('cathy').changeRoles(next))).names('canChangeRoleDefinitions')).toBe(true);
    // A role a participant holds cannot disappear.
    const dropped: RoleData = { roles: roles.roles.filter((r) => r.role_index !== MODERATOR) };
    expect((await denied(get('alice').changeRoles(dropped))).denials.some((d) => d.missing === 'role_index')).toBe(true);
    const r = await get('alice').changeRoles(next);
    await deliver(r.commit, ['cathy', 'dave']);
    for (const n of ['alice', 'cathy', 'dave'])
      expect(
        get(n)
          .roomState()
          .roles_list.roles.find((x) => x.role_index === MEMBER)!.role_capabilities,
      ).toContain(CAPABILITIES.canReactToMessage);
    agree('alice', 'cathy', 'dave');
  });

  it('base policy: the owner turns multi_device off; then a second client for Dave is refused at every member', async () => {
    expect((await denied(get('dave').changeBasePolicy({ ...DEFAULT_BASE_POLICY, multi_device: 'false' }))).names('canChangeRoomMembershipStyle')).toBe(true);
    const r = await get('alice').changeBasePolicy({ ...DEFAULT_BASE_POLICY, multi_device: 'false' });
    await deliver(r.commit, ['cathy', 'dave']);
    agree('alice', 'cathy', 'dave');
    const second = await roomKeyPackage({ client: 'mimi://c.example/d/dave/D2', cipherSuite: suite });
    const e = await denied(get('dave').addOwnClients([second.keyPackage]));
    expect(e.denials.map((d) => d.missing)).toEqual(['multi_device']);
    agree('alice', 'cathy', 'dave');
  });
});
