/**
 * One version's TLS-PL declarations as the differ sees them (tls-diff.ts): indexed by name, with
 * the inline structs that compile hoisted set apart, and reduced to a structural *shape*: what a
 * declaration means, as a canonical string without its name, text or provenance.
 *
 * Equal shapes under different names are a rename (same bytes, new generated name), not a removal
 * and an addition; equal wire shapes under different case labels are a renumbered select arm.
 *
 * Inline structs: compile turns `struct { … } x;` inside `Parent` into a declaration `Parent_x`
 * (generators/tls/passes/hoist-inline-structs.ts). Shapes and references expand them back in
 * place, so renaming `Parent` does not make `Parent_x` look removed and `NewParent_x` added.
 */
import type { SourceLocation } from '../report/model.ts';
import type { Declaration, Member, Select, StructDecl, TypeRef } from '../tls/ir.ts';
import { ownDeclarations } from '../tls/model.ts';
import { allFields, typeRefs } from '../tls/passes/walk.ts';
import type { SpecSet } from './spec-set.ts';

/** The text hoistInlineStructs gives the declarations it creates: the only mark they carry. */
const HOISTED_TEXT = /^\/\* inline struct of \S+ \*\/$/;

export interface TlsSide {
  /** Own declarations of every package, by name, in source order (first of duplicates), hoisted inline structs left out. */
  decls: Map<string, Declaration>;
  /** Inline structs hoisted by compile (own and imported), by their generated name. */
  hoisted: Map<string, StructDecl>;
  /** Every declaration visible in any package of this version, own or imported (first of duplicates). */
  symbols: Map<string, Declaration>;
  /** Definitions of this version that did not parse (SpecSet.unparsed). */
  unparsed: ReadonlyMap<string, SourceLocation>;
}

export function isHoisted(d: Declaration): d is StructDecl {
  return d.kind === 'struct' && HOISTED_TEXT.test(d.text);
}

export function indexSide(set: SpecSet): TlsSide {
  const decls = new Map<string, Declaration>();
  const symbols = new Map<string, Declaration>();
  for (const pkg of set.tls) {
    for (const d of ownDeclarations(pkg)) {
      if (!isHoisted(d) && !decls.has(d.name)) decls.set(d.name, d);
      if (!symbols.has(d.name)) symbols.set(d.name, d);
    }
    for (const [name, sym] of pkg.symbols) if (!symbols.has(name)) symbols.set(name, sym.decl);
  }
  const hoisted = new Map<string, StructDecl>();
  for (const d of symbols.values()) if (isHoisted(d)) hoisted.set(d.name, d);
  return { decls, hoisted, symbols, unparsed: set.unparsed ?? new Map() };
}

/** Maps a type name of one version to the name it is compared under (old names → new names of renamed types). */
export type TypeNameMap = (name: string) => string;
export const SAME_NAME: TypeNameMap = (name) => name;

export interface ShapeOptions {
  /** Whether field and enum value names count: they do for a renamed type, not for the bytes of a select arm. */
  names: boolean;
  typeName: TypeNameMap;
}

export function declShape(side: TlsSide, d: Declaration, o: ShapeOptions): string {
  switch (d.kind) {
    case 'struct':
      return `struct{${membersShape(side, d.members, o)}}`;
    case 'enum': {
      const values = d.values.map((v) => `${o.names ? v.name : ''}(${v.value})`).join(',');
      return `enum/${d.width}/${d.max}/${d.open ? 'open' : 'closed'}{${values}}`;
    }
    case 'alias':
      return `${d.declares}=${typeShape(side, d.type, o)}`;
  }
}

export function membersShape(side: TlsSide, members: readonly Member[], o: ShapeOptions, expanding: ReadonlySet<string> = new Set()): string {
  return members
    .map((m) => {
      if (m.kind === 'select') {
        const arms = m.arms.map((a) => `${a.isDefault ? 'default' : ''}${a.cases.join('|')}:${membersShape(side, a.members, o, expanding)}`);
        return `select(${discriminatorLabel(m, o.typeName)}){${arms.join(';')}}`;
      }
      // An anonymous arm field is named after its case label, which the arm's shape already has.
      const name = o.names && !m.anonymous ? m.name : '_';
      const fixed = m.fixedValue === undefined ? '' : `=${m.fixedValue}`;
      return `${name}:${typeShape(side, m.type, o, expanding)}${fixed}`;
    })
    .join(';');
}

export function typeShape(side: TlsSide, t: TypeRef, o: ShapeOptions, expanding: ReadonlySet<string> = new Set()): string {
  switch (t.kind) {
    case 'uint':
      return `uint${t.bits}`;
    case 'opaque':
    case 'padding':
      return t.kind;
    case 'named': {
      const inline = side.hoisted.get(t.name);
      // `expanding` stops a malformed self-containing inline struct from recursing forever.
      if (!inline || expanding.has(t.name)) return `@${o.typeName(t.name)}`;
      return `struct{${membersShape(side, inline.members, o, new Set([...expanding, t.name]))}}`;
    }
    case 'vector': {
      const l = t.length;
      return `${typeShape(side, t.element, o, expanding)}<${l.kind === 'varint' ? 'V' : `${l.min}..${l.max}`}>`;
    }
    case 'array':
      return `${typeShape(side, t.element, o, expanding)}[${t.byteLength}]`;
    case 'optional':
      return `optional<${typeShape(side, t.element, o, expanding)}>`;
    case 'struct':
      return `struct{${membersShape(side, t.members, o, expanding)}}`;
  }
}

/**
 * What a select switches on, independent of how it was written: the resolved field path for a
 * field of the struct (`Sender.sender_type` and `sender_type` are the same), else the path as
 * written with its leading type name mapped (a context value of a renamed type is the same value).
 */
export function discriminatorLabel(sel: Select, typeName: TypeNameMap = SAME_NAME): string {
  const resolved = sel.discriminator.resolved;
  if (resolved?.scope === 'own') return resolved.fieldPath.join('.');
  const [head, ...rest] = sel.discriminator.path;
  return head === undefined ? '' : [typeName(head), ...rest].join('.');
}

/** Names of the declarations a declaration refers to directly, looking through its inline structs; sorted. */
export function namedRefs(side: TlsSide, d: Declaration): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const visit = (t: TypeRef): void => {
    for (const r of typeRefs(t)) {
      if (r.kind !== 'named') continue;
      const inline = side.hoisted.get(r.name);
      if (!inline) out.add(r.name);
      else if (!seen.has(r.name)) {
        seen.add(r.name);
        for (const f of allFields(inline.members)) visit(f.type);
      }
    }
  };
  if (d.kind === 'alias') visit(d.type);
  else if (d.kind === 'struct') for (const f of allFields(d.members)) visit(f.type);
  return [...out].sort();
}
