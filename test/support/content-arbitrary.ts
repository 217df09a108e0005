/**
 * fast-check arbitraries for every rule of spec/content/*.cddl, built from the lowered shapes
 * (generators/cddl/shape.ts), so that a new CDDL rule is property-tested without hand-written
 * generators.
 *
 * Values have the form the generated codecs use: records are objects with the member names (a
 * record with trailing variants carries the tag member, e.g. `cardinality`), integers are `number`,
 * `bigint` (`uint .size 8`) or either (the reader's canonical form: number when safe, else
 * bigint), tables are `Map`s with keys of distinct encodings, tags are `CborTag`s, and `any` values
 * use the generic model of packages/cbor/src/values.ts in the form the reader returns them
 * (canonical integers, `CborFloat` for integral floats, no NaN and no -0, no `CborSimple` 20–31).
 *
 * Size: a rule reached again through its own definition (NestedPart → parts → NestedPart) is
 * depth-counted; at `MAX_RULE_DEPTH` the alternatives that would recurse are left out (multipart
 * is not generated at the deepest level). Lists whose element recurses hold min..min+1 elements
 * (multipart parts: 2..3), other unbounded lists at most min+4.
 *
 * Steering (`ContentSteer`), for the samples that cover every alternative and every length head by
 * construction (./covering.ts): `round` r makes every choice, record variant and integer with
 * several ranges (an enumeration such as disposition) take its (r mod n)-th open alternative, and
 * lists and tables hold at least one element so the choices inside them are made; `length` n makes
 * every unbounded byte and text string n bytes long (within its bounds), and lists and tables whose
 * elements do not recurse min(n, 256) long, so the 0-, 1-, 2- and 4-byte length arguments and both
 * sides of each boundary (23/24, 255/256, 65535/65536) are written and read.
 *
 * Also here: `toGeneric` (a typed value as the generic CBOR data model, following the shape) and
 * `toCbor2` (generic model → cbor2's data model), so the tests can use cbor2 as a reference
 * encoder.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { encode as cbor2Encode, encodedNumber, Simple, Tag } from 'cbor2';
import { bytesEqual, fromHex, toHex } from '@mimikit/bytes';
import { CborFloat, CborSimple, CborTag } from '@mimikit/cbor';
import { loadContentSpecs } from '../../generators/cddl/load.ts';
import type { LoweredSpec } from '../../generators/cddl/lowered.ts';
import type { Value as LiteralValue } from '../../generators/cddl/ir.ts';
import type { IntRange, RecordField, Shape } from '../../generators/cddl/shape.ts';

/** How many times a rule may be entered on one path (NestedPart: top level + 2 nested levels). */
export const MAX_RULE_DEPTH = 3;

export interface ContentSteer {
  /** Every choice, variant and multi-range integer takes alternative round mod n (see the header). */
  round?: number;
  /** Every unbounded string this many bytes, lists and tables of non-recursive elements min(n, 256) long. */
  length?: number;
}

/** Lengths on both sides of each CBOR argument width boundary (RFC 8949 §3: 0, 1, 2, 4 bytes). */
export const CBOR_LENGTH_BOUNDARIES = [23, 24, 255, 256, 65535, 65536] as const;

/** Element count past which a steered list or table stops growing (its count head is 2 bytes from 256). */
const MAX_STEERED_COUNT = 256;

/** The `round`-th of `n` alternatives. */
const nth = <T>(xs: readonly T[], round: number): T => xs[round % xs.length]!;

const root = fileURLToPath(new URL('../../', import.meta.url));
const loaded = loadContentSpecs(root);

/** Every lowered spec of spec/content, in file name order. */
export const contentSpecs: LoweredSpec[] = loaded.lowered;

