/**
 * A custom .tls file (`mimi codec … --spec file.tls`) compiled on top of the built-in packages into
 * JavaScript modules Node runs as they are: the same parser, passes and emitter as
 * `npm run generate`, then TypeScript's transpiler. The built-in packages come from the descriptors
 * they ship, so this needs no spec/ folder; the caller decides where the files go and how their
 * `@mimikit/*` imports resolve.
 */
import { ts } from 'ts-morph';
import { hasErrors, type Diagnostic } from './common/diagnostics.ts';
import type { PackageDescriptor } from '@mimikit/tls/descriptors';
import { compilePackage } from './tls/compile.ts';
import { emitPackage, GENERATOR_ID } from './tls/emit/emit-package.ts';
import { packageFromDescriptors } from './tls/from-descriptors.ts';
import { loadSpecFile } from './tls/load.ts';
import type { TlsPackage } from './tls/model.ts';

/** The package name a custom spec is compiled as (`@mimikit/custom`, never installed). */
export const CUSTOM_PACKAGE = 'custom';

export interface CompiledTlsSpec {
  diagnostics: Diagnostic[];
  /** JavaScript modules, paths relative to the package folder (`src/index.js`, `src/descriptors.js`, …); empty on errors. */
  files: Array<{ path: string; content: string }>;
}

/** Identifies the generator in cache keys: a new generator version never reuses old output. */
export const TLS_GENERATOR_ID = GENERATOR_ID;

export function compileTlsSpecFile(file: string, displayPath: string, builtins: readonly PackageDescriptor[]): CompiledTlsSpec {
  const name = displayPath.replace(/^.*[\\/]/, '').replace(/\.tls$/, '');
  const loaded = loadSpecFile(file, displayPath, name);
  if (hasErrors(loaded.diagnostics)) return { diagnostics: loaded.diagnostics, files: [] };
  const compiled = new Map<PackageDescriptor, TlsPackage>();
  const imports = builtins.map((b) => packageFromDescriptors(b, compiled));
  const pkg = compilePackage(CUSTOM_PACKAGE, [loaded.spec], imports);
  const diagnostics = [...loaded.diagnostics, ...pkg.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics, files: [] };
  const files = emitPackage(pkg, [loaded.input])
    .filter((f) => f.path.startsWith('src/') && f.path.endsWith('.ts'))
    .map((f) => ({ path: f.path.replace(/\.ts$/, '.js'), content: transpile(f.content, f.path) }));
  return { diagnostics, files };
}

function transpile(source: string, fileName: string): string {
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      rewriteRelativeImportExtensions: true,
    },
  }).outputText;
}
