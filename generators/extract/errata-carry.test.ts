import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { carryErrata, formatErrataFile } from './errata-carry.ts';
import type { Erratum } from './errata.ts';
import { extractTls } from './extract.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** A draft of `body` lines with a kramdown-rfc head; body line k is draft line k + 5. */
const draft = (body: string[]) => ['---', 'docname: draft-test-carry-01', '--- middle', '', '# Types', ...body, ''].join('\n');
const erratum = (over: Partial<Erratum>): Erratum => ({
  id: 'e',
  draft: 'draft-test-carry',
  version: '01',
  line: 1,
  original: 'x',
  replacement: 'y',
  reason: 'why',
  ...over,
});

const ONE = ['', '~~~ tls', 'enum {', '    a(0);', '    b(1)', '} E;', '', 'struct {', '  uint8 n;', '} S', '~~~'];
// Line numbers in ONE's draft: '~~~ tls' 7, '    a(0);' 9, '} S' 15.

describe('carryErrata on synthetic drafts', () => {
  it('re-anchors an erratum to the line its original moved to, with the new version, keeping every other key', () => {
    const e = erratum({ id: 'semi', line: 15, original: '} S', replacement: '} S;', pragma: '@open' });
    const moved = draft(['', 'Some new prose.', '', 'More.', ...ONE]);
    const r = carryErrata([e], { draftText: moved, version: '02' });
    expect(r.carried).toEqual([{ ...e, version: '02', line: 19 }]);
    expect(r.noLongerNeeded).toEqual([]);
    expect(r.noLongerMatching).toEqual([]);
  });

  it('reports an erratum whose slip the draft fixed as no longer needed, even when the replacement keeps the original', () => {
    const fixed = draft(ONE.map((l) => (l === '} S' ? '} S;' : l === '    a(0);' ? '    a(0),' : l)));
    const semi = erratum({ id: 'semi', line: 15, original: '} S', replacement: '} S;' });
    const comma = erratum({ id: 'comma', line: 9, original: '    a(0);', replacement: '    a(0),' });
    const r = carryErrata([semi, comma], { draftText: fixed, version: '02' });
    expect(r.carried).toEqual([]);
    expect(r.noLongerNeeded.map((n) => n.erratum.id)).toEqual(['semi', 'comma']);
    expect(r.noLongerNeeded[0]?.reason).toContain('already reads the replacement at line 15');
    expect(r.noLongerNeeded[1]?.reason).toContain('reads the replacement at line 9');
  });

  it('reports an erratum whose text changed otherwise as no longer matching, and says when only blanks differ', () => {
    const changed = draft(ONE.map((l) => (l === '} S' ? '} T' : l === 'struct {' ? 'struct  {' : l)));
    const gone = erratum({ id: 'gone', line: 15, original: '} S', replacement: '} S;' });
    const spaced = erratum({ id: 'spaced', line: 13, original: 'struct {\n  uint8 n;', replacement: 'struct {\n  uint16 n;' });
    const r = carryErrata([gone, spaced], { draftText: changed, version: '02' });
    expect(r.carried).toEqual([]);
    expect(r.noLongerMatching.map((n) => [n.erratum.id, n.reason])).toEqual([
      ['gone', expect.stringContaining('is no longer in any code fence of the new version')],
      ['spaced', expect.stringContaining('only with other blanks or line breaks, at line 13')],
    ]);
  });

  it('chooses the occurrence nearest the expected line when the original occurs twice, and says so', () => {
    const twice = draft([...ONE, '', '~~~ tls', 'struct {', '  uint8 n;', '} S', '~~~']);
    // Both `} S` fences; the other errata (unique) tell that nothing moved, so line 21 stays 21.
    const second = erratum({ id: 'second', line: 21, original: '} S', replacement: '} S;' });
    const r = carryErrata([second], { draftText: twice, version: '02' });
    expect(r.carried.map((e) => e.line)).toEqual([21]);
    expect(r.ambiguous).toEqual([
      { erratum: r.carried[0], lines: [15, 21], reason: expect.stringContaining('occurs 2 times (lines 15, 21); line 21 was chosen') },
    ]);
    // Four lines of prose inserted above: a unique erratum shows the shift, the ambiguous one follows it.
    const shifted = draft(['', 'a', 'b', 'c', 'd', ...ONE.slice(1), '', '~~~ tls', 'struct {', '  uint8 n;', '} S', '~~~']);
    const anchor = erratum({ id: 'anchor', line: 9, original: '    a(0);', replacement: '    a(0),' });
    const r2 = carryErrata([anchor, second], { draftText: shifted, version: '02' });
    expect(r2.carried.map((e) => [e.id, e.line])).toEqual([
      ['anchor', 13],
      ['second', 25],
    ]);
  });

  it('finds an original that only exists once an earlier erratum is applied, as applyErrata would', () => {
    const first = erratum({ id: 'first', line: 10, original: '    b(1)\n', replacement: '    b(1),\n    c(2)\n' });
    const chained = erratum({ id: 'chained', line: 10, original: '    c(2)\n', replacement: '    c(2),\n    d(3)\n' });
    const r = carryErrata([first, chained], { draftText: draft(['', 'x', ...ONE]), version: '02' });
    expect(r.carried.map((e) => [e.id, e.line])).toEqual([
      ['first', 12],
      ['chained', 12],
    ]);
    // And the carried errata apply cleanly.
    const x = extractTls(draft(['', 'x', ...ONE]), 'draft-test-carry-02.md', r.carried);
    expect(x.diagnostics.filter((d) => d.code === 'stale-erratum')).toEqual([]);
    expect(x.tls).toContain('d(3)');
  });

  it('re-anchors an insertion by the line it was inserted before in the previous version, and not without that text', () => {
    const before = draft(ONE);
    const insert = erratum({ id: 'insert', line: 14, original: '', replacement: '  uint8 m;\n' });
    const atEnd = erratum({ id: 'at-end', line: 16, original: '', replacement: '\nuint16 Z;' });
    const after = draft(['', 'new prose', ...ONE]);
    const r = carryErrata([insert, atEnd], { draftText: after, version: '02' }, { draftText: before });
    expect(r.carried.map((e) => [e.id, e.line])).toEqual([
      ['insert', 16],
      ['at-end', 18],
    ]);
    const x = extractTls(after, 'draft-test-carry-02.md', r.carried);
    expect(x.diagnostics.filter((d) => d.code === 'stale-erratum')).toEqual([]);
    expect(x.tls).toContain('  uint8 m;\n  uint8 n;');
    const blind = carryErrata([insert], { draftText: after, version: '02' });
    expect(blind.noLongerMatching.map((n) => n.reason)).toEqual([expect.stringContaining('previous version’s text')]);
    // A draft that now has the inserted line: no longer needed.
    const done = draft(ONE.map((l) => (l === '  uint8 n;' ? '  uint8 m;\n  uint8 n;' : l)));
    expect(carryErrata([insert], { draftText: done, version: '02' }, { draftText: before }).noLongerNeeded.map((n) => n.erratum.id)).toEqual(['insert']);
  });

  it('prefers the occurrence in the section the erratum was in', () => {
    const sectioned = (first: string) =>
      ['---', '--- middle', '', `# ${first}`, '', '~~~ tls', '} S', '~~~', '', '# Other', '', '~~~ tls', '} S', '~~~', ''].join('\n');
    const e = erratum({ id: 's', line: 13, original: '} S', replacement: '} S;' });
    // In the new version the sections swapped titles: the nearer line is in the wrong section.
    const prev = sectioned('Types').replace('# Other', '# Wanted');
    const next = ['---', '--- middle', '', '# Wanted', '', '~~~ tls', '} S', '~~~', '', '# Types', '', '~~~ tls', '} S', '~~~', ''].join('\n');
    const r = carryErrata([e], { draftText: next, version: '02' }, { draftText: prev });
    expect(r.carried.map((c) => c.line)).toEqual([7]);
    expect(r.ambiguous[0]?.reason).toContain('in the same section as before');
  });

  it('carries file errata into the new -files/ file, and reports a file the new version does not ship', () => {
    const e = erratum({ id: 'cddl', line: 2, original: 'b = int', replacement: 'b = uint', file: 'x.cddl' });
    const files: Record<string, string> = { 'x.cddl': 'a = tstr\n; new comment\nb = int\n' };
    const r = carryErrata([e], { draftText: draft([]), version: '02', readFile: (n) => files[n] });
    expect(r.carried).toEqual([{ ...e, version: '02', line: 3 }]);
    const none = carryErrata([e], { draftText: draft([]), version: '02', readFile: () => undefined });
    expect(none.noLongerMatching).toEqual([{ erratum: e, reason: 'the new version does not ship x.cddl' }]);
  });
});

