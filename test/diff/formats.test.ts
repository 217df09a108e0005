/**
 * The output formats of `mimi spec diff` / `mimi spec lint` on fixed reports (sample-report.ts):
 * file snapshots a human can read in test/diff/__snapshots__/ (written by `npm run generate`, checked
 * by `npm run generate -- --check`: test/support/golden-files.ts; review their diff), and here semantic checks that do not depend on the
 * exact layout (escaping, counts, well-formedness).
 */
import { describe, expect, it } from 'vitest';
import { FORMATS, formatReport, isFormat } from '../../generators/report/format/index.ts';
import { escapeData, escapeProperty } from '../../generators/report/format/github-actions.ts';
import { diffLines, sideBySide } from '../../generators/report/format/line-diff.ts';
import type { Report } from '../../generators/report/model.ts';
import { EMPTY_REPORT, oneFinding, SAMPLE_LINT_REPORT, SAMPLE_REPORT } from '../support/sample-report.ts';

const count = (s: string, needle: string | RegExp) => (typeof needle === 'string' ? s.split(needle).length - 1 : (s.match(needle) ?? []).length);

describe('every format', () => {
  it('FORMATS and isFormat agree', () => {
    expect(FORMATS).toEqual(['text', 'json', 'markdown', 'html', 'junit', 'github-actions']);
    expect(FORMATS.every(isFormat)).toBe(true);
    expect(isFormat('yaml')).toBe(false);
  });

  for (const format of FORMATS) {
    it(`${format} is deterministic, leaves the report alone, and handles no findings`, () => {
      const before = structuredClone(SAMPLE_REPORT);
      const a = formatReport(SAMPLE_REPORT, format);
      expect(formatReport(structuredClone(SAMPLE_REPORT), format)).toBe(a);
      expect(SAMPLE_REPORT).toEqual(before);
      expect(() => formatReport(EMPTY_REPORT, format)).not.toThrow();
      expect(() => formatReport(SAMPLE_LINT_REPORT, format)).not.toThrow();
    });
  }

  it('only text has colours, and only when asked', () => {
    for (const format of FORMATS) expect(formatReport(SAMPLE_REPORT, format)).not.toContain('\u001b[');
    for (const format of FORMATS.filter((f) => f !== 'text')) expect(formatReport(SAMPLE_REPORT, format, { color: true })).not.toContain('\u001b[');
  });
});

describe('text', () => {
  const text = formatReport(SAMPLE_REPORT, 'text');

  it('one block per finding, with locations and fingerprints, then the summary', () => {
    for (const f of SAMPLE_REPORT.findings) {
      expect(text).toContain(`${f.level.padEnd(4)}  ${f.rule}  ${f.subject}`);
      expect(text).toContain(`fingerprint: ${f.fingerprint}`);
    }
    expect(text.trimEnd().split('\n').at(-1)).toBe('2 ERR, 2 WARN, 2 INFO (1 suppressed)');
    expect(count(text, '[suppressed]')).toBe(1);
    expect(text).toContain('old: drafts/draft-ietf-mimi-protocol-04.md:812 § 5.2. Claim keying material');
    expect(text).toContain('new: drafts/draft-ietf-mimi-protocol-05.md:830 § 5.2. Claim keying material');
  });

  it('an added finding has no old line, a removed one no new line', () => {
    const block = (subject: string) => text.split('\n\n').find((b) => b.includes(`  ${subject}`))!;
    expect(block('RoomRole')).not.toContain('old:');
    expect(block('RoomRole')).toContain('new:');
    expect(block('RoomPolicyLegacy')).toContain('old:');
    expect(block('RoomPolicyLegacy')).not.toContain('new:');
  });

  it('colours levels with ANSI codes', () => {
    const c = formatReport(SAMPLE_REPORT, 'text', { color: true });
    expect(c).toContain('\u001b[31mERR \u001b[0m');
    expect(c).toContain('\u001b[33mWARN\u001b[0m');
    expect(c).toContain('\u001b[36mINFO\u001b[0m');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips the ANSI colour escapes the text format writes
    expect(c.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text);
  });

  it('a summary without the parenthesis when nothing is suppressed', () => {
    expect(formatReport(EMPTY_REPORT, 'text').trimEnd().split('\n').at(-1)).toBe('0 ERR, 0 WARN, 0 INFO');
  });
});

describe('json', () => {
  it('is the report itself', () => {
    const json = formatReport(SAMPLE_REPORT, 'json');
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual(SAMPLE_REPORT);
  });
});

