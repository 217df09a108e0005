/**
 * A version with errors in its definitions is noted (`side-has-errors`) whatever the diff is run on,
 * and both ways of running it compare the same definitions: two drafts' markdown (draft vs draft),
 * or the spec directories extracted from them (what `--against <ref>` loads from git).
 *
 * The drafts here include two `.cddl` files in an order that is not the file names' order, and one
 * of them defines a rule twice, differently: the draft's include order and a directory's sorted file
 * listing would pick different definitions if the differ followed load order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diffSpecSets } from '../../generators/diff/diff.ts';
import { loadSide } from '../../generators/diff/load-side.ts';
import type { Finding, Report } from '../../generators/report/model.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DRAFT = 'draft-test-side-errors';

/** Included first by the draft, sorted last by name. */
const MAIN = (salt: string) => `message = [salt: ${salt}, body: Shared]\n`;
/** Sorted first by name, included last; `Shared` is defined in it too (the second definition in draft order). */
const SHARED_FIRST_BY_NAME = 'Shared = [kind: uint]\n';
const MAIN_WITH_DUPLICATE = (salt: string) => `${MAIN(salt)}Shared = [kind: tstr]\n`;

let tmp: string;

/** A version as a draft with its -files/ folder, and as a spec directory holding the same .cddl files. */
function writeVersion(version: string, files: Record<string, string>): { draft: string; dir: string } {
  const draft = join(tmp, `${DRAFT}-${version}.md`);
  const filesDir = join(tmp, `${DRAFT}-${version}-files`);
  const dir = join(tmp, `spec-${version}`, 'content');
  mkdirSync(filesDir, { recursive: true });
  mkdirSync(dir, { recursive: true });
  // Included in the order of `files`' keys: z-main.cddl before a-shared.cddl.
  const includes = Object.keys(files)
    .map((name) => `<{{${name}}}\n`)
    .join('\n');
  writeFileSync(draft, `# Test draft\n\n## Schema\n\n${includes}`);
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(filesDir, name), text);
    writeFileSync(join(dir, name), text);
  }
  return { draft, dir: join(tmp, `spec-${version}`) };
}

const load = (path: string) => loadSide(path, { root: ROOT, cwd: tmp });

/** What the two modes must agree on: the findings without their locations and texts. */
const essence = (r: Report) =>
  r.findings.filter((f) => f.rule !== 'side-has-errors').map((f: Finding) => `${f.level} ${f.category} ${f.rule} ${f.subject}: ${f.message}`);
const notes = (r: Report) => r.findings.filter((f) => f.rule === 'side-has-errors');

describe('side-has-errors and the definitions compared, in every mode', () => {
  let v00: { draft: string; dir: string };
  let v01: { draft: string; dir: string };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'side-errors-'));
    v00 = writeVersion('00', { 'z-main.cddl': MAIN('bstr'), 'a-shared.cddl': SHARED_FIRST_BY_NAME });
    v01 = writeVersion('01', { 'z-main.cddl': MAIN_WITH_DUPLICATE('bstr .size 16'), 'a-shared.cddl': SHARED_FIRST_BY_NAME });
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('a rule defined twice, differently, is noted on its side, draft vs draft and directory vs directory', async () => {
    for (const [old, neu] of [
      [v00.draft, v01.draft],
      [v00.dir, v01.dir],
    ] as const) {
      const r = diffSpecSets(await load(old), await load(neu));
      const found = notes(r);
      expect(
        found.map((f) => f.subject.split(':')[0]),
        neu,
      ).toEqual(['new']);
      expect(found[0]).toMatchObject({ level: 'WARN', category: 'LINT', domain: 'cddl' });
      expect(found[0]?.message).toContain("rule 'Shared' is defined twice with '=', differently");
      // Located at the definition lint reports (in load order: which of the two it names can differ by mode).
      expect(found[0]?.new?.file).toMatch(/(z-main|a-shared)\.cddl$/);
    }
  });

  it('both modes compare the same definitions: the first in file-name order, then in file order', async () => {
    const drafts = diffSpecSets(await load(v00.draft), await load(v01.draft));
    const dirs = diffSpecSets(await load(v00.dir), await load(v01.dir));
    expect(essence(drafts)).toEqual(essence(dirs));
    // a-shared.cddl's `Shared` (uint) is kept in both: Shared is unchanged, only the salt narrowed.
    expect(essence(drafts)).toEqual(['ERR WIRE cddl-type-choice-narrowed message.salt: `message.salt` now requires `.size 16`: it allows fewer values.']);
  });

  it('the same version on both sides: no diff findings, the note on each side', async () => {
    for (const side of [v01.draft, v01.dir]) {
      const r = diffSpecSets(await load(side), await load(side));
      expect(essence(r)).toEqual([]);
      expect(
        notes(r)
          .map((f) => f.subject.split(':')[0])
          .sort(),
      ).toEqual(['new', 'old']);
    }
  });
});
