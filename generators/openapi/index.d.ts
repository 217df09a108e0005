import { type Diagnostic } from '../common/diagnostics.ts';
import type { TlsPackage } from '../tls/model.ts';
import { type RenderedFile } from './emit.ts';
import { type ApiModel, type TlsResolver } from './model.ts';
export { OPENAPI_GENERATOR_ID } from './emit.ts';
export declare const OPENAPI_DIR = "spec/openapi";
/** What a package with generated client and server adds to its package.json. */
export interface PackageExtras {
    modules: Record<string, string>;
    dependencies: Record<string, string>;
}
export interface OpenApiResult {
    model: ApiModel | null;
    files: RenderedFile[];
    diagnostics: Diagnostic[];
}
/** The descriptions in spec/openapi, as package names (`mimi-protocol.yaml` → `mimi-protocol`). */
export declare function listOpenApiSpecs(root: string): string[];
export declare function openApiFile(root: string, name: string): string;
/**
 * Generates the transport files for `pkg` from the YAML at `path` (`file` is how headers and
 * diagnostics name it). `selfModule` is how the files import the package's own codecs.
 */
export declare function generateOpenApi(path: string, file: string, pkg: TlsPackage, selfModule?: string): Promise<OpenApiResult>;
/** Resolves x-mimi-tls-type names against the symbols a TLS package sees (its own and its imports'). */
export declare function tlsResolver(pkg: TlsPackage, selfModule: string): TlsResolver;
/**
 * Ranges of the runtime dependencies generated clients and servers import; they match the root
 * package.json (test/transport/generator.test.ts checks that they do).
 */
export declare const TRANSPORT_DEPENDENCIES: Readonly<Record<string, string>>;
/** The package.json additions of a package with a generated client and server. */
export declare function packageExtras(): PackageExtras;
//# sourceMappingURL=index.d.ts.map