/**
 * Issue 11 finding 2, for CBOR: content decoding is memory-bounded by default. The CborReader
 * charges the arrays, maps, views, strings, tags, bigints, boxed floats and simple values it lets
 * the caller build against `allocationBase + allocationPerInputByte × input length`
 * (ContentLimits) and fails with `allocation-limit` past it.
 *
 * For each item shape of CDDL `any` (what extension values decode through) and the generated
 * mimiContent codec, a child process with --expose-gc finds the heaviest 256 KiB input the
 * default limits accept and measures the heap its decoded value takes: at most 32 heap bytes
 * per input byte. An input made only of tiny items must be refused with a typed error.
 */
import { describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mimi-content';
import { DEFAULT_CONTENT_LIMITS } from '@mimikit/cbor';
import { loadExamples } from '../support/content-examples.ts';
import { describeHeapBound, neededPerByte } from './probe.ts';

/** Shapes whose all-tiny input costs more than the budget: refused, with this path. */
const REFUSED: Record<string, RegExp> = {
  'any: empty bstr': /^any$/,
  'any: empty array': /^any$/,
  'any: empty map': /^any$/,
  'any: tag': /^any$/,
  'any: integral float': /^any$/,
  'any: simple value': /^any$/,
  'any: empty bstr, then 32-bit uints': /^any$/,
  'mimiContent: extensions of empty bstr': /^mimiContent\.extensions\[\d+\]$/,
  'mimiContent: nullpart parts': /^mimiContent\.nestedPart\.parts\[\d+\]$/,
};

/** Shapes that stay under the bound however many items there are: never refused. */
const ACCEPTED = ['any: empty tstr', 'any: 2-byte tstr', 'any: BOM tstr', 'any: 64-bit bigint', 'any: float', 'any: 32-bit uint', 'any: map of small entries'];

describeHeapBound('content decoding takes at most ~32 heap bytes per input byte (measured, --expose-gc child)', 'content', REFUSED, ACCEPTED);

describe('the draft examples stay well inside the default allocation budget', () => {
  it('every example needs less than the default allocationPerInputByte even without allocationBase', () => {
    const all = codecs as unknown as Record<string, { decode(b: Uint8Array, o?: object): unknown }>;
    for (const e of loadExamples()) {
      const needed = neededPerByte((perByte) => all[e.rule]!.decode(e.cbor, { limits: { allocationBase: 0, allocationPerInputByte: perByte } }));
      // measured: at most 14.7 (multipart-2: many short arrays and strings), against the default 24
      expect(needed, e.name).toBeLessThan(DEFAULT_CONTENT_LIMITS.allocationPerInputByte * 0.7);
    }
  });
});
