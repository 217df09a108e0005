/**
 * The time and heap an input may cost, by size.
 *
 * Time: 50 ms + 1 µs per byte for a codec (decode and re-encode), 100 ms + 10 µs per character for
 * a parser (parse and the passes after it). The codecs decode the RFC 9420 vectors at well over
 * 50 MB/s (0.02 µs per byte) and the parsers read the specs at about 2-5 MB/s, so the per-size
 * term leaves a margin of 20-50× for a busy machine; the floor absorbs a garbage collection or a
 * scheduling pause. A quadratic path does not fit under it: at 64 KiB it already costs seconds. A
 * run over budget is measured again (the best of three counts) before it is reported.
 *
 * Heap: at most 32 bytes retained per input byte plus a 64 KiB floor, for the codecs (the bound
 * docs/security.md promises for decoding); measured on long runs of the smallest elements, about
 * 256 KiB each. Parsers are measured and reported, without a bound of their own.
 */
import type { Target } from './target.ts';

export const TIME_FLOOR_MS = { bytes: 50, text: 100 } as const;
export const TIME_PER_UNIT_MS = { bytes: 0.001, text: 0.01 } as const;

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
