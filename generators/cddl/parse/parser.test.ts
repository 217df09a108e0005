import { describe, it, expect } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import type { GroupEntry, Rule, Type, Type1, Type2, Value } from '../ir.ts';
import { DRAFT_CDDL_FENCES, DRAFT_CDDL_FILES } from './drafts.fixture.ts';
import { CDDL_MAX_NESTING, parseCddl } from './parser.ts';
import { CDDL_PRELUDE } from './prelude.ts';

const FILE = 'spec/test.cddl';

function parse(text: string) {
  return parseCddl(text, FILE);
}

/** Parses input that must be clean and returns its rules. */
function clean(text: string, file = FILE): Rule[] {
  const { spec, diagnostics } = parseCddl(text, file);
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return spec.rules;
}

/** Drops `provenance` and `text` so structural assertions stay readable. */
function shape<T>(node: T): T {
  if (Array.isArray(node)) return node.map(shape) as T;
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'provenance' && k !== 'text') out[k] = shape(v);
    return out as T;
  }
  return node;
}

/** The type of the single rule `text` defines, without provenance. */
function typeOf(text: string): Type {
  const [rule] = clean(text);
  if (rule?.kind !== 'type') throw new Error(`not a type rule: ${text}`);
  return shape(rule.type);
}

function messages(text: string): string[] {
  return parse(text).diagnostics.map(formatDiagnostic);
}

const t1 = (base: Type2, extra: Omit<Type1, 'base' | 'provenance'> = {}): Type1 => ({ base, ...extra }) as Type1;
const ty = (...options: Array<Type2 | Type1>): Type => ({
  options: options.map((o) => ('base' in o ? o : t1(o))),
});
const ref = (name: string, args?: Type[]): Type2 => (args ? { kind: 'ref', name, args } : { kind: 'ref', name });
const int = (value: number): Type2 => ({ kind: 'value', value: { kind: 'int', value } });
const val = (value: Value): Type2 => ({ kind: 'value', value });
const text = (value: string): Value => ({ kind: 'text', value });
type Entry = Record<string, unknown>;
const member = (key: Entry['key'] | undefined, type: Type, occurrence?: { min: number; max: number | null }): GroupEntry =>
  ({ kind: 'member', ...(occurrence ? { occurrence } : {}), ...(key ? { key } : {}), type }) as GroupEntry;
const bare = (name: string) => ({ kind: 'bareword', name });
const at = (line: number, col: number) => ({ file: FILE, line, col });

describe('parseCddl: spec', () => {
  it('names the spec after the file, or the given name', () => {
    expect(parseCddl('', 'spec/mimi-content.cddl').spec).toEqual({ irVersion: 1, name: 'mimi-content', rules: [] });
    expect(parseCddl('', 'x/y.cddl', 'content').spec.name).toBe('content');
  });

  it('exports the RFC 8610 prelude names', () => {
    expect(CDDL_PRELUDE.size).toBe(40);
    for (const name of ['any', 'uint', 'encoded-cbor', 'float16-32', 'undefined', 'tdate', 'mime-message']) expect(CDDL_PRELUDE.has(name)).toBe(true);
  });
});

