/** Runs heap-probe.ts in a child process with --expose-gc (vitest's workers have no gc()). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ShapeResult } from './heap-probe.ts';

const PROBE = fileURLToPath(new URL('heap-probe.ts', import.meta.url));

export function runHeapProbe(suite: 'tls' | 'content'): Map<string, ShapeResult> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE, suite], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`heap probe '${suite}' failed (exit ${r.status}, signal ${r.signal}):\n${r.stderr}`);
  const results = r.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as ShapeResult);
  return new Map(results.map((s) => [s.shape, s]));
}

/**
 * The smallest allocationPerInputByte (with allocationBase 0) at which `decode` still succeeds:
 * the allocation budget an input really needs per byte. `decode` throws when over budget.
 */
export function neededPerByte(decode: (perByte: number) => void): number {
  let lo = 0;
  let hi = 64;
  decode(hi);
  for (let i = 0; i < 24; i++) {
    const mid = (lo + hi) / 2;
    try {
      decode(mid);
      hi = mid;
    } catch {
      lo = mid;
    }
  }
  return hi;
}
