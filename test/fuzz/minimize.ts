/**
 * Delta debugging (Zeller's ddmin, in its simple complement-removal form) of a failing input:
 * chunks are removed while the input still fails the same way, first halves, then smaller and
 * smaller pieces. Bounded by a number of evaluations and the total size tried, not by time, so the result is the same on
 * every machine.
 */
import type { Input } from './target.ts';

/** Work bound: the candidates tried may add up to this many bytes or characters (keeps big inputs cheap). */
const MAX_WORK = 20_000_000;

export function minimize<I extends Input>(input: I, stillFails: (candidate: I) => boolean, maxEvaluations = 2000): I {
  const slice = (x: I, a: number, b: number) => x.slice(a, b) as I;
  const join = (a: I, b: I): I => {
    if (typeof a === 'string') return (a + (b as string)) as I;
    const out = new Uint8Array(a.length + b.length);
    out.set(a as Uint8Array);
    out.set(b as Uint8Array, a.length);
    return out as I;
  };
  let current = input;
  let evaluations = 0;
  let work = 0;
  const test = (c: I) => {
    work += c.length;
    return evaluations++ < maxEvaluations && work < MAX_WORK && stillFails(c);
  };
  // Cheap first: cut from the end, then from the start, by halves.
  for (let cut = current.length >> 1; cut >= 1 && evaluations < maxEvaluations && work < MAX_WORK; cut >>= 1) {
    while (cut <= current.length && test(slice(current, 0, current.length - cut))) current = slice(current, 0, current.length - cut);
    while (cut <= current.length && test(slice(current, cut, current.length))) current = slice(current, cut, current.length);
  }
  let n = 2;
  while (current.length >= 2 && evaluations < maxEvaluations && work < MAX_WORK) {
    const chunk = Math.ceil(current.length / n);
    let removed = false;
    for (let start = 0; start < current.length && evaluations < maxEvaluations && work < MAX_WORK; start += chunk) {
      const candidate = join(slice(current, 0, start), slice(current, start + chunk, current.length));
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
