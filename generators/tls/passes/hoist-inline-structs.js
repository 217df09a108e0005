export function hoistInlineStructs(spec) {
    const out = [];
    for (const decl of spec.declarations) {
        if (decl.kind !== 'struct') {
            out.push(decl);
            continue;
        }
        const hoisted = [];
        const members = hoistMembers(decl.members, decl.name, decl, hoisted);
        for (const h of hoisted)
            out.push(h);
        out.push({ ...decl, members });
    }
    return { ...spec, declarations: out };
}
function hoistMembers(members, owner, root, hoisted) {
    return members.map((m) => {
        if (m.kind === 'select') {
            return { ...m, arms: m.arms.map((a) => ({ ...a, members: hoistMembers(a.members, owner, root, hoisted) })) };
        }
        return { ...m, type: hoistType(m.type, `${owner}_${m.name}`, root, hoisted, m.provenance) };
    });
}
function hoistType(t, name, root, hoisted, provenance) {
    switch (t.kind) {
        case 'struct': {
            const members = hoistMembers(t.members, name, root, hoisted);
            hoisted.push({ kind: 'struct', name, members, text: `/* inline struct of ${root.name} */`, provenance });
            return { kind: 'named', name };
        }
        case 'vector':
        case 'array':
        case 'optional':
            return { ...t, element: hoistType(t.element, name, root, hoisted, provenance) };
        default:
            return t;
    }
}
//# sourceMappingURL=hoist-inline-structs.js.map