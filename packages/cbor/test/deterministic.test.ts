/**
 * Core deterministic encoding (RFC 8949 §4.2.1) as the reader enforces it wherever a second
 * encoding of the same value could hide: every argument width (1, 2, 4 and 8 bytes) of every
 * major type that has an argument, and map keys (order and duplicates) inside generic `any()`
 * values, nested at depth 2 and more. Message IDs hash the exact bytes (docs/content.md), so each
 * case asserts the error kind, the byte offset of the offending data item and the path.
 *
 * The accepted side of each boundary is asserted too (the smallest value of each width is not
 * `non-shortest`), so an off-by-one in a check fails as well as a deleted one.
 */
import { describe, expect, it } from 'vitest';
import { fromHex as hex } from '@mimikit/bytes';
import { CborReader } from '../src/reader.ts';
import { CborTag } from '../src/values.ts';
import { defineContentCodec } from '../src/codec.ts';
import { expectContentError } from './helpers.ts';

const anyCodec = defineContentCodec<unknown>(
  'any',
  (r) => r.any(),
  (w, v) => w.any(v),
);

/** Each argument width: additional information, argument bytes, the largest value that fits the next narrower form, the smallest that needs this one. */
const WIDTHS = [
  { ai: 24, bytes: 1, tooSmall: 23, smallest: 24 },
  { ai: 25, bytes: 2, tooSmall: 255, smallest: 256 },
  { ai: 26, bytes: 4, tooSmall: 65535, smallest: 65536 },
  { ai: 27, bytes: 8, tooSmall: 2 ** 32 - 1, smallest: 2 ** 32 },
] as const;

/** The major types with an argument; what the argument is for each. */
const MAJORS = [
  { major: 0, what: 'uint value' },
  { major: 1, what: 'nint value' },
  { major: 2, what: 'bstr length' },
  { major: 3, what: 'tstr length' },
  { major: 4, what: 'array count' },
  { major: 5, what: 'map count' },
  { major: 6, what: 'tag number' },
] as const;

/** Initial byte with additional information `ai`, then `value` big-endian in `bytes` bytes. */
function head(major: number, ai: number, bytes: number, value: number): string {
  return ((major << 5) | ai).toString(16).padStart(2, '0') + value.toString(16).padStart(bytes * 2, '0');
}

// `[{1: X}]`: X is a generic value at depth 2 (inside an array and a map), starting at byte 3.
const NESTED = '81a101';
const AT = 3;

describe('non-shortest arguments are refused for every width and major type (inside any(), depth 2)', () => {
  for (const w of WIDTHS) {
    for (const m of MAJORS) {
      it(`${m.what} ${w.tooSmall} in ${w.bytes} byte(s) (additional information ${w.ai}): non-shortest at its head`, () => {
        // A tag needs content to be complete; the others fail at the head, before any content is read.
        const input = hex(NESTED + head(m.major, w.ai, w.bytes, w.tooSmall) + (m.major === 6 ? '00' : ''));
        const e = expectContentError(() => anyCodec.decode(input), 'non-shortest', AT);
        expect(e.typePath).toBe('any');
        expect(e.detail).toBe(`${w.tooSmall} encoded with ${w.bytes === 8 ? 'an' : 'a'} ${w.bytes}-byte argument`);
      });

      it(`${m.what} ${w.smallest} in ${w.bytes} byte(s) is shortest`, () => {
        const h = head(m.major, w.ai, w.bytes, w.smallest);
        const v = w.smallest;
        switch (m.major) {
          case 0:
            expect(anyCodec.decode(hex(NESTED + h))).toEqual([new Map([[1, v]])]);
            break;
          case 1:
            expect(anyCodec.decode(hex(NESTED + h))).toEqual([new Map([[1, -1 - v]])]);
            break;
          case 6:
            expect(anyCodec.decode(hex(`${NESTED + h}00`))).toEqual([new Map([[1, new CborTag(v, 0)]])]);
            break;
          default:
            // Lengths and counts: accepted as shortest, then the content is missing.
            expectContentError(() => anyCodec.decode(hex(NESTED + h)), 'truncated', AT);
        }
      });
    }
  }

  it('a string, array and map with a 2-byte length of 256 decode when their content is there', () => {
    expect(anyCodec.decode(hex(`590100${'00'.repeat(256)}`))).toEqual(new Uint8Array(256));
    expect(anyCodec.decode(hex(`790100${'61'.repeat(256)}`))).toBe('a'.repeat(256));
    expect(anyCodec.decode(hex(`990100${'00'.repeat(256)}`))).toEqual(new Array(256).fill(0));
    // keys 0..255 in bytewise order: 00..17, 1818..18ff
    const keys = Array.from({ length: 256 }, (_, k) => (k < 24 ? k.toString(16).padStart(2, '0') : head(0, 24, 1, k)));
    expect((anyCodec.decode(hex(`b90100${keys.map((k) => `${k}00`).join('')}`)) as Map<number, number>).size).toBe(256);
  });
});