describe('parseCddl: rules', () => {
  it("type rule with provenance and text (trailing same-line comment kept, next rule's comment not)", () => {
    const rules = clean(
      ['MessageId = bstr .size 32          ; derived from SHA256', '; milliseconds since epoch', 'MsecsSinceEpoch = uint .size 8'].join('\n'),
    );
    expect(rules).toEqual([
      {
        kind: 'type',
        name: 'MessageId',
        assign: '=',
        type: { options: [{ base: ref('bstr'), control: { name: 'size', arg: int(32) }, provenance: at(1, 13) }] },
        text: 'MessageId = bstr .size 32          ; derived from SHA256',
        provenance: at(1, 1),
      },
      {
        kind: 'type',
        name: 'MsecsSinceEpoch',
        assign: '=',
        type: { options: [{ base: ref('uint'), control: { name: 'size', arg: int(8) }, provenance: at(3, 19) }] },
        text: 'MsecsSinceEpoch = uint .size 8',
        provenance: at(3, 1),
      },
    ]);
  });

  it('group rule: parentheses holding a member key; a parenthesised type otherwise', () => {
    const rules = clean(['NullPart = ( cardinality: nullpart )', 'P = ( int / tstr )', 'E = ()', 'Q = ( a, b )'].join('\n'));
    expect(shape(rules)).toEqual([
      { kind: 'group', name: 'NullPart', assign: '=', group: { choices: [[member(bare('cardinality'), ty(ref('nullpart')))]] } },
      { kind: 'type', name: 'P', assign: '=', type: ty({ kind: 'paren', type: ty(ref('int'), ref('tstr')) }) },
      { kind: 'group', name: 'E', assign: '=', group: { choices: [[]] } },
      { kind: 'group', name: 'Q', assign: '=', group: { choices: [[member(undefined, ty(ref('a'))), member(undefined, ty(ref('b')))]] } },
    ]);
    expect(rules[0]?.provenance).toEqual(at(1, 1));
    if (rules[0]?.kind === 'group') expect(rules[0].group.choices[0]?.[0]?.provenance).toEqual(at(1, 14));
  });

  it('group rule without parentheses: a single entry with key or occurrence', () => {
    expect(shape(clean('a = b: int\nc = * tstr => any'))).toEqual([
      { kind: 'group', name: 'a', assign: '=', group: { choices: [[member(bare('b'), ty(ref('int')))]] } },
      {
        kind: 'group',
        name: 'c',
        assign: '=',
        group: { choices: [[member({ kind: 'type', type: ty(ref('tstr')), cut: false }, ty(ref('any')), { min: 0, max: null })]] },
      },
    ]);
  });

  it("'/=' and '//=' on sockets", () => {
    const rules = clean(['$extDispos /= 9 / 10', '$$ext //= ( a: 1 // b: 2 )', '$$one //= c: 3'].join('\n'));
    expect(shape(rules)).toEqual([
      { kind: 'type', name: '$extDispos', assign: '/=', type: ty(int(9), int(10)) },
      {
        kind: 'group',
        name: '$$ext',
        assign: '//=',
        group: { choices: [[member(bare('a'), ty(int(1)))], [member(bare('b'), ty(int(2)))]] },
      },
      { kind: 'group', name: '$$one', assign: '//=', group: { choices: [[member(bare('c'), ty(int(3)))]] } },
    ]);
  });

  it('generic parameters and arguments', () => {
    expect(shape(clean('pair<a, b> = [first: a, second: b]\nx = pair<int, tstr / bstr>'))).toEqual([
      {
        kind: 'type',
        name: 'pair',
        params: ['a', 'b'],
        assign: '=',
        type: ty({ kind: 'array', group: { choices: [[member(bare('first'), ty(ref('a'))), member(bare('second'), ty(ref('b')))]] } }),
      },
      { kind: 'type', name: 'x', assign: '=', type: ty(ref('pair', [ty(ref('int')), ty(ref('tstr'), ref('bstr'))])) },
    ]);
  });

  it('rule text runs through multi-line definitions with inner comments', () => {
    const src = [
      'InReplyTo = [',
      '  message: MessageId,',
      '  hashAlg: uint .size 8,   ; a value from the IANA',
      '                           ; registry',
      '  hash: bstr',
      ']',
      '',
      'x = 1',
    ].join('\n');
    expect(clean(src)[0]?.text).toBe(src.split('\n').slice(0, 6).join('\n'));
  });

  it('picks up `; source:` comments as draft provenance', () => {
    const [rule] = clean('; source: draft-ietf-mimi-content-07.md:212 § 2.1 Message\nx = int');
    expect(rule?.provenance).toEqual({ ...at(2, 1), draft: 'draft-ietf-mimi-content', version: '07', section: '2.1 Message', draftLine: 212 });
  });
});

