/**
 * What a run changed on disk: the files under the given folders hashed before and after, compared
 * (added, removed, modified). Build output and installed modules are not the run's files.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export type TreeSnapshot = Map<string, string>;

export interface TreeChanges {
  added: string[];
  removed: string[];
  modified: string[];
}

const SKIPPED = new Set(['node_modules', 'dist']);

export function snapshotTree(root: string, folders: readonly string[]): TreeSnapshot {
  const out: TreeSnapshot = new Map();
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED.has(e.name)) continue;
      const abs = join(dir, e.name);
      if (e.isDirectory()) walk(abs);
      else if (e.isFile()) out.set(relative(root, abs).split(sep).join('/'), createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  for (const f of folders) if (existsSync(join(root, f))) walk(join(root, f));
  return out;
}

export function compareTrees(before: TreeSnapshot, after: TreeSnapshot): TreeChanges {
  const changes: TreeChanges = { added: [], removed: [], modified: [] };
  for (const [path, hash] of after) {
    const was = before.get(path);
    if (was === undefined) changes.added.push(path);
    else if (was !== hash) changes.modified.push(path);
  }
  for (const path of before.keys()) if (!after.has(path)) changes.removed.push(path);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}