describe('non-shortest arguments through the typed reads of generated decoders', () => {
  const reads: Array<[string, number, (r: CborReader) => unknown]> = [
    ['uint()', 0, (r) => r.uint()],
    ['uintAny()', 0, (r) => r.uintAny()],
    ['uint64()', 0, (r) => r.uint64()],
    ['int() of a uint', 0, (r) => r.int()],
    ['int() of a nint', 1, (r) => r.int()],
    ['bytes()', 2, (r) => r.bytes()],
    ['text()', 3, (r) => r.text()],
    ['array()', 4, (r) => r.array()],
    ['map()', 5, (r) => r.map()],
    ['tag()', 6, (r) => r.tag()],
  ];
  for (const [name, major, read] of reads) {
    for (const w of WIDTHS) {
      it(`${name}: ${w.tooSmall} in ${w.bytes} byte(s) is non-shortest at byte 1`, () => {
        // One byte of something before, so the offset is the head's and not 0 by accident.
        const r = new CborReader(hex(`00${head(major, w.ai, w.bytes, w.tooSmall)}`));
        r.p = 1;
        expectContentError(() => read(r), 'non-shortest', 1);
      });
    }
  }

  it('8-byte arguments read into numbers and bigints past 2^32 are accepted', () => {
    expect(new CborReader(hex('1b0000000100000000')).uintAny()).toBe(2 ** 32);
    expect(new CborReader(hex('1b0000000100000000')).uint64()).toBe(2n ** 32n);
    expect(new CborReader(hex('3b0000000100000000')).int()).toBe(-1 - 2 ** 32);
    expect(new CborReader(hex('1b0000000100000000')).uint()).toBe(2 ** 32);
  });
});

describe('map keys inside any(): bytewise order and no duplicates at every depth', () => {
  const cases: Array<[string, string, 'unsorted-keys' | 'duplicate-key', number]> = [
    // [{2: 0, 1: 0}]: the second key (01) at byte 4 sorts before the first
    ['[{2: 0, 1: 0}] (depth 2)', '81a202000100', 'unsorted-keys', 4],
    ['[{1: 0, 1: 0}] (depth 2)', '81a201000100', 'duplicate-key', 4],
    // [[{"b": 0, "a": 0}]]: depth 3
    ['[[{"b": 0, "a": 0}]] (depth 3)', '8181a26162006161' + '00', 'unsorted-keys', 6],
    ['[[{"a": 0, "a": 0}]] (depth 3)', '8181a26161006161' + '00', 'duplicate-key', 6],
    // keys that differ only after the first byte: "ab" then "aa"
    ['[{"ab": 0, "aa": 0}]', '81a2626162006261' + '6100', 'unsorted-keys', 6],
    // 24 (1818) then 23 (17): the shorter encoding sorts first
    ['[{24: 0, 23: 0}]', '81a21818001700', 'unsorted-keys', 5],
    // composite keys: [1] twice
    ['[{[1]: 0, [1]: 0}]', '81a2810100810100', 'duplicate-key', 5],
    // a map used as a key, its own keys unsorted: {{2: 0, 1: 0}: 0} inside an array
    ['[{{2: 0, 1: 0}: 0}]', '81a1a20200010000', 'unsorted-keys', 5],
    // the third key of three, inside a tag inside a map value: {1: 55799({1: 0, 3: 0, 2: 0})}
    ['{1: tag({1: 0, 3: 0, 2: 0})}', 'a101d9d9f7a3010003000200', 'unsorted-keys', 10],
  ];
  for (const [what, h, kind, offset] of cases) {
    it(`${what}: ${kind} at byte ${offset}`, () => {
      const e = expectContentError(() => anyCodec.decode(hex(h)), kind, offset);
      expect(e.typePath).toBe('any');
    });
  }

  it('the same maps in order decode (the baseline for the cases above)', () => {
    expect(anyCodec.decode(hex('81a201000200'))).toEqual([
      new Map([
        [1, 0],
        [2, 0],
      ]),
    ]);
    expect(anyCodec.decode(hex('8181a26161006162' + '00'))).toEqual([
      [
        new Map([
          ['a', 0],
          ['b', 0],
        ]),
      ],
    ]);
    expect(anyCodec.decode(hex('81a21700181800'))).toEqual([
      new Map([
        [23, 0],
        [24, 0],
      ]),
    ]);
    expect(anyCodec.decode(hex('a101d9d9f7a3010002000300'))).toEqual(
      new Map([
        [
          1,
          new CborTag(
            55799,
            new Map([
              [1, 0],
              [2, 0],
              [3, 0],
            ]),
          ),
        ],
      ]),
    );
  });
});
