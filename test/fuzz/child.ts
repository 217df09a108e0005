/** Runs the fuzz runner (test/fuzz/run.ts) in a child `node --expose-gc`, for the tests that need a heap measurement. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUN = fileURLToPath(new URL('./run.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildResult {
  code: number;
  /** The JSON the runner printed last with --json. */
  json: unknown;
  stderr: string;
}

export function runFuzzChild(args: string[]): ChildResult {
  const r = spawnSync(process.execPath, ['--expose-gc', '--conditions=mimikit-source', '--import', 'tsx', RUN, ...args, '--json'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(last);
  } catch {
    throw new Error(`the fuzz runner printed no JSON (exit ${r.status}, signal ${r.signal}):\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
  }
  return { code: r.status ?? -1, json, stderr: r.stderr };
}
