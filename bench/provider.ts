/**
 * `npm run bench -- provider`: sustained end-to-end delivery through three federating providers,
 * against a bare fastify HTTPS POST rate measured in the same run.
 *
 * Setup: a.example (the hub), b.example and c.example (followers) on loopback, in this process,
 * over HTTPS with mutual TLS, each with its SQLite store in its durable mode (WAL, synchronous =
 * FULL, test/support/providers.ts). Alice (a.example) creates a room with real MLS clients, adds
 * Bob (b.example) and Cathy (c.example) with commits and Welcomes that travel the federation; Bob
 * and Cathy join from their inboxes.
 *
 * Timed: `messages` real MLS application messages (PrivateMessages of `payloadBytes` plaintext),
 * encrypted beforehand by their senders (ts-mls encryption is measured on its own and reported,
 * not timed in the pipeline), are submitted by `inFlight` concurrent submitters through
 * LocalClients.submitMessage of the sender's provider (Alice's go straight to her hub, Bob's and
 * Cathy's over mutual TLS to a.example), accepted by the hub (acceptAtEpoch), fanned out by the
 * delivery worker (/notify to b.example and c.example, local apply at a.example) and read by each
 * client's long-poll loop (inbox, acknowledge). msgs/s counts a message once it is in the inbox
 * of all three clients; latency runs from the submit call's start to the item's arrival in a
 * client's long-poll answer. Every message must arrive exactly once in every inbox, else the suite
 * fails.
 *
 * Baseline: a fastify HTTPS route answering 201 to 1 KiB POST bodies, driven by an undici Agent
 * with 16 keep-alive connections and 16 requests in flight, in this process.
 *
 * Where the time goes: per-stage latencies from timestamps taken at the store calls (acceptAtEpoch
 * at the hub, applyInbound or applyInboundBatch at each provider); the main thread's event-loop
 * utilization and the process's CPU time (all threads) per message; and a CPU profile of the main
 * thread over the timed run (node:inspector) summed by self time per area (SQLite and its fsyncs,
 * TLS, HTTP server and client, codecs, idle).
 *
 * Prints; writes nothing but temporary store files, removed at the end. Nothing is asserted except
 * that no message was lost or duplicated.
 */
import { createHash } from 'node:crypto';
import { Session } from 'node:inspector/promises';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance } from 'fastify';
import { Agent, request } from 'undici';
import { encodeUtf8, toHex } from '@mimikit/bytes';
import { Reader } from '@mimikit/tls';
import { codecs as mls } from '@mimikit/mls';
import { codecs, type SubmitMessageRequest } from '@mimikit/mimi-protocol';
import { cipherSuite, type CipherSuite, type KeyPackageBundle } from '@mimikit/mls-profile/mls';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { commitUpdateRequest, createRoom, joinRoom, roomKeyPackage, submitMessageRequest, type RoomMember } from '@mimikit/mls-profile/rooms';
import type { ProviderStore, RunningProvider } from '@mimikit/provider';
import { mimiServerOptions } from '@mimikit/transport/server';
import { startFederation, type Federation } from '../test/support/providers.ts';
import { ADMIN_ROLE, PARTICIPANT_ROLE, participantAndAdminRoles } from '../test/support/room-roles.ts';
import { fmtOps } from './measure.ts';

export interface ProviderBenchOptions {
  /** Most timed messages (all pre-encrypted before the run), after `warmup` untimed ones. */
  messages?: number;
  /** The timed run starts no message after this many ms (whichever of the two limits comes first). */
  durationMs?: number;
  warmup?: number;
  /** Concurrent submitters. */
  inFlight?: number;
  /** Plaintext bytes per application message. */
  payloadBytes?: number;
  /** Length of the bare POST measurement, ms (after a warm-up of half that). */
  bareMs?: number;
  /** Profile the timed run with the V8 CPU profiler (a few % slower). Default true. */
  profile?: boolean;
}

export interface Quantiles {
  p50: number;
  p99: number;
}

