import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Reader } from '../src/reader.ts';
import { DecodeError } from '../src/errors.ts';
import { HEAP_COST } from '@mimikit/bytes';
import { DEFAULT_LIMITS, decodeLimits } from '../src/limits.ts';
import { expectDecodeError, u8a } from './helpers.ts';

describe('Reader integers', () => {
  it('reads big-endian u8/u16/u24/u32/u64 and advances p', () => {
    const r = new Reader(u8a(0xab, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4, 5, 6, 7, 8));
    expect(r.u8()).toBe(0xab);
    expect(r.p).toBe(1);
    expect(r.u16()).toBe(0x1234);
    expect(r.u24()).toBe(0x56789a);
    expect(r.u32()).toBe(0xffffffff); // unsigned, not -1
    expect(r.u64()).toBe(0x0102030405060708n);
    expect(r.p).toBe(18);
    expect(r.remaining).toBe(0);
    r.finish();
  });

  it('u32 with the top bit set is positive', () => {
    expect(new Reader(u8a(0x80, 0, 0, 1)).u32()).toBe(0x80000001);
  });

  it('u64 reads the maximum as a bigint', () => {
    expect(new Reader(new Uint8Array(8).fill(0xff)).u64()).toBe(0xffffffffffffffffn);
  });

  it('u64 respects the byteOffset of a subarray input', () => {
    const backing = u8a(0xee, 0xee, 0xee, 0, 0, 0, 0, 0, 0, 1, 0);
    const r = new Reader(backing.subarray(3, 11));
    expect(r.u64()).toBe(0x100n);
  });
});

describe('Reader truncation', () => {
  // each read is attempted at offset 1 of an input that is one byte too short
  const cases: Array<[string, number, (r: Reader) => unknown]> = [
    ['u8', 1, (r) => r.u8()],
    ['u16', 2, (r) => r.u16()],
    ['u24', 3, (r) => r.u24()],
    ['u32', 4, (r) => r.u32()],
    ['u64', 8, (r) => r.u64()],
    ['fixed(5)', 5, (r) => r.fixed(5)],
  ];
  for (const [name, width, read] of cases) {
    it(`${name} with ${width - 1} of ${width} bytes left: truncated at the read's start, p unchanged`, () => {
      const r = new Reader(new Uint8Array(1 + width - 1));
      r.u8();
      const e = expectDecodeError(() => read(r), 'truncated', 1);
      expect(e.detail).toBe(`need ${width} byte${width === 1 ? '' : 's'}, ${width - 1} left`);
      expect(r.p).toBe(1);
    });
  }

  it('fixed(0) at the end of input succeeds with an empty array', () => {
    const r = new Reader(u8a(1));
    r.u8();
    expect(r.fixed(0).length).toBe(0);
  });

  it('opaqueV whose length exceeds the rest: truncated at the offset of the length field', () => {
    const r = new Reader(u8a(0x99, 0x05, 1, 2, 3, 4));
    r.u8();
    const e = expectDecodeError(() => r.opaqueV(), 'truncated', 1);
    expect(e.detail).toBe('vector of 5 bytes, 4 left');
  });

  it('opaqueV with a 2-byte length that is cut off: truncated inside the varint', () => {
    expectDecodeError(() => new Reader(u8a(0x40)).opaqueV(), 'truncated', 1);
  });

  it('vectorEnd beyond the remaining input is truncated, at the length field', () => {
    const r = new Reader(u8a(0, 0, 0x40, 0x40, ...new Array<number>(63).fill(0)));
    r.u16();
    expectDecodeError(() => r.vectorEnd(), 'truncated', 2);
  });

  it('vectorEnd exactly at the end of input is fine and returns the end offset', () => {
    const r = new Reader(u8a(0, 3, 7, 8, 9));
    r.u8();
    expect(r.vectorEnd()).toBe(5);
    expect(r.p).toBe(2);
  });
});

