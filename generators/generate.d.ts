import { type Diagnostic } from './common/diagnostics.ts';
/** The generated package that spec/content/*.cddl becomes. */
export declare const CONTENT_PACKAGE = "mimi-content";
export interface GenerateResult {
    /** Repo-relative paths that were written (or, with check, that are stale). */
    changed: string[];
    diagnostics: Diagnostic[];
    files: number;
}
/**
 * Async because swagger-parser (spec/openapi) is: each description spec/openapi/<pkg>.yaml adds a
 * generated client, server and operation table to the TLS package <pkg>.
 */
export declare function generateAll(root: string, options?: {
    check?: boolean;
}): Promise<GenerateResult>;
//# sourceMappingURL=generate.d.ts.map