export interface ProviderBenchResult {
  node: string;
  versions: { fastify: string; undici: string; betterSqlite3: string };
  method: {
    messages: number;
    maxMessages: number;
    durationMs: number;
    warmup: number;
    inFlight: number;
    payloadBytes: number;
    messageBytes: number;
    senders: string[];
    bareMs: number;
  };
  /** ts-mls encryption of one message by its sender, µs (done before the timed run). */
  encryptUs: number;
  provider: {
    msgsPerSec: number;
    /** Submit start → in the inbox of each receiving client, ms (all messages × receivers). */
    latencyMs: Quantiles;
    /** Submit start → in the inboxes of all three clients, ms. */
    allReceivedMs: Quantiles;
    wallMs: number;
  };
  bare: { postsPerSec: number; bodyBytes: number; connections: number; inFlight: number };
  ratio: number;
  /** Every message in every inbox exactly once, and in the same order in every inbox (else the run throws before a result exists). */
  delivered: { messages: number; receivers: number; duplicates: number; missing: number; sameOrder: number; decryptedSample: number };
  stages: Array<{ stage: string; p50: number; p99: number; n: number }>;
  /** Synced commits of each provider's store during the timed run (≈: turns with a resolved write). */
  commits: Array<{ provider: string; commits: number; perMessage: number }>;
  /** Over the timed run: the main thread's event-loop utilization (0..1), and the process's CPU time (all threads) per message, µs. */
  load: { mainLoopUtilization: number; cpuUsPerMessage: number; cpuCores: number };
  storeCalls: Array<{ provider: string; call: string; calls: number; meanMs: number; totalMs: number }>;
  /** CPU self time by area over the timed run, ms and share of wall time. */
  cpu: Array<{ area: string; ms: number; share: number }> | null;
  cpuTop: Array<{ fn: string; ms: number }> | null;
  totalMs: number;
}

export const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
export const ROOM = 'mimi://a.example/r/bench';
export const USERS = { alice: 'mimi://a.example/u/alice', bob: 'mimi://b.example/u/bob', cathy: 'mimi://c.example/u/cathy' };
export const BARE_CONNECTIONS = 16;
const WRITES = new Set(['acceptAtEpoch', 'applyInbound', 'applyInboundBatch', 'acknowledgeInbox', 'leaseDestination', 'markDelivered']);
const require = createRequire(import.meta.url);

/** One member of the room: its provider, its client record's token, its MLS state. */
interface Member {
  name: string;
  domain: string;
  client: string;
  token: string;
  room: RoomMember;
}

/** One pre-encrypted message: what its sender submits and the MLSMessage bytes receivers will find. */
interface Outgoing {
  sender: Member;
  bytes: Uint8Array;
  request: SubmitMessageRequest;
  /** Hex SHA-256 of the MLSMessage bytes: how a receiver recognizes the message in a FanoutMessage. */
  key: string;
}

export const hashKey = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * The MLSMessage bytes of a FanoutMessage carrying a PrivateMessage, found by walking its layout
 * (uint64 timestamp; MLSMessage: version mls10 = 1, wire_format mls_private_message = 2, group_id<V>,
 * uint64 epoch, content_type, authenticated_data<V>, encrypted_sender_data<V>, ciphertext<V>; then
 * optional Frank: server_frank[32], uint16 cipher suite, signature<V>) with the strict Reader, no
 * values built. null when the bytes are not exactly that layout: fanoutKey then decodes them.
 */
function privateMessageBytes(body: Uint8Array): Uint8Array | null {
  try {
    const r = new Reader(body);
    r.u64();
    const start = r.p;
    if (r.u16() !== 1 || r.u16() !== 2) return null;
    r.opaqueV();
    r.u64();
    r.u8();
    for (let i = 0; i < 3; i++) r.opaqueV();
    const end = r.p;
    if (r.present()) {
      r.fixed(32);
      r.u16();
      r.opaqueV();
    }
    return r.remaining === 0 ? body.subarray(start, end) : null;
  } catch {
    return null;
  }
}

/**
 * The key of the application message a FanoutMessage carries (null for anything else or undecodable
 * bytes): the hash of its MLSMessage bytes, taken from the layout (decoding and re-encoding every
 * inbox item was harness CPU counted against the provider), or from a full decode when the layout is
 * not the expected one. Both give the same bytes for a well-formed message (the codecs are strict
 * and canonical), so a changed message still matches nothing.
 */
export function fanoutKey(body: Uint8Array): string | null {
  const fast = privateMessageBytes(body);
  if (fast) return hashKey(fast);
  try {
    const f = codecs.FanoutMessage.decode(body, { context: { protocol: 'mls10' } });
    return f.message?.wire_format === 'mls_private_message' ? hashKey(mls.MLSMessage.encode(f.message)) : null;
  } catch {
    return null;
  }
}

export function quantiles(xs: number[]): Quantiles {
  if (xs.length === 0) return { p50: Number.NaN, p99: Number.NaN };
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/**
 * Runs op(0), op(1)… with `inFlight` concurrent workers, starting no operation at or after `total`
 * or after `deadline` (performance.now()); returns how many were started (all of them finish).
 */
export async function pool(total: number, inFlight: number, deadline: number, op: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < total && performance.now() < deadline) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return next;
}

async function drainAll(f: Federation, m: { domain: string; token: string }, wait: number): Promise<Uint8Array[]> {
  const p = f.at(m.domain).clients;
  const rec = await p.authenticate(m.token);
  const items = await p.inbox(rec, 0n, wait);
  if (items.length > 0) await p.acknowledge(rec, items[items.length - 1]!.seq);
  return items.map((i) => i.body);
}