const canon = (s: Shape) => JSON.stringify(s, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

/** Rule name → shape over all specs (a rule defined in several files must have the same shape). */
export const ruleShapes: ReadonlyMap<string, Shape> = (() => {
  const m = new Map<string, Shape>();
  for (const spec of contentSpecs) {
    for (const r of spec.rules) {
      const prev = m.get(r.name);
      if (prev !== undefined && canon(prev) !== canon(r.shape)) {
        throw new Error(`rule ${r.name} is defined with different shapes in different files (${spec.name})`);
      }
      m.set(r.name, r.shape);
    }
  }
  return m;
})();

function ruleShape(name: string): Shape {
  const s = ruleShapes.get(name);
  if (s === undefined) throw new Error(`no CDDL rule named ${name}`);
  return s;
}

// ---- integers ------------------------------------------------------------------------------

const U64_MAX = 2n ** 64n - 1n;
const NINT_MIN = -(2n ** 64n);
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);
const SAFE_MIN = BigInt(Number.MIN_SAFE_INTEGER);

/** Values around every CBOR argument-size boundary, and around the JS safe-integer limit. */
export const INT_EDGES: bigint[] = (() => {
  const pos = [
    0n,
    1n,
    23n,
    24n,
    255n,
    256n,
    65535n,
    65536n,
    2n ** 32n - 1n,
    2n ** 32n,
    SAFE_MAX - 1n,
    SAFE_MAX,
    SAFE_MAX + 1n,
    2n ** 63n,
    U64_MAX - 1n,
    U64_MAX,
  ];
  return [...pos, ...pos.map((p) => -1n - p)];
})();

/** How an integer shape is carried in TypeScript (mirrors generators/cddl/emit/emit-content.ts). */
export function intMode(s: Extract<Shape, { k: 'int' }>): 'number' | 'bigint' | 'either' {
  if (!s.big) return 'number';
  if (!s.signed && s.ranges?.length === 1 && BigInt(s.ranges[0]!.max) === U64_MAX && BigInt(s.ranges[0]!.min) === 0n) return 'bigint';
  const maxAbs = s.ranges?.reduce((m, r) => Math.max(m, Math.abs(Number(r.min)), Math.abs(Number(r.max))), 0);
  return maxAbs !== undefined && maxAbs <= Number.MAX_SAFE_INTEGER ? 'number' : 'either';
}

/** The reader's form of an integer: number when it is a safe integer, else bigint. */
export const canonicalInt = (b: bigint): number | bigint => (b >= SAFE_MIN && b <= SAFE_MAX ? Number(b) : b);

function rangeArb(r: IntRange): fc.Arbitrary<bigint> {
  const min = BigInt(r.min);
  const max = BigInt(r.max);
  if (min === max) return fc.constant(min);
  const edges = [...new Set([min, max, ...INT_EDGES.filter((e) => e >= min && e <= max)])];
  const lo = min > -1000n ? min : -1000n;
  const hi = max < 1000n ? max : 1000n;
  const small = lo <= hi && (lo !== min || hi !== max) ? [{ arbitrary: fc.bigInt({ min: lo, max: hi }), weight: 2 }] : [];
  return fc.oneof({ arbitrary: fc.constantFrom(...edges), weight: 1 }, { arbitrary: fc.bigInt({ min, max }), weight: 3 }, ...small);
}

function intArb(s: Extract<Shape, { k: 'int' }>, steer: ContentSteer): fc.Arbitrary<number | bigint> {
  const ranges: IntRange[] = s.ranges ?? (s.big ? [{ min: s.signed ? NINT_MIN : 0n, max: U64_MAX }] : [{ min: s.signed ? SAFE_MIN : 0n, max: SAFE_MAX }]);
  const raw = ranges.length === 1 ? rangeArb(ranges[0]!) : steer.round !== undefined ? rangeArb(nth(ranges, steer.round)) : fc.oneof(...ranges.map(rangeArb));
  const mode = intMode(s);
  return raw.map((b) => (mode === 'bigint' ? b : mode === 'number' ? Number(b) : canonicalInt(b)));
}

// ---- strings -------------------------------------------------------------------------------

const utf8 = new TextEncoder();
const byteLen = (s: string) => utf8.encode(s).length;

