/**
 * generated/mimi-content: one TypeScript file per spec/content/*.cddl file, an index with a
 * `codecs` registry keyed by rule name, and a package.json. A rule that several files define
 * identically (MessageId in all three content files) is generated once, in the first file in name
 * order, and imported by the others; differing definitions are an error.
 */
import { Project } from 'ts-morph';
import { diagnosticAt, hasErrors, type Diagnostic } from '../../common/diagnostics.ts';
import { quotedPropertyKey } from '../../common/generated-names.ts';
import { generatedFileHeader, docCommentLine, jsonLiteral } from '../../common/generated-text.ts';
import { generatedBuildConfig, generatedPackageJson, MIMIKIT_VERSION } from '../../common/package-json.ts';
import { generatedReadme } from '../../common/package-readme.ts';
import { checkContentNames } from '../passes/check-names.ts';
import type { LoweredSpec } from '../lowered.ts';
import { layOutSharedHelpers, SHARED_HELPERS_MODULE, sharedHelpersHeader } from '../../common/shared-helpers.ts';
import { ContentEmitter, HelperNames } from './emit-content.ts';
import { CBOR_RUNTIME, CBOR_RUNTIME_TYPES, declaredNames, SCHEMA_HELPERS, TEXT_DECODER, typeboxName } from './names.ts';

export const CONTENT_GENERATOR_ID = 'mimikit generators/cddl 0.1';

/** What every generated content package imports: the CBOR runtime and TypeBox for the schemas. */
const CONTENT_DEPENDENCIES: Readonly<Record<string, string>> = { '@mimikit/cbor': MIMIKIT_VERSION, typebox: '^1.4.3' };

export interface CddlInput {
  name: string;
  file: string;
  sha256: string;
  /** e.g. draft-ietf-mimi-content-07, from the extractor's provenance comment. */
  source: string;
}

export interface ContentPackageResult {
  files: Array<{ path: string; content: string }>;
  diagnostics: Diagnostic[];
  /** Helper names that needed a shape hash to stay apart from another name (see HelperNames). */
  hashedHelperNames: number;
}