/** What the steps both provider benches share need of a room member. */
interface Sender {
  name: string;
  client: string;
  room: RoomMember;
}

/** Encrypts `total` application messages of `payloadBytes` (MLSMessage bytes): senders round-robin, distinct plaintexts; and the µs each took. */
export async function preEncrypt<M extends Sender>(
  members: readonly M[],
  total: number,
  payloadBytes: number,
): Promise<{ messages: Array<{ sender: M; bytes: Uint8Array; key: string }>; encryptUs: number }> {
  const messages: Array<{ sender: M; bytes: Uint8Array; key: string }> = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const sender = members[i % members.length]!;
    const plain = new Uint8Array(payloadBytes).fill(0x61);
    plain.set(encodeUtf8(`#${i} from ${sender.name}`));
    const bytes = await sender.room.sendMessage(plain);
    messages.push({ sender, bytes, key: hashKey(bytes) });
  }
  if (new Set(messages.map((m) => m.key)).size !== total) throw new Error('two pre-encrypted messages have the same bytes');
  return { messages, encryptUs: ((performance.now() - t0) * 1000) / total };
}

/** Throws unless each of the first `end` messages is in each client's inbox exactly once (`counts`: copies per message, one array per client) and nothing else arrived. */
export function checkExactlyOnce(counts: Iterable<Uint16Array>, end: number, unknown: readonly string[]): { missing: number; duplicates: number } {
  let duplicates = 0;
  let missing = 0;
  for (const perMessage of counts) {
    for (const c of perMessage.subarray(0, end)) {
      if (c === 0) missing++;
      if (c > 1) duplicates += c - 1;
    }
  }
  if (missing > 0 || duplicates > 0 || unknown.length > 0)
    throw new Error(`delivery broke its promise: ${missing} missing, ${duplicates} duplicated, ${unknown.length} unknown (${unknown.slice(0, 3).join('; ')})`);
  return { missing, duplicates };
}

/**
 * Throws unless every client's inbox gave the room's messages in one and the same order: the hub's
 * order (one room: its accepted messages go to every destination and inbox in acceptance order,
 * whichever hub node accepted or delivered them). Returns how many messages were compared.
 */
export function checkSameOrder(order: ReadonlyMap<string, readonly number[]>): number {
  const [first, ...others] = [...order];
  if (!first) return 0;
  for (const [client, seq] of others) {
    const k = seq.findIndex((m, j) => m !== first[1][j]);
    if (k >= 0 || seq.length !== first[1].length)
      throw new Error(
        `ordering broke: ${client}'s inbox and ${first[0]}'s differ at position ${k >= 0 ? k : Math.min(seq.length, first[1].length)} (message ${seq[k] ?? '–'} against ${first[1][k] ?? '–'})`,
      );
  }
  return first[1].length;
}

/** The readers' record of which client saw which pre-encrypted message, and when (both provider benches). */
export interface Arrivals {
  /** Per client: when each message first reached its long-poll answer (0: not yet). */
  seenAt: Map<string, Float64Array>;
  /** Per client: how often each message arrived (exactly once is the promise). */
  seenCount: Map<string, Uint16Array>;
  /** How many clients have each message; when the last one got it. */
  seenByAll: Uint8Array;
  allReceivedAt: Float64Array;
  /** Per client: the messages in the order its inbox gave them (first copies). */
  order: Map<string, number[]>;
  /** Inbox items that are none of the submitted messages. */
  unknown: string[];
  /** Messages seen by every client. */
  complete: number;
}

export function newArrivals(clients: readonly string[], total: number): Arrivals {
  return {
    seenAt: new Map(clients.map((c) => [c, new Float64Array(total)])),
    seenCount: new Map(clients.map((c) => [c, new Uint16Array(total)])),
    seenByAll: new Uint8Array(total),
    allReceivedAt: new Float64Array(total),
    order: new Map(clients.map((c) => [c, []])),
    unknown: [],
    complete: 0,
  };
}

/**
 * Submits messages [from, to) with `inFlight` at a time until `deadline` (both provider benches);
 * `stalled` is called when messages are waiting and none reached every inbox for 10 s. Returns the end.
 */
export async function submitPhase(
  from: number,
  to: number,
  inFlight: number,
  deadline: number,
  submit: (i: number) => Promise<void>,
  arrivals: Arrivals,
  everywhere: ReadonlyMap<number, unknown>,
  stalled: (err: Error) => void,
): Promise<number> {
  let last = -1;
  const watchdog = setInterval(() => {
    if (arrivals.complete === last && everywhere.size > 0)
      stalled(new Error(`delivery stalled: ${everywhere.size} submitted messages reached no further inbox for 10 s`));
    last = arrivals.complete;
  }, 10_000);
  try {
    return from + (await pool(to - from, inFlight, deadline, (k) => submit(from + k)));
  } finally {
    clearInterval(watchdog);
  }
}