describe('Reader opaqueV / fixed / upTo', () => {
  it('opaqueV returns the bytes and moves past them', () => {
    const r = new Reader(u8a(3, 0xa, 0xb, 0xc, 0xd));
    expect(Array.from(r.opaqueV())).toEqual([0xa, 0xb, 0xc]);
    expect(r.p).toBe(4);
    expect(r.u8()).toBe(0xd);
  });

  it('opaqueV returns a subarray that aliases the input (zero copy)', () => {
    const input = u8a(2, 0x11, 0x22);
    const v = new Reader(input).opaqueV();
    expect(v.buffer).toBe(input.buffer);
    expect(v.byteOffset).toBe(1);
    input[1] = 0x99;
    expect(v[0]).toBe(0x99); // a later change of the input shows through
    v[1] = 0x77;
    expect(input[2]).toBe(0x77); // and vice versa
  });

  it('fixed(n) after the start returns exactly n bytes, whatever follows', () => {
    const r = new Reader(u8a(1, 2, 3, 4, 5, 6));
    r.u8();
    expect(Array.from(r.fixed(2))).toEqual([2, 3]);
    expect(r.p).toBe(3);
  });

  it('fixed returns an aliasing subarray too', () => {
    const input = u8a(1, 2, 3, 4);
    const r = new Reader(input);
    r.u8();
    const v = r.fixed(2);
    expect(v.buffer).toBe(input.buffer);
    expect(Array.from(v)).toEqual([2, 3]);
    expect(r.p).toBe(3);
  });

  it('opaqueV of length 0 is an empty array', () => {
    const r = new Reader(u8a(0));
    expect(r.opaqueV().length).toBe(0);
    r.finish();
  });

  it('upTo returns the bytes up to end', () => {
    const r = new Reader(u8a(2, 5, 6, 7));
    const end = r.rangedVectorEnd(1, 0, 10);
    expect(Array.from(r.upTo(end))).toEqual([5, 6]);
    expect(r.p).toBe(3);
  });
});

describe('Reader rangedVectorEnd', () => {
  it('accepts lengths within bounds for each width', () => {
    expect(new Reader(u8a(2, 0, 0)).rangedVectorEnd(1, 2, 2)).toBe(3);
    expect(new Reader(u8a(0, 1, 0)).rangedVectorEnd(2, 0, 255)).toBe(3);
    expect(new Reader(u8a(0, 0, 1, 0)).rangedVectorEnd(3, 1, 1)).toBe(4);
    expect(new Reader(u8a(0, 0, 0, 0)).rangedVectorEnd(4, 0, 0)).toBe(4);
  });

  it('below min is length-out-of-range at the length field', () => {
    const r = new Reader(u8a(0xff, 1, 0));
    r.u8();
    const e = expectDecodeError(() => r.rangedVectorEnd(1, 2, 10), 'length-out-of-range', 1);
    expect(e.detail).toBe('length 1 outside <2..10>');
  });

  it('above max is length-out-of-range at the length field (checked before truncation)', () => {
    const r = new Reader(u8a(0xff, 0xff, 0x00, 0x05, 1, 2, 3, 4, 5));
    r.u8();
    r.u8();
    // 5 bytes are available, but the bound <0..4> is checked first
    expectDecodeError(() => r.rangedVectorEnd(2, 0, 4), 'length-out-of-range', 2);
    // a 2^32-1 length with a 4-byte field
    expectDecodeError(() => new Reader(u8a(0xff, 0xff, 0xff, 0xff)).rangedVectorEnd(4, 0, 100), 'length-out-of-range', 0);
  });

  it('in bounds but longer than the input is truncated at the length field', () => {
    const r = new Reader(u8a(0, 0, 0, 10, 1, 2));
    r.u8();
    expectDecodeError(() => r.rangedVectorEnd(3, 0, 100), 'truncated', 1);
  });

  it('a cut-off length field is truncated', () => {
    expectDecodeError(() => new Reader(u8a(0)).rangedVectorEnd(2, 0, 10), 'truncated', 0);
    // past the start: the detail counts what is left after the length field
    const r = new Reader(u8a(9, 3, 1));
    r.u8();
    expect(expectDecodeError(() => r.rangedVectorEnd(1, 0, 10), 'truncated', 1).detail).toBe('vector of 3 bytes, 1 left');
  });
});

