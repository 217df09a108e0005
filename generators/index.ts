/**
 * @mimikit/generators: the one entry point of the generators for the CLI and other consumers
 * (docs/testing.md, "Layers": packages/cli imports the generators only through this file).
 *
 * Cheap to import: every module re-exported statically loads only node built-ins and the generator
 * modules themselves. What pulls in a heavy dependency is reached through an async function that
 * loads it on first use (the emitters load ts-morph, `generateAll` loads all of them), so a CLI
 * command that only compiles or lints a spec never pays for the code generators.
 */
import type { GenerateOptions, GenerateResult } from './generate.ts';
import type { SpecUpdateOptions, SpecUpdateSummary } from './update/update.ts';

// ---- diagnostics (every loader, compiler and lint reports these) ----
export { diagnosticAt, formatDiagnostic, hasErrors, sortDiagnostics, SpecError, type Diagnostic, type Severity } from './common/diagnostics.ts';

// ---- TLS-PL: load and compile specs (built-in packages, or one custom .tls) ----
export { parseTls } from './tls/parse/parser.ts';
export { compilePackage } from './tls/compile.ts';
export { loadPackages, loadSpecFile, type LoadedPackages, type LoadedSpec } from './tls/load.ts';
export type { TlsPackage } from './tls/model.ts';
export { compileCustomTls, compileCustomTlsToJs, CUSTOM_PACKAGE, emitCustomTls, type CustomTlsJs } from './tls/custom.ts';
export { compileCustomCddlToJs, CUSTOM_CONTENT_PACKAGE } from './cddl/custom.ts';
export type { Declaration, Member, TypeRef } from './tls/ir.ts';
export type { GeneratedFile, PackageJsonExtras, SpecInput } from './tls/emit/emit-package.ts';

/**
 * The TLS-PL emitter (`emitPackage`: a compiled package → the files of its TypeScript package),
 * loaded on first use because it pulls in ts-morph.
 */
export function loadTlsEmitter(): Promise<typeof import('./tls/emit/emit-package.ts')> {
  return import('./tls/emit/emit-package.ts');
}

// ---- CDDL: load and lower the content specs ----
export { loadContentSpecs, type LoadedContent } from './cddl/load.ts';
export type { LoweredRule } from './cddl/lowered.ts';
export type { RecordShape, Shape } from './cddl/shape.ts';

// ---- generate: every generated package from spec/ ----
export type { GenerateOptions, GenerateResult } from './generate.ts';
export type { DerivedFile } from './derived.ts';

/** `npm run generate`: regenerates (or, with `check`, verifies) generated/ and the derived files. */
export async function generateAll(root: string, options: GenerateOptions = {}): Promise<GenerateResult> {
  const { generateAll: run } = await import('./generate.ts');
  return run(root, options);
}

// ---- update: a new version of a draft (or a new draft) through extract, lint, diff, generate, type-check ----
export type { SpecUpdateOptions, SpecUpdateSummary, ErratumPlace } from './update/update.ts';
export { UpdateInputError } from './update/identify.ts';
export { formatUpdateSummary } from './update/summary.ts';

/** `mimi spec update` / `mimi spec add`; loaded on first use (it regenerates and type-checks). */
export async function runSpecUpdate(options: SpecUpdateOptions): Promise<SpecUpdateSummary> {
  const { runSpecUpdate: run } = await import('./update/update.ts');
  return run(options);
}

// ---- extract: drafts → spec files ----
export { extractAll, type ExtractAllOptions, type ExtractAllResult } from './extract/driver.ts';
export { extractTls } from './extract/extract.ts';
export type { Erratum } from './extract/errata.ts';

// ---- lint ----
export { lintCddl } from './lint/cddl-lint.ts';
export { lintExamples } from './lint/examples-check.ts';
export { lintOpenApi, type LintOpenApiOptions } from './lint/openapi-lint.ts';
export { lintTlsPackages } from './lint/tls-checks.ts';
export { defaultTlsRoots } from './lint/tls-roots.ts';
export { lintReport, type AppliedErratum, type LintGroup } from './lint/report.ts';
export { OPENAPI_DRAFT_DEFAULT, OPENAPI_DRAFT_NAME, trackedOpenapiDraft } from './lint/openapi-draft.ts';
export {
  LINT_SOURCES,
  runSpecLint,
  type LintContext,
  type LintSource,
  type LintSourceResult,
} from './lint/spec-lint.ts';

// ---- diff ----
export { ConfigError, EMPTY_CONFIG, loadConfig, type DiffConfig } from './diff/config.ts';
export { diffSpecSets } from './diff/diff.ts';
export { proseFindings } from './diff/prose-watch.ts';
export { scanSpecTags, scanTagsInText, tagWhere, type ScannedTags, type SpecTag } from './diff/spec-tags.ts';
export { checkSpecTags, trackedDrafts, type TrackedDraft } from './diff/spec-tags-check.ts';
export { alignByKey } from './common/align.ts';
export { existingInput, MissingInputError, pathArgument } from './common/input-path.ts';
export { didYouMean, nearestNames } from './common/suggestions.ts';
export { lintGroupsOf, loadSide, SideError, type LoadSideOptions } from './diff/load-side.ts';
export { loadDiffSides } from './diff/load-pair.ts';
export { draftIdentity, errataToCarry, type ErrataSource } from './diff/errata-forward.ts';
export type { SpecSet } from './diff/spec-set.ts';

// ---- reports (lint and diff) and the rule catalogue ----
export { FORMATS, formatReport, isFormat, type Format, type FormatOptions } from './report/format/index.ts';
export { failsOn, LEVELS, summarize, type Category, type Domain, type Finding, type Level, type Report, type SideInfo } from './report/model.ts';
export { RULES, ruleById, type Rule } from './diff/rules.ts';
