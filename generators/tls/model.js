export function ownDeclarations(pkg) {
    return pkg.specs.flatMap((s) => s.declarations);
}
export function isStruct(d) {
    return d?.kind === 'struct';
}
//# sourceMappingURL=model.js.map