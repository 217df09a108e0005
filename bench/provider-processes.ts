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
import { writeLocalFederation } from '@mimikit/provider';
import { type ProviderProcess, spawnProvider } from '@mimikit/provider/process';
import { createMimiClient, type MimiClient } from '@mimikit/provider-client/client';
import { MIMI_COMMAND } from '../test/support/run-cli.ts';
import { ADMIN_ROLE, PARTICIPANT_ROLE, participantAndAdminRoles } from '../test/support/room-roles.ts';
import { fmtOps } from './measure.ts';
import {
  BARE_CONNECTIONS,
  barePostRate,
  checkExactlyOnce,
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

export type ProviderProcessesOptions = Omit<ProviderBenchOptions, 'profile'>;

/** CPU time of one OS process over the timed run. */
export interface ProcessCpu {
  process: string;
  cpuMs: number;
  usPerMessage: number;
  /** Of the CPU time of all four processes. */
  share: number;
  /** cpuMs ÷ wall time: 1 is one core busy all the time. */
  cores: number;
}

export interface ProviderProcessesResult {
  node: string;
  method: {
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
  delivered: { messages: number; receivers: number; duplicates: number; missing: number; decryptedSample: number };
  cpu: ProcessCpu[];
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
async function setUpRoomOverClientApi(clientUrls: Map<string, string>, suite: CipherSuite): Promise<Member[]> {
  const auth = mimiAuthService({ domains: [...DOMAINS], acceptUnverified: true });
  const register = async (name: keyof typeof USERS, device: string) => {
    const user = USERS[name];
    const domain = new URL(user).host;
    const client = `${user.replace('/u/', '/d/')}/${device}`;
    const baseUrl = clientUrls.get(domain)!;
    const { token } = await createMimiClient({ baseUrl }).registerClient({ user, client });
    return { name, domain, client, baseUrl, token, api: createMimiClient({ baseUrl, token }) };
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

export async function runProviderProcessesBench(options: ProviderProcessesOptions = {}): Promise<ProviderProcessesResult> {
  const maxMessages = options.messages ?? 3000;
  const durationMs = options.durationMs ?? 10_000;
  const warmup = options.warmup ?? 200;
  const inFlight = options.inFlight ?? 32;
  const payloadBytes = options.payloadBytes ?? 1024;
  const bareMs = options.bareMs ?? 3000;
  const start = performance.now();
  const ticks = clockTicks();

  const dir = mkdtempSync(join(tmpdir(), 'mimikit-bench-processes-'));
  const processes: ProviderProcess[] = [];
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
  const dispatchers = Array.from({ length: inFlight + DOMAINS.length }, (_, k) => fromLoopbackAddress(k));
  // Should this process die before the finally below runs (an uncaught error elsewhere, process.exit),
  // the providers and their folder must not outlive it.
  const onExit = () => {
    for (const p of processes) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  try {
    const files = await writeLocalFederation({
      dir,
      domains: DOMAINS,
      users: { 'a.example': ['alice'], 'b.example': ['bob'], 'c.example': ['cathy'] },
      delivery: { baseDelayMs: 50, maxDelayMs: 1000 },
      // Bob's and Cathy's submitters all go through their provider to the hub: admit them all at once.
      limits: { maxBodiesInFlightPerPeer: inFlight },
    });
    const started = await Promise.allSettled(DOMAINS.map((d) => spawnProvider(MIMI_COMMAND, d, files.get(d)!, () => federationRequests++)));
    for (const s of started) if (s.status === 'fulfilled') processes.push(s.value);
    const notStarted = started.find((s) => s.status === 'rejected');
    if (notStarted) throw notStarted.reason;
    for (const p of processes)
      p.child.once('exit', (code, signal) => {
        if (!stopReaders) fail(new Error(`${p.domain}: provider process exited (${signal ?? code}) during the run`));
      });

    const suite = await cipherSuite(SUITE);
    const members = await setUpRoomOverClientApi(new Map(processes.map((p) => [p.domain, p.clientUrl])), suite);

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
    const clientOf = (slot: number, m: Member) => {
      const key = `${slot} ${m.client}`;
      let api = slotClients.get(key);
      if (!api) slotClients.set(key, (api = createMimiClient({ baseUrl: m.baseUrl, token: m.token, dispatcher: dispatchers[slot]! })));
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
      ...processes.map((p) => ({ name: `${p.domain}${p.domain === 'a.example' ? ' (hub)' : ' (follower)'}`, pid: p.child.pid! })),
      { name: 'bench (submitters, readers)', pid: process.pid },
    ];
    const cpu0 = pids.map((p) => cpuMsOf(p.pid, ticks));
    const machine0 = machineCpuMs(ticks);
    const requests0 = federationRequests;
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const end = await phase(warmup, total, t0 + durationMs);
    const wallMs = performance.now() - t0;
    const cpuMs = pids.map((p, k) => cpuMsOf(p.pid, ticks) - cpu0[k]!);
    const machine1 = machineCpuMs(ticks);
    const benchLoopUtilization = performance.eventLoopUtilization(elu0).utilization;
    const messages = end - warmup;
    const federationRequestsPerMessage = (federationRequests - requests0) / messages;

    // Every submitted message is in every inbox: a duplicate would come after its first copy, give it time.
    await new Promise((r) => setTimeout(r, 500));
    stopReaders = true;
    await Promise.all(readers);
    if (failure) throw failure;

    const { missing, duplicates } = checkExactlyOnce(arrivals.seenCount.values(), end, arrivals.unknown);
    const decryptedSample = await decryptSample(members, outgoing);

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
      method: { messages, maxMessages, durationMs, warmup, inFlight, payloadBytes, messageBytes, bareMs },
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
      delivered: { messages: end, receivers: members.length, duplicates, missing, decryptedSample },
      cpu: pids.map((p, k) => ({
        process: p.name,
        cpuMs: cpuMs[k]!,
        usPerMessage: (cpuMs[k]! * 1000) / messages,
        share: cpuMs[k]! / cpuTotal,
        cores: cpuMs[k]! / wallMs,
      })),
      federationRequestsPerMessage,
      machine: { busyCores: (machine1.busy - machine0.busy) / wallMs, cores: (machine1.total - machine0.total) / wallMs },
      benchLoopUtilization,
      totalMs: performance.now() - start,
    };
  } finally {
    stopReaders = true;
    await Promise.allSettled(readers);
    await Promise.allSettled(processes.map((p) => p.stop(5000)));
    await Promise.allSettled(dispatchers.map((d) => d.close()));
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('exit', onExit);
  }
}

export function formatProviderProcessesBench(r: ProviderProcessesResult): string {
  const m = r.method;
  const cpuTotal = r.cpu.reduce((s, c) => s + c.cpuMs, 0);
  const lines = [
    `Provider benchmark, one OS process per provider (Node ${r.node}; \`mimi provider start\` with the default config: SQLite in WAL with synchronous = FULL, info logging)`,
    `room on a.example (hub) with one client on each of a.example, b.example, c.example; ${fmtOps(m.messages)} timed messages (the first ${(m.durationMs / 1000).toFixed(0)} s of submissions, at most ${fmtOps(m.maxMessages)}) after ${fmtOps(m.warmup)} warm-up; ${m.inFlight} submitters in flight over the client API (HTTP); senders round-robin`,
    `messages: real MLS PrivateMessages (${m.payloadBytes} B plaintext, ${m.messageBytes} B on the wire), pre-encrypted by their senders (ts-mls: ${r.encryptUs.toFixed(0)} µs each, not in the timed pipeline)`,
    '',
    '| | rate/s | p50 ms | p99 ms |',
    '|---|---:|---:|---:|',
    `| providers in 3 processes: submit → in every client's inbox | ${fmtOps(r.provider.msgsPerSec)} msgs | ${ms(r.provider.latencyMs.p50)} | ${ms(r.provider.latencyMs.p99)} |`,
    `| bare fastify HTTPS POST (1 KiB, ${r.bare.connections} keep-alive connections, one process) | ${fmtOps(r.bare.postsPerSec)} POSTs | | |`,
    '',
    `ratio provider msgs/s ÷ bare POSTs/s = ${r.ratio.toFixed(3)} (goal >= 0.25); all three inboxes: p50 ${ms(r.provider.allReceivedMs.p50)} ms, p99 ${ms(r.provider.allReceivedMs.p99)} ms; submit → accepted: p50 ${ms(r.provider.acceptedMs.p50)} ms, p99 ${ms(r.provider.acceptedMs.p99)} ms`,
    `delivery: ${fmtOps(r.delivered.messages)} messages × ${r.delivered.receivers} inboxes, each exactly once (0 missing, 0 duplicated); Bob and Cathy decrypted ${r.delivered.decryptedSample} sampled messages; ${r.federationRequestsPerMessage.toFixed(2)} provider-to-provider requests per message`,
    '',
    'Latency by hop (timed messages)',
    '',
    '| hop | p50 ms | p99 ms | samples |',
    '|---|---:|---:|---:|',
    ...r.hops.map((h) => `| ${h.hop} | ${ms(h.p50)} | ${ms(h.p99)} | ${fmtOps(h.n)} |`),
    '',
    `Where the time goes: CPU (user + system, all threads) of each process over the timed run (${(r.provider.wallMs / 1000).toFixed(1)} s wall)`,
    '',
    '| process | CPU s | µs per message | share of CPU | cores busy |',
    '|---|---:|---:|---:|---:|',
    ...r.cpu.map(
      (c) => `| ${c.process} | ${(c.cpuMs / 1000).toFixed(2)} | ${fmtOps(c.usPerMessage)} | ${(c.share * 100).toFixed(0)}% | ${c.cores.toFixed(2)} |`,
    ),
    `| all | ${(cpuTotal / 1000).toFixed(2)} | ${fmtOps((cpuTotal * 1000) / m.messages)} | 100% | ${(cpuTotal / r.provider.wallMs).toFixed(2)} |`,
    '',
    `the whole machine over the timed run: ${r.machine.busyCores.toFixed(2)} of ${r.machine.cores.toFixed(1)} cores busy (these four processes: ${(cpuTotal / r.provider.wallMs).toFixed(2)}; the rest is other work on the machine)`,
    // Bounds, not measurements: what the CPU per message allows when the cores are not shared with other work.
    `bounds from CPU per message (not measured rates): the four processes on all ${r.machine.cores.toFixed(0)} cores of this machine at most ${fmtOps((r.machine.cores * 1e6 * m.messages) / (cpuTotal * 1000))} msgs/s; the hub on one core of its own at most ${fmtOps(1e6 / r.cpu[0]!.usPerMessage)} msgs/s`,
    `bench process event loop busy ${(r.benchLoopUtilization * 100).toFixed(0)}% of the time; total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
