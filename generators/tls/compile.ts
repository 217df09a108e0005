/**
 * The TLS compiler front end: a package's parsed specs → a checked TlsPackage, as a chain of named
 * passes. Each pass reads the IR and adds facts or diagnostics; the emitter runs only when no pass
 * reported an error.
 */
import type { TlsSpec } from './ir.ts';
import type { TlsPackage } from './model.ts';
import { buildSymbols } from './passes/build-symbols.ts';
import { checkAliasCycles } from './passes/check-alias-cycles.ts';
import { checkNames } from './passes/check-names.ts';
import { checkNestedOptionals } from './passes/check-nested-optionals.ts';
import { checkSelectArms } from './passes/check-select-arms.ts';
import { computeContext } from './passes/compute-context.ts';
import { hoistInlineStructs } from './passes/hoist-inline-structs.ts';
import { resolveReferences } from './passes/resolve-references.ts';
import { resolveSelects } from './passes/resolve-selects.ts';

export const PASSES = [
  buildSymbols,
  resolveReferences,
  checkAliasCycles,
  checkNestedOptionals,
  resolveSelects,
  checkSelectArms,
  computeContext,
  checkNames,
] as const;

export function compilePackage(name: string, specs: TlsSpec[], imports: TlsPackage[] = []): TlsPackage {
  const pkg: TlsPackage = {
    name,
    specs: specs.map(hoistInlineStructs),
    imports,
    symbols: new Map(),
    contextNeeds: new Map(),
    diagnostics: [],
  };
  for (const pass of PASSES) pass(pkg);
  return pkg;
}