describe('Reader endVector', () => {
  it('passes when the elements ended exactly at the end', () => {
    const r = new Reader(u8a(2, 0, 1));
    const end = r.vectorEnd();
    r.u16();
    r.endVector(end);
  });

  it('is vector-overrun when the last element ran past the end, at the current position', () => {
    // <V> of 3 bytes holding uint16 elements: the second element ends at 5, the vector at 4
    const r = new Reader(u8a(3, 0, 1, 0, 2, 0xee));
    const end = r.vectorEnd();
    expect(end).toBe(4);
    while (r.p < end) r.u16();
    const e = expectDecodeError(() => r.endVector(end), 'vector-overrun', 5);
    expect(e.detail).toBe('last element ends at byte 5, vector ends at byte 4');
  });
});

describe('Reader present', () => {
  it('0 is absent, 1 is present', () => {
    const r = new Reader(u8a(0, 1));
    expect(r.present()).toBe(false);
    expect(r.present()).toBe(true);
  });

  it('any other octet is invalid-optional at the offset of that octet', () => {
    for (const v of [2, 0x80, 0xff]) {
      const r = new Reader(u8a(0, v));
      r.u8();
      const e = expectDecodeError(() => r.present(), 'invalid-optional', 1);
      expect(e.detail).toBe(`presence octet ${v}, expected 0 or 1`);
    }
  });

  it('at the end of input is truncated', () => {
    expectDecodeError(() => new Reader(u8a()).present(), 'truncated', 0);
  });
});

describe('Reader padding', () => {
  it('consumes the rest of the input when it is all zero and returns its length', () => {
    const r = new Reader(u8a(7, 0, 0, 0));
    r.u8();
    expect(r.padding()).toBe(3);
    expect(r.p).toBe(4);
    r.finish();
  });

  it('empty padding is fine', () => {
    const r = new Reader(u8a(7));
    r.u8();
    expect(r.padding()).toBe(0);
  });

  it('a nonzero byte is nonzero-padding at the offset of that byte', () => {
    const r = new Reader(u8a(7, 0, 0, 0x01, 0, 0x02));
    r.u8();
    const e = expectDecodeError(() => r.padding(), 'nonzero-padding', 3);
    expect(e.detail).toBe('padding byte 0x1');
  });
});

describe('Reader limits', () => {
  it('enter() beyond maxDepth is depth-limit', () => {
    const r = new Reader(u8a(1, 2, 3), { maxDepth: 3, maxInputBytes: 100 });
    r.u8();
    r.enter();
    r.enter();
    r.enter();
    expect(r.depth).toBe(3);
    expect(expectDecodeError(() => r.enter(), 'depth-limit', 1).detail).toBe('nesting deeper than 3');
  });

  it('leave() lets the same depth be entered again', () => {
    const r = new Reader(u8a(), { maxDepth: 1, maxInputBytes: 100 });
    for (let i = 0; i < 10; i++) {
      r.enter();
      r.leave();
    }
    expect(r.depth).toBe(0);
  });

  it('the default maxDepth is 64', () => {
    const r = new Reader(u8a());
    expect(r.maxDepth).toBe(DEFAULT_LIMITS.maxDepth);
    for (let i = 0; i < 64; i++) r.enter();
    expectDecodeError(() => r.enter(), 'depth-limit');
  });

  it('input above maxInputBytes is size-limit at offset 0; exactly at the limit is fine', () => {
    const e = expectDecodeError(() => new Reader(new Uint8Array(11), { maxDepth: 4, maxInputBytes: 10 }), 'size-limit', 0);
    expect(e.detail).toContain('11');
    expect(new Reader(new Uint8Array(10), { maxDepth: 4, maxInputBytes: 10 }).remaining).toBe(10);
  });

  it('DEFAULT_LIMITS is frozen', () => {
    expect(Object.isFrozen(DEFAULT_LIMITS)).toBe(true);
    expect(DEFAULT_LIMITS).toEqual({ maxDepth: 64, maxInputBytes: 64 * 1024 * 1024, allocationPerInputByte: 20, allocationBase: 64 * 1024 });
  });
});

