/**
 * Where the PostgreSQL server binaries are: /usr/lib/postgresql/15/bin, else `pg_config --bindir`,
 * else PATH, else another version's /usr/lib/postgresql/<n>/bin (newest first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const INSTALL_HINT =
  'install the PostgreSQL 15 server binaries: `apt-get install -y postgresql-15` on Debian ' +
  '(.ci/run does this when they are missing), or put a folder holding initdb, pg_ctl and postgres ' +
  'on PATH';

function hasServer(dir: string): boolean {
  return ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)));
}

/** The folder holding initdb, pg_ctl and postgres; throws an Error saying how to install them. */
export function postgresBinDir(): string {
  const candidates = ['/usr/lib/postgresql/15/bin'];
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config: try PATH below
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)) : [];
  for (const v of versions.sort((x, y) => Number(y) - Number(x))) candidates.push(`/usr/lib/postgresql/${v}/bin`);
  const found = candidates.find(hasServer);
  if (!found) {
    const named = [...new Set(candidates.slice(0, 2))].join(', ');
    throw new Error(`PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in ${named} or on PATH: ${INSTALL_HINT}`);
  }
  return found;
}