/** Trims whole code points until the UTF-8 length is at most max, pads with 'a' up to min. */
function fitText(s: string, min: number, max: number | null): string {
  let cps = [...s];
  if (max !== null) while (cps.length > 0 && byteLen(cps.join('')) > max) cps = cps.slice(0, -1);
  let out = cps.join('');
  const n = byteLen(out);
  if (n < min) out += 'a'.repeat(min - n);
  return out;
}

/** The steered length of a string with these bounds, or undefined (not steered, or beyond its maximum). */
function steeredLength(min: number, max: number | null, steer: ContentSteer): number | undefined {
  if (steer.length === undefined || (max !== null && max < steer.length)) return undefined;
  return Math.max(min, steer.length);
}

function textArb(min: number, max: number | null, steer: ContentSteer = {}): fc.Arbitrary<string> {
  const n = steeredLength(min, max, steer);
  // ASCII, so the byte length is the character count; a random start keeps table keys distinct.
  if (n !== undefined) return fc.string({ unit: 'binary-ascii', maxLength: 8 }).map((x) => fitText(x, n, n));
  const small = fc.string({ unit: 'binary', maxLength: 24 });
  // ASCII strings across the 1-, 2- and 3-byte length heads (23/24, 255/256 bytes).
  const long = fc.string({ unit: 'binary-ascii', minLength: 20, maxLength: 300 });
  // Multi-byte text across the writer's provisional head size (3 bytes per UTF-16 unit estimate).
  const wide = fc.string({ unit: 'grapheme', minLength: 5, maxLength: 100 });
  return fc.oneof({ arbitrary: small, weight: 6 }, { arbitrary: long, weight: 1 }, { arbitrary: wide, weight: 1 }).map((s) => fitText(s, min, max));
}

function bytesArb(min: number, max: number | null, steer: ContentSteer = {}): fc.Arbitrary<Uint8Array> {
  const n = steeredLength(min, max, steer);
  if (n !== undefined) return fc.nat({ max: 255 }).map((b) => Uint8Array.from({ length: n }, (_, i) => (b + i * 31) & 0xff));
  if (max !== null && max - min <= 64) return fc.uint8Array({ minLength: min, maxLength: max });
  const hi = max ?? min + 300;
  return fc.oneof(
    { arbitrary: fc.uint8Array({ minLength: min, maxLength: Math.min(hi, min + 32) }), weight: 6 },
    { arbitrary: fc.uint8Array({ minLength: Math.min(hi, min + 20), maxLength: Math.min(hi, min + 300) }), weight: 1 },
  );
}

// ---- literals ------------------------------------------------------------------------------

export function literalValue(v: LiteralValue): unknown {
  switch (v.kind) {
    case 'int':
      return v.big !== undefined ? BigInt(v.big) : v.value;
    case 'float':
      return v.value;
    case 'text':
      return v.value;
    case 'bytes':
      return fromHex(v.hex);
  }
}

// ---- any -----------------------------------------------------------------------------------

/** Floats at the edges of half, single and double precision (normal and subnormal). */
const FLOAT_EDGES = [
  0.5,
  1.5,
  -2.5,
  0.1,
  1 / 3,
  65504.5,
  2 ** -14,
  2 ** -24,
  2 ** -25,
  3 * 2 ** -25,
  2 ** -126,
  2 ** -149,
  2 ** -150,
  2 ** -1074,
  1 + 2 ** -10,
  1 + 2 ** -11,
  1 + 2 ** -23,
  1 + 2 ** -24,
  1 + 2 ** -52,
  Infinity,
  -Infinity,
  -(2 ** -24),
  Number.MIN_VALUE,
];

const TAG_NUMBERS = [0, 1, 2, 3, 4, 5, 21, 24, 32, 55799, 1001, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER];

