import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decode, encode, Simple, Tag } from 'cbor2';
import { toHex as hex } from '@mimikit/bytes';
import { cborToEdn, EDN_MAX_NESTING, EdnError, ednHeaderComments, ednToCbor, parseEdn } from '../src/edn.ts';

const EXAMPLES = fileURLToPath(new URL('../../../spec/drafts/draft-ietf-mimi-content-07-files/examples/', import.meta.url));
const names = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.edn'))
  .map((f) => f.slice(0, -4))
  .sort();
const edn = (name: string): string => readFileSync(`${EXAMPLES}${name}.edn`, 'utf8');
const cbor = (name: string): Uint8Array => new Uint8Array(readFileSync(`${EXAMPLES}${name}.cbor`));
const toCborHex = (text: string): string => hex(ednToCbor(text));

describe('the draft -07 examples', () => {
  it('are all 16 there', () => {
    expect(names).toEqual([
      'attachment',
      'conferencing',
      'delete',
      'edit',
      'expiring',
      'implied-original',
      'mention',
      'mention-html',
      'multipart-1',
      'multipart-2',
      'multipart-3',
      'original',
      'reaction',
      'reply',
      'report',
      'unlike',
    ]);
  });

  it.each(names)('%s.edn encodes to %s.cbor byte for byte', (name) => {
    expect(hex(ednToCbor(edn(name)))).toBe(hex(cbor(name)));
  });

  it.each(names)('%s.cbor → cborToEdn → ednToCbor gives the same bytes', (name) => {
    const text = cborToEdn(cbor(name));
    expect(hex(ednToCbor(text))).toBe(hex(cbor(name)));
  });

  it.each(names)('%s: parseEdn agrees with cbor2 decode', (name) => {
    expect(parseEdn(edn(name))).toEqual(decode(cbor(name)));
  });

  it('every message example has a 32-byte message ID header starting with 0x01', () => {
    const withIds = names.filter((n) => n !== 'report' && n !== 'implied-original');
    for (const n of withIds) {
      const h = ednHeaderComments(edn(n));
      expect(Object.keys(h), n).toEqual(['message ID', 'timestamp']);
      const id = parseEdn(h['message ID'] ?? '');
      expect(id, n).toBeInstanceOf(Uint8Array);
      expect((id as Uint8Array).length, n).toBe(32);
      expect((id as Uint8Array)[0], n).toBe(1);
    }
    expect(ednHeaderComments(edn('report'))).toEqual({});
  });
});

describe('ednHeaderComments', () => {
  it('joins a value whose quote is open with the following comment lines', () => {
    expect(ednHeaderComments(edn('original'))).toEqual({
      'message ID': "h'01b0084467273cc43d6f0ebeac13eb84 229c4fffe8f6c3594c905f47779e5a79'",
      timestamp: '1644387225019 = 2022-02-09T06:13:45.019Z',
    });
  });

  it('stops at the first value and ignores lines without "="', () => {
    expect(ednHeaderComments('# TITLE\n# a = 1\n#b=x = y\n[1, # c = 2\n]\n# d = 3')).toEqual({ a: '1', b: 'x = y' });
  });
});

