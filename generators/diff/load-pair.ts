/**
 * The two sides of `mimi spec diff <old> <new>`, loaded so that like is compared with like: when the
 * new side is a later version of the old side's draft without errata of its own, the old version's
 * errata are carried forward to it (errata-forward.ts). `errata: false` reads both as published.
 */
import { errataToCarry } from './errata-forward.ts';
import { loadSide, type LoadSideOptions } from './load-side.ts';
import type { SpecSet } from './spec-set.ts';

export async function loadDiffSides(oldArg: string, newArg: string, options: LoadSideOptions): Promise<[SpecSet, SpecSet]> {
  const oldSide = await loadSide(oldArg, options);
  const carry = options.errata === false ? undefined : errataToCarry(oldArg, newArg, options);
  const newSide = await loadSide(newArg, carry ? { ...options, carry } : options);
  return [oldSide, newSide];
}
