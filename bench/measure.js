/**
 * Timing helpers shared by the bench suites (`mimi bench codec`, `mimi bench content`).
 *
 * A "pass" is a closure that does some operations and returns how many it did. `sampleRounds` runs
 * every (implementation, row) pass once for JIT warm-up (all rows per implementation, so shared call
 * sites get warmed polymorphically for every implementation alike), then `rounds` timed rounds;
 * within a round each row's implementations run back to back for one fixed time slice each, in an
 * order that rotates from round to round. Report medians over rounds, and ratios as the median of
 * per-round ratios (pairs ran back to back, so load drift on a shared machine largely cancels).
 */
import { performance } from 'node:perf_hooks';
/** Runs `pass` repeatedly for about `ms` milliseconds; returns operations per second. */
export function timed(pass, ms) {
    let ops = 0;
    const t0 = performance.now();
    let t = t0;
    do {
        ops += pass();
        t = performance.now();
    } while (t - t0 < ms);
    return (ops * 1000) / (t - t0);
}
export function median(xs) {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length >> 1;
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
export function geomean(xs) {
    return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}
export function sampleRounds(impls, rows, makePass, { rounds, sliceMs, warmupMs }) {
    const key = (impl, row) => `${impl}\u0000${row}`;
    const passes = new Map();
    for (const row of rows)
        for (const impl of impls)
            passes.set(key(impl, row), makePass(impl, row));
    const pass = (impl, row) => passes.get(key(impl, row));
    // JIT warm-up: every implementation over every row.
    for (const impl of impls)
        for (const row of rows)
            timed(pass(impl, row), warmupMs);
    const samples = new Map();
    for (let r = 0; r < rounds; r++) {
        for (const row of rows) {
            for (let j = 0; j < impls.length; j++) {
                const impl = impls[(j + r) % impls.length];
                const k = key(impl, row);
                const list = samples.get(k) ?? [];
                list.push(timed(pass(impl, row), sliceMs));
                samples.set(k, list);
            }
        }
    }
    return (impl, row) => samples.get(key(impl, row)) ?? [];
}
/** Median over rounds of a/b, each pair from the same round. */
export function pairedRatio(a, b) {
    return median(a.map((x, i) => x / b[i]));
}
export const fmtOps = (n) => Math.round(n).toLocaleString('en-US');
//# sourceMappingURL=measure.js.map