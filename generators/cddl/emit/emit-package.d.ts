import { type Diagnostic } from '../../common/diagnostics.ts';
import type { LoweredSpec } from '../passes/lower.ts';
export declare const CONTENT_GENERATOR_ID = "mimikit generators/cddl 0.1";
export interface CddlInput {
    name: string;
    file: string;
    sha256: string;
    /** e.g. draft-ietf-mimi-content-07, from the extractor's provenance comment. */
    source: string;
}
export interface ContentPackageResult {
    files: Array<{
        path: string;
        content: string;
    }>;
    diagnostics: Diagnostic[];
}
export declare function emitContentPackage(pkgName: string, specs: readonly LoweredSpec[], inputs: readonly CddlInput[]): ContentPackageResult;
//# sourceMappingURL=emit-package.d.ts.map