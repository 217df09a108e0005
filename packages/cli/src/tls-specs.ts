/**
 * How the spec commands (`mimi spec ir`) name a TLS spec in a checkout, as the IR the generator
 * compiles from spec/: a built-in package (`mls`, `mimi-protocol`, `mimi-room-policy`), a built-in
 * spec file, or any .tls file, which is compiled as an extra package on top of the built-in ones
 * (its own declarations take precedence). The codec commands need no IR: codec/load-codecs.ts.
 */
import { relative } from 'node:path';
import { compileCustomTls, hasErrors, loadPackages, pathArgument, SpecError, type LoadedPackages, type TlsPackage } from '@mimikit/generators';
import { REPO_ROOT } from './root.ts';

let builtins: LoadedPackages | undefined;

export function builtinPackages(): LoadedPackages {
  builtins ??= loadPackages(REPO_ROOT);
  if (hasErrors(builtins.diagnostics)) throw new SpecError(builtins.diagnostics);
  return builtins;
}

export interface ResolvedSpec {
  pkg: TlsPackage;
  /** Set for a .tls file outside the built-in packages. */
  customFile?: string;
}

export function resolveSpec(nameOrPath: string): ResolvedSpec {
  const loaded = builtinPackages();
  const byName = loaded.packages.find((p) => p.name === nameOrPath || p.specs.some((s) => s.name === nameOrPath));
  if (byName) return { pkg: byName };
  // A name that is none of the built-in ones is an unknown spec; a path that is not there says so.
  const abs = pathArgument(nameOrPath);
  if (abs === undefined) throw new Error(`no spec '${nameOrPath}': give ${loaded.packages.map((p) => p.name).join(', ')} or a .tls file`);
  const rel = relative(REPO_ROOT, abs);
  const builtinFile = loaded.packages.find((p) => p.specs.some((s) => `spec/tls/${s.name}.tls` === rel));
  if (builtinFile) return { pkg: builtinFile };
  return { pkg: compileCustomTls(abs, nameOrPath, loaded.packages), customFile: abs };
}
