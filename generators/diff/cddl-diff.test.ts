import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../common/diagnostics.ts';
import { parseCddl } from '../cddl/parse/parser.ts';
import { diffCddl } from './cddl-diff.ts';
import { finalize } from './finalize.ts';
import type { Finding } from '../report/model.ts';
import { RULES } from './rules.ts';
import type { SpecSet } from './spec-set.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CONTENT_FILES = ['mimi-content', 'implied', 'delivery-report'].map((n): [string, string] => [
  `spec/content/${n}.cddl`,
  readFileSync(join(ROOT, `spec/content/${n}.cddl`), 'utf8'),
]);

/** A side made of CDDL files, each of which must parse without errors. */
function side(label: string, files: Array<[file: string, text: string]>): SpecSet {
  const cddl = files.map(([file, text]) => {
    const { spec, diagnostics } = parseCddl(text, file, basename(file, '.cddl'));
    expect(diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic), file).toEqual([]);
    return spec;
  });
  return { info: { label, kind: 'spec-dir' }, tls: [], cddl, openapi: null, diagnostics: [] };
}

function diffFiles(oldFiles: Array<[string, string]>, newFiles: Array<[string, string]>): Finding[] {
  return finalize(diffCddl(side('old', oldFiles), side('new', newFiles)));
}

/** Diff of two one-file versions. */
function diff(oldText: string, newText: string): Finding[] {
  return diffFiles([['old.cddl', oldText]], [['new.cddl', newText]]);
}

/** `rule subject` of each finding, sorted (finalize orders by level first). */
const summary = (findings: readonly Finding[]): string[] => findings.map((f) => `${f.rule} ${f.subject}`).sort();

/** Replaces `from` (which must occur) in one of the content files. */
function editContent(file: string, from: string, to: string): Array<[string, string]> {
  return CONTENT_FILES.map(([f, text]): [string, string] => {
    if (f !== `spec/content/${file}.cddl`) return [f, text];
    expect(text.includes(from), `not in ${file}: ${from}`).toBe(true);
    return [f, text.replace(from, to)];
  });
}

/** What each fixture pair must report, exactly. */
const FIXTURE_FINDINGS: Record<string, string[]> = {
  'cddl-rule-added': ['cddl-rule-added receipt'],
  'cddl-rule-removed': ['cddl-rule-removed receipt'],
  'cddl-rule-renamed': ['cddl-rule-renamed readReceipt'],
  'cddl-array-member-inserted': ['cddl-array-member-inserted message.expires'],
  'cddl-array-member-removed': ['cddl-array-member-removed message.expires'],
  'cddl-array-member-renamed': ['cddl-array-member-renamed message.topicId'],
  'cddl-member-type-changed': ['cddl-member-type-changed message.topicId'],
  'cddl-type-choice-narrowed': ['cddl-type-choice-narrowed message.replaces'],
  'cddl-type-choice-widened': ['cddl-type-choice-widened unknownDispos.unknown'],
  'cddl-value-renumbered': ['cddl-value-renumbered baseDispos.render'],
  'cddl-size-changed': ['cddl-size-changed message.salt'],
  'cddl-map-key-removed': ['cddl-map-key-removed headers{importance}'],
  'cddl-map-required-key-added': ['cddl-map-required-key-added headers{sender}'],
  'cddl-map-optional-key-added': ['cddl-map-optional-key-added headers{importance}'],
  'cddl-occurrence-changed': ['cddl-occurrence-changed headers{importance}'],
  'cddl-type-changed-via-dependency': ['cddl-array-member-inserted Body.encoding', 'cddl-type-changed-via-dependency message'],
  'cddl-definition-text-changed': ['cddl-definition-text-changed message'],
};

