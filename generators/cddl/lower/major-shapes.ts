/**
 * Major-type types (RFC 8610 §3.6, `#0`, `#1.5`, `#7.21`…) → codec shapes: the major type's
 * prelude equivalent, or the one value the argument names. `#6` with no tag number, `#7` with no
 * argument and `#7.23` (undefined) have no codec shape; `#2.n`, `#3.n` (a length as the argument)
 * are strings of that length.
 */
import type { Provenance } from '../ir.ts';
import type { Shape } from '../shape.ts';
import { fail } from './context.ts';

const ANY: Shape = { k: 'any', maxSize: null };

export function majorShape(major: number, arg: number | null, at: Provenance): Shape {
  switch (major) {
    case 0:
      return arg === null ? { k: 'int', signed: false, ranges: null, big: true } : { k: 'literal', value: { kind: 'int', value: arg } };
    case 1:
      return arg === null
        ? { k: 'int', signed: true, ranges: [{ min: -(2n ** 64n), max: -1 }], big: true }
        : { k: 'literal', value: { kind: 'int', value: -1 - arg } };
    case 2:
      return { k: 'bstr', min: arg ?? 0, max: arg };
    case 3:
      return { k: 'tstr', min: arg ?? 0, max: arg };
    case 4:
      return { k: 'list', element: ANY, min: arg ?? 0, max: arg };
    case 5:
      if (arg !== null) return fail(at, `#5.${arg}: a map of exactly ${arg} entries of any kind is not supported by the content generator`);
      return { k: 'table', key: ANY, value: ANY };
    case 6:
      if (arg === null) return fail(at, '#6, a tag of any number, is not supported by the content generator: the codec reads one tag number');
      return { k: 'tag', tag: arg, inner: ANY };
    case 7:
      switch (arg) {
        case 20:
          return { k: 'bool', value: false };
        case 21:
          return { k: 'bool', value: true };
        case 22:
          return { k: 'null' };
        case 25:
        case 26:
        case 27:
          return { k: 'float' };
        default:
          return fail(
            at,
            `#7${arg === null ? '' : `.${arg}`}: simple values other than false, true and null (and floats) have no TypeScript type in generated code`,
          );
      }
    default:
      return fail(at, `#${major}: CBOR has major types 0 to 7`);
  }
}
