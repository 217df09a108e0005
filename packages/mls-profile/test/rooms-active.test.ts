/**
 * Active-participant constraints in a live room (draft-ietf-mimi-room-policy-03 §Role-Based Access
 * Control: minimum/maximum_active_participants_constraint). A participant is active while it has a
 * client in the group (docs/rooms.md); the room's "speaker" role allows exactly one active speaker.
 * Every limit is shown at the sender (the Room API refuses), at the hub and at every member
 * processing the same commit forged with the raw adapter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RoleData } from '@mimikit/mimi-room-policy';
import { toHex } from '@mimikit/bytes';
import { mimiAuthService } from '../src/identity/index.ts';
import {
  cipherSuite,
  commit,
  groupContextExtensions,
  importState,
  members,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
  type ProposalInput,
} from '../src/mls/index.ts';
import { defineRole } from '../src/policy/index.ts';
import {
  createRoom,
  hubCheckCommit,
  joinRoom,
  roomKeyPackage,
  withRoomState,
  type FullRoomState,
  type RoomDenial,
  type RoomMember,
} from '../src/rooms/index.ts';
import { denied } from './support/denied.ts';

const te = new TextEncoder();
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });

const MEMBER = 2;
const SPEAKER = 3;
const HOST = 4;
const roles: RoleData = {
  roles: [
    defineRole({ index: MEMBER, name: 'member', capabilities: ['canSendMessage'] }),
    defineRole({ index: SPEAKER, name: 'speaker', capabilities: ['canSendMessage'], minimumActive: 1, maximumActive: 1 }),
    defineRole({
      index: HOST,
      name: 'host',
      capabilities: ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canKick'],
      changes: [
        [0, [MEMBER, SPEAKER]],
        [MEMBER, [SPEAKER, 0]],
        [SPEAKER, [MEMBER, 0]],
      ],
    }),
  ],
};

describe('active-participant constraints at the sender, the hub and every member', () => {
  let suite: CipherSuite;
  const m = new Map<string, RoomMember>();
  const kps = new Map<string, KeyPackageBundle>();
  const get = (n: string) =>
    m.get(n) ??
    (() => {
      throw new Error(`no member ${n}`);
    })();
  const view = (n: string) => JSON.stringify({ epoch: String(get(n).epoch()), auth: toHex(get(n).epochAuthenticator()), participants: get(n).participants() });
  const agree = () => {
    const views = [...m.keys()].map(view);
    for (const v of views) expect(v).toBe(views[0]);
  };
  const deliver = async (bytes: Uint8Array, from: string) => {
    for (const n of m.keys()) if (n !== from) expect((await get(n).process(bytes)).kind).toBe('commit');
  };
  const hubMembers = async () => members(await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential }));
  /** Alice's copy, through the raw adapter: the commit the Room API refused to send. */
  const forge = async (change: { state?: (s: FullRoomState) => FullRoomState; adds?: string[]; removeLeaves?: number[] }) => {
    const raw = await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential });
    const proposals: ProposalInput[] = [
      ...(change.state
        ? [{ type: 'group_context_extensions' as const, extensions: withRoomState(groupContextExtensions(raw), change.state(get('alice').roomState())) }]
        : []),
      ...(change.adds ?? []).map((c): ProposalInput => ({ type: 'add', keyPackage: kps.get(c)!.keyPackage })),
      ...(change.removeLeaves ?? []).map((leafIndex): ProposalInput => ({ type: 'remove', leafIndex })),
    ];
    return (await commit(raw, { proposals })).commit;
  };
  /** The hub and every member but Alice refuse `bytes` with exactly `expected`, state unchanged. */
  const refusedEverywhere = async (bytes: Uint8Array, expected: RoomDenial[]) => {
    expect(hubCheckCommit(bytes, get('alice').roomState(), await hubMembers()).denials).toEqual(expected);
    for (const n of [...m.keys()].filter((x) => x !== 'alice')) {
      const before = view(n);
      expect((await denied(get(n).process(bytes))).denials).toEqual(expected);
      expect(view(n)).toBe(before);
    }
  };
  const listWith =
    (user: string, role_index: number) =>
    (s: FullRoomState): FullRoomState => ({
      ...s,
      participant_list: { participants: [...s.participant_list.participants, { user: te.encode(user), role_index }] },
    });

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    for (const c of ['mimi://b.example/d/bob/B1', 'mimi://b.example/d/bob/B2', 'mimi://c.example/d/cathy/C1'])
      kps.set(c, await roomKeyPackage({ client: c, cipherSuite: suite }));
    m.set(
      'alice',
      await createRoom({
        roomUri: 'mimi://a.example/r/stage',
        creator: { user: ALICE, client: 'mimi://a.example/d/alice/A1', cipherSuite: suite },
        roles,
        creatorRole: HOST,
        authService: auth,
      }),
    );
    const r = await get('alice').addParticipant({
      user: BOB,
      role: SPEAKER,
      keyPackages: [kps.get('mimi://b.example/d/bob/B1')!.keyPackage, kps.get('mimi://b.example/d/bob/B2')!.keyPackage],
    });
    for (const n of ['B1', 'B2'])
      m.set(`bob${n}`, await joinRoom({ welcome: r.welcome!, keyPackage: kps.get(`mimi://b.example/d/bob/${n}`)!, authService: auth }));
    agree();
  });

  const maxDenial = (at: string): RoomDenial[] => [
    { missing: 'maximum_active_participants_constraint', at, reason: 'role 3 would have 2 active participants (with clients in the group), more than 1' },
  ];
  const minDenial = (at: string): RoomDenial[] => [
    { missing: 'minimum_active_participants_constraint', at, reason: 'role 3 would have 0 active participants (with clients in the group), fewer than 1' },
  ];

  it('a second active speaker cannot be added (maximum), as a member she can', async () => {
    const cathy = kps.get('mimi://c.example/d/cathy/C1')!.keyPackage;
    expect((await denied(get('alice').addParticipant({ user: CATHY, role: SPEAKER, keyPackages: [cathy] }))).denials).toEqual(
      maxDenial('addedParticipants[0]'),
    );
    await refusedEverywhere(await forge({ state: listWith(CATHY, SPEAKER), adds: ['mimi://c.example/d/cathy/C1'] }), maxDenial('addedParticipants[0]'));
    // The hub judges against the room before the commit, which Alice, the committer, has already applied.
    const [state, hub] = [get('alice').roomState(), await hubMembers()];
    const r = await get('alice').addParticipant({ user: CATHY, role: MEMBER, keyPackages: [cathy] });
    expect(hubCheckCommit(r.commit, state, hub).denials).toEqual([]);
    await deliver(r.commit, 'alice');
    m.set('cathy', await joinRoom({ welcome: r.welcome!, keyPackage: kps.get('mimi://c.example/d/cathy/C1')!, authService: auth }));
    agree();
  });

  it('an active member cannot become a second speaker (maximum)', async () => {
    expect((await denied(get('alice').changeRole(CATHY, SPEAKER))).denials).toEqual(maxDenial('changedRoleParticipants[0]'));
    const promote = (s: FullRoomState): FullRoomState => ({
      ...s,
      participant_list: {
        participants: s.participant_list.participants.map((p) => (new TextDecoder().decode(p.user) === CATHY ? { ...p, role_index: SPEAKER } : p)),
      },
    });
    await refusedEverywhere(await forge({ state: promote }), maxDenial('changedRoleParticipants[0]'));
    agree();
  });

  it("kicking the only speaker's last client, or removing him, would leave no active speaker (minimum); kicking one of two clients would not", async () => {
    const [b1, b2] = [1, 2];
    expect((await denied(get('alice').removeClients(['mimi://b.example/d/bob/B1', 'mimi://b.example/d/bob/B2']))).denials).toEqual([
      ...minDenial('removes[0]'),
      ...minDenial('removes[1]'),
    ]);
    await refusedEverywhere(await forge({ removeLeaves: [b1, b2] }), [...minDenial('removes[0]'), ...minDenial('removes[1]')]);
    expect((await denied(get('alice').removeParticipant(BOB))).denials).toEqual(minDenial('removedIndices[0]'));
    const withoutBob = (s: FullRoomState): FullRoomState => ({
      ...s,
      participant_list: { participants: s.participant_list.participants.filter((p) => new TextDecoder().decode(p.user) !== BOB) },
    });
    await refusedEverywhere(await forge({ state: withoutBob, removeLeaves: [b1, b2] }), minDenial('removedIndices[0]'));
    agree();
    const [state, hub] = [get('alice').roomState(), await hubMembers()];
    const r = await get('alice').removeClients(['mimi://b.example/d/bob/B2']);
    expect(hubCheckCommit(r.commit, state, hub).denials).toEqual([]);
    await deliver(r.commit, 'alice');
    m.delete('bobB2');
    agree();
    expect((await denied(get('alice').removeClients(['mimi://b.example/d/bob/B1']))).denials).toEqual(minDenial('removes[0]'));
  });
});
