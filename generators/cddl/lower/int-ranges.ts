/** Sets of integers as lists of inclusive ranges (IntRange), exact: bounds compare as bigints. */
import type { IntRange } from '../shape.ts';
import { compact } from './context.ts';

/** The integers in both `a` (null: every integer) and `b`. */
export function intersectRanges(a: IntRange[] | null, b: IntRange[]): IntRange[] {
  if (a === null) return b;
  const out: IntRange[] = [];
  for (const x of a)
    for (const y of b) {
      const lo = BigInt(x.min) > BigInt(y.min) ? BigInt(x.min) : BigInt(y.min);
      const hi = BigInt(x.max) < BigInt(y.max) ? BigInt(x.max) : BigInt(y.max);
      if (lo <= hi) out.push({ min: compact(lo), max: compact(hi) });
    }
  return out;
}

/** `ranges` without the integer `n`. */
export function removeFromRanges(ranges: IntRange[], n: bigint): IntRange[] {
  return ranges.flatMap((r) => {
    const lo = BigInt(r.min);
    const hi = BigInt(r.max);
    if (n < lo || n > hi) return [r];
    return [...(lo <= n - 1n ? [{ min: compact(lo), max: compact(n - 1n) }] : []), ...(n + 1n <= hi ? [{ min: compact(n + 1n), max: compact(hi) }] : [])];
  });
}
