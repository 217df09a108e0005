/**
 * The run's fast-check seed (test/setup/seed.ts), for property tests that draw samples outside
 * fc.assert (fc.sample needs it explicitly) and that name the seed in their suite title.
 */
import { inject } from 'vitest';

export const RUN_SEED: number = inject('fcSeed');

/** A seed of its own for each `name` in this run (stable for a given FC_SEED). */
export function seedFor(name: string): number {
  let h = RUN_SEED | 0;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** `FC_SEED=<seed>`, for suite names: the seed that replays this run. */
export const SEED_LABEL = `FC_SEED=${RUN_SEED}`;
