/**
 * A package the generator compiled for this run (a custom .tls or .cddl file), installed into the
 * user's cache folder under the hash of its content and imported from there. The modules' package
 * imports (`@mimikit/*`, and `typebox` for content schemas; both are dependencies of this CLI) are
 * rewritten to the URLs they resolve to from this CLI, so the compiled package uses the very
 * modules the CLI uses, from a folder with no node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cacheDir, writeFileAtomic } from './cache-dir.ts';

/** `from '@mimikit/tls'` → `from "file:///…/packages/tls/…"` (static imports and import()); relative and node: imports stay. */
function linkImports(js: string): string {
  return js.replace(
    /(\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"./][^'":]*)\2/g,
    (_, before: string, _q: string, spec: string) => `${before}${JSON.stringify(import.meta.resolve(spec))}`,
  );
}

/**
 * Writes the modules (paths relative to the package folder) into `<cache>/<kind>/<hash>/` unless
 * they are there already, and returns an importer of the package's modules by path.
 */
export function installCompiledPackage(kind: string, modules: ReadonlyArray<{ path: string; content: string }>): (path: string) => Promise<unknown> {
  const files = [
    // The folder has no package.json of its own above it: say that its .js files are ES modules.
    { path: 'package.json', content: '{ "type": "module" }\n' },
    ...modules.map((f) => ({ path: f.path, content: linkImports(f.content) })),
  ];
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0${f.content}\0`);
  const dir = join(cacheDir(kind), hash.digest('hex').slice(0, 32));
  for (const f of files) {
    const path = join(dir, f.path);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== f.content) writeFileAtomic(path, f.content);
  }
  return (path) => import(pathToFileURL(join(dir, path)).href);
}
