/**
 * One custom .tls file (not a built-in package) compiled on top of the built-in packages, whose
 * types it may use, and emitted as a TypeScript package: what `mimi codec` does with a spec given
 * by path, and what tests do with test-only specs. Diagnostics with an error throw a SpecError.
 */
import { basename } from 'node:path';
import { hasErrors, SpecError } from '../common/diagnostics.ts';
import { compilePackage } from './compile.ts';
import type { GeneratedFile } from './emit/emit-package.ts';
import { loadSpecFile } from './load.ts';
import type { TlsPackage } from './model.ts';
import type { PackageDescriptor } from '@mimikit/tls/descriptors';
import { packageFromDescriptors } from './from-descriptors.ts';
import { transpileGenerated, type JsModule } from '../common/transpile.ts';

/** The package name a custom spec compiles to. */
export const CUSTOM_PACKAGE = 'custom';

export function compileCustomTls(file: string, displayPath: string, builtins: readonly TlsPackage[]): TlsPackage {
  const loaded = loadSpecFile(file, displayPath, basename(file).replace(/\.tls$/, ''));
  if (hasErrors(loaded.diagnostics)) throw new SpecError(loaded.diagnostics);
  const pkg = compilePackage(CUSTOM_PACKAGE, [loaded.spec], [...builtins]);
  if (hasErrors(pkg.diagnostics)) throw new SpecError(pkg.diagnostics);
  return pkg;
}

/** The files of a compiled custom package's TypeScript package (loads the emitter, and ts-morph, on first use). */
export async function emitCustomTls(pkg: TlsPackage, file: string): Promise<GeneratedFile[]> {
  const { emitPackage } = await import('./emit/emit-package.ts');
  const name = pkg.specs[0]?.name ?? CUSTOM_PACKAGE;
  return emitPackage(pkg, [{ name, file, sha256: '', draft: name, version: '' }]);
}

export interface CustomTlsJs {
  /** JavaScript modules, paths relative to the package folder (`src/index.js`, `src/descriptors.js`, …). */
  files: JsModule[];
}

/**
 * A custom .tls file compiled for an installed CLI, where neither spec/ nor a TypeScript loader
 * is at hand: the built-in packages come from the descriptors they ship
 * (`@mimikit/<package>/descriptors`, rebuilt by from-descriptors.ts), and the emitted package is
 * transpiled to JavaScript with relative imports rewritten to `.js` (TypeScript and ts-morph load
 * on first use). Where the files go and how their `@mimikit/*` imports resolve is the caller's.
 * Diagnostics with an error throw a SpecError.
 */
export async function compileCustomTlsToJs(file: string, displayPath: string, builtins: readonly PackageDescriptor[]): Promise<CustomTlsJs> {
  const compiled = new Map<PackageDescriptor, TlsPackage>();
  const pkg = compileCustomTls(
    file,
    displayPath,
    builtins.map((b) => packageFromDescriptors(b, compiled)),
  );
  return { files: await transpileGenerated(await emitCustomTls(pkg, displayPath)) };
}
