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
import { resolveReferences } from './passes/resolve-references.ts';
import { resolveSelects } from './passes/resolve-selects.ts';
export declare const PASSES: readonly [typeof buildSymbols, typeof resolveReferences, typeof checkAliasCycles, typeof checkNestedOptionals, typeof resolveSelects, typeof checkSelectArms, typeof computeContext, typeof checkNames];
export declare function compilePackage(name: string, specs: TlsSpec[], imports?: TlsPackage[]): TlsPackage;
//# sourceMappingURL=compile.d.ts.map