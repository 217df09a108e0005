/**
 * fast-check arbitraries for any TLS-PL type, built from the compiled IR (generators/tls), so that
 * every declaration of every package can be property-tested without hand-written generators.
 *
 * A generated sample is `{ value, context }`: `value` has the shape the generated codecs use (field
 * names as in the draft, select arms inline, enums as value names, uint64 as bigint, byte vectors as
 * Uint8Array, optional as null | value, padding as a zero-byte count) and `context` holds the
 * values of the type's `contextNames` (select discriminators outside the type).
 *
 * Consistency with selects:
 * - a select on an own field (`Sender.sender_type`) is planned when its discriminator field is
 *   generated: the discriminator is drawn first among the values that have an arm (any value if
 *   there is a default arm) and the arm's fields follow;
 * - a nested path (`FramedContentTBS.content.sender.sender_type`, `HandshakeBundle.proposalOrCommit.
 *   public_message.content.content_type`) becomes a constraint passed down into the field's value;
 *   a constraint on a field that only exists in some select arm (`public_message`) restricts that
 *   select's discriminator to those arms;
 * - a select on a context value takes the value the containing struct supplies (same supply table
 *   as the generated code: generators/tls/passes/compute-context.ts) or the caller's context; a
 *   field that supplies a context value to a later field is restricted to values that have an arm.
 *
 * Size: struct nesting is depth-counted; past `maxDepth` vectors are empty (when their bounds allow)
 * and optionals absent, which also bounds any recursive type. Vectors hold at most `maxVector`
 * elements (fewer deeper down), byte strings at most `maxBytes` bytes, or now and then one of the
 * lengths around the 1-/2-byte varint boundary (63, 64). The larger lengths (16383, 16384: the
 * 4-byte varint) come from steered samples only (`steer.vectorBytes`, see ./covering.ts), so random
 * runs stay small.
 *
 * Steering (`steer`), for the samples that cover every arm and length by construction
 * (./covering.ts): `prefer` names, per enum, the value to take wherever that enum is chosen and the
 * value is allowed there (select discriminators and context values included); `reach` makes
 * optionals present and vectors hold one element, so that choices nested inside them are made;
 * `vectorBytes` gives every `<V>` byte string that length (with `elementVectors`, also every
 * vector of fixed-size elements at least that many bytes).
 *
 * Constraints (`constrain`), by type name, hold wherever that type is generated: for an enum, the
 * values it may take (path []); for a struct, the values of enum fields inside it. Another
 * implementation that accepts less than the draft allows (ts-mls in the differential test) is
 * given only values it can take this way.
 *
 * Not generated (UnsupportedType is thrown by arbitraryOf, see unsupportedReason): ranged vectors
 * `<min..max>` of elements whose wire size varies (their byte bounds would need a size function),
 * arrays `T x[n]` of such elements, `padding` anywhere but at the very end of a top-level struct,
 * and selects whose discriminator is neither an enum nor has integer case labels. None of the
 * built-in specs currently has such a type.
 */
import fc from 'fast-check';
import type { Declaration, EnumDecl, Field, Member, Select, SelectArm, StructDecl, TypeRef } from '../../generators/tls/ir.ts';
import type { TlsPackage } from '../../generators/tls/model.ts';
import { fieldSupplies } from '../../generators/tls/passes/compute-context.ts';

export interface ArbitraryOptions {
  /** Struct nesting past which vectors are empty and optionals absent (default 5). */
  maxDepth?: number;
  /** Maximum elements of a vector at the top (default 3; at most 2 below depth 2). */
  maxVector?: number;
  /** Maximum length of a byte string, apart from the varint-boundary lengths (default 40). */
  maxBytes?: number;
  /** Values allowed wherever a type is generated, by type name (see the header). */
  constrain?: Readonly<Record<string, readonly Constraint[]>>;
  /** Steering for covering samples (see the header). */
  steer?: Steer;
}

