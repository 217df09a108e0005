import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Reader } from '../src/reader.ts';
import { Writer } from '../src/writer.ts';
import { VARINT_MAX, varintSize } from '../src/varint.ts';
import { toHex } from '@mimikit/bytes';
import { expectDecodeError, expectEncodeError, u8a } from './helpers.ts';

function encodeVarint(n: number): Uint8Array {
  const w = new Writer(varintSize(n), []);
  w.varint(n);
  expect(w.p).toBe(w.buf.length);
  return w.buf;
}

function decodeVarint(bytes: Uint8Array): number {
  const r = new Reader(bytes);
  const v = r.varint();
  r.finish();
  return v;
}

describe('varint constants', () => {
  it('VARINT_MAX is 2^30 - 1', () => {
    expect(VARINT_MAX).toBe(2 ** 30 - 1);
  });

  it('varintSize switches width at the 6/14-bit boundaries', () => {
    expect(varintSize(0)).toBe(1);
    expect(varintSize(63)).toBe(1);
    expect(varintSize(64)).toBe(2);
    expect(varintSize(16383)).toBe(2);
    expect(varintSize(16384)).toBe(4);
    expect(varintSize(VARINT_MAX)).toBe(4);
  });
});

describe('varint round trip at the width boundaries', () => {
  const cases: Array<[number, string]> = [
    [0, '00'],
    [1, '01'],
    [63, '3f'],
    [64, '4040'],
    [16383, '7fff'],
    [16384, '80004000'],
    [2 ** 30 - 1, 'bfffffff'],
  ];
  for (const [n, hex] of cases) {
    it(`${n} <-> ${hex}`, () => {
      const bytes = encodeVarint(n);
      expect(toHex(bytes)).toBe(hex);
      expect(bytes.length).toBe(varintSize(n));
      expect(decodeVarint(bytes)).toBe(n);
    });
  }
});

describe('RFC 9000 §A.1 sample encodings that fit in 30 bits', () => {
  it('37 is 0x25 (1 byte)', () => {
    expect(toHex(encodeVarint(37))).toBe('25');
    expect(decodeVarint(u8a(0x25))).toBe(37);
  });

  it('15293 is 0x7bbd (2 bytes)', () => {
    expect(toHex(encodeVarint(15293))).toBe('7bbd');
    expect(decodeVarint(u8a(0x7b, 0xbd))).toBe(15293);
  });

  it('494878333 is 0x9d7f3e7d (4 bytes)', () => {
    expect(494878333).toBeLessThanOrEqual(VARINT_MAX);
    expect(toHex(encodeVarint(494878333))).toBe('9d7f3e7d');
    expect(decodeVarint(u8a(0x9d, 0x7f, 0x3e, 0x7d))).toBe(494878333);
  });

  it('the 8-byte sample 0xc2197c5eff14e88c uses prefix 0b11, which RFC 9420 reserves', () => {
    const e = expectDecodeError(() => decodeVarint(u8a(0xc2, 0x19, 0x7c, 0x5e, 0xff, 0x14, 0xe8, 0x8c)), 'varint-reserved-prefix', 0);
    expect(e.detail).toContain('0xc2');
  });

  it('the 2-byte sample 0x4025 (37, non-minimal) is rejected in MLS', () => {
    expectDecodeError(() => decodeVarint(u8a(0x40, 0x25)), 'varint-non-minimal', 0);
  });
});

describe('varint decode rejections', () => {
  it('prefix 0b11 is rejected at the offset of the length byte', () => {
    for (const first of [0xc0, 0xc1, 0xff]) {
      // preceded by two other bytes so that the offset is not trivially 0
      const r = new Reader(u8a(0x00, 0x00, first, 0, 0, 0, 0, 0, 0, 0));
      r.u16();
      expectDecodeError(() => r.varint(), 'varint-reserved-prefix', 2);
    }
  });

  it('non-minimal 2-byte encodings (value < 64) are rejected with the start offset', () => {
    for (const v of [0, 1, 63]) {
      const r = new Reader(u8a(0xaa, 0x40 | (v >> 8), v & 0xff));
      r.u8();
      expectDecodeError(() => r.varint(), 'varint-non-minimal', 1);
    }
    expect(expectDecodeError(() => new Reader(u8a(0x40, 37)).varint(), 'varint-non-minimal', 0).detail).toBe('value 37 encoded in 2 bytes');
    // 64 is the smallest value that needs 2 bytes
    expect(decodeVarint(u8a(0x40, 0x40))).toBe(64);
  });

  it('non-minimal 4-byte encodings (value < 16384) are rejected with the start offset', () => {
    for (const v of [0, 63, 64, 16383]) {
      const bytes = u8a(0x11, 0x80, 0, (v >> 8) & 0xff, v & 0xff);
      const r = new Reader(bytes);
      r.u8();
      expectDecodeError(() => r.varint(), 'varint-non-minimal', 1);
    }
    expect(expectDecodeError(() => new Reader(u8a(0x80, 0, 0, 37)).varint(), 'varint-non-minimal', 0).detail).toBe('value 37 encoded in 4 bytes');
    expect(decodeVarint(u8a(0x80, 0x00, 0x40, 0x00))).toBe(16384);
  });

  it('truncated multi-byte varints report truncated at the first missing byte', () => {
    // 2-byte form with only the first byte: the second-byte read starts at offset 1
    expectDecodeError(() => new Reader(u8a(0x40)).varint(), 'truncated', 1);
    // 4-byte form with 2 of 4 bytes: the 3-byte tail read starts at offset 1
    expectDecodeError(() => new Reader(u8a(0x80, 0x01)).varint(), 'truncated', 1);
    // nothing at all
    expectDecodeError(() => new Reader(u8a()).varint(), 'truncated', 0);
  });
});

describe('varint encode rejections', () => {
  it('2^30 and above throw EncodeError invalid-value', () => {
    for (const n of [2 ** 30, 2 ** 31, 2 ** 53, Number.POSITIVE_INFINITY, Number.NaN]) {
      const w = new Writer(8, []);
      expectEncodeError(() => w.varint(n), 'invalid-value');
      expect(w.p).toBe(0);
    }
  });
});

describe('varint properties', () => {
  it('round-trips every integer in 0..2^30-1 with the minimal size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: VARINT_MAX }), (n) => {
        const bytes = encodeVarint(n);
        expect(bytes.length).toBe(varintSize(n));
        expect(decodeVarint(bytes)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips values biased towards the width boundaries', () => {
    const near = (b: number) => fc.integer({ min: Math.max(0, b - 3), max: Math.min(VARINT_MAX, b + 3) });
    fc.assert(
      fc.property(fc.oneof(near(0), near(63), near(64), near(16383), near(16384), near(VARINT_MAX)), (n) => {
        expect(decodeVarint(encodeVarint(n))).toBe(n);
      }),
    );
  });

  it('every 1/2/4-byte string either decodes to a value whose encoding is that string, or is rejected', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 4 }), (bytes) => {
        const r = new Reader(bytes);
        let v: number;
        try {
          v = r.varint();
        } catch (e) {
          expect(['truncated', 'varint-reserved-prefix', 'varint-non-minimal']).toContain((e as { kind: string }).kind);
          return;
        }
        expect(toHex(encodeVarint(v))).toBe(toHex(bytes.subarray(0, r.p)));
      }),
      { numRuns: 2000 },
    );
  });
});
