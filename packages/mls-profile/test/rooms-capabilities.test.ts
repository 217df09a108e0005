/**
 * The capability table (test/support/capability-table.ts) in live rooms, at each place a capability
 * is checked: the sender (the RoomMember method refuses before sending), the hub (hubCheckCommit,
 * hubCheckProposals), and every member processing a commit forged with the raw adapter (refused,
 * state unchanged). Each row starts from the same saved room, gives Xavier the row's role without
 * its capability and Yara the same role with it, and then: Xavier is refused everywhere with the
 * capability named at the row's place, and Yara's same action is accepted everywhere. Message
 * capabilities are checked by the sender and by every reader (the hub cannot read content).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { MimiContentCodec } from '@mimikit/mimi-content';
import { RoomMessageError } from '../src/messages/index.ts';
import {
  cipherSuite,
  commit,
  groupContextExtensions,
  importState,
  members,
  propose,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
  type ProposalInput,
} from '../src/mls/index.ts';
import { mimiAuthService } from '../src/identity/index.ts';
import type { CapabilityName } from '../src/policy/index.ts';
import {
  createRoom,
  hubCheckCommit,
  hubCheckProposals,
  joinRoom,
  loadRoomMember,
  roomKeyPackage,
  withRoomState,
  type RoomCommit,
  type RoomMember,
} from '../src/rooms/index.ts';
import { denied } from './support/denied.ts';
import {
  BEA,
  FIXED_ROLES,
  HOLDS,
  LACKS,
  MEMBER,
  MEMBERSHIP_ROWS,
  MESSAGE_ROWS,
  NINA,
  OLIVIA,
  originalOf,
  OWNER,
  ROOM,
  rowRoles,
  TOM,
  TRUSTED,
  XAVIER,
  YARA,
  type Actor,
  type MembershipRow,
} from './support/capability-table.ts';

const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });
/** The room's clients that stay members, by name. */
const CLIENT = {
  olivia: OLIVIA.clients[0],
  x1: XAVIER.clients[0],
  x2: XAVIER.clients[1],
  y1: YARA.clients[0],
  y2: YARA.clients[1],
  t1: TOM.clients[0],
  t2: TOM.clients[1],
};
type Name = keyof typeof CLIENT;
const NAMES = Object.keys(CLIENT) as Name[];
const nameOf = (client: string) => NAMES.find((n) => CLIENT[n] === client)!;
const deniedFor = (capability: CapabilityName, at: string) => [{ missing: capability, at, reason: expect.stringContaining(`lacks ${capability}`) }];

/** Each row's action through the Room API (the leave row uses leave()); the room state and values come from the table. */
const ACTIONS: Partial<Record<CapabilityName, (m: RoomMember, a: Actor, kp: (client: string) => Uint8Array) => Promise<RoomCommit>>> = {
  canAddParticipant: (m, _, kp) => m.addParticipant({ user: NINA.user, role: MEMBER, keyPackages: [kp(NINA.clients[0])] }),
  canRemoveParticipant: (m) => m.removeParticipant(TOM.user),
  canAddOwnClient: (m, a, kp) => m.addOwnClients([kp(a.newClient)]),
  canRemoveOwnClient: (m, a) => m.removeClients([a.clients[1]]),
  canKick: (m) => m.removeClients([TOM.clients[0]]),
  canChangeUserRole: (m) => m.changeRole(TOM.user, TRUSTED),
  canBan: (m) => m.ban(TOM.user),
  canUnBan: (m) => m.changeRole(BEA.user, MEMBER),
};
/** The rows that change a room-state component other than the list: the API call with the table's new value. */
function stateAction(row: MembershipRow, m: RoomMember, a: Actor): Promise<RoomCommit> {
  const after = row.change(a).state!(m.roomState());
  if (row.capability === 'canChangeRoleDefinitions') return m.changeRoles(after.roles_list);
  if (row.capability === 'canChangeRoomMembershipStyle') return m.changeBasePolicy(after.base_room_policy!);
  if (!row.at.startsWith('room_metadata.')) throw new Error(`no Room API action for ${row.capability}`);
  const field = row.at.replace('room_metadata.', '') as 'room_name';
  return m.changeMetadata({ [field]: after.room_metadata![field] });
}

