import { describe, it, expect } from 'vitest';
import { formatDiagnostic } from '../common/diagnostics.ts';
import type { CddlSpec } from '../cddl/ir.ts';
import { didYouMean } from '../common/suggestions.ts';
import { lintCddl } from './cddl-lint.ts';
import { DRAFT_CDDL_FILES } from '../cddl/parse/drafts.fixture.ts';
import { parseCddl } from '../cddl/parse/parser.ts';

function spec(text: string, file = 'test.cddl'): CddlSpec {
  const { spec, diagnostics } = parseCddl(text, file);
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return spec;
}

function lint(...sources: Array<string | [file: string, text: string]>): string[] {
  return lintCddl(sources.map((s) => (typeof s === 'string' ? spec(s) : spec(s[1], s[0])))).map(formatDiagnostic);
}

const draft = (v: string) =>
  ['mimi-content', 'implied', 'delivery-report'].map((f): [string, string] => [`v${v}/${f}.cddl`, DRAFT_CDDL_FILES[`v${v}/${f}.cddl`] ?? '']);

describe('lintCddl: undefined-rule', () => {
  it('reports dangling references with a did-you-mean hint; prelude names, sockets and generic parameters are fine', () => {
    expect(
      lint(
        [
          'root = [ a: Tmestamp, b: uint, c: $ext, d: $$more, e: &Colour, f: ~Hdr, g: pair<tstr>, h: Missing ]',
          'Timestamp = uint',
          'pair<t> = [t, t]',
          'colour = &(red: 1)',
          'Hdr = [x: int]',
        ].join('\n'),
      ),
    ).toEqual([
      "test.cddl:1:13: error: 'Tmestamp' is not defined (used in rule 'root') [undefined-rule]\n  hint: did you mean 'Timestamp'?",
      "test.cddl:1:55: error: 'Colour' is not defined (used in rule 'root') [undefined-rule]\n  hint: did you mean 'colour'?",
      "test.cddl:1:91: error: 'Missing' is not defined (used in rule 'root') [undefined-rule]\n  hint: define it with 'Missing = …', or use a prelude type",
      "test.cddl:2:1: warning: rule 'Timestamp' is never used [unused-rule]\n  hint: remove it, or use it from another rule",
      "test.cddl:4:1: warning: rule 'colour' is never used [unused-rule]\n  hint: remove it, or use it from another rule",
    ]);
  });

  it('suggests prelude names', () => {
    expect(didYouMean('unit', ['uint', 'tstr'])).toBe('uint');
    expect(didYouMean('InReplyTo', ['MessageId', 'Expiration'])).toBeUndefined();
  });

  it('resolves names across the specs given', () => {
    expect(lint(['a.cddl', 'a = [b]'], ['b.cddl', 'b = int'])).toEqual([]);
  });

  it("follows RFC 9682's computed tag numbers and simple values: #6.<type>(…), #7.<type>", () => {
    expect(lint('root = [#6.<ct-number>(int), #7.<simple-number>, #6.<Mising>(int)]\nct-number = 1668546817..1668612095\nsimple-number = 20..21')).toEqual([
      "test.cddl:1:54: error: 'Mising' is not defined (used in rule 'root') [undefined-rule]\n  hint: define it with 'Mising = …', or use a prelude type",
    ]);
  });
});

describe('lintCddl: duplicate-rule and repeated-rule', () => {
  it('errors on a different redefinition, warns on an identical one, ignores /= and //=', () => {
    expect(
      lint(
        ['a.cddl', ['root = [x, y, $s]', 'x = bstr .size 32', 'y = int', '$s /= int'].join('\n')],
        ['b.cddl', ['x = bstr  .size 32 ; same', 'y = uint', '$s /= tstr'].join('\n')],
      ),
    ).toEqual([
      "b.cddl:1:1: warning: rule 'x' is defined again, identically (first at a.cddl:2:1) [repeated-rule]\n  hint: remove the repeated definition",
      "b.cddl:2:1: error: rule 'y' is defined twice with '=', differently (first at a.cddl:3:1) [duplicate-rule]\n  hint: rename one of them; to add alternatives to the first, write 'y /= …'",
    ]);
  });
});

