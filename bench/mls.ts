/**
 * `npm run bench -- mls`: what the MLS profile's Room API costs on top of ts-mls 1.6.4, in one process,
 * suite 1 (MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519), at group sizes N = 2, 16 and 128.
 *
 * Baseline: raw ts-mls doing the same MLS operations on a group of the same shape, bytes in and
 * bytes out (the profile takes and returns wire bytes, so the raw side decodes its inputs and
 * encodes its outputs with ts-mls's own MLSMessage codec, and erases `consumed` as the adapter does).
 *
 * Setup (untimed), per N: Alice creates the room (createRoom); one adapter commit adds the other
 * N−1 users (one client each, KeyPackages from roomKeyPackage) together with a
 * GroupContextExtensions proposal carrying the room state listing all N participants; Bob (the
 * first added) joins with joinRoom. Building the room by N−1 addParticipant commits would give the
 * profile's tree a different shape (filled parent nodes) from the raw group's, and with it different
 * UpdatePath costs; one batch commit gives both sides the same tree. The raw group is built the same
 * way with createGroup + one createCommit (the same Adds, using the very same KeyPackages, and a
 * GroupContextExtensions with the same extension bytes) + joinGroup. Both commits use the
 * ratchet_tree extension in the Welcome and PublicMessage framing, as the profile does.
 *
 * Operations, each timed on both sides:
 *  1. add: Alice commits the addition of one new user with one KeyPackage. Profile:
 *     `member.addParticipant` (decodes and checks the KeyPackage's credential, computes the new room
 *     state, checks the commit against the room policy, commits, encodes commit and Welcome). Raw:
 *     decodeMlsMessage of the KeyPackage + `createCommit` with the same proposals the profile sends
 *     — an Add and a GroupContextExtensions whose app_data_dictionary is byte-for-byte the profile's
 *     (on ts-mls 1.6.4 every room-state change is a GroupContextExtensions carrying the whole
 *     dictionary, and the GCE is what forces the UpdatePath, the bulk of the cost) — as a
 *     PublicMessage with the ratchet tree in the Welcome, then encodeMlsMessage of both.
 *  2. process: Bob processes that commit. Profile: `member.process(bytes)` (decodes the room state,
 *     lists the members, runs the policy check in ts-mls's callback, checks credentials through the
 *     identity module's AuthService with acceptUnverified). Raw: decodeMlsMessage +
 *     `processPublicMessage` (the profile sends handshakes as PublicMessage) with acceptAll and
 *     ts-mls's default accept-all authentication service.
 *  3. message: a 1 KiB application message round trip. Profile: Alice `sendMessage` + Bob
 *     `process`. Raw: `createApplicationMessage` + encodeMlsMessage + decodeMlsMessage +
 *     `processPrivateMessage`.
 *  4. hub-check: the hub's check of the GroupInfo and ratchet tree that come with op 1's commit
 *     (N+1 members), read-only, on the same bytes for both sides. Profile: `hubCheckGroupInfo` with
 *     the previous GroupInfo and the commit (screens the bytes with the generated codecs, GroupInfo
 *     signature, tree hash, ts-mls's validateRatchetTree with the identity AuthService, epoch,
 *     confirmation tag, transcript hash). Raw: ts-mls decodes + verifyGroupInfoSignature +
 *     validateRatchetTree (accept-all credentials) + the interim and confirmed transcript hashes.
 *
 * Method: ops 1 and 2 mutate the state, so every repetition starts from a fresh copy of the
 * post-setup state, made untimed on both sides by the same codec (profile: save()/loadRoomMember,
 * i.e. ts-mls's encodeGroupState/decodeGroupState under the adapter's blob; raw:
 * encodeGroupState/decodeGroupState). Op 2 processes the commit op 1 produced on its side. Op 3
 * advances both groups message by message (no copies). Within a repetition the two sides run back
 * to back, in an order that alternates from repetition to repetition; a few untimed warm-up
 * repetitions come first. Reported: median ms per side, and overhead = median over repetitions of
 * the per-repetition profile/raw ratio, minus 1 (pairs ran back to back, so load drift cancels).
 *
 * Prints; writes no files. Not a test: nothing here asserts anything.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  acceptAll,
  createApplicationMessage,
  createCommit,
  createGroup,
  decodeGroupState,
  decodeMlsMessage,
  emptyPskIndex,
  encodeGroupState,
  encodeMlsMessage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  processPrivateMessage,
  processPublicMessage,
  zeroOutUint8Array,
  type CiphersuiteImpl,
  type ClientState,
  type Extension,
  type KeyPackage,
  type PrivateKeyPackage,
  type Proposal,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { validateRatchetTree } from 'ts-mls/clientState.js';
import { verifyGroupInfoSignature } from 'ts-mls/groupInfo.js';
import { decodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { createConfirmedHash, createInterimHash } from 'ts-mls/transcriptHash.js';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import {
  cipherSuite,
  commit,
  exportState,
  groupContextExtensions,
  importState,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
  type MlsExtension,
} from '@mimikit/mls-profile/mls';
import { applyParticipantListUpdate } from '@mimikit/mls-profile/room';
import { CAPABILITIES, type CapabilityName } from '@mimikit/mls-profile/policy';
import {
  createRoom,
  hubCheckGroupInfo,
  joinRoom,
  loadRoomMember,
  roomKeyPackage,
  roomStateOf,
  withRoomState,
  type RoomMember,
} from '@mimikit/mls-profile/rooms';
// @internal in the adapter: the ts-mls key packages inside a bundle, so the raw group adds the very same ones.
import { openKeyPackageBundle } from '../packages/mls-profile/src/mls/key-package.ts';
import { median } from './measure.ts';

export interface MlsBenchOptions {
  /** Group sizes. */
  sizes?: readonly number[];
  /** Timed repetitions of the add and process operations, per size (default 150 / 40 / 9 for 2 / 16 / 128, else 7). */
  commitReps?: number;
  /** Timed 1 KiB message round trips per size. */
  messageReps?: number;
  /** Untimed warm-up repetitions per operation and size. */
  warmup?: number;
}

