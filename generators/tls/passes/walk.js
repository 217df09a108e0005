/** Every field of a member list, descending into select arms, in source order. */
export function* allFields(members) {
    for (const m of members) {
        if (m.kind === 'field')
            yield m;
        else
            for (const arm of m.arms)
                yield* allFields(arm.members);
    }
}
/** Every TypeRef reachable from a type, the type itself first. */
export function* typeRefs(t) {
    yield t;
    if (t.kind === 'vector' || t.kind === 'array' || t.kind === 'optional')
        yield* typeRefs(t.element);
    else if (t.kind === 'struct')
        for (const f of allFields(t.members))
            yield* typeRefs(f.type);
}
/** The named type at the core of a reference, if any (`Foo`, `Foo<V>`, `optional<Foo>`). */
export function coreName(t) {
    if (t.kind === 'named')
        return t.name;
    if (t.kind === 'vector' || t.kind === 'array' || t.kind === 'optional')
        return coreName(t.element);
    return null;
}
export function pascal(name) {
    return name
        .split(/[_\-\s]+/)
        .filter(Boolean)
        .map((s) => s[0].toUpperCase() + s.slice(1))
        .join('');
}
//# sourceMappingURL=walk.js.map