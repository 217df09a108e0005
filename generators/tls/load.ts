/**
 * Loads the built-in TLS specs: spec/tls/packages.json names the packages, each a list of .tls
 * files; every file is parsed and every package compiled against the packages it imports.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import { compilePackage } from './compile.ts';
import type { TlsSpec } from './ir.ts';
import type { TlsPackage } from './model.ts';
import { parseTls } from './parse/parser.ts';
import type { SpecInput } from './emit/emit-package.ts';

export interface PackageManifest {
  packages: Array<{ name: string; specs: string[]; imports: string[] }>;
}

export interface LoadedSpec {
  spec: TlsSpec;
  input: SpecInput;
  diagnostics: Diagnostic[];
}

export interface LoadedPackages {
  packages: TlsPackage[];
  inputs: Map<string, SpecInput>;
  /** Parse diagnostics per spec and compile diagnostics per package, sorted. */
  diagnostics: Diagnostic[];
}

export function readManifest(root: string): PackageManifest {
  return JSON.parse(readFileSync(join(root, 'spec/tls/packages.json'), 'utf8')) as PackageManifest;
}

/** Parses one .tls file; the draft and version come from the extractor's header line. */
export function loadSpecFile(path: string, displayPath: string, name: string): LoadedSpec {
  const text = readFileSync(path, 'utf8');
  const m = /from (\S+?)-(\d+)\.md/.exec(text.slice(0, 400));
  const { spec, diagnostics } = parseTls(text, displayPath, name);
  return {
    spec,
    diagnostics,
    input: {
      name,
      file: displayPath,
      sha256: createHash('sha256').update(text).digest('hex'),
      draft: m?.[1] ?? name,
      version: m?.[2] ?? '',
    },
  };
}

export function loadPackages(root: string, extra: LoadedSpec[] = []): LoadedPackages {
  const manifest = readManifest(root);
  const compiled = new Map<string, TlsPackage>();
  const inputs = new Map<string, SpecInput>();
  const diagnostics: Diagnostic[] = [];
  for (const p of manifest.packages) {
    const specs = p.specs.map((name) => {
      const loaded = loadSpecFile(join(root, 'spec/tls', `${name}.tls`), `spec/tls/${name}.tls`, name);
      for (const item of loaded.diagnostics) diagnostics.push(item);
      inputs.set(name, loaded.input);
      return loaded.spec;
    });
    const imports = p.imports.map((i) => {
      const dep = compiled.get(i);
      if (!dep) throw new Error(`spec/tls/packages.json: package ${p.name} imports ${i}, which is not listed before it`);
      return dep;
    });
    const pkg = compilePackage(p.name, specs, imports);
    for (const item of pkg.diagnostics) diagnostics.push(item);
    compiled.set(p.name, pkg);
  }
  for (const e of extra) {
    for (const item of e.diagnostics) diagnostics.push(item);
    inputs.set(e.input.name, e.input);
  }
  return { packages: [...compiled.values()], inputs, diagnostics: sortDiagnostics(diagnostics) };
}
