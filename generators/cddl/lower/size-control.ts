/**
 * Controls on a type: `.default` (no effect on the codec) and `.size`, which bounds the length of
 * byte and text strings and of `any`, and the byte count of an unsigned integer. Other controls
 * are refused.
 */
import type { Provenance, Type2 } from '../ir.ts';
import { intSizeProblem, lengthSizeProblem } from '../passes/int-bounds.ts';
import type { Shape } from '../shape.ts';
import { fail, type LowerContext } from './context.ts';

const UINT_MAX_BY_SIZE = (n: number): number | bigint => (n >= 7 ? 2n ** BigInt(8 * n) - 1n : 2 ** (8 * n) - 1);

export function applyControl(ctx: LowerContext, s: Shape, name: string, arg: Type2, at: Provenance): Shape {
  if (name === 'default') return s;
  if (name !== 'size') return fail(at, `control .${name} is not supported by the content generator yet`);
  let min: bigint;
  let max: bigint;
  const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0]! : null;
  if (inner?.range) {
    min = ctx.intValue(inner.base, at);
    max = ctx.intValue(inner.range.to, at) - (inner.range.inclusive ? 0n : 1n);
  } else {
    min = max = ctx.intValue(inner ? inner.base : arg, at);
  }
  const lengths = (): { min: number; max: number } => {
    const problem = lengthSizeProblem(min, max);
    return problem ? fail(at, problem) : { min: Number(min), max: Number(max) };
  };
  switch (s.k) {
    case 'bstr':
    case 'tstr':
      return { ...s, ...lengths() };
    case 'int': {
      if (min !== max || s.signed) return fail(at, '.size on integers takes one byte count');
      const problem = intSizeProblem(max);
      if (problem) return fail(at, problem);
      const top = UINT_MAX_BY_SIZE(Number(max));
      return { k: 'int', signed: false, ranges: [{ min: 0, max: top }], big: max >= 7n };
    }
    case 'any':
      return { k: 'any', maxSize: lengths().max };
    default:
      return fail(at, `.size does not apply to ${s.k}`);
  }
}