describe('parseCddl: groups', () => {
  it('arrays with named positional members and keyless entries', () => {
    expect(typeOf('s = [ salt: bstr .size 16, * PerMessageStatus ]')).toEqual(
      ty({
        kind: 'array',
        group: {
          choices: [
            [
              member(bare('salt'), ty(t1(ref('bstr'), { control: { name: 'size', arg: int(16) } }))),
              member(undefined, ty(ref('PerMessageStatus')), { min: 0, max: null }),
            ],
          ],
        },
      }),
    );
  });

  it('group choices inside arrays, across lines, with literal members', () => {
    expect(typeOf('a = [\n  x: int,\n  ( A //\n    B // 1 //\n "s")\n]')).toEqual(
      ty({
        kind: 'array',
        group: {
          choices: [
            [
              member(bare('x'), ty(ref('int'))),
              {
                kind: 'inline',
                group: {
                  choices: [
                    [member(undefined, ty(ref('A')))],
                    [member(undefined, ty(ref('B')))],
                    [member(undefined, ty(int(1)))],
                    [member(undefined, ty(val(text('s'))))],
                  ],
                },
              } as GroupEntry,
            ],
          ],
        },
      }),
    );
  });

  it('inline groups with occurrence, and a parenthesised type as entry', () => {
    expect(typeOf('a = [ ? (b: int, c: int), (int / tstr) ]')).toEqual(
      ty({
        kind: 'array',
        group: {
          choices: [
            [
              {
                kind: 'inline',
                occurrence: { min: 0, max: 1 },
                group: { choices: [[member(bare('b'), ty(ref('int'))), member(bare('c'), ty(ref('int')))]] },
              } as GroupEntry,
              member(undefined, ty({ kind: 'paren', type: ty(ref('int'), ref('tstr')) })),
            ],
          ],
        },
      }),
    );
  });

  it('occurrence indicators ?, *, +, n*m, n*, *m', () => {
    const t = typeOf('o = [? a, * b, + c, 2* d, *3 e, 1*4 f, 0x2*0b11 g]');
    const entries = t.options[0]?.base.kind === 'array' ? t.options[0].base.group.choices[0] : [];
    expect(entries?.map((e) => e.occurrence)).toEqual([
      { min: 0, max: 1 },
      { min: 0, max: null },
      { min: 1, max: null },
      { min: 2, max: null },
      { min: 0, max: 3 },
      { min: 1, max: 4 },
      { min: 2, max: 3 },
    ]);
  });

  it('maps: cuts, bareword keys, value keys, computed keys', () => {
    expect(typeOf('m = {* tstr ^ => any, name: tstr, 1: int, -2: int, "x": bool, &(x: 1) ^ => uint}')).toEqual(
      ty({
        kind: 'map',
        group: {
          choices: [
            [
              member({ kind: 'type', type: ty(ref('tstr')), cut: true }, ty(ref('any')), { min: 0, max: null }),
              member(bare('name'), ty(ref('tstr'))),
              member({ kind: 'value', value: { kind: 'int', value: 1 } }, ty(ref('int'))),
              member({ kind: 'value', value: { kind: 'int', value: -2 } }, ty(ref('int'))),
              member({ kind: 'value', value: text('x') }, ty(ref('bool'))),
              member({ kind: 'type', type: ty({ kind: 'enum', group: { choices: [[member(bare('x'), ty(int(1)))]] } }), cut: true }, ty(ref('uint'))),
            ],
          ],
        },
      }),
    );
  });

  it("optional commas (the drafts' fences rely on them)", () => {
    expect(typeOf('a = [\n  x: uint   ; {14},\n  y: uint\n]')).toEqual(
      ty({ kind: 'array', group: { choices: [[member(bare('x'), ty(ref('uint'))), member(bare('y'), ty(ref('uint')))]] } }),
    );
  });
});

