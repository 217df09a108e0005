export type LineOp = {
    op: 'same';
    old: string;
    new: string;
} | {
    op: 'del';
    old: string;
} | {
    op: 'ins';
    new: string;
};
export declare function diffLines(oldLines: readonly string[], newLines: readonly string[]): LineOp[];
/** One row of a side-by-side view; a side is absent where the other has a line it lacks. */
export interface SideBySideRow {
    old?: {
        line: number;
        text: string;
        changed: boolean;
    };
    new?: {
        line: number;
        text: string;
        changed: boolean;
    };
}
/**
 * Side-by-side rows: unchanged lines face each other; a run of removed lines faces the run of added
 * lines that follows it (a changed line reads across), and what is left over faces an empty cell.
 */
export declare function sideBySide(oldText: string | undefined, newText: string | undefined): SideBySideRow[];
//# sourceMappingURL=line-diff.d.ts.map