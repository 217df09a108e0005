/**
 * The workspace packages of the repository, read from the root package.json's `workspaces` globs
 * (one level of `*`), for the tests that check what each package would publish.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../../', import.meta.url).pathname;

export interface Workspace {
  /** Folder relative to the repository root, e.g. `packages/tls`. */
  dir: string;
  name: string;
  version: string;
  manifest: Record<string, unknown> & { dependencies?: Record<string, string> };
}

export function workspaces(): Workspace[] {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
  const dirs = root.workspaces.flatMap((pattern) =>
    pattern.endsWith('/*')
      ? readdirSync(join(ROOT, pattern.slice(0, -2)), { withFileTypes: true })
          .filter((e) => e.isDirectory())
          .map((e) => `${pattern.slice(0, -2)}/${e.name}`)
      : [pattern],
  );
  return dirs
    .filter((dir) => existsSync(join(ROOT, dir, 'package.json')))
    .sort()
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Workspace['manifest'];
      return { dir, name: String(manifest.name), version: String(manifest.version), manifest };
    });
}
