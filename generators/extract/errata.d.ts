/**
 * Errata: corrections to a draft's TLS-PL or CDDL, kept next to the drafts in spec/errata/<draft>-<NN>.json
 * and applied by the extractor. Each entry names the exact draft text it replaces and the line it
 * sits on, so an erratum that no longer matches its draft is an error (`stale-erratum`) rather than
 * a silent no-op.
 */
import type { Diagnostic } from '../common/diagnostics.ts';
export interface Erratum {
    /** Stable kebab-case id, written into the .tls file (`// erratum <id>: <reason>`). */
    id: string;
    /** Draft name without version, e.g. `draft-ietf-mimi-protocol`. */
    draft: string;
    /** Two-digit draft version, e.g. `06`. */
    version: string;
    /** 1-based draft line where `original` starts (or near it: within the same fence). */
    line: number;
    /**
     * Exact draft text to replace; may span lines. Empty: insert `replacement` at the start of
     * `line` (which must be inside a fence, or its closing line to append).
     */
    original: string;
    /** Corrected text; empty to delete. */
    replacement: string;
    /** Why: one line, written into the .tls file. */
    reason: string;
    /** A dialect pragma (e.g. `@open`) written as `// <pragma>` right above each touched definition. */
    pragma?: string;
    /**
     * CDDL drafts only: the included file the erratum corrects, as the include line spells it
     * (`mimi-content.cddl`); `line` is then a 1-based line of that file. Without it, `line` is a
     * draft line inside a code fence.
     */
    file?: string;
}
/** Checks the shape of a parsed errata file; returns the valid entries and diagnostics for the rest. */
export declare function validateErrata(value: unknown, errataFile: string): {
    errata: Erratum[];
    diagnostics: Diagnostic[];
};
/**
 * Text of one fence with, for every UTF-16 unit, the draft position it came from and the errata
 * that produced it. Replacement text takes the position of the text it replaced.
 */
export declare class TrackedText {
    text: string;
    lines: number[];
    cols: number[];
    tags: Array<readonly string[] | undefined>;
    /** Deletion points: an erratum that removed text between index at-1 and at. */
    marks: Array<{
        id: string;
        at: number;
    }>;
    constructor(text: string, lines: number[], cols: number[]);
    /** Builds the text of fence content lines; `firstLine` is the draft line of `contentLines[0]`. */
    static fromLines(contentLines: readonly string[], firstLine: number): TrackedText;
    lineAt(index: number): number;
    colAt(index: number): number;
    replace(start: number, end: number, replacement: string, id: string): void;
}
/** Applies errata to the fences of one draft; returns the applied ids and `stale-erratum` errors. */
export declare function applyErrata(fences: ReadonlyArray<{
    openLine: number;
    closeLine: number;
    text: TrackedText;
}>, errata: readonly Erratum[], draftFile: string, errataFile: string): {
    applied: string[];
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=errata.d.ts.map