/**
 * CborReader: text strings decode exactly (a leading U+FEFF is kept), NaN has one encoding, and
 * every value the reader lets its caller build is charged against the allocation budget.
 */
import { describe, expect, it } from 'vitest';
import { fromHex as hex, HEAP_COST, toHex } from '@mimikit/bytes';
import { CborReader, halfToNumber, numberToHalf, preferredFloatSize } from '../src/reader.ts';
import { CborFloat, CborSimple, CborTag } from '../src/values.ts';
import { expectContentError } from './helpers.ts';
import type { ContentErrorKind } from '../src/errors.ts';
import { contentLimits, DEFAULT_CONTENT_LIMITS } from '../src/limits.ts';
import { defineContentCodec } from '../src/codec.ts';

const anyCodec = defineContentCodec<unknown>(
  'any',
  (r) => r.any(),
  (w, v) => w.any(v),
);

describe('text strings keep a leading U+FEFF (no BOM stripping)', () => {
  it('63 efbbbf is "\\uFEFF", not "", and re-encodes to the same bytes', () => {
    const r = new CborReader(hex('63efbbbf'));
    expect(r.text()).toBe('\uFEFF');
    expect(r.lastLen).toBe(3);
    expect(toHex(anyCodec.encode(anyCodec.decode(hex('63efbbbf'))))).toBe('63efbbbf');
  });

  it('a BOM before longer text (the TextDecoder path) is kept too', () => {
    const bytes = new TextEncoder().encode('\uFEFFhello, world');
    const r = new CborReader(Uint8Array.from([0x60 | bytes.length, ...bytes]));
    expect(r.text()).toBe('\uFEFFhello, world');
  });

  it('map keys "x" and "\\uFEFFx" stay two entries', () => {
    const bytes = hex('a2617800' + '64efbbbf7801');
    const m = anyCodec.decode(bytes) as Map<string, unknown>;
    expect([...m.entries()]).toEqual([
      ['x', 0],
      ['\uFEFFx', 1],
    ]);
    expect(toHex(anyCodec.encode(m))).toBe(toHex(bytes));
  });

  it('malformed UTF-8 is still invalid-utf8', () => {
    expectContentError(() => new CborReader(hex('62c328')).text(), 'invalid-utf8', 0);
  });
});

describe('NaN: only f97e00 is deterministic', () => {
  it('f97e00 decodes to NaN and re-encodes as f97e00', () => {
    expect(anyCodec.decode(hex('f97e00'))).toBeNaN();
    expect(toHex(anyCodec.encode(NaN))).toBe('f97e00');
  });

  it.each(['f97e01', 'f9fe00', 'f97c01', 'f97fff', 'f9fe01', 'f9ffff'])('%s is non-canonical-nan (any and floatValue)', (h) => {
    const e = expectContentError(() => anyCodec.decode(hex(h)), 'non-canonical-nan', 0);
    expect(e.detail).toContain(h);
    expectContentError(() => new CborReader(hex(h)).floatValue(), 'non-canonical-nan', 0);
  });

  it.each(['fa7fc00000', 'fa7f800001', 'fb7ff8000000000000', 'fbfff8000000000001'])('a wider NaN (%s) is non-preferred-float', (h) => {
    expectContentError(() => anyCodec.decode(hex(h)), 'non-preferred-float', 0);
  });

  it('infinities are not NaNs: f97c00 and f9fc00 decode', () => {
    expect(anyCodec.decode(hex('f97c00'))).toBe(Infinity);
    expect(anyCodec.decode(hex('f9fc00'))).toBe(-Infinity);
  });
});