const anyLeaf: fc.Arbitrary<unknown> = fc.oneof(
  {
    arbitrary: fc.oneof(fc.constantFrom(...INT_EDGES), fc.bigInt({ min: NINT_MIN, max: U64_MAX }), fc.bigInt({ min: -1000n, max: 1000n })).map(canonicalInt),
    weight: 4,
  },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
  { arbitrary: fc.uint8Array({ maxLength: 12 }), weight: 2 },
  { arbitrary: fc.constantFrom<unknown>(true, false, null, undefined), weight: 1 },
  // Non-integral floats stay numbers; ±Infinity is not an integer either. Half- and
  // single-precision values (and the boundaries between the three sizes) are drawn on purpose.
  {
    arbitrary: fc
      .oneof(
        fc.double({ noNaN: true }),
        fc.float({ noNaN: true }).map(Math.fround),
        fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((n) => n / 1024),
        fc.integer({ min: -1023, max: 1023 }).map((n) => n * 2 ** -24),
        fc.constantFrom(...FLOAT_EDGES),
      )
      .filter((d) => !Number.isInteger(d)),
    weight: 2,
  },
  // Integral floats are CborFloat (the reader's form); -0 left out to keep equality simple.
  {
    arbitrary: fc
      .oneof(
        fc.integer({ min: -70000, max: 70000 }),
        fc.constantFrom(65504, 65505, 65536, 2 ** 24, 2 ** 24 + 1, 2 ** 53, 2 ** 64, 3.4028234663852886e38, Number.MAX_VALUE, -(2 ** 31)),
        fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => Math.trunc(d)),
      )
      .filter((d) => !Object.is(d, -0))
      .map((d) => new CborFloat(d)),
    weight: 1,
  },
  { arbitrary: fc.oneof(fc.integer({ min: 0, max: 19 }), fc.integer({ min: 32, max: 255 })).map((n) => new CborSimple(n)), weight: 1 },
);

/** Hex of the deterministic encoding of a generic value (via cbor2, independent of our writer). */
export function refHex(generic: unknown): string {
  return toHex(cbor2Encode(toCbor2(generic), REF_ENCODE_OPTIONS));
}

/** Small values of CDDL `any` in the reader's form: nesting at most `depth` containers deep. */
export function anyArb(depth = 2): fc.Arbitrary<unknown> {
  if (depth <= 0) return anyLeaf;
  const inner = anyArb(depth - 1);
  return fc.oneof(
    { arbitrary: anyLeaf, weight: 5 },
    { arbitrary: fc.array(inner, { maxLength: 3 }), weight: 1 },
    {
      arbitrary: fc.uniqueArray(fc.tuple(inner, inner), { maxLength: 3, selector: ([k]) => refHex(k) }).map((es) => new Map(es)),
      weight: 1,
    },
    { arbitrary: fc.tuple(fc.constantFrom(...TAG_NUMBERS), inner).map(([t, v]) => new CborTag(t, v)), weight: 1 },
  );
}

// ---- shapes --------------------------------------------------------------------------------

/** Whether every value of `s` has to enter a rule that is already `MAX_RULE_DEPTH` deep on `stack`. */
function blocked(s: Shape, stack: readonly string[]): boolean {
  switch (s.k) {
    case 'ref': {
      if (stack.filter((n) => n === s.name).length >= MAX_RULE_DEPTH) return true;
      return blocked(ruleShape(s.name), [...stack, s.name]);
    }
    case 'choice':
      return s.options.every((o) => blocked(o, stack));
    case 'record':
      return (
        s.record.fields.some((f) => blocked(f.shape, stack)) ||
        (s.record.variants?.variants.every((v) => v.fields.some((f) => blocked(f.shape, stack))) ?? false)
      );
    case 'list':
      return s.min > 0 && blocked(s.element, stack);
    case 'tag':
      return blocked(s.inner, stack);
    default:
      return false;
  }
}

/** Whether `s` refers (directly or not) to a rule on `stack`. */
export function recursive(s: Shape, stack: readonly string[], seen: Set<string> = new Set()): boolean {
  switch (s.k) {
    case 'ref':
      if (stack.includes(s.name)) return true;
      if (seen.has(s.name)) return false;
      seen.add(s.name);
      return recursive(ruleShape(s.name), stack, seen);
    case 'choice':
      return s.options.some((o) => recursive(o, stack, seen));
    case 'record':
      return [...s.record.fields, ...(s.record.variants?.variants.flatMap((v) => v.fields) ?? [])].some((f) => recursive(f.shape, stack, seen));
    case 'list':
      return recursive(s.element, stack, seen);
    case 'table':
      return recursive(s.key, stack, seen) || recursive(s.value, stack, seen);
    case 'tag':
      return recursive(s.inner, stack, seen);
    default:
      return false;
  }
}

