/**
 * A throwaway copy of a checkout to run an update in (`--dry-run`, and the tests that take a draft
 * back to an earlier version): every file except git's and the build's, with node_modules a folder
 * of links to the checkout's, except @mimikit/*, whose relative links then point into the copy, so
 * that the hand-written packages type-check against the COPY's generated code.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const SKIPPED = new Set(['.git', 'node_modules', 'dist', '.stryker-tmp', 'coverage']);

export interface ScratchCopy {
  root: string;
  remove(): void;
}

export function scratchCopy(root: string): ScratchCopy {
  const copy = mkdtempSync(join(tmpdir(), 'mimi-update-'));
  const remove = () => rmSync(copy, { recursive: true, force: true });
  try {
    for (const e of readdirSync(root)) {
      if (SKIPPED.has(e)) continue;
      cpSync(join(root, e), join(copy, e), { recursive: true, verbatimSymlinks: true, filter: (src) => !SKIPPED.has(basename(src)) });
    }
    const modules = join(root, 'node_modules');
    if (existsSync(modules)) {
      mkdirSync(join(copy, 'node_modules'));
      for (const e of readdirSync(modules)) {
        if (e === '@mimikit') cpSync(join(modules, e), join(copy, 'node_modules', e), { recursive: true, verbatimSymlinks: true });
        else symlinkSync(join(modules, e), join(copy, 'node_modules', e));
      }
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { root: copy, remove };
}
