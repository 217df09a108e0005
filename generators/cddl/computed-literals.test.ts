import { describe, expect, it } from 'vitest';
import { catLiteral, ComputedLiteralError, dedent, plusLiteral } from './computed-literals.ts';

const int = (value: number) => ({ kind: 'int', value }) as const;
const float = (value: number) => ({ kind: 'float', value }) as const;
const text = (value: string) => ({ kind: 'text', value }) as const;
const bytes = (hex: string) => ({ kind: 'bytes', hex }) as const;

describe('computed literals (RFC 9165 §2)', () => {
  it('.plus keeps the kind of the target; an integer plus a float is floored', () => {
    expect(plusLiteral(int(3), int(4))).toEqual(int(7));
    expect(plusLiteral(int(3), float(-0.5))).toEqual(int(2));
    expect(plusLiteral(float(1.5), int(1))).toEqual(float(2.5));
    expect(plusLiteral({ kind: 'int', value: 2 ** 64, big: '18446744073709551615' }, int(1))).toEqual({
      kind: 'int',
      value: 2 ** 64,
      big: '18446744073709551616',
    });
    expect(() => plusLiteral(text('a'), int(1))).toThrow(ComputedLiteralError);
  });

  it('.cat concatenates bytes into a string of the target kind; a text result must be UTF-8', () => {
    expect(catLiteral(text('foo'), bytes('0a62'))).toEqual(text('foo\nb'));
    expect(catLiteral(bytes('01'), text('A'))).toEqual(bytes('0141'));
    expect(() => catLiteral(text('a'), bytes('ff'))).toThrow(/not valid UTF-8/);
    expect(() => catLiteral(text('a'), int(1))).toThrow(ComputedLiteralError);
  });

  it('.det dedents both sides by their smallest indentation, blank lines as far as they go', () => {
    expect(dedent('\n   a = 1\n     b\n \n')).toBe('\na = 1\n  b\n\n');
    expect(dedent('x')).toBe('x');
    expect(catLiteral(text('oid'), text('\n  oid = 1*arc\n  arc = %x00-7f\n'), true)).toEqual(text('oid\noid = 1*arc\narc = %x00-7f\n'));
  });
});
