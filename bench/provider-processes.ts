/**
 * `npm run bench -- provider-processes [--in-flight n]`: the provider benchmark (bench/provider.ts)
 * with each provider in its own OS process, as a deployment runs them, so the three providers and
 * the load generator can use both cores of a small machine instead of sharing one event loop.
 *
 * Setup: writeLocalFederation (fresh local PKI, one config per domain, durable SQLite stores: WAL,
 * synchronous = FULL) in a temp folder; `mimi provider start` for a.example (the hub), b.example and
 * c.example (followers) through spawnProvider, with the providers' default logging (one JSON line per
 * provider-to-provider request, read by this process). The room is set up over the client API (HTTP)
 * as in the in-process bench: Alice creates it at her hub, adds Bob and Cathy with commits and
 * Welcomes that travel the federation; Bob and Cathy join from their inboxes.
 *
 * Timed: pre-encrypted MLS PrivateMessages, submitted by `inFlight` concurrent submitters in this
 * process through the client API of the sender's provider (submitMessage), each submitter waiting
 * until its message is in all three clients' inboxes; three long-poll readers in this process
 * (inbox, acknowledge). Every message must arrive exactly once in every inbox, else the suite fails.
 * Latency runs from the submit call's start to the item's arrival in a reader's long-poll answer.
 *
 * Baseline: the in-process bench's bare fastify HTTPS POST rate (server and undici client in this
 * process), measured in the same run after the timed run, with the providers idle.
 *
 * Where the time goes: CPU time (user + system, all threads; /proc/<pid>/stat) of each provider
 * process and of this process over the timed run, per message and as a share of the total; the
 * process closest to one full core is the bottleneck. Per-stage timings and a CPU profile need the
 * providers' stores and event loop in reach: the in-process bench has them.
 *
 * Linux only (/proc). Every provider process is stopped and the temp folder removed, also on failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';
import { toHex } from '@mimikit/bytes';
import { codecs } from '@mimikit/mimi-protocol';
import { cipherSuite, type CipherSuite } from '@mimikit/mls-profile/mls';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { commitUpdateRequest, createRoom, joinRoom, roomKeyPackage, submitMessageRequest, type RoomMember } from '@mimikit/mls-profile/rooms';
import { databaseName, type LocalDeployment, startLocalDeployment } from '@mimikit/provider/local-deployment';
import { type PostgresCluster, startPostgres } from '@mimikit/provider/postgres-cluster';
import { createMimiClient, type MimiClient } from '@mimikit/provider-client/client';
import { MIMI_COMMAND } from '../test/support/run-cli.ts';
import { ADMIN_ROLE, PARTICIPANT_ROLE, participantAndAdminRoles } from '../test/support/room-roles.ts';
import { fmtOps } from './measure.ts';
import { checkNodeFlags } from './node-flags.ts';
import { databaseSizes, largestTables, loadStatementStats, markServer, serverCpuMs, serverWorkSince, type StatementStats } from './postgres-stats.ts';
import {
  BARE_CONNECTIONS,
  barePostRate,
  checkExactlyOnce,
  checkSameOrder,
  decryptSample,
  messagesOf,
  ms,
  newArrivals,
  submitPhase,
  preEncrypt,
  quantiles,
  recordArrival,
  ROOM,
  SUITE,
  USERS,
  type ProviderBenchOptions,
  type Quantiles,
} from './provider.ts';

const DOMAINS = ['a.example', 'b.example', 'c.example'] as const;

export interface ProviderProcessesOptions extends Omit<ProviderBenchOptions, 'profile'> {
  /** Where the providers keep their state: SQLite files (default) or one database each on a fresh throwaway PostgreSQL cluster. */
  store?: 'sqlite' | 'postgres';
  /**
   * The hub as this many nodes (hub-1, hub-2, …) behind a balancer at its federation address (1:
   * one node, through the same balancer, for comparison); the bench's clients reach the nodes'
   * client APIs directly. More than 1 needs `store: 'postgres'`. Default: one node, no balancer.
   */
  hubNodes?: number;
  /**
   * With `store: 'postgres'`: the connections each provider's database gets from all its nodes
   * together (startLocalDeployment's databaseConnections; each of n nodes gets ⌈total / n⌉).
   * Default 10, one node's default pool: the hub's nodes share what one node would have, so one and
   * two nodes put the same number of sessions on the database and differ only in the node count.
   */
  databaseConnections?: number;
  /**
   * Node.js options given to every provider process (`node <flags> bin/mimi.js provider start …`),
   * e.g. `--cpu-prof --cpu-prof-dir=<dir>` or `--perf-basic-prof-only-functions` to see where a
   * node's time goes; the result names each process's pid and the timed run's window on the
   * monotonic clock, to cut the profiles to it. Options only (each starts with `--`).
   */
  nodeFlags?: readonly string[];
}

