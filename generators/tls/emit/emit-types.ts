/**
 * TypeScript types for IR declarations. Selects on one of the struct's own enum fields become a
 * discriminated union (narrowing on `sender_type` gives `leaf_index`); fields of selects whose
 * discriminator lives elsewhere (nested paths, context values) become optional properties.
 */
import type { EnumDecl, Field, Member, Select, StructDecl, TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
import { allFields } from '../passes/walk.ts';
import { propertyKey } from '../../common/generated-names.ts';
import { expandedObject, stringLiteral } from '../../common/generated-text.ts';
import { isByte } from './type-info.ts';

type RefName = (declName: string) => string;

export function tsTypeRef(t: TypeRef, ref: RefName): string {
  switch (t.kind) {
    case 'uint':
      return t.bits === 64 ? 'bigint' : 'number';
    case 'opaque':
      return 'number';
    case 'padding':
      return 'number';
    case 'named':
      return ref(t.name);
    case 'optional':
      return `${wrap(tsTypeRef(t.element, ref))} | null`;
    case 'array':
    case 'vector':
      return isByte(t.element) ? 'Uint8Array' : `${wrap(tsTypeRef(t.element, ref))}[]`;
    case 'struct':
      throw new Error('inline structs are hoisted before emission');
  }
}

function wrap(s: string): string {
  return /[|&]/.test(s) ? `(${s})` : s;
}

function fieldLine(f: Field, ref: RefName, optional: boolean): string {
  const type = f.fixedValue !== undefined && typeof f.fixedValue === 'string' ? stringLiteral(f.fixedValue) : tsTypeRef(f.type, ref);
  return `${propertyKey(f.name)}${optional ? '?' : ''}: ${type};`;
}

/** Fields of members, with those inside selects marked optional. */
function memberLines(members: readonly Member[], ref: RefName, skip: ReadonlySet<string>): string[] {
  const lines: string[] = [];
  const seen = new Set<string>(skip);
  for (const m of members) {
    if (m.kind === 'field') {
      if (!seen.has(m.name)) lines.push(fieldLine(m, ref, false));
      seen.add(m.name);
    } else {
      for (const f of allFields(m.arms.flatMap((a) => a.members))) {
        if (!seen.has(f.name)) lines.push(fieldLine(f, ref, true));
        seen.add(f.name);
      }
    }
  }
  return lines;
}

/** One member per line (expandedObject); a struct with no members is `Record<string, never>`. */
function objectType(lines: string[]): string {
  return lines.length ? expandedObject(lines) : 'Record<string, never>';
}

/**
 * Whether the struct's type is a discriminated union that covers every select: then a `switch` on
 * the value's own tag field narrows it, and encoders can use the value with its own type.
 */
export function isNarrowingUnion(pkg: TlsPackage, d: StructDecl): boolean {
  const u = unionDiscriminator(pkg, d);
  if (!u) return false;
  const covered = new Set<Member>(u.selects);
  return (
    d.members.every((m) => m.kind === 'field' || covered.has(m)) && u.selects.every((s) => s.arms.every((a) => a.members.every((x) => x.kind === 'field')))
  );
}

/** The one own enum field the struct's top-level selects discriminate on, if there is exactly one. */
function unionDiscriminator(pkg: TlsPackage, d: StructDecl): { field: string; e: EnumDecl; selects: Select[] } | null {
  const selects = d.members.filter((m): m is Select => m.kind === 'select');
  const own = selects.filter((s) => s.discriminator.resolved?.scope === 'own' && s.discriminator.resolved.fieldPath.length === 1);
  const fields = new Set(own.map((s) => (s.discriminator.resolved as { fieldPath: string[] }).fieldPath[0]!));
  if (fields.size !== 1) return null;
  const field = [...fields][0]!;
  const enumName = (own[0]!.discriminator.resolved as { enumName: string | null }).enumName;
  const e = enumName ? pkg.symbols.get(enumName)?.decl : undefined;
  if (e?.kind !== 'enum') return null;
  if (!d.members.some((m) => m.kind === 'field' && m.name === field)) return null;
  return { field, e, selects: own };
}

export function emitTypeOf(pkg: TlsPackage, d: StructDecl, ref: RefName): string {
  const u = unionDiscriminator(pkg, d);
  if (!u) return objectType(memberLines(d.members, ref, new Set()));

  const selectsSet = new Set<Member>(u.selects);
  const common = memberLines(
    d.members.filter((m) => !selectsSet.has(m)),
    ref,
    new Set([u.field]),
  );
  // Group enum values by the arms they take in each select; each group is one union member.
  const groups = new Map<string, { values: string[]; arms: Member[][]; open: boolean }>();
  const values = u.e.values.map((v) => v.name);
  // The arm each select takes for a value (null: a value no case names, for open enums).
  const keyOf = (value: string | null) => {
    const arms = u.selects.map((s) => s.arms.find((a) => value !== null && a.cases.includes(value)) ?? s.arms.find((a) => a.isDefault));
    if (arms.some((a) => a === undefined)) return null;
    return { key: arms.map((a, i) => u.selects[i]!.arms.indexOf(a!)).join('|'), arms: arms.map((a) => a!.members) };
  };
  for (const v of values) {
    const k = keyOf(v);
    if (!k) continue;
    const g = groups.get(k.key) ?? { values: [], arms: k.arms, open: false };
    g.values.push(v);
    groups.set(k.key, g);
  }
  if (u.e.open) {
    const k = keyOf(null);
    if (k) {
      const g = groups.get(k.key) ?? { values: [], arms: k.arms, open: false };
      g.open = true;
      groups.set(k.key, g);
    }
  }
  const members = [...groups.values()].map((g) => {
    const tag = [...g.values.map((v) => stringLiteral(v)), ...(g.open ? ['number'] : [])].join(' | ');
    const lines = [`${propertyKey(u.field)}: ${tag};`, ...memberLines(g.arms.flat(), ref, new Set())];
    return objectType(lines);
  });
  const union = members.length ? members.join(' | ') : 'never';
  return common.length ? `${objectType(common)} & (${union})` : union;
}