/**
 * Records one inbox item of `client` (its FanoutMessage bytes) read at `t`, finding the message by
 * `indexOf` (fanoutKey → message index); once every client has it, its waiter in `everywhere` is resolved.
 */
export function recordArrival(
  a: Arrivals,
  client: string,
  item: { seq: bigint | string; body: Uint8Array },
  t: number,
  indexOf: ReadonlyMap<string, number>,
  everywhere: Map<number, { resolve: () => void }>,
): void {
  const i = indexOf.get(fanoutKey(item.body) ?? '');
  if (i === undefined) {
    a.unknown.push(`${client}: inbox item ${item.seq} is none of the submitted messages`);
    return;
  }
  a.seenCount.get(client)![i]!++;
  const seen = a.seenAt.get(client)!;
  if (seen[i] === 0) {
    seen[i] = t;
    a.order.get(client)!.push(i);
  }
  if (++a.seenByAll[i]! === a.seenAt.size) {
    a.allReceivedAt[i] = t;
    a.complete++;
    everywhere.get(i)?.resolve();
    everywhere.delete(i);
  }
}

/** The messages are real: every member after the first (Bob, Cathy) decrypts the first member's (Alice's) first four; returns how many were read. */
export async function decryptSample<M extends Sender>(members: readonly M[], sent: ReadonlyArray<{ sender: M; bytes: Uint8Array }>): Promise<number> {
  const alice = members[0]!;
  let read = 0;
  for (const reader of members.slice(1)) {
    for (const o of sent.filter((x) => x.sender === alice).slice(0, 4)) {
      const got = await reader.room.process(o.bytes);
      if (got.kind !== 'application' || got.senderClient !== alice.client) throw new Error(`${reader.name} could not read a message of ${alice.name}`);
      read++;
    }
  }
  return read;
}

/** The MLSMessage of each FanoutMessage of a wire format in an inbox. */
export function messagesOf(bodies: Uint8Array[], wireFormat: 'mls_welcome' | 'mls_public_message'): Uint8Array[] {
  return bodies.flatMap((b) => {
    const f = codecs.FanoutMessage.decode(b, { context: { protocol: 'mls10' } });
    return f.message?.wire_format === wireFormat ? [mls.MLSMessage.encode(f.message)] : [];
  });
}

/** Alice creates the room at her hub and adds Bob, then Cathy; both join from the Welcome in their inboxes. */
async function setUpRoom(f: Federation, suite: CipherSuite): Promise<Member[]> {
  const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });
  const register = async (name: keyof typeof USERS, device: string) => {
    const user = USERS[name];
    const domain = new URL(user).host;
    const client = `${user.replace('/u/', '/d/')}/${device}`;
    const token = await f.at(domain).clients.register(user, client);
    return { name, domain, client, token };
  };
  const a = await register('alice', 'laptop');
  const aRoom = await createRoom({
    roomUri: ROOM,
    creator: { user: USERS.alice, client: a.client, cipherSuite: suite },
    roles: participantAndAdminRoles,
    creatorRole: ADMIN_ROLE,
    authService: auth,
  });
  const ac = f.at('a.example').clients;
  const aRec = await ac.authenticate(a.token);
  await ac.createRoom(aRec, await aRoom.groupInfo(), aRoom.ratchetTree());
  const members: Member[] = [{ ...a, room: aRoom }];
  for (const name of ['bob', 'cathy'] as const) {
    const m = await register(name, 'phone');
    const p = f.at(m.domain).clients;
    const kp: KeyPackageBundle = await roomKeyPackage({ client: m.client, cipherSuite: suite });
    await p.uploadKeyPackages(await p.authenticate(m.token), [kp.keyPackage]);
    const made = await aRoom.addParticipant({ user: USERS[name], role: PARTICIPANT_ROLE, keyPackages: [kp.keyPackage] });
    const answer = await ac.update(aRec, ROOM, await commitUpdateRequest(aRoom, made));
    if (answer.responseCode !== 'success') throw new Error(`adding ${name}: ${answer.responseCode}`);
    // Earlier members apply the commit from their inboxes; the new one joins from its Welcome.
    for (const earlier of members.slice(1)) {
      for (const c of messagesOf(await drainAll(f, earlier, 5000), 'mls_public_message')) await earlier.room.process(c);
    }
    const welcome = messagesOf(await drainAll(f, m, 5000), 'mls_welcome')[0];
    if (!welcome) throw new Error(`${name} got no Welcome`);
    members.push({ ...m, room: await joinRoom({ welcome, keyPackage: kp, authService: auth }) });
  }
  await drainAll(f, a, 1000);
  const auths = new Set(members.map((m) => `${m.room.epoch()}:${toHex(m.room.epochAuthenticator())}`));
  if (auths.size !== 1) throw new Error(`the members disagree on the epoch: ${[...auths].join(', ')}`);
  return members;
}

