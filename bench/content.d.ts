import { type ContentExample } from '../test/content/examples.ts';
export interface ContentBenchOptions {
    /** Timed rounds per cell; the median is reported. */
    rounds?: number;
    /** Length of one timed slice, ms. */
    sliceMs?: number;
    /** Warm-up per implementation and example, ms. */
    warmupMs?: number;
    /** Operations per pass (the same example, back to back), so the clock is read rarely. */
    batch?: number;
}
export interface ContentBenchRow {
    name: string;
    rule: ContentExample['rule'];
    bytes: number;
    ours: number;
    cbor2: number;
    cborX: number;
    /** ours / cbor-x (> 1: ours is faster): median over rounds of the per-round ratio. */
    ratioCborX: number;
    /** ours / cbor2, likewise. */
    ratioCbor2: number;
    /** Re-encoding is byte-identical to the input. */
    oursExact: boolean;
    cbor2Exact: boolean;
    cborXExact: boolean;
}
export interface ContentBenchResult {
    node: string;
    method: {
        rounds: number;
        sliceMs: number;
        warmupMs: number;
        batch: number;
        unit: string;
    };
    baselines: {
        cbor2: string;
        cborX: string;
        cborXNativeStrings: boolean;
    };
    rows: ContentBenchRow[];
    summary: {
        geomeanRatioCborX: number;
        minRatioCborX: number;
        minCborX: string;
        geomeanRatioCbor2: number;
        minRatioCbor2: number;
        minCbor2: string;
    };
    totalMs: number;
}
export declare function runContentBench(options?: ContentBenchOptions): Promise<ContentBenchResult>;
export declare function formatContentBench(r: ContentBenchResult): string;
//# sourceMappingURL=content.d.ts.map