describe('parseCddl: types', () => {
  it('type choices, enumerations and &name', () => {
    expect(typeOf('s = baseStatus / $extStatus / &( unknown: 7..255 ) / &other')).toEqual(
      ty(
        ref('baseStatus'),
        ref('$extStatus'),
        {
          kind: 'enum',
          group: { choices: [[member(bare('unknown'), ty(t1(int(7), { range: { inclusive: true, to: int(255) } })))]] },
        },
        { kind: 'enumRef', name: 'other' },
      ),
    );
  });

  it('controls: .size with a value or a parenthesised range, .default, any other', () => {
    expect(typeOf('n = tstr .size (1..255) / uint .default 3 / tstr .regexp "[a-z]+" / bstr .cbor Foo')).toEqual(
      ty(
        t1(ref('tstr'), {
          control: { name: 'size', arg: { kind: 'paren', type: ty(t1(int(1), { range: { inclusive: true, to: int(255) } })) } },
        }),
        t1(ref('uint'), { control: { name: 'default', arg: int(3) } }),
        t1(ref('tstr'), { control: { name: 'regexp', arg: val(text('[a-z]+')) } }),
        t1(ref('bstr'), { control: { name: 'cbor', arg: ref('Foo') } }),
      ),
    );
  });

  it('ranges .. and ..., with names as bounds', () => {
    expect(typeOf('r = 0...10 / min..max / lo .. 0x10')).toEqual(
      ty(
        t1(int(0), { range: { inclusive: false, to: int(10) } }),
        t1(ref('min'), { range: { inclusive: true, to: ref('max') } }),
        t1(ref('lo'), { range: { inclusive: true, to: int(16) } }),
      ),
    );
  });

  it('tags, major types, any; #6.1001 is a tag, not a float', () => {
    expect(typeOf('t = #6.1001({* name => value }) / #6(int) / #6.62(uint .size 8) / #7.25 / #1 / #6 / #')).toEqual(
      ty(
        {
          kind: 'tag',
          tag: 1001,
          type: ty({
            kind: 'map',
            group: { choices: [[member({ kind: 'type', type: ty(ref('name')), cut: false }, ty(ref('value')), { min: 0, max: null })]] },
          }),
        },
        { kind: 'tag', tag: null, type: ty(ref('int')) },
        { kind: 'tag', tag: 62, type: ty(t1(ref('uint'), { control: { name: 'size', arg: int(8) } })) },
        { kind: 'major', major: 7, arg: 25 },
        { kind: 'major', major: 1, arg: null },
        { kind: 'major', major: 6, arg: null },
        { kind: 'any' },
      ),
    );
  });

  it("RFC 9682 computed head numbers: #6.<type>(type) and #7.<type> keep the number's type; #6.0x20 is hex", () => {
    expect(typeOf('t = #6.<ct-tag-number>(bstr) / #7.<20..21> / #6.0x20(tstr)')).toEqual(
      ty(
        { kind: 'tag', tag: null, type: ty(ref('bstr')), numberType: ty(ref('ct-tag-number')) },
        { kind: 'major', major: 7, arg: null, numberType: ty(t1(int(20), { range: { inclusive: true, to: int(21) } })) },
        { kind: 'tag', tag: 32, type: ty(ref('tstr')) },
      ),
    );
    expect(messages('t = #6.<1..9>')).toEqual([
      "spec/test.cddl:1:14: error: expected '(' and the tagged type after '#6.<…>', found end of input [unexpected-token]",
    ]);
  });

  it('unwrap, sockets, prelude names, generic args on unwrap', () => {
    expect(typeOf('u = [~header, $$ext, encoded-cbor, ~g<int>]')).toEqual(
      ty({
        kind: 'array',
        group: {
          choices: [
            [
              member(undefined, ty({ kind: 'unwrap', name: 'header' })),
              member(undefined, ty(ref('$$ext'))),
              member(undefined, ty(ref('encoded-cbor'))),
              member(undefined, ty({ kind: 'unwrap', name: 'g', args: [ty(ref('int'))] })),
            ],
          ],
        },
      }),
    );
  });

  it('literals: ints, hex, binary, floats, big ints, text escapes, byte strings', () => {
    const v = (s: string): Value => {
      const base = typeOf(`x = ${s}`).options[0]?.base;
      if (base?.kind !== 'value') throw new Error(s);
      return base.value;
    };
    expect(v('42')).toEqual({ kind: 'int', value: 42 });
    expect(v('-7')).toEqual({ kind: 'int', value: -7 });
    expect(v('0x1F')).toEqual({ kind: 'int', value: 31 });
    expect(v('0b101')).toEqual({ kind: 'int', value: 5 });
    expect(v('18446744073709551615')).toEqual({ kind: 'int', value: 2 ** 64, big: '18446744073709551615' });
    expect(v('-1.5')).toEqual({ kind: 'float', value: -1.5 });
    expect(v('1e3')).toEqual({ kind: 'float', value: 1000 });
    expect(v('0x1.8p1')).toEqual({ kind: 'float', value: 3 });
    expect(v('"a\\"b\\\\c\\n\\u00e9\\u{1F600}"')).toEqual(text('a"b\\c\né😀'));
    expect(v("h'01 02 ; a comment\n  0A ff'")).toEqual({ kind: 'bytes', hex: '01020aff' });
    expect(v("'hi\\''")).toEqual({ kind: 'bytes', hex: '686927' });
    expect(v("b64'AQID'")).toEqual({ kind: 'bytes', hex: '010203' });
    expect(v("b64'-_8'")).toEqual({ kind: 'bytes', hex: 'fbff' });
  });
});