/** Arbitraries of refs, per steering (`round`/`length` as a key) and rule stack. */
const memo = new Map<string, fc.Arbitrary<unknown>>();

function fieldsArb(fields: RecordField[], stack: readonly string[], steer: ContentSteer): Record<string, fc.Arbitrary<unknown>> {
  const out: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) out[f.name] = shapeArb(f.shape, stack, steer);
  return out;
}

/** Values of a shape; `stack` holds the rules being generated (outermost first). */
export function shapeArb(s: Shape, stack: readonly string[] = [], steer: ContentSteer = {}): fc.Arbitrary<unknown> {
  switch (s.k) {
    case 'int':
      return intArb(s, steer);
    case 'bstr':
      return bytesArb(s.min, s.max, steer);
    case 'tstr':
      return textArb(s.min, s.max, steer);
    case 'bool':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'float':
      return fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0));
    case 'any': {
      const a = anyArb(2);
      return s.maxSize === null ? a : a.filter((v) => refHex(v).length / 2 <= s.maxSize!);
    }
    case 'literal':
      return fc.constant(literalValue(s.value));
    case 'ref': {
      const next = [...stack, s.name];
      const key = `${s.name}@${stack.filter((n) => n === s.name).length}|${[...new Set(stack)].sort().join(',')}|${steer.round}|${steer.length}`;
      let a = memo.get(key);
      if (a === undefined) {
        a = shapeArb(ruleShape(s.name), next, steer);
        memo.set(key, a);
      }
      return a;
    }
    case 'choice': {
      const open = s.options.filter((o) => !blocked(o, stack));
      if (open.length === 0) throw new Error('choice with every alternative past the depth limit');
      if (steer.round !== undefined) return shapeArb(nth(open, steer.round), stack, steer);
      return fc.oneof(...open.map((o) => shapeArb(o, stack, steer)));
    }
    case 'record': {
      const base = fieldsArb(s.record.fields, stack, steer);
      const vs = s.record.variants;
      // fc.record builds null-prototype objects; the decoders build plain ones.
      if (vs === null) return fc.record(base).map((o) => ({ ...o }));
      const open = vs.variants.filter((v) => !v.fields.some((f) => blocked(f.shape, stack)));
      if (open.length === 0) throw new Error('record with every variant past the depth limit');
      const variant = (v: (typeof open)[number]) =>
        fc.record({ ...base, [vs.tagField]: fc.constant(literalValue(v.tag)), ...fieldsArb(v.fields, stack, steer) }).map((o) => ({ ...o }));
      if (steer.round !== undefined) return variant(nth(open, steer.round));
      return fc.oneof(...open.map(variant));
    }
    case 'list': {
      if (blocked(s.element, stack)) {
        if (s.min > 0) throw new Error('list past the depth limit');
        return fc.constant([]);
      }
      const rec = recursive(s.element, stack);
      const [min, max] = countBounds(s.min, s.max, s.max ?? s.min + (rec ? 1 : 4), rec, steer);
      return fc.array(shapeArb(s.element, stack, steer), { minLength: min, maxLength: max });
    }
    case 'table': {
      if (blocked(s.key, stack) || blocked(s.value, stack)) return fc.constant(new Map());
      const key = shapeArb(s.key, stack, steer);
      const [min, max] = countBounds(0, null, 4, recursive(s.value, stack), steer);
      return fc
        .uniqueArray(fc.tuple(key, shapeArb(s.value, stack, steer)), { minLength: min, maxLength: max, selector: ([k]) => refHex(toGeneric(s.key, k)) })
        .map((es) => new Map(es));
    }
    case 'tag':
      return shapeArb(s.inner, stack, steer).map((v) => new CborTag(s.tag, v));
    case 'struct': {
      // Fixed keys only: the kept entries of an open map are `any`, which the table case covers.
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const f of s.struct.fields) if (!f.optional || !blocked(f.shape, stack)) fields[f.name] = shapeArb(f.shape, stack, steer);
      const requiredKeys = s.struct.fields.filter((f) => !f.optional).map((f) => f.name);
      return fc.record(fields, { requiredKeys }).map((o) => ({ ...o }));
    }
    case 'check':
      // The generated content has no control checks beyond .size; values of the inner shape.
      return shapeArb(s.inner, stack, steer);
  }
}