describe('carryErrata on real drafts', () => {
  const e05 = read('spec/errata/draft-ietf-mimi-protocol-05.json');
  const e06 = read('spec/errata/draft-ietf-mimi-protocol-06.json');
  const t05 = read('spec/drafts/draft-ietf-mimi-protocol-05.md');
  const t06 = read('spec/drafts/draft-ietf-mimi-protocol-06.md');

  it('protocol -05 errata carried to -06 are the committed -06 errata, byte for byte', () => {
    const r = carryErrata(JSON.parse(e05) as Erratum[], { draftText: t06, version: '06' });
    expect(r.noLongerNeeded).toEqual([]);
    expect(r.noLongerMatching).toEqual([]);
    expect(formatErrataFile(r.carried)).toBe(e06);
    // With the previous text too (section preference, old context): the same choice.
    expect(formatErrataFile(carryErrata(JSON.parse(e05) as Erratum[], { draftText: t06, version: '06' }, { draftText: t05 }).carried)).toBe(e06);
  });

  it('protocol -06 errata carried back to -05 are the committed -05 errata, which extract -05 cleanly', () => {
    const r = carryErrata(JSON.parse(e06) as Erratum[], { draftText: t05, version: '05' });
    expect(formatErrataFile(r.carried)).toBe(e05);
    const x = extractTls(t05, 'spec/drafts/draft-ietf-mimi-protocol-05.md', r.carried);
    expect(x.applied).toEqual(r.carried.map((e) => e.id));
    expect(x.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('room-policy -03 errata on -02: carried, no longer needed and no longer matching, each accounted for', () => {
    const e03 = JSON.parse(read('spec/errata/draft-ietf-mimi-room-policy-03.json')) as Erratum[];
    const t02 = read('test/fixtures/drafts/draft-ietf-mimi-room-policy-02.md');
    const t03 = read('spec/drafts/draft-ietf-mimi-room-policy-03.md');
    const r = carryErrata(e03, { draftText: t02, version: '02' }, { draftText: t03 });
    expect(r.carried.length + r.noLongerNeeded.length + r.noLongerMatching.length).toBe(e03.length);
    expect(r.carried.length).toBeGreaterThan(0);
    expect(r.noLongerMatching.length).toBeGreaterThan(0);
    const x = extractTls(t02, 'draft-ietf-mimi-room-policy-02.md', r.carried);
    expect(x.diagnostics.filter((d) => d.code === 'stale-erratum')).toEqual([]);
  });
});

describe('formatErrataFile', () => {
  it.each(readdirSync(join(ROOT, 'spec/errata')).filter((f) => f.endsWith('.json')))('writes %s back byte for byte', (f) => {
    const text = read(`spec/errata/${f}`);
    expect(formatErrataFile(JSON.parse(text) as Erratum[])).toBe(text);
  });

  it('writes keys in one order whatever order they come in', () => {
    const e = { file: 'f.cddl', reason: 'r', replacement: 'b', original: 'a', line: 3, version: '01', draft: 'd', id: 'i', pragma: '@open' };
    expect(Object.keys((JSON.parse(formatErrataFile([e])) as object[])[0] ?? {})).toEqual([
      'id',
      'draft',
      'version',
      'line',
      'original',
      'replacement',
      'reason',
      'pragma',
      'file',
    ]);
  });
});
