/**
 * Assembles a generated package: one TypeScript file per spec (draft) with a fixed header, an index
 * that re-exports them with a `codecs` registry keyed by TLS-PL type name, and a package.json.
 * ts-morph builds the files (imports as structures, bodies as statements) and prints them.
 */
import { Project, type SourceFile } from 'ts-morph';
import type { TlsPackage } from '../model.ts';
import { quotedPropertyKey } from '../../common/generated-names.ts';
import { generatedFileHeader } from '../../common/generated-text.ts';
import { generatedBuildConfig, generatedPackageJson, MIMIKIT_VERSION } from '../../common/package-json.ts';
import { DESCRIPTORS_MODULE, emitDescriptors } from './emit-descriptors.ts';
import { generatedReadme } from '../../common/package-readme.ts';
import { FileEmitter } from './emit-file.ts';
import { layOutSharedHelpers, SHARED_HELPERS_MODULE, sharedHelpersHeader } from '../../common/shared-helpers.ts';
import { declaredNames, RUNTIME, RUNTIME_TYPES, tsIdent } from './names.ts';

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

  const moduleOfIn =
    (specName: string) =>
    (declName: string): string | null => {
      const sym = pkg.symbols.get(declName);
      if (!sym) return null;
      if (sym.pkg !== pkg.name) return `@mimikit/${sym.pkg}`;
      return sym.spec === specName ? null : `./${sym.spec}.ts`;
    };
  const emittedFiles = pkg.specs.map((spec) => new FileEmitter(pkg, spec.name, moduleOfIn(spec.name)).emit(spec.declarations));
  const layout = layOutSharedHelpers(
    pkg.specs.map((spec) => spec.name),
    emittedFiles,
    'spec',
  );
  const sharedNames = layout.shared?.names ?? new Set<string>();

  for (const [i, spec] of pkg.specs.entries()) {
    const input = inputs.find((x) => x.name === spec.name);
    if (!input) throw new Error(`no input record for spec ${spec.name}`);
    const emitted = emittedFiles[i]!;
    const { body, used } = layout.files[i]!;
    // Only what the file still calls: some names were used by helpers that moved to the shared module.
    const imports = new Map([...emitted.imports].filter(([name]) => used.has(name)));
    for (const name of sharedNames) if (used.has(name)) imports.set(name, { from: `./${SHARED_HELPERS_MODULE}.ts`, typeOnly: false });
    files.push({ path: `src/${spec.name}.ts`, content: moduleText(project, spec.name, header(input), body, imports) });
    for (const c of emitted.codecs) registry.push({ ...c, module: `./${spec.name}.ts` });
  }
  if (layout.shared) {
    // The shared helpers import what they call from the files that declare it (each file's own
    // declarations) or from where those files import it (other packages).
    const declaredIn = new Map<string, { from: string; typeOnly: boolean }>();
    for (const [i, spec] of pkg.specs.entries()) {
      for (const [ident, imp] of emittedFiles[i]!.imports) if (!imp.from.startsWith('./')) declaredIn.set(ident, imp);
      for (const d of spec.declarations) {
        for (const n of declaredNames(d)) declaredIn.set(n, { from: `./${spec.name}.ts`, typeOnly: n === tsIdent(d) });
      }
    }
    const { body, used } = layout.shared;
    const imports = new Map([...declaredIn].filter(([n]) => used.has(n) && !sharedNames.has(n)));
    const comment = sharedHelpersHeader(GENERATOR_ID, pkg.name);
    files.push({ path: `src/${SHARED_HELPERS_MODULE}.ts`, content: moduleText(project, SHARED_HELPERS_MODULE, comment, body, imports) });
  }

  const index = project.createSourceFile('/index.ts', '', { overwrite: true });
  index.addStatements([
    generatedFileHeader(GENERATOR_ID, [
      `Package @mimikit/${pkg.name}: ${inputs.map((i) => `${i.draft}-${i.version}`).join(', ')}.`,
      'Inputs:',
      ...inputs.map((i) => `- ${i.file} sha256:${i.sha256}`),
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

/** A module: header, runtime imports, named imports grouped by module (sorted), then the code. */
function moduleText(project: Project, name: string, head: string, body: string, imports: ReadonlyMap<string, { from: string; typeOnly: boolean }>): string {
  const sf = project.createSourceFile(`/${name}.ts`, '', { overwrite: true });
  sf.addStatements(head);
  addRuntimeImports(sf, body);
  const byModule = new Map<string, Array<{ name: string; isTypeOnly: boolean }>>();
  for (const [ident, { from, typeOnly }] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    const list = byModule.get(from) ?? [];
    list.push({ name: ident, isTypeOnly: typeOnly });
    byModule.set(from, list);
  }
  for (const [from, namedImports] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
    // `import type { … }` when every name is a type.
    const typesOnly = namedImports.every((n) => n.isTypeOnly);
    sf.addImportDeclaration({
      moduleSpecifier: from,
      isTypeOnly: typesOnly,
      namedImports: typesOnly ? namedImports.map((n) => ({ name: n.name })) : namedImports,
    });
  }
  sf.addStatements(body);
  return sf.getFullText();
}

function addRuntimeImports(sf: SourceFile, body: string): void {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(body);
  const namedImports = [...RUNTIME.filter(used).map((name) => ({ name })), ...RUNTIME_TYPES.filter(used).map((name) => ({ name, isTypeOnly: true }))];
  sf.addImportDeclaration({ moduleSpecifier: '@mimikit/tls', namedImports });
}