/**
 * Element count bounds of a list or table (declared `min`..`max`, `randomMax` when drawn freely):
 * steered by `length`, min(length, 256) elements (not for elements that recurse); steered by
 * `round`, at least one, so the choices inside are made.
 */
function countBounds(min: number, max: number | null, randomMax: number, recursiveElement: boolean, steer: ContentSteer): [number, number] {
  const clamp = (n: number) => Math.min(max ?? Infinity, Math.max(min, n));
  if (steer.length !== undefined && !recursiveElement)
    return [clamp(Math.min(steer.length, MAX_STEERED_COUNT)), clamp(Math.min(steer.length, MAX_STEERED_COUNT))];
  if (steer.round !== undefined || steer.length !== undefined) return [clamp(1), clamp(1)];
  return [min, randomMax];
}

/** Values of the CDDL rule `name` in the form of the generated codec. */
export function arbitraryOf(name: string, steer: ContentSteer = {}): fc.Arbitrary<unknown> {
  return shapeArb({ k: 'ref', name }, [], steer);
}

// ---- generic data model --------------------------------------------------------------------

class Mismatch extends Error {}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Mismatch(what);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Uint8Array) && !(v instanceof CborTag);

function literalEquals(lit: LiteralValue, v: unknown): boolean {
  const x = literalValue(lit);
  if (x instanceof Uint8Array) return v instanceof Uint8Array && bytesEqual(v, x);
  if (typeof x === 'bigint' || typeof v === 'bigint') return (typeof v === 'number' || typeof v === 'bigint') && BigInt(v as number) === BigInt(x as number);
  return v === x;
}

/** Whether `v` has shape `s` (what toGeneric accepts). */
export function hasShape(s: Shape, v: unknown): boolean {
  try {
    toGeneric(s, v);
    return true;
  } catch (e) {
    if (e instanceof Mismatch) return false;
    throw e;
  }
}

/**
 * A value of shape `s` as the generic CBOR data model (records as arrays, tags as CborTag), which
 * `toCbor2` turns into cbor2's model. Throws when the value does not have the shape.
 */
export function toGeneric(s: Shape, v: unknown): unknown {
  switch (s.k) {
    case 'int':
      check(typeof v === 'number' || typeof v === 'bigint', 'int');
      return v;
    case 'bstr':
      check(v instanceof Uint8Array, 'bstr');
      return v;
    case 'tstr':
      check(typeof v === 'string', 'tstr');
      return v;
    case 'bool':
      check(typeof v === 'boolean', 'bool');
      return v;
    case 'null':
      check(v === null, 'null');
      return v;
    case 'float':
      check(typeof v === 'number', 'float');
      return Number.isInteger(v) ? new CborFloat(v as number) : v;
    case 'any':
      return v;
    case 'literal':
      check(literalEquals(s.value, v), 'literal');
      return v;
    case 'ref':
      return toGeneric(ruleShape(s.name), v);
    case 'choice': {
      for (const o of s.options) {
        try {
          return toGeneric(o, v);
        } catch (e) {
          if (!(e instanceof Mismatch)) throw e;
        }
      }
      throw new Mismatch('no alternative');
    }
    case 'record': {
      check(isPlainObject(v), 'record');
      const o = v as Record<string, unknown>;
      const out = s.record.fields.map((f) => toGeneric(f.shape, o[f.name]));
      const vs = s.record.variants;
      if (vs !== null) {
        const variant = vs.variants.find((x) => literalEquals(x.tag, o[vs.tagField]));
        check(variant !== undefined, 'variant');
        out.push(o[vs.tagField], ...variant!.fields.map((f) => toGeneric(f.shape, o[f.name])));
      }
      return out;
    }
    case 'list':
      check(Array.isArray(v), 'list');
      return (v as unknown[]).map((x) => toGeneric(s.element, x));
    case 'table':
      check(v instanceof Map, 'table');
      return new Map([...(v as Map<unknown, unknown>)].map(([k, x]) => [toGeneric(s.key, k), toGeneric(s.value, x)]));
    case 'tag':
      check(v instanceof CborTag && Number(v.tag) === s.tag, 'tag');
      return new CborTag(s.tag, toGeneric(s.inner, (v as CborTag).value));
  }
}

