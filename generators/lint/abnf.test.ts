import { describe, expect, it } from 'vitest';
import { AbnfError, AbnfMatcher, MAX_STATES } from './abnf.ts';

const codes = (s: string) => [...s].map((c) => c.codePointAt(0)!);
const matcher = (abnf: string) => {
  const m = AbnfMatcher.compile(abnf);
  return (s: string) => m.matches(codes(s));
};
const refusal = (abnf: string): string => {
  try {
    AbnfMatcher.compile(abnf);
  } catch (err) {
    if (err instanceof AbnfError) return err.message;
    throw err;
  }
  throw new Error('compiled');
};

describe('AbnfMatcher: RFC 5234 and RFC 7405', () => {
  it('quoted strings are case-insensitive, %s"…" is case-sensitive, %i"…" explicitly not', () => {
    const m = matcher('a / b / c\na = "Ab"\nb = %s"Cd"\nc = %i"Ef"');
    expect(['ab', 'AB', 'aB', 'Cd', 'ef', 'EF'].map(m)).toEqual([true, true, true, true, true, true]);
    expect(['cd', 'CD', 'abx', ''].map(m)).toEqual([false, false, false, false]);
  });

  it('numeric values: %b, %d, %x, with ranges and dotted concatenation', () => {
    const m = matcher('(%b1000001 / %d66 / %x43-45 / %x46.47.48) ; A, B, C-E, FGH');
    expect(['A', 'B', 'C', 'E', 'FGH'].map(m)).toEqual([true, true, true, true, true]);
    expect(['F', 'FG', 'I', 'a'].map(m)).toEqual([false, false, false, false]);
  });

  it('repetitions *, n*, *m, n*m, n; options [ ]; groups; rules defined later; =/ adds alternatives', () => {
    const m = matcher('2digit *1"-" [sign] 1*3tail\ndigit = %x30-39\nsign = "+"\nsign =/ "~"\ntail = ("x" / "y")');
    expect(['12x', '12-+xyx', '12~y', '12-x'].map(m)).toEqual([true, true, true, true]);
    expect(['1x', '123x', '12xxxx', '12--x', '12'].map(m)).toEqual([false, false, false, false, false]);
    const n = matcher('3"a" 0*2"b"');
    expect(['aaa', 'aaab', 'aaabb', 'aa', 'aaabbb'].map(n)).toEqual([true, true, true, false, false]);
  });

  it('rules may span lines and carry comments; LF alone ends a line (RFC 9165)', () => {
    const m = matcher('date\ndate = year "-"\n       month ; the month\nyear = 4%x30-39\nmonth = 2%x30-39\n');
    expect(m('2024-05')).toBe(true);
    expect(m('2024-5')).toBe(false);
  });

  it('matches in time linear in the input: the pattern that makes backtracking regexps explode', () => {
    const m = matcher('x\nx = *(%x61 / %x61 / %x61 *%x61) %x62');
    expect(m(`${'a'.repeat(20_000)}b`)).toBe(true);
    expect(m(`${'a'.repeat(20_000)}c`)).toBe(false);
  });

  it('refuses what it cannot match or what is malformed, naming the problem', () => {
    expect(refusal('x = "a"')).toMatch(/must start with the element to match/);
    expect(refusal('g\ng = "(" *g ")"')).toMatch(/'g' is recursive/);
    expect(refusal('x\nx = <any text>')).toMatch(/prose value '<any text>'/);
    expect(refusal('x\nx = DIGIT')).toMatch(/ABNF line 2: rule 'digit' is not defined/);
    expect(refusal('x\nx = "a"\nx = "b"')).toMatch(/defined twice/);
    expect(refusal('x\nx = 3*2"a"')).toMatch(/maximum below its minimum/);
    expect(refusal('x\nx = %x7a-61')).toMatch(/ends below its start/);
    expect(refusal('x\nx = %b102')).toMatch(/not a valid %b value/);
    expect(refusal('x\nx = "a" /')).toMatch(/expected an element/);
    expect(refusal('x\nx = ("a"')).toMatch(/expected '\)'/);
    expect(refusal('x\nx = "a" @')).toMatch(/'@' is not ABNF syntax/);
    expect(refusal(`x\nx = ${MAX_STATES}"a"`)).toMatch(/more than 100000 states/);
  });
});
