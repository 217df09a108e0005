/**
 * Assembles a generated package: one TypeScript file per spec (draft) with a fixed header, an index
 * that re-exports them with a `codecs` registry keyed by TLS-PL type name, and a package.json.
 * ts-morph builds the files (imports as structures, bodies as statements) and prints them.
 */
import { Project, type SourceFile } from 'ts-morph';
import type { TlsPackage } from '../model.ts';
import { quotedPropertyKey } from '../../common/generated-names.ts';
import { generatedFileHeader, docComment } from '../../common/generated-text.ts';
import { generatedBuildConfig, generatedPackageJson, MIMIKIT_VERSION } from '../../common/package-json.ts';
import { DESCRIPTORS_MODULE, emitDescriptors } from './emit-descriptors.ts';
import { generatedReadme } from '../../common/package-readme.ts';
import { FileEmitter } from './emit-file.ts';
import { RUNTIME, RUNTIME_TYPES } from './names.ts';

export const GENERATOR_ID = 'mimikit generators/tls 0.1';

export interface SpecInput {
  /** Spec name (the .tls file's base name, e.g. draft-ietf-mls-protocol). */
  name: string;
  /** Repo-relative path of the .tls file. */
  file: string;
  sha256: string;
  /** Draft and version the spec was extracted from, e.g. draft-ietf-mls-protocol / 20. */
  draft: string;
  version: string;
}

export interface GeneratedFile {
  /** Path relative to the package folder. */
  path: string;
  content: string;
}

/** Additions to the generated package.json, e.g. the entry points of a generated client and server. */
export interface PackageJsonExtras {
  /** Subpath exports besides `.`, each naming its module under src/: `./client` → `client`. */
  modules?: Record<string, string>;
  dependencies?: Record<string, string>;
}

export function emitPackage(pkg: TlsPackage, inputs: readonly SpecInput[], extras: PackageJsonExtras = {}): GeneratedFile[] {
  const project = new Project({ useInMemoryFileSystem: true, manipulationSettings: { useTrailingCommas: true } });
  const files: GeneratedFile[] = [];
  const registry: Array<{ name: string; ident: string; module: string }> = [];

  for (const spec of pkg.specs) {
    const input = inputs.find((i) => i.name === spec.name);
    if (!input) throw new Error(`no input record for spec ${spec.name}`);
    const moduleOf = (declName: string): string | null => {
      const sym = pkg.symbols.get(declName);
      if (!sym) return null;
      if (sym.pkg !== pkg.name) return `@mimikit/${sym.pkg}`;
      return sym.spec === spec.name ? null : `./${sym.spec}.ts`;
    };
    const emitted = new FileEmitter(pkg, spec.name, moduleOf).emit(spec.declarations);
    const sf = project.createSourceFile(`/${spec.name}.ts`, '', { overwrite: true });
    sf.addStatements(header(input));
    addRuntimeImports(sf, emitted.body);
    const byModule = new Map<string, Array<{ name: string; isTypeOnly: boolean }>>();
    for (const [ident, { from, typeOnly }] of [...emitted.imports].sort(([a], [b]) => a.localeCompare(b))) {
      const list = byModule.get(from) ?? [];
      list.push({ name: ident, isTypeOnly: typeOnly });
      byModule.set(from, list);
    }
    for (const [from, namedImports] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
      sf.addImportDeclaration({ moduleSpecifier: from, namedImports });
    }
    sf.addStatements(emitted.body);
    files.push({ path: `src/${spec.name}.ts`, content: sf.getFullText() });
    for (const c of emitted.codecs) registry.push({ ...c, module: `./${spec.name}.ts` });
  }

  const index = project.createSourceFile('/index.ts', '', { overwrite: true });
  index.addStatements([
    generatedFileHeader(GENERATOR_ID, [
      `Package @mimikit/${pkg.name}: ${inputs.map((i) => `${i.draft}-${i.version}`).join(', ')}.`,
      `Inputs: ${inputs.map((i) => `${i.file} sha256:${i.sha256}`).join('; ')}`,
    ]),
  ]);
  for (const spec of pkg.specs) index.addExportDeclaration({ moduleSpecifier: `./${spec.name}.ts` });
  const byModule = new Map<string, string[]>();
  for (const r of registry) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r.ident]);
  for (const [module, idents] of byModule) index.addImportDeclaration({ moduleSpecifier: module, namedImports: idents });
  index.addStatements([
    '/** Every codec of the package, keyed by its TLS-PL type name. */',
    `export const codecs = {\n${registry.map((r) => `  ${quotedPropertyKey(r.name)}: ${r.ident},`).join('\n')}\n} as const;`,
    'export type CodecName = keyof typeof codecs;',
  ]);
  files.push({ path: 'src/index.ts', content: index.getFullText() });
  files.push({ path: `src/${DESCRIPTORS_MODULE}.ts`, content: emitDescriptors(pkg, inputs, GENERATOR_ID) });

  const deps: Record<string, string> = { '@mimikit/tls': MIMIKIT_VERSION };
  for (const imp of pkg.imports) deps[`@mimikit/${imp.name}`] = MIMIKIT_VERSION;
  for (const [name, range] of Object.entries(extras.dependencies ?? {})) deps[name] = range;
  files.push({
    path: 'package.json',
    content: generatedPackageJson({
      name: `@mimikit/${pkg.name}`,
      description: `Generated TLS-PL codecs for ${inputs.map((i) => `${i.draft}-${i.version}`).join(', ')} (do not edit: npm run generate)`,
      modules: { [`./${DESCRIPTORS_MODULE}`]: DESCRIPTORS_MODULE, ...extras.modules },
      dependencies: deps,
    }),
  });
  files.push({
    path: 'README.md',
    content: generatedReadme({
      name: `@mimikit/${pkg.name}`,
      summary: 'Strict TLS presentation-language codecs (decode, encode, encodedSize) and TypeScript types for every wire structure of the drafts below.',
      drafts: inputs.map((i) => `${i.draft}-${i.version}`),
      subpaths: Object.keys(extras.modules ?? {}),
      errorClass: '`DecodeError` (`EncodeError` when encoding) of `@mimikit/tls`',
    }),
  });
  const generatedImports = new Set(pkg.imports.map((imp) => imp.name));
  files.push({ path: 'tsconfig.build.json', content: generatedBuildConfig(deps, (name) => generatedImports.has(name)) });
  return files;
}

function header(input: SpecInput): string {
  const comment = generatedFileHeader(GENERATOR_ID, [
    `Source: ${input.file}, extracted from ${input.draft}-${input.version}.`,
    `Input sha256: ${input.sha256}`,
  ]);
  return `${comment}\n/* eslint-disable */`;
}

function addRuntimeImports(sf: SourceFile, body: string): void {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(body);
  const namedImports = [
    ...RUNTIME.filter(used).map((name) => ({ name })),
    ...RUNTIME_TYPES.filter(used).map((name) => ({ name, isTypeOnly: true })),
  ];
  sf.addImportDeclaration({ moduleSpecifier: '@mimikit/tls', namedImports });
}
