/** Pass: every case label is a value of the discriminator's enum, and no value has two arms. */
import { diagnosticAt } from '../../common/diagnostics.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { selectsOf } from './resolve-selects.ts';

export function checkSelectArms(pkg: TlsPackage): void {
  for (const decl of ownDeclarations(pkg)) {
    if (decl.kind !== 'struct') continue;
    for (const sel of selectsOf(decl.members)) {
      const r = sel.discriminator.resolved;
      if (!r) continue;
      const e = r.enumName ? pkg.symbols.get(r.enumName)?.decl : undefined;
      const seen = new Set<string | number>();
      for (const arm of sel.arms) {
        for (const label of arm.cases) {
          if (seen.has(label)) {
            pkg.diagnostics.push(diagnosticAt(arm.provenance, 'error', 'duplicate-case', `case '${label}' appears twice in the select of ${decl.name}`));
          }
          seen.add(label);
          if (typeof label === 'string' && e?.kind === 'enum' && !e.values.some((v) => v.name === label)) {
            pkg.diagnostics.push(
              diagnosticAt(
                arm.provenance,
                'error',
                'unknown-case-label',
                `case '${label}' in ${decl.name} is not a value of ${e.name}`,
                `${e.name} has: ${e.values.map((v) => v.name).join(', ')}`,
              ),
            );
          }
          if (typeof label === 'string' && !e) {
            pkg.diagnostics.push(
              diagnosticAt(
                arm.provenance,
                'error',
                'untyped-discriminator',
                `cannot tell which enum '${sel.discriminator.path.join('.')}' in ${decl.name} is, so case '${label}' has no value`,
              ),
            );
          }
        }
      }
    }
  }
}
