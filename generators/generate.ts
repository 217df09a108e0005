/**
 * `npm run generate`: every generator over spec/, written to generated/. With `check`, nothing is
 * written; the result lists the files that differ from what is committed (including files that
 * should no longer exist), which CI turns into a failure.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { hasErrors, SpecError, type Diagnostic } from './common/diagnostics.ts';
import { emitPackage } from './tls/emit/emit-package.ts';
import { loadPackages } from './tls/load.ts';

export interface GenerateResult {
  /** Repo-relative paths that were written (or, with check, that are stale). */
  changed: string[];
  diagnostics: Diagnostic[];
  files: number;
}

export function generateAll(root: string, options: { check?: boolean } = {}): GenerateResult {
  const { packages, inputs, diagnostics } = loadPackages(root);
  if (hasErrors(diagnostics)) throw new SpecError(diagnostics);
  const wanted = new Map<string, string>();
  for (const pkg of packages) {
    const pkgInputs = pkg.specs.map((s) => inputs.get(s.name)!);
    for (const f of emitPackage(pkg, pkgInputs)) wanted.set(join('generated', pkg.name, f.path), f.content);
  }
  const changed: string[] = [];
  for (const [path, content] of wanted) {
    const abs = join(root, path);
    const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    if (current === content) continue;
    changed.push(path);
    if (!options.check) {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  // Files of a generated package that no generator produces any more.
  for (const pkg of packages) {
    for (const file of listFiles(join(root, 'generated', pkg.name))) {
      const path = relative(root, file);
      if (wanted.has(path) || path.includes('node_modules')) continue;
      changed.push(path);
      if (!options.check) rmSync(file);
    }
  }
  return { changed: changed.sort(), diagnostics, files: wanted.size };
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
