/**
 * Suggested errata: linting a draft whose TLS-PL has a mechanical slip proposes the erratum that
 * fixes it. On protocol -06 read as published (errata off), the proposals for the `;` slips
 * (enum separators, a struct name or field without `;`) and the unclosed select are the errata
 * committed in spec/errata by hand, up to wording: the same draft line, original and replacement.
 * The same holds for protocol -05 and for the selects room policy -03 closes without `;`.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SuggestedErratum } from '../../generators/common/diagnostics.ts';
import { lintGroupsOf, loadSide } from '../../generators/diff/load-side.ts';
import type { Erratum } from '../../generators/extract/errata.ts';
import { applyErrata, TrackedText } from '../../generators/extract/errata.ts';
import { scanMarkdown } from '../../generators/extract/markdown.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const P06 = 'spec/drafts/draft-ietf-mimi-protocol-06.md';
const COMMITTED = JSON.parse(readFileSync(join(ROOT, 'spec/errata/draft-ietf-mimi-protocol-06.json'), 'utf8')) as Erratum[];

async function suggestions(draft = P06): Promise<SuggestedErratum[]> {
  const side = await loadSide(draft, { root: ROOT, cwd: ROOT, errata: false });
  return lintGroupsOf(side)
    .flatMap((g) => g.diagnostics)
    .flatMap((d) => (d.suggestedErratum ? [d.suggestedErratum] : []));
}

/** The committed erratum at the same line, compared without id and reason. */
const sameFix = (s: SuggestedErratum) => {
  const c = COMMITTED.find((e) => e.line === s.line);
  return c && { line: c.line, original: c.original, replacement: c.replacement };
};

describe('suggested errata on protocol -06 as published', () => {
  it('proposes the committed errata for every `;` slip and the unclosed select', async () => {
    const found = await suggestions();
    expect(found.map((s) => s.line)).toEqual([856, 868, 988, 1004, 1062, 2146, 2166, 2173, 2294]);
    for (const s of found) {
      expect(s.draft).toBe('draft-ietf-mimi-protocol');
      expect(s.version).toBe('06');
      const fix = { line: s.line, original: s.original, replacement: s.replacement };
      if (s.line === 2166) {
        // The committed erratum takes the line break after `} PseudonymousCredentialTBS` along.
        expect({ ...fix, original: `${fix.original}\n`, replacement: `${fix.replacement}\n` }).toEqual(sameFix(s));
      } else expect(fix, s.id).toEqual(sameFix(s));
    }
    // Ids are named after the definition; most are the committed ones.
    expect(found.filter((s) => COMMITTED.some((c) => c.id === s.id)).map((s) => s.id)).toEqual([
      'key-material-user-code-commas',
      'handshake-bundle-close-select',
      'group-info-option-select-semicolon',
      'update-room-response-semicolon',
      'pseudonymous-credential-semicolon',
      'pseudonymous-credential-tbs-semicolon',
      'identity-link-tbe-semicolon',
    ]);
  });

  it('every suggestion applies to the draft as the extractor applies errata', async () => {
    const markdown = readFileSync(join(ROOT, P06), 'utf8');
    const fences = scanMarkdown(markdown).fences.map((f) => ({
      openLine: f.openLine,
      closeLine: f.closeLine,
      text: TrackedText.fromLines(f.lines, f.openLine + 1),
    }));
    const r = applyErrata(fences, await suggestions(), P06, 'suggested');
    expect(r.diagnostics).toEqual([]);
    expect(r.applied).toHaveLength(9);
  });

  it('`mimi spec lint` prints them, and the json, markdown and html formats carry them', () => {
    const text = mimi(['spec', 'lint', P06], undefined, { cwd: ROOT });
    // With the committed errata applied there is nothing left to suggest.
    expect(text.stdout).not.toContain('suggested erratum');
    const copy = mimi(['spec', 'lint', 'test/fixtures/drafts/draft-ietf-mimi-protocol-04.md'], undefined, { cwd: ROOT });
    expect(copy.stdout).toContain('suggested erratum for spec/errata/draft-ietf-mimi-protocol-04.json:');
    expect(copy.stdout).toContain('"replacement": "} UpdateRoomResponse;"');
    const json = JSON.parse(
      mimi(['spec', 'lint', 'test/fixtures/drafts/draft-ietf-mimi-protocol-04.md', '--format', 'json'], undefined, { cwd: ROOT }).stdout,
    ) as {
      findings: Array<{ rule: string; suggestedErratum?: SuggestedErratum }>;
    };
    const semicolon = json.findings.find((f) => f.suggestedErratum?.id === 'update-room-response-semicolon');
    expect(semicolon?.rule).toBe('missing-semicolon');
    expect(semicolon?.suggestedErratum?.version).toBe('04');
    const md = mimi(['spec', 'lint', 'test/fixtures/drafts/draft-ietf-mimi-protocol-04.md', '--format', 'markdown'], undefined, { cwd: ROOT }).stdout;
    expect(md).toContain(
      '  Suggested erratum for `spec/errata/draft-ietf-mimi-protocol-04.json`:\n\n  ```json\n  {\n    "id": "handshake-bundle-close-select",',
    );
    const html = mimi(['spec', 'lint', 'test/fixtures/drafts/draft-ietf-mimi-protocol-04.md', '--format', 'html'], undefined, { cwd: ROOT }).stdout;
    expect(html).toContain('<dt>suggested erratum</dt><dd><pre><code>{\n  &quot;id&quot;: &quot;handshake-bundle-close-select&quot;');
  });
});

