/**
 * Timing helpers shared by the bench suites (`npm run bench -- codec`, `npm run bench -- content`).
 *
 * A "pass" is a closure that does some operations and returns how many it did. `sampleRounds` runs
 * every (implementation, row) pass once for JIT warm-up (all rows per implementation, so shared call
 * sites get warmed polymorphically for every implementation alike), then `rounds` timed rounds;
 * within a round each row's implementations run back to back for one fixed time slice each, in an
 * order that rotates from round to round. Report medians over rounds, and ratios as the median of
 * per-round ratios (pairs ran back to back, so load drift on a shared machine largely cancels).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Runs `pass` repeatedly for about `ms` milliseconds; returns operations per second. */
export function timed(pass: () => number, ms: number): number {
  let ops = 0;
  const t0 = performance.now();
  let t = t0;
  do {
    ops += pass();
    t = performance.now();
  } while (t - t0 < ms);
  return (ops * 1000) / (t - t0);
}

let asyncSink = 0;

/**
 * Runs `inFlight` workers for about `ms` milliseconds, each starting its next `op` when its previous
 * one resolved; returns operations per second. What the operations return is summed (asyncResultsSum).
 */
export async function timedAsync(op: () => Promise<number>, inFlight: number, ms: number): Promise<number> {
  let ops = 0;
  const t0 = performance.now();
  const deadline = t0 + ms;
  const worker = async () => {
    while (performance.now() < deadline) {
      asyncSink += await op();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (ops * 1000) / (performance.now() - t0);
}

/** The sum of every value timedAsync's operations returned: a suite checks it is not 0 (something was done). */
export function asyncResultsSum(): number {
  return asyncSink;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

export interface RoundsOptions {
  rounds: number;
  sliceMs: number;
  warmupMs: number;
}

/** Per-round samples (ops/s) of one cell, in round order. */
export type Samples<I extends string, R extends string> = (impl: I, row: R) => number[];

export function sampleRounds<I extends string, R extends string>(
  impls: readonly I[],
  rows: readonly R[],
  makePass: (impl: I, row: R) => () => number,
  { rounds, sliceMs, warmupMs }: RoundsOptions,
): Samples<I, R> {
  const key = (impl: I, row: R) => `${impl}\u0000${row}`;
  const passes = new Map<string, () => number>();
  for (const row of rows) for (const impl of impls) passes.set(key(impl, row), makePass(impl, row));
  const pass = (impl: I, row: R) => passes.get(key(impl, row))!;

  // JIT warm-up: every implementation over every row.
  for (const impl of impls) for (const row of rows) timed(pass(impl, row), warmupMs);

  const samples = new Map<string, number[]>();
  for (let r = 0; r < rounds; r++) {
    for (const row of rows) {
      for (let j = 0; j < impls.length; j++) {
        const impl = impls[(j + r) % impls.length]!;
        const k = key(impl, row);
        const list = samples.get(k) ?? [];
        list.push(timed(pass(impl, row), sliceMs));
        samples.set(k, list);
      }
    }
  }
  return (impl, row) => samples.get(key(impl, row)) ?? [];
}

/** Wall time of one `node <args>` process in `cwd`, in ms; a non-zero exit is an error. */
export function processWallMs(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().slice(0, 400)}`);
  return ms;
}

/** Median over rounds of a/b, each pair from the same round. */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

export const fmtOps = (n: number): string => Math.round(n).toLocaleString('en-US');
