/** Pass: every named type must be declared in the package or a package it imports. */
import { diagnosticAt } from "../../common/diagnostics.js";
import { ownDeclarations } from "../model.js";
import { allFields, typeRefs } from "./walk.js";
export function resolveReferences(pkg) {
    const names = [...pkg.symbols.keys()];
    for (const decl of ownDeclarations(pkg)) {
        const refs = [];
        if (decl.kind === 'alias')
            refs.push({ t: decl.type, at: decl.provenance });
        if (decl.kind === 'struct')
            for (const f of allFields(decl.members))
                refs.push({ t: f.type, at: f.provenance });
        for (const { t, at } of refs) {
            for (const r of typeRefs(t)) {
                if (r.kind !== 'named' || pkg.symbols.has(r.name))
                    continue;
                const near = names.find((n) => n.toLowerCase() === r.name.toLowerCase());
                pkg.diagnostics.push(diagnosticAt(at, 'error', 'undefined-type', `type '${r.name}' (used in ${decl.name}) is not declared`, near ? `did you mean '${near}'? Fix the draft text with an erratum` : 'declare it, or correct the name with an erratum'));
            }
        }
    }
}
//# sourceMappingURL=resolve-references.js.map