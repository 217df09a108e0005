export interface MlsBenchOptions {
    /** Group sizes. */
    sizes?: readonly number[];
    /** Timed repetitions of the add and process operations, per size (default 150 / 40 / 9 for 2 / 16 / 128, else 7). */
    commitReps?: number;
    /** Timed 1 KiB message round trips per size. */
    messageReps?: number;
    /** Untimed warm-up repetitions per operation and size. */
    warmup?: number;
}
export type MlsOp = 'add' | 'process' | 'message';
export interface MlsBenchRow {
    n: number;
    op: MlsOp;
    reps: number;
    /** Median ms per operation. */
    profileMs: number;
    rawMs: number;
    /** Median over repetitions of profile/raw, minus 1 (0.05 = the profile takes 5% longer). */
    overhead: number;
    /** Wire size of what the operation sends (commit, or application message), per side. */
    profileBytes: number;
    rawBytes: number;
}
export interface MlsBenchResult {
    node: string;
    tsMls: string;
    cipherSuite: string;
    method: {
        warmup: number;
        unit: 'ms';
        messageBytes: number;
    };
    /** Setup (both groups, untimed in the rows) per size, ms. */
    setupMs: Record<string, number>;
    rows: MlsBenchRow[];
    /** The largest overhead over all rows, and whether every row meets the goal (< 10%). */
    maxOverhead: number;
    goalMet: boolean;
    totalMs: number;
}
export declare function runMlsBench(o?: MlsBenchOptions): Promise<MlsBenchResult>;
export declare function formatMlsBench(r: MlsBenchResult): string;
//# sourceMappingURL=mls.d.ts.map