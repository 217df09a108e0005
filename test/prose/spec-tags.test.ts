/**
 * `@spec` tags (generators/diff/spec-tags.ts): the scanner reads them with their location and the
 * symbol they document, rejects malformed ones at their file:line:col, and every tag of the
 * repository's hand-written code names exactly one section of the draft version spec/drafts tracks
 * (the check `mimi spec diff`'s prose watch relies on: a tag naming nothing watches nothing).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSpecTags, trackedDrafts } from '../../generators/diff/spec-tags-check.ts';
import { scanSpecTags, scanTagsInText } from '../../generators/diff/spec-tags.ts';
import { draftSections } from '../../generators/extract/sections.ts';
import type { Report } from '../../generators/report/model.ts';
import { mimi } from '../support/run-cli.ts';

const ROOT = join(import.meta.dirname, '..', '..');

describe('@spec tags in hand-written code', () => {
  it('reads a tag with its location and the declaration its doc comment sits on', () => {
    const text = [
      "import { x } from 'y';",
      '',
      '/**',
      ' * Message IDs.',
      ' * @spec draft-ietf-mimi-content §Message ID',
      ' * @spec draft-ietf-mimi-protocol §Submit a Message > Message Franking',
      ' */',
      'export async function computeMessageId(): Promise<void> {}',
    ].join('\n');
    const { tags, diagnostics } = scanTagsInText(text, 'a.ts');
    expect(diagnostics).toEqual([]);
    expect(tags).toEqual([
      { draft: 'draft-ietf-mimi-content', section: 'Message ID', file: 'a.ts', line: 5, col: 4, symbol: 'computeMessageId' },
      { draft: 'draft-ietf-mimi-protocol', section: 'Submit a Message > Message Franking', file: 'a.ts', line: 6, col: 4, symbol: 'computeMessageId' },
    ]);
  });

  it('a file header block tags the whole file (no symbol)', () => {
    const { tags } = scanTagsInText('/**\n * Franking.\n * @spec draft-ietf-mimi-protocol §Report abuse\n */\nimport { a } from "b";\n', 'f.ts');
    expect(tags).toEqual([{ draft: 'draft-ietf-mimi-protocol', section: 'Report abuse', file: 'f.ts', line: 3, col: 4 }]);
  });

  it('rejects malformed tags with their location, and ignores `@spec` outside doc comments', () => {
    const text = [
      '/**',
      ' * @spec draft-ietf-mimi-content Message ID',
      ' * @spec draft-ietf-mimi-content-07 §Message ID',
      ' * @spec Draft_Content §Message ID',
      ' * @spec draft-ietf-mimi-content §',
      ' * @spec draft-ietf-mimi-content §A >  > B',
      ' */',
      'export const x = 1;',
      '// @spec not-a-draft §nothing',
      "const s = '@spec nothing';",
    ].join('\n');
    const { tags, diagnostics } = scanTagsInText(text, 'bad.ts');
    expect(tags).toEqual([]);
    expect(diagnostics.map((d) => [d.line, d.col, d.code, d.severity])).toEqual([
      [2, 4, 'malformed-spec-tag', 'error'],
      [3, 4, 'malformed-spec-tag', 'error'],
      [4, 4, 'malformed-spec-tag', 'error'],
      [5, 4, 'malformed-spec-tag', 'error'],
      [6, 4, 'malformed-spec-tag', 'error'],
    ]);
    expect(diagnostics[0]?.message).toContain('without a `§<section>`');
    expect(diagnostics[1]?.message).toContain('names a draft version (draft-ietf-mimi-content-07)');
  });

  it('reports tags naming an untracked draft, a missing section or an ambiguous one', () => {
    const md = [
      '---',
      'docname: draft-x-y-01',
      '---',
      '',
      '--- middle',
      '',
      '# Alpha {#alpha}',
      '',
      '## Details',
      '',
      'a',
      '',
      '# Beta',
      '',
      '## Details',
      '',
      'b',
      '',
    ].join('\n');
    const drafts = new Map([['draft-x-y', { name: 'draft-x-y', file: 'draft-x-y-01.md', sections: draftSections(md) }]]);
    const at = { file: 'c.ts', line: 1, col: 1 };
    const diagnostics = checkSpecTags(
      [
        { ...at, draft: 'draft-x-y', section: 'alpha' },
        { ...at, draft: 'draft-x-y', section: '#alpha' },
        { ...at, draft: 'draft-x-y', section: 'Beta > Details' },
        { ...at, draft: 'draft-x-z', section: 'Alpha' },
        { ...at, draft: 'draft-x-y', section: 'Gamma detailed' },
        { ...at, draft: 'draft-x-y', section: 'Details' },
      ],
      drafts,
    );
    expect(diagnostics.map((d) => d.code)).toEqual(['spec-tag-unknown-draft', 'spec-tag-unknown-section', 'spec-tag-ambiguous-section']);
    expect(diagnostics[1]?.hint).toContain('§Details');
    expect(diagnostics[2]?.message).toContain('matches 2 sections');
    expect(diagnostics[2]?.hint).toBe('name it by path, e.g. §Alpha > Details');
  });

  it("every tag of the repository's code names exactly one section of the tracked draft version", () => {
    const { tags, diagnostics } = scanSpecTags(ROOT);
    const tracked = trackedDrafts(ROOT);
    expect(tracked.diagnostics).toEqual([]);
    expect([...diagnostics, ...checkSpecTags(tags, tracked.drafts)]).toEqual([]);
    // The prose the issue names is covered: message IDs, franking, room policy, MLS usage, transport.
    const covered = new Set(tags.map((t) => `${t.draft} §${t.section}`));
    for (const section of [
      'draft-ietf-mimi-content §Message ID',
      'draft-ietf-mimi-protocol §Message Franking > Hub processing',
      'draft-ietf-mimi-room-policy §Role-Based Access Control',
      'draft-ietf-mimi-protocol §Update Room State',
      'draft-ietf-mimi-protocol §Directory',
    ]) {
      expect(covered, section).toContain(section);
    }
    expect(tags.find((t) => t.symbol === 'computeMessageId')?.file).toBe('packages/content/src/message-id.ts');
  });

  it('`mimi spec lint prose` runs the same check and passes on the repository', () => {
    const r = mimi(['spec', 'lint', 'prose', '--format', 'json'], undefined, { cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).findings).toEqual([]);
  });
});