describe('capabilities in live rooms: the sender, the hub and every member', () => {
  let suite: CipherSuite;
  const saved = new Map<Name, Uint8Array>();
  const kps = new Map<string, KeyPackageBundle>();
  const kp = (client: string) => kps.get(client)!.keyPackage;
  const m = new Map<Name, RoomMember>();
  const get = (n: Name) =>
    m.get(n) ??
    (() => {
      throw new Error(`no member ${n}`);
    })();
  const view = (n: Name) => JSON.stringify({ epoch: String(get(n).epoch()), auth: toHex(get(n).epochAuthenticator()), participants: get(n).participants() });
  /** Every member still in the group agrees on epoch, epoch authenticator and participants. */
  const agree = () => {
    const views = [...m.keys()].filter((n) => get(n).status() === 'active').map(view);
    for (const v of views) expect(v).toBe(views[0]);
  };
  /** The commit goes to every member but its sender; each applies it. */
  const deliver = async (bytes: Uint8Array, from: Name) => {
    for (const n of m.keys()) {
      if (n === from) continue;
      const r = await get(n).process(bytes);
      expect(r.kind).toBe('commit');
    }
  };
  const hubMembers = async () => members(await importState(get('olivia').save(), { authService: unsafeAcceptAnyCredential }));
  const raw = (n: Name) => importState(get(n).save(), { authService: unsafeAcceptAnyCredential });
  /** Every member but `except` refuses `bytes` with exactly `expected`, and stays where it was. */
  const refusedByAll = async (bytes: Uint8Array, expected: unknown, except: Name[]) => {
    for (const n of NAMES.filter((x) => !except.includes(x))) {
      const before = view(n);
      expect((await denied(get(n).process(bytes))).denials, n).toEqual(expected);
      expect(view(n)).toBe(before);
    }
  };
  /** `a`'s row action as the Room API would send it, made with the raw adapter on a copy of its first client's state. */
  const forge = async (row: MembershipRow, a: Actor): Promise<ProposalInput[]> => {
    const group = await raw(nameOf(a.clients[0]));
    const change = row.change(a);
    const leafOf = (client: string) => members(group).find((x) => new TextDecoder().decode(x.credential.identity) === client)!.leafIndex;
    return [
      ...(change.state
        ? [{ type: 'group_context_extensions' as const, extensions: withRoomState(groupContextExtensions(group), change.state(get('olivia').roomState())) }]
        : []),
      ...(change.adds ?? []).map((c): ProposalInput => ({ type: 'add', keyPackage: kp(c) })),
      ...(change.removes ?? []).map((c): ProposalInput => ({ type: 'remove', leafIndex: leafOf(c) })),
    ];
  };
  const forgedCommit = async (row: MembershipRow, a: Actor) => (await commit(await raw(nameOf(a.clients[0])), { proposals: await forge(row, a) })).commit;
  /** Restores every member from the saved room and gives the row's roles: LACKS (Xavier) with `lacking`, HOLDS (Yara) with `holding`. */
  const setUp = async (row: { changes?: MembershipRow['changes'] }, holding: CapabilityName[], lacking: CapabilityName[]) => {
    m.clear();
    for (const [n, blob] of saved) m.set(n, await loadRoomMember(blob, { authService: auth }));
    const r = await get('olivia').changeRoles(rowRoles(row, holding, lacking));
    await deliver(r.commit, 'olivia');
    agree();
  };

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    for (const c of [...XAVIER.clients, XAVIER.newClient, ...YARA.clients, YARA.newClient, ...TOM.clients, ...BEA.clients, ...NINA.clients])
      kps.set(c, await roomKeyPackage({ client: c, cipherSuite: suite }));
    m.set(
      'olivia',
      await createRoom({
        roomUri: ROOM,
        creator: { user: OLIVIA.user, client: OLIVIA.clients[0], cipherSuite: suite },
        roles: { roles: FIXED_ROLES },
        creatorRole: OWNER,
        authService: auth,
      }),
    );
    // The owner may only add LACKS and HOLDS once they exist: the first roles of the rows, empty.
    await get('olivia').changeRoles(rowRoles({}, [], []));
    for (const [user, role, clients] of [
      [XAVIER.user, LACKS, XAVIER.clients],
      [YARA.user, HOLDS, YARA.clients],
      [TOM.user, MEMBER, TOM.clients],
    ] as const) {
      const r = await get('olivia').addParticipant({ user, role, keyPackages: clients.map(kp) });
      await deliver(r.commit, 'olivia');
      for (const c of clients) m.set(nameOf(c), await joinRoom({ welcome: r.welcome!, keyPackage: kps.get(c)!, authService: auth }));
    }
    // Bea is added and banned, so she is listed in the banned role with no clients.
    await deliver((await get('olivia').addParticipant({ user: BEA.user, role: MEMBER, keyPackages: [kp(BEA.clients[0])] })).commit, 'olivia');
    await deliver((await get('olivia').ban(BEA.user)).commit, 'olivia');
    agree();
    expect(get('t2').clients()).toEqual([OLIVIA.clients[0], ...XAVIER.clients, ...YARA.clients, ...TOM.clients]);
    for (const n of NAMES) saved.set(n, get(n).save());
  });

  describe.each(MEMBERSHIP_ROWS.filter((r) => !r.leave))('$capability', (row) => {
    const c = row.capability;
    const act = (n: Name, a: Actor) => (ACTIONS[c] ?? ((mm: RoomMember, aa: Actor) => stateAction(row, mm, aa)))(get(n), a, kp);
    beforeAll(() => setUp(row, [c], []));

    it(`the sender refuses it without ${c}, naming it at ${row.at}; nothing is sent`, async () => {
      const before = view('x1');
      expect((await denied(act('x1', XAVIER))).denials).toEqual(deniedFor(c, row.at));
      expect(view('x1')).toBe(before);
    });

    it('the hub and every member refuse the same commit forged with the raw adapter', async () => {
      const forged = await forgedCommit(row, XAVIER);
      expect(hubCheckCommit(forged, get('olivia').roomState(), await hubMembers()).denials).toEqual(deniedFor(c, row.at));
      await refusedByAll(forged, deniedFor(c, row.at), ['x1']);
      agree();
    });

    it(`with ${c}, the forgery's twin passes the hub, and the Room API's commit passes the sender, the hub and every member`, async () => {
      expect(hubCheckCommit(await forgedCommit(row, YARA), get('olivia').roomState(), await hubMembers()).denials).toEqual([]);
      const r = await act('y1', YARA);
      expect(hubCheckCommit(r.commit, get('olivia').roomState(), await hubMembers()).denials).toEqual([]);
      await deliver(r.commit, 'y1');
      agree();
    });
  });

  describe('canRemoveSelf (leave: proposals of the leaver, committed by another member)', () => {
    const row = MEMBERSHIP_ROWS.find((r) => r.leave)!;
    const c = row.capability;
    beforeAll(() => setUp(row, [c], []));

    it(`the leaver's client refuses to propose it without ${c}, naming it at ${row.at}`, async () => {
      expect((await denied(get('x1').leave())).denials).toEqual(deniedFor(c, row.at));
    });

    it('forged proposals: the hub refuses them, the committer refuses to commit them, and the hub and every member refuse a commit that includes them', async () => {
      let group = await raw('x1');
      const proposals: Uint8Array[] = [];
      for (const p of await forge(row, XAVIER)) {
        const sent = await propose(group, p);
        group = sent.group;
        proposals.push(sent.message);
      }
      expect(hubCheckProposals(proposals, get('olivia').roomState(), await hubMembers()).denials).toEqual(deniedFor(c, row.at));
      for (const p of proposals) for (const n of NAMES.filter((x) => x !== 'x1')) expect((await get(n).process(p)).kind).toBe('proposal');
      expect((await denied(get('olivia').commitPending())).denials).toEqual(deniedFor(c, row.at));
      const forged = (await commit(await raw('olivia'), {})).commit;
      expect(hubCheckCommit(forged, get('olivia').roomState(), await hubMembers(), { messages: proposals, cipherSuite: suite.name }).denials).toEqual(
        deniedFor(c, row.at),
      );
      // x1 never saw the proposals its state copy made, so it cannot even read the commit.
      await refusedByAll(forged, deniedFor(c, row.at), ['olivia', 'x1']);
    });

    it(`with ${c}: the hub accepts the proposals and the commit, and every member applies it`, async () => {
      await setUp(row, [c], []);
      const proposals = await get('y1').leave();
      expect(hubCheckProposals(proposals, get('olivia').roomState(), await hubMembers()).denials).toEqual([]);
      for (const p of proposals) for (const n of NAMES.filter((x) => x !== 'y1')) expect((await get(n).process(p)).kind).toBe('proposal');
      const state = get('olivia').roomState();
      const hub = await hubMembers();
      const r = await get('olivia').commitPending();
      expect(hubCheckCommit(r.commit, state, hub, { messages: proposals, cipherSuite: suite.name }).denials).toEqual([]);
      await deliver(r.commit, 'olivia');
      expect(get('y1').status()).toBe('removed');
      agree();
    });
  });

  describe.each(MESSAGE_ROWS.map((r) => [Object.keys(r.needs).at(-1) as CapabilityName, r] as const))('%s (sender and readers)', (c, row) => {
    const needs = Object.keys(row.needs) as CapabilityName[];
    const at = row.needs[c]!;
    beforeAll(() =>
      setUp(
        {},
        needs,
        needs.filter((n) => n !== c),
      ),
    );
    const read = (n: Name, bytes: Uint8Array, sender: string) =>
      get(n)
        .process(bytes)
        .then((r) => {
          if (r.kind !== 'application') throw new Error(`expected an application message, got ${r.kind}`);
          return get(n).readContent(r, { original: () => originalOf(row, sender) });
        });

    it(`without ${c}: the sender refuses it, and every reader refuses it when sent anyway`, async () => {
      expect((await denied(get('x1').sendContent(row.content, { ...(row.original ? { original: originalOf(row, XAVIER.user)! } : {}) }))).denials).toEqual(
        deniedFor(c, at),
      );
      const sneaked = await get('x1').sendMessage(MimiContentCodec.encode(row.content));
      for (const n of NAMES.filter((x) => x !== 'x1')) {
        const e = await read(n, sneaked, XAVIER.user).then(
          () => undefined,
          (x: unknown) => x,
        );
        expect(e, n).toBeInstanceOf(RoomMessageError);
        expect((e as RoomMessageError).code).toBe('denied');
        expect((e as RoomMessageError).denials).toEqual(deniedFor(c, at));
      }
    });

    it(`with ${c}: sent and read by everyone`, async () => {
      const bytes = await get('y1').sendContent(row.content, { ...(row.original ? { original: originalOf(row, YARA.user)! } : {}) });
      for (const n of NAMES.filter((x) => x !== 'y1')) expect((await read(n, bytes, YARA.user)).content).toEqual(row.content);
    });
  });
});
