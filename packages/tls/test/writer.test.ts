import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Writer, fixedBytesSize, fixedVectorSize, opaqueVSize, paddingSize, rangedLength } from '../src/writer.ts';
import { Reader } from '../src/reader.ts';
import { VARINT_MAX } from '../src/varint.ts';
import { toHex } from '@mimikit/bytes';
import { expectEncodeError, u8a } from './helpers.ts';

function written(size: number, fn: (w: Writer) => void): string {
  const w = new Writer(size, []);
  fn(w);
  expect(w.p).toBe(size);
  return toHex(w.buf);
}

describe('Writer integers', () => {
  it('writes big-endian u8/u16/u24/u32/u64', () => {
    expect(written(1, (w) => w.u8(0xab))).toBe('ab');
    expect(written(2, (w) => w.u16(0x1234))).toBe('1234');
    expect(written(3, (w) => w.u24(0x56789a))).toBe('56789a');
    expect(written(4, (w) => w.u32(0xdeadbeef))).toBe('deadbeef');
    expect(written(8, (w) => w.u64(0x0102030405060708n))).toBe('0102030405060708');
  });

  it('accepts the extremes of each width', () => {
    expect(
      written(1 + 2 + 3 + 4, (w) => {
        w.u8(0xff);
        w.u16(0xffff);
        w.u24(0xffffff);
        w.u32(0xffffffff);
      }),
    ).toBe('ff'.repeat(10));
    expect(
      written(4, (w) => {
        w.u8(0);
        w.u16(0);
        w.u8(0);
      }),
    ).toBe('00000000');
  });

  const bad: Array<[string, number, (w: Writer, v: number) => void, number[]]> = [
    ['u8', 0xff, (w, v) => w.u8(v), [256, -1, 1.5, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32]],
    ['u16', 0xffff, (w, v) => w.u16(v), [0x10000, -1, 1.5, Number.NaN, Number.NEGATIVE_INFINITY]],
    ['u24', 0xffffff, (w, v) => w.u24(v), [0x1000000, -1, 255.5, Number.NaN]],
    ['u32', 0xffffffff, (w, v) => w.u32(v), [2 ** 32, -1, 1.5, Number.NaN, 2 ** 53, -(2 ** 31)]],
  ];
  for (const [name, max, write, values] of bad) {
    it(`${name} rejects out-of-range and non-integer values with EncodeError invalid-value`, () => {
      for (const v of values) {
        const w = new Writer(8, []);
        const e = expectEncodeError(() => write(w, v), 'invalid-value');
        expect(e.detail).toContain(`is not a ${name === 'u8' ? 'uint8' : name === 'u16' ? 'uint16' : name === 'u24' ? 'uint24' : 'uint32'}`);
        expect(w.p).toBe(0);
        expect(Array.from(w.buf)).toEqual(new Array<number>(8).fill(0));
      }
      // and the maximum itself is fine
      write(new Writer(8, []), max);
    });

    it(`${name} rejects a numeric string (no coercion)`, () => {
      expectEncodeError(() => write(new Writer(8, []), '5' as unknown as number), 'invalid-value');
    });
  }

  it('u64 accepts bigint 0..2^64-1', () => {
    expect(written(8, (w) => w.u64(0n))).toBe('0000000000000000');
    expect(written(8, (w) => w.u64(2n ** 64n - 1n))).toBe('ffffffffffffffff');
  });

  it('u64 rejects numbers, negatives and 2^64', () => {
    for (const v of [1 as unknown as bigint, 0 as unknown as bigint, '1' as unknown as bigint, -1n, 2n ** 64n]) {
      const w = new Writer(8, []);
      const e = expectEncodeError(() => w.u64(v), 'invalid-value');
      expect(e.detail).toContain('is not a uint64');
      expect(w.p).toBe(0);
    }
  });

  it('u64 honours p (DataView offset)', () => {
    expect(
      written(9, (w) => {
        w.u8(0xaa);
        w.u64(0x1122334455667788n);
      }),
    ).toBe('aa1122334455667788');
  });

  it('round-trips random values through Reader (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
        (a, b, c, d, e) => {
          const w = new Writer(18, []);
          w.u8(a);
          w.u16(b);
          w.u24(c);
          w.u32(d);
          w.u64(e);
          const r = new Reader(w.buf);
          expect([r.u8(), r.u16(), r.u24(), r.u32(), r.u64()]).toEqual([a, b, c, d, e]);
          r.finish();
        },
      ),
    );
  });
});

