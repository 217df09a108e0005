/** Runs the real `mimi` command (bin/mimi.js) as a child process, as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/mimi.js', import.meta.url));

/** How to start `mimi` as a child process (for spawnProvider of @mimikit/provider/process). */
export const MIMI_COMMAND: readonly string[] = [process.execPath, BIN];

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function mimi(args: string[], input?: string, options: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
