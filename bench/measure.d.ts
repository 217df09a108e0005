/** Runs `pass` repeatedly for about `ms` milliseconds; returns operations per second. */
export declare function timed(pass: () => number, ms: number): number;
export declare function median(xs: readonly number[]): number;
export declare function geomean(xs: readonly number[]): number;
export interface RoundsOptions {
    rounds: number;
    sliceMs: number;
    warmupMs: number;
}
/** Per-round samples (ops/s) of one cell, in round order. */
export type Samples<I extends string, R extends string> = (impl: I, row: R) => number[];
export declare function sampleRounds<I extends string, R extends string>(impls: readonly I[], rows: readonly R[], makePass: (impl: I, row: R) => () => number, { rounds, sliceMs, warmupMs }: RoundsOptions): Samples<I, R>;
/** Median over rounds of a/b, each pair from the same round. */
export declare function pairedRatio(a: readonly number[], b: readonly number[]): number;
export declare const fmtOps: (n: number) => string;
//# sourceMappingURL=measure.d.ts.map