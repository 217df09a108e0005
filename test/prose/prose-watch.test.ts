/**
 * The prose watch of `mimi spec diff` (generators/diff/prose-watch.ts) on real consecutive drafts
 * (test/fixtures/drafts/ and spec/drafts/, verbatim copies; see their NOTICE.md), with the repository's own `@spec`
 * tags, run as a user runs it:
 * - draft-ietf-mimi-content -05 → -06 changed how message IDs are computed (the salt is hashed a
 *   second time): the finding names §Message ID in both versions and computeMessageId;
 * - draft-ietf-mimi-protocol -05 → -06 left the franking text alone: no finding for it, while the
 *   tagged sections whose text did change (the IANA app components got their numbers) have one;
 * - draft-ietf-mimi-content -04 → -05 renamed §Message ID and Accepted Timestamp to §Message ID;
 * - the text compares whitespace-normalized: a reflowed section is no change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import { describeChanges, proseFindings } from '../../generators/diff/prose-watch.ts';
import type { SpecTag } from '../../generators/diff/spec-tags.ts';
import { formatReport } from '../../generators/report/format/index.ts';
import type { Finding, Report } from '../../generators/report/model.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FIX = 'test/fixtures/drafts';
/** Protocol -06 is the tracked version: spec/drafts has it, test/fixtures/drafts the versions before. */
const PROTOCOL_06 = 'spec/drafts/draft-ietf-mimi-protocol-06.md';

/** `mimi spec diff --format json` of two repository-relative drafts. */
function diffJson(oldFile: string, newFile: string): Report {
  const r = mimi(['spec', 'diff', oldFile, newFile, '--format', 'json'], undefined, { cwd: ROOT });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Report;
}

const prose = (report: Report): Finding[] => report.findings.filter((f) => f.category === 'PROSE');

