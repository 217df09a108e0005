export interface DiffBenchOptions {
    root: string;
    /** Warm rounds per task; the median is reported. */
    rounds?: number;
    /** The two drafts to compare (repo-relative); the second is also the one linted. */
    oldDraft?: string;
    newDraft?: string;
}
export interface DiffBenchRow {
    task: string;
    coldMs: number;
    warmMs: number;
    /** Warm time / the baseline's warm time. */
    vsBaseline: number | null;
    /** Wall time of the same command as a child process (node start-up and TS loading included). */
    commandMs: number | null;
}
export interface DiffBenchResult {
    node: string;
    inputs: {
        oldDraft: string;
        newDraft: string;
        oldLines: number;
        newLines: number;
        findings: number;
        lintFindings: number;
    };
    rounds: number;
    rows: DiffBenchRow[];
}
export declare function runDiffBench(options: DiffBenchOptions): Promise<DiffBenchResult>;
export declare function formatDiffBench(r: DiffBenchResult): string;
//# sourceMappingURL=diff.d.ts.map