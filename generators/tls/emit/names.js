import { pascal } from "../passes/walk.js";
/**
 * Type names stay as the draft writes them (`MLSMessage`, `HPKEPublicKey`); the drafts'
 * lower-case value declarations (`ratchet_tree`, `external_senders`) become PascalCase types.
 */
export function tsIdent(decl) {
    return decl.kind === 'alias' && decl.declares === 'value' ? pascal(decl.name) : decl.name;
}
/** Every module-level name the emitter declares for a declaration. */
export function declaredNames(decl) {
    const id = tsIdent(decl);
    const names = [id, `read${id}`, `size${id}`, `write${id}`, `${id}Codec`];
    if (decl.kind === 'enum')
        names.push(`${id}_byValue`);
    return names;
}
/** What generated modules import from @mimikit/tls (values, then types). */
export const RUNTIME = [
    'Reader', 'Writer', 'EncodeError', 'defineCodec', 'rethrowWithin', 'rethrowEncodeWithin', 'decodeContext',
    'encodeContext', 'opaqueVSize', 'fixedBytesSize', 'rangedLength', 'paddingSize', 'fixedVectorSize', 'varintPrefixedSize',
];
export const RUNTIME_TYPES = ['Codec', 'CodecContext'];
/**
 * Names a generated module uses besides its declarations: its runtime imports, the globals its
 * code calls, and the parameters and locals of generated functions (an enum's constant is used
 * inside its own writer, next to `w`, `v` and `n`).
 */
export const TLS_MODULE_NAMES = new Set([
    ...RUNTIME,
    ...RUNTIME_TYPES,
    'String', 'Object', 'Array', 'Record', 'Uint8Array',
    'r', 'w', 'v', 'z', 'n', 's', 'o', 'f', 'e', 'a', 'i', 'ctx', 'end',
]);
/** Generated helper functions are named `read_<shape>`, `size_<shape>`, `write_<shape>`. */
export function isHelperName(name) {
    return /^(?:read|size|write)_/.test(name);
}
//# sourceMappingURL=names.js.map