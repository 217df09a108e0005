/**
 * The shapes of the CDDL prelude's types (RFC 8610 Appendix D). The scalar ones are written out;
 * the others are the prelude's own definitions (`tdate = #6.0(tstr)`, `bigint = biguint /
 * bignint`, …), parsed once and lowered like any type, so that a tagged prelude type is its tag on
 * the wire, as RFC 8610 defines it. `undefined` (simple value 23) has no value in the generated
 * TypeScript types that is not also "member absent", so it stays unsupported.
 */
import type { Provenance, Type } from '../ir.ts';
import { parseCddl } from '../parse/parser.ts';
import type { Shape } from '../shape.ts';
import { fail, type LowerContext } from './context.ts';

/** RFC 8610 Appendix D, the definitions that are not a single scalar shape. */
const PRELUDE_CDDL = `
tdate = #6.0(tstr)
time = #6.1(number)
number = int / float
biguint = #6.2(bstr)
bignint = #6.3(bstr)
bigint = biguint / bignint
integer = int / bigint
unsigned = uint / biguint
decfrac = #6.4([e10: int, m: integer])
bigfloat = #6.5([e2: int, m: integer])
eb64url = #6.21(any)
eb64legacy = #6.22(any)
eb16 = #6.23(any)
encoded-cbor = #6.24(bstr)
uri = #6.32(tstr)
b64url = #6.33(tstr)
b64legacy = #6.34(tstr)
regexp = #6.35(tstr)
mime-message = #6.36(tstr)
cbor-any = #6.55799(any)
`;

let preludeTypes: Map<string, Type> | undefined;

/** The prelude's composite definitions, parsed on first use. */
function composite(name: string): Type | undefined {
  if (!preludeTypes) {
    const { spec, diagnostics } = parseCddl(PRELUDE_CDDL, 'RFC 8610 Appendix D', 'prelude');
    if (diagnostics.length) throw new Error(`the prelude does not parse: ${diagnostics[0]!.message}`);
    preludeTypes = new Map(spec.rules.flatMap((r) => (r.kind === 'type' ? [[r.name, r.type] as const] : [])));
  }
  return preludeTypes.get(name);
}

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
      const t = composite(name);
      return t ? ctx.deeper(at, () => ctx.lowerType(t)) : undefined;
    }
  }
}
