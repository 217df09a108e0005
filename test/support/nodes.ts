/**
 * A federation of real `mimi provider start` processes on loopback for the fault tests
 * (test/provider-faults/): the hub domain served by several nodes (same domain, certificates and
 * database; distinct node ids and ports) behind a TCP balancer whose port is the one every peer
 * configures for the hub, and each follower domain as one process behind a TcpGate (the port its
 * peers configure), so that a test can partition it or stall it while its own clients still reach
 * it. With `store: 'postgres'` every domain has its own database in one throwaway PostgreSQL
 * cluster; with `store: 'sqlite'` (one hub node only) each has its SQLite file.
 *
 * Everything it starts (processes, balancers, gates, the cluster, the folder) goes in close(),
 * which a test calls in afterEach/afterAll whatever happened; the last lines each process logged
 * are kept for failure messages (logTails()).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort, writeLocalFederation } from '@mimikit/provider';
import { type Balancer, startBalancer } from '@mimikit/provider/balancer';
import { type PostgresCluster, startPostgres } from '@mimikit/provider/postgres-cluster';
import { type ProviderProcess, spawnProvider } from '@mimikit/provider/process';
import { postgresDatabases } from './postgres-databases.ts';
import { MIMI_COMMAND } from './run-cli.ts';
import { startTcpGate, type TcpGate } from './tcp-gate.ts';

export interface NodesFederationOptions {
  /** The domain served by several nodes (the rooms' hub). */
  hub: string;
  followers: readonly string[];
  /** Hub nodes (default 2; SQLite allows one). */
  hubNodes?: number;
  store: 'postgres' | 'sqlite';
  /** User names, the same for every domain. */
  users: readonly string[];
  /** config.delivery of every provider, on top of short test defaults. */
  delivery?: Record<string, number>;
}

/** One process of the federation: a hub node or a follower. */
export interface NodeProcess {
  /** The node id (config `node`) for hub nodes, the domain for followers. */
  id: string;
  domain: string;
  configFile: string;
  /** Its client API (fixed across restarts, unless its port was taken meanwhile). */
  clientUrl: string;
  /** The running process, null while it is down. */
  process: ProviderProcess | null;
}

export interface NodesFederation {
  dir: string;
  postgres: PostgresCluster | null;
  hubNodes: NodeProcess[];
  followers: Map<string, NodeProcess>;
  /** The gate in front of a follower's federation port. */
  gate(domain: string): TcpGate;
  /** The client API a domain's clients use: for the hub, a balancer in front of its nodes' client APIs. */
  clientUrl(domain: string): string;
  /** Kills a hub node with SIGKILL: no shutdown, nothing flushed. */
  killNode(index: number): Promise<void>;
  /** Starts a hub node again (same id, ports and database). */
  startNode(index: number): Promise<void>;
  /** How many provider-to-provider requests each process answered with each status, by process id. */
  federationStatuses(): Map<string, Map<number, number>>;
  /** The last log lines of every process, for a failure message. */
  logTails(lines?: number): string;
  close(): Promise<void>;
}

/**
 * Delivery settings that keep the tests short: quick retries. The request deadline stays the
 * default (10 s): on a busy machine a shorter one times out commits a peer forwards to the hub,
 * leaving their senders unsure of the outcome.
 */
const TEST_DELIVERY = { baseDelayMs: 50, maxDelayMs: 500 };
/** Lease and poll settings for nodes on PostgreSQL: a dead node's queues are taken over within a couple of seconds. */
const TEST_POSTGRES_DELIVERY = { leaseMs: 2000, pollMs: 200 };
const LOG_LINES_KEPT = 300;

