/**
 * decodeSequence / encodeSequence: one or more values of a codec back to back (a /notify body).
 */
import { describe, expect, it } from 'vitest';
import { defineCodec } from '../src/codec.ts';
import { rethrowEncodeWithin, rethrowWithin } from '../src/errors.ts';
import type { Reader } from '../src/reader.ts';
import { decodeSequence, encodeSequence } from '../src/sequence.ts';
import { opaqueVSize, type Writer } from '../src/writer.ts';
import { expectDecodeError, u8a } from './helpers.ts';

// struct { uint16 a; opaque b<V>; } Pair;
interface Pair {
  a: number;
  b: Uint8Array;
}
const Pair = defineCodec<Pair>(
  'Pair',
  (r: Reader) => {
    let f = '';
    try {
      f = 'a';
      const a = r.u16();
      f = 'b';
      return { a, b: r.opaqueV() };
    } catch (e) {
      rethrowWithin(e, f, r.p);
    }
  },
  (v: Pair) => 2 + opaqueVSize(v.b),
  (w: Writer, v: Pair) => {
    try {
      w.u16(v.a);
      w.opaqueV(v.b);
    } catch (e) {
      rethrowEncodeWithin(e, 'b');
    }
  },
);
// struct {} Empty; (occupies no bytes)
const Empty = defineCodec<Record<string, never>>(
  'Empty',
  () => ({}),
  () => 0,
  () => {},
);

const one = { a: 1, b: u8a(9) };
const two = { a: 2, b: u8a() };

describe('sequences of a codec', () => {
  it('encodes values back to back and decodes them in order; one value is a sequence of one', () => {
    const bytes = encodeSequence(Pair, [one, two, one]);
    expect([...bytes]).toEqual([...Pair.encode(one), ...Pair.encode(two), ...Pair.encode(one)]);
    expect(decodeSequence(Pair, bytes)).toEqual([one, two, one]);
    expect(decodeSequence(Pair, Pair.encode(two))).toEqual([two]);
  });

  it('an empty input is truncated at 0, an empty array a TypeError', () => {
    const e = expectDecodeError(() => decodeSequence(Pair, u8a()), 'truncated', 0);
    expect(e.typePath).toBe('Pair');
    expect(() => encodeSequence(Pair, [])).toThrow(TypeError);
  });

  it('an error names the value by index and its offset in the whole input', () => {
    const first = Pair.encode(one);
    const e = expectDecodeError(() => decodeSequence(Pair, u8a(...first, 0, 2, 5)), 'truncated', first.length + 2);
    expect(e.typePath).toBe('Pair[1].b');
    // A cut in the third value's first field.
    const f = expectDecodeError(() => decodeSequence(Pair, u8a(...first, ...first, 7)), 'truncated', 2 * first.length);
    expect(f.typePath).toBe('Pair[2].a');
  });

  it('a value that occupies no bytes is refused rather than repeated forever', () => {
    expectDecodeError(() => decodeSequence(Empty, u8a(1)), 'zero-size-element', 0);
  });

  it('the limits apply to the whole input', () => {
    expectDecodeError(() => decodeSequence(Pair, encodeSequence(Pair, [one, one]), { limits: { maxInputBytes: 4 } }), 'size-limit', 0);
  });
});