export function emitContentPackage(pkgName: string, specs: readonly LoweredSpec[], inputs: readonly CddlInput[]): ContentPackageResult {
  const project = new Project({ useInMemoryFileSystem: true });
  const diagnostics = checkContentNames(specs);
  if (hasErrors(diagnostics)) return { files: [], diagnostics, hashedHelperNames: 0 };
  const owner = new Map<string, { file: string; canon: string }>();
  const files: Array<{ path: string; content: string }> = [];
  const registry: Array<{ name: string; ident: string; module: string }> = [];

  const names = new HelperNames(specs.flatMap((s) => s.rules.map((r) => r.name)));
  const emitted: Array<{ spec: LoweredSpec; input: CddlInput; emitter: ContentEmitter; imports: Map<string, string>; body: string; helpers: string[] }> = [];
  // One name for TypeBox's `Type` in every file: a rule's `Type` may be imported into another file.
  const tb = typeboxName(specs.flatMap((sp) => sp.rules.map((r) => r.name)));
  for (const spec of specs) {
    const input = inputs.find((i) => i.name === spec.name)!;
    const importedFrom = new Map<string, string>();
    const own = spec.rules.filter((r) => {
      const canon = JSON.stringify(r.shape, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x));
      const prior = owner.get(r.name);
      if (!prior) {
        owner.set(r.name, { file: spec.name, canon });
        return true;
      }
      if (prior.canon !== canon) {
        diagnostics.push(diagnosticAt(r.rule.provenance, 'error', 'conflicting-rule', `'${r.name}' differs from its definition in ${prior.file}.cddl`));
      }
      importedFrom.set(r.name, `./${prior.file}.ts`);
      return false;
    });
    const imports = new Map<string, string>();
    const emitter = new ContentEmitter(spec.rules, importedFrom, imports, names, tb);
    try {
      emitted.push({ spec, input, emitter, imports, ...emitter.emit(own) });
    } catch (err) {
      diagnostics.push({ file: input.file, line: 1, col: 1, severity: 'error', code: 'unsupported-cddl', message: (err as Error).message });
    }
  }
  // Helpers that several files define identically go to src/shared-helpers.ts (see common/shared-helpers.ts).
  const layout = layOutSharedHelpers(
    specs.map((s) => s.name),
    emitted,
    'content file',
  );
  const sharedNames = layout.shared?.names ?? new Set<string>();
  for (const [i, { spec, input, emitter, imports }] of emitted.entries()) {
    const { body, used } = layout.files[i]!;
    // Only what the file still calls: some names were used by helpers that moved to the shared module.
    for (const name of [...imports.keys()]) if (!used.has(name)) imports.delete(name);
    for (const name of sharedNames) if (used.has(name)) imports.set(name, `./${SHARED_HELPERS_MODULE}.ts`);
    const defs = spec.rules.map((r) => `  ${quotedPropertyKey(r.name)}: ${emitter.schemaOf(r.shape)},`).join('\n');
    const sf = project.createSourceFile(`/${spec.name}.ts`, '', { overwrite: true });
    const header = generatedFileHeader(CONTENT_GENERATOR_ID, [`Source: ${input.file}, extracted from ${input.source}.`, `Input sha256: ${input.sha256}`]);
    sf.addStatements(`${header}\n/* eslint-disable */`);
    const runtime = CBOR_RUNTIME.filter((n) => used.has(n)).map((name) => ({ name, isTypeOnly: typeOnly(name, body) }));
    sf.addImportDeclaration({ moduleSpecifier: '@mimikit/cbor', namedImports: [...runtime, { name: 'ContentCodec', isTypeOnly: true }] });
    const schemaHelpers = SCHEMA_HELPERS.filter((n) => defs.includes(`${n}(`));
    if (schemaHelpers.length) sf.addImportDeclaration({ moduleSpecifier: '@mimikit/cbor/schema', namedImports: schemaHelpers });
    if (used.has(TEXT_DECODER)) sf.addImportDeclaration({ moduleSpecifier: '@mimikit/cbor/text-encodings', namedImports: [TEXT_DECODER] });
    sf.addImportDeclaration({ moduleSpecifier: 'typebox', defaultImport: tb, namedImports: [{ name: 'TSchema', isTypeOnly: true }] });
    const byModule = new Map<string, string[]>();
    for (const [id, from] of [...imports].sort(([a], [b]) => a.localeCompare(b))) byModule.set(from, [...(byModule.get(from) ?? []), id]);
    for (const [from, ids] of byModule) {
      sf.addImportDeclaration(namedImportsFrom(from, ids));
    }
    sf.addStatements([
      docCommentLine(`TypeBox definitions of every rule of ${spec.name}.cddl, for Type.Cyclic references.`),
      `const defs: Record<string, TSchema> = {\n${defs}\n};`,
      body,
    ]);
    files.push({ path: `src/${spec.name}.ts`, content: sf.getFullText() });
    for (const c of emitter.codecs) registry.push({ name: c.name, ident: c.ident, module: `./${spec.name}.ts` });
  }

  if (layout.shared) files.push({ path: `src/${SHARED_HELPERS_MODULE}.ts`, content: sharedHelpersModule(project, pkgName, layout.shared, owner) });

  const index = project.createSourceFile('/index.ts', '', { overwrite: true });
  index.addStatements(
    generatedFileHeader(CONTENT_GENERATOR_ID, [
      `Package @mimikit/${pkgName}: ${[...new Set(inputs.map((i) => i.source))].join(', ')}.`,
      'Inputs:',
      ...inputs.map((i) => `- ${i.file} sha256:${i.sha256}`),
    ]),
  );
  for (const spec of specs) index.addExportDeclaration({ moduleSpecifier: `./${spec.name}.ts` });
  const byModule = new Map<string, string[]>();
  for (const r of registry) byModule.set(r.module, [...(byModule.get(r.module) ?? []), `${r.ident}Codec`]);
  for (const [module, idents] of byModule) index.addImportDeclaration({ moduleSpecifier: module, namedImports: idents });
  index.addStatements([
    '/** Every codec of the package, keyed by its CDDL rule name. */',
    `export const codecs = {\n${registry.map((r) => `  ${quotedPropertyKey(r.name)}: ${r.ident}Codec,`).join('\n')}\n} as const;`,
    'export type ContentRuleName = keyof typeof codecs;',
  ]);
  files.push({ path: 'src/index.ts', content: index.getFullText() });
  files.push({ path: `src/${SHAPES_MODULE}.ts`, content: emitShapes(pkgName, specs) });
  files.push({
    path: 'package.json',
    content: generatedPackageJson({
      name: `@mimikit/${pkgName}`,
      description: `Generated CBOR codecs and TypeBox schemas for ${[...new Set(inputs.map((i) => i.source))].join(', ')} (do not edit: npm run generate)`,
      modules: { [`./${SHAPES_MODULE}`]: SHAPES_MODULE },
      dependencies: CONTENT_DEPENDENCIES,
    }),
  });
  files.push({
    path: 'README.md',
    content: generatedReadme({
      name: `@mimikit/${pkgName}`,
      summary: 'Strict, deterministic CBOR codecs and TypeBox schemas for every rule of the CDDL of the drafts below.',
      drafts: [...new Set(inputs.map((i) => i.source))],
      subpaths: [],
      errorClass: '`ContentError` of `@mimikit/cbor`',
    }),
  });
  files.push({ path: 'tsconfig.build.json', content: generatedBuildConfig(CONTENT_DEPENDENCIES, () => false) });
  return { files, diagnostics, hashedHelperNames: names.hashed };
}