describe('parseEdn: values', () => {
  it('integers, big integers and bases', () => {
    expect(parseEdn('0')).toBe(0);
    expect(parseEdn('-1')).toBe(-1);
    expect(parseEdn('0x1F')).toBe(31);
    expect(parseEdn('-0b101')).toBe(-5);
    expect(parseEdn('0o17')).toBe(15);
    expect(parseEdn('9007199254740991')).toBe(9007199254740991);
    expect(parseEdn('9007199254740992')).toBe(9007199254740992n);
    expect(toCborHex('18446744073709551615')).toBe('1bffffffffffffffff');
    expect(toCborHex('-18446744073709551616')).toBe('3bffffffffffffffff');
    expect(toCborHex('18446744073709551616')).toBe('c249010000000000000000');
    expect(toCborHex('1644387225019')).toBe('1b0000017edd1dcdbb');
  });

  it('floats stay floats, in their preferred (shortest exact) encoding', () => {
    expect(parseEdn('1.5')).toBe(1.5);
    expect(toCborHex('1.5')).toBe('f93e00');
    expect(toCborHex('1.0')).toBe('f93c00');
    expect(toCborHex('1e3')).toBe('f963d0');
    expect(toCborHex('-0.0')).toBe('f98000');
    expect(toCborHex('0.1')).toBe('fb3fb999999999999a');
    expect(toCborHex('Infinity')).toBe('f97c00');
    expect(toCborHex('-Infinity')).toBe('f9fc00');
    expect(toCborHex('NaN')).toBe('f97e00');
    expect(toCborHex('100000.0')).toBe('fa47c35000');
  });

  it('encoding indicators are honored', () => {
    expect(toCborHex('1_0')).toBe('1801');
    expect(toCborHex('1_1')).toBe('190001');
    expect(toCborHex('1_2')).toBe('1a00000001');
    expect(toCborHex('1_3')).toBe('1b0000000000000001');
    expect(toCborHex('1.5_3')).toBe('fb3ff8000000000000');
    expect(toCborHex('1.5_2')).toBe('fa3fc00000');
    expect(() => parseEdn('300_0')).toThrow(EdnError);
  });

  it('text and byte strings, escapes and concatenation', () => {
    expect(parseEdn('"a\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\\u{1F600}"')).toBe('a"b\\c\né😀😀');
    expect(parseEdn("'it\\'s'")).toEqual(new TextEncoder().encode("it's"));
    expect(parseEdn("'❤'")).toEqual(new Uint8Array([0xe2, 0x9d, 0xa4]));
    expect(parseEdn("'ab' +\n  # comment\n 'cd'")).toEqual(new TextEncoder().encode('abcd'));
    expect(parseEdn('"ab" + h\'6364\'')).toBe('abcd');
    expect(parseEdn("h'01' + 'A'")).toEqual(new Uint8Array([1, 0x41]));
    expect(() => parseEdn('"a" + h\'ff\'')).toThrow(/UTF-8/);
  });

  it("h'…' allows whitespace and comments; b64'…' takes both alphabets", () => {
    expect(parseEdn("h'01 02   / two /\n  03 # three\n  0A'")).toEqual(new Uint8Array([1, 2, 3, 10]));
    expect(parseEdn("h''")).toEqual(new Uint8Array());
    expect(parseEdn("b64'+/8='")).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(parseEdn("b64'-_8'")).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('arrays and maps: optional and trailing commas, any key type, insertion order', () => {
    expect(parseEdn('[1 2, 3,]')).toEqual([1, 2, 3]);
    expect(parseEdn('[]')).toEqual([]);
    const m = parseEdn('{"b": 1, 10: [h\'00\'], [1]: {}, }') as Map<unknown, unknown>;
    expect(m).toBeInstanceOf(Map);
    expect([...m.keys()]).toEqual(['b', 10, [1]]);
    // core deterministic: keys sorted by their encoded bytes
    expect(toCborHex('{"b": 1, 10: 2, -1: 3}')).toBe('a30a0220036162' + '01');
  });

  it('tags, simple values, embedded CBOR and keywords', () => {
    const t = parseEdn('1001({1: 2})');
    expect(t).toBeInstanceOf(Tag);
    expect((t as Tag).tag).toBe(1001);
    expect(toCborHex('1001({1: 2})')).toBe('d903e9a10102');
    expect(parseEdn('simple(16)')).toEqual(new Simple(16));
    expect(toCborHex('simple(255)')).toBe('f8ff');
    expect(parseEdn('[true, false, null, undefined]')).toEqual([true, false, null, undefined]);
    expect(toCborHex('<<1, "a">>')).toBe('43' + '01' + '6161');
  });

  it('comments anywhere between tokens', () => {
    expect(parseEdn('# lead\n/ block / [ / x / 1 # one\n , 2 ]  # end')).toEqual([1, 2]);
  });

  it('cborToEdn uses cbor2 diagnose', () => {
    expect(cborToEdn(encode([1, 'a', new Uint8Array([1])]))).toBe('[1, "a", h\'01\']');
  });
});

describe('parseEdn: errors', () => {
  const err = (text: string): EdnError => {
    try {
      parseEdn(text);
    } catch (e) {
      if (e instanceof EdnError) return e;
      throw e;
    }
    throw new Error('no error');
  };

  it('reports line and column', () => {
    const e = err('[1,\n  2,\n  @]');
    expect([e.line, e.col]).toEqual([3, 3]);
    expect(e.message).toBe('3:3: unexpected "@"');
  });

  it.each([
    ['', /expected a value/],
    ['[1, 2', /expected "\]"/],
    ['[1,, 2]', /two commas/],
    ['{1: 2, 1: 3}', /duplicate map key/],
    ['{1 2}', /expected ":"/],
    ['"abc', /unterminated string/],
    ["h'123'", /odd number of hex digits/],
    ["h'zz'", /invalid character/],
    ["dt'2020-01-01'", /not supported/],
    ['[_ 1]', /indefinite/],
    ['1 2', /after the value/],
    ['foo', /unknown word/],
    ['"\\x"', /invalid escape/],
  ])('%j → EdnError %s', (text, re) => {
    expect(err(text).reason).toMatch(re);
  });
});

describe('byte strings joined to text are decoded exactly (issue 11)', () => {
  it('a leading U+FEFF in the joined bytes is kept, not dropped', () => {
    expect(parseEdn(`"" + h'efbbbf78'`)).toBe('\uFEFFx');
    expect(toCborHex(`"" + h'efbbbf78'`)).toBe('64efbbbf78');
  });

  it('joined bytes that are not UTF-8 are still an EdnError', () => {
    expect(() => parseEdn(`"" + h'ff'`)).toThrow(EdnError);
  });
});

describe('parseEdn: nesting limit', () => {
  it(`accepts ${EDN_MAX_NESTING} levels of arrays, maps, tags and embedded CBOR`, () => {
    const n = EDN_MAX_NESTING;
    expect(toCborHex(`${'['.repeat(n)}${']'.repeat(n)}`)).toBe(`${'81'.repeat(n - 1)}80`);
    expect(() => parseEdn(`${'{1: '.repeat(n)}2${'}'.repeat(n)}`)).not.toThrow();
    expect(() => parseEdn(`${'1('.repeat(n)}2${')'.repeat(n)}`)).not.toThrow();
    expect(() => parseEdn(`${'<<'.repeat(n)}1${'>>'.repeat(n)}`)).not.toThrow();
  });

  it.each([
    ['arrays', '['.repeat(100_000), 1, EDN_MAX_NESTING + 1],
    ['maps', `[\n${'{1: '.repeat(10_000)}`, 2, 1 + 4 * EDN_MAX_NESTING - 4],
    ['tags', '1('.repeat(100_000), 1, 2 * EDN_MAX_NESTING + 2],
    ['embedded CBOR', '<<'.repeat(100_000), 1, 2 * EDN_MAX_NESTING + 1],
    ['simple(…)', 'simple('.repeat(10_000), 1, 7 * EDN_MAX_NESTING + 7],
  ])('reports 10,000 or more nested %s as a located nesting-too-deep EdnError, not a stack overflow', (_name, text, line, col) => {
    let error: unknown;
    try {
      parseEdn(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EdnError);
    expect(error).toMatchObject({ kind: 'nesting-too-deep', line, col });
    expect((error as EdnError).reason).toMatch(`opens nesting level ${EDN_MAX_NESTING + 1}; at most ${EDN_MAX_NESTING} levels are allowed`);
  });

  it('takes its limit from the options; syntax errors keep kind syntax', () => {
    expect(() => parseEdn('[[[]]]', { maxNesting: 2 })).toThrow(expect.objectContaining({ kind: 'nesting-too-deep' }));
    expect(() => parseEdn('[1')).toThrow(expect.objectContaining({ kind: 'syntax' }));
  });
});