describe('markdown', () => {
  const md = formatReport(SAMPLE_REPORT, 'markdown');

  it('names both sides and sorts findings into sections', () => {
    expect(md.split('\n')[0]).toBe('## Changes from draft-ietf-mimi-protocol-04 to draft-ietf-mimi-protocol-05');
    const headings = md.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual(['### Breaking wire changes', '### Changes to check', '### Compatible changes', '### Source-only changes', '### Suppressed']);
    const section = (title: string) => md.split('### ').find((s) => s.startsWith(title))!;
    expect(section('Breaking wire changes')).toContain('- **KeyMaterialRequest**:');
    expect(section('Breaking wire changes')).not.toContain('ImportanceLevel');
    expect(section('Source-only changes')).toContain('FrankAAD.franking\\_tag');
    expect(section('Suppressed')).toContain('- **ImportanceLevel.high**:');
    expect(count(md, /^- \*\*/gm)).toBe(SAMPLE_REPORT.findings.length);
  });

  it('lint reports have Errors, Warnings, Notes', () => {
    const lint = formatReport(SAMPLE_LINT_REPORT, 'markdown');
    expect(lint.split('\n')[0]).toBe('## Lint of specs/');
    expect(lint.split('\n').filter((l) => l.startsWith('### '))).toEqual(['### Errors', '### Warnings', '### Notes']);
  });

  it('escapes markup outside code spans', () => {
    const md1 = formatReport(oneFinding({ subject: 'A_b*c', message: 'x <b>y</b> `a_b<V>` [z](u)' }), 'markdown');
    expect(md1).toContain('- **A\\_b\\*c**: x \\<b\\>y\\</b\\> `a_b<V>` \\[z\\](u) (tls-type-removed)');
  });
});

describe('html', () => {
  const html = formatReport(SAMPLE_REPORT, 'html');

  it('is one self-contained page', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|\bhref=|url\(|@import/i);
  });

  it('has the summary and one card per finding', () => {
    expect(html).toContain('id="summary"');
    expect(count(html, /<article class="finding/g)).toBe(SAMPLE_REPORT.findings.length);
    expect(count(html, 'data-level="ERR"')).toBe(3);
    expect(count(html, 'data-level="WARN"')).toBe(2);
    expect(count(html, 'data-level="INFO"')).toBe(2);
    expect(count(html, 'data-suppressed="true"')).toBe(1);
  });

  it('escapes definition text and messages', () => {
    expect(html).toContain('opaque nonce&lt;V&gt;;');
    expect(html).not.toContain('nonce<V>');
    const evil = formatReport(oneFinding({ subject: '<script>alert(1)</script>', message: 'a & b "c" \'d\'', oldText: '</td></tr></table>' }), 'html');
    expect(evil).not.toContain('<script>');
    expect(evil).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(evil).toContain('a &amp; b &quot;c&quot; &#39;d&#39;');
    expect(evil).toContain('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;');
  });

  it('shows side-by-side tables with the inserted line marked', () => {
    // KeyMaterialRequest (one line inserted), ImportanceLevel (one changed), RoomPolicyLegacy (removed), RoomRole (added).
    expect(count(html, '<table class="side-by-side">')).toBe(4);
    const card = html.slice(html.indexOf(`id="f-${SAMPLE_REPORT.findings[1]!.fingerprint}`), html.indexOf('</article>', html.indexOf('KeyMaterialRequest')));
    expect(count(card, 'class="code ins"')).toBe(1);
    expect(count(card, 'class="code del"')).toBe(0);
    expect(card).toMatch(/<td class="ln ins">4<\/td><td class="code ins"> {4}uint64 not_after;<\/td>/);
  });
});

describe('junit', () => {
  const xml = formatReport(SAMPLE_REPORT, 'junit');

  it('is well-formed XML with matching counts', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(() => checkXml(xml)).not.toThrow();
    expect(count(xml, '<testcase ')).toBe(7);
    expect(count(xml, '<failure ')).toBe(2);
    expect(count(xml, '<skipped ')).toBe(1);
    expect(count(xml, '<testsuite ')).toBe(3);
    expect(xml).toMatch(/<testsuites [^>]*tests="7" failures="2" errors="0" skipped="1">/);
    expect(xml).toMatch(/<testsuite name="mimi-spec-diff.tls" tests="5" failures="2" errors="0" skipped="0">/);
  });

  it('the well-formedness check catches broken XML', () => {
    expect(() => checkXml('<a><b></a>')).toThrow();
    expect(() => checkXml('<a>x & y</a>')).toThrow();
    expect(() => checkXml('<a b="1>x</a>')).toThrow();
    expect(() => checkXml('<a>x</a>')).not.toThrow();
  });

  it('escapes text and attributes, and drops characters XML cannot carry', () => {
    const evil = formatReport(oneFinding({ subject: 'a<b>&"c"', message: "x\u0001y ]]> 'q'\nz" }), 'junit');
    expect(() => checkXml(evil)).not.toThrow();
    expect(evil).toContain('name="a&lt;b&gt;&amp;&quot;c&quot; (tls-type-removed)"');
    expect(evil).toContain('x\uFFFDy ]]&gt; &apos;q&apos;&#10;z');
    expect(evil).not.toContain('\u0001');
  });

  it('a suppressed ERR is skipped, not failed', () => {
    const x = formatReport(oneFinding({ level: 'ERR', suppressed: true }), 'junit');
    expect(count(x, '<failure')).toBe(0);
    expect(count(x, '<skipped')).toBe(1);
  });
});

