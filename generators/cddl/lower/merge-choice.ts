/**
 * A type choice's alternatives as one shape: integers and integer literals merge into one integer
 * with allowed ranges (`baseDispos / $extDispos / unknownDispos`), the rest stay a choice.
 */
import { exactInt } from '../passes/int-bounds.ts';
import type { IntRange, Shape } from '../shape.ts';
import { compact } from './context.ts';

export function mergeChoice(shapes: Shape[]): Shape {
  if (shapes.length === 1) return shapes[0]!;
  const ints = shapes.filter((s) => s.k === 'int' || (s.k === 'literal' && s.value.kind === 'int'));
  const rest = shapes.filter((s) => !ints.includes(s));
  const out: Shape[] = [];
  if (ints.length > 1) {
    const ranges: IntRange[] = [];
    let unbounded = false;
    let big = false;
    let signed = false;
    for (const s of ints) {
      if (s.k === 'literal' && s.value.kind === 'int') {
        const n = compact(exactInt(s.value));
        ranges.push({ min: n, max: n });
        big ||= typeof n === 'bigint';
      } else if (s.k === 'int') {
        big ||= s.big;
        signed ||= s.signed;
        if (s.ranges) for (const r of s.ranges) ranges.push(r);
        else unbounded = true;
      }
    }
    signed ||= ranges.some((r) => Number(r.min) < 0);
    out.push({ k: 'int', signed, ranges: unbounded ? null : ranges, big });
  } else for (const s of ints) out.push(s);
  for (const s of rest) out.push(s);
  if (out.length === 1) return out[0]!;
  return { k: 'choice', options: out };
}