export async function startNodesFederation(o: NodesFederationOptions): Promise<NodesFederation> {
  const hubCount = o.hubNodes ?? 2;
  if (o.store === 'sqlite' && hubCount !== 1) throw new Error('several hub nodes need the PostgreSQL store');
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-nodes-'));
  const domains = [o.hub, ...o.followers];
  const logs = new Map<string, string[]>();
  const statuses = new Map<string, Map<number, number>>();
  const hubNodes: NodeProcess[] = [];
  const followers = new Map<string, NodeProcess>();
  const gates = new Map<string, TcpGate>();
  const balancers: Balancer[] = [];
  let postgres: PostgresCluster | null = null;

  /** Where each process listens now: its ports change when one was taken before it could bind it. */
  const listening = new Map<NodeProcess, { port: number; clientPort: number; config: Record<string, unknown> }>();
  let clientBalancer: Balancer | null = null;
  /** Points the balancers and gates at the processes' current ports. */
  const route = () => {
    balancers[0]?.setBackends(hubNodes.map((n) => ({ host: '127.0.0.1', port: listening.get(n)!.port })));
    clientBalancer?.setBackends(hubNodes.map((n) => ({ host: '127.0.0.1', port: listening.get(n)!.clientPort })));
    for (const [d, f] of followers) gates.get(d)?.setBackend({ host: '127.0.0.1', port: listening.get(f)!.port });
  };
  /** (Re)writes a process's config with fresh federation and client ports. */
  const assignPorts = async (n: NodeProcess) => {
    const l = listening.get(n)!;
    l.port = await freeLoopbackPort();
    l.clientPort = await freeLoopbackPort();
    l.config.listen = { host: '127.0.0.1', port: l.port };
    l.config.clientListen = { host: '127.0.0.1', port: l.clientPort };
    writeFileSync(n.configFile, `${JSON.stringify(l.config, null, 2)}\n`);
    n.clientUrl = `http://127.0.0.1:${l.clientPort}`;
  };
  const spawn = async (n: NodeProcess) => {
    const lines = logs.get(n.id) ?? [];
    logs.set(n.id, lines);
    const counts = statuses.get(n.id) ?? new Map<number, number>();
    statuses.set(n.id, counts);
    for (let attempt = 1; ; attempt++) {
      lines.push(`--- start ${new Date().toISOString()}`);
      try {
        n.process = await spawnProvider(MIMI_COMMAND, n.domain, n.configFile, (r) => counts.set(r.status, (counts.get(r.status) ?? 0) + 1));
        break;
      } catch (err) {
        // A port that was free when chosen was taken (by another test run) before the process bound
        // it: choose others, and point the balancer or gate at them.
        if (attempt >= 5 || !/EADDRINUSE/.test((err as Error).message)) throw err;
        lines.push(`--- ${(err as Error).message.split('\n').find((l) => l.includes('EADDRINUSE'))}: new ports`);
        await assignPorts(n);
        route();
      }
    }
    const p = n.process;
    p.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter((l) => l.length > 0 && !l.includes('"mimi-request"')));
      if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
    });
    p.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => lines.push(chunk));
  };
  const closeAll = async () => {
    await Promise.all([...hubNodes, ...followers.values()].map((n) => n.process?.kill()));
    await Promise.all([...balancers, ...gates.values()].map((b) => b.close()));
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const stores = new Map<string, string>();
    if (o.store === 'postgres') {
      postgres = await startPostgres();
      // Migrated before any node starts: nodes starting together then only check the schema.
      const databases = postgresDatabases(postgres, 'faults');
      for (const d of domains) stores.set(d, await databases.migrated());
    }
    // The ports peers know are bound (by the balancer and the gates) right after they are chosen.
    const files = await writeLocalFederation({
      dir,
      domains,
      users: o.users,
      delivery: { ...TEST_DELIVERY, ...(o.store === 'postgres' ? TEST_POSTGRES_DELIVERY : {}), ...o.delivery },
    });
    /**
     * One process of `domain`: a copy of its config with its own federation and client ports, its
     * node id and the PostgreSQL database. The port in the written config (the one peers know)
     * stays the balancer's or the gate's.
     */
    const processFor = async (domain: string, id: string): Promise<NodeProcess> => {
      const config = JSON.parse(readFileSync(files.get(domain)!, 'utf8')) as Record<string, unknown>;
      const store = stores.get(domain);
      if (store) {
        config.store = store;
        config.node = id;
      }
      const n: NodeProcess = { id, domain, configFile: join(dir, `${id}.json`), clientUrl: '', process: null };
      listening.set(n, { port: 0, clientPort: 0, config });
      await assignPorts(n);
      return n;
    };
    const publicPort = (domain: string) =>
      Number(new URL((JSON.parse(readFileSync(files.get(domain)!, 'utf8')) as { publicBaseUrl: string }).publicBaseUrl).port);

    for (let i = 1; i <= hubCount; i++) hubNodes.push(await processFor(o.hub, `${o.hub}-node-${i}`));
    for (const d of o.followers) followers.set(d, await processFor(d, d));
    const backends = (key: 'port' | 'clientPort') => hubNodes.map((n) => ({ host: '127.0.0.1', port: listening.get(n)![key] }));
    balancers.push(await startBalancer({ backends: backends('port'), port: publicPort(o.hub), connectTimeoutMs: 1000 }));
    clientBalancer = await startBalancer({ backends: backends('clientPort'), connectTimeoutMs: 1000 });
    balancers.push(clientBalancer);
    for (const [d, f] of followers) gates.set(d, await startTcpGate(publicPort(d), { host: '127.0.0.1', port: listening.get(f)!.port }));
    // Every start settles before a failure is thrown: closeAll() must find every process that did start.
    const started = await Promise.allSettled([...hubNodes, ...followers.values()].map(spawn));
    for (const r of started) if (r.status === 'rejected') throw r.reason;
    const hubClientUrl = `http://127.0.0.1:${clientBalancer.port}`;

    const follower = (domain: string) => {
      const f = followers.get(domain);
      if (!f) throw new Error(`no follower ${domain}`);
      return f;
    };
    const node = (index: number) => {
      const n = hubNodes[index];
      if (!n) throw new Error(`no hub node ${index}`);
      return n;
    };
    return {
      dir,
      postgres,
      hubNodes,
      followers,
      gate: (domain) => {
        const g = gates.get(domain);
        if (!g) throw new Error(`no gate for ${domain}`);
        return g;
      },
      clientUrl: (domain) => (domain === o.hub ? hubClientUrl : follower(domain).clientUrl),
      killNode: async (index) => {
        const n = node(index);
        await n.process?.kill();
        logs.get(n.id)?.push(`--- SIGKILL ${new Date().toISOString()}`);
        n.process = null;
      },
      startNode: (index) => spawn(node(index)),
      federationStatuses: () => statuses,
      logTails: (n = 40) => [...logs].map(([id, lines]) => `== ${id}\n${lines.slice(-n).join('\n')}`).join('\n'),
      close: closeAll,
    };
  } catch (err) {
    const tails = [...logs].map(([id, lines]) => `== ${id}\n${lines.slice(-20).join('\n')}`).join('\n');
    await closeAll();
    throw tails ? new Error(`${(err as Error).message}\n${tails}`, { cause: err }) : err;
  }
}

/** GET /readyz of a client API: its status and Retry-After header (null when absent). */
export async function readiness(clientUrl: string): Promise<{ status: number; retryAfter: string | null }> {
  const res = await fetch(`${clientUrl}/readyz`, { signal: AbortSignal.timeout(5000) });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}
