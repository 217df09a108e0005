/**
 * What a property run exercised, measured on the values and bytes it actually used (not on what the
 * generator meant to produce), so "every arm and every length encoding" is a checked claim:
 *
 * - `choicesOf(pkg, type, sample)`: every select arm taken and every enum value present in a value,
 *   found by walking it along the IR the way the generated code does (same context supply table),
 *   as keys `select <Struct>#<i> <arm>` and `enum <Enum> <value>` (`#unlisted` for a number an open
 *   enum does not list);
 * - `ownTargets(pkg, type)`: what a run of one declaration must cover: every arm of the selects of
 *   a struct that a discriminator value allowed there leads to, every value of an enum;
 * - `recordVarints(fn)`: the `<V>` lengths read while `fn` decodes (Reader.prototype.varint is
 *   wrapped for that call only), and `varintWidth` for the wire width of each;
 * - `reachOf(pkg, type)`: whether a type holds a `<V>` vector at all, and a byte string one, and
 *   which enums.
 */
import { Reader } from '@mimikit/tls';
import type { EnumDecl, Member, Select, SelectArm, StructDecl, TypeRef } from '../../generators/tls/ir.ts';
import type { TlsPackage } from '../../generators/tls/model.ts';
import { fieldSupplies } from '../../generators/tls/passes/compute-context.ts';
import { armFor, getPath, type Sample } from './tls-arbitrary.ts';

type Obj = Record<string, unknown>;

/** Varint lengths on both sides of each width boundary (RFC 9420 §2.1.2: 1, 2, 4 bytes). */
export const VARINT_BOUNDARIES = [0, 63, 64, 16383, 16384] as const;

export function varintWidth(n: number): 1 | 2 | 4 {
  return n < 0x40 ? 1 : n < 0x4000 ? 2 : 4;
}

/** The lengths of every `<V>` vector `decode` reads, in order. */
export function recordVarints<T>(decode: () => T): { result: T; lengths: number[] } {
  const proto = Reader.prototype as unknown as { varint: (this: Reader) => number };
  const original = proto.varint;
  const lengths: number[] = [];
  proto.varint = function (this: Reader) {
    const n = original.call(this);
    lengths.push(n);
    return n;
  };
  try {
    return { result: decode(), lengths };
  } finally {
    proto.varint = original;
  }
}

function lookup(pkg: TlsPackage, name: string) {
  const d = pkg.symbols.get(name)?.decl;
  if (!d) throw new Error(`coverage: unknown type ${name}`);
  return d;
}

/** Stable names of the selects of a struct: `<Struct>#<i>`, i in document order (arms included). */
export function selectIds(decl: StructDecl): Map<Select, string> {
  const out = new Map<Select, string>();
  const visit = (members: readonly Member[]): void => {
    for (const m of members) {
      if (m.kind !== 'select') continue;
      out.set(m, `${decl.name}#${out.size}`);
      for (const a of m.arms) visit(a.members);
    }
  };
  visit(decl.members);
  return out;
}

const idCache = new WeakMap<StructDecl, Map<Select, string>>();
function selectId(decl: StructDecl, s: Select): string {
  let ids = idCache.get(decl);
  if (!ids) idCache.set(decl, (ids = selectIds(decl)));
  return ids.get(s)!;
}

const armLabel = (a: SelectArm): string => (a.isDefault ? 'default' : a.cases.join('|'));
const enumKey = (e: EnumDecl, v: unknown): string =>
  `enum ${e.name} ${typeof v === 'number' && !e.values.some((x) => x.value === v) ? '#unlisted' : String(v)}`;
const armKey = (id: string, a: SelectArm): string => `select ${id} ${armLabel(a)}`;