export type MlsOp = 'add' | 'process' | 'message' | 'hub-check';

export interface MlsBenchRow {
  n: number;
  op: MlsOp;
  reps: number;
  /** Median ms per operation. */
  profileMs: number;
  rawMs: number;
  /** Median over repetitions of profile/raw, minus 1 (0.05 = the profile takes 5% longer). */
  overhead: number;
  /** Wire size of what the operation sends (commit, or application message; for hub-check the GroupInfo + tree), per side. */
  profileBytes: number;
  rawBytes: number;
}

export interface MlsBenchResult {
  node: string;
  tsMls: string;
  cipherSuite: string;
  method: { warmup: number; unit: 'ms'; messageBytes: number };
  /** Setup (both groups, untimed in the rows) per size, ms. */
  setupMs: Record<string, number>;
  rows: MlsBenchRow[];
  /** The largest overhead over the Room API rows (all but hub-check), and whether every one meets the goal (< 10%). */
  maxOverhead: number;
  goalMet: boolean;
  totalMs: number;
}

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';
const MESSAGE_BYTES = 1024;
const GOAL = 0.1;
const te = new TextEncoder();

const ROOM = 'mimi://a.example/r/bench';
const user = (i: number) => `mimi://a.example/u/user${i}`;
const client = (i: number) => `mimi://a.example/d/user${i}/c${i}`;
const auth = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });

function role(role_index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>): Role {
  return {
    role_index,
    role_name: te.encode(name),
    role_description: new Uint8Array(),
    role_capabilities: caps.map((c) => CAPABILITIES[c]),
    minimum_participants_constraint: 0,
    maximum_participants_constraint: null,
    minimum_active_participants_constraint: 0,
    maximum_active_participants_constraint: null,
    authorized_role_changes: changes.map(([from_role_index, target_role_indexes]) => ({ from_role_index, target_role_indexes })),
  };
}
const PARTICIPANT = 1;
const ADMIN = 2;
const ROLES: RoleData = {
  roles: [
    role(PARTICIPANT, 'participant', ['canSendMessage', 'canRemoveSelf'], [[PARTICIPANT, [0]]]),
    role(
      ADMIN,
      'admin',
      ['canSendMessage', 'canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole'],
      [
        [0, [PARTICIPANT]],
        [PARTICIPANT, [0]],
      ],
    ),
  ],
};

