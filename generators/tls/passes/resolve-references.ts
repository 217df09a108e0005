/** Pass: every named type must be declared in the package or a package it imports. */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { TypeRef } from '../ir.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { allFields, typeRefs } from './walk.ts';

export function resolveReferences(pkg: TlsPackage): void {
  const names = [...pkg.symbols.keys()];
  for (const decl of ownDeclarations(pkg)) {
    const refs: Array<{ t: TypeRef; at: typeof decl.provenance }> = [];
    if (decl.kind === 'alias') refs.push({ t: decl.type, at: decl.provenance });
    if (decl.kind === 'struct') for (const f of allFields(decl.members)) refs.push({ t: f.type, at: f.provenance });
    for (const { t, at } of refs) {
      for (const r of typeRefs(t)) {
        if (r.kind !== 'named' || pkg.symbols.has(r.name)) continue;
        const near = names.find((n) => n.toLowerCase() === r.name.toLowerCase());
        pkg.diagnostics.push(
          diagnosticAt(
            at,
            'error',
            'undefined-type',
            `type '${r.name}' (used in ${decl.name}) is not declared`,
            near ? `did you mean '${near}'? Fix the draft text with an erratum` : 'declare it, or correct the name with an erratum',
          ),
        );
      }
    }
  }
}
