/**
 * A page that sends the reader to a section of another (`docs/mls.md, "Patched ts-mls"`, also
 * across a line break) names a heading that page has: a renamed or removed section otherwise
 * leaves the reference pointing nowhere (issue 15 found one in docs/spec-editors.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DOC_PAGES, ROOT } from './doc-pages.ts';

/** `README.md, "Title"`, `docs/x.md, "Title"` (a bare `README` too), the title in straight quotes. */
const REFERENCE = /\b(README(?:\.md)?|docs\/[\w-]+\.md)\)?,\s+"([^"]+)"/g;

function headings(page: string): string[] {
  return readFileSync(join(ROOT, page), 'utf8')
    .split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, '').trim());
}

it('every reference to a section of README.md or docs/*.md names a heading of that page', () => {
  const problems: string[] = [];
  let references = 0;
  for (const page of DOC_PAGES) {
    const text = readFileSync(join(ROOT, page), 'utf8');
    for (const m of text.matchAll(REFERENCE)) {
      const target = m[1]!.startsWith('README') ? 'README.md' : m[1]!;
      const title = m[2]!.replace(/\s+/g, ' ');
      const line = text.slice(0, m.index).split('\n').length;
      references++;
      if (!existsSync(join(ROOT, target))) problems.push(`${page}:${line}: ${target} does not exist`);
      else if (!headings(target).includes(title))
        problems.push(`${page}:${line}: ${target} has no section "${title}" (its sections: ${headings(target).join(' | ')})`);
    }
  }
  expect(problems).toEqual([]);
  // The pattern finds the references the docs make (some dozen), not none.
  expect(references).toBeGreaterThan(10);
});
