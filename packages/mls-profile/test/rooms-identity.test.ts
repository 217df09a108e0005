/**
 * Who a leaf is, against a hostile member (issue 11, points 9 and 3): one client URI holds one
 * leaf of a room, a leaf keeps its client URI through Updates and UpdatePaths (RFC 9420 §5.3.1
 * successor credentials), and a credential or participant that is a canonical URI behind a byte
 * order mark is not that URI. Each rule is shown at the committer (the Room API refuses to send),
 * at every member (a commit forged with the raw adapter or with ts-mls directly is refused, state
 * unchanged) and at the hub (hubCheckCommit / hubCheckProposals, same verdict).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { toHex } from '@mimikit/bytes';
import { leafAdvertisement } from '../src/advertise/index.ts';
import { mimiAuthService } from '../src/identity/index.ts';
import {
  cipherSuite,
  commit,
  generateKeyPackage,
  groupContextExtensions,
  importState,
  members,
  MlsError,
  process,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
} from '../src/mls/index.ts';
import { type CapabilityName, defineRole } from '../src/policy/index.ts';
import {
  createRoom,
  hubCheckCommit,
  hubCheckProposals,
  joinRoom,
  loadRoomMember,
  RoomDeniedError,
  RoomError,
  roomKeyPackage,
  withRoomState,
  type CommitCheck,
  type FullRoomState,
  type RoomDenial,
  type RoomMember,
} from '../src/rooms/index.ts';
import { denied } from './support/denied.ts';
import { pathWithIdentity, updateWithIdentity } from './support/malicious-member.ts';

const te = new TextEncoder();
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const withBom = (s: string) => Uint8Array.from([...BOM, ...te.encode(s)]);
const ROOM = 'mimi://a.example/r/ghosts';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const A1 = 'mimi://a.example/d/alice/A1';
const B1 = 'mimi://b.example/d/bob/B1';
const B2 = 'mimi://b.example/d/bob/B2';
const B3 = 'mimi://b.example/d/bob/B3';
const C1 = 'mimi://c.example/d/cathy/C1';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });

const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name, capabilities: caps, changes });
const MEMBER = 1;
const ADMIN = 2;
const roles: RoleData = {
  roles: [
    role(MEMBER, 'member', ['canSendMessage', 'canAddOwnClient', 'canRemoveOwnClient'], []),
    role(
      ADMIN,
      'admin',
      ['canSendMessage', 'canAddParticipant', 'canRemoveParticipant', 'canKick', 'canAddOwnClient', 'canRemoveOwnClient'],
      [
        [0, [MEMBER]],
        [MEMBER, [0]],
      ],
    ),
  ],
};

/** The 'client' denials, as `at: reason`. */
const clientDenials = (denials: readonly RoomDenial[]) => denials.filter((d) => d.missing === 'client').map((d) => `${d.at}: ${d.reason}`);

