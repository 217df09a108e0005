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
 * elements (fewer deeper down), byte strings at most `maxBytes` bytes.
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
  /** Maximum length of a byte string (default 40). */
  maxBytes?: number;
}

export interface Sample {
  value: unknown;
  context: Record<string, string>;
}

export class UnsupportedType extends Error {}

type Scalar = string | number;
/** The value at `path` (relative to the value being generated) must be one of `allowed`. */
interface Constraint {
  path: string[];
  allowed: Scalar[];
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
      : fc
          .record(Object.fromEntries(needs.map((n) => [n, fc.constantFrom(...g.contextValues(n))])) as Record<string, fc.Arbitrary<string>>)
          .map((r) => ({ ...r }));
  return ctxArb.chain((context) => g.type({ kind: 'named', name: typeName }, 0, [], context, true).map((value) => ({ value, context })));
}

/** Why `typeName` cannot be generated, or null. */
export function unsupportedReason(pkg: TlsPackage, typeName: string): string | null {
  return new Gen(pkg, {}).unsupported(typeName);
}

class Gen {
  private readonly maxDepth: number;
  private readonly maxVector: number;
  private readonly maxBytes: number;
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

  /** Values of a context discriminator that every select on it has an arm for. */
  contextValues(name: string): string[] {
    const cached = this.ctxValueCache.get(name);
    if (cached) return cached;
    const sels = [...this.allSelects()].filter((s) => s.discriminator.resolved?.scope === 'context' && s.discriminator.resolved.contextName === name);
    let out: string[] = [];
    const first = sels[0];
    const enumName = first?.discriminator.resolved?.enumName;
    if (first && enumName) {
      const e = this.decl(enumName) as EnumDecl;
      out = e.values.map((v) => v.name).filter((v) => sels.every((s) => armFor(s, v, e) !== undefined));
    }
    if (out.length === 0) throw new UnsupportedType(`no value of context ${name} has an arm in every select on it`);
    this.ctxValueCache.set(name, out);
    return out;
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
    if (allowed) {
      const names = allowed.map((a) => enumName(e, a));
      if (names.length === 0) throw new Error(`arbitrary: no allowed value for ${e.name}`);
      return fc.constantFrom(...names);
    }
    const names = fc.constantFrom(...e.values.map((v) => v.name));
    return e.open ? fc.oneof({ arbitrary: names, weight: 4 }, { arbitrary: unlisted(e), weight: 1 }) : names;
  }

  private vector(t: Extract<TypeRef, { kind: 'vector' }>, depth: number, ctx: Record<string, Scalar>): fc.Arbitrary<unknown> {
    const deep = depth >= this.maxDepth;
    if (isByte(t.element)) {
      if (t.length.kind === 'varint') return fc.uint8Array({ maxLength: deep ? 4 : this.maxBytes });
      const { min, max } = t.length;
      return fc.uint8Array({ minLength: min, maxLength: Math.min(max, min + (deep ? 4 : this.maxBytes)) });
    }
    const zeroSize = this.minSize(t.element) === 0;
    let minCount = 0;
    let maxCount = zeroSize || deep ? 0 : depth < 2 ? this.maxVector : Math.min(2, this.maxVector);
    if (t.length.kind === 'fixed') {
      const e = this.fixedSize(t.element) ?? 1;
      minCount = Math.ceil(t.length.min / e);
      maxCount = Math.min(Math.floor(t.length.max / e), Math.max(minCount, maxCount));
    }
    return fc.array(this.type(t.element, depth, [], ctx, false), { minLength: minCount, maxLength: maxCount });
  }

  private struct(members: Member[], outer: number, cons: Constraint[], ctx: Record<string, Scalar>, top: boolean, decl?: StructDecl): fc.Arbitrary<unknown> {
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
    return this.plan(lookahead, f.name, all, own, required).chain((planned) =>
      this.type(f.type, depth, [...own, ...planned], fieldCtx, topLast),
    );
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
      let candidates: Scalar[] = e ? e.values.map((v) => v.name) : [...new Set(sels.flatMap((s) => s.arms.flatMap((a) => a.cases)))];
      if (allowed) candidates = candidates.filter((c) => allowed.some((a) => sameValue(e, a, c)));
      const ok = (v: Scalar): boolean =>
        sels.every((s) => {
          const arm = armFor(s, v, e);
          if (!arm) return false;
          for (const h of required) if (selectHasField(s, h) && !armHasField(arm, h)) return false;
          return true;
        });
      candidates = candidates.filter(ok);
      let arb: fc.Arbitrary<Scalar> | null = candidates.length ? fc.constantFrom(...candidates) : null;
      // A default arm also takes the values nobody lists (for an open enum, unlisted numbers).
      if (!allowed && e?.open && sels.every((s) => s.arms.some((a) => a.isDefault))) {
        const other = unlisted(e).filter((n) => ok(n));
        arb = arb ? fc.oneof({ arbitrary: arb, weight: 3 }, { arbitrary: other, weight: 1 }) : other;
      }
      if (!arb) throw new Error(`arbitrary: no value of ${head}.${key} has an arm in every select on it`);
      return arb.chain((v) => {
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
function armFor(s: Select, v: unknown, e: EnumDecl | null): SelectArm | undefined {
  const key = e && typeof v === 'number' ? enumName(e, v) : v;
  return s.arms.find((a) => !a.isDefault && a.cases.some((c) => c === key)) ?? s.arms.find((a) => a.isDefault);
}

function getPath(o: unknown, path: readonly string[]): unknown {
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

/** An in-range number that the (open) enum does not list. */
function unlisted(e: EnumDecl): fc.Arbitrary<number> {
  const listed = new Set(e.values.map((v) => v.value));
  return fc.integer({ min: 0, max: e.max }).filter((n) => !listed.has(n));
}
