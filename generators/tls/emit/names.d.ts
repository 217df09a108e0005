/**
 * How IR names become TypeScript identifiers in generated code, and which identifiers a generated
 * module already uses (so that no declaration may take them: see passes/check-names.ts and
 * docs/tls-dialect.md, "Names").
 */
import type { Declaration } from '../ir.ts';
/**
 * Type names stay as the draft writes them (`MLSMessage`, `HPKEPublicKey`); the drafts'
 * lower-case value declarations (`ratchet_tree`, `external_senders`) become PascalCase types.
 */
export declare function tsIdent(decl: Pick<Declaration, 'name' | 'kind'> & {
    declares?: 'type' | 'value';
}): string;
/** Every module-level name the emitter declares for a declaration. */
export declare function declaredNames(decl: Pick<Declaration, 'name' | 'kind'> & {
    declares?: 'type' | 'value';
}): string[];
/** What generated modules import from @mimikit/tls (values, then types). */
export declare const RUNTIME: readonly ["Reader", "Writer", "EncodeError", "defineCodec", "rethrowWithin", "rethrowEncodeWithin", "decodeContext", "encodeContext", "opaqueVSize", "fixedBytesSize", "rangedLength", "paddingSize", "fixedVectorSize", "varintPrefixedSize"];
export declare const RUNTIME_TYPES: readonly ["Codec", "CodecContext"];
/**
 * Names a generated module uses besides its declarations: its runtime imports, the globals its
 * code calls, and the parameters and locals of generated functions (an enum's constant is used
 * inside its own writer, next to `w`, `v` and `n`).
 */
export declare const TLS_MODULE_NAMES: ReadonlySet<string>;
/** Generated helper functions are named `read_<shape>`, `size_<shape>`, `write_<shape>`. */
export declare function isHelperName(name: string): boolean;
//# sourceMappingURL=names.d.ts.map