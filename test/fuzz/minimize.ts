/**
 * Delta debugging (Zeller's ddmin, in its simple complement-removal form) of a failing input:
 * pieces are removed while the input still fails the same way, first halves, then smaller and
 * smaller ones. Text is reduced by whole lines first (a deep nesting of 20,000 lines shrinks in a
 * few dozen steps), then by characters. Bounded by a number of evaluations and the total size
 * tried, not by time, so the result is the same on every machine.
 */
import type { Input } from './target.ts';

/** Work bound: the candidates tried may add up to this many bytes or characters. */
const MAX_WORK = 100_000_000;

interface Budget {
  evaluations: number;
  work: number;
}

/** ddmin over the units of one input; `build` joins units back into an input. */
function ddmin<U, I extends Input>(units: U[], build: (u: U[]) => I, stillFails: (c: I) => boolean, budget: Budget): U[] {
  const test = (u: U[]) => {
    const c = build(u);
    budget.work -= c.length;
    return budget.evaluations-- > 0 && budget.work > 0 && stillFails(c);
  };
  const left = () => budget.evaluations > 0 && budget.work > 0;
  let current = units;
  // Cheap first: cut from the end, then from the start, by halves.
  for (let cut = current.length >> 1; cut >= 1 && left(); cut >>= 1) {
    while (cut <= current.length && left() && test(current.slice(0, current.length - cut))) current = current.slice(0, current.length - cut);
    while (cut <= current.length && left() && test(current.slice(cut))) current = current.slice(cut);
  }
  let n = 2;
  while (current.length >= 2 && left()) {
    const chunk = Math.ceil(current.length / n);
    let removed = false;
    for (let start = 0; start < current.length && left(); start += chunk) {
      const candidate = [...current.slice(0, start), ...current.slice(start + chunk)];
      if (test(candidate)) {
        current = candidate;
        n = Math.max(n - 1, 2);
        removed = true;
        break;
      }
    }
    if (!removed) {
      if (chunk <= 1) break;
      n = Math.min(n * 2, current.length);
    }
  }
  return current;
}

export function minimize<I extends Input>(input: I, stillFails: (candidate: I) => boolean, maxEvaluations = 2000): I {
  const budget: Budget = { evaluations: maxEvaluations, work: MAX_WORK };
  if (typeof input === 'string') {
    const fails = stillFails as unknown as (c: string) => boolean;
    const lines = ddmin(input.split(/(?<=\n)/), (u) => u.join(''), fails, budget).join('');
    return ddmin([...lines.split('')], (u) => u.join(''), fails, budget).join('') as I;
  }
  const fails = stillFails as unknown as (c: Uint8Array) => boolean;
  return Uint8Array.from(ddmin([...(input as Uint8Array)], (u) => Uint8Array.from(u), fails, budget)) as I;
}