describe('github-actions', () => {
  const gha = formatReport(SAMPLE_REPORT, 'github-actions');

  it('one workflow command per finding', () => {
    const lines = gha.trimEnd().split('\n');
    expect(lines).toHaveLength(SAMPLE_REPORT.findings.length);
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('::notice '))).toHaveLength(3);
    expect(lines).toContain(
      '::error file=drafts/draft-ietf-mimi-protocol-05.md,line=830,col=1,title=tls-struct-field-inserted::KeyMaterialRequest: ' +
        SAMPLE_REPORT.findings[1]!.message,
    );
  });

  it('points at the new location, or the old one for something removed', () => {
    expect(gha).toContain('::error file=drafts/draft-ietf-mimi-protocol-04.md,line=955,col=1,title=tls-type-removed::RoomPolicyLegacy:');
    expect(gha).toContain('::notice file=drafts/draft-ietf-mimi-protocol-05.md,line=1002,col=1,title=tls-type-added::RoomRole:');
  });

  it('escapes as @actions/core does', () => {
    expect(escapeData('50% a\r\nb: c, d')).toBe('50%25 a%0D%0Ab: c, d');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const r: Report = oneFinding({ subject: 'S', message: 'line1\nline2 100%', new: { file: 'dir,x/a:b.md', line: 3 } });
    expect(formatReport(r, 'github-actions')).toBe('::error file=dir%2Cx/a%3Ab.md,line=3,title=tls-type-removed::S: line1%0Aline2 100%25\n');
  });

  it('no location, no file property', () => {
    expect(formatReport(oneFinding({ level: 'WARN' }), 'github-actions')).toBe('::warning title=tls-type-removed::T: m\n');
  });
});

describe('line diff', () => {
  it('finds the longest common subsequence', () => {
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'b', 'c'])).toEqual([
      { op: 'same', old: 'a', new: 'a' },
      { op: 'ins', new: 'x' },
      { op: 'same', old: 'b', new: 'b' },
      { op: 'same', old: 'c', new: 'c' },
    ]);
    expect(diffLines(['a', 'b'], [])).toEqual([
      { op: 'del', old: 'a' },
      { op: 'del', old: 'b' },
    ]);
    const ops = diffLines(['p', 'q', 'r', 's'], ['q', 's', 't']);
    expect(ops.filter((o) => o.op === 'same').map((o) => o.old)).toEqual(['q', 's']);
  });

  it('pairs a removed run with the added run after it', () => {
    expect(sideBySide('a\nb\nc\n', 'a\nB\nc\n')).toEqual([
      { old: { line: 1, text: 'a', changed: false }, new: { line: 1, text: 'a', changed: false } },
      { old: { line: 2, text: 'b', changed: true }, new: { line: 2, text: 'B', changed: true } },
      { old: { line: 3, text: 'c', changed: false }, new: { line: 3, text: 'c', changed: false } },
    ]);
    expect(sideBySide(undefined, 'x')).toEqual([{ new: { line: 1, text: 'x', changed: true } }]);
  });
});

/** A small well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`. */
function checkXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\n/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = token.exec(body)) !== null) {
    pos = token.lastIndex;
    const [, close, name, , selfClose, text] = m;
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text)) throw new Error(`bare & in ${JSON.stringify(text)}`);
      continue;
    }
    if (close) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else if (!selfClose) stack.push(name!);
  }
  if (pos !== body.length) throw new Error(`not XML at ${pos}: ${JSON.stringify(body.slice(pos, pos + 40))}`);
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
}
