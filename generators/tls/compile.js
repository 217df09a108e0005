import { buildSymbols } from "./passes/build-symbols.js";
import { checkAliasCycles } from "./passes/check-alias-cycles.js";
import { checkNames } from "./passes/check-names.js";
import { checkNestedOptionals } from "./passes/check-nested-optionals.js";
import { checkSelectArms } from "./passes/check-select-arms.js";
import { computeContext } from "./passes/compute-context.js";
import { hoistInlineStructs } from "./passes/hoist-inline-structs.js";
import { resolveReferences } from "./passes/resolve-references.js";
import { resolveSelects } from "./passes/resolve-selects.js";
export const PASSES = [buildSymbols, resolveReferences, checkAliasCycles, checkNestedOptionals, resolveSelects, checkSelectArms, computeContext, checkNames];
export function compilePackage(name, specs, imports = []) {
    const pkg = {
        name,
        specs: specs.map(hoistInlineStructs),
        imports,
        symbols: new Map(),
        contextNeeds: new Map(),
        diagnostics: [],
    };
    for (const pass of PASSES)
        pass(pkg);
    return pkg;
}
//# sourceMappingURL=compile.js.map