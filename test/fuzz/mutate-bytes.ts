/**
 * Byte mutations, shared by the TLS and CBOR codec targets. A mutated input is one seed changed by
 * at most one structure-aware edit (through the format's layout of that seed: set a length to a
 * boundary value, repeat the smallest element many times, nest deeply) followed by a few blind
 * edits (bit and byte flips, insert, delete, duplicate and repeat ranges, splice with another seed,
 * truncate). The structure-aware edits are what reach past the first length check; the blind ones
 * are what find the cases nobody thought of.
 */
import { concatBytes } from '@mimikit/bytes';
import type { Rng } from './rng.ts';
import type { Seed } from './target.ts';

/** What a byte format contributes: edits that know where its lengths and elements are. */
export interface ByteFormat {
  /** One edit of `seed` that uses its structure, or undefined when the seed offers none. */
  structured(rng: Rng, seed: Seed<Uint8Array>): Uint8Array | undefined;
  /** Bytes worth writing over a position (varint and CBOR head boundaries). */
  readonly interesting: readonly number[];
}

/** Largest input a mutation may produce: keeps one iteration in the millisecond range. */
export const MAX_MUTATED_BYTES = 256 * 1024;

/** Rest-parameter shorthand for the mutators' few parts. */
export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

/** `unit` written `count` times. */
export function repeat(unit: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(unit.length * count);
  for (let i = 0; i < count; i++) out.set(unit, i * unit.length);
  return out;
}

type BlindEdit = (rng: Rng, b: Uint8Array, other: Uint8Array, format: ByteFormat) => Uint8Array;

const range = (rng: Rng, b: Uint8Array): [number, number] => {
  const start = rng.below(b.length + 1);
  return [start, Math.min(b.length, start + rng.smallSize(b.length - start))];
};

const BLIND: readonly BlindEdit[] = [
  function flipBit(rng, b) {
    if (!b.length) return b;
    const c = Uint8Array.from(b);
    c[rng.below(c.length)]! ^= 1 << rng.below(8);
    return c;
  },
  function setByte(rng, b, _o, format) {
    if (!b.length) return b;
    const c = Uint8Array.from(b);
    c[rng.below(c.length)] = rng.chance(0.6) ? rng.pick(format.interesting) : rng.below(256);
    return c;
  },
  function setWord(rng, b) {
    // Fixed-width lengths (`<0..2^16-1>`, uint32 counts) at any position.
    const width = rng.pick([2, 3, 4]);
    if (b.length < width) return b;
    const c = Uint8Array.from(b);
    const at = rng.below(c.length - width + 1);
    const v = rng.pick([0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0xffffff, 0x7fffffff, 0xffffffff]);
    for (let i = 0; i < width; i++) c[at + i] = (v >>> (8 * (width - 1 - i))) & 0xff;
    return c;
  },
  function insertBytes(rng, b, _o, format) {
    const at = rng.below(b.length + 1);
    const ins = new Uint8Array(rng.smallSize(16)).map(() => (rng.chance(0.5) ? rng.pick(format.interesting) : rng.below(256)));
    return concat(b.subarray(0, at), ins, b.subarray(at));
  },
  function deleteRange(rng, b) {
    const [s, e] = range(rng, b);
    return concat(b.subarray(0, s), b.subarray(e));
  },
  function duplicateRange(rng, b) {
    const [s, e] = range(rng, b);
    const at = rng.below(b.length + 1);
    return concat(b.subarray(0, at), b.slice(s, e), b.subarray(at));
  },
  function repeatRange(rng, b) {
    // A short range repeated many times in place: a header or presence byte stuttered is how a
    // recursive type is nested deeply without knowing its layout.
    const start = rng.below(b.length + 1);
    const end = Math.min(b.length, start + rng.between(1, 4));
    const unit = b.slice(start, end);
    if (!unit.length) return b;
    const times = Math.min(rng.chance(0.5) ? rng.between(2, 64) : rng.between(64, 20000), Math.floor(MAX_MUTATED_BYTES / unit.length));
    return concat(b.subarray(0, end), repeat(unit, times), b.subarray(end));
  },
  function splice(rng, b, other) {
    const cut = rng.below(b.length + 1);
    const from = rng.below(other.length + 1);
    return rng.chance(0.5)
      ? concat(b.subarray(0, cut), other.subarray(from))
      : concat(b.subarray(0, cut), other.subarray(from, from + rng.smallSize(other.length - from)), b.subarray(cut));
  },
  function truncate(rng, b) {
    return b.subarray(0, rng.below(b.length + 1));
  },
];

/** One mutated input from `seeds` (the result keeps the context of the seed it came from). */
export function mutateBytes(rng: Rng, seeds: readonly Seed<Uint8Array>[], format: ByteFormat): Seed<Uint8Array> {
  const seed = rng.pick(seeds);
  let b: Uint8Array = seed.data;
  let how = 'blind';
  if (rng.chance(0.45)) {
    const s = format.structured(rng, seed);
    if (s) {
      b = s;
      how = 'structured';
    }
  }
  const blind = how === 'structured' ? rng.below(2) : rng.between(1, 4);
  for (let i = 0; i < blind; i++) {
    b = rng.pick(BLIND)(rng, b, rng.pick(seeds).data, format);
    if (b.length > MAX_MUTATED_BYTES) b = b.subarray(0, MAX_MUTATED_BYTES);
  }
  return seed.context ? { data: b, origin: seed.origin, context: seed.context } : { data: b, origin: seed.origin };
}
