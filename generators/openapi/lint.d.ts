import { type Diagnostic } from '../common/diagnostics.ts';
import type { TlsPackage } from '../tls/model.ts';
/** The media type of every TLS presentation-language body (see docs/transport.md). */
export declare const MIMI_PROTOCOL_MEDIA_TYPE = "application/mimi-protocol";
export declare const MIMI_ROLES: readonly ["hub", "follower", "any"];
export interface LintOpenApiOptions {
    /** TLS packages already loaded (saves loading them again); default `loadPackages(root)`. */
    packages?: readonly TlsPackage[];
    /** Packages whose symbols `x-mimi-tls-type` may name; default mls and mimi-protocol. */
    tlsPackages?: readonly string[];
}
/** Finds the line and column of a node of a YAML document (block style) by following keys. */
export declare class YamlLocator {
    private readonly lines;
    constructor(text: string);
    /**
     * 1-based line and column of the deepest node on `path` (keys; numbers index list items) that
     * could be found; line 1, col 1 when not even the first key is there.
     */
    locate(path: ReadonlyArray<string | number>): {
        line: number;
        col: number;
    };
}
export interface DraftEndpoint {
    method: string;
    /** As written, e.g. `/keyMaterial/{targetUser}`. */
    path: string;
    /** First literal segment, e.g. `keyMaterial`. */
    name: string;
    params: string[];
    line: number;
    col: number;
    /** Title of the section the endpoint line is in. */
    section: string;
}
export interface DirectoryEntry {
    key: string;
    template: string;
    /** Path of the template's URL, e.g. `/v1/update{roomId}`. */
    path: string;
    params: string[];
    line: number;
    col: number;
}
export interface DraftFacts {
    endpoints: DraftEndpoint[];
    directory: DirectoryEntry[];
    /** Where the directory example's fence starts (1-based), if found. */
    directoryLine: number | undefined;
    /** Problems of the draft's own text (invalid directory JSON). */
    diagnostics: Diagnostic[];
}
export declare function pathParams(path: string): string[];
/** The path with every `{param}` replaced by `{}`: compares paths regardless of parameter names. */
export declare function normalizePath(path: string): string;
/** Reads the endpoint lines and the directory example of a MIMI protocol draft. */
export declare function extractDraftFacts(markdown: string, file: string): DraftFacts;
interface MediaFact {
    mediaType: string;
    tlsType: string | undefined;
    tlsContext: Record<string, unknown> | undefined;
    /** YAML path to the media type object. */
    at: Array<string | number>;
}
export interface OperationFact {
    path: string;
    method: string;
    operationId: string | undefined;
    role: unknown;
    directoryKey: string | undefined;
    request: MediaFact[];
    responses: Array<{
        status: string;
        media: MediaFact[];
    }>;
    at: Array<string | number>;
}
/** Follows a local `$ref` (`#/components/…`) within the document. */
export declare function resolveRef(doc: unknown, value: unknown): unknown;
/** The operations of an OpenAPI document, in document order, with the facts the linter and the endpoint table use. */
export declare function operationFacts(doc: unknown): OperationFact[];
/**
 * Lints the OpenAPI document at `yamlPath` against the draft at `draftPath` (both absolute or
 * relative to `root`) and the TLS specs of `root`. Diagnostics are sorted by file and position.
 */
export declare function lintOpenApi(root: string, yamlPath: string, draftPath: string, options?: LintOpenApiOptions): Promise<Diagnostic[]>;
export {};
//# sourceMappingURL=lint.d.ts.map