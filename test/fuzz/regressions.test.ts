/**
 * Every input the fuzzer kept (test/fixtures/fuzz, see docs/fuzzing.md) still meets its target's
 * contract: only the typed error escapes, an accepted input re-encodes to the same bytes,
 * diagnostics are located in the text. Heap fixtures are grown to full size and measured in a
 * child `node --expose-gc` (vitest's threads cannot collect on demand). Time is not asserted
 * here (no timed assertions in tests): `npm run fuzz -- --replay` checks it.
 */
import { describe, expect, it } from 'vitest';
import { runFuzzChild } from './child.ts';
import { loadFixtures } from './fixtures.ts';
import { replayFixture, type ReplayResult } from './replay.ts';

const fixtures = loadFixtures();

describe('fuzz regression fixtures (test/fixtures/fuzz)', () => {
  it('every fixture has a known failure class and a sidecar that says how to reproduce it', () => {
    for (const fx of fixtures) {
      expect(fx.sidecar.reproduce, fx.path).toMatch(/^npm run fuzz -- --target \S+ --seed \d+$/);
      expect(fx.path.startsWith(`${fx.sidecar.target}/`), fx.path).toBe(true);
    }
  });

  for (const fx of fixtures) {
    it(`${fx.path}: was ${fx.sidecar.failure} (${fx.sidecar.detail.slice(0, 120)})`, () => {
      const r = replayFixture(fx, { time: false, heap: false });
      expect(r.ok, `${r.detail}\nreproduce: ${fx.sidecar.reproduce}`).toBe(true);
    });
  }

  const heapFixtures = fixtures.filter((f) => f.sidecar.recipe);
  if (heapFixtures.length) {
    it(`heap fixtures stay within 32 bytes per input byte (${heapFixtures.length}, in a child with --expose-gc)`, () => {
      const { json } = runFuzzChild(['--replay', ...heapFixtures.map((f) => f.path)]);
      const results = json as ReplayResult[];
      expect(results.length).toBe(heapFixtures.length);
      const failing = results.filter((r) => !r.ok).map((r) => `${r.path}: ${r.detail}`);
      expect(failing).toEqual([]);
    }, 300_000);
  }
});
