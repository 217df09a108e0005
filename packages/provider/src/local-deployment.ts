/**
 * A federation of provider processes on one machine, for `mimi demo` and the provider benchmarks:
 * writeLocalFederation's PKI and configuration files, each domain on its SQLite file or on a
 * database of its own on one PostgreSQL server, and chosen domains served by several
 * `mimi provider start` nodes (distinct `node` ids and ports, one database) behind two balancers
 * (@mimikit/provider/balancer): one on the domain's federation address, which the peers'
 * configurations name, one in front of the nodes' client APIs. What an operator does with several
 * machines and an L4 load balancer, on loopback.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { type Balancer, startBalancer } from './balancer/index.ts';
import { freeLoopbackPort, type LocalFederationOptions, writeLocalFederation } from './local-federation.ts';
import { type ProviderProcess, type RequestLog, spawnProvider } from './process.ts';

export interface LocalDeploymentOptions extends LocalFederationOptions {
  /** How to run `mimi` (Node, its flags, the entry script). */
  command: readonly string[];
  /**
   * A PostgreSQL server's URL (its maintenance database, e.g. `startPostgres().url`): each domain
   * gets a fresh database there, named after it (`a_example`), created here and dropped by stop().
   * Default: each domain's SQLite file in `dir`.
   */
  postgres?: string;
  /**
   * The node ids of the domains served by balanced nodes (e.g. `{ 'a.example': ['hub-1', 'hub-2'] }`):
   * one process per id, behind the domain's balancers (a single id too, so that one and two nodes
   * are compared through the same path). More than one node needs `postgres`: a SQLite file
   * belongs to one process. Other domains run one node, reached directly.
   */
  nodes?: Readonly<Record<string, readonly string[]>>;
  /**
   * With `postgres`: how many connections each domain's database gets from all its nodes together,
   * shared evenly (a node of n gets ⌈total / n⌉ as its store's `maxConnections`), so that one and
   * several nodes put the same load of sessions on the database. Default: every node its store's
   * default pool (10), n nodes n times as many.
   */
  databaseConnections?: number;
  /** Each provider-to-provider request as the node that served it logged it (`node`: its id, null for a domain's only node). */
  onRequest?: (r: RequestLog, node: string | null) => void;
  /** Every other log entry with an `event`, as the node logged it. */
  onEvent?: (entry: Record<string, unknown>, origin: { domain: string; node: string | null }) => void;
}

/** One running `mimi provider start` process. */
export interface DeployedNode {
  domain: string;
  /** Its `node` id; null for a domain's only node (no balancer). */
  node: string | null;
  process: ProviderProcess;
}

export interface LocalDeployment {
  nodes: readonly DeployedNode[];
  /** Per domain: where its clients reach it (the client balancer for balanced domains). */
  clientUrls: ReadonlyMap<string, string>;
  /** Per domain: where peers reach it (the federation balancer for balanced domains). */
  federationUrls: ReadonlyMap<string, string>;
  /** Per domain: its database's URL (with `postgres`). */
  databases: ReadonlyMap<string, string>;
  /** Connections each balancer of `domain` passed to each of its nodes so far, by node id. */
  balancedConnections(domain: string): Map<string, { federation: number; client: number }>;
  /** Stops every node (SIGTERM, then SIGKILL after `graceMs`), closes the balancers, drops the databases. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** What a node id may be: it names a configuration file and appears in logs. */
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** The database of `domain`: its name with every character but letters and digits as `_` (a_example). */
export function databaseName(domain: string): string {
  return domain.toLowerCase().replace(/[^a-z0-9]/g, '_');
}

function checkNodes(o: LocalDeploymentOptions): void {
  for (const [domain, ids] of Object.entries(o.nodes ?? {})) {
    if (!o.domains.includes(domain)) throw new RangeError(`nodes: ${domain} is not one of the domains (${o.domains.join(', ')})`);
    if (ids.length === 0 || ids.length > 16) throw new RangeError(`nodes: ${domain} needs 1 to 16 node ids, got ${ids.length}`);
    for (const id of ids)
      if (!NODE_ID.test(id)) throw new RangeError(`nodes: ${JSON.stringify(id)} is not a node id (letters, digits, '.', '_', '-'; at most 64)`);
    if (new Set(ids).size !== ids.length) throw new RangeError(`nodes: ${domain}'s node ids repeat: ${ids.join(', ')}`);
    if (ids.length > 1 && o.postgres === undefined)
      throw new RangeError(`nodes: ${domain} as ${ids.length} nodes needs a PostgreSQL store (postgres): a SQLite file belongs to one process`);
  }
  const total = o.databaseConnections;
  if (total !== undefined) {
    if (o.postgres === undefined) throw new RangeError('databaseConnections needs a PostgreSQL store (postgres)');
    if (!Number.isInteger(total) || total < 1 || total > 1000) throw new RangeError(`databaseConnections must be an integer from 1 to 1000, got ${total}`);
  }
}

/** A domain's database in a node's configuration: its URL, with the node's share of databaseConnections when given. */
function storeOf(url: string, nodeCount: number, databaseConnections: number | undefined): string | { url: string; maxConnections: number } {
  return databaseConnections === undefined ? url : { url, maxConnections: Math.ceil(databaseConnections / nodeCount) };
}

/** Creates one database per domain on the server; returns their URLs. */
async function createDatabases(serverUrl: string, domains: readonly string[]): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const urls = new Map<string, string>();
  try {
    for (const d of domains) {
      const name = databaseName(d);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      urls.set(d, url.href);
    }
  } finally {
    await client.end();
  }
  return urls;
}

