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