/** The committed errata of `file` with the ids of `suggested`, as (id, line, original, replacement). */
function committedAs(file: string, suggested: readonly SuggestedErratum[]) {
  const committed = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Erratum[];
  return suggested.map((s) => {
    const c = committed.find((e) => e.id === s.id);
    return c && { id: c.id, line: c.line, original: c.original, replacement: c.replacement };
  });
}
const fixOf = (s: SuggestedErratum) => ({ id: s.id, line: s.line, original: s.original, replacement: s.replacement });

describe('suggested errata on other published drafts', () => {
  it('protocol -05 read without errata: the same slips, the committed -05 errata', async () => {
    const found = await suggestions('spec/drafts/draft-ietf-mimi-protocol-05.md');
    expect(found.map((s) => s.id)).toContain('group-info-option-select-semicolon');
    const exact = found.filter(
      (s) => !['key-material-client-code-commas', 'pseudonymous-credential-tbs-semicolon', 'changed-role-participants-semicolon'].includes(s.id),
    );
    expect(exact.map(fixOf)).toEqual(committedAs('spec/errata/draft-ietf-mimi-protocol-05.json', exact));
  });

  it('room policy -03: each select closed by `}` alone is a select-missing-semicolon warning with the committed erratum', async () => {
    const side = await loadSide('spec/drafts/draft-ietf-mimi-room-policy-03.md', { root: ROOT, cwd: ROOT, errata: false });
    const warnings = lintGroupsOf(side)
      .flatMap((g) => g.diagnostics)
      .filter((d) => d.code === 'select-missing-semicolon');
    expect(warnings.map((d) => d.severity)).toEqual(['warning', 'warning', 'warning', 'warning', 'warning']);
    const suggested = warnings.flatMap((d) => (d.suggestedErratum ? [d.suggestedErratum] : []));
    // pending-proposal-policy's committed erratum starts two lines higher: another erratum there deletes the arm below it.
    const exact = suggested.filter((s) => s.id !== 'pending-proposal-policy-select-semicolon');
    expect(exact.map((s) => s.id)).toEqual([
      'link-preview-policy-select-semicolon',
      'logging-policy-select-semicolon',
      'history-policy-select-semicolon',
      'message-expiration-select-semicolon',
    ]);
    expect(exact.map(fixOf)).toEqual(committedAs('spec/errata/draft-ietf-mimi-room-policy-03.json', exact));
  });
});

describe('suggested errata for CDDL a draft includes', () => {
  it("an unclosed '[' and a member written with '=' in content -07's mimi-content.cddl: errata with `file`, restoring the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mimikit-cddl-errata-'));
    try {
      cpSync(join(ROOT, 'spec/drafts/draft-ietf-mimi-content-07.md'), join(dir, 'draft-ietf-mimi-content-07.md'));
      cpSync(join(ROOT, 'spec/drafts/draft-ietf-mimi-content-07-files'), join(dir, 'draft-ietf-mimi-content-07-files'), { recursive: true });
      const cddlPath = join(dir, 'draft-ietf-mimi-content-07-files/mimi-content.cddl');
      const good = readFileSync(cddlPath, 'utf8').split('\n');
      // Line 9 closes mimiContent's '['; SinglePart's contentType is on line 21.
      expect([good[8], good[20]]).toEqual([']', '    contentType: tstr,']);
      const bad = good.map((l, k) => (k === 8 ? '' : k === 20 ? '    contentType = tstr,' : l));
      writeFileSync(cddlPath, bad.join('\n'));
      const side = await loadSide(join(dir, 'draft-ietf-mimi-content-07.md'), { root: ROOT, cwd: ROOT, errata: false });
      const found = lintGroupsOf(side)
        .flatMap((g) => g.diagnostics)
        .flatMap((d) => (d.suggestedErratum ? [{ code: d.code, ...d.suggestedErratum }] : []));
      expect(found).toEqual([
        {
          code: 'unclosed-bracket',
          id: 'mimi-content-close',
          draft: 'draft-ietf-mimi-content',
          version: '07',
          file: 'mimi-content.cddl',
          line: 8,
          original: '  nestedPart: NestedPart',
          replacement: '  nestedPart: NestedPart]',
          reason: "'[' is never closed",
        },
        {
          code: 'unclosed-bracket',
          id: 'single-part-content-type-colon',
          draft: 'draft-ietf-mimi-content',
          version: '07',
          file: 'mimi-content.cddl',
          line: 21,
          original: '    contentType = tstr,\n',
          replacement: '    contentType: tstr,\n',
          reason: "'contentType = …' inside '( )' is a member: 'key: type'",
        },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