describe('CborReader allocation budget', () => {
  const withBudget = (h: string, budget: number) => new CborReader(hex(h), { allocationBase: budget, allocationPerInputByte: 0 });

  it('the budget is allocationBase + allocationPerInputByte x input length', () => {
    expect(new CborReader(new Uint8Array(100)).allocationLeft).toBe(64 * 1024 + 24 * 100);
    expect(DEFAULT_CONTENT_LIMITS).toEqual({ maxDepth: 32, maxInputBytes: 16 * 1024 * 1024, allocationPerInputByte: 24, allocationBase: 64 * 1024 });
  });

  it('array(n) charges an array with n slots, map(n) a Map with n entries, tag() a CborTag', () => {
    const r = withBudget('8082000ba2000001c10000', 1e6);
    r.array();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray);
    r.array();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.emptyArray - HEAP_COST.array - 2 * HEAP_COST.arrayElement);
    r.uint();
    r.uint();
    const before = r.allocationLeft;
    r.map();
    expect(before - r.allocationLeft).toBe(HEAP_COST.map + 2 * HEAP_COST.mapEntry);
  });

  it('bytes() charges a view; text() the string unless it is "" or one character', () => {
    const r = withBudget('40606161626162', 1e6);
    r.bytes();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.view);
    r.text();
    r.text();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.view);
    r.text();
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.view - HEAP_COST.string - 2 * HEAP_COST.stringByte);
  });

  it('bigints, boxed floats, CborFloat, CborSimple and CborTag are charged in any()', () => {
    const cases: Array<[string, number, (v: unknown) => boolean]> = [
      ['1bffffffffffffffff', HEAP_COST.bigint, (v) => v === 2n ** 64n - 1n],
      ['3bffffffffffffffff', HEAP_COST.bigint, (v) => v === -(2n ** 64n)],
      ['f93e00', HEAP_COST.heapNumber, (v) => v === 1.5],
      ['f93c00', HEAP_COST.smallObject, (v) => v instanceof CborFloat && v.value === 1],
      ['e0', HEAP_COST.smallObject, (v) => v instanceof CborSimple && v.value === 0],
      ['f820', HEAP_COST.smallObject, (v) => v instanceof CborSimple && v.value === 32],
      ['c100', HEAP_COST.smallObject, (v) => v instanceof CborTag && v.tag === 1],
      ['1a80000000', 0, (v) => v === 2 ** 31],
    ];
    for (const [h, cost, check] of cases) {
      const r = withBudget(h, 1e6);
      expect(check(r.any()), h).toBe(true);
      expect(1e6 - r.allocationLeft, h).toBe(cost);
    }
    // uint64() always returns a bigint, charged once whatever its size
    for (const h of ['00', '1b001fffffffffffff', '1bffffffffffffffff']) {
      const r = withBudget(h, 1e6);
      r.uint64();
      expect(1e6 - r.allocationLeft, h).toBe(HEAP_COST.bigint);
    }
  });

  it('past the budget: allocation-limit at the data item that did not fit', () => {
    // [h'', h'', h''] with room for the array and two views
    const budget = HEAP_COST.array + 3 * HEAP_COST.arrayElement + 2 * HEAP_COST.view;
    const e = expectContentError(
      () => anyCodec.decode(hex('83404040'), { limits: { allocationBase: budget, allocationPerInputByte: 0 } }),
      'allocation-limit',
      3,
    );
    expect(e.typePath).toBe('any');
    expect(anyCodec.decode(hex('83404040'), { limits: { allocationBase: budget + HEAP_COST.view, allocationPerInputByte: 0 } })).toHaveLength(3);
  });

  it('contentLimits: an omitted or undefined limit keeps its default; NaN is a RangeError; Infinity is off', () => {
    expect(contentLimits(undefined)).toBe(DEFAULT_CONTENT_LIMITS);
    expect(contentLimits({ maxDepth: undefined, allocationBase: 1 })).toEqual({ ...DEFAULT_CONTENT_LIMITS, allocationBase: 1 });
    expect(() => contentLimits({ allocationPerInputByte: NaN })).toThrow('ContentLimits.allocationPerInputByte must be a number >= 0, got NaN');
    const many = hex(`9a00010000${'40'.repeat(65536)}`);
    expectContentError(() => anyCodec.decode(many), 'allocation-limit');
    expect(anyCodec.decode(many, { limits: { allocationPerInputByte: Infinity } })).toHaveLength(65536);
  });
});

/** A reader positioned at byte 1 of `ff` + h, so that an error offset of 1 is the item's and not 0 by accident. */
const at1 = (h: string): CborReader => {
  const r = new CborReader(hex(`ff${h}`));
  r.p = 1;
  return r;
};