describe('parseCddl: draft-ietf-mimi-content', () => {
  const files = (v: string) => ['mimi-content', 'implied', 'delivery-report'].map((f) => [`v${v}/${f}.cddl`, DRAFT_CDDL_FILES[`v${v}/${f}.cddl`] ?? '']);

  it('-07 mimi-content.cddl: zero diagnostics, key structure', () => {
    const rules = clean(DRAFT_CDDL_FILES['v07/mimi-content.cddl'] ?? '', 'mimi-content.cddl');
    expect(rules.map((r) => `${r.kind}:${r.name}`)).toEqual([
      'type:mimiContent',
      'type:NestedPart',
      'group:NullPart',
      'group:SinglePart',
      'group:ExternalPart',
      'group:MultiPart',
      'type:Expiration',
      'type:baseDispos',
      'type:unknownDispos',
      'type:MessageId',
      'type:name',
      'type:value',
      'type:nullpart',
      'type:single',
      'type:external',
      'type:multi',
      'type:chooseOne',
      'type:singleUnit',
      'type:processAll',
    ]);
    const byName = new Map(rules.map((r) => [r.name, r]));

    const content = byName.get('mimiContent');
    const contentBase = content?.kind === 'type' ? content.type.options[0]?.base : undefined;
    expect(contentBase?.kind).toBe('array');
    const members = contentBase?.kind === 'array' ? (contentBase.group.choices[0] ?? []) : [];
    expect(members.map((m) => (m.kind === 'member' && m.key?.kind === 'bareword' ? m.key.name : '?'))).toEqual([
      'salt',
      'replaces',
      'topicId',
      'expires',
      'inReplyTo',
      'extensions',
      'nestedPart',
    ]);
    expect(shape(members[0])).toEqual(member(bare('salt'), ty(t1(ref('bstr'), { control: { name: 'size', arg: int(16) } }))));
    expect(shape(members[5])).toEqual(
      member(
        bare('extensions'),
        ty({
          kind: 'map',
          group: { choices: [[member({ kind: 'type', type: ty(ref('name')), cut: false }, ty(ref('value')), { min: 0, max: null })]] },
        }),
      ),
    );

    const nested = byName.get('NestedPart');
    const nestedBase = nested?.kind === 'type' ? nested.type.options[0]?.base : undefined;
    const third = nestedBase?.kind === 'array' ? nestedBase.group.choices[0]?.[2] : undefined;
    expect(third?.kind).toBe('inline');
    expect(shape(third)).toEqual({
      kind: 'inline',
      group: { choices: ['NullPart', 'SinglePart', 'ExternalPart', 'MultiPart'].map((n) => [member(undefined, ty(ref(n)))]) },
    });
    expect(third?.provenance).toEqual({ file: 'mimi-content.cddl', line: 14, col: 3 });

    const multi = byName.get('MultiPart');
    expect(multi?.kind === 'group' && shape(multi.group.choices[0]?.[2])).toEqual(
      member(bare('parts'), ty({ kind: 'array', group: { choices: [[member(undefined, ty(ref('NestedPart')), { min: 2, max: null })]] } })),
    );

    const dispos = byName.get('baseDispos');
    const disposBase = dispos?.kind === 'type' ? dispos.type.options[0]?.base : undefined;
    expect(disposBase?.kind).toBe('enum');
    expect(disposBase?.kind === 'enum' && shape(disposBase.group.choices[0]?.[0])).toEqual(member(bare('unspecified'), ty(int(0))));

    const name = byName.get('name');
    expect(name?.kind === 'type' && shape(name.type)).toEqual(
      ty(
        ref('int'),
        t1(ref('tstr'), {
          control: { name: 'size', arg: { kind: 'paren', type: ty(t1(int(1), { range: { inclusive: true, to: int(255) } })) } },
        }),
      ),
    );
  });

  it('-07 implied.cddl and delivery-report.cddl: zero diagnostics', () => {
    const implied = clean(DRAFT_CDDL_FILES['v07/implied.cddl'] ?? '');
    expect(implied.map((r) => r.name)).toEqual([
      'MessageDerivedValues',
      'MsgUri',
      'MessageId',
      'Timestamp',
      'MsecsSinceEpoch',
      'ExtendedTime',
      'name',
      'value',
    ]);
    const ext = implied.find((r) => r.name === 'ExtendedTime');
    expect(ext?.kind === 'type' && ext.type.options[0]?.base.kind === 'tag' && ext.type.options[0].base.tag).toBe(1001);

    const report = clean(DRAFT_CDDL_FILES['v07/delivery-report.cddl'] ?? '');
    expect(shape(report[0])).toEqual({
      kind: 'type',
      name: 'MessageStatusReport',
      assign: '=',
      type: ty({ kind: 'array', group: { choices: [[member(undefined, ty(ref('PerMessageStatus')), { min: 0, max: null })]] } }),
    });
    expect(report.map((r) => r.name)).toEqual(['MessageStatusReport', 'PerMessageStatus', 'baseStatus', 'unknownStatus', 'MessageId']);
  });

  it.each(['04', '05', '06'])('-%s files parse cleanly (-03 is identical to -04)', (v) => {
    for (const [file, source] of files(v)) expect(clean(source ?? '', file).length).toBeGreaterThan(2);
  });

  it('-04 delivery-report.cddl: a rule after a comment with no final newline', () => {
    const rules = clean(DRAFT_CDDL_FILES['v04/delivery-report.cddl'] ?? '');
    expect(rules.at(-1)?.text).toBe('Timestamp = #6.62(uint .size 8)    ; milliseconds since start of UNIX epoch');
  });

  it('every ``` cddl fence of -04 to -07 parses cleanly', () => {
    const keys = Object.keys(DRAFT_CDDL_FENCES);
    expect(keys.length).toBe(28);
    for (const key of keys) expect(clean(DRAFT_CDDL_FENCES[key] ?? '', key).length).toBeGreaterThan(0);
  });
});

