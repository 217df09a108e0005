/**
 * `npm run generate`: every generator over spec/, written to generated/, plus the derived files
 * outside it (derived.ts) and any further files the caller derives (`extra`: the test goldens,
 * test/support/golden-files.ts). With `check`, nothing is written; the result lists the files that
 * differ from what is committed (including generated files that should no longer exist), which CI
 * turns into a failure.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { hasErrors, SpecError, type Diagnostic } from './common/diagnostics.ts';
import { derivedFiles, type DerivedFile } from './derived.ts';
import { emitContentPackage } from './cddl/emit/emit-package.ts';
import { formatGeneratedTypeScript } from './common/format-generated.ts';
import { loadContentSpecs } from './cddl/load.ts';
import { emitApiPackage } from './openapi/api-package.ts';
import { generateOpenApi, listOpenApiSpecs, openApiFile, packageExtras } from './openapi/index.ts';
import { emitPackage } from './tls/emit/emit-package.ts';
import { loadPackages } from './tls/load.ts';
import { placeInDrafts } from './extract/draft-lines.ts';

/** The generated package that spec/content/*.cddl becomes. */
export const CONTENT_PACKAGE = 'mimi-content';

export interface GenerateOptions {
  /** Write nothing; report what differs. */
  check?: boolean;
  /** More derived files (repo-relative paths) to write or check with the generated ones. */
  extra?: (root: string) => Promise<readonly DerivedFile[]>;
}

export interface GenerateResult {
  /** Repo-relative paths that were written (or, with check, that are stale). */
  changed: string[];
  diagnostics: Diagnostic[];
  files: number;
}

/**
 * Async because swagger-parser (spec/openapi) is: each description spec/openapi/<pkg>.yaml adds a
 * generated client, server and operation table to the TLS package <pkg>, or, when there is no TLS
 * package of that name, becomes the package generated/<pkg> on its own (JSON bodies only).
 */
export async function generateAll(root: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const { packages, inputs, diagnostics } = loadPackages(root);
  const content = loadContentSpecs(root);
  for (const item of content.diagnostics) diagnostics.push(item);
  if (hasErrors(diagnostics)) throw new SpecError(placeInDrafts(root, diagnostics));
  const wanted = new Map<string, string>();
  const openapi = new Map<string, Array<{ path: string; content: string }>>();
  /** Packages made of a description alone, by name. */
  const apiPackages = new Map<string, Array<{ path: string; content: string }>>();
  for (const name of listOpenApiSpecs(root)) {
    const file = openApiFile(root, name);
    const pkg = packages.find((p) => p.name === name) ?? null;
    const result = await generateOpenApi(join(root, file), file, pkg);
    if (!pkg && result.diagnostics.some((d) => d.code === 'unknown-tls-type')) {
      diagnostics.push({
        file,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'openapi-without-package',
        message: `${file} has TLS bodies but there is no TLS package ${name} in spec/tls/packages.json`,
        hint: 'name the description after the generated package whose codecs its bodies use, or use JSON bodies only',
      });
    }
    for (const item of result.diagnostics) diagnostics.push(item);
    if (pkg) openapi.set(name, result.files);
    else if (result.model && name === CONTENT_PACKAGE) {
      diagnostics.push({ file, line: 1, col: 1, severity: 'error', code: 'openapi-package-taken', message: `generated/${name} is the CDDL package` });
    } else if (result.model) {
      const source = { name, title: result.model.title, file, sha256: result.sha256 };
      apiPackages.set(name, emitApiPackage(source, result.files, packageExtras()));
    }
  }
  if (hasErrors(diagnostics)) throw new SpecError(placeInDrafts(root, diagnostics));
  for (const pkg of packages) {
    const pkgInputs = pkg.specs.map((s) => inputs.get(s.name)!);
    const transport = openapi.get(pkg.name);
    for (const f of emitPackage(pkg, pkgInputs, transport ? packageExtras() : {})) wanted.set(join('generated', pkg.name, f.path), f.content);
    for (const f of transport ?? []) wanted.set(join('generated', pkg.name, f.path), f.content);
  }
  for (const [name, files] of apiPackages) for (const f of files) wanted.set(join('generated', name, f.path), f.content);
  const packageNames = [...packages.map((p) => p.name), ...apiPackages.keys()];
  if (content.lowered.length) {
    const emitted = emitContentPackage(CONTENT_PACKAGE, content.lowered, content.inputs);
    if (hasErrors(emitted.diagnostics)) throw new SpecError([...diagnostics, ...emitted.diagnostics]);
    for (const f of emitted.files) wanted.set(join('generated', CONTENT_PACKAGE, f.path), f.content);
    packageNames.push(CONTENT_PACKAGE);
  }
  formatGeneratedTypeScript(wanted);
  // Derived files are checked like generated ones, but never deleted: their folders hold other files.
  for (const f of [...(await derivedFiles(root)), ...((await options.extra?.(root)) ?? [])]) wanted.set(f.path, f.content);
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
  for (const name of packageNames) {
    for (const file of listFiles(join(root, 'generated', name))) {
      const path = relative(root, file);
      if (wanted.has(path) || isBuildOutput(path)) continue;
      changed.push(path);
      if (!options.check) rmSync(file);
    }
  }
  return { changed: changed.sort(), diagnostics, files: wanted.size };
}

/** What `npm install` and `npm run build` put beside the generated sources: neither generated nor stale. */
function isBuildOutput(path: string): boolean {
  return path.split(sep).some((segment) => segment === 'node_modules' || segment === 'dist');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