describe('every refusal of any(): kind, offset, path and message', () => {
  // Most inputs sit inside a one-member array (81), so the offending data item starts at byte 1.
  const cases: Array<[string, ContentErrorKind, number, string]> = [
    ['', 'truncated', 0, 'expected a data item, input ended'],
    ['c1', 'truncated', 1, 'expected a data item, input ended'],
    ['8118', 'truncated', 1, 'argument needs 1 byte'],
    ['8119ff', 'truncated', 1, 'argument needs 2 bytes'],
    ['811affffff', 'truncated', 1, 'argument needs 4 bytes'],
    ['811bffffffffffffff', 'truncated', 1, 'argument needs 8 bytes'],
    ['813bffffffffffffff', 'truncated', 1, 'argument needs 8 bytes'],
    ['815bffffffffffffff', 'truncated', 1, 'argument needs 8 bytes'],
    ['814201', 'truncated', 1, 'byte string of 2 bytes, 1 left'],
    ['816261', 'truncated', 1, 'text string of 2 bytes, 1 left'],
    ['818200', 'truncated', 1, 'array of 2 items, 1 bytes left'],
    // two pairs need at least 4 bytes; 3 are left
    ['81a2000100', 'truncated', 1, 'map of 2 pairs, 3 bytes left'],
    // lengths and tag numbers above 2^53 - 1 (an 8-byte argument with its high half at 2^21)
    ['815b0020000000000000', 'invalid-value', 1, 'value too large here'],
    ['81db002000000000000000', 'invalid-value', 1, 'value too large here'],
    ['81f8', 'truncated', 1, 'simple value needs 1 byte'],
    ['81f800', 'malformed', 1, 'simple value 0 in two bytes'],
    ['81f81f', 'malformed', 1, 'simple value 31 in two bytes'],
    ['81f97e', 'truncated', 1, 'float needs 2 bytes'],
    ['81fa000000', 'truncated', 1, 'float needs 4 bytes'],
    ['81fb00000000000000', 'truncated', 1, 'float needs 8 bytes'],
    ['81fa3fc00000', 'non-preferred-float', 1, '1.5 is not in its shortest float form'],
    ['81fb3ff8000000000000', 'non-preferred-float', 1, '1.5 is not in its shortest float form'],
    ['81fb3fb99999a0000000', 'non-preferred-float', 1, '0.10000000149011612 is not in its shortest float form'],
    ['81f97e01', 'non-canonical-nan', 1, 'NaN encoded as f97e01; the deterministic NaN is f97e00'],
    ['81f9fc01', 'non-canonical-nan', 1, 'NaN encoded as f9fc01; the deterministic NaN is f97e00'],
    ['8162c328', 'invalid-utf8', 1, 'text string is not valid UTF-8'],
    ['81ff', 'malformed', 1, 'unexpected break'],
    ['0000', 'trailing-bytes', 1, '1 bytes after the value'],
    ['8100f6f6', 'trailing-bytes', 2, '2 bytes after the value'],
  ];
  // Additional information 28-30 is reserved and 31 (indefinite length, or break) is not core
  // deterministic, for every major type.
  for (let major = 0; major < 8; major++) {
    for (const ai of [28, 29, 30]) cases.push([`81${((major << 5) | ai).toString(16)}`, 'malformed', 1, `reserved additional information ${ai}`]);
    if (major < 7) cases.push([`81${((major << 5) | 31).toString(16)}`, 'indefinite-length', 1, 'indefinite-length items are not core deterministic']);
  }

  for (const [h, kind, offset, detail] of cases) {
    it(`${h || '(empty)'}: ${kind} at byte ${offset}: ${detail}`, () => {
      const e = expectContentError(() => anyCodec.decode(hex(h)), kind, offset);
      expect(e.typePath).toBe('any');
      expect(e.detail).toBe(detail);
      expect(e.message).toBe(`${kind} at byte ${offset} in any: ${detail}`);
    });
  }

  it('the accepted side of each of those boundaries decodes', () => {
    const ok: Array<[string, unknown]> = [
      ['81420102', [Uint8Array.of(1, 2)]],
      ['81626162', ['ab']],
      ['81820000', [[0, 0]]],
      [
        '81a200000100',
        [
          new Map([
            [0, 0],
            [1, 0],
          ]),
        ],
      ],
      ['81db001fffffffffffff00', [new CborTag(2 ** 53 - 1, 0)]],
      ['81f820', [new CborSimple(32)]],
      ['81f8ff', [new CborSimple(255)]],
      ['81fa47800000', [new CborFloat(65536)]],
      ['81fb3fb999999999999a', [0.1]],
      ['81f97e00', [NaN]],
    ];
    for (const [h, v] of ok) expect(anyCodec.decode(hex(h)), h).toEqual(v);
    // a length of 2^53 - 1 is read (and then found missing)
    const e = expectContentError(() => anyCodec.decode(hex('815b001fffffffffffff')), 'truncated', 1);
    expect(e.detail).toBe('byte string of 9007199254740991 bytes, 0 left');
  });

  it('simple values 0-19 are CborSimple, 20-23 are false, true, null and undefined', () => {
    expect(anyCodec.decode(hex('e0'))).toEqual(new CborSimple(0));
    expect(anyCodec.decode(hex('f3'))).toEqual(new CborSimple(19));
    expect(anyCodec.decode(hex('84f4f5f6f7'))).toEqual([false, true, null, undefined]);
  });
});

