import { type MessageKind } from '../test/mls/vectors.ts';
export interface CodecBenchOptions {
    /** Repository root (for the generator timings). */
    root?: string;
    /** Timed rounds per cell; the median is reported. */
    rounds?: number;
    /** Length of one timed slice, ms. */
    sliceMs?: number;
    /** Warm-up per implementation and kind, ms. */
    warmupMs?: number;
    /** In-process generator runs (after one untimed warm-up run). */
    generateRuns?: number;
    /** Skip the cold `node bin/mimi.js generate --check` run. */
    skipCold?: boolean;
}
export interface CodecBenchRow {
    kind: MessageKind;
    type: string;
    entries: number;
    /** Mean encoded size over the entries, bytes. */
    bytes: number;
    ours: number;
    tsMls: number;
    /** ours / ts-mls (> 1: ours is faster): median over rounds of the per-round ratio. */
    ratio: number;
    memcpy: number;
}
export interface CodecBenchResult {
    node: string;
    method: {
        rounds: number;
        sliceMs: number;
        warmupMs: number;
        unit: string;
    };
    rows: CodecBenchRow[];
    summary: {
        minRatio: number;
        minKind: MessageKind;
        maxRatio: number;
        maxKind: MessageKind;
        geomeanRatio: number;
    };
    generate: {
        inProcessMedianMs: number;
        inProcessRunsMs: number[];
        coldCliMs: number | null;
        coldCliExit: number | null;
        files: number;
        stale: number;
    };
    totalMs: number;
}
export declare function runCodecBench(options?: CodecBenchOptions): Promise<CodecBenchResult>;
export declare function formatCodecBench(r: CodecBenchResult): string;
//# sourceMappingURL=codec.d.ts.map