export interface Steer {
  /** Enum name → the value to take wherever it is allowed (a value name, a number, or UNLISTED). */
  prefer?: Readonly<Record<string, Scalar>>;
  /** Optionals present and vectors of one element (until maxDepth), to reach nested choices. */
  reach?: boolean;
  /** Every `<V>` byte string this long (and, with `elementVectors`, every vector of fixed-size elements at least this many bytes). */
  vectorBytes?: number;
  /** Apply `vectorBytes` to vectors of fixed-size elements too (for types without byte strings). */
  elementVectors?: boolean;
}

/** In `prefer` and enum constraints: a number that the (open) enum does not list. */
export const UNLISTED = '#unlisted';

/** Lengths of random byte strings that straddle the 1-/2-byte varint boundary (RFC 9420 §2.1.2). */
const VARINT_EDGE_LENGTHS = [63, 64];

/** Element count above which a vector repeats a few drawn elements (see vector()). */
const TILE_ABOVE = 64;

export interface Sample {
  value: unknown;
  context: Record<string, string>;
}

export class UnsupportedType extends Error {}

export type Scalar = string | number;
/** The value at `path` (relative to the value being generated) must be one of `allowed`. */
export interface Constraint {
  path: readonly string[];
  allowed: readonly Scalar[];
}

type Obj = Record<string, unknown>;

export function arbitraryOf(pkg: TlsPackage, typeName: string, opts: ArbitraryOptions = {}): fc.Arbitrary<Sample> {
  const g = new Gen(pkg, opts);
  const reason = g.unsupported(typeName);
  if (reason) throw new UnsupportedType(`${typeName}: ${reason}`);
  const needs = g.contextNeedsOfType({ kind: 'named', name: typeName });
  const ctxArb: fc.Arbitrary<Record<string, string>> =
    needs.length === 0
      ? fc.constant({})
      : fc.record(Object.fromEntries(needs.map((n) => [n, g.contextArb(n)])) as Record<string, fc.Arbitrary<string>>).map((r) => ({ ...r }));
  return ctxArb.chain((context) => g.type({ kind: 'named', name: typeName }, 0, [], context, true).map((value) => ({ value, context })));
}

/** Why `typeName` cannot be generated, or null. */
export function unsupportedReason(pkg: TlsPackage, typeName: string): string | null {
  return new Gen(pkg, {}).unsupported(typeName);
}

/** Whether `constrain` lets enum `e` take value `v` (a name, a number, or UNLISTED for any unlisted number). */
export function constraintsAllow(constrain: ArbitraryOptions['constrain'], e: EnumDecl, v: Scalar): boolean {
  const list = allowedAt(constrain?.[e.name] ?? [], []);
  if (list === null) return true;
  if (v === UNLISTED || (typeof v === 'number' && !e.values.some((x) => x.value === v))) return list.includes(UNLISTED);
  return list.some((a) => sameValue(e, a, v));
}

/** The values the generator puts in context `name` (those every select on it has an arm for). */
export function contextValuesOf(pkg: TlsPackage, name: string, opts: ArbitraryOptions = {}): string[] {
  return new Gen(pkg, opts).contextValues(name);
}

class Gen {
  private readonly maxDepth: number;
  private readonly maxVector: number;
  private readonly maxBytes: number;
  private readonly constrain: Readonly<Record<string, readonly Constraint[]>>;
  private readonly steer: Steer;
  private readonly allPkgs: TlsPackage[];
  private readonly ctxValueCache = new Map<string, string[]>();
  private readonly minSizeCache = new Map<string, number>();

  constructor(
    private readonly pkg: TlsPackage,
    opts: ArbitraryOptions,
  ) {
    this.maxDepth = opts.maxDepth ?? 5;
    this.maxVector = opts.maxVector ?? 3;
    this.maxBytes = opts.maxBytes ?? 40;
    this.constrain = opts.constrain ?? {};
    this.steer = opts.steer ?? {};
    const seen = new Set<TlsPackage>();
    const visit = (p: TlsPackage): void => {
      if (seen.has(p)) return;
      seen.add(p);
      p.imports.forEach(visit);
    };
    visit(pkg);
    this.allPkgs = [...seen];
  }

