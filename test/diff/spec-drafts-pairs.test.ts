/**
 * spec/drafts keeps what a diff needs: every draft version in it that has a predecessor there
 * (same draft name, lower version) diffs against it with both sides fully loaded. The findings are
 * whatever the drafts changed; what must not happen is a side that failed to load — an include that
 * cannot be found (an older version copied without its `-files/` folder), an unreadable draft, an
 * extraction error — because then the diff silently compares less than the drafts say.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import { parseDraftFileName } from '../../generators/extract/manifest.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** Draft name → its versions present in spec/drafts, ascending. */
function versionsByDraft(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(join(ROOT, 'spec/drafts')).sort()) {
    const id = parseDraftFileName(file);
    if (!id) continue;
    out.set(id.name, [...(out.get(id.name) ?? []), id.version]);
  }
  return out;
}

const pairs = [...versionsByDraft()].flatMap(([name, versions]) => versions.slice(1).map((to, i) => ({ name, from: versions[i]!, to })));

describe('consecutive versions in spec/drafts diff with both sides loaded', () => {
  it('spec/drafts holds at least one draft in two versions', () => {
    expect(pairs.length).toBeGreaterThan(0);
  });
  for (const { name, from, to } of pairs) {
    it(`${name} -${from} → -${to}`, async () => {
      const load = (v: string) => loadSide(`spec/drafts/${name}-${v}.md`, { root: ROOT, cwd: ROOT });
      const [oldSide, newSide] = [await load(from), await load(to)];
      for (const side of [oldSide, newSide]) {
        const errors = side.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}: ${d.message} [${d.code}]`);
        expect(errors, side.info.label).toEqual([]);
      }
      const report = diffSpecSets(oldSide, newSide);
      expect(report.sides.map((s) => s.version)).toEqual([from, to]);
      expect(report.findings.filter((f) => f.rule === 'side-has-errors')).toEqual([]);
    });
  }
});
