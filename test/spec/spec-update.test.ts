/**
 * `mimi spec update` takes a real earlier draft version to its successor, from a tree holding only
 * the older one, and the result is the committed tree byte for byte: the draft and its -files/
 * copied, the manifest entry replaced (with what the old version included and the new one only
 * ships), the errata carried, spec/ extracted, generated/ and the derived files regenerated.
 * The summary must say what changed (wire, prose), and the run must find no problem in a state the
 * repository commits. On failure the summary is printed.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUpdateSummary, type SpecUpdateSummary } from '@mimikit/generators';
import { docBlocks } from '../docs/doc-blocks.ts';
import { matchElided } from '../docs/elided-match.ts';
import { mimi } from '../support/run-cli.ts';
import { DERIVED, differingFiles, REPO, treeAtEarlierVersion, type SpecTree } from '../support/spec-tree.ts';

const trees: SpecTree[] = [];
afterAll(() => {
  for (const t of trees) t.cleanup();
});

interface Summary {
  draft: { name: string; version: string };
  previous?: { version: string };
  diff: { changes: Array<{ rule: string; level: string }>; prose: Array<{ subject: string; implementedBy?: unknown[] }> } | null;
  errata: { carried: Array<{ id: string }>; noLongerNeeded: unknown[]; noLongerMatching: unknown[] };
  files: { added: string[]; removed: string[]; modified: string[] };
  typecheck: { errors: unknown[] } | null;
  problems: number;
}

function update(tree: SpecTree, draft: string): { code: number; summary: Summary; text: string } {
  const arg = `../${basename(tree.incoming)}/${draft}`;
  const r = mimi(['spec', 'update', arg, '--root', tree.root, '--format', 'json'], undefined, { cwd: tree.cwd, timeout: 400_000 });
  let summary: Summary;
  try {
    summary = JSON.parse(r.stdout) as Summary;
  } catch {
    throw new Error(`mimi spec update exited ${r.code} without a JSON summary:\n${r.stderr}${r.stdout}`);
  }
  // On failure the summary is shown as the editor sees it.
  return { code: r.code, summary, text: `${r.stderr}${formatUpdateSummary(summary as unknown as SpecUpdateSummary)}` };
}

/** The output docs/spec-editors.md shows for this very run (the first text block of its `mimi spec update` section). */
function documentedOutput(): string {
  const page = 'docs/spec-editors.md';
  const markdown = readFileSync(join(REPO, page), 'utf8');
  const heading = markdown.split('\n').findIndex((l) => l.startsWith('## A new version: `mimi spec update`'));
  const block = docBlocks(page, markdown).find((b) => b.line > heading && b.language === 'text');
  if (heading < 0 || !block) throw new Error(`${page}: no text block under "A new version: \`mimi spec update\`"`);
  // An omission mark may be indented like the lines it stands for.
  return block.text.replace(/^[ \t]+…$/gm, '…');
}

describe('mimi spec update on real consecutive drafts', () => {
  it('content -06 → -07 gives the committed tree', { timeout: 600_000 }, () => {
    const tree = treeAtEarlierVersion('draft-ietf-mimi-content', '06', '07');
    trees.push(tree);
    const { code, summary, text } = update(tree, 'draft-ietf-mimi-content-07.md');
    expect(summary.problems, text).toBe(0);
    expect(code, text).toBe(0);
    expect(summary.previous?.version).toBe('06');
    // -07 changed how message IDs are computed: the prose watch names the section and its code.
    expect(
      summary.diff?.prose.some((f) => f.subject.includes('Message ID') && (f.implementedBy?.length ?? 0) > 0),
      text,
    ).toBe(true);
    expect(summary.typecheck, text).toEqual({ errors: [] });
    expect(summary.files.added, text).toContain('spec/drafts/draft-ietf-mimi-content-07.md');
    expect(differingFiles(tree, ['spec', 'generated', ...DERIVED]), text).toEqual([]);
    // The walk-through in docs/spec-editors.md shows this run's output (`…`: lines left out).
    const shown = matchElided(documentedOutput(), text);
    expect(shown.projected, 'docs/spec-editors.md no longer shows what mimi spec update prints').toBe(documentedOutput());
    expect(shown.ok).toBe(true);
  });

  it('protocol -05 → -06 gives the committed tree, its errata carried', { timeout: 600_000 }, () => {
    const tree = treeAtEarlierVersion('draft-ietf-mimi-protocol', '05', '06');
    trees.push(tree);
    if (tree.standIns.length) console.info(`spec-update test: stand-ins made for files the checkout lacks: ${tree.standIns.join(', ')}`);
    const { code, summary, text } = update(tree, 'draft-ietf-mimi-protocol-06.md');
    expect(summary.problems, text).toBe(0);
    expect(code, text).toBe(0);
    expect(summary.errata.carried.length, text).toBeGreaterThan(0);
    expect(summary.errata.noLongerMatching, text).toEqual([]);
    expect(summary.diff?.changes.length, text).toBeGreaterThan(0);
    expect(differingFiles(tree, ['spec', 'generated', ...DERIVED]), text).toEqual([]);
  });
});