describe('rooms: one client URI, one leaf; a leaf keeps its client URI', () => {
  let suite: CipherSuite;
  const m = new Map<string, RoomMember>();
  const get = (n: string) =>
    m.get(n) ??
    (() => {
      throw new Error(`no member ${n}`);
    })();
  const kp = (client: string) => roomKeyPackage({ client, cipherSuite: suite });
  /** The members as the hub tracks them (from Alice's view). */
  const hubMembers = async () => members(await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential }));
  const raw = (n: string) => importState(get(n).save(), { authService: unsafeAcceptAnyCredential });
  const view = (n: string) => JSON.stringify({ epoch: String(get(n).epoch()), auth: toHex(get(n).epochAuthenticator()), clients: get(n).clients() });
  const agree = () => {
    const views = [...m.keys()].map(view);
    for (const v of views) expect(v).toBe(views[0]);
  };
  /** Every member refuses `commit`, with the same 'client' denials as the hub's `atHub`, and stays where it was. */
  const refusedByAll = async (commitBytes: Uint8Array, atHub: CommitCheck, except: string[] = []) => {
    const expected = clientDenials(atHub.denials);
    expect(expected.length).toBeGreaterThan(0);
    for (const n of [...m.keys()].filter((x) => !except.includes(x))) {
      const before = view(n);
      const e = await denied(get(n).process(commitBytes));
      expect(clientDenials(e.denials)).toEqual(expected);
      expect(view(n)).toBe(before);
    }
    agree();
  };
  const addCathyState = (user: Uint8Array = te.encode(CATHY)): FullRoomState => {
    const s = get('alice').roomState();
    return { ...s, participant_list: { participants: [...s.participant_list.participants, { user, role_index: MEMBER }] } };
  };

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    m.set('alice', await createRoom({ roomUri: ROOM, creator: { user: ALICE, client: A1, cipherSuite: suite }, roles, creatorRole: ADMIN, authService: auth }));
    const kps: Record<string, KeyPackageBundle> = { bob1: await kp(B1), bob2: await kp(B2) };
    const r = await get('alice').addParticipant({ user: BOB, role: MEMBER, keyPackages: [kps.bob1!.keyPackage, kps.bob2!.keyPackage] });
    for (const n of ['bob1', 'bob2']) m.set(n, await joinRoom({ welcome: r.welcome!, keyPackage: kps[n]!, authService: auth }));
    expect(get('bob2').clients()).toEqual([A1, B1, B2]);
    agree();
  });

  it('two KeyPackages of one client URI in one commit: the committer refuses, and a forged commit is refused by the hub and every member', async () => {
    const [c1, c1again] = [await kp(C1), await kp(C1)];
    const e = await denied(get('alice').addParticipant({ user: CATHY, role: MEMBER, keyPackages: [c1!.keyPackage, c1again!.keyPackage] }));
    expect(clientDenials(e.denials)).toEqual([`adds[1]: ${C1} would hold 2 leaves (adds[0], adds[1]): a client URI is one member of the room`]);
    agree();

    const a = await raw('alice');
    const forged = await commit(a, {
      proposals: [
        { type: 'group_context_extensions', extensions: withRoomState(groupContextExtensions(a), addCathyState()) },
        { type: 'add', keyPackage: c1!.keyPackage },
        { type: 'add', keyPackage: c1again!.keyPackage },
      ],
    });
    const atHub = hubCheckCommit(forged.commit, get('alice').roomState(), await hubMembers());
    expect(clientDenials(atHub.denials)).toEqual(clientDenials(e.denials));
    await refusedByAll(forged.commit, atHub);
  });

  it('adding a client URI that is already a member (since an earlier epoch) is refused; replacing its leaf in one commit is not', async () => {
    const b2again = await kp(B2);
    const e = await denied(get('bob1').addOwnClients([b2again.keyPackage]));
    expect(clientDenials(e.denials)).toEqual([`adds[0]: ${B2} would hold 2 leaves (leaf 2, adds[0]): a client URI is one member of the room`]);
    // Alice may add Bob's clients as little as Bob may add them twice.
    const forged = await commit(await raw('bob1'), { proposals: [{ type: 'add', keyPackage: b2again.keyPackage }] });
    const atHub = hubCheckCommit(forged.commit, get('alice').roomState(), await hubMembers());
    expect(clientDenials(atHub.denials)).toEqual(clientDenials(e.denials));
    await refusedByAll(forged.commit, atHub, ['bob1']);
    // A client that lost its state rejoins with a fresh KeyPackage: its old leaf goes in the same commit.
    const rejoin = await commit(await raw('bob1'), {
      proposals: [
        { type: 'remove', leafIndex: 2 },
        { type: 'add', keyPackage: b2again.keyPackage },
      ],
    });
    expect(hubCheckCommit(rejoin.commit, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
  });

  it("an Update proposal that gives a leaf another client's URI is refused by the hub, by the committer that would include it, and by every member", async () => {
    const update = await updateWithIdentity(get('bob1').save(), te.encode(B2));
    const reasons = [
      `updates[0]: leaf 1 would change from ${B1} to ${B2}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${B2} as a new client instead`,
      `updates[0]: ${B2} would hold 2 leaves (leaf 1, leaf 2): a client URI is one member of the room`,
    ];
    expect(clientDenials(hubCheckProposals([update], get('alice').roomState(), await hubMembers()).denials)).toEqual(reasons);
    // A URI no leaf holds yet (Bob's next device): a change of client all the same.
    const toB3 = await updateWithIdentity(get('bob1').save(), te.encode(B3));
    expect(clientDenials(hubCheckProposals([toB3], get('alice').roomState(), await hubMembers()).denials)).toEqual([
      `updates[0]: leaf 1 would change from ${B1} to ${B3}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${B3} as a new client instead`,
    ]);

    // A member that receives it keeps it (proposals are judged when committed) and refuses to commit it.
    const copy = await loadRoomMember(get('alice').save(), { authService: auth });
    expect(await copy.process(update)).toEqual({ kind: 'proposal' });
    expect(clientDenials((await denied(copy.commitPending())).denials)).toEqual(reasons);

    // A member without the check commits it anyway: the hub and every other member refuse the commit.
    const kept = await process(await raw('alice'), update);
    const forged = await commit(kept.group);
    const atHub = hubCheckCommit(forged.commit, get('alice').roomState(), await hubMembers(), { messages: [update], cipherSuite: suite.name });
    expect(clientDenials(atHub.denials)).toEqual(reasons);
    for (const n of ['bob1', 'bob2']) {
      const other = await loadRoomMember(get(n).save(), { authService: auth });
      expect(await other.process(update)).toEqual({ kind: 'proposal' });
      const before = other.epoch();
      expect(clientDenials((await denied(other.process(forged.commit))).denials)).toEqual(reasons);
      expect(other.epoch()).toBe(before);
    }
  });

  it("a commit whose UpdatePath gives the committer's leaf another client's URI is refused by the hub and every member", async () => {
    const forged = await pathWithIdentity(get('bob1').save(), te.encode(A1));
    const atHub = hubCheckCommit(forged, get('alice').roomState(), await hubMembers());
    expect(clientDenials(atHub.denials)).toEqual([
      `commit.path: leaf 1 would change from ${B1} to ${A1}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${A1} as a new client instead`,
      `commit.path: ${A1} would hold 2 leaves (leaf 0, leaf 1): a client URI is one member of the room`,
    ]);
    await refusedByAll(forged, atHub, ['bob1']);
    // The same path with the committer's own URI is an ordinary commit.
    const honest = await pathWithIdentity(get('bob1').save(), te.encode(B1));
    expect(hubCheckCommit(honest, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
  });

  it('a PrivateMessage commit is refused: its UpdatePath cannot be checked before it is applied', async () => {
    const forged = await commit(await raw('bob1'), { handshake: 'private' });
    for (const n of ['alice', 'bob2']) {
      const e = await denied(get(n).process(forged.commit));
      expect(e.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['client @ commit.path']);
    }
    agree();
  });

  it('joinRoom refuses a room whose tree already gives one client URI two leaves', async () => {
    const mallory = await createRoom({
      roomUri: 'mimi://a.example/r/trap',
      creator: { user: ALICE, client: A1, cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
    });
    const [c1, c1again] = [await kp(C1), await kp(C1)];
    const r = await importState(mallory.save(), { authService: unsafeAcceptAnyCredential });
    const s = mallory.roomState();
    const forged = await commit(r, {
      proposals: [
        {
          type: 'group_context_extensions',
          extensions: withRoomState(groupContextExtensions(r), {
            ...s,
            participant_list: { participants: [...s.participant_list.participants, { user: te.encode(CATHY), role_index: MEMBER }] },
          }),
        },
        { type: 'add', keyPackage: c1!.keyPackage },
        { type: 'add', keyPackage: c1again!.keyPackage },
      ],
      ratchetTreeExtension: true,
    });
    const e = await joinRoom({ welcome: forged.welcome!, keyPackage: c1!, authService: auth }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RoomError);
    expect((e as RoomError).code).toBe('not-a-room');
    expect((e as RoomError).message).toBe(`${C1} holds 2 leaves (1, 2) of the group: a client URI is one member of a room`);
  });
});

describe('rooms: a byte order mark before a canonical URI is not that URI', () => {
  let suite: CipherSuite;
  let alice: RoomMember;
  let bob: RoomMember;

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    alice = await createRoom({
      roomUri: 'mimi://a.example/r/bom',
      creator: { user: ALICE, client: A1, cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
    });
    const b1 = await roomKeyPackage({ client: B1, cipherSuite: suite });
    const r = await alice.addParticipant({ user: BOB, role: MEMBER, keyPackages: [b1.keyPackage] });
    bob = await joinRoom({ welcome: r.welcome!, keyPackage: b1, authService: auth });
  });

  /**
   * Alice, with the raw adapter, commits Cathy (as `user`) and `keyPackage`. Returns the hub's
   * denials and what Bob's process() threw (his epoch unchanged).
   */
  const forgeAdd = async (user: Uint8Array, keyPackage: Uint8Array) => {
    const a = await importState(alice.save(), { authService: unsafeAcceptAnyCredential });
    const s = alice.roomState();
    const after: FullRoomState = { ...s, participant_list: { participants: [...s.participant_list.participants, { user, role_index: MEMBER }] } };
    const forged = await commit(a, {
      proposals: [
        { type: 'group_context_extensions', extensions: withRoomState(groupContextExtensions(a), after) },
        { type: 'add', keyPackage },
      ],
    });
    const atHub = hubCheckCommit(forged.commit, alice.roomState(), members(a)).denials.map((d) => `${d.missing} @ ${d.at}: ${d.reason}`);
    const epoch = bob.epoch();
    const atBob = await bob.process(forged.commit).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(bob.epoch()).toBe(epoch);
    return { atHub, atBob };
  };

  it('a client credential of BOM + a canonical client URI: the Room API refuses the KeyPackage, members and the hub refuse the commit', async () => {
    const ad = leafAdvertisement();
    const bomKp = await generateKeyPackage({
      cipherSuite: suite,
      identity: withBom(C1),
      capabilities: ad.capabilities,
      leafNodeExtensions: ad.leafNodeExtensions,
    });
    await expect(alice.addParticipant({ user: CATHY, role: MEMBER, keyPackages: [bomKp.keyPackage] })).rejects.toThrow(RoomError);
    const { atHub, atBob } = await forgeAdd(te.encode(CATHY), bomKp.keyPackage);
    expect(atHub).toEqual([expect.stringMatching(/^client @ adds\[0\]: bad-uri at byte 0 of the credential identity: not-mimi-scheme/)]);
    // Bob's authentication service (mimiAuthService reads the credential the same way) refuses the
    // KeyPackage before his room check sees the commit.
    expect(atBob).toBeInstanceOf(MlsError);
    expect((atBob as MlsError).message).toMatch(/Could not validate credential/);
    expect(bob.clients()).toEqual([A1, B1]);
  });

  it('a participant of BOM + a canonical user URI is not that user: refused, and its client does not belong to it', async () => {
    const c1 = await roomKeyPackage({ client: C1, cipherSuite: suite });
    const { atHub, atBob } = await forgeAdd(withBom(CATHY), c1.keyPackage);
    expect(atBob).toBeInstanceOf(RoomDeniedError);
    expect((atBob as RoomDeniedError).denials.map((d) => `${d.missing} @ ${d.at}: ${d.reason}`)).toEqual(atHub);
    expect(atHub).toEqual([
      expect.stringMatching(
        /^room_state @ participant_list\.addedParticipants\[0\]: the user "\uFEFFmimi:\/\/c\.example\/u\/cathy" is not a MIMI user URI: not-mimi-scheme/,
      ),
      `client @ adds[0]: ${C1} belongs to ${CATHY}, who is not a participant after this commit`,
    ]);
    expect(bob.participants().map((p) => p.user)).toEqual([ALICE, BOB]);
  });
});
