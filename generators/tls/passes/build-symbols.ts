/** Pass: the symbol table of a package (imported declarations first, then its own). */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { Symbol as TlsSymbol, TlsPackage } from '../model.ts';

export function buildSymbols(pkg: TlsPackage): void {
  const symbols = new Map<string, TlsSymbol>();
  for (const imported of pkg.imports) {
    for (const [name, sym] of imported.symbols) if (!symbols.has(name)) symbols.set(name, sym);
  }
  for (const spec of pkg.specs) {
    for (const decl of spec.declarations) {
      const prior = symbols.get(decl.name);
      if (prior && prior.pkg === pkg.name) {
        const first = prior.decl.provenance;
        pkg.diagnostics.push(
          diagnosticAt(
            decl.provenance,
            'error',
            'duplicate-declaration',
            `'${decl.name}' is declared again (first declared at ${first.file}:${first.line}:${first.col})`,
            'remove one of them with an erratum, or rename one',
          ),
        );
        continue;
      }
      symbols.set(decl.name, { decl, spec: spec.name, pkg: pkg.name });
    }
  }
  pkg.symbols = symbols;
}
