/**
 * Pass: give every inline anonymous `struct { … } name;` a name of its own (`Parent_name`), so that
 * the emitter deals with named structs only. The new declaration keeps the field's provenance and
 * is marked in its text as coming from its parent.
 */
import type { Declaration, Member, StructDecl, TlsSpec, TypeRef } from '../ir.ts';

export function hoistInlineStructs(spec: TlsSpec): TlsSpec {
  const out: Declaration[] = [];
  for (const decl of spec.declarations) {
    if (decl.kind !== 'struct') {
      out.push(decl);
      continue;
    }
    const hoisted: StructDecl[] = [];
    const members = hoistMembers(decl.members, decl.name, decl, hoisted);
    for (const h of hoisted) out.push(h);
    out.push({ ...decl, members });
  }
  return { ...spec, declarations: out };
}

function hoistMembers(members: Member[], owner: string, root: StructDecl, hoisted: StructDecl[]): Member[] {
  return members.map((m): Member => {
    if (m.kind === 'select') {
      return { ...m, arms: m.arms.map((a) => ({ ...a, members: hoistMembers(a.members, owner, root, hoisted) })) };
    }
    return { ...m, type: hoistType(m.type, `${owner}_${m.name}`, root, hoisted, m.provenance) };
  });
}

function hoistType(t: TypeRef, name: string, root: StructDecl, hoisted: StructDecl[], provenance: StructDecl['provenance']): TypeRef {
  switch (t.kind) {
    case 'struct': {
      const members = hoistMembers(t.members, name, root, hoisted);
      hoisted.push({ kind: 'struct', name, members, text: `/* inline struct of ${root.name} */`, provenance });
      return { kind: 'named', name };
    }
    case 'vector':
    case 'array':
    case 'optional':
      return { ...t, element: hoistType(t.element, name, root, hoisted, provenance) };
    default:
      return t;
  }
}
