/**
 * Control operators on a type (RFC 8610 §3.8, RFC 9165) → codec shapes:
 *
 * - `.size` bounds the length of byte and text strings and of `any`, and the byte count of an
 *   unsigned integer;
 * - `.lt .le .gt .ge .eq .ne` on integers narrow the integer's ranges; `.eq` is the literal; on
 *   other types they are a `check` the codec runs on the value;
 * - `.bits` (the bits an unsigned integer or byte string may set), `.and` and `.within` (the data
 *   item must also match the right side) are `check`s;
 * - `.regexp` is a pattern the whole text must match (JS RegExp, anchored; see regexpSource);
 * - `.cbor` / `.cborseq`: the byte string holds that type encoded (a sequence of it): the codec
 *   decodes and validates it and keeps the bytes;
 * - `.plus`, `.cat`, `.det` (RFC 9165) are computed here: the rule is the resulting literal;
 * - `.default` and `.feature` do not change what is on the wire: the codec reads and writes the
 *   value as the left side says. A decoder does not fill in a `.default` value for an absent
 *   member (the application sees what was sent, as for every optional member); the feature's name
 *   is kept on the rule (LoweredRule.features) and shown in its doc comment.
 *
 * `.abnf` / `.abnfb` would need an ABNF engine in the generated code: unsupported-cddl.
 */
import type { Provenance, Type2, Value } from '../ir.ts';
import { exactInt, intSizeProblem, lengthSizeProblem } from '../passes/int-bounds.ts';
import type { IntRange, Shape } from '../shape.ts';
import { compact, fail, isCompactNumber, type LowerContext } from './context.ts';
import { intersectRanges, removeFromRanges } from './int-ranges.ts';
import { regexpSource } from './regexp.ts';
import { renderType2 } from '../render.ts';
import { TEXT_ENCODINGS } from '@mimikit/cbor/text-encodings';

const UINT_MAX_BY_SIZE = (n: number): number | bigint => (n >= 7 ? 2n ** BigInt(8 * n) - 1n : 2 ** (8 * n) - 1);
/** RFC 9741 controls the example validator checks and generated codecs do not (yet). */
const RFC9741_VALIDATOR_ONLY: ReadonlySet<string> = new Set(['base10', 'printf', 'json', 'join']);

/** The most bit numbers `.bits` may allow (a bit set of 8 KiB): the check lists them in the code. */
const MAX_BITS = 65536;

export function applyControl(ctx: LowerContext, s: Shape, name: string, arg: Type2, at: Provenance): Shape {
  switch (name) {
    case 'default':
      return s;
    case 'feature':
      ctx.noteFeature(featureName(arg));
      return s;
    case 'size':
      return sizeControl(ctx, s, arg, at);
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return compare(ctx, s, name, arg, at);
    case 'eq':
      return ctx.lowerType({ options: [{ base: arg, provenance: at }] });
    case 'ne':
      return notEqual(ctx, s, arg, at);
    case 'bits':
      return bitsControl(ctx, s, arg, at);
    case 'regexp': {
      if (s.k !== 'tstr') return fail(at, `.regexp applies to text strings, not ${s.k}`);
      return { ...s, pattern: regexpSource(ctx.valueOf(arg, at), at) };
    }
    case 'cbor':
    case 'cborseq': {
      if (s.k !== 'bstr') return fail(at, `.${name} applies to byte strings, not ${s.k}`);
      const inner = ctx.lowerType({ options: [{ base: arg, provenance: at }] });
      return name === 'cbor' ? { ...s, cbor: inner } : { ...s, cbor: inner, seq: true };
    }
    case 'and':
    case 'within':
      return both(ctx, s, ctx.lowerType({ options: [{ base: arg, provenance: at }] }), at);
    case 'plus':
    case 'cat':
    case 'det':
      return { k: 'literal', value: computed(ctx, s, name, arg, at) };
    case 'abnf':
    case 'abnfb':
      return fail(at, `control .${name}: checking text against an ABNF grammar is not supported by the content generator`);
    default:
      if (TEXT_ENCODINGS.has(name)) return textEncoding(ctx, s, name, arg, at);
      if (RFC9741_VALIDATOR_ONLY.has(name)) return fail(at, `control .${name} (RFC 9741) is checked by the example validator, not by the content generator`);
      return fail(at, `control .${name} is not a control operator of RFC 8610, RFC 9165 or RFC 9741`);
  }
}