/** Select arms taken and enum values present in a sample of `typeName`. */
export function choicesOf(pkg: TlsPackage, typeName: string, sample: Sample): Set<string> {
  const out = new Set<string>();
  const walkType = (t: TypeRef, v: unknown, ctx: Record<string, unknown>): void => {
    switch (t.kind) {
      case 'optional':
        if (v !== null) walkType(t.element, v, ctx);
        return;
      case 'vector':
      case 'array':
        if (Array.isArray(v)) for (const x of v) walkType(t.element, x, ctx);
        return;
      case 'struct':
        walkMembers(t.members, v as Obj, ctx, null);
        return;
      case 'named': {
        const d = lookup(pkg, t.name);
        if (d.kind === 'alias') walkType(d.type, v, ctx);
        else if (d.kind === 'enum') out.add(enumKey(d, v));
        else walkMembers(d.members, v as Obj, ctx, d);
        return;
      }
      default:
        return;
    }
  };
  // `o` is the struct's value (discriminator paths and supplies are relative to it).
  const walkMembers = (members: readonly Member[], o: Obj, ctx: Record<string, unknown>, decl: StructDecl | null): void => {
    for (const m of members) {
      if (m.kind === 'field') {
        const fieldCtx: Record<string, unknown> = {};
        for (const s of fieldSupplies.get(m) ?? []) {
          const v = s.from ? getPath(o, s.from) : ctx[s.name];
          if (v !== undefined) fieldCtx[s.name] = v;
        }
        walkType(m.type, o[m.name], fieldCtx);
        continue;
      }
      const r = m.discriminator.resolved!;
      const dv = r.scope === 'own' ? getPath(o, r.fieldPath) : ctx[r.contextName];
      const e = r.enumName ? (lookup(pkg, r.enumName) as EnumDecl) : null;
      const arm = armFor(m, dv, e);
      if (!arm) throw new Error(`coverage: no arm of ${decl?.name ?? 'an inline struct'} for ${String(dv)}`);
      if (decl) out.add(armKey(selectId(decl, m), arm));
      walkMembers(arm.members, o, ctx, decl);
    }
  };
  walkType({ kind: 'named', name: typeName }, sample.value, sample.context);
  return out;
}

/**
 * What one declaration's run must cover. An enum: each listed value, and an unlisted number when
 * it is open. A struct: each arm of each of its selects that some value can reach: on an own field,
 * an arm with a case (or a default arm); on a context value, an arm for one of `contextValues` (the
 * values the generator may put in the context: those every select on it has an arm for).
 */
export function ownTargets(pkg: TlsPackage, typeName: string, contextValues: (name: string) => readonly string[]): string[] {
  const d = lookup(pkg, typeName);
  if (d.kind === 'enum') return [...d.values.map((v) => enumKey(d, v.name)), ...(d.open ? [`enum ${d.name} #unlisted`] : [])];
  if (d.kind !== 'struct') return [];
  const out: string[] = [];
  const visit = (members: readonly Member[]): void => {
    for (const m of members) {
      if (m.kind !== 'select') continue;
      const r = m.discriminator.resolved!;
      const e = r.enumName ? (lookup(pkg, r.enumName) as EnumDecl) : null;
      const values = r.scope === 'context' ? contextValues(r.contextName) : null;
      for (const a of m.arms) {
        const reachable = values === null ? true : values.some((v) => armFor(m, v, e) === a);
        if (reachable) out.push(armKey(selectId(d, m), a));
        visit(a.members);
      }
    }
  };
  visit(d.members);
  return out;
}

export interface Reach {
  /** A `<V>` vector of any element type. */
  vectors: boolean;
  /** A `<V>` byte string. */
  byteVectors: boolean;
  /** Every enum a value may hold (fields with a fixed value left out). */
  enums: EnumDecl[];
}

/** What values of a type can contain, from the IR (constraints and depth not considered). */
export function reachOf(pkg: TlsPackage, typeName: string): Reach {
  const seen = new Set<string>();
  const found: Reach = { vectors: false, byteVectors: false, enums: [] };
  const isByte = (t: TypeRef) => t.kind === 'opaque' || (t.kind === 'uint' && t.bits === 8);
  const visitType = (t: TypeRef): void => {
    switch (t.kind) {
      case 'vector':
        if (t.length.kind === 'varint') {
          found.vectors = true;
          if (isByte(t.element)) found.byteVectors = true;
        }
        visitType(t.element);
        return;
      case 'array':
      case 'optional':
        visitType(t.element);
        return;
      case 'struct':
        visitMembers(t.members);
        return;
      case 'named': {
        if (seen.has(t.name)) return;
        seen.add(t.name);
        const d = lookup(pkg, t.name);
        if (d.kind === 'alias') visitType(d.type);
        else if (d.kind === 'struct') visitMembers(d.members);
        else found.enums.push(d);
        return;
      }
      default:
        return;
    }
  };
  const visitMembers = (members: readonly Member[]): void => {
    for (const m of members) {
      if (m.kind === 'field') {
        if (m.fixedValue === undefined) visitType(m.type);
      } else for (const a of m.arms) visitMembers(a.members);
    }
  };
  visitType({ kind: 'named', name: typeName });
  return found;
}