describe('lintCddl: duplicate-key', () => {
  it('in a map (bareword and text keys are the same key), value keys, enumerations; not across choices', () => {
    expect(
      lint(
        [
          'm = { a: int, "a": tstr, 1: int, 0x1: int, ? (b: int), b: int }',
          'c = { x: int // x: tstr }',
          'e = &( red: 1, green: 2, red: 3, blue: 2 )',
          'root = [m, c, e]',
        ].join('\n'),
      ),
    ).toEqual([
      'test.cddl:1:15: error: duplicate key "a" in map of rule \'m\' (first at 1:7) [duplicate-key]\n  hint: remove or rename one of the two members',
      "test.cddl:1:34: error: duplicate key 1 in map of rule 'm' (first at 1:26) [duplicate-key]\n  hint: remove or rename one of the two members",
      "test.cddl:1:56: error: duplicate key 'b' in map of rule 'm' (first at 1:47) [duplicate-key]\n  hint: remove or rename one of the two members",
      "test.cddl:3:26: error: duplicate name 'red' in the enumeration of rule 'e' (first at 3:8) [duplicate-key]\n  hint: rename one of the two members",
      "test.cddl:3:34: error: duplicate value 2 in the enumeration of rule 'e': 'blue' and 'green' (first at 3:16) [duplicate-key]\n  hint: give each member its own value",
      "test.cddl:4:1: warning: rule 'root' is never used [unused-rule]\n  hint: remove it, or use it from another rule",
    ]);
  });
});

describe('lintCddl: unused-rule', () => {
  it('the first rule of each file is its root; self-references do not count; sockets are never unused', () => {
    expect(lint(['root = [a]', 'a = int', 'tree = [* tree]', '$ext /= int'].join('\n'))).toEqual([
      "test.cddl:3:1: warning: rule 'tree' is never used [unused-rule]\n  hint: remove it, or use it from another rule",
    ]);
  });
});

describe('lintCddl: draft-ietf-mimi-content', () => {
  it('-05: the dangling InReplyTo and the duplicate inReplyTo member (mimi-content.cddl as published)', () => {
    const mimiContent05 = [
      'mimiContent = [',
      '  salt: bstr .size 32,',
      '  replaces: null / MessageId,',
      '  topicId: bstr,',
      '  expires: null / Expiration,',
      '  inReplyTo: null / MessageId,',
      '  inReplyTo: null / InReplyTo,',
      '  lastSeen: [* MessageId],',
      '  extensions: {* name => value },',
      '  nestedPart: NestedPart',
      ']',
    ].join('\n');
    expect(DRAFT_CDDL_FILES['v05/mimi-content.cddl']?.startsWith(mimiContent05)).toBe(true);
    expect(lint(...draft('05'))).toEqual([
      "v05/delivery-report.cddl:22:1: warning: rule 'MessageId' is defined again, identically (first at v05/mimi-content.cddl:67:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v05/delivery-report.cddl:23:1: warning: rule 'Timestamp' is defined again, identically (first at v05/implied.cddl:13:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v05/implied.cddl:12:1: warning: rule 'MessageId' is defined again, identically (first at v05/mimi-content.cddl:67:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v05/mimi-content.cddl:7:3: error: duplicate key 'inReplyTo' in array of rule 'mimiContent' (first at 6:3) [duplicate-key]\n  hint: remove or rename one of the two members",
      "v05/mimi-content.cddl:7:21: error: 'InReplyTo' is not defined (used in rule 'mimiContent') [undefined-rule]\n  hint: define it with 'InReplyTo = …', or use a prelude type",
    ]);
  });

  it('-07: no errors, only the repeated shared definitions', () => {
    expect(lint(...draft('07'))).toEqual([
      "v07/delivery-report.cddl:19:1: warning: rule 'MessageId' is defined again, identically (first at v07/mimi-content.cddl:67:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v07/implied.cddl:12:1: warning: rule 'MessageId' is defined again, identically (first at v07/mimi-content.cddl:67:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v07/implied.cddl:18:1: warning: rule 'name' is defined again, identically (first at v07/mimi-content.cddl:69:1) [repeated-rule]\n  hint: remove the repeated definition",
      "v07/implied.cddl:19:1: warning: rule 'value' is defined again, identically (first at v07/mimi-content.cddl:70:1) [repeated-rule]\n  hint: remove the repeated definition",
    ]);
  });
});

