/**
 * PostgreSQL refuses to run as root: when this process is root, its server commands run as the
 * `postgres` OS user (through runuser, or su).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The command and arguments that run `argv` as the `postgres` user when we are root, else as is. */
export function asPostgresUser(argv: readonly string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [argv[0] as string, argv.slice(1)];
  if (existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser')) return ['runuser', ['-u', 'postgres', '--', ...argv]];
  // su takes one shell command line: the arguments are paths and options without quotes or spaces.
  return ['su', ['postgres', '-s', '/bin/sh', '-c', argv.map((a) => `'${a}'`).join(' ')]];
}

/** Runs a server command (as the postgres user when root); throws with its output if it fails or outlives `timeoutS`. */
export function runAsPostgres(argv: readonly string[], timeoutS: number): void {
  const [cmd, args] = asPostgresUser(argv);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutS * 1000 });
  if (r.error || r.status !== 0) {
    throw new Error(`${argv.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
  }
}