  // ---- IR helpers ------------------------------------------------------------------------------

  decl(name: string): Declaration {
    const d = this.pkg.symbols.get(name)?.decl;
    if (!d) throw new UnsupportedType(`unknown type ${name}`);
    return d;
  }

  /** Follows aliases. */
  resolve(t: TypeRef): TypeRef | EnumDecl | StructDecl {
    let cur: TypeRef = t;
    for (let i = 0; i < 64; i++) {
      if (cur.kind !== 'named') return cur;
      const d = this.decl(cur.name);
      if (d.kind !== 'alias') return d;
      cur = d.type;
    }
    throw new UnsupportedType('alias cycle');
  }

  contextNeedsOfType(t: TypeRef): string[] {
    const r = this.resolve(t);
    if (r.kind === 'struct' && 'name' in r) {
      for (const p of this.allPkgs) {
        const n = p.contextNeeds.get(r.name);
        if (n) return n;
      }
      return [];
    }
    if (r.kind === 'vector' || r.kind === 'array' || r.kind === 'optional') return this.contextNeedsOfType(r.element);
    return [];
  }

  /** Every select (also inside arms) of every struct of the package and its imports. */
  private *allSelects(): Generator<Select> {
    for (const p of this.allPkgs) for (const s of p.specs) for (const d of s.declarations) if (d.kind === 'struct') yield* selectsIn(d.members);
  }

  /** The enum of a context value (from the selects on it). */
  private contextEnum(name: string): EnumDecl | null {
    const sel = [...this.allSelects()].find((s) => s.discriminator.resolved?.scope === 'context' && s.discriminator.resolved.contextName === name);
    const enumName = sel?.discriminator.resolved?.enumName;
    return enumName ? (this.decl(enumName) as EnumDecl) : null;
  }

  /** Values of a context discriminator that every select on it has an arm for (and its constraints allow). */
  contextValues(name: string): string[] {
    const cached = this.ctxValueCache.get(name);
    if (cached) return cached;
    const sels = [...this.allSelects()].filter((s) => s.discriminator.resolved?.scope === 'context' && s.discriminator.resolved.contextName === name);
    const e = this.contextEnum(name);
    const out = e ? e.values.map((v) => v.name).filter((v) => this.typeAllows(e, v) && sels.every((s) => armFor(s, v, e) !== undefined)) : [];
    if (out.length === 0) throw new UnsupportedType(`no value of context ${name} has an arm in every select on it`);
    this.ctxValueCache.set(name, out);
    return out;
  }

  /** A context value for the caller's context (steered like any choice of its enum). */
  contextArb(name: string): fc.Arbitrary<string> {
    return this.choose(this.contextEnum(name), this.contextValues(name), null) as fc.Arbitrary<string>;
  }

  private typeAllows(e: EnumDecl, v: Scalar): boolean {
    return constraintsAllow(this.constrain, e, v);
  }

  /**
   * One of `names` (listed values or numbers), or of `other` (unlisted numbers of an open enum):
   * the steered value when it is among them, else any.
   */
  private choose(e: EnumDecl | null, names: Scalar[], other: fc.Arbitrary<number> | null): fc.Arbitrary<Scalar> {
    const want = e ? this.steer.prefer?.[e.name] : undefined;
    if (want === UNLISTED && other) return other;
    if (want !== undefined) {
      const hit = names.find((n) => sameValue(e, n, want));
      if (hit !== undefined) return fc.constant(hit);
    }
    const listed = names.length > 0 ? fc.constantFrom(...names) : null;
    if (listed && other) return fc.oneof({ arbitrary: listed, weight: 3 }, { arbitrary: other, weight: 1 });
    const one = listed ?? other;
    if (!one) throw new Error(`arbitrary: no value of ${e?.name ?? 'a discriminator'} is allowed here`);
    return one;
  }