/** Sums wall time of a store's calls and reports each resolved call to `onDone`. */
function instrument(
  provider: string,
  store: ProviderStore,
  calls: ReadonlyArray<keyof ProviderStore>,
  totals: Map<string, { provider: string; call: string; calls: number; totalMs: number }>,
  onDone: (call: string, args: unknown[], at: number) => void,
): void {
  const target = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const call of calls) {
    const original = target[call]!.bind(store);
    const entry = { provider, call, calls: 0, totalMs: 0 };
    totals.set(`${provider} ${call}`, entry);
    target[call] = async (...args: unknown[]) => {
      const t0 = performance.now();
      const out = await original(...args);
      const t1 = performance.now();
      entry.calls++;
      entry.totalMs += t1 - t0;
      onDone(call, args, t1);
      return out;
    };
  }
}

/** The bare baseline: 1 KiB POSTs answered 201 by a fastify HTTPS route; `connections` keep-alive connections, as many in flight. */
export async function barePostRate(tls: { key: string; cert: string; ca: string }, ms: number, bodyBytes: number): Promise<number> {
  const app = Fastify(mimiServerOptions({ logger: false, https: { key: tls.key, cert: tls.cert } })) as unknown as FastifyInstance;
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/v1/post', async (_req, reply) => {
    void reply.code(201).send();
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const agent = new Agent({ connections: BARE_CONNECTIONS, connect: { ca: tls.ca, servername: 'localhost', rejectUnauthorized: false } });
  const body = Buffer.alloc(bodyBytes, 7);
  const post = async () => {
    const res = await request(`${url}/v1/post`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body, dispatcher: agent });
    await res.body.dump();
    if (res.statusCode !== 201) throw new Error(`bare POST answered ${res.statusCode}`);
  };
  const run = async (forMs: number) => {
    let done = 0;
    const t0 = performance.now();
    const deadline = t0 + forMs;
    await Promise.all(
      Array.from({ length: BARE_CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          await post();
          done++;
        }
      }),
    );
    return (done * 1000) / (performance.now() - t0);
  };
  try {
    await run(ms / 2);
    return await run(ms);
  } finally {
    await agent.close();
    await app.close();
  }
}

/** CPU self time by area from a V8 CPU profile. */
function summarizeProfile(profile: {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples?: number[];
  timeDeltas?: number[];
}) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const area = (fn: string, url: string): string => {
    if (fn === '(idle)') return 'idle (waiting for I/O)';
    if (fn === '(garbage collector)') return 'garbage collection';
    if (fn === '(program)') return 'V8 / native, unattributed';
    // Native functions have no URL: better-sqlite3's statements, node's X.509 parser and TLS binding.
    if (url === '' && ['run', 'all', 'get', 'iterate', 'exec', 'pragma'].includes(fn)) return 'SQLite on the main thread (incl. fsync at COMMIT)';
    if (fn === 'parseX509' || fn === 'getPeerCertificate' || url.includes('/key-cert-sign')) return 'peer certificate parsing';
    if (url.includes('better-sqlite3') || url.includes('/store/sqlite/')) return 'SQLite on the main thread (incl. fsync at COMMIT)';
    if (url.includes('node:_tls') || url.includes('node:tls') || url.includes('node:internal/tls') || fn === 'writev' || fn === 'writeBuffer')
      return 'TLS and sockets (node)';
    if (url.includes('node:crypto') || url.includes('node:internal/crypto')) return 'node crypto (hashes)';
    if (url.includes('/undici/')) return 'HTTP client (undici)';
    if (
      url.includes('/fastify') ||
      url.includes('/find-my-way/') ||
      url.includes('/avvio/') ||
      url.includes('node:_http') ||
      url.includes('/light-my-request/')
    )
      return 'HTTP server (fastify, node:http)';
    if (url.includes('/pino') || url.includes('thread-stream')) return 'logging (pino)';
    if (url.includes('/generated/') || url.includes('/packages/tls/') || url.includes('/packages/bytes/') || url.includes('/packages/transport/'))
      return 'MIMI codecs and transport';
    if (url.includes('/packages/mls-profile/') || url.includes('/ts-mls/') || url.includes('@noble') || url.includes('/packages/mls/'))
      return 'MLS profile (hub view)';
    if (url.includes('/packages/provider/')) return 'provider logic';
    if (url.includes('/bench/') || url.includes('/test/support/')) return 'bench harness';
    if (url.startsWith('node:')) return 'node core (streams, timers, events)';
    return 'other JS';
  };
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // timeDeltas[i] is the time before sample i: charge it to the sample's node.
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0) / 1000);
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, ms] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const a = area(n.callFrame.functionName, n.callFrame.url);
    areas.set(a, (areas.get(a) ?? 0) + ms);
    const short = n.callFrame.url.replace(/^.*\/(node_modules|packages|generated)\//, '$1/').replace(/^file:\/\//, '');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${short}${short ? `:${n.callFrame.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const total = [...areas.values()].reduce((s, x) => s + x, 0);
  return {
    cpu: [...areas].sort((x, y) => y[1] - x[1]).map(([a, ms]) => ({ area: a, ms, share: ms / total })),
    cpuTop: [...fns]
      .sort((x, y) => y[1] - x[1])
      .slice(0, 12)
      .map(([fn, ms]) => ({ fn, ms })),
  };
}