/** cbor2's encode options for RFC 8949 §4.2.1 (as packages/content/src/edn.ts EDN_ENCODE_OPTIONS). */
export const REF_ENCODE_OPTIONS = { cde: true, ignoreOriginalEncoding: false } as const;

/** The generic model of packages/cbor/src/values.ts as cbor2's data model. */
export function toCbor2(v: unknown): unknown {
  if (v instanceof CborFloat) return encodedNumber(v.value, 'f');
  if (v instanceof CborTag) return new Tag(v.tag, toCbor2(v.value));
  if (v instanceof CborSimple) return new Simple(v.value);
  if (Array.isArray(v)) return v.map(toCbor2);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [toCbor2(k), toCbor2(x)]));
  if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v)) return encodedNumber(v, 'f');
  return v;
}

// ---- boundary cases ------------------------------------------------------------------------

/** A value of a rule at or just past one of its constraints. */
export interface BoundaryCase {
  what: string;
  value: unknown;
  valid: boolean;
}

/** The CBOR major type a shape's values start with ('*' for any). */
function majorOf(s: Shape): string {
  switch (s.k) {
    case 'int':
      return s.signed ? 'int' : 'uint';
    case 'literal':
      return s.value.kind === 'int' ? 'uint' : s.value.kind;
    case 'ref':
      return majorOf(ruleShape(s.name));
    case 'record':
    case 'list':
      return 'array';
    case 'table':
      return 'map';
    default:
      return s.k;
  }
}

function intCases(s: Extract<Shape, { k: 'int' }>): BoundaryCase[] {
  if (s.ranges === null) return [];
  const mode = intMode(s);
  const conv = (b: bigint) => (mode === 'bigint' ? b : mode === 'number' ? Number(b) : canonicalInt(b));
  const inRange = (b: bigint) => s.ranges!.some((r) => b >= BigInt(r.min) && b <= BigInt(r.max));
  const out: BoundaryCase[] = [];
  for (const r of s.ranges) {
    for (const b of [BigInt(r.min), BigInt(r.max)]) out.push({ what: `int ${b}`, value: conv(b), valid: true });
    for (const b of [BigInt(r.min) - 1n, BigInt(r.max) + 1n]) {
      if (inRange(b) || b > U64_MAX || b < (s.signed ? NINT_MIN : 0n)) continue;
      out.push({ what: `int ${b}`, value: conv(b), valid: false });
    }
  }
  return out;
}

function sizeCases(kind: 'bstr' | 'tstr', min: number, max: number | null): BoundaryCase[] {
  const make = (n: number, wide: boolean): unknown =>
    kind === 'bstr' ? new Uint8Array(n).fill(0xa5) : wide ? 'é'.repeat(Math.floor(n / 2)) + 'a'.repeat(n % 2) : 'a'.repeat(n);
  const out: BoundaryCase[] = [];
  for (const wide of kind === 'tstr' ? [false, true] : [false]) {
    const tag = wide ? ' (2-byte characters)' : '';
    out.push({ what: `${kind} of ${min} bytes${tag}`, value: make(min, wide), valid: true });
    if (min > 0) out.push({ what: `${kind} of ${min - 1} bytes${tag}`, value: make(min - 1, wide), valid: false });
    if (max !== null) {
      out.push({ what: `${kind} of ${max} bytes${tag}`, value: make(max, wide), valid: true });
      out.push({ what: `${kind} of ${max + 1} bytes${tag}`, value: make(max + 1, wide), valid: false });
    }
  }
  return out;
}