/** `node <flags> bin/mimi.js`: the bench's `mimi` command with Node.js options before the script. */
function mimiCommandWith(flags: readonly string[]): readonly string[] {
  checkNodeFlags(flags);
  return [MIMI_COMMAND[0]!, ...flags, ...MIMI_COMMAND.slice(1)];
}

/** What the PostgreSQL server did over the timed run (`store: 'postgres'`). */
export interface PostgresWork {
  /** Transactions that wrote (each took a transaction id), per message and per second. */
  writeTransactionsPerMessage: number;
  writeTransactionsPerSec: number;
  walBytesPerMessage: number;
  /** With pg_stat_statements (null without): statements executed (BEGIN and COMMIT included) and their execution time, per message. */
  statementsPerMessage: number | null;
  statementMsPerMessage: number | null;
  /** Per database (provider): statements per message, execution ms per message. */
  perDatabase: Array<{ provider: string; statementsPerMessage: number; statementMsPerMessage: number }> | null;
  /** The statements that took the most execution time over the timed run. */
  topStatements: Array<StatementStats & { perMessage: number }> | null;
  /** Each provider's database: size after setup and after the run (bytes), growth per message written (warm-up and timed). */
  sizes: Array<{ provider: string; beforeBytes: number; afterBytes: number; bytesPerMessage: number }>;
  /** The hub's largest tables after the run. */
  hubTables: Array<{ table: string; bytes: number; rows: number }>;
}

const HUB = DOMAINS[0];

/** Now on the monotonic clock, µs: process.hrtime is CLOCK_MONOTONIC on Linux, as V8's profile timestamps and `perf record -k mono` are. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** CPU time of one OS process over the timed run. */
export interface ProcessCpu {
  process: string;
  /** Its OS process id (null: the PostgreSQL server, many processes). */
  pid: number | null;
  cpuMs: number;
  usPerMessage: number;
  /** Of the CPU time of all four processes. */
  share: number;
  /** cpuMs ÷ wall time: 1 is one core busy all the time. */
  cores: number;
}

export interface ProviderProcessesResult {
  node: string;
  store: 'sqlite' | 'postgres';
  /** The hub's nodes behind its federation balancer (null: one node, reached directly). */
  hubNodes: number | null;
  method: {
    /** With PostgreSQL: each database's connections, shared by its nodes (null: SQLite). */
    databaseConnections: number | null;
    messages: number;
    maxMessages: number;
    durationMs: number;
    warmup: number;
    inFlight: number;
    payloadBytes: number;
    messageBytes: number;
    bareMs: number;
  };
  encryptUs: number;
  provider: {
    msgsPerSec: number;
    /** Submit start → in the inbox of each receiving client, ms. */
    latencyMs: Quantiles;
    /** Submit start → in the inboxes of all three clients, ms. */
    allReceivedMs: Quantiles;
    /** Submit start → the sender's provider answered accepted (for Bob and Cathy: after the hub answered it), ms. */
    acceptedMs: Quantiles;
    wallMs: number;
  };
  /** Latency by hop, as far as the client API shows it: submit → accepted by the sender's domain; accepted → in the inbox by the receiver's. */
  hops: Array<{ hop: string; p50: number; p99: number; n: number }>;
  bare: { postsPerSec: number; bodyBytes: number; connections: number };
  ratio: number;
  /** Every message in every inbox exactly once, in the same order in every inbox (else the run throws). */
  delivered: { messages: number; receivers: number; duplicates: number; missing: number; sameOrder: number; decryptedSample: number };
  cpu: ProcessCpu[];
  /** The timed run on the monotonic clock (CLOCK_MONOTONIC, µs: V8's profiles and `perf record -k mono` use it). */
  timedWindowUs: { start: number; end: number };
  /** Per hub node (hubNodes set), during the timed run: provider-to-provider requests it served, connections the federation balancer passed it, Alice's messages submitted to its client API. */
  perHubNode: Array<{ node: string; federationRequests: number; federationConnections: number; submits: number }>;
  postgres: PostgresWork | null;
  /** Provider-to-provider requests the providers logged during the timed run, per message. */
  federationRequestsPerMessage: number;
  /** Over the timed run, the whole machine (/proc/stat): cores busy with anything (these four processes and everyone else's), and of how many. */
  machine: { busyCores: number; cores: number };
  /** The bench process's event-loop utilization over the timed run (0..1). */
  benchLoopUtilization: number;
  totalMs: number;
}