  /** Smallest wire size of a type (0 means a vector of it could hold zero-size elements). */
  minSize(t: TypeRef, seen = new Set<string>()): number {
    switch (t.kind) {
      case 'uint':
        return t.bits / 8;
      case 'opaque':
        return 1;
      case 'array':
        return t.byteLength;
      case 'vector':
        return t.length.kind === 'varint' ? 1 : t.length.width + t.length.min;
      case 'optional':
        return 1;
      case 'padding':
        return 0;
      case 'struct':
        return this.membersMinSize(t.members, seen);
      case 'named': {
        const cached = this.minSizeCache.get(t.name);
        if (cached !== undefined) return cached;
        if (seen.has(t.name)) return 1;
        seen.add(t.name);
        const d = this.decl(t.name);
        const n = d.kind === 'enum' ? d.width : d.kind === 'alias' ? this.minSize(d.type, seen) : this.membersMinSize(d.members, seen);
        this.minSizeCache.set(t.name, n);
        return n;
      }
    }
  }

  private membersMinSize(members: Member[], seen: Set<string>): number {
    let n = 0;
    for (const m of members) {
      if (m.kind === 'field') n += this.minSize(m.type, seen);
      else n += Math.min(...m.arms.map((a) => this.membersMinSize(a.members, seen)));
    }
    return n;
  }

  /** Fixed wire size of a type, or null when it varies. */
  fixedSize(t: TypeRef): number | null {
    const r = this.resolve(t);
    if (r.kind === 'uint') return r.bits / 8;
    if (r.kind === 'opaque') return 1;
    if (r.kind === 'enum') return r.width;
    if (r.kind === 'array') return r.byteLength;
    return null;
  }

  /** Wire size shared by every value of a type (fixedSize, and structs of such fields), or null. */
  private wireSize(t: TypeRef, seen = new Set<string>()): number | null {
    const r = this.resolve(t);
    if (r.kind !== 'struct') return this.fixedSize(t);
    if ('name' in r) {
      if (seen.has(r.name)) return null;
      seen.add(r.name);
    }
    let n = 0;
    for (const m of r.members) {
      const k = m.kind === 'field' ? this.wireSize(m.type, seen) : null;
      if (k === null) return null;
      n += k;
    }
    return n;
  }

  unsupported(typeName: string): string | null {
    const seen = new Set<string>();
    const check = (t: TypeRef, topLast: boolean): string | null => {
      switch (t.kind) {
        case 'uint':
        case 'opaque':
          return null;
        case 'padding':
          return topLast ? null : 'padding that is not the last field of a top-level struct';
        case 'optional':
          return check(t.element, false);
        case 'array':
          if (isByte(t.element)) return null;
          {
            const e = this.fixedSize(t.element);
            if (e === null || e === 0 || t.byteLength % e !== 0) return `array [${t.byteLength}] of variable-size elements`;
          }
          return check(t.element, false);
        case 'vector':
          if (isByte(t.element)) return null;
          if (t.length.kind === 'fixed' && this.fixedSize(t.element) === null) return 'ranged vector of variable-size elements';
          return check(t.element, false);
        case 'struct':
          return checkMembers(t.members, '(inline)', topLast);
        case 'named': {
          const d = this.pkg.symbols.get(t.name)?.decl;
          if (!d) return `unknown type ${t.name}`;
          if (d.kind === 'enum') return null;
          if (d.kind === 'alias') return check(d.type, topLast);
          const key = `${t.name}${topLast ? '!' : ''}`;
          if (seen.has(key)) return null;
          seen.add(key);
          return checkMembers(d.members, d.name, topLast);
        }
      }
    };
    const checkMembers = (members: Member[], owner: string, topLast: boolean): string | null => {
      for (const [i, m] of members.entries()) {
        const last = topLast && i === members.length - 1;
        if (m.kind === 'field') {
          const r = check(m.type, last);
          if (r) return `${owner}.${m.name}: ${r}`;
          continue;
        }
        const res = m.discriminator.resolved;
        if (!res) return `${owner}: unresolved select`;
        if (!res.enumName && m.arms.some((a) => a.cases.some((c) => typeof c !== 'number'))) return `${owner}: select on a non-enum value`;
        for (const a of m.arms) {
          const r = checkMembers(a.members, owner, last);
          if (r) return r;
        }
      }
      return null;
    };
    try {
      return check({ kind: 'named', name: typeName }, true);
    } catch (e) {
      return (e as Error).message;
    }
  }

