import { ownDeclarations } from "../tls/model.js";
import { allFields, typeRefs } from "../tls/passes/walk.js";
/** The text hoistInlineStructs gives the declarations it creates: the only mark they carry. */
const HOISTED_TEXT = /^\/\* inline struct of \S+ \*\/$/;
export function isHoisted(d) {
    return d.kind === 'struct' && HOISTED_TEXT.test(d.text);
}
export function indexSide(set) {
    const decls = new Map();
    const symbols = new Map();
    for (const pkg of set.tls) {
        for (const d of ownDeclarations(pkg)) {
            if (!isHoisted(d) && !decls.has(d.name))
                decls.set(d.name, d);
            if (!symbols.has(d.name))
                symbols.set(d.name, d);
        }
        for (const [name, sym] of pkg.symbols)
            if (!symbols.has(name))
                symbols.set(name, sym.decl);
    }
    const hoisted = new Map();
    for (const d of symbols.values())
        if (isHoisted(d))
            hoisted.set(d.name, d);
    return { decls, hoisted, symbols, unparsed: set.unparsed ?? new Map() };
}
export const SAME_NAME = (name) => name;
export function declShape(side, d, o) {
    switch (d.kind) {
        case 'struct':
            return `struct{${membersShape(side, d.members, o)}}`;
        case 'enum': {
            const values = d.values.map((v) => `${o.names ? v.name : ''}(${v.value})`).join(',');
            return `enum/${d.width}/${d.max}/${d.open ? 'open' : 'closed'}{${values}}`;
        }
        case 'alias':
            return `${d.declares}=${typeShape(side, d.type, o)}`;
    }
}
export function membersShape(side, members, o, expanding = new Set()) {
    return members
        .map((m) => {
        if (m.kind === 'select') {
            const arms = m.arms.map((a) => `${a.isDefault ? 'default' : ''}${a.cases.join('|')}:${membersShape(side, a.members, o, expanding)}`);
            return `select(${discriminatorLabel(m, o.typeName)}){${arms.join(';')}}`;
        }
        // An anonymous arm field is named after its case label, which the arm's shape already has.
        const name = o.names && !m.anonymous ? m.name : '_';
        const fixed = m.fixedValue === undefined ? '' : `=${m.fixedValue}`;
        return `${name}:${typeShape(side, m.type, o, expanding)}${fixed}`;
    })
        .join(';');
}
export function typeShape(side, t, o, expanding = new Set()) {
    switch (t.kind) {
        case 'uint':
            return `uint${t.bits}`;
        case 'opaque':
        case 'padding':
            return t.kind;
        case 'named': {
            const inline = side.hoisted.get(t.name);
            // `expanding` stops a malformed self-containing inline struct from recursing forever.
            if (!inline || expanding.has(t.name))
                return `@${o.typeName(t.name)}`;
            return `struct{${membersShape(side, inline.members, o, new Set([...expanding, t.name]))}}`;
        }
        case 'vector': {
            const l = t.length;
            return `${typeShape(side, t.element, o, expanding)}<${l.kind === 'varint' ? 'V' : `${l.min}..${l.max}`}>`;
        }
        case 'array':
            return `${typeShape(side, t.element, o, expanding)}[${t.byteLength}]`;
        case 'optional':
            return `optional<${typeShape(side, t.element, o, expanding)}>`;
        case 'struct':
            return `struct{${membersShape(side, t.members, o, expanding)}}`;
    }
}
/**
 * What a select switches on, independent of how it was written: the resolved field path for a
 * field of the struct (`Sender.sender_type` and `sender_type` are the same), else the path as
 * written with its leading type name mapped (a context value of a renamed type is the same value).
 */
export function discriminatorLabel(sel, typeName = SAME_NAME) {
    const resolved = sel.discriminator.resolved;
    if (resolved?.scope === 'own')
        return resolved.fieldPath.join('.');
    const [head, ...rest] = sel.discriminator.path;
    return head === undefined ? '' : [typeName(head), ...rest].join('.');
}
/** Names of the declarations a declaration refers to directly, looking through its inline structs; sorted. */
export function namedRefs(side, d) {
    const out = new Set();
    const seen = new Set();
    const visit = (t) => {
        for (const r of typeRefs(t)) {
            if (r.kind !== 'named')
                continue;
            const inline = side.hoisted.get(r.name);
            if (!inline)
                out.add(r.name);
            else if (!seen.has(r.name)) {
                seen.add(r.name);
                for (const f of allFields(inline.members))
                    visit(f.type);
            }
        }
    };
    if (d.kind === 'alias')
        visit(d.type);
    else if (d.kind === 'struct')
        for (const f of allFields(d.members))
            visit(f.type);
    return [...out].sort();
}
//# sourceMappingURL=tls-shape.js.map