interface Member {
  name: keyof typeof USERS;
  domain: string;
  client: string;
  baseUrl: string;
  /** Its provider's nodes' client APIs (one for a single node): submitter slot k uses node k mod n. */
  nodeUrls: readonly string[];
  token: string;
  api: MimiClient;
  room: RoomMember;
}

/**
 * An undici Agent whose connections leave from loopback address number `k` (127.1.x.y; Linux routes
 * all of 127/8 to lo). Why: the client API admits at most 8 requests with a body in flight per client
 * IP address (the transport's default), and real clients come from many addresses; each submitter
 * slot and each reader gets its own, so the bench is not throttled as one crowded address.
 */
function fromLoopbackAddress(k: number): Agent {
  return new Agent({ localAddress: `127.1.${Math.floor(k / 250)}.${(k % 250) + 1}` });
}

const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64url');
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
function clockTicks(): number {
  const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const n = Number(out.stdout?.trim());
  if (out.status !== 0 || !Number.isInteger(n) || n < 1) throw new Error('provider-processes needs Linux (getconf CLK_TCK and /proc/<pid>/stat)');
  return n;
}

/** User + system CPU time of process `pid` (all its threads) so far, ms. */
function cpuMsOf(pid: number, ticks: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces, in parentheses): state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks;
}

/** CPU time of the whole machine so far (/proc/stat), ms: busy (all but idle and iowait) and the total of all cores. */
function machineCpuMs(ticks: number): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // cpu user nice system idle iowait irq softirq steal …
  const f = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = f.reduce((s, x) => s + x, 0);
  return { busy: ((total - f[3]! - f[4]!) * 1000) / ticks, total: (total * 1000) / ticks };
}

async function drainAll(m: Pick<Member, 'api'>, wait: number): Promise<Uint8Array[]> {
  const { items } = await m.api.inbox({ after: '0', wait });
  if (items.length > 0) await m.api.acknowledge({ upTo: items[items.length - 1]!.seq });
  return items.map((i) => unb64(i.message));
}

/** The in-process bench's room over the client API: Alice creates it at her hub and adds Bob, then Cathy; both join from their Welcome. */
async function setUpRoomOverClientApi(clientUrls: ReadonlyMap<string, readonly string[]>, suite: CipherSuite): Promise<Member[]> {
  const auth = mimiAuthService({ domains: [...DOMAINS], acceptUnverified: true });
  const register = async (name: keyof typeof USERS, device: string) => {
    const user = USERS[name];
    const domain = new URL(user).host;
    const client = `${user.replace('/u/', '/d/')}/${device}`;
    const nodeUrls = clientUrls.get(domain)!;
    const baseUrl = nodeUrls[0]!;
    const { token } = await createMimiClient({ baseUrl }).registerClient({ user, client });
    return { name, domain, client, baseUrl, nodeUrls, token, api: createMimiClient({ baseUrl, token }) };
  };
  const a = await register('alice', 'laptop');
  const aRoom = await createRoom({
    roomUri: ROOM,
    creator: { user: USERS.alice, client: a.client, cipherSuite: suite },
    roles: participantAndAdminRoles,
    creatorRole: ADMIN_ROLE,
    authService: auth,
  });
  const { roomId } = await a.api.createRoom({ groupInfo: b64(await aRoom.groupInfo()), ratchetTree: b64(aRoom.ratchetTree()) });
  if (roomId !== ROOM) throw new Error(`the hub created ${roomId}, not ${ROOM}`);
  const members: Member[] = [{ ...a, room: aRoom }];
  for (const name of ['bob', 'cathy'] as const) {
    const m = await register(name, 'phone');
    const kp = await roomKeyPackage({ client: m.client, cipherSuite: suite });
    await m.api.uploadKeyPackages({ keyPackages: [b64(kp.keyPackage)] });
    const made = await aRoom.addParticipant({ user: USERS[name], role: PARTICIPANT_ROLE, keyPackages: [kp.keyPackage] });
    const request = codecs.UpdateRequest.encode(await commitUpdateRequest(aRoom, made), { 'room.protocol': 'mls10' });
    const answer = codecs.UpdateRoomResponse.decode(unb64((await a.api.update({ roomId: ROOM }, { request: b64(request) })).response));
    if (answer.responseCode !== 'success') throw new Error(`adding ${name}: ${answer.responseCode}`);
    for (const earlier of members.slice(1)) {
      for (const c of messagesOf(await drainAll(earlier, 5000), 'mls_public_message')) await earlier.room.process(c);
    }
    const welcome = messagesOf(await drainAll(m, 5000), 'mls_welcome')[0];
    if (!welcome) throw new Error(`${name} got no Welcome`);
    members.push({ ...m, room: await joinRoom({ welcome, keyPackage: kp, authService: auth }) });
  }
  await drainAll(a, 1000);
  const auths = new Set(members.map((m) => `${m.room.epoch()}:${toHex(m.room.epochAuthenticator())}`));
  if (auths.size !== 1) throw new Error(`the members disagree on the epoch: ${[...auths].join(', ')}`);
  return members;
}