describe('typed reads of generated decoders: wrong-type names what was expected and what was found', () => {
  const cases: Array<[string, (r: CborReader) => unknown, string, string]> = [
    // one found type per major type (MAJOR_NAMES)
    ['bytes()', (r) => r.bytes(), '00', 'expected bstr, found uint'],
    ['bytes()', (r) => r.bytes(), '20', 'expected bstr, found nint'],
    ['text()', (r) => r.text(), '40', 'expected tstr, found bstr'],
    ['bytes()', (r) => r.bytes(), '60', 'expected bstr, found tstr'],
    ['bytes()', (r) => r.bytes(), '80', 'expected bstr, found array'],
    ['bytes()', (r) => r.bytes(), 'a0', 'expected bstr, found map'],
    ['bytes()', (r) => r.bytes(), 'c0', 'expected bstr, found tag'],
    ['bytes()', (r) => r.bytes(), 'f6', 'expected bstr, found simple/float'],
    ['uint()', (r) => r.uint(), '20', 'expected uint, found nint'],
    ['array()', (r) => r.array(), 'a0', 'expected array, found map'],
    ['map()', (r) => r.map(), '80', 'expected map, found array'],
    ['tag()', (r) => r.tag(), '00', 'expected tag, found uint'],
    // the reads that take 8-byte arguments apart themselves check the major type first
    ['uintAny()', (r) => r.uintAny(), '40', 'expected uint, found bstr'],
    ['uintAny()', (r) => r.uintAny(), '3b0000000100000000', 'expected uint, found nint'],
    ['uint64()', (r) => r.uint64(), '60', 'expected uint, found tstr'],
    ['uint64()', (r) => r.uint64(), '3b0000000100000000', 'expected uint, found nint'],
    ['int()', (r) => r.int(), '40', 'expected int, found bstr'],
    ['int()', (r) => r.int(), '5b0000000100000000', 'expected int, found bstr'],
    ['bool()', (r) => r.bool(), 'f6', 'expected bool'],
    ['bool()', (r) => r.bool(), 'f3', 'expected bool'],
    ['null()', (r) => r.null(), 'f5', 'expected null'],
    ['floatValue()', (r) => r.floatValue(), 'f8', 'expected a float'],
    ['floatValue()', (r) => r.floatValue(), 'fc', 'expected a float'],
    ['floatValue()', (r) => r.floatValue(), '00', 'expected a float'],
  ];
  for (const [name, read, h, detail] of cases) {
    it(`${name} of ${h}: ${detail}, at byte 1`, () => {
      const r = at1(h);
      expect(expectContentError(() => read(r), 'wrong-type', 1).detail).toBe(detail);
    });
  }

  it('bool(), null(), isNull() and floatValue() on what they accept', () => {
    const r = at1('f4f5f6f9c000fac7800000fbc000000000000001');
    expect(r.bool()).toBe(false);
    expect(r.bool()).toBe(true);
    expect(r.isNull()).toBe(true);
    expect(r.p).toBe(4);
    expect(r.floatValue()).toBe(-2);
    expect(r.floatValue()).toBe(-65536);
    expect(r.floatValue()).toBe(-2.0000000000000004);
    r.finish();
    // isNull() consumes nothing when the next item is not null, or at the end of the input
    const s = at1('f5');
    expect(s.isNull()).toBe(false);
    expect(s.p).toBe(1);
    s.p = 2;
    expect(s.isNull()).toBe(false);
    expect(s.p).toBe(2);
  });

  it('bytes() and text() record the byte length of what they read', () => {
    const r = at1('4301020362c3a9');
    expect(r.bytes()).toEqual(Uint8Array.of(1, 2, 3));
    expect(r.lastLen).toBe(3);
    expect(r.text()).toBe('\u00e9');
    expect(r.lastLen).toBe(2);
  });

  it('short text with non-ASCII bytes decodes as UTF-8, not byte by byte', () => {
    expect(at1('6461c3a962').text()).toBe('a\u00e9b');
    expect(at1('6761626364656667').text()).toBe('abcdefg');
    expect(at1('686162636465666768').text()).toBe('abcdefgh');
  });
});