describe('lintCddl: recursive-rule', () => {
  const codes = (...lines: string[]): string[] =>
    lint(lines.join('\n'))
      .filter((m) => m.includes('[recursive-rule]'))
      .map((m) => m.split(': error: ')[0]!);

  it('reports a = a and a = b / b = a, located at each rule of the cycle', () => {
    expect(lint('a = a')).toEqual([
      "test.cddl:1:1: error: rule 'a' refers to itself with no array, map or tag in between: it has no finite value, and a codec for it would recurse without reading any data [recursive-rule]\n  hint: put the recursion inside an array, map or tag (as in 'a = int / [* a]'), or remove it",
    ]);
    expect(lint('a = b\nb = a')).toEqual([
      "test.cddl:1:1: error: rule 'a' refers to itself through rule 'b' with no array, map or tag in between: it has no finite value, and a codec for it would recurse without reading any data [recursive-rule]\n  hint: put the recursion inside an array, map or tag (as in 'a = int / [* a]'), or remove it",
      "test.cddl:2:1: error: rule 'b' refers to itself through rule 'a' with no array, map or tag in between: it has no finite value, and a codec for it would recurse without reading any data [recursive-rule]\n  hint: put the recursion inside an array, map or tag (as in 'b = int / [* b]'), or remove it",
    ]);
  });

  it('finds cycles through choices, parentheses, group splices, enumerations and socket additions', () => {
    expect(codes('a = int / (a)')).toEqual(['test.cddl:1:1']);
    expect(codes('root = [g]', 'g = (x: int, h)', 'h = (y: int // g)')).toEqual(['test.cddl:2:1', 'test.cddl:3:1']);
    expect(codes('root = [g]', 'g = (x: &g)')).toEqual(['test.cddl:2:1']);
    expect(codes('root = $s', '$s /= int', '$s /= root')).toEqual(['test.cddl:1:1', 'test.cddl:2:1']);
  });

  it('accepts recursion through an array, a map or a tag, and long chains without a cycle', () => {
    expect(codes('tree = [* tree]', 'm = { * tstr => m / int }', 't = #6.1(t) / int', 'root = [tree, m, t]')).toEqual([]);
    const chain = Array.from({ length: 20_000 }, (_, i) => `r${i} = r${i + 1}`).join('\n');
    expect(codes(`${chain}\nr20000 = int`)).toEqual([]);
    expect(codes(`${chain}\nr20000 = r0`)).toHaveLength(20_001);
  });
});

describe('lintCddl: invalid-range and invalid-size', () => {
  it('reports ranges beyond the CBOR integers, empty ranges and oversized .size, with exact integers', () => {
    expect(
      lint(
        [
          'root = [a, b, c, d, e, f, g]',
          'a = 0..18446744073709551616',
          'b = -18446744073709551617..0',
          'c = uint .size 9',
          'd = 5..1',
          'e = 1...1',
          'f = 9007199254740993..9007199254740992',
          'g = 0..top',
          'top = 18446744073709551616',
        ].join('\n'),
      ).filter((m) => m.includes('error')),
    ).toEqual([
      "test.cddl:2:5: error: range '0..18446744073709551616' in rule 'a': its upper bound 18446744073709551616 is outside the CBOR integer range -18446744073709551616..18446744073709551615 [invalid-range]\n  hint: integers beyond 64 bits are bignums (biguint, bignint), which a range does not describe",
      "test.cddl:3:5: error: range '-18446744073709551617..0' in rule 'b': its lower bound -18446744073709551617 is outside the CBOR integer range -18446744073709551616..18446744073709551615 [invalid-range]\n  hint: integers beyond 64 bits are bignums (biguint, bignint), which a range does not describe",
      "test.cddl:4:5: error: 'uint .size 9' in rule 'c': .size 9 on an integer: CBOR integers are 0 to 8 bytes wide [invalid-size]",
      "test.cddl:5:5: error: range '5..1' in rule 'd': it is empty: 5..1 holds no integer [invalid-range]\n  hint: write the smaller bound first ('...' leaves out the upper bound)",
      "test.cddl:6:5: error: range '1...1' in rule 'e': it is empty: 1...1 holds no integer [invalid-range]\n  hint: write the smaller bound first ('...' leaves out the upper bound)",
      "test.cddl:7:5: error: range '9007199254740993..9007199254740992' in rule 'f': it is empty: 9007199254740993..9007199254740992 holds no integer [invalid-range]\n  hint: write the smaller bound first ('...' leaves out the upper bound)",
      "test.cddl:8:5: error: range '0..top' in rule 'g': its upper bound 18446744073709551616 is outside the CBOR integer range -18446744073709551616..18446744073709551615 [invalid-range]\n  hint: integers beyond 64 bits are bignums (biguint, bignint), which a range does not describe",
    ]);
  });

  it('accepts the full CBOR integer range and the sizes the drafts use', () => {
    expect(
      lint('root = [0..18446744073709551615, -18446744073709551616..-1, uint .size 8, bstr .size 32, tstr .size (1..255), any .size (0..4095), 1...2]'),
    ).toEqual([]);
  });
});
