/**
 * Issue 11 finding 2: TLS decoding is memory-bounded by default. A vector of tiny elements (the
 * audit's Credential of empty certificates: one input byte, ~160 heap bytes) used to take 80-160
 * heap bytes per input byte, so a 30 MB input ran V8 out of memory. Now the Reader charges what
 * each object, array, view and bigint costs against `allocationBase + allocationPerInputByte ×
 * input length` (DecodeLimits) and fails with `allocation-limit` past it.
 *
 * For each element shape (test/limits/heap-shapes.tls, compiled by the real generator, and the
 * audit's MLS inputs), a child process with --expose-gc finds the heaviest 256 KiB input the
 * default limits accept and measures the heap its decoded value takes; the bound is 32 heap bytes
 * per input byte. An input made only of tiny elements is the attack: it must be refused with a
 * typed error that says where.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import { DEFAULT_LIMITS, type Codec } from '@mimikit/tls';
import { bytes, loadMessages, MESSAGE_KINDS } from '../support/mls-vectors.ts';
import { describeHeapBound, HEAP_BOUND, neededPerByte } from './probe.ts';

/** Shapes whose all-tiny input costs more than the budget: refused, with this path. */
const REFUSED: Record<string, RegExp> = {
  Blobs: /^Blobs\.items\[\d+\](\.data)?$/,
  Datas: /^Datas\.items\[\d+\]$/,
  OneBytes: /^OneBytes\.items\[\d+\]$/,
  EmptyLists: /^EmptyLists\.items\[\d+\]$/,
  RangedBlobs: /^RangedBlobs\.items\[\d+\](\.data)?$/,
  Mixed: /^Mixed\.items\[\d+\](\.data)?$/,
  'Credential (x509, empty certificates)': /^Credential\.certificates\[\d+\](\.cert_data)?$/,
  'Commit (2-byte proposal references)': /^Commit\.proposals\[\d+\](\.reference)?$/,
  'GroupContextExtensions (empty extensions)': /^GroupContextExtensions\.extensions\[\d+\](\.extension_data)?$/,
};

/** Shapes that stay under the bound however many elements there are: never refused. */
const ACCEPTED = ['Tinies', 'Optionals', 'EightByteStructs', 'U64s', 'U16s', 'ratchet_tree (blank nodes)'];

describeHeapBound('TLS decoding takes at most ~32 heap bytes per input byte (measured, --expose-gc child)', 'tls', REFUSED, ACCEPTED, (result) => {
  // Fixed arrays of non-byte elements (`uint16 pair[2]`): generated code charges them through
  // Reader.fixedArrayEnd(N); before it did (e256bc7), nothing saw the array (~75 heap bytes per input byte).
  it('FixedArrays: fixed arrays are charged through Reader.fixedArrayEnd', () => {
    expect(result('FixedArrays').heapPerByte).toBeLessThan(HEAP_BOUND);
  });
});

describe('real MLS inputs stay well inside the default allocation budget', () => {
  it('every messages.json vector needs less than the default allocationPerInputByte even without allocationBase', () => {
    const all = codecs as unknown as Record<string, Codec<unknown>>;
    for (const kind of Object.keys(MESSAGE_KINDS) as Array<keyof typeof MESSAGE_KINDS>) {
      const codec = all[MESSAGE_KINDS[kind]]!;
      for (const v of loadMessages()) {
        const input = bytes(v[kind]);
        // Inputs of a few bytes need the base (a 1-byte empty extension list is one 44-byte array).
        if (input.length < 32) continue;
        const needed = neededPerByte((perByte) => codec.decode(input, { limits: { allocationBase: 0, allocationPerInputByte: perByte } }));
        // measured: at most 10.3 (a ratchet tree), against the default 20
        expect(needed, `${kind} (${input.length} bytes)`).toBeLessThan(DEFAULT_LIMITS.allocationPerInputByte * 0.6);
      }
    }
  });
});
