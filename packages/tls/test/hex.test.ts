import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, toHex } from '../src/hex.ts';

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

  it('fromHex rejects odd length', () => {
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('a')).toThrow(/not a hex string/);
  });

  it('fromHex rejects non-hex characters and whitespace', () => {
    for (const s of ['zz', '0g', 'ab cd', ' abc', 'a\n', '0x01', '-1', 'é1']) {
      expect(() => fromHex(s), JSON.stringify(s)).toThrow(TypeError);
    }
  });

  it('fromHex truncates a long bad input in the message', () => {
    expect(() => fromHex(`${'0'.repeat(60)}zz`)).toThrow(`not a hex string: ${'0'.repeat(40)}…`);
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
