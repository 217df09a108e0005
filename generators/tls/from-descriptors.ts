/**
 * A generated package as the TLS compiler sees it, rebuilt from the descriptors the package ships
 * (`@mimikit/<package>/descriptors`, emit/emit-descriptors.ts): how a custom spec is compiled on top
 * of the built-in packages where spec/ is not at hand (an installed CLI). The descriptors are the
 * package's resolved IR without provenance and text, so the passes run again and find what they
 * found when the package was generated; provenance points at the descriptors module.
 */
import type { DeclarationDescriptor, MemberDescriptor, PackageDescriptor, TypeDescriptor } from '@mimikit/tls/descriptors';
import { compilePackage } from './compile.ts';
import type { Declaration, Member, Provenance, TlsSpec, TypeRef } from './ir.ts';
import { IR_VERSION } from './ir.ts';
import type { TlsPackage } from './model.ts';

export function packageFromDescriptors(desc: PackageDescriptor, compiled = new Map<PackageDescriptor, TlsPackage>()): TlsPackage {
  const known = compiled.get(desc);
  if (known) return known;
  const imports = desc.imports.map((imp) => packageFromDescriptors(imp, compiled));
  const specs = desc.specs.map((s): TlsSpec => {
    const at: Provenance = { file: `@mimikit/${desc.name}/descriptors`, line: 1, col: 1, draft: s.draft, version: s.version };
    return { irVersion: IR_VERSION, name: s.name, declarations: s.declarations.map((d) => declaration(d, at)) };
  });
  const pkg = compilePackage(desc.name, specs, imports);
  compiled.set(desc, pkg);
  return pkg;
}

function declaration(d: DeclarationDescriptor, at: Provenance): Declaration {
  switch (d.kind) {
    case 'struct':
      return { ...d, members: d.members.map((m) => member(m, at)), text: '', provenance: at };
    case 'enum':
      return { ...d, values: d.values.map((v) => ({ ...v, provenance: at })), text: '', provenance: at };
    case 'alias':
      return { ...d, type: typeRef(d.type), text: '', provenance: at };
  }
}

function member(m: MemberDescriptor, at: Provenance): Member {
  if (m.kind === 'field') return { ...m, type: typeRef(m.type), provenance: at };
  return {
    kind: 'select',
    discriminator: { path: [...m.discriminator] },
    arms: m.arms.map((a) => ({ cases: [...a.cases], isDefault: a.isDefault, members: a.members.map((x) => member(x, at)), provenance: at })),
    provenance: at,
  };
}

function typeRef(t: TypeDescriptor): TypeRef {
  return t.kind === 'vector' || t.kind === 'array' || t.kind === 'optional' ? { ...t, element: typeRef(t.element) } : t;
}
