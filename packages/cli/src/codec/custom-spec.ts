/**
 * A custom .tls file compiled for `mimi codec … --spec file.tls`: the generator (loaded only here)
 * compiles it on top of the built-in packages' descriptors into JavaScript, which is written to
 * the user's cache folder under the hash of its content and imported from there. The modules'
 * `@mimikit/*` imports are rewritten to the URLs they resolve to from this CLI, so the compiled
 * package uses the very modules the CLI uses, from a folder with no node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PackageDescriptor } from '@mimikit/tls/descriptors';
import { cacheDir, writeFileAtomic } from '../cache-dir.ts';
import { allBuiltinDescriptors, type CodecRegistry } from './builtin-specs.ts';

export interface CustomSpec {
  descriptors: PackageDescriptor;
  codecs: CodecRegistry;
}

/** `from '@mimikit/tls'` → `from "file:///…/packages/tls/…"` (static imports and import()). */
function linkImports(js: string): string {
  return js.replace(
    /(\bfrom\s*|\bimport\s*\(\s*)(['"])(@mimikit\/[^'"]+)\2/g,
    (_, before: string, _q: string, spec: string) => `${before}${JSON.stringify(import.meta.resolve(spec))}`,
  );
}

export async function compileCustomSpec(file: string, displayPath: string): Promise<CustomSpec> {
  const { compileCustomTlsToJs } = await import('@mimikit/generators');
  const compiled = await compileCustomTlsToJs(file, displayPath, await allBuiltinDescriptors());
  const files = [
    // The folder has no package.json of its own above it: say that its .js files are ES modules.
    { path: 'package.json', content: '{ "type": "module" }\n' },
    ...compiled.files.map((f) => ({ path: f.path, content: linkImports(f.content) })),
  ];
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.path}\0${f.content}\0`);
  const dir = join(cacheDir('tls'), hash.digest('hex').slice(0, 32));
  for (const f of files) {
    const path = join(dir, f.path);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== f.content) writeFileAtomic(path, f.content);
  }
  const index = (await import(pathToFileURL(join(dir, 'src', 'index.js')).href)) as { codecs: CodecRegistry };
  const desc = (await import(pathToFileURL(join(dir, 'src', 'descriptors.js')).href)) as { descriptors: PackageDescriptor };
  return { codecs: index.codecs, descriptors: desc.descriptors };
}
