import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SpecError, type Diagnostic } from '../common/diagnostics.ts';
import { generateAll } from '../generate.ts';
import { placeInDrafts } from './draft-lines.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const temps: string[] = [];
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

/** A copy of the repository's spec/ with line `line` (1-based) of `file` replaced. */
function specWith(edits: Array<{ file: string; line: number; text: string }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-draft-lines-'));
  temps.push(dir);
  cpSync(join(root, 'spec'), join(dir, 'spec'), { recursive: true });
  for (const e of edits) {
    const lines = readFileSync(join(dir, e.file), 'utf8').split('\n');
    lines[e.line - 1] = e.text;
    writeFileSync(join(dir, e.file), lines.join('\n'));
  }
  return dir;
}

const at = (d: Diagnostic) => `${d.file}:${d.line}`;
const CDDL_EDIT = { file: 'spec/content/implied.cddl', line: 9, text: '    mlsGroupId: bstr ]]] ,' };
const TLS_EDIT = { file: 'spec/tls/draft-mahy-mls-ratchet-tree-options.tls', line: 8, text: '  reserved(0) !!,' };

describe('problems in extracted spec files are reported at the draft', () => {
  it('npm run generate reports every error of the run, each at the draft line or the -files/ CDDL line it came from', async () => {
    const dir = specWith([CDDL_EDIT, TLS_EDIT]);
    const error = await generateAll(dir, { check: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    const errors = (error as SpecError).diagnostics.filter((d) => d.severity === 'error').map(at);
    // implied.cddl line 9 is line 3 of the included file (its source comment is line 6);
    // the .tls line 8 is draft line 86 (source comment at line 6 names draft line 85).
    expect(errors).toContain('spec/drafts/draft-ietf-mimi-content-07-files/implied.cddl:3');
    expect(errors).toContain('spec/drafts/draft-mahy-mls-ratchet-tree-options-03.md:86');
    expect(errors.filter((e) => e.startsWith('spec/content/') || e.startsWith('spec/tls/'))).toEqual([]);
    expect((error as SpecError).message).toContain('spec/drafts/draft-ietf-mimi-content-07-files/implied.cddl:3:');
  });

  it('leaves the extracted file when the draft no longer matches the hash in its header, or the file has no header', () => {
    const dir = specWith([{ file: 'spec/drafts/draft-mahy-mls-ratchet-tree-options-03.md', line: 1, text: 'edited' }]);
    writeFileSync(join(dir, 'spec/content/mine.cddl'), 'Mine = uint\n');
    const ds: Diagnostic[] = [
      { file: TLS_EDIT.file, line: 8, col: 3, severity: 'error', code: 'x', message: 'x' },
      { file: 'spec/content/mine.cddl', line: 1, col: 1, severity: 'error', code: 'x', message: 'x' },
      { file: '../outside.tls', line: 1, col: 1, severity: 'error', code: 'x', message: 'x' },
      { file: CDDL_EDIT.file, line: 9, col: 5, severity: 'error', code: 'x', message: 'x' },
    ];
    expect(placeInDrafts(dir, ds).map((d) => `${at(d)}:${d.col}`)).toEqual([
      'spec/tls/draft-mahy-mls-ratchet-tree-options.tls:8:3',
      'spec/content/mine.cddl:1:1',
      '../outside.tls:1:1',
      'spec/drafts/draft-ietf-mimi-content-07-files/implied.cddl:3:5',
    ]);
  });

  it("turns a parser's fix of an extracted line into the erratum that makes it in the draft, printed under the error", () => {
    const fix = { edits: [{ line: 8, col: 14, length: 1, text: ';' }], id: 'reserved-separator', reason: 'test' };
    const d: Diagnostic = { file: TLS_EDIT.file, line: 8, col: 14, severity: 'error', code: 'x', message: 'x', fix };
    const [placed] = placeInDrafts(root, [d]);
    expect(placed).toMatchObject({ file: 'spec/drafts/draft-mahy-mls-ratchet-tree-options-03.md', line: 86 });
    expect(placed?.fix).toBeUndefined();
    expect(placed?.suggestedErratum).toEqual({
      id: 'reserved-separator',
      draft: 'draft-mahy-mls-ratchet-tree-options',
      version: '03',
      line: 86,
      original: '  reserved(0),\n',
      replacement: '  reserved(0);\n',
      reason: 'test',
    });
    expect(new SpecError([placed!]).message).toContain('suggested erratum for spec/errata/draft-mahy-mls-ratchet-tree-options-03.json:');
  });
});
