/**
 * Heap retained by one input: full collections before and after the target runs, with what it
 * produced kept alive across the second one. Counts the V8 heap and the external memory of array
 * buffers (a decoder that copies bytes out of the input pays there). Needs `--expose-gc`; without
 * it, `heapAvailable()` is false and the heap check is skipped (the runner always has it).
 */
import { getHeapStatistics } from 'node:v8';
import { heapBudgetBytes } from './budget.ts';
import type { AmplifiedInput, Input, Target } from './target.ts';

type Gc = () => void;
const gc = (globalThis as { gc?: Gc }).gc;

export function heapAvailable(): boolean {
  return typeof gc === 'function';
}

function used(): number {
  const s = getHeapStatistics();
  return s.used_heap_size + s.external_memory;
}

/** Where the result is parked while the heap is measured, so that the optimiser cannot drop it. */
let _sink: unknown;

export function retainedBytes<I extends Input>(target: Target<I>, data: I, context?: Record<string, string>): number {
  if (!gc) throw new Error('the heap check needs node --expose-gc');
  gc();
  gc();
  const before = used();
  _sink = target.retain(data, context);
  gc();
  gc();
  const after = used();
  _sink = undefined;
  return Math.max(0, after - before);
}

export interface HeapMeasure<I extends Input = Input> {
  input: AmplifiedInput<I>;
  size: number;
  retained: number;
  /** Only codecs have a heap bound (see budget.ts). */
  overBudget: boolean;
}

export function measureAmplified<I extends Input>(target: Target<I>, input: AmplifiedInput<I>): HeapMeasure<I> {
  const size = input.data.length;
  const retained = retainedBytes(target, input.data, input.context);
  // Measured twice when over: a collection that happened to promote something unrelated must not count.
  const over = (r: number) => target.kind === 'bytes' && r > heapBudgetBytes(size);
  const final = over(retained) ? Math.min(retained, retainedBytes(target, input.data, input.context)) : retained;
  return { input, size, retained: final, overBudget: over(final) };
}
