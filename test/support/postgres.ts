/**
 * A throwaway PostgreSQL cluster for tests (issue 16): initdb into a fresh temporary folder, start
 * `postgres` on a free loopback port with its unix socket inside that folder, wait until it accepts
 * connections, and hand back a connection URL. A real server, never a mock.
 *
 * The server binaries (PostgreSQL 15) are found in /usr/lib/postgresql/15/bin, else in
 * `pg_config --bindir`, else on PATH, else another version's /usr/lib/postgresql/<n>/bin; .ci/run
 * installs Debian's `postgresql-15` (or `postgresql`) when none is found.
 * PostgreSQL refuses to run as root, so when the tests run as root the cluster is created and run
 * as the `postgres` OS user (through runuser, or su), which then owns the temporary folder.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeLoopbackPort } from '@mimikit/provider';
import pg from 'pg';

export interface PostgresCluster {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** The cluster's temporary folder (data directory, socket directory and server log). */
  dir: string;
  /** Fast shutdown, then removes the folder. Idempotent. */
  stop(): Promise<void>;
}

const INSTALL_HINT =
  'install the PostgreSQL 15 server binaries: `apt-get install -y postgresql-15` on Debian ' +
  '(.ci/run does this when they are missing), or put a folder holding initdb, pg_ctl and postgres ' +
  'on PATH';

/** How long start-up may take before it fails (initdb plus server start take ~1-2 s here). */
const START_TIMEOUT_S = 30;

function hasServer(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)));
}

/** The folder holding initdb, pg_ctl and postgres, or an Error saying how to install them. */
export function postgresBinDir(): string {
  const candidates = ['/usr/lib/postgresql/15/bin'];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config: try PATH below
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  // Another major version from Debian's packages (.ci/run falls back to `postgresql`), newest first.
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  for (const v of versions.sort((x, y) => Number(y) - Number(x))) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  const found = candidates.find(hasServer);
  if (!found) {
    const named = [...new Set(candidates.slice(0, 2))].join(', ');
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in ${named} or on PATH: ${INSTALL_HINT}`);
  }
  return found;
}

/** argv prefix that runs a command as the `postgres` OS user when we are root (PostgreSQL refuses root). */
function asPostgresUser(argv: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [argv[0] as string, argv.slice(1)];
  if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser')) return ['runuser', ['-u', 'postgres', '--', ...argv]];
  // su takes one shell command line: the arguments are paths and options without quotes or spaces.
  return ['su', ['postgres', '-s', '/bin/sh', '-c', argv.map((a) => `'${a}'`).join(' ')]];
}

function run(argv: string[], timeoutS: number): void {
  const [cmd, args] = asPostgresUser(argv);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutS * 1000 });
  if (r.error || r.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
}

const running = new Set<PostgresCluster>();
let exitHookInstalled = false;

/** On exit (a failed or crashed test included), stop every cluster still running, synchronously. */
function installExitHook(bin: string): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const c of running) {
      const [cmd, args] = asPostgresUser([join(bin, 'pg_ctl'), 'stop', '-D', join(c.dir, 'data'), '-m', 'immediate', '-w', '-t', '10']);
      spawnSync(cmd, args, { stdio: 'ignore', timeout: 15_000 });
      rmSync(c.dir, { recursive: true, force: true });
    }
  });
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

/** Starts a throwaway cluster on 127.0.0.1; call stop() when done (an exit hook also stops it). */
export async function startPostgres(): Promise<PostgresCluster> {
  const bin = postgresBinDir();
  installExitHook(bin);
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-pg-'));
  const data = join(dir, 'data');
  const sockets = join(dir, 'sock');
  mkdirSync(sockets);
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(sockets, uid, gid);
  }
  const cluster: PostgresCluster = { url: '', port: 0, dir, stop: async () => {} };
  try {
    // Trust authentication: the server listens on 127.0.0.1 only (and a socket in a private folder).
    // --no-sync: a throwaway cluster needs no durability of its own files.
    run([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], START_TIMEOUT_S);
    const deadline = Date.now() + START_TIMEOUT_S * 1000;
    for (let attempt = 1; ; attempt++) {
      // The port was free a moment ago; another process may take it first, so retry a few times.
      const port = await freeLoopbackPort();
      // Settings for speed, safe only because the cluster is thrown away: no fsync, no full-page
      // writes and asynchronous commit (a crash of the machine, not of postgres, could lose data,
      // which tests do not care about); small shared memory so several clusters fit on a small CI
      // machine. Crash-safety tests kill the server process, which these settings do not weaken.
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          '',
          '# mimikit test cluster (test/support/postgres.ts)',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${sockets}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'shared_buffers = 16MB',
          'max_connections = 50',
          '',
        ].join('\n'),
      );
      try {
        run([join(bin, 'pg_ctl'), 'start', '-D', data, '-l', join(dir, 'server.log'), '-w', '-t', String(START_TIMEOUT_S)], START_TIMEOUT_S + 5);
        cluster.port = port;
        cluster.url = `postgres://postgres@127.0.0.1:${port}/postgres`;
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
    running.add(cluster);
    let stopped: Promise<void> | undefined;
    cluster.stop = () => {
      stopped ??= (async () => {
        try {
          run([join(bin, 'pg_ctl'), 'stop', '-D', data, '-m', 'fast', '-w', '-t', String(START_TIMEOUT_S)], START_TIMEOUT_S + 5);
        } finally {
          running.delete(cluster);
          rmSync(dir, { recursive: true, force: true });
        }
      })();
      return stopped;
    };
    await waitForConnections(cluster.url, deadline);
    return cluster;
  } catch (err) {
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    await cluster.stop().catch(() => {});
    running.delete(cluster);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a test PostgreSQL cluster: ${(err as Error).message}${log ? `\nserver log:\n${log}` : ''}`);
  }
}
