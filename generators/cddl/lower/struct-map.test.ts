import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import { parseCddl } from '../parse/parser.ts';
import { lowerSpec } from '../passes/lower.ts';

function lower(...lines: string[]) {
  const { spec, diagnostics } = parseCddl(lines.join('\n'), 'test.cddl');
  expect(diagnostics).toEqual([]);
  const lowered = lowerSpec(spec);
  return { rules: lowered.rules, messages: lowered.diagnostics.map(formatDiagnostic) };
}

describe('maps with fixed keys → struct shapes', () => {
  it('takes fixed integer and text keys (with cuts, `:`, optional) and keeps the wildcards apart', () => {
    const { rules, messages } = lower('m = { 1 ^ => bstr, ? 2: int, kid: bstr, ? "x y": tstr, alg => int, * tstr => any, * nint => any }', 'alg = 3');
    expect(messages).toEqual([]);
    const m = rules.find((r) => r.name === 'm')!.shape;
    if (m.k !== 'struct') throw new Error(`not a struct: ${m.k}`);
    expect(m.struct.fields.map((f) => [f.name, f.key, f.optional, f.shape.k])).toEqual([
      ['1', { kind: 'int', value: 1 }, false, 'bstr'],
      ['2', { kind: 'int', value: 2 }, true, 'int'],
      ['kid', { kind: 'text', value: 'kid' }, false, 'bstr'],
      ['x y', { kind: 'text', value: 'x y' }, true, 'tstr'],
      ['alg', { kind: 'int', value: 3 }, false, 'int'],
    ]);
    expect(m.struct.rest.map((r) => [r.key.k, r.value.k])).toEqual([
      ['tstr', 'any'],
      ['int', 'any'],
    ]);
  });

  it('keeps `{* key => value}` alone a table, as before', () => {
    expect(lower('m = {* tstr => int}').rules[0]!.shape.k).toBe('table');
  });

  it('opens a map that holds a group socket; the plugs are optional members, an empty socket adds none', () => {
    const { rules, messages } = lower('m = { ? 1: tstr, $$ext }', '$$ext //= ( 10: uint )', '$$ext //= ( 11: tstr )', 'e = { $$none }');
    expect(messages).toEqual([]);
    const [m, e] = rules.map((r) => r.shape);
    if (m?.k !== 'struct' || e?.k !== 'struct') throw new Error('not structs');
    expect(m.struct.fields.map((f) => [f.name, f.optional])).toEqual([
      ['1', true],
      ['10', true],
      ['11', true],
    ]);
    expect(m.struct.rest).toEqual([{ key: { k: 'any', maxSize: null }, value: { k: 'any', maxSize: null } }]);
    expect(e.struct).toEqual({ fields: [], rest: [{ key: { k: 'any', maxSize: null }, value: { k: 'any', maxSize: null } }] });
  });

  it('lowers a type socket to its plugs, open to any other item, and an enumeration from a group', () => {
    const { rules, messages } = lower('r = [p: $priority, c: color]', '$priority /= 0 / 1', '$priority /= 2', 'color = &(red: 1, green: 2)');
    expect(messages).toEqual([]);
    const r = rules.find((x) => x.name === 'r')!.shape;
    expect(r.k === 'record' && r.record.fields.map((f) => f.shape)).toEqual([
      {
        k: 'choice',
        options: [
          { k: 'int', signed: false, ranges: [0, 1, 2].map((n) => ({ min: n, max: n })), big: false },
          { k: 'any', maxSize: null },
        ],
      },
      { k: 'int', signed: false, ranges: [1, 2].map((n) => ({ min: n, max: n })), big: false },
    ]);
    expect(rules.find((x) => x.name === 'color')!.enumMembers).toEqual([
      { name: 'red', value: 1 },
      { name: 'green', value: 2 },
    ]);
  });

  it('marks a fixed key without cut that a computed key also takes as uncut', () => {
    const { rules, messages } = lower('a = {', '  ? 1 => int,', '  * int => any', '}', 'c = { 1 => int, * tstr => any }');
    expect(messages).toEqual([]);
    const a = rules.find((x) => x.name === 'a')!.shape;
    expect(a.k === 'struct' && a.struct.fields.map((f) => f.uncut)).toEqual([true]);
    const c = rules.find((x) => x.name === 'c')!.shape;
    expect(c.k === 'struct' && c.struct.fields.map((f) => f.uncut)).toEqual([undefined]); // no text key can be 1
  });

  it('refuses what a codec cannot read, each at file:line:col', () => {
    const { messages } = lower(
      'b = { * tstr => any, * tstr .size 3 => int }',
      'd = { 1: int, ? 1: tstr }',
      'e = { + tstr => int, 1: int }',
      'f = { 2* 1: int }',
    );
    expect(messages).toEqual([
      'test.cddl:1:5: error: b: two computed keys of the map start with the same CBOR major type, so a codec cannot tell which one an entry belongs to [unsupported-cddl]',
      "test.cddl:2:15: error: d: the key 1 is in the map twice ('1' and '1') [unsupported-cddl]",
      "test.cddl:3:7: error: e: a member with a computed key must be written '* key => value' (any number of entries) to become a codec [unsupported-cddl]",
      'test.cddl:4:7: error: f: the fixed key 1 can occur once in a map, not at least 2 times [unsupported-cddl]',
    ]);
  });
});
