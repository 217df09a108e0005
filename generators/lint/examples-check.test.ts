import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, encode, Tag } from 'cbor2';
import { formatDiagnostic } from '../common/diagnostics.ts';
import type { CddlSpec } from '../cddl/ir.ts';
import { lintCddl } from './cddl-lint.ts';
import { loadContentSpecs } from '../cddl/load.ts';
import { parseCddl } from '../cddl/parse/parser.ts';
import { CddlValidator, DECODE_OPTIONS, formatMismatch, formatPath } from './cddl-validate.ts';
import { exampleFiles, lintExamples, rootRules } from './examples-check.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const EXAMPLES = join(ROOT, 'spec/content/examples');
const FIXTURES = 'test/fixtures/drafts';

/** The .cddl files of a folder, parsed (no parse errors allowed), with repo-relative file names. */
function specsOf(dir: string): CddlSpec[] {
  return readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.cddl'))
    .sort()
    .map((f) => {
      const { spec, diagnostics } = parseCddl(readFileSync(join(ROOT, dir, f), 'utf8'), `${dir}/${f}`);
      expect(diagnostics.map(formatDiagnostic)).toEqual([]);
      return spec;
    });
}

function cddl(text: string): CddlValidator {
  const { spec, diagnostics } = parseCddl(text, 't.cddl');
  expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  return new CddlValidator([spec]);
}

/** Null when valid, else `path: reason`. */
function check(v: CddlValidator, value: unknown, rule = 'root'): string | null {
  const m = v.validate(decode(encode(value), DECODE_OPTIONS), rule);
  return m && `${formatPath(m.path)}: ${formatMismatch(m)}`;
}