/** The feature's name: a text (or number) literal, a name, or as written (`["name", detail]`, RFC 9165 §4). */
function featureName(arg: Type2): string {
  if (arg.kind === 'value' && arg.value.kind === 'text') return arg.value.value;
  if (arg.kind === 'ref') return arg.name;
  return renderType2(arg);
}

function sizeControl(ctx: LowerContext, named: Shape, arg: Type2, at: Provenance): Shape {
  // `eui64 .size 8` with `eui64 = bstr`: the size applies to what the rule is.
  const rule = named.k === 'ref' ? ctx.types.get(named.name) : undefined;
  const s = rule ? ctx.deeper(at, () => ctx.lowerType(rule.type)) : named;
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
      if (s.signed) return fail(at, '.size applies to unsigned integers');
      if (min < 0n) return fail(at, `.size ${min}: a byte count cannot be negative`);
      const problem = intSizeProblem(max);
      if (problem) return fail(at, problem);
      // `uint .size (1..4)`: RFC 8610 §3.8.1 bounds the value by the largest byte count only.
      const top = UINT_MAX_BY_SIZE(Number(max));
      const ranges = intersectRanges(s.ranges, [{ min: 0, max: top }]);
      return { k: 'int', signed: false, ranges, big: max >= 7n && s.big };
    }
    case 'any':
      return { k: 'any', maxSize: lengths().max };
    default:
      return fail(at, `.size does not apply to ${s.k}`);
  }
}

function compare(ctx: LowerContext, s: Shape, op: 'lt' | 'le' | 'gt' | 'ge', arg: Type2, at: Provenance): Shape {
  const v = ctx.valueOf(arg, at);
  if (s.k === 'int') {
    if (v.kind !== 'int') return fail(at, `.${op} on an integer takes an integer`);
    const n = exactInt(v);
    const bound: IntRange =
      op === 'lt'
        ? { min: -(2n ** 64n), max: compact(n - 1n) }
        : op === 'le'
          ? { min: -(2n ** 64n), max: compact(n) }
          : op === 'gt'
            ? { min: compact(n + 1n), max: 2n ** 64n - 1n }
            : { min: compact(n), max: 2n ** 64n - 1n };
    const ranges = intersectRanges(s.ranges ?? [{ min: s.signed ? -(2n ** 64n) : 0, max: 2n ** 64n - 1n }], [bound]);
    if (!ranges?.length) return fail(at, `.${op} ${n} leaves no value of the integer`);
    return {
      k: 'int',
      signed: ranges.some((r) => BigInt(r.min) < 0n),
      ranges,
      big: ranges.some((r) => !isCompactNumber(BigInt(r.min)) || !isCompactNumber(BigInt(r.max))),
    };
  }
  if (s.k !== 'float') return fail(at, `.${op} applies to numbers, not ${s.k}`);
  if (v.kind !== 'int' && v.kind !== 'float') return fail(at, `.${op} takes a number`);
  return { k: 'check', inner: s, check: { op, value: v.value } };
}

function notEqual(ctx: LowerContext, s: Shape, arg: Type2, at: Provenance): Shape {
  const v = ctx.valueOf(arg, at);
  if (s.k === 'int' && v.kind === 'int') {
    const ranges = removeFromRanges(s.ranges ?? [{ min: s.signed ? -(2n ** 64n) : 0, max: 2n ** 64n - 1n }], exactInt(v));
    return { ...s, ranges };
  }
  return { k: 'check', inner: s, check: { op: 'ne', value: v } };
}

/**
 * `text .b64u bytes` (RFC 9741 §2.1): text that strictly encodes bytes, checked by the runtime's
 * decoder (@mimikit/cbor/text-encodings, the one the validator uses). The codec's value stays the
 * text; the bytes may be limited in size (`bytes .size 32`), not otherwise.
 */
