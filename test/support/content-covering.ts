/**
 * Covering samples of a content rule: steered samples (./arbitrary.ts ContentSteer) that together
 * take every alternative of the rule's choices, variants and enumerations, and write every boundary
 * length of its strings, lists and tables (./coverage.ts lengthTargets), so a property run covers
 * them by construction. The property test runs them first (fast-check `examples`) and checks, on
 * what it ran, that nothing is missing.
 *
 *  1. rounds r = 0 .. ROUNDS-1: every choice takes its (r mod n)-th alternative; a sample is kept
 *     when it takes an alternative not taken yet;
 *  2. for each boundary length: the first draw (length alone, then with each round) whose encoding
 *     has that length wherever the rule can have it.
 * Every draw has its own seed derived from the caller's.
 */
import fc from 'fast-check';
import type { ContentCodec } from '@mimikit/cbor';
import { arbitraryOf, CBOR_LENGTH_BOUNDARIES, type ContentSteer } from './content-arbitrary.ts';
import { cborHeads, choicesIn, lengthTargets, ownChoiceTargets } from './content-coverage.ts';

/** Enough rounds for the largest choice of the specs (disposition: 10 ranges); a test asserts it. */
export const ROUNDS = 12;

export interface ContentCovering {
  samples: unknown[];
  targets: string[];
  /** Major type → lengths its heads must show (./coverage.ts lengthTargets). */
  lengths: Map<number, number[]>;
}

/** Whether `bytes` has, for every major type that wants length n, a head of that type with argument n. */
export function showsLength(bytes: Uint8Array, n: number, lengths: Map<number, number[]>): boolean {
  const heads = cborHeads(bytes);
  return [...lengths].every(([major, ns]) => !ns.includes(n) || heads.some((h) => h.major === major && h.argument === BigInt(n)));
}

export function coveringContentSamples(rule: string, codec: ContentCodec<unknown>, seed: number): ContentCovering {
  const targets = ownChoiceTargets(rule);
  const lengths = lengthTargets(rule);
  const covered = new Set<string>();
  const samples: unknown[] = [];
  let draws = 0;
  const draw = (steer: ContentSteer): unknown => fc.sample(arbitraryOf(rule, steer), { numRuns: 1, seed: (seed + Math.imul(++draws, 0x9e3779b1)) | 0 })[0];

  for (let round = 0; round < ROUNDS; round++) {
    const v = draw({ round });
    const fresh = [...choicesIn(rule, v)].filter((k) => !covered.has(k));
    if (fresh.length === 0) continue;
    for (const k of fresh) covered.add(k);
    samples.push(v);
  }

  for (const length of CBOR_LENGTH_BOUNDARIES) {
    if (![...lengths.values()].some((ns) => ns.includes(length))) continue;
    for (const steer of [{ length }, ...Array.from({ length: ROUNDS }, (_, round): ContentSteer => ({ length, round }))]) {
      const v = draw(steer);
      if (showsLength(codec.encode(v), length, lengths)) {
        samples.push(v);
        break;
      }
    }
  }
  return { samples, targets, lengths };
}
