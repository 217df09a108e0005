import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import { parseCddl } from '../parse/parser.ts';
import { lowerSpec } from './lower.ts';

function lower(...lines: string[]) {
  const { spec, diagnostics } = parseCddl(lines.join('\n'), 'test.cddl');
  expect(diagnostics).toEqual([]);
  const lowered = lowerSpec(spec);
  return { rules: lowered.rules, messages: lowered.diagnostics.map(formatDiagnostic) };
}

/** `file:line:col [code]` of each diagnostic. */
const where = (messages: string[]): string[] => messages.map((m) => `${m.split(': error: ')[0]} ${/\[([a-z-]+)\]/.exec(m)?.[1]}`);

describe('lowerSpec: rules defined through themselves', () => {
  it('reports a = a and a = b / b = a instead of overflowing the stack, and lowers nothing of them', () => {
    const self = lower('a = a');
    expect(self.rules).toEqual([]);
    expect(where(self.messages)).toEqual(['test.cddl:1:1 recursive-rule']);
    const mutual = lower('a = b', 'b = a', 'c = [a]', 'd = int');
    expect(mutual.rules.map((r) => r.name)).toEqual(['d']);
    expect(where(mutual.messages)).toEqual(['test.cddl:1:1 recursive-rule', 'test.cddl:2:1 recursive-rule', 'test.cddl:3:6 unsupported-cddl']);
    expect(mutual.messages[2]).toContain("c: 'a' is defined through itself");
  });

  it('reports a group spliced into itself, and one that contains itself through an array', () => {
    expect(where(lower('r = [g]', 'g = (x: int, g)').messages)).toEqual(['test.cddl:2:1 recursive-rule', 'test.cddl:1:6 unsupported-cddl']);
    const viaArray = lower('r = [g]', 'g = (x: int, y: [g])');
    expect(viaArray.rules).toEqual([]);
    expect(viaArray.messages).toHaveLength(1);
    expect(viaArray.messages[0]).toMatch(/^test\.cddl:2:\d+: error: r: types and the rules they use nest more than 200 levels deep/);
  });

  it('lowers recursion through an array, and chains of 20,000 rules, without overflowing', () => {
    expect(lower('tree = [* tree]').rules.map((r) => r.shape)).toEqual([{ k: 'list', element: { k: 'ref', name: 'tree' }, min: 0, max: null }]);
    const aliases = Array.from({ length: 20_000 }, (_, i) => `r${i} = r${i + 1}`);
    expect(lower(...aliases, 'r20000 = int').messages).toEqual([]);
    const arrays = Array.from({ length: 20_000 }, (_, i) => `r${i} = [r${i + 1}]`);
    expect(lower(...arrays, 'r20000 = int').messages).toEqual([]);
    const groups = Array.from({ length: 20_000 }, (_, i) => `g${i} = (x${i}: int, g${i + 1})`);
    expect(where(lower('top = [g0]', ...groups, 'g20000 = (y: int)').messages)).toHaveLength(1);
  });
});

describe('lowerSpec: integers a CBOR codec can represent', () => {
  it('reports ranges, literals and .size beyond them, located at the type', () => {
    const { rules, messages } = lower(
      'a = 0..18446744073709551616',
      'b = -18446744073709551617..0',
      'c = uint .size 9',
      'd = 5..1',
      'e = 1...1',
      'f = 18446744073709551616',
      'g = bstr .size (0..18446744073709551616)',
      'h = &(x: 9007199254740993)',
      'ok = [0..18446744073709551615, -18446744073709551616..-1, uint .size 8, 1...2]',
    );
    expect(rules.map((r) => r.name)).toEqual(['ok']);
    expect(messages.map((m) => m.replace(/ \[unsupported-cddl\]$/, ''))).toEqual([
      'test.cddl:1:5: error: a: range 0..18446744073709551616: its upper bound 18446744073709551616 is outside the CBOR integer range -18446744073709551616..18446744073709551615',
      'test.cddl:2:5: error: b: integer -18446744073709551617 is outside the CBOR integer range -18446744073709551616..18446744073709551615',
      'test.cddl:3:5: error: c: .size 9 on an integer: CBOR integers are 0 to 8 bytes wide',
      'test.cddl:4:5: error: d: range 5..1: it is empty: 5..1 holds no integer',
      'test.cddl:5:5: error: e: range 1...1: it is empty: 1...1 holds no integer',
      'test.cddl:6:5: error: f: integer 18446744073709551616 is outside the CBOR integer range -18446744073709551616..18446744073709551615',
      'test.cddl:7:5: error: g: .size 18446744073709551616: lengths beyond 2^53-1 cannot be represented exactly',
      "test.cddl:8:7: error: h: enumeration member 'x' is 9007199254740993, beyond 2^53-1: its generated constant would be rounded",
    ]);
  });

  it('keeps integers beyond 2^53 exact in choices and ranges instead of rounding them', () => {
    const [a, b] = lower('a = 9007199254740993 / 9007199254740995', 'b = -18446744073709551616..-9007199254740993').rules;
    expect(a!.shape).toEqual({
      k: 'int',
      signed: false,
      ranges: [
        { min: 9007199254740993n, max: 9007199254740993n },
        { min: 9007199254740995n, max: 9007199254740995n },
      ],
      big: true,
    });
    expect(b!.shape).toEqual({ k: 'int', signed: true, ranges: [{ min: -18446744073709551616n, max: -9007199254740993n }], big: true });
  });
});
