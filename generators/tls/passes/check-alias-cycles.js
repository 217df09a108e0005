/**
 * Pass: a type may refer to itself only through a struct. Generated decoders count nesting depth
 * (DecodeLimits.maxDepth) when they enter a struct; a cycle made of aliases alone (`V V<V>;`,
 * `optional<O> O;`, `A B<V>; B A<V>;`) recurses once per level of the input without being counted,
 * so 20,000 nested empty vectors overflow the stack. Such a cycle is a `recursive-alias` error at
 * each alias in it.
 *
 * An alias's type names at most one other type (`T`, `T<V>`, `T[n]`, `optional<T>`), so following
 * those names from each alias is a walk along a single chain: iterative and linear.
 */
import { diagnosticAt } from "../../common/diagnostics.js";
import { ownDeclarations } from "../model.js";
import { coreName } from "./walk.js";
export function checkAliasCycles(pkg) {
    const own = ownDeclarations(pkg);
    /** The alias of this package that an alias names, if any (imported ones cannot lead back here). */
    const next = (a) => {
        const name = coreName(a.type);
        const sym = name === null ? undefined : pkg.symbols.get(name);
        return sym?.pkg === pkg.name && sym.decl.kind === 'alias' ? sym.decl : undefined;
    };
    // 'done': not in a cycle, or its cycle is reported; a number: on the walk that started there.
    const state = new Map();
    own.forEach((decl, walk) => {
        if (decl.kind !== 'alias')
            return;
        const path = [];
        let a = decl;
        while (a && !state.has(a)) {
            state.set(a, walk);
            path.push(a);
            a = next(a);
        }
        if (a && state.get(a) === walk) {
            const cycle = path.slice(path.indexOf(a));
            const names = cycle.map((d) => d.name);
            cycle.forEach((member, k) => {
                const around = describeCycle(names, k);
                pkg.diagnostics.push(diagnosticAt(member.provenance, 'error', 'recursive-alias', `'${member.name}' is defined through itself with no struct in between (${around}): decoders count nesting only in structs, so deep input would overflow the stack`, `let the recursion pass through a struct: declare 'struct { ${member.name} value; } ${member.name}Box;' and use '${member.name}Box' where the cycle comes back to '${member.name}'`));
            });
        }
        for (const p of path)
            state.set(p, 'done');
    });
}
/**
 * The cycle `names` read from index `from` back to it: `B → C → A → B`. A long cycle is shortened
 * (its length is bounded only by the size of the spec, and each alias of it gets a message).
 */
function describeCycle(names, from) {
    const at = (k) => names[(from + k) % names.length];
    const n = names.length;
    const shown = n <= 6 ? names.map((_, k) => at(k)) : [at(0), at(1), at(2), at(3), `… ${n - 5} more …`, at(n - 1)];
    return [...shown, at(0)].join(' → ');
}
//# sourceMappingURL=check-alias-cycles.js.map