export async function runProviderBench(options: ProviderBenchOptions = {}): Promise<ProviderBenchResult> {
  const maxMessages = options.messages ?? 3000;
  const durationMs = options.durationMs ?? 10_000;
  const warmup = options.warmup ?? 200;
  const inFlight = options.inFlight ?? 32;
  const payloadBytes = options.payloadBytes ?? 1024;
  const bareMs = options.bareMs ?? 3000;
  const profile = options.profile ?? true;
  const start = performance.now();

  const f = await startFederation({
    users: { 'a.example': [USERS.alice], 'b.example': [USERS.bob], 'c.example': [USERS.cathy] },
    delivery: { baseDelayMs: 50, maxDelayMs: 1000 },
    // Bob's and Cathy's submitters all go through their provider to the hub: admit them all at once.
    limits: { maxBodiesInFlightPerPeer: inFlight },
  });
  let stopReaders = false;
  let readers: Promise<void>[] = [];
  try {
    const suite = await cipherSuite(SUITE);
    const members = await setUpRoom(f, suite);

    const total = warmup + maxMessages;
    const { messages: encrypted, encryptUs } = await preEncrypt(members, total, payloadBytes);
    const outgoing: Outgoing[] = encrypted.map((e) => ({ ...e, request: submitMessageRequest(e.sender.room, e.bytes) }));
    const messageBytes = outgoing[0]!.bytes.length;
    const indexOf = new Map(outgoing.map((o, i) => [o.key, i]));

    // Timestamps, by message index.
    const submitAt = new Float64Array(total);
    const acceptedAt = new Float64Array(total);
    const appliedAt = new Map(members.map((m) => [m.domain, new Float64Array(total)]));
    const arrivals = newArrivals(
      members.map((m) => m.client),
      total,
    );
    const totals = new Map<string, { provider: string; call: string; calls: number; totalMs: number }>();
    // Synced commits, counted as the event-loop turns in which a write of the provider resolved: the
    // SQLite adapter commits the writes queued in one turn together and resolves them together.
    const commits = new Map(members.map((m) => [m.domain, 0]));
    const committedThisTurn = new Set<string>();
    for (const m of members) {
      const provider: RunningProvider = f.at(m.domain);
      const applied = appliedAt.get(m.domain)!;
      instrument(
        m.domain,
        provider.store,
        ['acceptAtEpoch', 'applyInbound', 'applyInboundBatch', 'inbox', 'acknowledgeInbox', 'leaseDestination', 'markDelivered', 'outboxHead'],
        totals,
        (call, args, at) => {
          if (WRITES.has(call) && !committedThisTurn.has(m.domain)) {
            committedThisTurn.add(m.domain);
            commits.set(m.domain, commits.get(m.domain)! + 1);
            setImmediate(() => committedThisTurn.delete(m.domain));
          }
          // One /notify body is one applyInboundBatch of its FanoutMessages.
          const inbound = call === 'applyInbound' ? [args[0]] : call === 'applyInboundBatch' ? (args[0] as unknown[]) : [];
          for (const fanout of inbound) {
            const i = indexOf.get(fanoutKey((fanout as { body: Uint8Array }).body) ?? '');
            if (i !== undefined && applied[i] === 0) applied[i] = at;
          }
        },
      );
    }

    // Readers: one long-poll loop per client, acknowledging each page.
    /** Submitters waiting for their message to reach every inbox, by message index. */
    const everywhere = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
    readers = members.map(async (m) => {
      const p = f.at(m.domain).clients;
      const rec = await p.authenticate(m.token);
      let after = 0n;
      while (!stopReaders) {
        const items = await p.inbox(rec, after, 200);
        const t = performance.now();
        for (const item of items) recordArrival(arrivals, m.client, item, t, indexOf, everywhere);
        if (items.length > 0) {
          after = items[items.length - 1]!.seq;
          await p.acknowledge(rec, after);
        }
      }
    });

    /**
     * One submitter's turn: submit message i, then wait until it is in every client's inbox, so
     * `inFlight` submitters keep exactly that many messages in the pipeline end to end.
     */
    const submit = async (i: number) => {
      const o = outgoing[i]!;
      const p = f.at(o.sender.domain).clients;
      const rec = await p.authenticate(o.sender.token);
      const arrived = new Promise<void>((resolve, reject) => everywhere.set(i, { resolve, reject }));
      // The watchdog may reject it while the submit is still under way: handled here, thrown by the await below.
      arrived.catch(() => {});
      submitAt[i] = performance.now();
      const res = await p.submitMessage(rec, ROOM, o.request);
      acceptedAt[i] = performance.now();
      if (res.statusCode !== 'accepted') throw new Error(`message ${i} from ${o.sender.name}: ${res.statusCode}`);
      await arrived;
    };
    const phase = (from: number, to: number, deadline: number): Promise<number> =>
      submitPhase(from, to, inFlight, deadline, submit, arrivals, everywhere, (err) => {
        for (const w of everywhere.values()) w.reject(err);
        everywhere.clear();
      });

    await phase(0, warmup, Number.POSITIVE_INFINITY);
    for (const t of totals.values()) {
      t.calls = 0;
      t.totalMs = 0;
    }
    for (const d of commits.keys()) commits.set(d, 0);
    const session = new Session();
    if (profile) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const end = await phase(warmup, total, t0 + durationMs);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const mainLoopUtilization = performance.eventLoopUtilization(elu0).utilization;
    const messages = end - warmup;
    const cpuProfile = profile ? (await session.post('Profiler.stop')).profile : null;
    if (profile) session.disconnect();

    // Duplicates would arrive after the last first copy: wait for the hub's queues to empty, then one last read.
    for (let k = 0; k < 100 && (await f.at('a.example').store.pendingDestinations()).length > 0; k++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    stopReaders = true;
    await Promise.all(readers);

    const { missing, duplicates } = checkExactlyOnce(arrivals.seenCount.values(), end, arrivals.unknown);
    const sameOrder = checkSameOrder(arrivals.order);
    const decryptedSample = await decryptSample(members, outgoing);

    const timed = Array.from({ length: messages }, (_, k) => warmup + k);
    const receivers = members.map((m) => m.client);
    const latencies = timed.flatMap((i) => receivers.map((c) => arrivals.seenAt.get(c)![i]! - submitAt[i]!));
    const stage = (name: string, xs: number[]) => ({ stage: name, ...quantiles(xs), n: xs.length });
    const followers = members.filter((m) => m.domain !== 'a.example');
    const stages = [
      stage(
        'submit → hub answered accepted (acceptAtEpoch committed)',
        timed.map((i) => acceptedAt[i]! - submitAt[i]!),
      ),
      stage(
        'accepted → applied at a.example (local delivery)',
        timed.map((i) => appliedAt.get('a.example')![i]! - acceptedAt[i]!),
      ),
      stage(
        'accepted → applied at a follower (queue + /notify + applyInboundBatch)',
        timed.flatMap((i) => followers.map((m) => appliedAt.get(m.domain)![i]! - acceptedAt[i]!)),
      ),
      stage(
        'applied → in the client’s long-poll answer',
        timed.flatMap((i) => members.map((m) => arrivals.seenAt.get(m.client)![i]! - appliedAt.get(m.domain)![i]!)),
      ),
      stage('submit → in one client’s inbox (end to end)', latencies),
      stage(
        'submit → in all three inboxes',
        timed.map((i) => arrivals.allReceivedAt[i]! - submitAt[i]!),
      ),
    ];

    const bareTls = { key: f.pki.server.key, cert: f.pki.server.cert, ca: f.pki.ca };
    const postsPerSec = await barePostRate(bareTls, bareMs, 1024);
    const msgsPerSec = (messages * 1000) / wallMs;
    const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;
    return {
      node: process.version,
      versions: { fastify: version('fastify'), undici: version('undici'), betterSqlite3: version('better-sqlite3') },
      method: { messages, maxMessages, durationMs, warmup, inFlight, payloadBytes, messageBytes, senders: members.map((m) => m.client), bareMs },
      encryptUs,
      provider: { msgsPerSec, latencyMs: quantiles(latencies), allReceivedMs: quantiles(timed.map((i) => arrivals.allReceivedAt[i]! - submitAt[i]!)), wallMs },
      bare: { postsPerSec, bodyBytes: 1024, connections: BARE_CONNECTIONS, inFlight: BARE_CONNECTIONS },
      ratio: msgsPerSec / postsPerSec,
      delivered: { messages: end, receivers: members.length, duplicates, missing, sameOrder, decryptedSample },
      stages,
      commits: [...commits].map(([provider, n]) => ({ provider, commits: n, perMessage: n / messages })),
      load: { mainLoopUtilization, cpuUsPerMessage: (cpu.user + cpu.system) / messages, cpuCores: (cpu.user + cpu.system) / 1000 / wallMs },
      storeCalls: [...totals.values()].filter((t) => t.calls > 0).map((t) => ({ ...t, meanMs: t.totalMs / t.calls })),
      ...(cpuProfile ? summarizeProfile(cpuProfile) : { cpu: null, cpuTop: null }),
      totalMs: performance.now() - start,
    };
  } finally {
    stopReaders = true;
    await Promise.allSettled(readers);
    await f.close();
  }
}

export const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(2) : x.toFixed(1));