/** The server's work over the timed run, per message; the databases' sizes and the hub's largest tables after it. */
async function postgresWork(
  cluster: PostgresCluster,
  deployment: LocalDeployment,
  work: Awaited<ReturnType<typeof serverWorkSince>>,
  sizesBefore: ReadonlyMap<string, number>,
  messages: number,
  written: number,
  wallMs: number,
): Promise<PostgresWork> {
  const domainOf = new Map([...deployment.databases.keys()].map((d) => [databaseName(d), d]));
  const sizesAfter = await databaseSizes(cluster.url, [...domainOf.keys()]);
  const statements = work.statements;
  const sum = (xs: StatementStats[], f: (x: StatementStats) => number) => xs.reduce((t, x) => t + f(x), 0);
  return {
    writeTransactionsPerMessage: work.writeTransactions / messages,
    writeTransactionsPerSec: (work.writeTransactions * 1000) / wallMs,
    walBytesPerMessage: work.walBytes / messages,
    statementsPerMessage: statements ? sum(statements, (x) => x.calls) / messages : null,
    statementMsPerMessage: statements ? sum(statements, (x) => x.totalMs) / messages : null,
    perDatabase: statements
      ? [...domainOf].map(([db, domain]) => {
          const own = statements.filter((x) => x.database === db);
          return { provider: domain, statementsPerMessage: sum(own, (x) => x.calls) / messages, statementMsPerMessage: sum(own, (x) => x.totalMs) / messages };
        })
      : null,
    topStatements: statements
      ? [...statements]
          .sort((a, b) => b.totalMs - a.totalMs)
          .slice(0, 10)
          .map((x) => ({ ...x, database: domainOf.get(x.database) ?? x.database, perMessage: x.calls / messages }))
      : null,
    sizes: [...domainOf].map(([db, domain]) => {
      const before = sizesBefore.get(db) ?? 0;
      const after = sizesAfter.get(db) ?? 0;
      return { provider: domain, beforeBytes: before, afterBytes: after, bytesPerMessage: (after - before) / written };
    }),
    hubTables: await largestTables(deployment.databases.get(HUB)!, 6),
  };
}