describe('Reader allocation budget', () => {
  /** A reader whose budget is exactly `budget` estimated heap bytes. */
  const withBudget = (bytes: Uint8Array, budget: number) => new Reader(bytes, { allocationBase: budget, allocationPerInputByte: 0 });

  it('the budget is allocationBase + allocationPerInputByte x input length', () => {
    expect(new Reader(new Uint8Array(1000)).allocationLeft).toBe(64 * 1024 + 20 * 1000);
    expect(new Reader(new Uint8Array(10), { allocationBase: 5, allocationPerInputByte: 3 }).allocationLeft).toBe(35);
  });

  it('enter() charges an object; past the budget it is allocation-limit at the struct', () => {
    const r = withBudget(u8a(1, 2), HEAP_COST.object);
    r.enter();
    r.u8();
    r.leave();
    expect(r.allocationLeft).toBe(0);
    expectDecodeError(() => r.enter(), 'allocation-limit', 1);
  });

  it('opaqueV(), fixed() and upTo() charge a view each, also for empty byte strings', () => {
    const r = withBudget(u8a(0, 0, 1, 2), 3 * HEAP_COST.view);
    r.opaqueV();
    r.fixed(1);
    r.upTo(3);
    expect(r.allocationLeft).toBe(0);
    expectDecodeError(() => r.fixed(1), 'allocation-limit', 3);
  });

  it('vectorEnd() charges an empty array for <0>, an array otherwise; opaqueV does not charge an array', () => {
    const r = new Reader(u8a(0, 1, 7, 0), { allocationBase: 1e6, allocationPerInputByte: 0 });
    r.endVector(r.vectorEnd());
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray);
    const end = r.vectorEnd();
    r.u8();
    r.endVector(end);
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray - HEAP_COST.array);
    r.opaqueV();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray - HEAP_COST.array - HEAP_COST.view);
  });

  it('rangedVectorEnd() and fixedArrayEnd() charge arrays; u64() a bigint', () => {
    const r = new Reader(u8a(0, 1, 5, 0, 7, ...new Array<number>(8).fill(0)), { allocationBase: 1e6, allocationPerInputByte: 0 });
    expect(r.rangedVectorEnd(2, 0, 10)).toBe(3);
    r.u8();
    expect(r.fixedArrayEnd(2)).toBe(5);
    r.u16();
    r.u64();
    expect(r.allocationLeft).toBe(1e6 - 2 * HEAP_COST.array - HEAP_COST.bigint);
    expectDecodeError(() => new Reader(u8a(1)).fixedArrayEnd(2), 'truncated', 0);
  });

  it('an empty ranged vector and an empty fixed-size array charge an empty array, not an array', () => {
    expect(HEAP_COST.emptyArray).toBeLessThan(HEAP_COST.array);
    const r = new Reader(u8a(0, 0), { allocationBase: 1e6, allocationPerInputByte: 0 });
    expect(r.rangedVectorEnd(1, 0, 10)).toBe(1);
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray);
    expect(r.fixedArrayEnd(0)).toBe(1);
    expect(r.allocationLeft).toBe(1e6 - 2 * HEAP_COST.emptyArray);
  });

  it('numbers, optionals and padding are not charged', () => {
    const r = withBudget(u8a(1, 0, 2, 0, 0, 0, 3, 0x01, 0, 0), 0);
    r.u8();
    r.u16();
    r.u32();
    r.varint();
    r.present();
    r.padding();
    expect(r.allocationLeft).toBe(0);
  });

  it('allocationPerInputByte: Infinity turns the budget off', () => {
    const r = new Reader(u8a(0), { allocationPerInputByte: Infinity });
    for (let i = 0; i < 100_000; i++) r.fixed(0);
    expect(r.allocationLeft).toBe(Infinity);
  });
});

