import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bytesEqual, concatBytes, decodeUtf8, decodeUtf8OrNull, encodeUtf8 } from '../src/index.ts';

describe('bytesEqual', () => {
  it('compares contents, not identity or backing buffer', () => {
    const backing = Uint8Array.from([9, 1, 2, 9]);
    expect(bytesEqual(backing.subarray(1, 3), Uint8Array.from([1, 2]))).toBe(true);
    expect(bytesEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 3]))).toBe(false);
    expect(bytesEqual(Uint8Array.from([1, 2]), Uint8Array.from([1, 2, 0]))).toBe(false);
    expect(bytesEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });
});

describe('concatBytes', () => {
  it('joins parts in order into a new array', () => {
    const a = Uint8Array.from([1, 2]);
    const out = concatBytes([a, new Uint8Array(0), Uint8Array.from([3])]);
    expect(Array.from(out)).toEqual([1, 2, 3]);
    out[0] = 7;
    expect(a[0]).toBe(1);
    expect(concatBytes([]).length).toBe(0);
  });
});

describe('UTF-8', () => {
  it('round-trips any well-formed string, a leading BOM included', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeUtf8(encodeUtf8(s))).toBe(s);
      }),
    );
    expect(decodeUtf8(encodeUtf8('\uFEFFx'))).toBe('\uFEFFx');
  });

  it('refuses malformed UTF-8 instead of replacing it', () => {
    expect(() => decodeUtf8(Uint8Array.from([0xc3]))).toThrow(TypeError);
    expect(decodeUtf8OrNull(Uint8Array.from([0xff]))).toBeNull();
  });
});