describe('8-byte arguments around 2^53: numbers below, bigints (or a refusal) from there on', () => {
  it('uint(), lengths and tag numbers: 2^53 - 1 is read, 2^53 is invalid-value at the head', () => {
    expect(at1('1b001fffffffffffff').uint()).toBe(2 ** 53 - 1);
    expect(expectContentError(() => at1('1b0020000000000000').uint(), 'invalid-value', 1).detail).toBe('value too large here');
  });

  it('uintAny(): a number up to 2^53 - 1, an exact bigint from 2^53', () => {
    expect(at1('1b001fffffffffffff').uintAny()).toBe(2 ** 53 - 1);
    expect(at1('1b0020000000000000').uintAny()).toBe(2n ** 53n);
    expect(at1('1b0020000000000001').uintAny()).toBe(2n ** 53n + 1n);
    expect(at1('1b0000000100000005').uintAny()).toBe(2 ** 32 + 5);
  });

  it('uint64(): exact bigints on both sides of 2^53', () => {
    expect(at1('1b001fffffffffffff').uint64()).toBe(2n ** 53n - 1n);
    expect(at1('1b0020000000000001').uint64()).toBe(2n ** 53n + 1n);
    expect(at1('1bfffffffffffffffe').uint64()).toBe(2n ** 64n - 2n);
    expect(at1('17').uint64()).toBe(23n);
  });

  it('int() of a nint: a number down to -(2^53 - 1), a bigint (charged) from -2^53 on', () => {
    const budget = { allocationBase: 1e6, allocationPerInputByte: 0 };
    const r = new CborReader(hex('3b001ffffffffffffe3b001fffffffffffff3b0020000000000001'), budget);
    expect(r.int()).toBe(-(2 ** 53 - 1));
    expect(r.allocationLeft).toBe(1e6);
    expect(r.int()).toBe(-(2n ** 53n));
    expect(r.allocationLeft).toBe(1e6 - HEAP_COST.bigint);
    expect(r.int()).toBe(-(2n ** 53n) - 2n);
    expect(at1('3b0000000100000005').int()).toBe(-1 - (2 ** 32 + 5));
  });
});

describe('limits at their boundaries', () => {
  it('maxInputBytes: an input of exactly the limit is read, one byte more is size-limit at byte 0', () => {
    const limits = { maxInputBytes: 10 };
    expect(anyCodec.decode(hex(`49${'00'.repeat(9)}`), { limits })).toEqual(new Uint8Array(9));
    const e = expectContentError(() => anyCodec.decode(hex(`4a${'00'.repeat(10)}`), { limits }), 'size-limit', 0);
    expect(e.detail).toBe('input of 11 bytes exceeds the limit of 10');
  });

  it('maxDepth: arrays, maps and tags nested exactly maxDepth deep decode; one more level is depth-limit at that item', () => {
    const limits = { maxDepth: 3 };
    for (const [ok, tooDeep, offset] of [
      ['81818100', '8181818100', 3],
      ['a100a100a10000', 'a100a100a100a10000', 6],
      ['c1c1c100', 'c1c1c1c100', 3],
      ['81a100c100', '81a100c1c100', 4],
    ] as const) {
      expect(() => anyCodec.decode(hex(ok), { limits }), ok).not.toThrow();
      const e = expectContentError(() => anyCodec.decode(hex(tooDeep), { limits }), 'depth-limit', offset);
      expect(e.detail).toBe('nesting deeper than 3');
    }
  });

  it('maxDepth counts nesting, not containers: siblings at the deepest level each leave it again', () => {
    const limits = { maxDepth: 2 };
    // [[0], [0], [0]], [{}, {}, {}], [tag(0), tag(0), tag(0)], {0: [], 1: [], 2: []}
    for (const h of ['83810081008100', '83a0a0a0', '83c100c100c100', 'a3008001800280']) {
      expect(() => anyCodec.decode(hex(h), { limits }), h).not.toThrow();
    }
    const r = new CborReader(hex('8080'), limits);
    r.array();
    r.leave();
    expect(r.depth).toBe(0);
  });

  it('allocation budget: a value that uses it up exactly decodes; the message names the input size', () => {
    const cost = HEAP_COST.map + 2 * HEAP_COST.mapEntry;
    const input = hex('a200000100');
    expect(anyCodec.decode(input, { limits: { allocationBase: cost, allocationPerInputByte: 0 } })).toEqual(
      new Map([
        [0, 0],
        [1, 0],
      ]),
    );
    const e = expectContentError(() => anyCodec.decode(input, { limits: { allocationBase: cost - 1, allocationPerInputByte: 0 } }), 'allocation-limit', 0);
    expect(e.detail).toBe('the decoded value would take more heap than the allocation budget of this 5-byte input allows (too many small elements)');
  });
});

