import type { Diagnostic } from '../common/diagnostics.ts';
import type { OpenApiDocument } from './openapi-types.ts';
export interface LoadedOpenApi {
    /** The dereferenced description (every $ref replaced by the object it points at), or null when invalid. */
    document: OpenApiDocument | null;
    /** Repo-relative path, for headers and diagnostics. */
    file: string;
    text: string;
    sha256: string;
    diagnostics: Diagnostic[];
}
export declare function loadOpenApi(path: string, file: string): Promise<LoadedOpenApi>;
/**
 * Where a JSON pointer's member is in YAML text, approximately: each segment's key is searched
 * for after the previous one (block-style YAML as spec/openapi is written). Array indices are skipped.
 */
export declare function locatePointer(text: string, pointer: string): {
    line: number;
    col: number;
};
/** 1-based line and column of a text offset. */
export declare function positionOf(text: string, offset: number): {
    line: number;
    col: number;
};
//# sourceMappingURL=load.d.ts.map