/**
 * Lint checks over compiled TLS packages that the parser and the compile passes do not make.
 *
 * Already reported elsewhere (not repeated here): `undefined-type` (passes/resolve-references.ts),
 * `duplicate-declaration` (passes/build-symbols.ts), `duplicate-case`, `unknown-case-label` and
 * `untyped-discriminator` (passes/check-select-arms.ts), `bad-select-path`
 * (passes/resolve-selects.ts), and in the parser (parse/parser.ts) `enum-value-out-of-range`
 * (a value above the declared maximum), `enum-duplicate-max`, `enum-missing-max`, `enum-too-wide`
 * and `enum-max-not-power`.
 *
 * Codes:
 * - `unused-type` (warning): a declaration of a package's own specs that no declaration of any
 *   package given references (field types, alias targets, select discriminators), that is not in
 *   `roots` and that is not a typed-variable declaration (`declares: 'value'`: the payload of an
 *   extension or component, named by the registry rather than by a type).
 * - `duplicate-field` (error): two fields of one member list (a struct's top level, or one select
 *   arm) with the same name.
 * - `duplicate-enum-name` (error): an enum lists the same value name twice.
 * - `duplicate-enum-value` (error): an enum gives two names the same number.
 */
import { relativeLine } from "../common/recovering-parser.js";
import { diagnosticAt, sortDiagnostics } from "../common/diagnostics.js";
import { ownDeclarations } from "../tls/model.js";
import { selectsOf } from "../tls/passes/resolve-selects.js";
import { allFields, typeRefs } from "../tls/passes/walk.js";
export function lintTlsPackages(pkgs, options = {}) {
    const out = [];
    for (const pkg of pkgs) {
        for (const decl of ownDeclarations(pkg)) {
            if (decl.kind === 'struct')
                checkFields(decl.name, decl.members, out);
            if (decl.kind === 'enum')
                checkEnum(decl, out);
        }
    }
    checkUnused(pkgs, options.roots ?? new Set(), out);
    return sortDiagnostics(out);
}
// ---- unused-type ----
/** Names a declaration refers to: field and alias types, discriminator paths and their enums. */
export function referencedNames(decl) {
    const names = new Set();
    const addType = (t) => {
        for (const r of typeRefs(t))
            if (r.kind === 'named')
                names.add(r.name);
    };
    if (decl.kind === 'alias')
        addType(decl.type);
    if (decl.kind === 'struct') {
        for (const f of allFields(decl.members))
            addType(f.type);
        for (const sel of selectsOf(decl.members)) {
            // `select (PrivateMessage.content_type)` names a struct; a resolved discriminator, its enum.
            const head = sel.discriminator.path[0];
            if (head !== undefined)
                names.add(head);
            const enumName = sel.discriminator.resolved?.enumName;
            if (enumName)
                names.add(enumName);
        }
    }
    names.delete(decl.name);
    return names;
}
function checkUnused(pkgs, roots, out) {
    const used = new Set();
    for (const pkg of pkgs)
        for (const decl of ownDeclarations(pkg))
            for (const n of referencedNames(decl))
                used.add(n);
    const searched = pkgs.map((p) => p.name).join(', ');
    for (const pkg of pkgs) {
        for (const decl of ownDeclarations(pkg)) {
            if (used.has(decl.name) || roots.has(decl.name))
                continue;
            if (decl.kind === 'alias' && decl.declares === 'value')
                continue;
            out.push(diagnosticAt(decl.provenance, 'warning', 'unused-type', `${decl.kind} '${decl.name}' is never used: no field type, alias or select discriminator in the TLS specs of ${pkgs.length === 1 ? 'package' : 'packages'} ${searched} refers to it${roots.size ? `, and it is not one of the ${roots.size} root type(s) given` : ''}`, 'if the draft uses it only in prose (a signature or hash input, a message body), declare it a root; otherwise remove it with an erratum'));
        }
    }
}
// ---- duplicate-field ----
function checkFields(owner, members, out) {
    const seen = new Map();
    for (const m of members) {
        if (m.kind === 'select') {
            for (const arm of m.arms)
                checkFields(owner, arm.members, out);
            continue;
        }
        const first = seen.get(m.name);
        if (first) {
            out.push(diagnosticAt(m.provenance, 'error', 'duplicate-field', `field '${m.name}' appears twice in ${owner} (first ${relativeLine(first, m.provenance)})`, 'rename one of the fields with an erratum'));
        }
        else {
            seen.set(m.name, m.provenance);
        }
    }
}
// ---- enums ----
function checkEnum(decl, out) {
    const names = new Map();
    const values = new Map();
    for (const v of decl.values) {
        const sameName = names.get(v.name);
        if (sameName) {
            out.push(diagnosticAt(v.provenance, 'error', 'duplicate-enum-name', `enum ${decl.name} lists '${v.name}' twice (first ${relativeLine(sameName, v.provenance)})`, 'rename or remove one of them with an erratum'));
        }
        else {
            names.set(v.name, v.provenance);
        }
        const sameValue = values.get(v.value);
        // `a(1), a(1)`: one mistake, reported once (as the repeated name).
        if (sameValue && !(sameName && sameValue.name === v.name)) {
            out.push(diagnosticAt(v.provenance, 'error', 'duplicate-enum-value', `enum ${decl.name} gives '${v.name}' the value ${v.value}, already the value of '${sameValue.name}' (${sameValue.at.line}:${sameValue.at.col})`, 'give each name its own number with an erratum'));
        }
        else if (!sameValue) {
            values.set(v.value, { name: v.name, at: v.provenance });
        }
    }
}
//# sourceMappingURL=tls-checks.js.map