describe('parseCddl: diagnostics', () => {
  it("fixes an unclosed bracket by closing it, and a member written 'name = type' by writing ':'", () => {
    // The diagnostics that carry a fix (what follows an abandoned rule is reported too, without).
    const fixes = (src: string) => parse(src).diagnostics.flatMap((d) => (d.fix ? [[d.code, d.fix.id, d.fix.edits]] : []));
    expect(fixes('a = [ x: int,\nb = tstr')).toEqual([['unclosed-bracket', 'a-close', [{ line: 1, col: 14, length: 0, text: ']' }]]]);
    // `y = tstr` followed by the map's own '}' is a member; so is each of several joined by ','.
    expect(fixes('Msg = {\n  x: int,\n  y = tstr,\n  z = bstr\n}')).toEqual([['unclosed-bracket', 'msg-y-colon', [{ line: 3, col: 4, length: 2, text: ':' }]]]);
    // A rule on its own line after one without ',' is a rule: the bracket is unclosed.
    expect(fixes('a = [ x: int\nb = tstr\nc = [ 1 ]')[0]?.[1]).toBe('a-close');
  });

  it('reports every error of a file and still returns the valid rules', () => {
    const src = [
      'a = [ x: int,', // 1
      'b = tstr', // 2
      'c: int', // 3
      'd = { a: 1 ]', // 4
      'e = 007 / 0x', // 5
      'f = "abc', // 6
      'g = [ x: (y: int) ]', // 7
      'h = int ]', // 8
      'i = (a: 1) // (b: 2)', // 9
      'j = [ ? ? a ]', // 10
      'k = [ 3*1 a ]', // 11
      'l =', // 12
      'm = % int', // 13
      "n = h'0g'", // 14
      'o = #9 / #6.01(int)', // 15
      'p = { a: int, , b: int }', // 16
      'q = { a / b => c }', // 17
      'ok = uint', // 18
    ].join('\n');
    const { spec } = parse(src);
    expect(messages(src)).toEqual([
      "spec/test.cddl:1:5: error: '[' is not closed before rule 'b' (1 line below) [unclosed-bracket]\n  hint: add ']' after ',' at column 13",
      "spec/test.cddl:3:2: error: expected '=', '/=' or '//=' after rule name 'c', found ':' [missing-assignment]\n  hint: 'c:' is a member key, which belongs inside '[ ]', '{ }' or '( )'; a rule is written 'c = …'",
      "spec/test.cddl:4:12: error: expected '}' to close '{' opened at column 5, found ']' [mismatched-bracket]\n  hint: add '}' before ']', or remove ']'",
      "spec/test.cddl:5:5: error: invalid number '007' [invalid-number]\n  hint: CDDL numbers have no leading zeros: write '7'",
      "spec/test.cddl:5:11: error: invalid number '0x' [invalid-number]\n  hint: write digits after '0x'",
      "spec/test.cddl:6:5: error: unterminated text string: '\"' has no closing '\"' on the same line [unterminated-string]\n  hint: close the string with '\"'",
      "spec/test.cddl:7:12: error: expected ')' to close the parenthesised type opened at column 10, found ':' [unexpected-token]\n  hint: a group in parentheses is not a type here: use '[ … ]' for an array or '{ … }' for a map",
      "spec/test.cddl:8:9: error: expected the end of rule 'h' (a new rule 'name = …' or the end of input), found ']' [unexpected-token]\n  hint: remove the unmatched ']'",
      "spec/test.cddl:9:12: error: expected the end of rule 'i' (a new rule 'name = …' or the end of input), found '//' [unexpected-token]\n  hint: a rule defines one group: put all choices inside one pair of parentheses, 'i = ( … // … )'",
      "spec/test.cddl:10:9: error: a group entry takes one occurrence indicator, found a second one '?' [invalid-occurrence]\n  hint: keep one of them",
      "spec/test.cddl:11:7: error: occurrence '3*1' has a maximum below its minimum [invalid-occurrence]\n  hint: write '1*3'",
      "spec/test.cddl:13:1: error: expected a type or group after '=', found the start of rule 'm' [missing-definition]\n  hint: complete the definition",
      "spec/test.cddl:13:5: error: '%' is not CDDL syntax (expected a type) [unknown-token]",
      "spec/test.cddl:14:5: error: invalid character 'g' in hex byte string [invalid-bytes]\n  hint: a hex byte string holds only 0-9, a-f, blanks and comments",
      "spec/test.cddl:15:5: error: '#9': CBOR major types are 0 to 7, not 9 [invalid-major-type]\n  hint: write '#6.n(type)' for a tag, or '#0' … '#7'",
      "spec/test.cddl:15:10: error: '01' in '#6.01' is not a valid unsigned integer [invalid-number]\n  hint: write '#6.1'",
      "spec/test.cddl:16:15: error: expected a group entry, found ',' [unexpected-token]\n  hint: remove the extra comma",
      "spec/test.cddl:17:13: error: a member key is a single type, but 'a / b' is a type choice [unexpected-token]\n  hint: wrap the key in parentheses: '(a / b) =>'",
    ]);
    expect(spec.rules.map((r) => r.name)).toEqual(['b', 'ok']);
  });

  it('unclosed bracket at end of input, stray closer, unterminated byte string, bad escape', () => {
    expect(messages('a = { b: [ int')).toEqual([
      "spec/test.cddl:1:10: error: '[' is not closed before the end of input [unclosed-bracket]\n  hint: add ']' after 'int' at column 12",
    ]);
    expect(messages('] = 1\nx = 2')).toEqual([
      "spec/test.cddl:1:1: error: expected a rule name, found ']' [unexpected-token]\n  hint: remove the unmatched ']'",
    ]);
    expect(messages("x = h'00\ny = 1")).toEqual([
      "spec/test.cddl:1:5: error: unterminated byte string: 'h'' has no closing quote [unterminated-string]\n  hint: close the byte string with '''",
    ]);
    expect(messages('x = "a\\qb"')).toEqual([
      "spec/test.cddl:1:7: error: invalid escape '\\q' in text string literal [invalid-escape]\n  hint: use one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX \\u{X…}, or write '\\\\' for a backslash",
    ]);
    expect(messages('x = [ *-1 a ]')).toEqual([
      "spec/test.cddl:1:8: error: occurrence maximum '-1' is not an unsigned integer [invalid-occurrence]\n  hint: write e.g. '1*5', '2*' or '*3'",
    ]);
  });

  it('never throws or hangs on mutated draft CDDL', () => {
    const sources = Object.values(DRAFT_CDDL_FILES);
    const alphabet = [
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '/',
      '//',
      '=',
      ':',
      ',',
      '"',
      "'",
      "h'",
      '#6.',
      '..',
      '.size',
      '*',
      '?',
      '&',
      '~',
      '^',
      '=>',
      ';',
      '\n',
      ' ',
      'x',
      '0x',
      '-',
    ];
    let seed = 12345;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 600; round++) {
      let src = sources[random(sources.length)] ?? '';
      const edits = 1 + random(6);
      for (let e = 0; e < edits; e++) {
        const i = random(src.length + 1);
        const kind = random(3);
        if (kind === 0) src = src.slice(0, i) + src.slice(i + 1 + random(4));
        else if (kind === 1) src = src.slice(0, i) + (alphabet[random(alphabet.length)] ?? '') + src.slice(i);
        else src = src.slice(0, i) + src.slice(i).replace(/[^\s]/, alphabet[random(alphabet.length)] ?? '');
      }
      const { spec, diagnostics } = parse(src);
      expect(Array.isArray(spec.rules)).toBe(true);
      for (const d of diagnostics) expect(d.line).toBeGreaterThan(0);
      // The IR stays plain JSON.
      expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    }
  });
});

