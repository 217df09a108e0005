/**
 * Pass: which context values each struct needs from its caller, and how a containing struct
 * supplies the needs of its fields.
 *
 * A need `T.a.b` (a select on `T.a.b` inside some other type) is supplied by a containing struct S
 * when S is T itself and has an earlier field `a` (→ `a.b`), when S has, before the field, a field `g` of type T (→ `g.a.b`) or a field whose struct has a
 * field `h` of type T (→ `g.h.a.b`); a need `x.y` is supplied by a preceding field named `x`.
 * Otherwise S passes the need on to its own caller. This is how `FramedContentAuthData` inside
 * `PublicMessage` gets `FramedContent.content_type` from `PublicMessage.content`, while
 * `PrivateMessageContent` asks its caller for `PrivateMessage.content_type`.
 */
import type { Field, StructDecl } from '../ir.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { selectsOf, underlying } from './resolve-selects.ts';
import { allFields, coreName } from './walk.ts';

export interface ContextSupply {
  name: string;
  /** Field path in the containing value, or null when passed through from the caller's context. */
  from: string[] | null;
}

/** Per field of a struct type whose codec needs context: how each need is met. */
export const fieldSupplies = new WeakMap<Field, ContextSupply[]>();

export function computeContext(pkg: TlsPackage): void {
  const structs = ownDeclarations(pkg).filter((d): d is StructDecl => d.kind === 'struct');
  const needs = pkg.contextNeeds;
  for (const s of structs) {
    const own = new Set<string>();
    for (const sel of selectsOf(s.members)) {
      const r = sel.discriminator.resolved;
      if (r?.scope === 'context') own.add(r.contextName);
    }
    needs.set(s.name, [...own].sort());
  }
  const needsOf = (name: string): string[] => {
    const local = needs.get(name);
    if (local) return local;
    for (const imp of pkg.imports) {
      const n = imp.contextNeeds.get(name);
      if (n) return n;
    }
    return [];
  };
  for (let changed = true, guard = 0; changed && guard < 100; guard++) {
    changed = false;
    for (const s of structs) {
      const cur = new Set(needs.get(s.name));
      const before = cur.size;
      forEachStructField(pkg, s, (field, typeName, preceding) => {
        for (const n of needsOf(typeName)) if (!supplyPath(pkg, s.name, n, preceding)) cur.add(n);
      });
      if (cur.size !== before) {
        needs.set(s.name, [...cur].sort());
        changed = true;
      }
    }
  }
  for (const s of structs) {
    forEachStructField(pkg, s, (field, typeName, preceding) => {
      const n = needsOf(typeName);
      if (n.length)
        fieldSupplies.set(
          field,
          n.map((name) => ({ name, from: supplyPath(pkg, s.name, name, preceding) })),
        );
    });
  }
}

/** Calls back for every field whose core type is a struct, with the fields that precede it. */
function forEachStructField(pkg: TlsPackage, s: StructDecl, cb: (f: Field, typeName: string, preceding: Field[]) => void): void {
  const preceding: Field[] = [];
  for (const f of allFields(s.members)) {
    const name = coreName(f.type);
    if (name) {
      const u = underlying(pkg, { kind: 'named', name });
      if ('kind' in u && u.kind === 'struct' && 'name' in u) cb(f, (u as StructDecl).name, [...preceding]);
    }
    preceding.push(f);
  }
}

function supplyPath(pkg: TlsPackage, structName: string, need: string, preceding: Field[]): string[] | null {
  const [head, ...rest] = need.split('.');
  if (!head) return null;
  // `Outer.color` needed by a field of Outer itself: Outer's own earlier field.
  if (head === structName && rest[0] !== undefined && preceding.some((f) => f.name === rest[0])) return rest;
  for (let i = preceding.length - 1; i >= 0; i--) {
    const f = preceding[i]!;
    if (f.type.kind === 'named' && f.type.name === head) return [f.name, ...rest];
  }
  for (let i = preceding.length - 1; i >= 0; i--) {
    const f = preceding[i]!;
    if (f.type.kind !== 'named') continue;
    const d = pkg.symbols.get(f.type.name)?.decl;
    if (d?.kind !== 'struct') continue;
    for (const m of d.members) {
      if (m.kind === 'field' && m.type.kind === 'named' && m.type.name === head) return [f.name, m.name, ...rest];
    }
  }
  if (rest.length >= 0) {
    const byName = preceding.find((f) => f.name === head);
    if (byName && !pkg.symbols.has(head)) return [byName.name, ...rest];
  }
  return null;
}
