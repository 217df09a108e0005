import type { Diagnostic } from '../common/diagnostics.ts';
import { type ApiModel } from './model.ts';
export declare const OPENAPI_GENERATOR_ID = "mimikit generators/openapi 0.1";
export interface OpenApiSource {
    /** Repo-relative path of the YAML. */
    file: string;
    sha256: string;
    /** Draft and version the description follows (info.x-mimi-source), or info.version. */
    version: string;
}
export interface RenderedFile {
    /** Path relative to the package folder. */
    path: string;
    content: string;
}
export declare function renderApi(model: ApiModel, source: OpenApiSource): {
    files: RenderedFile[];
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=emit.d.ts.map