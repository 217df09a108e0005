/**
 * CDDL names may hold `-`, `.`, `@` and `$` (`key-id`, `tstr.size`): those other than `$` become
 * word breaks and the result PascalCase (`key-id` → `KeyId`). Two rules that come out the same
 * are refused (`name-collision`), never numbered apart.
 */
export declare function tsName(rule: string): string;
/** Every module-level name the emitter declares for a rule. */
export declare function declaredNames(rule: string): string[];
/** What generated content modules import from @mimikit/cbor, its schema helpers and typebox. */
export declare const CBOR_RUNTIME: readonly ["CborReader", "CborWriter", "CborTag", "ContentError", "defineContentCodec", "rethrowIn"];
export declare const SCHEMA_HELPERS: readonly ["bytesSchema", "textSchema", "mapSchema", "tagSchema", "anySchema"];
/**
 * Names a generated content module uses besides its rules': imports, its `defs` table, the
 * globals its code calls, and the parameters and locals of generated functions.
 */
export declare const CONTENT_MODULE_NAMES: ReadonlySet<string>;
//# sourceMappingURL=names.d.ts.map