/** Drops the databases (FORCE: a node killed mid-run may leave a session behind). */
async function dropDatabases(serverUrl: string, domains: Iterable<string>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const d of domains) await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(databaseName(d))} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

const hostPort = (url: string) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

export async function startLocalDeployment(o: LocalDeploymentOptions): Promise<LocalDeployment> {
  checkNodes(o);
  const files = await writeLocalFederation(o);
  const databases = o.postgres === undefined ? new Map<string, string>() : await createDatabases(o.postgres, o.domains);
  const nodes: DeployedNode[] = [];
  const balancers = new Map<string, { federation: Balancer; client?: Balancer; byBackend: Map<string, string> }>();
  const clientUrls = new Map<string, string>();
  const federationUrls = new Map<string, string>();
  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 10_000) =>
    (stopped ??= (async () => {
      await Promise.allSettled(nodes.map((n) => n.process.stop(graceMs)));
      await Promise.allSettled([...balancers.values()].flatMap((b) => [b.federation.close(), b.client?.close()]));
      if (o.postgres !== undefined && databases.size > 0) await dropDatabases(o.postgres, databases.keys());
    })());
  try {
    /** The configuration files of a domain's nodes, by node id (null: its only, unbalanced node). */
    const configs = new Map<string, Array<{ node: string | null; file: string }>>();
    for (const domain of o.domains) {
      const file = files.get(domain)!;
      const config = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & { listen: { host: string; port: number } };
      const database = databases.get(domain);
      const ids = o.nodes?.[domain];
      if (database !== undefined) config.store = storeOf(database, ids?.length ?? 1, o.databaseConnections);
      if (ids === undefined) {
        writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
        configs.set(domain, [{ node: null, file }]);
        federationUrls.set(domain, `https://${config.listen.host}:${config.listen.port}`);
        continue;
      }
      // The domain's own port (the one its peers were configured with) becomes the balancer's; each node listens on a new one.
      const perNode: Array<{ node: string; file: string }> = [];
      const byBackend = new Map<string, string>();
      for (const id of ids) {
        const port = await freeLoopbackPort();
        const nodeFile = join(o.dir, `${domain}.${id}.json`);
        writeFileSync(nodeFile, `${JSON.stringify({ ...config, node: id, listen: { ...config.listen, port } }, null, 2)}\n`);
        perNode.push({ node: id, file: nodeFile });
        byBackend.set(`${config.listen.host}:${port}`, id);
      }
      const federation = await startBalancer({
        host: config.listen.host,
        port: config.listen.port,
        backends: [...byBackend.keys()].map((k) => hostPort(`https://${k}`)),
      });
      balancers.set(domain, { federation, byBackend });
      configs.set(domain, perNode);
      federationUrls.set(domain, `https://${config.listen.host}:${config.listen.port}`);
    }

    // Domains start in parallel; a domain's nodes one after the other, so the first one alone runs
    // the schema migrations and creates the domain's shared secrets.
    const started = await Promise.allSettled(
      o.domains.map(async (domain) => {
        for (const { node, file } of configs.get(domain)!) {
          const child = await spawnProvider(
            o.command,
            domain,
            file,
            (r) => o.onRequest?.(r, node),
            (e) => o.onEvent?.(e, { domain, node }),
          );
          nodes.push({ domain, node, process: child });
        }
      }),
    );
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;

    for (const domain of o.domains) {
      const own = nodes.filter((n) => n.domain === domain);
      const b = balancers.get(domain);
      if (!b) {
        clientUrls.set(domain, own[0]!.process.clientUrl);
        continue;
      }
      const backends = own.map((n) => hostPort(n.process.clientUrl));
      b.client = await startBalancer({ host: backends[0]!.host, backends });
      for (const [k, n] of own.map((x, i) => [`${backends[i]!.host}:${backends[i]!.port}`, x.node!] as const)) b.byBackend.set(k, n);
      clientUrls.set(domain, `http://${b.client.host}:${b.client.port}`);
    }
  } catch (err) {
    await stop(2000).catch(() => {});
    throw err;
  }
  return {
    nodes,
    clientUrls,
    federationUrls,
    databases,
    balancedConnections: (domain) => {
      const b = balancers.get(domain);
      const out = new Map<string, { federation: number; client: number }>();
      if (!b) return out;
      for (const id of new Set(b.byBackend.values())) out.set(id, { federation: 0, client: 0 });
      for (const [backend, n] of b.federation.connections()) {
        const counts = out.get(b.byBackend.get(backend) ?? '');
        if (counts) counts.federation += n;
      }
      for (const [backend, n] of b.client?.connections() ?? []) {
        const counts = out.get(b.byBackend.get(backend) ?? '');
        if (counts) counts.client += n;
      }
      return out;
    },
    stop,
  };
}
