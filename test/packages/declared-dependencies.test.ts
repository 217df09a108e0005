/**
 * Every workspace package declares each package its shipped sources import (issue 13, point 1):
 * an installed tarball resolves imports only through its own `dependencies`, so an import that works
 * in the repository because the root (or a sibling) happens to install the package breaks for a
 * consumer. Type-only imports count too: the emitted .d.ts keep them, and a consumer's TypeScript
 * resolves them. node: builtins need no declaration. Internal (@mimikit/*) dependencies name the
 * exact version of the workspace package, so they resolve among the packed tarballs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT, workspaces } from '../support/workspaces.ts';

/**
 * Packages a build step copies into the package's dist/ instead of installing them: the source
 * imports them, the compiled output imports the copy. Each is pinned exactly in devDependencies.
 * ts-mls: shipped patched (scripts/vendor-ts-mls.mjs; docs/mls.md, "ts-mls in the published package").
 */
const VENDORED: Readonly<Record<string, readonly string[]>> = { '@mimikit/mls-profile': ['ts-mls'] };

const SKIPPED_DIRS = new Set(['dist', 'node_modules', 'fixtures', 'test']);

/** The TypeScript files a package ships: src/ when it has one (generators/ has its sources at its root). */
function shippedSources(dir: string): string[] {
  const base = join(ROOT, dir);
  const start = readdirSync(base).includes('src') ? join(base, 'src') : base;
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => {
      if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : walk(join(d, e.name));
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [join(d, e.name)] : [];
    });
  return walk(start);
}

/** `fastify/types/x` → `fastify`, `@scope/pkg/sub` → `@scope/pkg`; null for relative paths and builtins. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return null;
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? null);
}

/** Imported package → the first file (repository-relative) that imports it. */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of shippedSources(dir)) {
    // preProcessFile lists static imports and exports, `import type`, and `import('…')` calls.
    for (const ref of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      const pkg = packageOf(ref.fileName);
      if (pkg !== null && !found.has(pkg)) found.set(pkg, file.slice(ROOT.length));
    }
  }
  return found;
}

const all = workspaces();

describe('workspace packages declare what they import', () => {
  it('finds the workspace packages', () => {
    expect(all.map((w) => w.name)).toEqual(expect.arrayContaining(['@mimikit/tls', '@mimikit/mls', '@mimikit/generators', '@mimikit/mls-profile']));
  });

  for (const w of all) {
    it(`${w.name} (${w.dir})`, () => {
      const declared = w.manifest.dependencies ?? {};
      const peers = (w.manifest.peerDependencies as Record<string, string> | undefined) ?? {};
      const dev = (w.manifest.devDependencies as Record<string, string> | undefined) ?? {};
      const vendored = VENDORED[w.name] ?? [];
      for (const pkg of vendored) expect(dev[pkg], `${pkg} is vendored by the build: pin it exactly in devDependencies`).toMatch(/^\d+\.\d+\.\d+$/);
      const missing = [...importedPackages(w.dir)]
        .filter(([pkg]) => pkg !== w.name && !(pkg in declared) && !(pkg in peers) && !vendored.includes(pkg))
        .map(([pkg, file]) => `${pkg} (imported by ${file})`);
      expect(missing, `${w.dir}/package.json lacks dependencies`).toEqual([]);
      const internal = Object.entries(declared).filter(([pkg]) => pkg.startsWith('@mimikit/'));
      const wrong = internal.filter(([pkg, range]) => all.find((o) => o.name === pkg)?.version !== range).map(([pkg, range]) => `${pkg}@${range}`);
      expect(wrong, 'internal dependencies must name the exact version of a workspace package').toEqual([]);
    });
  }

  it('reads imports of every kind (the scanner itself)', () => {
    const refs = ts.preProcessFile(
      "import type { A } from 'a';\nexport { b } from '@s/b/sub';\nconst c = await import('c');\nimport './d.ts';\nimport 'node:fs';",
      true,
      true,
    );
    expect(refs.importedFiles.map((r) => packageOf(r.fileName))).toEqual(['a', '@s/b', 'c', null, null]);
  });
});