/** The adapter's numeric extensions as ts-mls 1.6.4 wants them (the adapter's toBackendExtension). */
function rawExtension(e: MlsExtension): Extension {
  return { extensionType: e.extensionType === 3 ? 'required_capabilities' : e.extensionType, extensionData: e.extensionData } as Extension;
}
const gce = (extensions: readonly MlsExtension[]): Proposal => ({
  proposalType: 'group_context_extensions',
  groupContextExtensions: { extensions: extensions.map(rawExtension) },
});
const add = (keyPackage: KeyPackage): Proposal => ({ proposalType: 'add', add: { keyPackage } });

function rawLoad(saved: Uint8Array): ClientState {
  // A copy: the decoded state's secrets are views into the bytes, and erasing `consumed` would erase them in `saved` too.
  const d = decodeGroupState(saved.slice(), 0);
  if (!d) throw new Error('raw state does not decode');
  return { ...d[0], clientConfig: defaultClientConfig };
}

function mustDecode(bytes: Uint8Array) {
  const d = decodeMlsMessage(bytes, 0);
  if (!d) throw new Error('not an MLSMessage');
  return d[0];
}

interface Setup {
  aliceSaved: Uint8Array;
  bobSaved: Uint8Array;
  rawAliceSaved: Uint8Array;
  rawBobSaved: Uint8Array;
  /** The KeyPackage added in op 1 (MLSMessage bytes), and the GroupContext extensions the profile sends with it. */
  newKeyPackage: Uint8Array;
  newUser: string;
  nextExtensions: MlsExtension[];
}

async function setup(n: number, suite: CipherSuite, impl: CiphersuiteImpl): Promise<Setup> {
  const aliceKp = await roomKeyPackage({ client: client(0), cipherSuite: suite });
  const others: KeyPackageBundle[] = [];
  for (let i = 1; i < n; i++) others.push(await roomKeyPackage({ client: client(i), cipherSuite: suite }));
  const newKeyPackage = (await roomKeyPackage({ client: client(n), cipherSuite: suite })).keyPackage;

  // Profile: createRoom, then one adapter commit adding everyone (see the header for why not N−1 addParticipant calls).
  const alice0 = await createRoom({
    roomUri: ROOM,
    creator: { user: user(0), client: client(0), cipherSuite: suite },
    roles: ROLES,
    creatorRole: ADMIN,
    authService: auth,
  });
  const g0 = await importState(alice0.save(), { authService: unsafeAcceptAnyCredential });
  const initialExtensions = groupContextExtensions(g0);
  const state0 = roomStateOf(initialExtensions);
  const fullState = {
    ...state0,
    participant_list: applyParticipantListUpdate(state0.participant_list, {
      changedRoleParticipants: [],
      removedIndices: [],
      addedParticipants: others.map((_, i) => ({ user: te.encode(user(i + 1)), role_index: PARTICIPANT })),
    }),
  };
  const setupExtensions = withRoomState(initialExtensions, fullState);
  const c = await commit(g0, {
    proposals: [{ type: 'group_context_extensions', extensions: setupExtensions }, ...others.map((k) => ({ type: 'add' as const, keyPackage: k.keyPackage }))],
    ratchetTreeExtension: true,
  });
  const first = others[0];
  if (!c.welcome || !first) throw new Error('setup commit made no Welcome');
  const aliceSaved = exportState(c.group);
  const bob = await joinRoom({ welcome: c.welcome, keyPackage: first, authService: auth });
  const bobSaved = bob.save();

  // What addParticipant will put into its GroupContextExtensions: the same bytes go into the raw commit.
  const nextExtensions = withRoomState(setupExtensions, {
    ...fullState,
    participant_list: applyParticipantListUpdate(fullState.participant_list, {
      changedRoleParticipants: [],
      removedIndices: [],
      addedParticipants: [{ user: te.encode(user(n)), role_index: PARTICIPANT }],
    }),
  });

  // Raw: the same group built with ts-mls alone, from the same KeyPackages.
  const a = openKeyPackageBundle(aliceKp);
  const opened = others.map(openKeyPackageBundle);
  const raw0 = await createGroup(te.encode('mimi://a.example/g/bench'), a.publicPackage, a.privatePackage, initialExtensions.map(rawExtension), impl);
  const rc = await createCommit(
    { state: raw0, cipherSuite: impl },
    { extraProposals: [gce(setupExtensions), ...opened.map((k) => add(k.publicPackage))], ratchetTreeExtension: true, wireAsPublicMessage: true },
  );
  const rawBobKp = opened[0];
  if (!rc.welcome || !rawBobKp) throw new Error('raw setup commit made no Welcome');
  const rawBob = await joinGroup(rc.welcome, rawBobKp.publicPackage, rawBobKp.privatePackage as PrivateKeyPackage, emptyPskIndex, impl);
  return {
    aliceSaved,
    bobSaved,
    rawAliceSaved: encodeGroupState(rc.newState),
    rawBobSaved: encodeGroupState(rawBob),
    newKeyPackage,
    newUser: user(n),
    nextExtensions,
  };
}