describe('diffCddl: fixture pairs', () => {
  const rules = RULES.filter((r) => r.domain === 'cddl');

  it('has an expectation for every cddl rule of the catalogue', () => {
    expect(Object.keys(FIXTURE_FINDINGS).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  it.each(rules.map((r) => [r.id, r.fixture]))('%s fires on its fixture, and only what it should', (id, fixture) => {
    const read = (v: string): [string, string] => [`${fixture}/${v}.cddl`, readFileSync(join(ROOT, fixture, `${v}.cddl`), 'utf8')];
    const oldFile = read('old');
    const newFile = read('new');
    const findings = diffFiles([oldFile], [newFile]);
    expect(summary(findings)).toEqual(FIXTURE_FINDINGS[id]);
    expect(findings.map((f) => f.direction)).toEqual(findings.map(() => undefined));
    // Both versions compared with themselves: nothing.
    expect(diffFiles([oldFile], [oldFile])).toEqual([]);
    expect(diffFiles([newFile], [newFile])).toEqual([]);
  });
});

describe('diffCddl on spec/content', () => {
  it('finds nothing between identical versions', () => {
    expect(diffFiles(CONTENT_FILES, CONTENT_FILES)).toEqual([]);
  });

  it('reports a member inserted into mimiContent on its label, with both texts and the new position', () => {
    const edited = editContent('mimi-content', '  topicId: bstr,\n', '  topicId: bstr,\n  sender: tstr,\n');
    const findings = diffFiles(CONTENT_FILES, edited);
    expect(summary(findings)).toEqual(['cddl-array-member-inserted mimiContent.sender']);
    const [f] = findings;
    expect(f).toMatchObject({ level: 'ERR', category: 'WIRE', message: '`sender: tstr` was inserted into the array `mimiContent` at index 3.' });
    expect(f?.new).toMatchObject({ file: 'spec/content/mimi-content.cddl', line: 11 });
    expect(f?.oldText).not.toContain('sender');
    expect(f?.newText).toContain('sender: tstr');
  });

  it('follows a renumbered value through the rules that use it, naming direct causes only (no cycle back through NestedPart)', () => {
    const findings = diffFiles(CONTENT_FILES, editContent('mimi-content', 'single   = 1', 'single   = 5'));
    expect(summary(findings)).toEqual([
      'cddl-type-changed-via-dependency MultiPart',
      'cddl-type-changed-via-dependency NestedPart',
      'cddl-type-changed-via-dependency SinglePart',
      'cddl-type-changed-via-dependency mimiContent',
      'cddl-value-renumbered single',
    ]);
    const causes = Object.fromEntries(findings.map((f) => [f.subject, f.causes]));
    expect(causes).toMatchObject({ SinglePart: ['single'], NestedPart: ['SinglePart'], MultiPart: ['NestedPart'], mimiContent: ['NestedPart'] });
    expect(findings.find((f) => f.rule === 'cddl-type-changed-via-dependency')?.level).toBe('INFO');
  });

  it('reports a group choice gained or lost at its position in NestedPart', () => {
    const choices = '( NullPart // SinglePart // ExternalPart // MultiPart)';
    expect(summary(diffFiles(CONTENT_FILES, editContent('mimi-content', choices, '( NullPart // SinglePart // MultiPart)')))).toEqual([
      'cddl-type-changed-via-dependency MultiPart',
      'cddl-type-changed-via-dependency mimiContent',
      'cddl-type-choice-narrowed NestedPart[2]',
    ]);
  });

  it('merges rules repeated across files: moving MessageId out of one file changes nothing', () => {
    const edited = editContent('implied', 'MessageId = bstr .size 32\n', '');
    expect(diffFiles(CONTENT_FILES, edited)).toEqual([]);
  });

  it('compares a socket with its /= alternatives merged', () => {
    const before = 'msg = [status: $status]\n$status /= 0\n$status /= 1';
    expect(summary(diff(before, 'msg = [status: $status]\n$status /= 0'))).toEqual([
      'cddl-type-changed-via-dependency msg',
      'cddl-type-choice-narrowed $status',
    ]);
  });
});

describe('diffCddl: renames', () => {
  it('renaming a used rule is a rename plus a text change of its user, with no type change', () => {
    const findings = diff('a = [x: Foo]\nFoo = [y: int]', 'a = [x: Bar]\nBar = [y: int]');
    expect(summary(findings)).toEqual(['cddl-definition-text-changed a', 'cddl-rule-renamed Foo']);
    expect(findings.find((f) => f.rule === 'cddl-rule-renamed')?.message).toBe('Rule `Foo` was renamed to `Bar`; its definition is unchanged.');
  });

  it('a rule removed and an unrelated one added stay a removal and an addition', () => {
    expect(summary(diff('a = [x: int]\nFoo = [y: int]', 'a = [x: int]\nBar = [y: tstr]'))).toEqual(['cddl-rule-added Bar', 'cddl-rule-removed Foo']);
  });
});

describe('diffCddl: arrays', () => {
  it('a label and a type changed at one position is a SOURCE rename plus the WIRE type change, not a removal and an insertion', () => {
    const findings = diff('a = [x: int, y: tstr, w: int]', 'a = [x: int, z: bstr, w: int]');
    expect(findings.map((f) => `${f.level} ${f.category} ${f.rule} ${f.subject}`).sort()).toEqual([
      'ERR WIRE cddl-member-type-changed a.y',
      'WARN SOURCE cddl-array-member-renamed a.y',
    ]);
    // A narrower type at the renamed position is the narrowing, not an unrelated type.
    expect(summary(diff('a = [x: int, y: int]', 'a = [x: int, z: uint]'))).toEqual(['cddl-array-member-renamed a.y', 'cddl-type-choice-narrowed a.y']);
  });

  it('members replaced by a different number of members are removed and inserted (no position pairs them)', () => {
    expect(summary(diff('a = [x: int, y: tstr, v: tstr]', 'a = [x: int, z: bstr]'))).toEqual([
      'cddl-array-member-inserted a.z',
      'cddl-array-member-removed a.v',
      'cddl-array-member-removed a.y',
    ]);
  });

  it('an unlabelled member whose type changed is reported at its index', () => {
    expect(summary(diff('a = [int, tstr]', 'a = [int, bstr]'))).toEqual(['cddl-member-type-changed a[1]']);
  });

  it('reports changes inside nested arrays and maps on a path through them', () => {
    const findings = diff('a = [ext: {* tstr => int}, parts: [2* int]]', 'a = [ext: {* tstr => int, ? 1: int}, parts: [3* int]]');
    expect(summary(findings)).toEqual(['cddl-map-optional-key-added a.ext{1}', 'cddl-occurrence-changed a.parts[0]']);
  });
});

describe('diffCddl: choices, values and enumerations', () => {
  it('treats integer literals and ranges as one set of values', () => {
    expect(summary(diff('a = 0 / 1 / 2', 'a = 0..2'))).toEqual(['cddl-definition-text-changed a']);
    const findings = diff('a = 0 / 1 / 2', 'a = 1..3 / tstr');
    expect(findings.map((f) => `${f.rule}: ${f.message}`).sort()).toEqual([
      'cddl-type-choice-narrowed: `a` no longer allows 0.',
      'cddl-type-choice-widened: `a` now also allows 3, `tstr`.',
    ]);
  });

  it('tells prelude narrowing and widening from an unrelated type', () => {
    expect(summary(diff('a = [x: int, y: uint, z: int]', 'a = [x: uint, y: int, z: tstr]'))).toEqual([
      'cddl-member-type-changed a.z',
      'cddl-type-choice-narrowed a.x',
      'cddl-type-choice-widened a.y',
    ]);
  });

  it('an enumeration value renamed (same number) changes no byte; one removed narrows', () => {
    expect(summary(diff('e = &(a: 1, b: 2)', 'e = &(a: 1, c: 2)'))).toEqual(['cddl-definition-text-changed e']);
    expect(summary(diff('e = &(a: 1, b: 2)', 'e = &(a: 1)'))).toEqual(['cddl-type-choice-narrowed e.b']);
    expect(summary(diff('e = &(a: 1, b: 2)', 'e = &(a: 1, b: 2, c: 3)'))).toEqual(['cddl-type-choice-widened e.c']);
  });

  it('a named value rule renumbered', () => {
    expect(diff('single = 1', 'single = 4').map((f) => f.message)).toEqual(['`single` changed value from 1 to 4.']);
  });

  it('a .size added narrows, removed widens; a size range that contains the other narrows or widens; disjoint sizes change', () => {
    expect(summary(diff('a = bstr', 'a = bstr .size 16'))).toEqual(['cddl-type-choice-narrowed a']);
    expect(summary(diff('a = bstr .size 16', 'a = bstr'))).toEqual(['cddl-type-choice-widened a']);
    expect(summary(diff('a = tstr .size (0..64)', 'a = tstr .size (0..128)'))).toEqual(['cddl-type-choice-widened a']);
    expect(summary(diff('a = tstr .size (0..128)', 'a = tstr .size (1..64)'))).toEqual(['cddl-type-choice-narrowed a']);
    expect(summary(diff('a = bstr .size 16', 'a = bstr .size 32'))).toEqual(['cddl-size-changed a']);
    expect(summary(diff('a = tstr .size (0..64)', 'a = tstr .size (32..128)'))).toEqual(['cddl-size-changed a']);
    // On uint, .size is a number of bytes: more bytes, larger values.
    expect(summary(diff('a = uint .size 4', 'a = uint .size 8'))).toEqual(['cddl-type-choice-widened a']);
  });

  it('other restricting controls: added narrows, removed widens, bounds compared; a changed pattern is a type change', () => {
    expect(summary(diff('a = tstr', 'a = tstr .regexp "[a-z]+"'))).toEqual(['cddl-type-choice-narrowed a']);
    expect(summary(diff('a = uint .le 10', 'a = uint'))).toEqual(['cddl-type-choice-widened a']);
    expect(summary(diff('a = uint .le 10', 'a = uint .le 5'))).toEqual(['cddl-type-choice-narrowed a']);
    expect(summary(diff('a = int .ge 0', 'a = int .ge -5'))).toEqual(['cddl-type-choice-widened a']);
    expect(summary(diff('a = tstr .regexp "a"', 'a = tstr .regexp "b"'))).toEqual(['cddl-member-type-changed a']);
    expect(summary(diff('a = uint .le 10', 'a = uint .ge 5'))).toEqual(['cddl-member-type-changed a']);
  });

  it('the value under a fixed map key narrowed or widened: ERR one way, WARN the other', () => {
    const pairs: Array<[string, string]> = [
      ['m = {1: int}', 'm = {1: uint}'],
      ['m = {? 2: tstr}', 'm = {? 2: tstr .size (0..64)}'],
      ['m = {? 2 => uint / tstr}', 'm = {? 2 => uint}'],
    ];
    for (const [wide, narrow] of pairs) {
      expect(
        diff(wide, narrow).map((f) => `${f.level} ${f.category} ${f.rule}`),
        `${wide} → ${narrow}`,
      ).toEqual(['ERR WIRE cddl-type-choice-narrowed']);
      expect(
        diff(narrow, wide).map((f) => `${f.level} ${f.category} ${f.rule}`),
        `${narrow} → ${wide}`,
      ).toEqual(['WARN WIRE cddl-type-choice-widened']);
    }
  });

  it('a type rule that became a group is a type change', () => {
    expect(summary(diff('a = [x: int]', 'a = (x: int)'))).toEqual(['cddl-member-type-changed a']);
  });
});

describe('diffCddl: text changes', () => {
  it('ignores comments and re-flowed white space, reports other rewordings', () => {
    expect(diff('a = [x: int] ; one', 'a = [x:  int] ; two')).toEqual([]);
    expect(diff('a = [x: int, y: int]', 'a = [x: int,\n     y: int]')).toEqual([]);
    expect(summary(diff('a = [x: int]', 'a = [ x: int ]'))).toEqual(['cddl-definition-text-changed a']);
    expect(summary(diff('a = [x: int]', 'a = [x: (int)]'))).toEqual(['cddl-definition-text-changed a']);
    expect(summary(diff('a = [x: bytes]', 'a = [x: bstr]'))).toEqual(['cddl-definition-text-changed a']);
  });

  it('a rule with only a text change still passes a wire change of its dependencies on to its users', () => {
    const findings = diff('top = [m: M]\nM = [b: B]\nB = int', 'top = [m: M]\nM = [ b: B ]\nB = tstr');
    expect(summary(findings)).toEqual(['cddl-definition-text-changed M', 'cddl-member-type-changed B', 'cddl-type-changed-via-dependency top']);
    expect(findings.find((f) => f.subject === 'top')?.causes).toEqual(['M']);
  });

  it('a change that keeps the bytes (a renamed array member, SOURCE WARN), or breaks nobody (INFO), is not passed on', () => {
    expect(summary(diff('top = [m: M]\nM = [b: int]', 'top = [m: M]\nM = [c: int]'))).toEqual(['cddl-array-member-renamed M.b']);
    expect(summary(diff('top = [m: M]\nM = {a: int}', 'top = [m: M]\nM = {a: int, ? b: int}'))).toEqual(['cddl-map-optional-key-added M{b}']);
  });
});

describe('diffCddl: odd input', () => {
  it('reports nothing when one side has no CDDL at all', () => {
    const some = side('a', [['a.cddl', 'a = int']]);
    const none: SpecSet = { ...some, cddl: [] };
    expect(diffCddl(some, none)).toEqual([]);
    expect(diffCddl(none, some)).toEqual([]);
  });

  it('does not call a rule that did not parse in the other version removed, added or renamed', () => {
    const before = side('old', [['a.cddl', 'a = [x: Foo]\nFoo = int']]);
    const after: SpecSet = { ...side('new', [['a.cddl', 'a = [x: Foo]\nBar = int']]), unparsed: new Map([['Foo', { file: 'a.cddl', line: 2 }]]) };
    expect(summary(finalize(diffCddl(before, after)))).toEqual(['cddl-rule-added Bar']);
    expect(diffCddl({ ...before, unparsed: new Map([['Bar', { file: 'a.cddl', line: 3 }]]) }, after)).toEqual([]);
  });

  it('copes with recursive rules and generics', () => {
    const before = 'tree = [value: int, children: [* tree]]\npair<t> = [t, t]\nuse = pair<int>';
    const after = 'tree = [value: int, children: [* tree]]\npair<t> = [t, t]\nuse = pair<tstr>';
    expect(summary(diff(before, after))).toEqual(['cddl-member-type-changed use']);
  });
});