export async function runProviderProcessesBench(options: ProviderProcessesOptions = {}): Promise<ProviderProcessesResult> {
  const maxMessages = options.messages ?? 3000;
  const durationMs = options.durationMs ?? 10_000;
  const warmup = options.warmup ?? 200;
  const inFlight = options.inFlight ?? 32;
  const payloadBytes = options.payloadBytes ?? 1024;
  const bareMs = options.bareMs ?? 3000;
  const start = performance.now();
  const ticks = clockTicks();

  const command = mimiCommandWith(options.nodeFlags ?? []);
  const store = options.store ?? 'sqlite';
  const databaseConnections = store === 'postgres' ? (options.databaseConnections ?? 10) : null;
  const hubNodes = options.hubNodes;
  if (hubNodes !== undefined && (!Number.isInteger(hubNodes) || hubNodes < 1 || hubNodes > 16))
    throw new RangeError(`hubNodes must be 1 to 16, got ${hubNodes}`);
  if (hubNodes !== undefined && hubNodes > 1 && store !== 'postgres')
    throw new RangeError(`${hubNodes} hub nodes need store 'postgres': a SQLite file belongs to one process`);
  const hubNodeIds = hubNodes === undefined ? undefined : Array.from({ length: hubNodes }, (_, k) => `hub-${k + 1}`);

  const dir = mkdtempSync(join(tmpdir(), 'mimikit-bench-processes-'));
  let deployment: LocalDeployment | undefined;
  let cluster: PostgresCluster | undefined;
  let stopReaders = false;
  let readers: Promise<void>[] = [];
  /** Set when a reader or a provider process fails: every waiting submitter is rejected with it. */
  let failure: Error | null = null;
  const everywhere = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  const fail = (err: Error) => {
    failure ??= err;
    for (const w of everywhere.values()) w.reject(failure);
    everywhere.clear();
  };
  let federationRequests = 0;
  const servedByNode = new Map<string, number>(hubNodeIds?.map((id) => [id, 0]));
  const dispatchers = Array.from({ length: inFlight + DOMAINS.length }, (_, k) => fromLoopbackAddress(k));
  // Should this process die before the finally below runs (an uncaught error elsewhere, process.exit),
  // the providers and their folder must not outlive it.
  const onExit = () => {
    for (const n of deployment?.nodes ?? []) n.process.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    let statementStats = false;
    if (store === 'postgres') {
      cluster = await startPostgres();
      statementStats = await loadStatementStats(cluster);
    }
    deployment = await startLocalDeployment({
      command,
      dir,
      domains: DOMAINS,
      users: { 'a.example': ['alice'], 'b.example': ['bob'], 'c.example': ['cathy'] },
      delivery: { baseDelayMs: 50, maxDelayMs: 1000 },
      // Bob's and Cathy's submitters all go through their provider to the hub: admit them all at once.
      limits: { maxBodiesInFlightPerPeer: inFlight },
      ...(cluster && databaseConnections !== null ? { postgres: cluster.url, databaseConnections } : {}),
      ...(hubNodeIds ? { nodes: { [HUB]: hubNodeIds } } : {}),
      onRequest: (_, node) => {
        federationRequests++;
        if (node !== null) servedByNode.set(node, (servedByNode.get(node) ?? 0) + 1);
      },
    });
    const processes = deployment.nodes;
    for (const p of processes)
      p.process.child.once('exit', (code, signal) => {
        if (!stopReaders) fail(new Error(`${p.node ?? p.domain}: provider process exited (${signal ?? code}) during the run`));
      });

    const suite = await cipherSuite(SUITE);
    // Clients talk to a node's client API directly, not through the client balancer: it would make
    // every connection come from one address, and the client API admits 8 requests with a body in
    // flight per address. Submitter slots are spread over the hub's nodes; each reader stays on its
    // provider's first node, so a message accepted by another node reaches it through the store's
    // change feed.
    const nodeUrls = new Map(DOMAINS.map((d) => [d, processes.filter((n) => n.domain === d).map((n) => n.process.clientUrl)]));
    const members = await setUpRoomOverClientApi(nodeUrls, suite);
    const databases = [...deployment.databases.keys()].map(databaseName);
    const sizesBefore = cluster ? await databaseSizes(cluster.url, databases) : new Map<string, number>();

    const total = warmup + maxMessages;
    const { messages: encrypted, encryptUs } = await preEncrypt(members, total, payloadBytes);
    const outgoing = encrypted.map((e) => ({ ...e, request: b64(codecs.SubmitMessageRequest.encode(submitMessageRequest(e.sender.room, e.bytes))) }));
    const messageBytes = outgoing[0]!.bytes.length;
    const indexOf = new Map(outgoing.map((o, i) => [o.key, i]));

    const submitAt = new Float64Array(total);
    const acceptedAt = new Float64Array(total);
    const arrivals = newArrivals(
      members.map((m) => m.client),
      total,
    );
    readers = members.map(async (m, r) => {
      const api = createMimiClient({ baseUrl: m.baseUrl, token: m.token, dispatcher: dispatchers[inFlight + r]! });
      let after = '0';
      try {
        while (!stopReaders) {
          const { items } = await api.inbox({ after, wait: 200 });
          const t = performance.now();
          for (const item of items) recordArrival(arrivals, m.client, { seq: item.seq, body: unb64(item.message) }, t, indexOf, everywhere);
          if (items.length > 0) {
            after = items[items.length - 1]!.seq;
            await api.acknowledge({ upTo: after });
          }
        }
      } catch (err) {
        fail(new Error(`${m.client}'s inbox reader failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err }));
      }
    });

    /** Free submitter slots (each its own source address) and each slot's client of each sender. */
    const slots = Array.from({ length: inFlight }, (_, k) => k);
    const slotClients = new Map<string, MimiClient>();
    /** Timed messages of Alice submitted to each hub node's client API. */
    const submitsAt = new Map<string, number>();
    const clientOf = (slot: number, m: Member) => {
      const key = `${slot} ${m.client}`;
      let api = slotClients.get(key);
      if (!api)
        slotClients.set(key, (api = createMimiClient({ baseUrl: m.nodeUrls[slot % m.nodeUrls.length]!, token: m.token, dispatcher: dispatchers[slot]! })));
      return api;
    };
    const submit = async (i: number) => {
      if (failure) throw failure;
      const o = outgoing[i]!;
      const slot = slots.pop()!;
      try {
        const arrived = new Promise<void>((resolve, reject) => everywhere.set(i, { resolve, reject }));
        // fail() may reject it while the submit is still under way: handled here, thrown by the await below.
        arrived.catch(() => {});
        submitAt[i] = performance.now();
        const res = await clientOf(slot, o.sender).submitMessage({ roomId: ROOM }, { request: o.request });
        acceptedAt[i] = performance.now();
        if (i >= warmup && o.sender.domain === HUB && hubNodeIds) {
          const node = hubNodeIds[slot % o.sender.nodeUrls.length]!;
          submitsAt.set(node, (submitsAt.get(node) ?? 0) + 1);
        }
        const status = codecs.SubmitMessageResponse.decode(unb64(res.response)).statusCode;
        if (status !== 'accepted') throw new Error(`message ${i} from ${o.sender.name}: ${status}`);
        await arrived;
      } finally {
        slots.push(slot);
      }
    };
    const phase = (from: number, to: number, deadline: number): Promise<number> =>
      submitPhase(from, to, inFlight, deadline, submit, arrivals, everywhere, fail);

    await phase(0, warmup, Number.POSITIVE_INFINITY);
    const pids = [
      ...processes.map((p) => ({
        name: p.domain === HUB ? `${HUB} (hub${p.node === null ? '' : ` node ${p.node}`})` : `${p.domain} (follower)`,
        pid: p.process.child.pid ?? null,
        cpuMs: () => cpuMsOf(p.process.child.pid!, ticks),
      })),
      ...(cluster ? [{ name: 'postgres (all server processes)', pid: null, cpuMs: () => serverCpuMs(cluster!, ticks) }] : []),
      { name: `bench (submitters, readers${hubNodeIds ? ', balancers' : ''})`, pid: process.pid, cpuMs: () => cpuMsOf(process.pid, ticks) },
    ];
    const served0 = new Map(servedByNode);
    const connections0 = deployment.balancedConnections(HUB);
    const serverMark = cluster ? await markServer(cluster.url, statementStats) : null;
    const cpu0 = pids.map((p) => p.cpuMs());
    const machine0 = machineCpuMs(ticks);
    const requests0 = federationRequests;
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const windowStart = monotonicUs();
    const end = await phase(warmup, total, t0 + durationMs);
    const wallMs = performance.now() - t0;
    const timedWindowUs = { start: windowStart, end: monotonicUs() };
    const cpuMs = pids.map((p, k) => p.cpuMs() - cpu0[k]!);
    const machine1 = machineCpuMs(ticks);
    const serverWork = cluster && serverMark ? await serverWorkSince(cluster.url, serverMark, databases, statementStats) : null;
    const connections1 = deployment.balancedConnections(HUB);
    const perHubNode = (hubNodeIds ?? []).map((node) => ({
      node,
      federationRequests: (servedByNode.get(node) ?? 0) - (served0.get(node) ?? 0),
      federationConnections: (connections1.get(node)?.federation ?? 0) - (connections0.get(node)?.federation ?? 0),
      submits: submitsAt.get(node) ?? 0,
    }));
    const benchLoopUtilization = performance.eventLoopUtilization(elu0).utilization;
    const messages = end - warmup;
    const federationRequestsPerMessage = (federationRequests - requests0) / messages;

    // Every submitted message is in every inbox: a duplicate would come after its first copy, give it time.
    await new Promise((r) => setTimeout(r, 500));
    stopReaders = true;
    await Promise.all(readers);
    if (failure) throw failure;

    const { missing, duplicates } = checkExactlyOnce(arrivals.seenCount.values(), end, arrivals.unknown);
    const sameOrder = checkSameOrder(arrivals.order);
    const decryptedSample = await decryptSample(members, outgoing);
    const postgres = cluster && serverWork ? await postgresWork(cluster, deployment, serverWork, sizesBefore, messages, end, wallMs) : null;

    const timed = Array.from({ length: messages }, (_, k) => warmup + k);
    const latencies = timed.flatMap((i) => members.map((m) => arrivals.seenAt.get(m.client)![i]! - submitAt[i]!));
    const hop = (name: string, xs: number[]) => ({ hop: name, ...quantiles(xs), n: xs.length });
    const hops = [
      ...members.map((s) =>
        hop(
          `submit → accepted, sent by ${s.name} at ${s.domain}${s.domain === 'a.example' ? '' : ' (forwarded to the hub)'}`,
          timed.filter((i) => outgoing[i]!.sender === s).map((i) => acceptedAt[i]! - submitAt[i]!),
        ),
      ),
      ...members.map((r) =>
        hop(
          `accepted → in ${r.name}'s long-poll answer at ${r.domain}`,
          timed.map((i) => arrivals.seenAt.get(r.client)![i]! - acceptedAt[i]!),
        ),
      ),
    ];
    const cpuTotal = cpuMs.reduce((s, x) => s + x, 0);
    const tls = {
      key: readFileSync(join(dir, 'a.example.key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'a.example.pem'), 'utf8'),
      ca: readFileSync(join(dir, 'ca.pem'), 'utf8'),
    };
    const postsPerSec = await barePostRate(tls, bareMs, 1024);
    const msgsPerSec = (messages * 1000) / wallMs;
    return {
      node: process.version,
      store,
      hubNodes: hubNodes ?? null,
      method: { databaseConnections, messages, maxMessages, durationMs, warmup, inFlight, payloadBytes, messageBytes, bareMs },
      encryptUs,
      provider: {
        msgsPerSec,
        latencyMs: quantiles(latencies),
        allReceivedMs: quantiles(timed.map((i) => arrivals.allReceivedAt[i]! - submitAt[i]!)),
        acceptedMs: quantiles(timed.map((i) => acceptedAt[i]! - submitAt[i]!)),
        wallMs,
      },
      hops,
      bare: { postsPerSec, bodyBytes: 1024, connections: BARE_CONNECTIONS },
      ratio: msgsPerSec / postsPerSec,
      delivered: { messages: end, receivers: members.length, duplicates, missing, sameOrder, decryptedSample },
      perHubNode,
      postgres,
      cpu: pids.map((p, k) => ({
        process: p.name,
        pid: p.pid,
        cpuMs: cpuMs[k]!,
        usPerMessage: (cpuMs[k]! * 1000) / messages,
        share: cpuMs[k]! / cpuTotal,
        cores: cpuMs[k]! / wallMs,
      })),
      timedWindowUs,
      federationRequestsPerMessage,
      machine: { busyCores: (machine1.busy - machine0.busy) / wallMs, cores: (machine1.total - machine0.total) / wallMs },
      benchLoopUtilization,
      totalMs: performance.now() - start,
    };
  } finally {
    stopReaders = true;
    await Promise.allSettled(readers);
    await deployment?.stop(5000).catch(() => {});
    await cluster?.stop();
    await Promise.allSettled(dispatchers.map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', onExit);
  }
}

export function formatProviderProcessesBench(r: ProviderProcessesResult): string {
  const m = r.method;
  const cpuTotal = r.cpu.reduce((s, c) => s + c.cpuMs, 0);
  // Several hub nodes: their CPU together (the hub's work, whichever node does it).
  const hubUsPerMessage = r.cpu.filter((c) => c.process.startsWith(HUB)).reduce((s, c) => s + c.usPerMessage, 0);
  const where =
    r.store === 'postgres'
      ? `each provider on its own database of a throwaway PostgreSQL cluster (fsync off, synchronous commit; ${m.databaseConnections} connections per database, shared by its nodes), info logging`
      : 'SQLite in WAL with synchronous = FULL, info logging';
  const hub =
    r.hubNodes === null
      ? ''
      : `; the hub as ${r.hubNodes} node${r.hubNodes > 1 ? 's' : ''} behind a loopback balancer at its federation address, its client APIs reached directly`;
  const lines = [
    `Provider benchmark, one OS process per provider node (Node ${r.node}; \`mimi provider start\`: ${where}${hub})`,
    `room on a.example (hub) with one client on each of a.example, b.example, c.example; ${fmtOps(m.messages)} timed messages (the first ${(m.durationMs / 1000).toFixed(0)} s of submissions, at most ${fmtOps(m.maxMessages)}) after ${fmtOps(m.warmup)} warm-up; ${m.inFlight} submitters in flight over the client API (HTTP); senders round-robin`,
    `messages: real MLS PrivateMessages (${m.payloadBytes} B plaintext, ${m.messageBytes} B on the wire), pre-encrypted by their senders (ts-mls: ${r.encryptUs.toFixed(0)} µs each, not in the timed pipeline)`,
    '',
    '| | rate/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    `| providers in 3 processes: submit → in every client's inbox | ${fmtOps(r.provider.msgsPerSec)} msgs | ${ms(r.provider.latencyMs.p50)} | ${ms(r.provider.latencyMs.p99)} |`,
    `| bare fastify HTTPS POST (1 KiB, ${r.bare.connections} keep-alive connections, one process) | ${fmtOps(r.bare.postsPerSec)} POSTs | | |`,
    '',
    `ratio provider msgs/s ÷ bare POSTs/s = ${r.ratio.toFixed(3)} (goal >= 0.25); all three inboxes: p50 ${ms(r.provider.allReceivedMs.p50)} ms, p99 ${ms(r.provider.allReceivedMs.p99)} ms; submit → accepted: p50 ${ms(r.provider.acceptedMs.p50)} ms, p99 ${ms(r.provider.acceptedMs.p99)} ms`,
    `delivery: ${fmtOps(r.delivered.messages)} messages × ${r.delivered.receivers} inboxes, each exactly once (0 missing, 0 duplicated) and in the same order in every inbox; Bob and Cathy decrypted ${r.delivered.decryptedSample} sampled messages; ${r.federationRequestsPerMessage.toFixed(2)} provider-to-provider requests per message`,
    '',
    'Latency by hop (timed messages)',
    '',
    '| hop | p50 ms | p99 ms | samples |',
    '|---|---:|---:|---:|',
    ...r.hops.map((h) => `| ${h.hop} | ${ms(h.p50)} | ${ms(h.p99)} | ${fmtOps(h.n)} |`),
    '',
    `Where the time goes: CPU (user + system, all threads) of each process over the timed run (${(r.provider.wallMs / 1000).toFixed(1)} s wall)`,
    '',
    '| process | pid | CPU s | µs per message | share of CPU | cores busy |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.cpu.map(
      (c) =>
        `| ${c.process} | ${c.pid ?? '–'} | ${(c.cpuMs / 1000).toFixed(2)} | ${fmtOps(c.usPerMessage)} | ${(c.share * 100).toFixed(0)}% | ${c.cores.toFixed(2)} |`,
    ),
    `| all | | ${(cpuTotal / 1000).toFixed(2)} | ${fmtOps((cpuTotal * 1000) / m.messages)} | 100% | ${(cpuTotal / r.provider.wallMs).toFixed(2)} |`,
    `timed run on the monotonic clock: ${r.timedWindowUs.start} to ${r.timedWindowUs.end} µs (to cut profiles of these pids to it)`,
    '',
    `the whole machine over the timed run: ${r.machine.busyCores.toFixed(2)} of ${r.machine.cores.toFixed(1)} cores busy (these four processes: ${(cpuTotal / r.provider.wallMs).toFixed(2)}; the rest is other work on the machine)`,
    // Bounds, not measurements: what the CPU per message allows when the cores are not shared with other work.
    `bounds from CPU per message (not measured rates): the four processes on all ${r.machine.cores.toFixed(0)} cores of this machine at most ${fmtOps((r.machine.cores * 1e6 * m.messages) / (cpuTotal * 1000))} msgs/s; the hub on one core of its own at most ${fmtOps(1e6 / hubUsPerMessage)} msgs/s`,
    `bench process event loop busy ${(r.benchLoopUtilization * 100).toFixed(0)}% of the time; total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  if (r.perHubNode.length > 0)
    lines.push(
      '',
      `hub nodes over the timed run: ${r.perHubNode.map((n) => `${n.node} served ${fmtOps(n.federationRequests)} provider-to-provider requests (${n.federationConnections} new federation connections; ${fmtOps(n.submits)} of Alice's messages submitted to it)`).join('; ')}`,
    );
  if (r.postgres) lines.push('', ...formatPostgresWork(r.postgres));
  return `${lines.join('\n')}\n`;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function formatPostgresWork(w: PostgresWork): string[] {
  const lines = [
    `PostgreSQL over the timed run: ${w.writeTransactionsPerMessage.toFixed(2)} write transactions per message (${fmtOps(w.writeTransactionsPerSec)}/s), ${fmtOps(w.walBytesPerMessage)} WAL bytes per message` +
      (w.statementsPerMessage === null
        ? '; statement counts unavailable (no pg_stat_statements in this PostgreSQL installation)'
        : `, ${w.statementsPerMessage.toFixed(1)} statements per message (BEGIN and COMMIT included) taking ${(w.statementMsPerMessage! * 1000).toFixed(0)} µs of execution in the server`),
  ];
  if (w.perDatabase)
    lines.push(
      `statements per message by database: ${w.perDatabase.map((d) => `${d.provider} ${d.statementsPerMessage.toFixed(1)} (${(d.statementMsPerMessage * 1000).toFixed(0)} µs)`).join(', ')}`,
    );
  if (w.topStatements) {
    lines.push('', '| database | statement | per message | total ms |', '|---|---|---:|---:|');
    for (const t of w.topStatements) {
      const q = t.query.length > 110 ? `${t.query.slice(0, 107)}…` : t.query;
      lines.push(`| ${t.database} | \`${q.replace(/\|/g, '\\|')}\` | ${t.perMessage.toFixed(2)} | ${fmtOps(t.totalMs)} |`);
    }
  }
  lines.push(
    '',
    `database sizes (after setup → after the run; growth per message written, warm-up included): ${w.sizes.map((x) => `${x.provider} ${mib(x.beforeBytes)} → ${mib(x.afterBytes)} (${fmtOps(x.bytesPerMessage)} B/msg)`).join(', ')}`,
    `the hub's largest tables after the run: ${w.hubTables.map((t) => `${t.table} ${mib(t.bytes)} (${fmtOps(t.rows)} rows)`).join(', ')}`,
  );
  return lines;
}