/** One measured pair: runs `prep` for both sides untimed, then the two timed bodies back to back, order alternating. */
async function pairs<P, R>(
  reps: number,
  warmup: number,
  profile: { prep: () => Promise<P>; run: (p: P) => Promise<Uint8Array> },
  raw: { prep: () => Promise<R> | R; run: (r: R) => Promise<Uint8Array> },
): Promise<{ profileMs: number[]; rawMs: number[]; profileOut: Uint8Array; rawOut: Uint8Array }> {
  const profileMs: number[] = [];
  const rawMs: number[] = [];
  let profileOut: Uint8Array = new Uint8Array();
  let rawOut: Uint8Array = new Uint8Array();
  for (let i = 0; i < warmup + reps; i++) {
    const p = await profile.prep();
    const r = await raw.prep();
    let tp = 0;
    let tr = 0;
    const doProfile = async () => {
      const t0 = performance.now();
      profileOut = await profile.run(p);
      tp = performance.now() - t0;
    };
    const doRaw = async () => {
      const t0 = performance.now();
      rawOut = await raw.run(r);
      tr = performance.now() - t0;
    };
    if (i % 2 === 0) {
      await doProfile();
      await doRaw();
    } else {
      await doRaw();
      await doProfile();
    }
    if (i >= warmup) {
      profileMs.push(tp);
      rawMs.push(tr);
    }
  }
  return { profileMs, rawMs, profileOut, rawOut };
}

function row(n: number, op: MlsOp, m: { profileMs: number[]; rawMs: number[]; profileOut: Uint8Array; rawOut: Uint8Array }): MlsBenchRow {
  return {
    n,
    op,
    reps: m.profileMs.length,
    profileMs: median(m.profileMs),
    rawMs: median(m.rawMs),
    overhead: median(m.profileMs.map((x, i) => x / m.rawMs[i]!)) - 1,
    profileBytes: m.profileOut.length,
    rawBytes: m.rawOut.length,
  };
}

// Enough repetitions that the median of paired ratios is stable to a few percent (15 at N=16 swung by ±6 points between runs;
// 60 at N=2, where one repetition is ~50 ms, still swung by ±3 points, so N=2 takes 150).
const DEFAULT_COMMIT_REPS: Record<number, number> = { 2: 150, 16: 40, 128: 9 };