  // ---- arbitraries -----------------------------------------------------------------------------

  /**
   * Arbitrary of a type. `cons` constrain values inside it (paths relative to it), `ctx` holds the
   * context values its selects may need, `top` marks the top-level value (where padding may stand).
   */
  type(t: TypeRef, depth: number, cons: Constraint[], ctx: Record<string, Scalar>, top: boolean): fc.Arbitrary<unknown> {
    if (depth > this.maxDepth + 40) throw new UnsupportedType('recursion that the depth bound cannot stop');
    switch (t.kind) {
      case 'uint':
        return this.uint(t.bits, allowedAt(cons, []));
      case 'opaque':
        return fc.integer({ min: 0, max: 255 });
      case 'padding':
        return top ? fc.nat({ max: 24 }) : fc.constant(0);
      case 'optional': {
        const inner = this.type(t.element, depth, cons, ctx, false);
        if (cons.length > 0) return inner;
        if (depth >= this.maxDepth) return fc.constant(null);
        if (this.steer.reach) return inner;
        return fc.option(inner, { nil: null, freq: 3 });
      }
      case 'array': {
        if (isByte(t.element)) return fc.uint8Array({ minLength: t.byteLength, maxLength: t.byteLength });
        const e = this.fixedSize(t.element) ?? 1;
        const n = t.byteLength / e;
        return fc.array(this.type(t.element, depth, [], ctx, false), { minLength: n, maxLength: n });
      }
      case 'vector':
        return this.vector(t, depth, ctx);
      case 'struct':
        return this.struct(t.members, depth, cons, ctx, top);
      case 'named': {
        const d = this.decl(t.name);
        if (d.kind === 'alias') return this.type(d.type, depth, cons, ctx, top);
        if (d.kind === 'enum') return this.enumValue(d, allowedAt(cons, []));
        return this.struct(d.members, depth, cons, ctx, top, d);
      }
    }
  }