const tmp = mkdtempSync(join(tmpdir(), 'mimikit-examples-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes examples (name → CBOR value or raw bytes) to a fresh folder, optionally with an index. */
function folder(name: string, examples: Record<string, unknown>, index?: object): string {
  const dir = join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [n, v] of Object.entries(examples)) writeFileSync(join(dir, `${n}.cbor`), v instanceof Uint8Array ? v : encode(v));
  if (index) writeFileSync(join(dir, 'examples.json'), JSON.stringify(index));
  return dir;
}

/** An example of spec/content/examples, decoded into plain values to mutate. */
function example(name: string): unknown[] {
  // cbor2 gives Node Buffers for byte strings, which it would encode back as maps: copy them.
  const plain = (v: unknown): unknown =>
    v instanceof Uint8Array
      ? new Uint8Array(v)
      : Array.isArray(v)
        ? v.map(plain)
        : v instanceof Map
          ? new Map([...v].map(([k, x]) => [plain(k), plain(x)]))
          : v;
  return plain(decode(readFileSync(join(EXAMPLES, `${name}.cbor`)))) as unknown[];
}

describe('CddlValidator: the CDDL features of draft-ietf-mimi-content', () => {
  it('arrays with positional members, extra and missing elements', () => {
    const v = cddl('root = [a: uint, b: tstr]');
    expect(check(v, [1, 'x'])).toBeNull();
    expect(check(v, [1, 'x', 2])).toBe('/2: unexpected element 2 (uint 2): the array has 3 elements, the rule ends after 2');
    expect(check(v, [1])).toBe('/1 (b): missing element 1 (b): the array ends after 1 element, the rule wants tstr next');
    expect(check(v, ['x', 'x'])).toBe('/0 (a): expected uint, found tstr "x"');
    expect(check(v, { a: 1 })).toBe('/ (the whole item): expected […] (array), found map of 1');
  });

  it('group choices, told apart by a literal, and keyless references to group rules', () => {
    const v = cddl(['root = [d: uint, ( A // B )]', 'A = ( c: one, x: bstr )', 'B = ( c: 2, y: tstr, z: tstr )', 'one = 1'].join('\n'));
    expect(check(v, [0, 1, new Uint8Array(1)])).toBeNull();
    expect(check(v, [0, 2, 'a', 'b'])).toBeNull();
    // The alternative that got furthest is the one reported.
    expect(check(v, [0, 2, 'a', 7])).toBe('/3 (z): expected tstr, found uint 7');
    expect(check(v, [0, 3])).toBe('/1 (c): expected one or 2, found uint 3');
  });

  it('.size on bstr, tstr, uint and any; ranges; enumerations; sockets with no alternatives', () => {
    const v = cddl(
      [
        'root = [s: bstr .size 16, t: tstr .size (1..3), u: uint .size 2, w: any .size (0..3), e: base / $ext / unknown]',
        'base = &( zero: 0, one: 1 )',
        'unknown = &( unknown: 9..255 )',
      ].join('\n'),
    );
    const ok = [new Uint8Array(16), 'abc', 65535, [1], 9];
    expect(check(v, ok)).toBeNull();
    expect(check(v, [new Uint8Array(15), ...ok.slice(1)])).toBe('/0 (s): bstr of 15 bytes, bstr .size 16 wants exactly 16');
    expect(check(v, [ok[0], 'abcd', ...ok.slice(2)])).toBe('/1 (t): tstr of 4 bytes, tstr .size (1..3) wants 1 to 3');
    expect(check(v, [...ok.slice(0, 2), 65536, ...ok.slice(3)])).toBe('/2 (u): uint 65536 does not fit in 2 bytes (uint .size 2)');
    expect(check(v, [...ok.slice(0, 3), [1, 2, 3], 9])).toBe('/3 (w): array of 3 encoded in 4 bytes, any .size (0..3) wants 0 to 3');
    expect(check(v, [...ok.slice(0, 4), 5])).toBe('/4 (e): expected base or $ext (a socket with no alternatives) or unknown, found uint 5');
    expect(check(v, [...ok.slice(0, 4), 256])).toBe('/4 (e): expected base or $ext (a socket with no alternatives) or unknown, found uint 256');
  });

  it('[2* X] and {* k => v} maps', () => {
    const v = cddl(['root = [p: [2* int], m: {* name => bstr}]', 'name = int / tstr .size (1..255)'].join('\n'));
    expect(
      check(v, [
        [1, -2],
        new Map<unknown, unknown>([
          [1, new Uint8Array()],
          ['k', new Uint8Array(2)],
        ]),
      ]),
    ).toBeNull();
    expect(check(v, [[1], new Map()])).toBe('/0/1 (p[1]): missing element 1: the array ends after 1 element, the rule wants at least 2');
    expect(check(v, [[1, 'x'], new Map()])).toBe('/0/1 (p[1]): expected int, found tstr "x"');
    // Long lists are matched in a loop, not by recursion.
    expect(check(v, [Array.from({ length: 20000 }, (_, i) => i), new Map()])).toBeNull();
    expect(check(cddl('root = [* int, tstr]'), [...Array.from({ length: 3000 }, (_, i) => i), 'end'])).toBeNull();
    expect(check(v, [[1, 2], new Map([['', new Uint8Array()]])])).toBe('/1/"" (m[""]): unexpected map key tstr "": no member of the map\'s group takes it');
    expect(check(v, [[1, 2], new Map([[3, 'x']])])).toBe('/1/3 (m[3]): expected bstr, found tstr "x"');
  });

  it('maps with named keys, optional members and cut', () => {
    const v = cddl('root = { id: uint, ? note: tstr, * tstr => int }');
    expect(check(v, { id: 1 })).toBeNull();
    expect(check(v, { id: 1, note: 'n', extra: -1 })).toBeNull();
    expect(check(v, { note: 'n' })).toBe('/ (the whole item): missing map key "id"');
    expect(check(v, { id: 'x' })).toBe('/"id" (id): expected uint, found tstr "x"');
  });

  it('tags, null, bool, int, float, and the prelude as RFC 8610 defines it (uri is #6.32(tstr))', () => {
    const v = cddl('root = [t: #6.1001({* int => any}), n: null, b: bool, i: int, f: float, u: uri]');
    const good = [new Tag(1001, new Map([[1, 'x']])), null, true, -5, 1.5, new Tag(32, 'https://x')];
    expect(check(v, good)).toBeNull();
    expect(check(v, [new Tag(1000, new Map()), ...good.slice(1)])).toBe('/0 (t): expected #6.1001({…}), found tag 1000');
    expect(check(v, [...good.slice(0, 4), 2, good[5]])).toBe('/4 (f): expected float, found uint 2');
    expect(check(v, [...good.slice(0, 5), 'https://x'])).toBe('/5 (u): expected uri, found tstr "https://x"');
  });

  it('an undefined name matches nothing (lintCddl reports it as undefined-rule)', () => {
    const v = cddl('root = [r: null / Missing]');
    expect(check(v, [null])).toBeNull();
    expect(check(v, [1])).toBe('/0 (r): expected null or Missing (which the CDDL does not define), found uint 1');
  });
});

describe('lintExamples: spec/content/examples against spec/content/*.cddl (draft-ietf-mimi-content-07)', () => {
  const content = loadContentSpecs(ROOT);

  it('finds the 16 examples of examples.json, and the root rules of the three files', () => {
    expect(exampleFiles(EXAMPLES).examples.map((e) => e.name)).toHaveLength(16);
    expect(rootRules(content.specs)).toEqual(['MessageStatusReport', 'MessageDerivedValues', 'mimiContent']);
  });

  it('every example validates (zero diagnostics), by inference and against its named rule', () => {
    expect(lintExamples(EXAMPLES, content.specs, { displayDir: 'spec/content/examples' })).toEqual([]);
    const rules = Object.fromEntries(
      exampleFiles(EXAMPLES).examples.map((e) => [
        e.name,
        e.name === 'implied-original' ? 'MessageDerivedValues' : e.name === 'report' ? 'MessageStatusReport' : 'mimiContent',
      ]),
    );
    expect(lintExamples(EXAMPLES, content.specs, { rules })).toEqual([]);
  });

  it('each example matches only its own rule (the inference is not vacuous)', () => {
    const v = new CddlValidator(content.specs);
    for (const e of exampleFiles(EXAMPLES).examples) {
      const value = decode(readFileSync(join(EXAMPLES, e.file)), DECODE_OPTIONS);
      const accepted = rootRules(content.specs).filter((r) => v.validate(value, r) === null);
      expect(accepted, e.name).toEqual([e.name === 'implied-original' ? 'MessageDerivedValues' : e.name === 'report' ? 'MessageStatusReport' : 'mimiContent']);
    }
  });

  it('a salt of 15 bytes: example-invalid at the file, with the path, the reason and the CDDL position', () => {
    const original = example('original');
    original[0] = (original[0] as Uint8Array).subarray(0, 15);
    const dir = folder('salt', { original });
    expect(lintExamples(dir, content.specs, { displayDir: 'mutated' }).map(formatDiagnostic)).toEqual([
      'mutated/original.cbor:1:1: error: mutated/original.cbor is not a valid mimiContent (the closest of its possible rules; MessageStatusReport, MessageDerivedValues do not match either): at /0 (salt): bstr of 15 bytes, bstr .size 16 wants exactly 16 [example-invalid]\n' +
        '  hint: the CDDL is at spec/content/mimi-content.cddl:8:3; name the rule of each example to check it against that rule only',
    ]);
  });

  it('an extra array element, and a bad value deep inside, with a named rule', () => {
    const extra = [...example('original'), 1];
    const deep = example('multipart-3');
    ((deep[6] as unknown[])[4] as unknown[][])[1]![0] = 300; // nestedPart.parts[1].disposition
    const dir = folder('extra', { extra, deep });
    expect(lintExamples(dir, content.specs, { displayDir: 'mutated', rules: { extra: 'mimiContent', deep: 'mimiContent' } }).map(formatDiagnostic)).toEqual([
      'mutated/deep.cbor:1:1: error: mutated/deep.cbor is not a valid mimiContent: at /6/4/1/0 (nestedPart.parts[1].disposition): expected baseDispos or $extDispos (a socket with no alternatives) or unknownDispos, found uint 300 [example-invalid]\n' +
        '  hint: the CDDL is at spec/content/mimi-content.cddl:18:3',
      'mutated/extra.cbor:1:1: error: mutated/extra.cbor is not a valid mimiContent: at /7: unexpected element 7 (uint 1): the array has 8 elements, the rule ends after 7 [example-invalid]\n' +
        '  hint: the CDDL is at spec/content/mimi-content.cddl:7:15',
    ]);
  });

  it('not CBOR, a file examples.json lists but that is missing, an undefined rule, a .cbor the index does not list', () => {
    const dir = folder(
      'broken',
      { bad: new Uint8Array([0x82, 0x01]), ok: example('original'), stray: ['not listed, still checked'] },
      {
        examples: [
          { name: 'bad', files: ['bad.cbor'] },
          { name: 'ok', files: ['ok.edn', 'ok.cbor'], rule: 'NoSuchRule' },
          { name: 'gone', files: ['gone.cbor'] },
        ],
      },
    );
    expect(lintExamples(dir, content.specs, { displayDir: 'b' }).map((d) => formatDiagnostic(d).split('\n')[0])).toEqual([
      expect.stringMatching(/^b\/bad\.cbor:1:1: error: b\/bad\.cbor is not well-formed CBOR: .* \[example-invalid\]$/),
      'b/examples.json:1:1: error: examples.json lists gone.cbor, which is not in b [example-missing]',
      "b/ok.cbor:1:1: warning: b/ok.cbor cannot be checked against 'NoSuchRule': the CDDL defines no such type rule [example-unchecked]",
      expect.stringMatching(/^b\/stray\.cbor:1:1: error: b\/stray\.cbor is not a valid \w+ .* \[example-invalid\]$/),
    ]);
  });
});

describe('older versions: each draft version’s examples against that version’s own CDDL', () => {
  it('draft-ietf-mimi-content-04: all 16 examples validate (url is uri, #6.32(tstr), as the examples encode it)', () => {
    const dir = `${FIXTURES}/draft-ietf-mimi-content-04-files`;
    expect(lintExamples(join(ROOT, dir, 'examples'), specsOf(dir), { displayDir: `${dir}/examples` })).toEqual([]);
  });

  it('draft-ietf-mimi-content-05: the 14 content examples do not match the -05 mimiContent (report and implied-original do)', () => {
    const dir = `${FIXTURES}/draft-ietf-mimi-content-05-files`;
    const specs = specsOf(dir);
    // The -05 schema file itself: two inReplyTo members, and InReplyTo no longer defined.
    expect(
      lintCddl(specs)
        .filter((d) => d.severity === 'error')
        .map((d) => formatDiagnostic(d).split('\n')[0]),
    ).toEqual([
      `${dir}/mimi-content.cddl:7:3: error: duplicate key 'inReplyTo' in array of rule 'mimiContent' (first at 6:3) [duplicate-key]`,
      `${dir}/mimi-content.cddl:7:21: error: 'InReplyTo' is not defined (used in rule 'mimiContent') [undefined-rule]`,
    ]);
    const ds = lintExamples(join(ROOT, dir, 'examples'), specs, { displayDir: `${dir}/examples` });
    expect(ds.map((d) => d.file.replace(`${dir}/examples/`, ''))).toEqual([
      'attachment.cbor',
      'conferencing.cbor',
      'delete.cbor',
      'edit.cbor',
      'expiring.cbor',
      'mention-html.cbor',
      'mention.cbor',
      'multipart-1.cbor',
      'multipart-2.cbor',
      'multipart-3.cbor',
      'original.cbor',
      'reaction.cbor',
      'reply.cbor',
      'unlike.cbor',
    ]);
    expect(ds.every((d) => d.code === 'example-invalid' && d.line === 1 && d.col === 1 && d.message.includes('is not a valid mimiContent'))).toBe(true);
    expect(formatDiagnostic(ds.find((d) => d.file.endsWith('/original.cbor'))!)).toBe(
      `${dir}/examples/original.cbor:1:1: error: ${dir}/examples/original.cbor is not a valid mimiContent (the closest of its possible rules; MessageStatusReport, MessageDerivedValues do not match either): at /0 (salt): expected bstr .size 32, found null [example-invalid]\n` +
        `  hint: the CDDL is at ${dir}/mimi-content.cddl:2:3; lined up with mimiContent, the example has no element for salt, inReplyTo; name the rule of each example to check it against that rule only`,
    );
  });

  it('draft-ietf-mimi-content-05: the examples were made from that schema without salt and the new inReplyTo, with -04’s InReplyTo', () => {
    const dir = `${FIXTURES}/draft-ietf-mimi-content-05-files`;
    const v05 = readFileSync(join(ROOT, dir, 'mimi-content.cddl'), 'utf8');
    const v04 = readFileSync(join(ROOT, FIXTURES, 'draft-ietf-mimi-content-04-files/mimi-content.cddl'), 'utf8');
    const inReplyTo = /^InReplyTo = \[[^\]]*\]/m.exec(v04)![0];
    const patched = `${v05.replace(/\n\s*salt: bstr \.size 32,/, '').replace(/\n\s*inReplyTo: null \/ MessageId,/, '')}\n${inReplyTo}\n`;
    const specs = [parseCddl(patched, 'patched.cddl').spec, ...specsOf(dir).filter((s) => s.name !== 'mimi-content')];
    expect(lintExamples(join(ROOT, dir, 'examples'), specs)).toEqual([]);
    // The draft text's own snippet has salt too: the examples predate it.
    const md = readFileSync(join(ROOT, FIXTURES, 'draft-ietf-mimi-content-05.md'), 'utf8');
    expect(md).toContain('mimiContent = [\n  salt: bstr .size 32,');
  });
});
