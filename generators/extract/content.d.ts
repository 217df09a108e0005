import type { Diagnostic } from '../common/diagnostics.ts';
import { type ResolveInclude } from './cddl.ts';
import { type DraftEntry } from './driver.ts';
export interface OutputFile {
    /** Repo-relative path. */
    path: string;
    /** Fresh content; null for a stale file that the extraction no longer produces. */
    content: string | Uint8Array | null;
    /** True when the file on disk differs from `content` (before writing). */
    changed: boolean;
}
export interface ContentOutcome extends DraftEntry {
    draftPath: string;
    errataPath: string | null;
    files: OutputFile[];
    applied: string[];
}
/** Where an include of the draft at `draftAbs` lives: `<draft>-files/<path>`, then `<dir>/<path>`. */
export declare function resolveIncludePath(draftAbs: string, includePath: string): {
    abs: string;
    displayPath: string;
} | null;
export declare function makeResolver(draftAbs: string): ResolveInclude;
interface ExampleSet {
    /** Files to write: output name → source bytes. */
    files: Map<string, Uint8Array>;
    index: string;
    diagnostics: Diagnostic[];
}
/** Collects the examples of a draft: every .edn of each folder that an `.edn` include points into. */
export declare function collectExamples(draftAbs: string, draftPath: string, markdown: string, includes: ReadonlyArray<{
    line: number;
    path: string;
    section: import('./markdown.ts').Section | null;
}>): ExampleSet;
/** Extracts one CDDL draft; with `write`, writes the changed files (and removes stale examples). */
export declare function extractCddlDraft(repoRoot: string, entry: DraftEntry, options: {
    write: boolean;
}): {
    outcome: ContentOutcome | null;
    diagnostics: Diagnostic[];
};
export {};
//# sourceMappingURL=content.d.ts.map