describe('map keys: the first difference decides, equal keys are duplicates', () => {
  it('keys ordered by their first byte decode even when a later byte is smaller: {32: 0, 256: 0}', () => {
    expect(anyCodec.decode(hex('a218200019010000'))).toEqual(
      new Map([
        [32, 0],
        [256, 0],
      ]),
    );
  });

  it('a duplicate key is found whatever the values: {1: 0, 1: 1}', () => {
    const e = expectContentError(() => anyCodec.decode(hex('a201000101')), 'duplicate-key', 3);
    expect(e.detail).toBe('the same map key appears twice');
    const u = expectContentError(() => anyCodec.decode(hex('a202000100')), 'unsorted-keys', 3);
    expect(u.detail).toBe('map keys are not in bytewise order');
  });
});

describe('half-precision floats: conversion both ways and the preferred size', () => {
  // bits, value: zeros, subnormals, the smallest normal, the largest finite, 2^15, infinities
  const halves: Array<[number, number]> = [
    [0x0000, 0],
    [0x8000, -0],
    [0x0001, 2 ** -24],
    [0x8001, -(2 ** -24)],
    [0x0200, 2 ** -15],
    [0x03ff, 1023 * 2 ** -24],
    [0x0400, 2 ** -14],
    [0x3c00, 1],
    [0x3e00, 1.5],
    [0xc000, -2],
    [0x3555, 0.333251953125],
    [0x7800, 32768],
    [0x7bff, 65504],
    [0xfbff, -65504],
    [0x7c00, Infinity],
    [0xfc00, -Infinity],
  ];
  for (const [bits, v] of halves) {
    it(`f9${bits.toString(16).padStart(4, '0')} is ${Object.is(v, -0) ? '-0' : v}, both ways, on the wire too`, () => {
      expect(Object.is(halfToNumber(bits), v)).toBe(true);
      expect(numberToHalf(v)).toBe(bits);
      expect(preferredFloatSize(v)).toBe(2);
      const wire = `f9${bits.toString(16).padStart(4, '0')}`;
      expect(toHex(anyCodec.encode(new CborFloat(v)))).toBe(wire);
      const back = anyCodec.decode(hex(wire));
      expect(Object.is(back instanceof CborFloat ? back.value : back, v)).toBe(true);
    });
  }

  it('NaN: every NaN half reads as NaN; NaN is f97e00 and a 2-byte float', () => {
    for (const bits of [0x7e00, 0x7c01, 0xfe00, 0x7fff]) expect(halfToNumber(bits)).toBeNaN();
    expect(numberToHalf(NaN)).toBe(0x7e00);
    expect(preferredFloatSize(NaN)).toBe(2);
  });

  it('values a half cannot hold exactly: 4 bytes when a float32 can, else 8', () => {
    const cases: Array<[number, 4 | 8, string]> = [
      [65536, 4, 'fa47800000'],
      [65505, 4, 'fa477fe100'],
      [2 ** -25, 4, 'fa33000000'],
      [3 * 2 ** -25, 4, 'fa33c00000'],
      [1 + 2 ** -11, 4, 'fa3f801000'],
      [0.1, 8, 'fb3fb999999999999a'],
      [1e300, 8, 'fb7e37e43c8800759c'],
    ];
    for (const [v, size, wire] of cases) {
      expect(numberToHalf(v), String(v)).toBeNull();
      expect(preferredFloatSize(v), String(v)).toBe(size);
      expect(toHex(anyCodec.encode(new CborFloat(v))), String(v)).toBe(wire);
      const back = anyCodec.decode(hex(wire));
      expect(back instanceof CborFloat ? back.value : back, wire).toBe(v);
    }
  });
});
