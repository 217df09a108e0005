/**
 * CborReader: text strings decode exactly (a leading U+FEFF is kept), NaN has one encoding, and
 * every value the reader lets its caller build is charged against the allocation budget.
 */
import { describe, expect, it } from 'vitest';
import { HEAP_COST } from '@mimikit/bytes';
import { CborReader } from '../src/reader.ts';
import { CborFloat, CborSimple, CborTag } from '../src/values.ts';
import { expectContentError } from './helpers.ts';
import { contentLimits, DEFAULT_CONTENT_LIMITS } from '../src/limits.ts';
import { defineContentCodec } from '../src/codec.ts';

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const anyCodec = defineContentCodec<unknown>('any', (r) => r.any(), (w, v) => w.any(v));

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
    expect([...m.entries()]).toEqual([['x', 0], ['\uFEFFx', 1]]);
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
    const r = withBudget('00', 1e6);
    r.uint64();
    expect(1e6 - r.allocationLeft).toBe(HEAP_COST.bigint);
  });

  it('past the budget: allocation-limit at the data item that did not fit', () => {
    // [h'', h'', h''] with room for the array and two views
    const budget = HEAP_COST.array + 3 * HEAP_COST.arrayElement + 2 * HEAP_COST.view;
    const e = expectContentError(() => anyCodec.decode(hex('83404040'), { limits: { allocationBase: budget, allocationPerInputByte: 0 } }), 'allocation-limit', 3);
    expect(e.cborPath).toBe('any');
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
