export interface TransportBenchOptions {
    /** Timed rounds per cell; the median is reported. */
    rounds?: number;
    /** Length of one timed slice, ms. */
    sliceMs?: number;
    /** Warm-up per cell, ms. */
    warmupMs?: number;
    /** Requests in flight in the concurrent mode. */
    inFlight?: number;
    /** Clients (one key package each) in the KeyMaterialResponse. */
    keyPackages?: number;
}
export interface TransportBenchRow {
    mode: Mode;
    inFlight: number;
    ours: number;
    bare: number;
    /** ours / bare (> 1: ours is faster): median over rounds of the per-round ratio. */
    ratio: number;
    /** Mean latency of one round trip at the median throughput, µs (inFlight / ops·s⁻¹). */
    oursLatencyUs: number;
    bareLatencyUs: number;
}
export interface TransportBenchResult {
    node: string;
    versions: {
        fastify: string;
        undici: string;
    };
    method: {
        rounds: number;
        sliceMs: number;
        warmupMs: number;
        unit: string;
    };
    payload: {
        operation: 'keyMaterial';
        keyPackages: number;
        requestBytes: number;
        responseBytes: number;
        /** The generated server answers exactly the bytes the baseline answers (checked once, untimed). */
        sameResponseBytes: boolean;
    };
    rows: TransportBenchRow[];
    totalMs: number;
}
type Mode = 'sequential' | 'concurrent';
export declare function runTransportBench(options?: TransportBenchOptions): Promise<TransportBenchResult>;
export declare function formatTransportBench(r: TransportBenchResult): string;
export {};
//# sourceMappingURL=transport.d.ts.map