export async function runMlsBench(o: MlsBenchOptions = {}): Promise<MlsBenchResult> {
  const t0 = performance.now();
  const sizes = o.sizes ?? [2, 16, 128];
  const warmup = o.warmup ?? 2;
  const messageReps = o.messageReps ?? 200;
  const suite = await cipherSuite(SUITE);
  const impl = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
  const data = new Uint8Array(MESSAGE_BYTES).map((_, i) => (i * 131 + 7) & 0xff);
  const rows: MlsBenchRow[] = [];
  const setupMs: Record<string, number> = {};

  for (const n of sizes) {
    const ts = performance.now();
    const s = await setup(n, suite, impl);
    setupMs[String(n)] = performance.now() - ts;
    const commitReps = o.commitReps ?? DEFAULT_COMMIT_REPS[n] ?? 7;
    const load = (saved: Uint8Array): Promise<RoomMember> => loadRoomMember(saved.slice(), { authService: auth }); // a copy: see rawLoad

    // 1. add-member commit, from a fresh copy of Alice's state each time.
    const adds = await pairs(
      commitReps,
      warmup,
      {
        prep: () => load(s.aliceSaved),
        run: async (alice) => (await alice.addParticipant({ user: s.newUser, role: PARTICIPANT, keyPackages: [s.newKeyPackage] })).commit,
      },
      {
        prep: () => rawLoad(s.rawAliceSaved),
        run: async (state) => {
          const kp = mustDecode(s.newKeyPackage);
          if (kp.wireformat !== 'mls_key_package') throw new Error('not a KeyPackage');
          const r = await createCommit(
            { state, cipherSuite: impl },
            { extraProposals: [gce(s.nextExtensions), add(kp.keyPackage)], ratchetTreeExtension: true, wireAsPublicMessage: true },
          );
          r.consumed.forEach(zeroOutUint8Array);
          if (r.welcome) encodeMlsMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: r.welcome });
          return encodeMlsMessage(r.commit);
        },
      },
    );
    rows.push(row(n, 'add', adds));

    // 2. Bob processes that commit, from a fresh copy of Bob's state each time.
    const profileCommit = adds.profileOut;
    const rawCommit = adds.rawOut;
    rows.push(
      row(
        n,
        'process',
        await pairs(
          commitReps,
          warmup,
          {
            prep: () => load(s.bobSaved),
            run: async (bob) => {
              const r = await bob.process(profileCommit);
              if (r.kind !== 'commit') throw new Error(`profile: expected a commit, got ${r.kind}`);
              return profileCommit;
            },
          },
          {
            prep: () => rawLoad(s.rawBobSaved),
            run: async (state) => {
              const m = mustDecode(rawCommit);
              if (m.wireformat !== 'mls_public_message') throw new Error(`raw: expected a PublicMessage, got ${m.wireformat}`);
              const r = await processPublicMessage(state, m.publicMessage, emptyPskIndex, impl, acceptAll);
              r.consumed.forEach(zeroOutUint8Array);
              if (r.actionTaken !== 'accept') throw new Error('raw: commit not accepted');
              return rawCommit;
            },
          },
        ),
      ),
    );

    // 4. The hub's check of the GroupInfo and tree after op 1's commit (made once, untimed).
    const committer = await load(s.aliceSaved);
    const previous = {
      groupInfo: await committer.groupInfo(),
      commit: (await committer.addParticipant({ user: s.newUser, role: PARTICIPANT, keyPackages: [s.newKeyPackage] })).commit,
    };
    const nextInfo = await committer.groupInfo();
    const nextTree = committer.ratchetTree();
    const checked = new Uint8Array(nextInfo.length + nextTree.length);
    rows.push(
      row(
        n,
        'hub-check',
        await pairs(
          commitReps,
          warmup,
          {
            prep: async () => undefined,
            run: async () => {
              await hubCheckGroupInfo(nextInfo, nextTree, { authService: auth, previous });
              return checked;
            },
          },
          { prep: () => undefined, run: () => rawHubCheck(impl, nextInfo, nextTree, previous).then(() => checked) },
        ),
      ),
    );

    // 3. 1 KiB application message round trips, advancing both groups.
    const alice = await load(s.aliceSaved);
    const bob = await load(s.bobSaved);
    let rawAlice = rawLoad(s.rawAliceSaved);
    let rawBob = rawLoad(s.rawBobSaved);
    rows.push(
      row(
        n,
        'message',
        await pairs(
          messageReps,
          warmup * 5,
          {
            prep: async () => undefined,
            run: async () => {
              const bytes = await alice.sendMessage(data);
              const r = await bob.process(bytes);
              if (r.kind !== 'application' || r.data.length !== MESSAGE_BYTES) throw new Error('profile: message lost');
              return bytes;
            },
          },
          {
            prep: () => undefined,
            run: async () => {
              const sent = await createApplicationMessage(rawAlice, data, impl);
              sent.consumed.forEach(zeroOutUint8Array);
              rawAlice = sent.newState;
              const bytes = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_private_message', privateMessage: sent.privateMessage });
              const m = mustDecode(bytes);
              if (m.wireformat !== 'mls_private_message') throw new Error('raw: not a PrivateMessage');
              const r = await processPrivateMessage(rawBob, m.privateMessage, emptyPskIndex, impl);
              r.consumed.forEach(zeroOutUint8Array);
              rawBob = r.newState;
              if (r.kind !== 'applicationMessage' || r.message.length !== MESSAGE_BYTES) throw new Error('raw: message lost');
              return bytes;
            },
          },
        ),
      ),
    );
  }

  // The goal is the Room API's cost over ts-mls doing the same MLS operation; hub-check does more than
  // its baseline (codec screening, the AuthService, a separate tree hash to name the failed check), so
  // it is reported, not counted.
  const maxOverhead = Math.max(...rows.filter((r) => r.op !== 'hub-check').map((r) => r.overhead));
  let tsMls = 'unknown';
  try {
    tsMls = (JSON.parse(readFileSync(new URL('../node_modules/ts-mls/package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    // version stays unknown
  }
  return {
    node: process.versions.node,
    tsMls,
    cipherSuite: SUITE,
    method: { warmup, unit: 'ms', messageBytes: MESSAGE_BYTES },
    setupMs,
    rows,
    maxOverhead,
    goalMet: maxOverhead < GOAL,
    totalMs: performance.now() - t0,
  };
}

/** Op 4's baseline: the same checks with ts-mls alone (see the header). */
async function rawHubCheck(
  impl: CiphersuiteImpl,
  groupInfo: Uint8Array,
  tree: Uint8Array,
  previous: { groupInfo: Uint8Array; commit: Uint8Array },
): Promise<void> {
  const gi = mustDecode(groupInfo);
  const before = mustDecode(previous.groupInfo);
  const commit = mustDecode(previous.commit);
  const decoded = decodeRatchetTree(tree, 0);
  if (gi.wireformat !== 'mls_group_info' || before.wireformat !== 'mls_group_info' || commit.wireformat !== 'mls_public_message' || !decoded)
    throw new Error('raw: unexpected input');
  const [ratchetTree] = decoded;
  const signer = ratchetTree[gi.groupInfo.signer * 2];
  if (signer?.nodeType !== 'leaf' || !(await verifyGroupInfoSignature(gi.groupInfo, signer.leaf.signaturePublicKey, impl.signature)))
    throw new Error('raw: GroupInfo signature');
  const gc = gi.groupInfo.groupContext;
  const invalid = await validateRatchetTree(ratchetTree, gc, defaultClientConfig.lifetimeConfig, defaultClientConfig.authService, gc.treeHash, impl);
  if (invalid) throw invalid;
  const { content, auth } = commit.publicMessage;
  if (auth.contentType !== 'commit' || content.contentType !== 'commit') throw new Error('raw: not a commit');
  const interim = await createInterimHash(before.groupInfo.groupContext.confirmedTranscriptHash, before.groupInfo.confirmationTag, impl.hash);
  await createConfirmedHash(interim, { wireformat: 'mls_public_message', content, signature: auth.signature }, impl.hash);
}

const OP_LABEL: Record<MlsOp, string> = {
  add: 'add-member commit (create)',
  process: 'commit processing',
  message: '1 KiB message round trip',
  'hub-check': 'hub GroupInfo + tree check',
};

export function formatMlsBench(r: MlsBenchResult): string {
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  return [
    `MLS profile vs raw ts-mls ${r.tsMls} (Node ${r.node}; ${r.cipherSuite}; medians over reps, each rep profile and raw back to back; overhead = median of per-rep profile/raw − 1)`,
    '',
    '| N | operation | reps | profile ms | ts-mls ms | overhead | profile bytes | ts-mls bytes |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.n} | ${OP_LABEL[x.op]} | ${x.reps} | ${x.profileMs.toFixed(2)} | ${x.rawMs.toFixed(2)} | ${pct(x.overhead)} | ${x.profileBytes} | ${x.rawBytes} |`,
    ),
    '',
    `setup (untimed, both groups): ${Object.entries(r.setupMs)
      .map(([n, ms]) => `N=${n} ${ms.toFixed(0)} ms`)
      .join(', ')}; total ${(r.totalMs / 1000).toFixed(1)} s`,
    `goal: profile overhead < 10% (Room API rows, hub-check not counted; max ${pct(r.maxOverhead)}: ${r.goalMet ? 'met' : 'not met'})`,
    '',
  ].join('\n');
}