/** Byte-string `any` values whose encodings have exactly `n` bytes. */
function anyOfSize(n: number): Uint8Array {
  for (const head of [1, 2, 3, 5]) {
    const len = n - head;
    const need = len < 24 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 5;
    if (len >= 0 && need === head) return new Uint8Array(len).fill(7);
  }
  throw new Error(`no byte string encodes in ${n} bytes`);
}

/**
 * Values of shape `s` at and just past its constraints: integer range ends, string sizes, the
 * encoded size of `any`, and, inside records, the same for each member (one member at a time, in
 * an otherwise valid value). Refs to records are not followed (that bounds recursive rules).
 */
export function boundaryCases(s: Shape, seed = 42): BoundaryCase[] {
  switch (s.k) {
    case 'int':
      return intCases(s);
    case 'bstr':
    case 'tstr':
      return sizeCases(s.k, s.min, s.max);
    case 'any':
      return s.maxSize === null
        ? []
        : [
            { what: `any of ${s.maxSize} bytes`, value: anyOfSize(s.maxSize), valid: true },
            { what: `any of ${s.maxSize + 1} bytes`, value: anyOfSize(s.maxSize + 1), valid: false },
          ];
    case 'literal': {
      const v = literalValue(s.value);
      return [
        { what: `literal ${String(v)}`, value: v, valid: true },
        ...(typeof v === 'number' ? [{ what: `literal ${v} + 1`, value: v + 1, valid: false }] : []),
      ];
    }
    case 'ref': {
      const target = ruleShape(s.name);
      return target.k === 'record' ? [] : boundaryCases(target, seed);
    }
    case 'choice': {
      const out: BoundaryCase[] = [];
      s.options.forEach((o, i) => {
        const m = majorOf(o);
        const shared = s.options.some(
          (x, j) => j !== i && (majorOf(x) === m || majorOf(x) === 'any' || (m === 'uint' && majorOf(x) === 'int') || (m === 'int' && majorOf(x) === 'uint')),
        );
        for (const c of boundaryCases(o, seed)) if (c.valid || !shared) out.push(c);
      });
      return out;
    }
    case 'record': {
      const out: BoundaryCase[] = [];
      const samples = fc.sample(shapeArb(s), { numRuns: 40, seed }) as Array<Record<string, unknown>>;
      const groups: Array<{ fields: RecordField[]; base: Record<string, unknown> | undefined; label: string }> = [];
      const vs = s.record.variants;
      if (vs === null) groups.push({ fields: s.record.fields, base: samples[0], label: '' });
      else {
        for (const v of vs.variants) {
          const base = samples.find((x) => literalEquals(v.tag, x[vs.tagField]));
          groups.push({ fields: [...s.record.fields, ...v.fields], base, label: `${v.label} ` });
        }
      }
      for (const g of groups) {
        if (g.base === undefined) throw new Error(`no sample for ${g.label}`);
        for (const f of g.fields) {
          for (const c of boundaryCases(f.shape, seed))
            out.push({ what: `${g.label}${f.name}: ${c.what}`, value: { ...g.base, [f.name]: c.value }, valid: c.valid });
        }
      }
      return out;
    }
    case 'table': {
      // Maps of one entry: the key's cases with a valid value, a valid key with the value's cases.
      const [key] = fc.sample(shapeArb(s.key), { numRuns: 1, seed });
      const [value] = fc.sample(shapeArb(s.value), { numRuns: 1, seed });
      return [
        ...boundaryCases(s.key, seed).map((c) => ({ what: `key ${c.what}`, value: new Map([[c.value, value]]), valid: c.valid })),
        ...boundaryCases(s.value, seed).map((c) => ({ what: `value ${c.what}`, value: new Map([[key, c.value]]), valid: c.valid })),
      ];
    }
    case 'tag':
      return boundaryCases(s.inner, seed).map((c) => ({ what: `#6.${s.tag}(${c.what})`, value: new CborTag(s.tag, c.value), valid: c.valid }));
    default:
      return [];
  }
}