/** Imported rule names that are types only (the rest are functions and schemas). */
function isTypeName(name: string): boolean {
  return !name.startsWith('read') && !name.startsWith('write') && !name.endsWith('Schema');
}

/** `import { a, type B }`, or `import type { B, C }` when every name is a type. */
function namedImportsFrom(moduleSpecifier: string, ids: readonly string[]) {
  const typesOnly = ids.every(isTypeName);
  return { moduleSpecifier, isTypeOnly: typesOnly, namedImports: ids.map((name) => ({ name, isTypeOnly: !typesOnly && isTypeName(name) })) };
}

/** The package's shared helpers, importing what they call from the files that own those rules. */
function sharedHelpersModule(
  project: Project,
  pkgName: string,
  shared: { body: string; names: ReadonlySet<string>; used: ReadonlySet<string> },
  owner: ReadonlyMap<string, { file: string }>,
): string {
  const { body, names: sharedNames, used } = shared;
  const sf = project.createSourceFile(`/${SHARED_HELPERS_MODULE}.ts`, '', { overwrite: true });
  sf.addStatements(sharedHelpersHeader(CONTENT_GENERATOR_ID, pkgName));
  const runtime = CBOR_RUNTIME.filter((n) => used.has(n)).map((name) => ({ name, isTypeOnly: typeOnly(name, body) }));
  if (runtime.length) sf.addImportDeclaration({ moduleSpecifier: '@mimikit/cbor', namedImports: runtime });
  if (used.has(TEXT_DECODER)) sf.addImportDeclaration({ moduleSpecifier: '@mimikit/cbor/text-encodings', namedImports: [TEXT_DECODER] });
  const byModule = new Map<string, string[]>();
  for (const [rule, { file }] of [...owner].sort(([a], [b]) => a.localeCompare(b))) {
    for (const n of declaredNames(rule)) if (used.has(n) && !sharedNames.has(n)) byModule.set(file, [...(byModule.get(file) ?? []), n]);
  }
  for (const [file, ids] of [...byModule].sort(([a], [b]) => a.localeCompare(b))) {
    sf.addImportDeclaration(namedImportsFrom(`./${file}.ts`, ids.sort()));
  }
  sf.addStatements(body);
  return sf.getFullText();
}

/** The module of the shape table under src/ and as a subpath export. */
const SHAPES_MODULE = 'shapes';

/**
 * `src/shapes.ts`: every rule's codec shape as data (the runtime type is ShapeTable in
 * @mimikit/cbor/shapes), for the JSON mapping and the annotated dump of @mimikit/cbor. A rule
 * defined in several files is the same shape in each (checked above); the first one is kept.
 */
function emitShapes(pkgName: string, specs: readonly LoweredSpec[]): string {
  const seen = new Set<string>();
  const rows: string[] = [];
  for (const spec of specs) {
    for (const r of spec.rules) {
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      rows.push(`  ${quotedPropertyKey(r.name)}: ${jsonLiteral(r.shape)},`);
    }
  }
  return [
    generatedFileHeader(CONTENT_GENERATOR_ID, [`Shapes of the rules of @mimikit/${pkgName} for the JSON mapping and inspect of @mimikit/cbor.`]),
    `import type { ShapeTable } from '@mimikit/cbor/shapes';`,
    '',
    `export const shapes: ShapeTable = {\n${rows.join('\n')}\n};`,
    '',
  ].join('\n');
}

/** Whether generated code names a runtime class only as a type (a `.cbor` check constructs a CborReader). */
function typeOnly(name: string, body: string): boolean {
  return CBOR_RUNTIME_TYPES.has(name) && !body.includes(`new ${name}(`);
}
