/** The shapes of the CDDL prelude's types (RFC 8610 Appendix D) that the content generator supports. */
import type { Provenance } from '../ir.ts';
import type { Shape } from '../shape.ts';
import { fail } from './context.ts';

/** The prelude type's shape; undefined when `name` is not a prelude type. */
export function preludeShape(name: string, at: Provenance): Shape | undefined {
  switch (name) {
    case 'uint':
    case 'unsigned':
      return { k: 'int', signed: false, ranges: null, big: true };
    case 'nint':
      return { k: 'int', signed: true, ranges: [{ min: -(2n ** 64n), max: -1 }], big: true };
    case 'int':
    case 'integer':
      return { k: 'int', signed: true, ranges: null, big: true };
    case 'bstr':
    case 'bytes':
      return { k: 'bstr', min: 0, max: null };
    case 'tstr':
    case 'text':
    case 'tdate':
    case 'uri':
      return { k: 'tstr', min: 0, max: null };
    case 'bool':
      return { k: 'bool' };
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
    case 'number':
      return { k: 'float' };
    case 'true':
    case 'false':
    case 'undefined':
      return fail(at, `prelude type '${name}' is not supported by the content generator yet`);
    default:
      return undefined;
  }
}