export function formatProviderBench(r: ProviderBenchResult): string {
  const m = r.method;
  const lines = [
    `Provider benchmark (Node ${r.node}, fastify ${r.versions.fastify}, undici ${r.versions.undici}, better-sqlite3 ${r.versions.betterSqlite3}; stores in WAL with synchronous = FULL)`,
    `room on a.example (hub) with one client on each of a.example, b.example, c.example; ${fmtOps(m.messages)} timed messages (the first ${(m.durationMs / 1000).toFixed(0)} s of submissions, at most ${fmtOps(m.maxMessages)}) after ${fmtOps(m.warmup)} warm-up; ${m.inFlight} submitters in flight; senders round-robin`,
    `messages: real MLS PrivateMessages (${m.payloadBytes} B plaintext, ${m.messageBytes} B on the wire), pre-encrypted by their senders (ts-mls: ${r.encryptUs.toFixed(0)} µs each, not in the timed pipeline)`,
    '',
    '| | rate/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    `| provider: submit → in every client's inbox | ${fmtOps(r.provider.msgsPerSec)} msgs | ${ms(r.provider.latencyMs.p50)} | ${ms(r.provider.latencyMs.p99)} |`,
    `| bare fastify HTTPS POST (1 KiB, ${r.bare.connections} keep-alive connections) | ${fmtOps(r.bare.postsPerSec)} POSTs | | |`,
    '',
    `ratio provider msgs/s ÷ bare POSTs/s = ${r.ratio.toFixed(3)} (goal >= 0.25); latency per (message, receiving client); all three inboxes: p50 ${ms(r.provider.allReceivedMs.p50)} ms, p99 ${ms(r.provider.allReceivedMs.p99)} ms`,
    `delivery: ${fmtOps(r.delivered.messages)} messages × ${r.delivered.receivers} inboxes, each exactly once (0 missing, 0 duplicated) and in the same order in every inbox; Bob and Cathy decrypted ${r.delivered.decryptedSample} sampled messages`,
    '',
    'Where the time goes: latency by stage (timed messages)',
    '',
    '| stage | p50 ms | p99 ms | samples |',
    '|---|---:|---:|---:|',
    ...r.stages.map((s) => `| ${s.stage} | ${ms(s.p50)} | ${ms(s.p99)} | ${fmtOps(s.n)} |`),
    '',
    'store calls during the timed run (wall time from call to resolution: includes waiting for the group commit and its fsync)',
    '',
    '| provider | call | calls | mean ms | total s |',
    '|---|---|---:|---:|---:|',
    ...r.storeCalls.map((s) => `| ${s.provider} | ${s.call} | ${fmtOps(s.calls)} | ${ms(s.meanMs)} | ${(s.totalMs / 1000).toFixed(2)} |`),
    '',
    `synced commits (each an fsync of the WAL): ${r.commits.map((c) => `${c.provider} ${fmtOps(c.commits)} (${c.perMessage.toFixed(2)}/msg)`).join(', ')}; total ${r.commits.reduce((s, c) => s + c.perMessage, 0).toFixed(2)} per message`,
    `load over the timed run: main thread's event loop busy ${(r.load.mainLoopUtilization * 100).toFixed(0)}% of the time; process CPU (all threads) ${fmtOps(r.load.cpuUsPerMessage)} µs per message, ${r.load.cpuCores.toFixed(2)} cores on average`,
  ];
  if (r.cpu && r.cpuTop) {
    lines.push(
      '',
      `CPU profile of the main thread over the timed run (${(r.provider.wallMs / 1000).toFixed(1)} s wall; self time by area; one process, one event loop for all three providers)`,
      '',
      '| area | ms | share |',
      '|---|---:|---:|',
      ...r.cpu.map((c) => `| ${c.area} | ${fmtOps(c.ms)} | ${(c.share * 100).toFixed(1)}% |`),
      '',
      'top functions by self time:',
      ...r.cpuTop.map((t) => `  ${fmtOps(t.ms).padStart(6)} ms  ${t.fn}`),
    );
  }
  lines.push('', `total ${(r.totalMs / 1000).toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}