describe('parseCddl: nesting limit', () => {
  it(`accepts ${CDDL_MAX_NESTING} levels of brackets`, () => {
    const n = CDDL_MAX_NESTING;
    expect(clean(`a = ${'['.repeat(n)}int${']'.repeat(n)}`)).toHaveLength(1);
    expect(clean(`a = ${'{ * int => '.repeat(n)}int${' }'.repeat(n)}`)).toHaveLength(1);
    expect(clean(`a = ${'#6.1('.repeat(n)}int${')'.repeat(n)}`)).toHaveLength(1);
  });

  it.each([
    ['100,000 nested arrays', `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['100,000 nested parentheses', `a = ${'('.repeat(100_000)}int${')'.repeat(100_000)}`],
    ['nested maps', `a = ${'{ x: '.repeat(5000)}int${' }'.repeat(5000)}`],
    ['nested tags', `a = ${'#6.1('.repeat(5000)}int${')'.repeat(5000)}`],
    ['nested generic arguments', `a = ${'g<'.repeat(5000)}int${'>'.repeat(5000)}`],
    ['nested enumerations', `a = ${'&( x: '.repeat(5000)}1${' )'.repeat(5000)}`],
    ['unclosed brackets', `a = ${'[ '.repeat(100_000)}`],
  ])('reports %s as a located error, not a stack overflow', (_name, text) => {
    const { spec, diagnostics } = parse(`${text}\nb = int`);
    const deep = diagnostics.filter((d) => d.code === 'nesting-too-deep');
    expect(deep).toHaveLength(1);
    expect(deep[0]).toMatchObject({ file: FILE, line: 1, severity: 'error' });
    expect(deep[0]!.message).toMatch(`opens nesting level ${CDDL_MAX_NESTING + 1}; at most ${CDDL_MAX_NESTING} levels are allowed`);
    expect(spec.rules.map((r) => r.name)).toEqual(['b']);
  });

  it('takes its limit from the options', () => {
    expect(parseCddl('a = [[[int]]]', FILE, undefined, { maxNesting: 2 }).diagnostics.map((d) => d.code)).toEqual(['nesting-too-deep']);
  });
});

describe('RFC 8610 map constructs an editor writes (issue 15)', () => {
  it('keeps the cut of `key ^ =>` and the fixed keys of `1:`, `"x":` and `name:` (which imply one, RFC 8610 §3.5.4)', () => {
    const t = typeOf('m = { 1 ^ => bstr, ? 2: int, "kid": bstr, topic: tstr, 3 => int, * tstr => any }');
    const base = t.options[0]!.base;
    if (base.kind !== 'map') throw new Error('not a map');
    const keys = base.group.choices[0]!.map((e) => (e.kind === 'member' ? [e.occurrence ?? null, e.key] : e.kind));
    expect(keys).toEqual([
      [null, { kind: 'type', type: { options: [{ base: { kind: 'value', value: { kind: 'int', value: 1 } } }] }, cut: true }],
      [
        { min: 0, max: 1 },
        { kind: 'value', value: { kind: 'int', value: 2 } },
      ],
      [null, { kind: 'value', value: { kind: 'text', value: 'kid' } }],
      [null, { kind: 'bareword', name: 'topic' }],
      [null, { kind: 'type', type: { options: [{ base: { kind: 'value', value: { kind: 'int', value: 3 } } }] }, cut: false }],
      [
        { min: 0, max: null },
        { kind: 'type', type: { options: [{ base: { kind: 'ref', name: 'tstr' } }] }, cut: false },
      ],
    ]);
  });

  it('parses choice-from-group, type and group sockets with their plugs, and a socket in a map', () => {
    const rules = clean(['color = &(red: 1, green: 2)', '$priority /= 0 / 1', '$$ext //= ( ? 10: uint )', 'm = { ? 1: tstr, $$ext, $$empty }'].join('\n'));
    expect(rules.map((r) => [r.name, r.kind, r.assign])).toEqual([
      ['color', 'type', '='],
      ['$priority', 'type', '/='],
      ['$$ext', 'group', '//='],
      ['m', 'type', '='],
    ]);
    expect(shape((rules[0] as Extract<Rule, { kind: 'type' }>).type.options[0]!.base.kind)).toBe('enum');
  });

  it('reports a cut without its arrow at the token, file:line:col', () => {
    expect(messages('m = {\n  1 ^ : int\n}')).toEqual(["spec/test.cddl:2:7: error: expected '=>' after the cut '^', found ':' [unexpected-token]"]);
  });
});
