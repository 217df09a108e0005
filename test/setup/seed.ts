/**
 * Global setup (once per `vitest run`, in the main process): the run's fast-check seed. A new
 * random seed every run, in CI too, so that repeated runs explore new values; FC_SEED=<n> replays
 * one. The seed is printed here, and every property suite puts it in its name and fast-check in
 * its failure report, so a failing seed can be read off a CI log and replayed with
 * `FC_SEED=<n> npm test` (or `FC_SEED=<n> npx vitest run <file>`). test/setup/fast-check.ts
 * applies it in every test file.
 */
import { randomInt } from 'node:crypto';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    fcSeed: number;
  }
}

/** FC_SEED as fast-check takes it (a 32-bit integer), or a clear error. */
export function parseSeed(text: string): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) {
    throw new Error(`FC_SEED must be an integer in [-2^31, 2^31), got ${JSON.stringify(text)}`);
  }
  return n;
}

export default function setup(project: TestProject): void {
  const given = process.env.FC_SEED;
  const seed = given === undefined ? randomInt(2 ** 31) : parseSeed(given);
  project.provide('fcSeed', seed);
  console.log(`fast-check seed ${seed}${given === undefined ? ' (new)' : ' (from FC_SEED)'}; replay with FC_SEED=${seed}`);
}