describe('decodeLimits', () => {
  it('fills in each limit left out or set to undefined (an explicit undefined does not switch a limit off)', () => {
    expect(decodeLimits(undefined)).toBe(DEFAULT_LIMITS);
    expect(decodeLimits({})).toEqual(DEFAULT_LIMITS);
    expect(decodeLimits({ maxDepth: undefined, allocationPerInputByte: undefined, allocationBase: 7 })).toEqual({ ...DEFAULT_LIMITS, allocationBase: 7 });
  });

  it('refuses NaN, negative and non-number limits (NaN would turn every comparison off)', () => {
    expect(() => decodeLimits({ allocationPerInputByte: NaN })).toThrow(RangeError);
    expect(() => decodeLimits({ maxDepth: -1 })).toThrow('DecodeLimits.maxDepth must be a number >= 0, got -1');
    expect(() => decodeLimits({ maxInputBytes: '5' as unknown as number })).toThrow(RangeError);
  });
});

describe('Reader finish and fail', () => {
  it('finish() with trailing bytes is trailing-bytes at the current position', () => {
    const r = new Reader(u8a(1, 2, 3));
    r.u8();
    const e = expectDecodeError(() => r.finish(), 'trailing-bytes', 1);
    expect(e.detail).toBe('2 bytes after the value');
  });

  it('finish() on an empty input is fine', () => {
    new Reader(u8a()).finish();
  });

  it('fail() throws a DecodeError with the given kind and offset (default: p)', () => {
    const r = new Reader(u8a(1, 2));
    r.u8();
    expectDecodeError(() => r.fail('unknown-enum-value', 'x'), 'unknown-enum-value', 1);
    expectDecodeError(() => r.fail('fixed-value-mismatch', 'x', 0), 'fixed-value-mismatch', 0);
  });
});

describe('Reader robustness (property)', () => {
  type Op = 'u8' | 'u16' | 'u24' | 'u32' | 'u64' | 'varint' | 'opaqueV' | 'present' | 'fixed3' | 'vector';
  const ops: Op[] = ['u8', 'u16', 'u24', 'u32', 'u64', 'varint', 'opaqueV', 'present', 'fixed3', 'vector'];

  function run(r: Reader, op: Op): void {
    switch (op) {
      case 'u8':
        r.u8();
        break;
      case 'u16':
        r.u16();
        break;
      case 'u24':
        r.u24();
        break;
      case 'u32':
        r.u32();
        break;
      case 'u64':
        r.u64();
        break;
      case 'varint':
        r.varint();
        break;
      case 'opaqueV':
        r.opaqueV();
        break;
      case 'present':
        r.present();
        break;
      case 'fixed3':
        r.fixed(3);
        break;
      case 'vector': {
        const end = r.vectorEnd();
        while (r.p < end) r.u16();
        r.endVector(end);
        break;
      }
    }
  }

  it('a random sequence of reads over random bytes only ever throws DecodeError and never passes the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.array(fc.constantFrom(...ops), { maxLength: 20 }), (bytes, seq) => {
        const r = new Reader(bytes);
        try {
          for (const op of seq) {
            const before = r.p;
            run(r, op);
            expect(r.p).toBeGreaterThanOrEqual(before);
            expect(r.p).toBeLessThanOrEqual(bytes.length);
          }
          r.finish();
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          const d = e as DecodeError;
          expect(d.offset).toBeGreaterThanOrEqual(0);
          expect(d.offset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a failed integer read never moves the cursor', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 7 }), fc.constantFrom<Op>('u16', 'u24', 'u32', 'u64'), (bytes, op) => {
        const r = new Reader(bytes);
        try {
          run(r, op);
        } catch (e) {
          expect(e).toBeInstanceOf(DecodeError);
          expect(r.p).toBe(0);
        }
      }),
    );
  });
});