  private uint(bits: 8 | 16 | 32 | 64, allowed: Scalar[] | null): fc.Arbitrary<unknown> {
    if (allowed) return fc.constantFrom(...allowed.filter((a) => typeof a === 'number'));
    switch (bits) {
      case 8:
        return fc.integer({ min: 0, max: 0xff });
      case 16:
        return fc.integer({ min: 0, max: 0xffff });
      case 32:
        return fc.oneof(
          fc.constantFrom(0, 1, 0x7fffffff, 0x80000000, 0xffffffff),
          fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([hi, lo]) => hi * 0x10000 + lo),
        );
      case 64:
        return fc.oneof(fc.constantFrom(0n, 1n, 0xffffffffffffffffn, 1n << 63n), fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }));
    }
  }

  /** Enum value: a listed name, or for an open enum also an unlisted number in range. */
  private enumValue(e: EnumDecl, allowed: Scalar[] | null): fc.Arbitrary<unknown> {
    const names = (allowed ? allowed.map((a) => enumName(e, a)) : e.values.map((v) => v.name)).filter((n) => this.typeAllows(e, n));
    if (allowed && names.length === 0) throw new Error(`arbitrary: no allowed value for ${e.name}`);
    const other = !allowed && e.open && this.typeAllows(e, UNLISTED_PROBE) ? unlisted(e) : null;
    return this.choose(e, names, other);
  }

  private vector(t: Extract<TypeRef, { kind: 'vector' }>, depth: number, ctx: Record<string, Scalar>): fc.Arbitrary<unknown> {
    const deep = depth >= this.maxDepth;
    const steered = this.steer.vectorBytes;
    if (isByte(t.element)) {
      if (t.length.kind === 'varint') {
        if (steered !== undefined && !deep) return fixedBytes(steered);
        if (deep) return fc.uint8Array({ maxLength: 4 });
        return fc.oneof(
          { arbitrary: fc.uint8Array({ maxLength: this.maxBytes }), weight: 8 },
          { arbitrary: fc.constantFrom(...VARINT_EDGE_LENGTHS).chain(fixedBytes), weight: 1 },
        );
      }
      const { min, max } = t.length;
      if (steered !== undefined && !deep) return fixedBytes(Math.min(max, Math.max(min, steered)));
      return fc.uint8Array({ minLength: min, maxLength: Math.min(max, min + (deep ? 4 : this.maxBytes)) });
    }
    const zeroSize = this.minSize(t.element) === 0;
    const size = this.wireSize(t.element);
    let minCount = 0;
    let maxCount = zeroSize || deep ? 0 : depth < 2 ? this.maxVector : Math.min(2, this.maxVector);
    if (!zeroSize && !deep) {
      if (steered !== undefined && size !== null && this.steer.elementVectors) minCount = maxCount = Math.ceil(steered / size);
      else if (this.steer.reach || steered !== undefined) minCount = maxCount = Math.min(1, maxCount);
    }
    if (t.length.kind === 'fixed') {
      const e = this.fixedSize(t.element) ?? 1;
      minCount = Math.max(minCount, Math.ceil(t.length.min / e));
      maxCount = Math.min(Math.floor(t.length.max / e), Math.max(minCount, maxCount));
      minCount = Math.min(minCount, maxCount);
    }
    const element = this.type(t.element, depth, [], ctx, false);
    // Thousands of elements (a steered length): a few drawn and repeated; drawing 8,192 enum values
    // one by one took most of a second per vector.
    if (minCount > TILE_ABOVE)
      return fc.array(element, { minLength: 1, maxLength: 4 }).map((xs) => Array.from({ length: minCount }, (_, i) => xs[i % xs.length]));
    return fc.array(element, { minLength: minCount, maxLength: maxCount });
  }

  private struct(members: Member[], outer: number, given: Constraint[], ctx: Record<string, Scalar>, top: boolean, decl?: StructDecl): fc.Arbitrary<unknown> {
    const cons = decl && this.constrain[decl.name] ? [...given, ...this.constrain[decl.name]!] : given;
    const all = members;
    const depth = outer + 1;
    const fieldIndex = new Map<Field, boolean>();
    const lastField = lastFieldOf(all);
    if (lastField) fieldIndex.set(lastField, top);
    const seq = (list: Member[], i: number, o: Obj): fc.Arbitrary<Obj> => {
      if (i >= list.length) return fc.constant(o);
      const m = list[i]!;
      if (m.kind === 'field') {
        return this.field(m, all, o, depth, cons, ctx, fieldIndex.get(m) === true).chain((v) => seq(list, i + 1, { ...o, [m.name]: v }));
      }
      const r = m.discriminator.resolved!;
      const dv = r.scope === 'own' ? getPath(o, r.fieldPath) : ctx[r.contextName];
      const e = r.enumName ? (this.decl(r.enumName) as EnumDecl) : null;
      const arm = dv === undefined ? undefined : armFor(m, dv, e);
      if (!arm) throw new Error(`arbitrary: no arm of ${decl?.name ?? 'struct'} select ${m.discriminator.path.join('.')} for ${String(dv)}`);
      return seq(arm.members, 0, o).chain((o2) => seq(list, i + 1, o2));
    };
    return seq(members, 0, {});
  }

  /** One field: its constraints (from outside, from later selects, from context supplies), then its value. */
  private field(f: Field, all: Member[], o: Obj, depth: number, cons: Constraint[], ctx: Record<string, Scalar>, topLast: boolean): fc.Arbitrary<unknown> {
    if (f.fixedValue !== undefined) {
      const r = this.resolve(f.type);
      return fc.constant(r.kind === 'enum' ? enumName(r, f.fixedValue) : f.fixedValue);
    }
    const own: Constraint[] = cons.filter((c) => c.path[0] === f.name).map((c) => ({ path: c.path.slice(1), allowed: c.allowed }));
    // A later field that takes a context value from this one: the value must have an arm there.
    for (const g of fieldsIn(all)) {
      for (const s of fieldSupplies.get(g) ?? []) {
        if (s.from && s.from[0] === f.name) own.push({ path: s.from.slice(1), allowed: this.contextValues(s.name) });
      }
    }
    // Fields of this struct that outside constraints require, and that only some arms have.
    const required = new Set(cons.map((c) => c.path[0]!).filter((h) => h !== undefined));
    const lookahead = outermostSelects(all, f.name);
    const fieldCtx: Record<string, Scalar> = {};
    for (const s of fieldSupplies.get(f) ?? []) {
      const v = s.from ? getPath(o, s.from) : ctx[s.name];
      if (v !== undefined) fieldCtx[s.name] = v as Scalar;
    }
    return this.plan(lookahead, f.name, all, own, required).chain((planned) => this.type(f.type, depth, [...own, ...planned], fieldCtx, topLast));
  }

  /**
   * Chooses the discriminator values (relative to field `head`) of the selects on it: each value
   * has an arm in every select on the same path, satisfies the constraints on that path, and its arm
   * holds the fields that outside constraints require. Nested selects on the same field in the
   * chosen arms are planned next.
   */
  private plan(selects: Select[], head: string, all: Member[], own: Constraint[], required: Set<string>): fc.Arbitrary<Constraint[]> {
    if (selects.length === 0) return fc.constant([]);
    const groups = new Map<string, Select[]>();
    for (const s of selects) {
      const key = (s.discriminator.resolved as { fieldPath: string[] }).fieldPath.slice(1).join('.');
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const steps = [...groups.entries()].map(([key, sels]) => {
      const path = key === '' ? [] : key.split('.');
      const r = sels[0]!.discriminator.resolved!;
      const e = r.enumName ? (this.decl(r.enumName) as EnumDecl) : null;
      const allowed = allowedAt(own, path);
      let candidates: Scalar[] = e
        ? e.values.map((v) => v.name).filter((v) => this.typeAllows(e, v))
        : [...new Set(sels.flatMap((s) => s.arms.flatMap((a) => a.cases)))];
      if (allowed) candidates = candidates.filter((c) => allowed.some((a) => sameValue(e, a, c)));
      const ok = (v: Scalar): boolean =>
        sels.every((s) => {
          const arm = armFor(s, v, e);
          if (!arm) return false;
          for (const h of required) if (selectHasField(s, h) && !armHasField(arm, h)) return false;
          return true;
        });
      candidates = candidates.filter(ok);
      // A default arm also takes the values nobody lists (for an open enum, unlisted numbers).
      const other =
        !allowed && e?.open && this.typeAllows(e, UNLISTED_PROBE) && sels.every((s) => s.arms.some((a) => a.isDefault))
          ? unlisted(e).filter((n) => ok(n))
          : null;
      if (candidates.length === 0 && !other) throw new Error(`arbitrary: no value of ${head}.${key} has an arm in every select on it`);
      return this.choose(e, candidates, other).chain((v) => {
        const nested = sels.flatMap((s) => outermostSelects(armFor(s, v, e)!.members, head));
        return this.plan(nested, head, all, own, required).map((rest): Constraint[] => [{ path, allowed: [v] }, ...rest]);
      });
    });
    return fc.tuple(...steps).map((lists) => lists.flat());
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function isByte(t: TypeRef): boolean {
  return t.kind === 'opaque' || (t.kind === 'uint' && t.bits === 8);
}

function* selectsIn(members: readonly Member[]): Generator<Select> {
  for (const m of members) {
    if (m.kind !== 'select') continue;
    yield m;
    for (const a of m.arms) yield* selectsIn(a.members);
  }
}

function* fieldsIn(members: readonly Member[]): Generator<Field> {
  for (const m of members) {
    if (m.kind === 'field') yield m;
    else for (const a of m.arms) yield* fieldsIn(a.members);
  }
}

function lastFieldOf(members: readonly Member[]): Field | undefined {
  const m = members.at(-1);
  return m?.kind === 'field' ? m : undefined;
}

/** Own-field selects on `head` that are not inside an arm of another select on `head`. */
function outermostSelects(members: readonly Member[], head: string): Select[] {
  const out: Select[] = [];
  for (const m of members) {
    if (m.kind !== 'select') continue;
    const r = m.discriminator.resolved;
    if (r?.scope === 'own' && r.fieldPath[0] === head) out.push(m);
    else for (const a of m.arms) out.push(...outermostSelects(a.members, head));
  }
  return out;
}

function armHasField(arm: SelectArm, name: string): boolean {
  for (const f of fieldsIn(arm.members)) if (f.name === name) return true;
  return false;
}

function selectHasField(s: Select, name: string): boolean {
  return s.arms.some((a) => armHasField(a, name));
}

function enumNumber(e: EnumDecl | null, v: Scalar): number | undefined {
  if (typeof v === 'number') return v;
  return e?.values.find((x) => x.name === v)?.value;
}

function sameValue(e: EnumDecl | null, a: Scalar, b: Scalar): boolean {
  return a === b || (e !== null && enumNumber(e, a) === enumNumber(e, b));
}

/** A value as the codecs represent it: the name when the enum lists it. */
function enumName(e: EnumDecl, v: Scalar): Scalar {
  if (typeof v === 'string') return v;
  return e.values.find((x) => x.value === v)?.name ?? v;
}

/** The arm a discriminator value selects, as the generated switch does. */
export function armFor(s: Select, v: unknown, e: EnumDecl | null): SelectArm | undefined {
  const key = e && typeof v === 'number' ? enumName(e, v) : v;
  return s.arms.find((a) => !a.isDefault && a.cases.some((c) => c === key)) ?? s.arms.find((a) => a.isDefault);
}

export function getPath(o: unknown, path: readonly string[]): unknown {
  let cur = o;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[seg];
  }
  return cur;
}

/** Intersection of the constraints on exactly `path`, or null when there are none. */
function allowedAt(cons: readonly Constraint[], path: readonly string[]): Scalar[] | null {
  let out: Scalar[] | null = null;
  for (const c of cons) {
    if (c.path.length !== path.length || c.path.some((s, i) => s !== path[i])) continue;
    out = out === null ? [...c.allowed] : out.filter((v) => c.allowed.includes(v));
  }
  return out;
}

/** Exactly n arbitrary bytes (past 256, a pattern from one random byte: cheap to draw at 16 KiB). */
function fixedBytes(n: number): fc.Arbitrary<Uint8Array> {
  if (n <= 256) return fc.uint8Array({ minLength: n, maxLength: n });
  return fc.nat({ max: 255 }).map((b) => Uint8Array.from({ length: n }, (_, i) => (b + i * 31) & 0xff));
}

/** A number no enum lists (enum values are at most 32 bits): asks typeAllows about unlisted numbers. */
const UNLISTED_PROBE = -1;

/** An in-range number that the (open) enum does not list. */
function unlisted(e: EnumDecl): fc.Arbitrary<number> {
  const listed = new Set(e.values.map((v) => v.value));
  return fc.integer({ min: 0, max: e.max }).filter((n) => !listed.has(n));
}
