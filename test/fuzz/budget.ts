/**
 * The time and heap an input may cost, by size.
 *
 * Time: 100 ms + 2 µs per byte for a codec (decode and re-encode), 200 ms + 50 µs per character
 * for a parser (with the passes after it). Unloaded, the codecs decode the RFC 9420 vectors at
 * over 50 MB/s (0.02 µs per byte) and their worst linear shape (a run of 1-byte elements) at about
 * 0.3 µs per byte; the parsers read the specs at 2-5 MB/s and their worst linear shape (8,000
 * nested inline structs, parse and compile) at about 4 µs per character. The budgets leave a
 * margin of 5-10× over those worst linear cases, for a machine shared with other work (a first
 * budget of 10 µs per character flagged deep nesting on a loaded machine: a false positive), and
 * the floor absorbs a garbage collection. A quadratic path outgrows it: extraction's rescan per
 * line of an unterminated statement costs 47 µs per character at 2,000 lines (46 KB) and 84 at
 * 4,000 (92 KB). An input over budget is timed again and the best of three counts.
 *
 * Heap: at most 32 bytes retained per input byte plus a 64 KiB floor, for the codecs (the bound
 * issue 11 sets for decoding); measured on long runs of the smallest elements, about 256 KiB each.
 * Parsers are measured and reported, without a bound of their own.
 */
import type { Target } from './target.ts';

export const TIME_FLOOR_MS = { bytes: 100, text: 200 } as const;
export const TIME_PER_UNIT_MS = { bytes: 0.002, text: 0.05 } as const;

export function timeBudgetMs(kind: Target['kind'], size: number): number {
  return TIME_FLOOR_MS[kind] + TIME_PER_UNIT_MS[kind] * size;
}

/** The watchdog's deadline for one input: far beyond the budget, so only a real hang reaches it. */
export function watchdogMs(kind: Target['kind'], size: number): number {
  return Math.max(10_000, 20 * timeBudgetMs(kind, size));
}

export const HEAP_BYTES_PER_INPUT_BYTE = 32;
export const HEAP_FLOOR_BYTES = 64 * 1024;
/** Size of the amplification inputs the heap check builds. */
export const HEAP_INPUT_BYTES = 256 * 1024;

export function heapBudgetBytes(inputBytes: number): number {
  return HEAP_FLOOR_BYTES + HEAP_BYTES_PER_INPUT_BYTE * inputBytes;
}
