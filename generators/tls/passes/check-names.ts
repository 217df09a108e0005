/**
 * Pass: every name of the package can be written into generated code as it is (the rules are in
 * generators/common/generated-names.ts). Declaration names become TypeScript declarations
 * (`export type X`, `readX`, `XCodec`, an enum's `export const X`) and keys of the `codecs`
 * registry; field names, enum value names and discriminator paths become property keys of decoded
 * values. A name that cannot be used is reported where the spec writes it (`invalid-identifier`,
 * `reserved-name`, `name-collision`); it is never renamed.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import { nameProblem, type NameUse } from '../../common/generated-names.ts';
import type { Declaration, Member, Provenance } from '../ir.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { declaredNames, isHelperName, TLS_MODULE_NAMES } from '../emit/names.ts';

const HINT = 'rename it in the spec (for a draft, with an erratum)';

export function checkNames(pkg: TlsPackage): void {
  const report = (at: Provenance, code: string, message: string) => pkg.diagnostics.push(diagnosticAt(at, 'error', code, message, HINT));
  const check = (name: string, use: NameUse, at: Provenance, what: string): boolean => {
    const problem = nameProblem(name, use, TLS_MODULE_NAMES);
    if (problem) report(at, problem.code, `${what}: ${problem.message}`);
    else if (use === 'declaration' && isHelperName(name))
      report(at, 'reserved-name', `${what}: names starting with read_, size_ or write_ are the generated helpers' own`);
    else return true;
    return false;
  };

  // Generated names of everything visible: the imported packages' and the package's own, in that
  // order, so a clash is reported at the declaration that comes second.
  const own = new Set(ownDeclarations(pkg));
  const owner = new Map<string, Declaration>();
  for (const { decl } of pkg.symbols.values()) if (!own.has(decl)) for (const n of declaredNames(decl)) owner.set(n, decl);

  for (const decl of own) {
    if (!check(decl.name, 'property', decl.provenance, `type name '${decl.name}'`)) continue;
    for (const n of declaredNames(decl)) {
      if (!check(n, 'declaration', decl.provenance, `type '${decl.name}' would declare '${n}'`)) break;
      const prior = owner.get(n);
      if (prior && prior !== decl) {
        const p = prior.provenance;
        report(
          decl.provenance,
          'name-collision',
          `type '${decl.name}' would declare '${n}', which '${prior.name}' (${p.file}:${p.line}:${p.col}) declares too`,
        );
        break;
      }
      owner.set(n, decl);
    }
    if (decl.kind === 'enum') for (const v of decl.values) check(v.name, 'property', v.provenance, `value name '${v.name}' of ${decl.name}`);
    if (decl.kind === 'struct') checkMembers(decl.name, decl.members, check);
  }
}

function checkMembers(owner: string, members: readonly Member[], check: (name: string, use: NameUse, at: Provenance, what: string) => boolean): void {
  for (const m of members) {
    if (m.kind === 'field') {
      check(m.name, 'property', m.provenance, `field name '${m.name}' in ${owner}`);
      continue;
    }
    for (const seg of m.discriminator.path) check(seg, 'property', m.provenance, `select path ${m.discriminator.path.join('.')} in ${owner}`);
    for (const arm of m.arms) checkMembers(owner, arm.members, check);
  }
}
