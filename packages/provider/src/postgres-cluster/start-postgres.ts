/**
 * A throwaway PostgreSQL cluster, for tests and `mimi demo --store postgres`: initdb into a fresh
 * temporary folder, start `postgres` on a free loopback port with its unix socket inside that
 * folder, wait until it accepts connections, and hand back a connection URL. A real server, never
 * a mock, started in about a second.
 *
 * Nothing is left behind: stop() removes the folder, an exit hook stops clusters still running
 * when the process exits, and a watchdog process stops the cluster and removes its folder if this
 * process dies without running its exit hooks (SIGKILL of a test runner).
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from '../local-federation.ts';
import { asPostgresUser, runAsPostgres } from './as-postgres-user.ts';
import { postgresBinDir } from './bin-dir.ts';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The cluster's temporary folder (data directory, socket directory and server log). */
  dir: string;
  /**
   * Stops the server but keeps its data: connections fail until startServer(). `immediate` is a
   * crash of the server (no checkpoint; recovery at the next start), `fast` a clean shutdown.
   */
  stopServer(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Starts the stopped server again on the same port, with its data. */
  startServer(): Promise<void>;
  /** Fast shutdown, then removes the folder. Idempotent. */
  stop(): Promise<void>;
}

/** How long a start or stop may take before it fails (initdb plus server start take ~1-2 s here). */
const TIMEOUT_S = 30;

const running = new Set<{ stopNow(): void }>();
let exitHookInstalled = false;

/** On exit (a failed or crashed test included), stop every cluster still running, synchronously. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of running) c.stopNow();
  });
}

/** Single-quotes a path for sh; the paths here come from mkdtemp and the binaries' folder. */
function shellQuote(s: string): string {
  if (s.includes("'")) throw new Error(`cannot quote ${JSON.stringify(s)} for the cluster watchdog`);
  return `'${s}'`;
}

/**
 * A detached shell that waits for this process to die, then stops the server (immediate) and
 * removes the folder: what the exit hook cannot do after SIGKILL. Killed by a normal stop().
 */
function startWatchdog(stopArgv: readonly string[], dir: string): ChildProcess {
  const [cmd, args] = asPostgresUser(stopArgv);
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done`,
    `${[cmd, ...args].map(shellQuote).join(' ')} >/dev/null 2>&1`,
    `rm -rf ${shellQuote(dir)}`,
  ].join('; ');
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

/** Waits until a client can connect and run a query (pg_ctl -w already waited; this proves it over TCP). */
async function waitForConnections(url: string, deadline: number): Promise<void> {
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      await client.end().catch(() => {});
    }
  }
}

/** Starts a throwaway cluster on 127.0.0.1; call stop() when done. */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  installExitHook();
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sock');
  const serverLog = join(dir, 'server.log');
  mkdirSync(sockets);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(sockets, uid, gid);
  }
  const pgCtl = (...args: string[]) => [join(bin, 'pg_ctl'), ...args, '-D', data];
  const startArgv = pgCtl('start', '-l', serverLog, '-w', '-t', String(TIMEOUT_S));
  const stopArgv = (mode: 'fast' | 'immediate') => pgCtl('stop', '-m', mode, '-w', '-t', String(TIMEOUT_S));
  let watchdog: ChildProcess | undefined;
  let removed = false;
  const remove = () => {
    removed = true;
    watchdog?.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const entry = {
    stopNow: () => {
      const [cmd, args] = asPostgresUser(stopArgv('immediate'));
      spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
      remove();
    },
  };
  let url = '';
  let port = 0;
  try {
    // Trust authentication: the server listens on 127.0.0.1 only (and a socket in a private folder).
    // --no-sync: a throwaway cluster needs no durability of its own files.
    runAsPostgres([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], TIMEOUT_S);
    for (let attempt = 1; ; attempt++) {
      // The port was free a moment ago; another process may take it first, so retry a few times.
      port = await freeLoopbackPort();
      // Settings for speed, safe only because the cluster is thrown away: no fsync and no full-page
      // writes (a crash of the machine, not of postgres, could lose data, which tests do not care
      // about); small shared memory so several clusters fit on a small CI machine. Commits stay
      // synchronous: a committed transaction's WAL is written (to the OS) before COMMIT returns, so
      // killing the server (stopServer('immediate'), the fault tests) loses nothing acknowledged.
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          '',
          '# mimikit throwaway cluster (@mimikit/provider/postgres-cluster)',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${sockets}'`,
          'fsync = off',
          'full_page_writes = off',
          'shared_buffers = 16MB',
          'max_connections = 100',
          '',
        ].join('\n'),
      );
      try {
        runAsPostgres(startArgv, TIMEOUT_S + 5);
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    running.add(entry);
    watchdog = startWatchdog(stopArgv('immediate'), dir);
    url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitForConnections(url, Date.now() + TIMEOUT_S * 1000);
  } catch (err) {
    const log = existsSync(serverLog) ? readFileSync(serverLog, 'utf8') : '';
    running.delete(entry);
    entry.stopNow();
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${(err as Error).message}${log ? `\nserver log:\n${log}` : ''}`);
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    dir,
    stopServer: async (mode = 'fast') => {
      if (removed) throw new Error('the cluster was stopped and removed');
      runAsPostgres(stopArgv(mode), TIMEOUT_S + 5);
    },
    startServer: async () => {
      if (removed) throw new Error('the cluster was stopped and removed');
      runAsPostgres(startArgv, TIMEOUT_S + 5);
      await waitForConnections(url, Date.now() + TIMEOUT_S * 1000);
    },
    stop: () =>
      (stopped ??= (async () => {
        running.delete(entry);
        try {
          // Already stopped by stopServer: pg_ctl says so (exit 1); the folder goes either way.
          const [cmd, args] = asPostgresUser(stopArgv('fast'));
          spawnSync(cmd, args, { stdio: 'ignore', timeout: (TIMEOUT_S + 5) * 1000 });
        } finally {
          remove();
        }
      })()),
  };
}
