/** Runs heap-probe.ts in a child process with --expose-gc (vitest's workers have no gc()). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ShapeResult } from './heap-probe.ts';

/** Heap bytes per input byte that the worst accepted input of any shape must stay under. */
export const HEAP_BOUND = 32;

const PROBE = fileURLToPath(new URL('heap-probe.ts', import.meta.url));

export function runHeapProbe(suite: 'tls' | 'content'): Map<string, ShapeResult> {
  const r = spawnSync(process.execPath, ['--expose-gc', '--conditions=mimikit-source', '--import', 'tsx', PROBE, suite], {
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 1 << 24,
  });
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

/**
 * The tests for one probe suite: shapes in `refused` have an all-tiny input the default limits
 * must refuse (allocation-limit, an offset inside the input, a type path matching the pattern);
 * shapes in `accepted` are cheap enough never to be refused. Every heaviest accepted input stays
 * under HEAP_BOUND. `more` adds tests that need the results.
 */
export function describeHeapBound(
  title: string,
  suite: 'tls' | 'content',
  refused: Record<string, RegExp>,
  accepted: readonly string[],
  more?: (result: (shape: string) => ShapeResult) => void,
): void {
  describe(title, () => {
    let results: Map<string, ShapeResult>;
    const result = (shape: string): ShapeResult => {
      const r = results.get(shape);
      if (!r) throw new Error(`the probe reported no shape '${shape}'`);
      return r;
    };

    beforeAll(() => {
      results = runHeapProbe(suite);
    }, 600_000);

    it.each(Object.keys(refused))(
      '%s: the heaviest accepted input stays under the bound; an input of only tiny elements is allocation-limit with offset and path',
      (shape) => {
        const r = result(shape);
        expect(r.heapPerByte).toBeLessThan(HEAP_BOUND);
        expect(r.allTinyAccepted).toBe(false);
        expect(r.refusal?.kind).toBe('allocation-limit');
        expect(r.refusal!.offset).toBeGreaterThan(0);
        expect(r.refusal!.offset).toBeLessThan(r.refusal!.inputBytes);
        expect(r.refusal!.path).toMatch(refused[shape]!);
      },
    );

    it.each(accepted)('%s: cheap elements are never refused, and stay under the bound', (shape) => {
      const r = result(shape);
      expect(r.allTinyAccepted).toBe(true);
      expect(r.heapPerByte).toBeLessThan(HEAP_BOUND);
    });

    more?.(result);
  });
}