describe('Writer byte strings', () => {
  it('opaqueV writes a minimal varint length then the bytes', () => {
    expect(written(4, (w) => w.opaqueV(u8a(1, 2, 3)))).toBe('03010203');
    expect(written(1, (w) => w.opaqueV(u8a()))).toBe('00');
    const big = new Uint8Array(64).fill(7);
    expect(written(66, (w) => w.opaqueV(big))).toBe(`4040${'07'.repeat(64)}`);
  });

  it('bytes writes the raw bytes; zeros advances over zero bytes', () => {
    expect(
      written(5, (w) => {
        w.bytes(u8a(0xa, 0xb));
        w.zeros(2);
        w.u8(0xc);
      }),
    ).toBe('0a0b00000c');
  });

  it('nextSize hands out the recorded sizes in order', () => {
    const w = new Writer(0, [5, 0, 300]);
    expect([w.nextSize(), w.nextSize(), w.nextSize()]).toEqual([5, 0, 300]);
    expect(w.zi).toBe(3);
  });

  it('Writer.buf has exactly the requested size', () => {
    expect(new Writer(17, []).buf.length).toBe(17);
  });
});

describe('Writer.varint input validation', () => {
  // BUG (see report): Writer.varint checks only the upper bound, so negative and fractional
  // numbers are written silently, unlike u8/u16/u24/u32 which reject them. -1 becomes 0xff,
  // a byte with the reserved prefix 0b11 that Reader.varint then rejects.
  it('rejects negative and non-integer numbers with EncodeError invalid-value', () => {
    for (const v of [-1, -20000, 1.5]) {
      const w = new Writer(4, []);
      expectEncodeError(() => w.varint(v), 'invalid-value');
      expect(w.p).toBe(0);
    }
  });
});

describe('size helpers', () => {
  it('opaqueVSize is varint size + length', () => {
    expect(opaqueVSize(new Uint8Array(0))).toBe(1);
    expect(opaqueVSize(new Uint8Array(63))).toBe(64);
    expect(opaqueVSize(new Uint8Array(64))).toBe(66);
    expect(opaqueVSize(new Uint8Array(16383))).toBe(16385);
    expect(opaqueVSize(new Uint8Array(16384))).toBe(16388);
  });

  it('opaqueVSize rejects non-Uint8Array values', () => {
    for (const v of [[1, 2], 'ab', null, undefined, new Uint16Array(2)]) {
      const e = expectEncodeError(() => opaqueVSize(v as unknown as Uint8Array), 'invalid-value');
      expect(e.detail).toBe('expected a Uint8Array');
    }
  });

  it('opaqueVSize rejects more than VARINT_MAX bytes (checked via a fake length)', () => {
    const fake = new Uint8Array(0);
    Object.defineProperty(fake, 'length', { value: VARINT_MAX + 1 });
    const e = expectEncodeError(() => opaqueVSize(fake), 'invalid-value');
    expect(e.detail).toContain('exceeds the varint maximum');
  });

  it('fixedBytesSize requires exactly n bytes', () => {
    expect(fixedBytesSize(new Uint8Array(32), 32)).toBe(32);
    expect(expectEncodeError(() => fixedBytesSize(new Uint8Array(31), 32)).detail).toBe('expected exactly 32 bytes, got 31');
    expect(expectEncodeError(() => fixedBytesSize('x' as unknown as Uint8Array, 1)).detail).toBe('expected exactly 1 bytes, got string');
  });

  it('rangedLength accepts min..max inclusive and rejects outside', () => {
    expect(rangedLength(0, 0, 255)).toBe(0);
    expect(rangedLength(255, 0, 255)).toBe(255);
    expect(expectEncodeError(() => rangedLength(256, 0, 255)).detail).toBe('length 256 outside <0..255>');
    expectEncodeError(() => rangedLength(1, 2, 3));
  });

  it('paddingSize accepts non-negative safe integers only', () => {
    expect(paddingSize(0)).toBe(0);
    expect(paddingSize(100)).toBe(100);
    for (const v of [-1, 1.5, Number.NaN, 2 ** 53, '3' as unknown as number]) expectEncodeError(() => paddingSize(v));
  });

  it('fixedVectorSize is varint(count*size) + count*size', () => {
    expect(fixedVectorSize([], 4)).toBe(1);
    expect(fixedVectorSize([1, 2], 4)).toBe(9);
    expect(fixedVectorSize(new Array<number>(16).fill(0), 4)).toBe(66);
    expect(fixedVectorSize(new Array<number>(4096).fill(0), 4)).toBe(16388);
    expect(expectEncodeError(() => fixedVectorSize('ab' as unknown as unknown[], 1)).detail).toBe('expected an array');
  });

  // BUG (see report): unlike opaqueVSize, fixedVectorSize does not check the content length against
  // VARINT_MAX, so the size pass succeeds (returning 2^30 + 4) and encode allocates a 1 GiB buffer
  // before the write pass's Writer.varint finally rejects the length.
  it('fixedVectorSize rejects content longer than VARINT_MAX', () => {
    const items = new Array<unknown>(2 ** 28); // sparse: no memory, 2^28 * 4 = 2^30 bytes of content
    expectEncodeError(() => fixedVectorSize(items, 4), 'invalid-value');
  });
});
