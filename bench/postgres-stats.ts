/**
 * What the PostgreSQL server does during a provider benchmark run on a throwaway cluster
 * (`npm run bench -- provider --store postgres`): statements, their calls and execution time
 * (pg_stat_statements, loaded by restarting the cluster once; counted in shared memory as they
 * finish, unlike pg_stat_database, whose counters a backend may flush seconds later), write
 * transactions (how far the next transaction id moved: only writing transactions take one), WAL
 * bytes (how far the WAL insert position moved), the CPU time of all the server's processes
 * (/proc), and each database's size. Linux only (/proc), like the processes bench.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PostgresCluster } from '@mimikit/provider/postgres-cluster';

async function withClient<T>(url: string, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/**
 * Loads pg_stat_statements into the cluster (shared_preload_libraries needs a restart; the
 * cluster is fresh, nothing runs on it yet). false when this PostgreSQL installation lacks it:
 * the run then reports no statement counts.
 */
export async function loadStatementStats(cluster: PostgresCluster): Promise<boolean> {
  const available = await withClient(cluster.url, async (c) => {
    const r = await c.query("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_stat_statements'");
    if (r.rowCount === 0) return false;
    await c.query("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'");
    return true;
  });
  if (!available) return false;
  await cluster.stopServer('fast');
  await cluster.startServer();
  await withClient(cluster.url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
  return true;
}

/** Where the server is now: the next transaction id and the WAL insert position; the statement counters start again from zero. */
export interface ServerMark {
  nextXid: bigint;
  walLsn: string;
}

export async function markServer(url: string, statements: boolean): Promise<ServerMark> {
  return withClient(url, async (c) => {
    if (statements) await c.query('SELECT pg_stat_statements_reset()');
    const r = await c.query<{ xid: string; lsn: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid, pg_current_wal_lsn()::text AS lsn');
    return { nextXid: BigInt(r.rows[0]!.xid), walLsn: r.rows[0]!.lsn };
  });
}

export interface StatementStats {
  database: string;
  query: string;
  calls: number;
  totalMs: number;
}

/** What the server did since `mark`: write transactions, WAL bytes and (with pg_stat_statements) every statement of `databases`. */
export async function serverWorkSince(
  url: string,
  mark: ServerMark,
  databases: readonly string[],
  statements: boolean,
): Promise<{ writeTransactions: number; walBytes: number; statements: StatementStats[] | null }> {
  return withClient(url, async (c) => {
    const r = await c.query<{ xid: string; wal: string }>(
      'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid, pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::text AS wal',
      [mark.walLsn],
    );
    // This query's own connection took no transaction id: reading needs none.
    const writeTransactions = Number(BigInt(r.rows[0]!.xid) - mark.nextXid);
    const walBytes = Number(r.rows[0]!.wal);
    if (!statements) return { writeTransactions, walBytes, statements: null };
    const s = await c.query<{ datname: string; query: string; calls: string; total: number }>(
      `SELECT d.datname, s.query, s.calls::text AS calls, s.total_exec_time AS total
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = ANY($1)`,
      [databases],
    );
    return {
      writeTransactions,
      walBytes,
      statements: s.rows.map((x) => ({ database: x.datname, query: x.query.replace(/\s+/g, ' ').trim(), calls: Number(x.calls), totalMs: x.total })),
    };
  });
}

/** Each database's size on disk, bytes (pg_database_size: tables, indexes, TOAST, free space maps). */
export async function databaseSizes(url: string, databases: readonly string[]): Promise<Map<string, number>> {
  return withClient(url, async (c) => {
    const r = await c.query<{ datname: string; size: string }>(
      'SELECT datname, pg_database_size(datname)::text AS size FROM pg_database WHERE datname = ANY($1)',
      [databases],
    );
    return new Map(r.rows.map((x) => [x.datname, Number(x.size)]));
  });
}

/** The largest tables of one database with their indexes and TOAST, bytes, and their live rows (as last counted). */
export async function largestTables(databaseUrl: string, n: number): Promise<Array<{ table: string; bytes: number; rows: number }>> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ relname: string; bytes: string; rows: string }>(
      `SELECT relname, pg_total_relation_size(relid)::text AS bytes, n_live_tup::text AS rows
         FROM pg_stat_user_tables ORDER BY pg_total_relation_size(relid) DESC LIMIT $1`,
      [n],
    );
    return r.rows.map((x) => ({ table: x.relname, bytes: Number(x.bytes), rows: Number(x.rows) }));
  });
}

/** User + system CPU of one process (`self`) and of its children it has waited for (`children`), in clock ticks, from /proc/<pid>/stat. */
function ticksOf(pid: number): { ppid: number; self: number; children: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // exited meanwhile
  }
  // After the command name (in parentheses, may hold spaces): state, ppid, … utime (14), stime, cutime, cstime.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { ppid: Number(f[1]), self: Number(f[11]) + Number(f[12]), children: Number(f[13]) + Number(f[14]) };
}

/**
 * CPU time of the whole server so far, ms: the postmaster, the backends that ended (their time is
 * in the postmaster's children's counters once reaped) and the processes still running
 * (backends, WAL writer, checkpointer, autovacuum).
 */
export function serverCpuMs(cluster: PostgresCluster, ticksPerSecond: number): number {
  const pidFile = join(cluster.dir, 'data', 'postmaster.pid');
  if (!existsSync(pidFile)) throw new Error(`no ${pidFile}: the cluster is not running`);
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const root = ticksOf(postmaster);
  if (!root) throw new Error(`the cluster's postmaster ${postmaster} is gone`);
  let ticks = root.self + root.children;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = ticksOf(Number(entry));
    if (t && t.ppid === postmaster) ticks += t.self;
  }
  return (ticks * 1000) / ticksPerSecond;
}