function textEncoding(ctx: LowerContext, s: Shape, name: string, arg: Type2, at: Provenance): Shape {
  if (s.k !== 'tstr' || s.pattern || s.min !== 0 || s.max !== null) return fail(at, `.${name} applies to text strings (text .${name} bytes)`);
  const bytes = ctx.lowerType({ options: [{ base: arg, provenance: at }] });
  if (bytes.k !== 'bstr' || bytes.cbor)
    return fail(at, `.${name}: the content generator checks the encoded bytes' size only, and '${renderType2(arg)}' says more than that`);
  return { k: 'check', inner: s, check: { op: 'text-encoding', encoding: name, min: bytes.min, max: bytes.max } };
}

function bitsControl(ctx: LowerContext, s: Shape, arg: Type2, at: Provenance): Shape {
  if (!(s.k === 'bstr' || (s.k === 'int' && !s.signed))) return fail(at, `.bits applies to unsigned integers and byte strings, not ${s.k}`);
  const allowed = ctx.lowerType({ options: [{ base: arg, provenance: at }] });
  const ranges =
    allowed.k === 'int'
      ? allowed.ranges
      : allowed.k === 'literal' && allowed.value.kind === 'int'
        ? [{ min: allowed.value.value, max: allowed.value.value }]
        : null;
  if (!ranges) return fail(at, '.bits takes the bit numbers allowed: integers, ranges or an enumeration of them');
  const bits = new Set<number>();
  for (const r of ranges) {
    const lo = BigInt(r.min);
    const hi = BigInt(r.max);
    if (lo < 0n || hi >= BigInt(MAX_BITS)) return fail(at, `.bits: bit numbers go from 0 to ${MAX_BITS - 1}`);
    for (let b = Number(lo); b <= Number(hi); b++) bits.add(b);
  }
  return { k: 'check', inner: s, check: { op: 'bits', bits: [...bits].sort((a, b) => a - b) } };
}

/** `A .and B`, `A .within B`: integers intersect their ranges; other shapes check B too. */
function both(_ctx: LowerContext, a: Shape, b: Shape, at: Provenance): Shape {
  if (a.k === 'int' && b.k === 'int') {
    const ranges = b.ranges === null ? a.ranges : intersectRanges(a.ranges ?? [{ min: a.signed ? -(2n ** 64n) : 0, max: 2n ** 64n - 1n }], b.ranges);
    if (ranges && !ranges.length) return fail(at, 'the two sides have no integer in common');
    return { ...a, signed: a.signed && b.signed, ranges };
  }
  return { k: 'check', inner: a, check: { op: 'and', shape: b } };
}

/** The value of `.plus`, `.cat`, `.det` (RFC 9165 §2): computed when generating. */
function computed(ctx: LowerContext, s: Shape, name: 'plus' | 'cat' | 'det', arg: Type2, at: Provenance): Value {
  if (s.k !== 'literal') return fail(at, `.${name} computes a value from two values; its left side is not one`);
  const a = s.value;
  const b = ctx.valueOf(arg, at);
  if (name === 'plus') {
    if (a.kind === 'int' && b.kind === 'int') {
      const n = exactInt(a) + exactInt(b);
      const c = compact(n);
      return typeof c === 'number' ? { kind: 'int', value: c } : { kind: 'int', value: Number(n), big: String(n) };
    }
    if ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float')) return { kind: 'float', value: a.value + b.value };
    return fail(at, '.plus adds numbers');
  }
  const text = (v: Value): string | null => (v.kind === 'text' ? v.value : null);
  const dedent = (t: string) => (name === 'det' ? detent(t) : t);
  if (a.kind === 'text' && b.kind === 'text') return { kind: 'text', value: dedent(a.value) + dedent(b.value) };
  if (a.kind === 'bytes' || b.kind === 'bytes') {
    const hexOf = (v: Value): string | null => (v.kind === 'bytes' ? v.hex : text(v) === null ? null : Buffer.from(dedent(text(v)!), 'utf8').toString('hex'));
    const ha = hexOf(a);
    const hb = hexOf(b);
    if (ha !== null && hb !== null)
      return a.kind === 'text' ? { kind: 'text', value: Buffer.from(ha + hb, 'hex').toString('utf8') } : { kind: 'bytes', hex: ha + hb };
  }
  return fail(at, `.${name} concatenates text or byte strings`);
}

/** RFC 9165 §2.2: removes the leading whitespace all non-blank lines share. */
function detent(t: string): string {
  const lines = t.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(Math.min(cut, /^[ \t]*/.exec(l)![0].length))).join('\n');
}
