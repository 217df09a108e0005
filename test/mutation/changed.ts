/**
 * The lines a change touches, for `npm run mutate -- --changed [REF]`: every line added or
 * modified since the merge base of REF and HEAD, committed or not, and every line of files git
 * does not track yet. Mutating only those lines keeps the pass proportional to the change (a
 * ten-line fix is some tens of mutants), which is what makes it usable before a review.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Inclusive 1-based line range. */
export type Lines = readonly [from: number, to: number];

export function changedLines(root: string, ref: string): Map<string, Lines[]> {
  const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const base = git(['merge-base', ref, 'HEAD']).trim();
  const out = new Map<string, Lines[]>();
  let file: string | undefined;
  // -U0: hunks without context, so `+c,d` is exactly the new side's changed lines.
  for (const line of git(['diff', '-U0', '--no-color', '--no-ext-diff', base, '--']).split('\n')) {
    if (line.startsWith('+++ ')) {
      file = line === '+++ /dev/null' ? undefined : line.slice('+++ b/'.length);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
    if (!hunk || file === undefined) continue;
    const from = Number(hunk[1]);
    const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
    if (count === 0) continue; // only deletions: nothing on the new side to mutate
    out.set(file, [...(out.get(file) ?? []), [from, from + count - 1]]);
  }
  for (const f of git(['ls-files', '--others', '--exclude-standard']).split('\n').filter(Boolean)) {
    out.set(f, [[1, readFileSync(join(root, f), 'utf8').split('\n').length]]);
  }
  return out;
}

/** The parts of `ranges` inside `within`. */
export function intersect(ranges: readonly Lines[], within: Lines): Lines[] {
  return ranges.flatMap(([a, b]): Lines[] => {
    const from = Math.max(a, within[0]);
    const to = Math.min(b, within[1]);
    return from <= to ? [[from, to]] : [];
  });
}
