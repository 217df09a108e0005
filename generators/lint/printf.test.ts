import { describe, expect, it } from 'vitest';
import { PrintfError, readPrintf } from './printf.ts';

describe('readPrintf: a text read back through a C format (C17 7.21.6.1)', () => {
  it('integers in every base, with width, precision, flags and literal text around them', () => {
    expect(readPrintf('0x%04x', '0x0013')).toEqual([19n]);
    expect(readPrintf('%#X!', '0X1F!')).toEqual([31n]);
    expect(readPrintf('%o', '17')).toEqual([15n]);
    expect(readPrintf('%#o', '017')).toEqual([15n]);
    expect(readPrintf('[%5d]', '[  -42]')).toEqual([-42n]);
    expect(readPrintf('[%-5d]', '[42   ]')).toEqual([42n]);
    expect(readPrintf('%+d', '+7')).toEqual([7n]);
    expect(readPrintf('% d', ' 7')).toEqual([7n]);
    expect(readPrintf('%05d', '-0042')).toEqual([-42n]);
    expect(readPrintf('%.3u', '007')).toEqual([7n]);
    expect(readPrintf('%d.%d.%d', '1.22.333')).toEqual([1n, 22n, 333n]);
    expect(readPrintf('100%% %d', '100% 5')).toEqual([5n]);
  });

  it('refuses texts printf would not write for any value', () => {
    expect(readPrintf('0x%04x', '0x13')).toBeNull();
    expect(readPrintf('%d', '007')).toBeNull();
    expect(readPrintf('%d', '+7')).toBeNull();
    expect(readPrintf('%x', 'ABC')).toBeNull();
    expect(readPrintf('%d.%d', '1-2')).toBeNull();
    expect(readPrintf('a%d', 'b1')).toBeNull();
    expect(readPrintf('%d!', '1')).toBeNull();
  });

  it('strings and characters', () => {
    expect(readPrintf('<%s>', '<hello>')).toEqual(['hello']);
    expect(readPrintf('%8s|', '   hello|')).toEqual(['hello']);
    expect(readPrintf('%-3c|', 'é  |')).toEqual([0xe9n]);
    expect(readPrintf('%.2s', 'hello')).toBeNull();
  });

  it('throws for formats RFC 9741 forbids or this reader does not implement', () => {
    expect(() => readPrintf('%ld', '1')).toThrow(PrintfError);
    expect(() => readPrintf('%p', '1')).toThrow(/not allowed/);
    expect(() => readPrintf('%n', '')).toThrow(/not allowed/);
    expect(() => readPrintf('%.2f', '1.50')).toThrow(/floating-point/);
    expect(() => readPrintf('%*d', '1')).toThrow(PrintfError);
    expect(() => readPrintf('%s%s', 'ab')).toThrow(/nothing between them/);
    expect(() => readPrintf('%k', 'x')).toThrow(/not a printf conversion/);
  });
});
