import { ownDeclarations } from "../model.js";
import { selectsOf, underlying } from "./resolve-selects.js";
import { allFields, coreName } from "./walk.js";
/** Per field of a struct type whose codec needs context: how each need is met. */
export const fieldSupplies = new WeakMap();
export function computeContext(pkg) {
    const structs = ownDeclarations(pkg).filter((d) => d.kind === 'struct');
    const needs = pkg.contextNeeds;
    for (const s of structs) {
        const own = new Set();
        for (const sel of selectsOf(s.members)) {
            const r = sel.discriminator.resolved;
            if (r?.scope === 'context')
                own.add(r.contextName);
        }
        needs.set(s.name, [...own].sort());
    }
    const needsOf = (name) => {
        const local = needs.get(name);
        if (local)
            return local;
        for (const imp of pkg.imports) {
            const n = imp.contextNeeds.get(name);
            if (n)
                return n;
        }
        return [];
    };
    for (let changed = true, guard = 0; changed && guard < 100; guard++) {
        changed = false;
        for (const s of structs) {
            const cur = new Set(needs.get(s.name));
            const before = cur.size;
            forEachStructField(pkg, s, (field, typeName, preceding) => {
                for (const n of needsOf(typeName))
                    if (!supplyPath(pkg, s.name, n, preceding))
                        cur.add(n);
            });
            if (cur.size !== before) {
                needs.set(s.name, [...cur].sort());
                changed = true;
            }
        }
    }
    for (const s of structs) {
        forEachStructField(pkg, s, (field, typeName, preceding) => {
            const n = needsOf(typeName);
            if (n.length)
                fieldSupplies.set(field, n.map((name) => ({ name, from: supplyPath(pkg, s.name, name, preceding) })));
        });
    }
}
/** Calls back for every field whose core type is a struct, with the fields that precede it. */
function forEachStructField(pkg, s, cb) {
    const preceding = [];
    for (const f of allFields(s.members)) {
        const name = coreName(f.type);
        if (name) {
            const u = underlying(pkg, { kind: 'named', name });
            if ('kind' in u && u.kind === 'struct' && 'name' in u)
                cb(f, u.name, [...preceding]);
        }
        preceding.push(f);
    }
}
function supplyPath(pkg, structName, need, preceding) {
    const [head, ...rest] = need.split('.');
    if (!head)
        return null;
    // `Outer.color` needed by a field of Outer itself: Outer's own earlier field.
    if (head === structName && rest[0] !== undefined && preceding.some((f) => f.name === rest[0]))
        return rest;
    for (let i = preceding.length - 1; i >= 0; i--) {
        const f = preceding[i];
        if (f.type.kind === 'named' && f.type.name === head)
            return [f.name, ...rest];
    }
    for (let i = preceding.length - 1; i >= 0; i--) {
        const f = preceding[i];
        if (f.type.kind !== 'named')
            continue;
        const d = pkg.symbols.get(f.type.name)?.decl;
        if (d?.kind !== 'struct')
            continue;
        for (const m of d.members) {
            if (m.kind === 'field' && m.type.kind === 'named' && m.type.name === head)
                return [f.name, m.name, ...rest];
        }
    }
    if (rest.length >= 0) {
        const byName = preceding.find((f) => f.name === head);
        if (byName && !pkg.symbols.has(head))
            return [byName.name, ...rest];
    }
    return null;
}
//# sourceMappingURL=compute-context.js.map