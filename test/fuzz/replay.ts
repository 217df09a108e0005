/**
 * Replays a regression fixture against its target: the contract check on the input (grown to full
 * size when it has a recipe) and, where the process allows it, the time budget and the heap
 * bound. The vitest replay checks the contract in process and the heap in a `--expose-gc` child
 * (`npm run fuzz -- --replay`); time is only checked by the runner, never by a test.
 */
import { timeBudgetMs } from './budget.ts';
import type { Fixture } from './fixtures.ts';
import { heapAvailable, measureAmplified } from './heap.ts';
import { targetByName } from './targets/index.ts';
import { isViolation, type Input, type Target } from './target.ts';

export interface ReplayResult {
  path: string;
  target: string;
  ok: boolean;
  /** What still fails, or what was checked. */
  detail: string;
}

export function replayFixture(fx: Fixture, checks: { time: boolean; heap: boolean }): ReplayResult {
  const { sidecar } = fx;
  const result = (ok: boolean, detail: string): ReplayResult => ({ path: fx.path, target: sidecar.target, ok, detail });
  let target: Target;
  try {
    target = targetByName(sidecar.target);
  } catch (err) {
    return result(false, (err as Error).message);
  }
  let data: Input | undefined = fx.input;
  if (sidecar.recipe) {
    data = target.grow(fx.input, sidecar.recipe, sidecar.context);
    if (data === undefined) return result(false, `the fixture's base has no container at ${sidecar.recipe.at} any more`);
  }
  const outcome = target.check(data, sidecar.context);
  if (isViolation(outcome)) return result(false, `${outcome.failure}: ${outcome.detail}`);
  const checked = ['contract'];
  if (checks.heap && sidecar.recipe && heapAvailable()) {
    const m = measureAmplified(target, {
      data,
      base: fx.input,
      recipe: sidecar.recipe,
      shape: sidecar.origin,
      ...(sidecar.context ? { context: sidecar.context } : {}),
    });
    if (m.overBudget) return result(false, `heap: ${m.retained} bytes retained for ${m.size} input bytes (${(m.retained / m.size).toFixed(1)} per byte)`);
    checked.push(`heap ${(m.retained / m.size).toFixed(1)} B/byte`);
  }
  if (checks.time) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t0 = performance.now();
      target.check(data, sidecar.context);
      best = Math.min(best, performance.now() - t0);
    }
    const budget = timeBudgetMs(target.kind, data.length);
    if (best > budget) return result(false, `slow: ${best.toFixed(0)} ms for ${data.length} (budget ${budget.toFixed(0)} ms)`);
    checked.push(`time ${best.toFixed(1)} ms`);
  }
  return result(true, checked.join(', '));
}
