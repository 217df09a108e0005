import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, HexError, toHex } from '../src/hex.ts';

describe('hex', () => {
  it('toHex is lowercase, two digits per byte', () => {
    expect(toHex(Uint8Array.from([0, 1, 0xab, 0xff]))).toBe('0001abff');
    expect(toHex(new Uint8Array(0))).toBe('');
  });

  it('toHex of a subarray covers only that view', () => {
    const backing = Uint8Array.from([1, 2, 3, 4, 5]);
    expect(toHex(backing.subarray(1, 3))).toBe('0203');
  });

  it('fromHex accepts upper and lower case', () => {
    expect(Array.from(fromHex('00aBfF'))).toEqual([0, 0xab, 0xff]);
    expect(fromHex('').length).toBe(0);
  });

  it('fromHex returns a plain Uint8Array', () => {
    const v = fromHex('0102');
    expect(Object.getPrototypeOf(v)).toBe(Uint8Array.prototype);
  });

  const hexError = (s: string): HexError => {
    try {
      fromHex(s);
    } catch (err) {
      if (err instanceof HexError) return err;
      throw err;
    }
    throw new Error(`fromHex(${JSON.stringify(s)}) did not throw`);
  };

  it('fromHex rejects odd length with a HexError at the length', () => {
    expect(() => fromHex('abc')).toThrow(HexError);
    expect(() => fromHex('a')).toThrow(/odd number of hex digits \(1\)/);
    expect(hexError('abc').toJSON()).toEqual({ kind: 'odd-length', offset: 3, path: '', message: 'odd number of hex digits (3): abc' });
    expect(hexError('abc').message).toBe('odd number of hex digits (3): abc');
  });

  it('fromHex rejects non-hex characters and whitespace, at the first bad character', () => {
    const cases: Array<[string, number]> = [
      ['zz', 0],
      ['0g', 1],
      ['ab cd', 2],
      [' abc', 0],
      ['a\n', 1],
      ['0x01', 1],
      ['-1', 0],
      ['é1', 0],
      ['0:', 1],
      ['@1', 0],
      ['`1', 0],
      ['G0', 0],
      ['/0', 0],
    ];
    for (const [s, offset] of cases) {
      const e = hexError(s);
      expect({ kind: e.kind, offset: e.offset }, JSON.stringify(s)).toEqual({
        kind: s.length % 2 ? 'odd-length' : 'invalid-hex-digit',
        offset: s.length % 2 ? s.length : offset,
      });
    }
    expect(hexError('0g').message).toBe('not a hex digit at character 1: 0g');
  });

  it('fromHex accepts every digit in both cases, and nothing next to them in ASCII', () => {
    for (let c = 0; c < 128; c++) {
      const ch = String.fromCharCode(c);
      const ok = /[0-9a-fA-F]/.test(ch);
      if (ok) expect(fromHex(`0${ch}`)[0]).toBe(Number.parseInt(ch, 16));
      else expect(() => fromHex(`0${ch}`), `code ${c}`).toThrow(HexError);
    }
  });

  it('fromHex truncates a long bad input in the message', () => {
    expect(() => fromHex(`${'0'.repeat(60)}zz`)).toThrow(`not a hex digit at character 60: ${'0'.repeat(40)}…`);
  });

  it('round-trips bytes -> hex -> bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const hex = toHex(bytes);
        expect(hex).toMatch(/^[0-9a-f]*$/);
        expect(hex.length).toBe(bytes.length * 2);
        expect(Array.from(fromHex(hex))).toEqual(Array.from(bytes));
      }),
    );
  });

  it('round-trips hex -> bytes -> hex, lowercasing (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^(?:[0-9a-fA-F]{2})*$/), (hex) => {
        expect(toHex(fromHex(hex))).toBe(hex.toLowerCase());
      }),
    );
  });
});
