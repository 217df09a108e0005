/**
 * The shapes of the CDDL prelude's types (RFC 8610 Appendix D). The scalar ones are written out;
 * the others are the prelude's own definitions (`tdate = #6.0(tstr)`, `bigint = biguint /
 * bignint`, …, in ../prelude-rules.ts), lowered like any type, so that a tagged prelude type is its tag on
 * the wire, as RFC 8610 defines it. `undefined` (simple value 23) has no value in the generated
 * TypeScript types that is not also "member absent", so it stays unsupported.
 */
import type { Provenance } from '../ir.ts';
import { preludeRule } from '../prelude-rules.ts';
import type { Shape } from '../shape.ts';
import { fail, type LowerContext } from './context.ts';

/** The prelude type's shape; undefined when `name` is not a prelude type. */
export function preludeShape(ctx: LowerContext, name: string, at: Provenance): Shape | undefined {
  switch (name) {
    case 'uint':
      return { k: 'int', signed: false, ranges: null, big: true };
    case 'nint':
      return { k: 'int', signed: true, ranges: [{ min: -(2n ** 64n), max: -1 }], big: true };
    case 'int':
      return { k: 'int', signed: true, ranges: null, big: true };
    case 'bstr':
    case 'bytes':
      return { k: 'bstr', min: 0, max: null };
    case 'tstr':
    case 'text':
      return { k: 'tstr', min: 0, max: null };
    case 'bool':
      return { k: 'bool' };
    case 'true':
      return { k: 'bool', value: true };
    case 'false':
      return { k: 'bool', value: false };
    case 'null':
    case 'nil':
      return { k: 'null' };
    case 'any':
      return { k: 'any', maxSize: null };
    case 'float':
    case 'float16':
    case 'float32':
    case 'float64':
    case 'float16-32':
    case 'float32-64':
      return { k: 'float' };
    case 'undefined':
      return fail(
        at,
        "prelude type 'undefined' (simple value 23) has no TypeScript value apart from an absent member, so the content generator does not support it",
      );
    default: {
      const t = preludeRule(name)?.type;
      return t ? ctx.deeper(at, () => ctx.lowerType(t)) : undefined;
    }
  }
}