describe('the prose watch on consecutive published drafts', () => {
  it('content -05 → -06: the message ID formula changed, and computeMessageId is named', () => {
    const findings = prose(diffJson(`${FIX}/draft-ietf-mimi-content-05.md`, `${FIX}/draft-ietf-mimi-content-06.md`));
    expect(findings.map((f) => [f.rule, f.subject, f.level, f.domain])).toEqual([
      ['prose-section-changed', 'draft-ietf-mimi-content §Message ID', 'WARN', 'prose'],
    ]);
    const [f] = findings;
    expect(f?.old).toMatchObject({ file: `${FIX}/draft-ietf-mimi-content-05.md`, line: 136, section: '3.3. Message ID' });
    expect(f?.new).toMatchObject({ file: `${FIX}/draft-ietf-mimi-content-06.md`, line: 136, section: '3.3. Message ID' });
    expect(f?.message).toContain('«message (including the salt).» → «message (including the salt), the sender URI, and the room URI.»');
    expect(f?.message).toContain('(implemented by computeMessageId, verifyMessageId)');
    expect(f?.newText).toContain('hash_output = hash( senderUri || roomUri || message || salt )');
    expect(f?.oldText).toContain('hash_output = hash( senderUri || roomUri || message )');
    const code = readFileSync(join(ROOT, 'packages/content/src/message-id.ts'), 'utf8').split('\n');
    for (const c of f?.implementedBy ?? []) expect(code[c.line - 1]).toContain('@spec draft-ietf-mimi-content §Message ID');
    expect(f?.implementedBy?.map((c) => c.symbol)).toEqual(['computeMessageId', 'verifyMessageId']);
  });

  it('protocol -05 → -06: franking prose unchanged, no finding for it; the app component numbers are', () => {
    const findings = prose(diffJson(`${FIX}/draft-ietf-mimi-protocol-05.md`, PROTOCOL_06));
    const subjects = findings.map((f) => f.subject);
    expect(subjects.filter((s) => s.includes('Franking'))).toEqual([]);
    expect(subjects).toContain('draft-ietf-mimi-protocol §frank_aad app component');
    expect(findings.find((f) => f.subject.endsWith('§frank_aad app component'))?.message).toContain('«- Value: TBD1» → «- Value: 0x0020»');
    expect(findings.every((f) => f.rule === 'prose-section-changed' && f.level === 'WARN' && (f.implementedBy?.length ?? 0) > 0)).toBe(true);
  });

  it('text output lists every implementing code location', () => {
    const r = mimi(['spec', 'diff', `${FIX}/draft-ietf-mimi-content-05.md`, `${FIX}/draft-ietf-mimi-content-06.md`], undefined, { cwd: ROOT });
    expect(r.stdout).toMatch(/implemented by: packages\/content\/src\/message-id\.ts:\d+ computeMessageId/);
    expect(r.stdout).toMatch(/implemented by: packages\/content\/src\/message-id\.ts:\d+ verifyMessageId/);
    const report = diffJson(`${FIX}/draft-ietf-mimi-content-05.md`, `${FIX}/draft-ietf-mimi-content-06.md`);
    for (const format of ['markdown', 'html', 'junit'] as const) {
      expect(formatReport(report, format), format).toMatch(/packages\/content\/src\/message-id\.ts:\d+ computeMessageId/);
    }
    const annotations = formatReport(report, 'github-actions').split('\n');
    const onCode = annotations.filter((l) => l.startsWith('::warning file=packages/content/src/message-id.ts,'));
    expect(onCode).toHaveLength(2);
    expect(onCode[0]).toMatch(
      /^::warning file=packages\/content\/src\/message-id\.ts,line=\d+,col=4,title=prose-section-changed::this code implements draft-ietf-mimi-content §Message ID: The text/,
    );
    expect(
      annotations.some((l) => l.startsWith('::warning file=test/fixtures/drafts/draft-ietf-mimi-content-06.md,line=136,title=prose-section-changed::')),
    ).toBe(true);
  });

  it('a reflowed section is no change; a tag for another draft or a version pair of two drafts reports nothing', async () => {
    const file = join(ROOT, FIX, 'draft-ietf-mimi-content-06.md');
    const side = await loadSide(file, { root: ROOT, cwd: ROOT });
    const reflowed = {
      ...side,
      markdown: side.markdown?.replace('The MIMI content format relies heavily on message IDs', 'The MIMI content format relies\n   heavily   on message IDs'),
    };
    const tag: SpecTag = { draft: 'draft-ietf-mimi-content', section: 'Message ID', file: 'x.ts', line: 1, col: 1 };
    expect(reflowed.markdown).not.toBe(side.markdown);
    expect(proseFindings(side, reflowed, [tag])).toEqual([]);
    expect(proseFindings(side, side, [{ ...tag, draft: 'draft-ietf-mimi-protocol' }])).toEqual([]);
    const protocol = await loadSide(join(ROOT, PROTOCOL_06), { root: ROOT, cwd: ROOT });
    expect(proseFindings(side, protocol, [tag])).toEqual([]);
    // And a tag whose section changed is reported whatever else the diff finds.
    const changed = { ...side, markdown: side.markdown?.replace('32-octet per-message', '64-octet per-message') };
    expect(diffSpecSets(side, changed, undefined, [tag]).findings.filter((f) => f.category === 'PROSE')).toHaveLength(1);
  });

  it('content -04 → -05: §Message ID and Accepted Timestamp became §Message ID, a rename with its text changed', () => {
    const findings = prose(diffJson(`${FIX}/draft-ietf-mimi-content-04.md`, `${FIX}/draft-ietf-mimi-content-05.md`));
    expect(findings.map((f) => [f.rule, f.subject])).toEqual([['prose-section-renamed', 'draft-ietf-mimi-content §Message ID']]);
    expect(findings[0]?.message).toMatch(/^§Message ID and Accepted Timestamp is now §Message ID; its text changed in \d+ passages: /);
    expect(findings[0]?.old).toMatchObject({ line: 136, section: '3.3. Message ID and Accepted Timestamp' });
    expect(findings[0]?.new).toMatchObject({ line: 136, section: '3.3. Message ID' });
  });

  it('describes a change word by word, with context, whitespace ignored', () => {
    expect(describeChanges('a b c d', 'a x c d')).toBe('in 1 passage: «a b» → «a x»');
    expect(describeChanges('one two three four five six seven', 'one two 3 four five six 7')).toBe(
      'in 2 passages: «one two three» → «one two 3»; «four five six seven» → «four five six 7»',
    );
  });
});
