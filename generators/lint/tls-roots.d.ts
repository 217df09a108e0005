import { type TlsPackage } from '../tls/model.ts';
/** To-be-signed, to-be-MACed, to-be-encrypted, additional authenticated data, hash and KDF inputs. */
export declare const CRYPTO_INPUT_SUFFIXES: readonly string[];
/** Component data and update formats (`RoleData`, `RoleUpdate`). */
export declare const COMPONENT_PAYLOAD_SUFFIXES: readonly string[];
/** Types of the built-in specs used only by prose, with the place that uses them. */
export declare const BUILTIN_PROSE_ROOTS: Readonly<Record<string, string>>;
/** Own declarations of the packages named by the conventions (crypto inputs, component payloads). */
export declare function conventionalRoots(pkgs: readonly TlsPackage[]): Set<string>;
/** Every `x-mimi-tls-type` of an OpenAPI document (parsed, as loadOpenApi gives it). */
export declare function openApiTlsRoots(doc: unknown): Set<string>;
/** The roots to lint the built-in specs with: conventions, the built-in prose list, and the OpenAPI bodies. */
export declare function defaultTlsRoots(pkgs: readonly TlsPackage[], openApiDoc?: unknown): Set<string>;
//# sourceMappingURL=tls-roots.d.ts.map