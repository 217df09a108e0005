/**
 * `mimi spec lint`: every lint source over the repository's spec/ (the OpenAPI description against
 * its draft, the TLS and CDDL spec diagnostics, the content examples, the errata applied), or the
 * lint of one loaded draft, spec directory or file, as one Report (lint/report.ts) that every
 * report format prints. The CLI command (packages/cli/src/commands/spec-lint.ts) only parses flags.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { definitionChecks } from './definition-checks.ts';
import { lintExamples } from './examples-check.ts';
import { lintCddl } from './cddl-lint.ts';
import { lintOpenApi } from './openapi-lint.ts';
import { lintReport, type AppliedErratum, type LintGroup } from './report.ts';
import { lintTlsPackages } from './tls-checks.ts';
import { defaultTlsRoots } from './tls-roots.ts';
import { loadContentSpecs, type LoadedContent } from '../cddl/load.ts';
import { MIMI_PROTOCOL_OPENAPI } from '../openapi/paths.ts';
import { sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import { existingInput, pathArgument } from '../common/input-path.ts';
import { didYouMean } from '../common/suggestions.ts';
import { lintGroupsOf, loadSide } from '../diff/load-side.ts';
import type { SpecSet } from '../diff/spec-set.ts';
import { scanSpecTags } from '../diff/spec-tags.ts';
import { checkSpecTags, trackedDrafts } from '../diff/spec-tags-check.ts';
import { extractAll } from '../extract/driver.ts';
import { MANIFEST } from '../extract/manifest.ts';
import type { Erratum } from '../extract/errata.ts';
import { swaggerParser } from '../openapi/swagger-parser.ts';
import type { Domain, Report } from '../report/model.ts';
import { trackedOpenapiDraft } from './openapi-draft.ts';
import { loadPackages, type LoadedPackages } from '../tls/load.ts';

export interface LintContext {
  root: string;
  /** The OpenAPI document to lint (repo-relative or absolute). */
  openapi: string;
  /** The draft it describes; by default the tracked draft-ietf-mimi-protocol (openapi-draft.ts). */
  draft?: string;
  /** Loaded once, shared by the sources that need the TLS specs. */
  tls(): LoadedPackages;
  /** Loaded once, shared by the sources that need the CDDL specs (cddl, examples). */
  content(): LoadedContent;
  /** The OpenAPI document, parsed (not validated): its TLS body types are uses of TLS types. */
  openapiDoc(): Promise<unknown>;
}

export interface LintSourceResult {
  diagnostics: Diagnostic[];
  errata?: AppliedErratum[];
}

/** One kind of check `mimi spec lint` runs over the repository's spec/; the list is open. */
export interface LintSource {
  name: Domain;
  description: string;
  run(ctx: LintContext): Promise<LintSourceResult>;
}

export const LINT_SOURCES: LintSource[] = [
  {
    name: 'openapi',
    description: 'the OpenAPI transport description against its draft (endpoints, directory, TLS types)',
    run: async (ctx) => {
      const tracked = ctx.draft === undefined ? trackedOpenapiDraft(ctx.root) : { draft: ctx.draft };
      if ('diagnostic' in tracked) return { diagnostics: [tracked.diagnostic] };
      return { diagnostics: await lintOpenApi(ctx.root, ctx.openapi, tracked.draft, { packages: ctx.tls().packages }) };
    },
  },
  {
    name: 'tls',
    description: 'parse and compile diagnostics of spec/tls (the TLS-PL specs), duplicate fields and enum entries, unused types',
    run: async (ctx) => {
      const { packages, diagnostics } = ctx.tls();
      return { diagnostics: [...diagnostics, ...lintTlsPackages(packages, { roots: defaultTlsRoots(packages, await ctx.openapiDoc()) })] };
    },
  },
  {
    name: 'cddl',
    description: 'parse diagnostics and lint of spec/content (the CDDL specs)',
    run: async (ctx) => {
      const content = ctx.content();
      return { diagnostics: [...content.diagnostics, ...lintCddl(content.specs)] };
    },
  },
  {
    name: 'examples',
    description: 'the content examples (spec/content/examples) validated against the CDDL (spec/content)',
    run: async (ctx) => ({ diagnostics: lintExamples(join(ctx.root, EXAMPLES_DIR), ctx.content().specs, { displayDir: EXAMPLES_DIR }) }),
  },
  {
    name: 'errata',
    description: 'the errata applied to the drafts; stale errata and out-of-date extractions',
    run: async (ctx) => lintErrata(ctx.root),
  },
  {
    name: 'prose',
    description: 'the `@spec` tags of the hand-written code (packages/*/src): well-formed, each naming one section of the tracked draft version',
    run: async (ctx) => lintSpecTags(ctx.root),
  },
];

/** The prose watch sees only tags that name a section: each that does not is an error at the tag. */
async function lintSpecTags(root: string): Promise<LintSourceResult> {
  const { tags, diagnostics } = scanSpecTags(root);
  const tracked = trackedDrafts(root);
  return { diagnostics: [...diagnostics, ...tracked.diagnostics, ...checkSpecTags(tags, tracked.drafts)] };
}

const EXAMPLES_DIR = 'spec/content/examples';

/**
 * The checks that need a loaded version rather than the repository: a draft's or a spec
 * directory's TLS (duplicates, unused types), CDDL (dangling references, duplicate keys) and
 * examples (a draft's `-files/examples`, a spec directory's `content/examples`).
 */
async function lintSide(root: string, target: string, side: SpecSet): Promise<LintGroup[]> {
  const groups = lintGroupsOf(side).map((g) => ({ ...g, diagnostics: [...g.diagnostics] }));
  const add = (domain: LintGroup['domain'], diagnostics: Diagnostic[]) => {
    const g = groups.find((x) => x.domain === domain);
    if (g) for (const item of diagnostics) g.diagnostics.push(item);
    else groups.push({ domain, diagnostics });
  };
  // The transport bodies count as uses even when the target has no OpenAPI of its own.
  const openapiDoc = side.openapi?.doc ?? (await (await swaggerParser()).parse(join(root, MIMI_PROTOCOL_OPENAPI)));
  for (const [domain, diagnostics] of definitionChecks(side, { roots: defaultTlsRoots(side.tls, openapiDoc) })) add(domain, diagnostics);
  const abs = resolve(process.cwd(), target);
  const examplesDir =
    side.info.kind === 'draft'
      ? abs.replace(/\.md$/, '-files/examples')
      : join(abs, existsSync(join(abs, 'spec')) ? 'spec/content/examples' : 'content/examples');
  if (side.cddl.length > 0 && existsSync(examplesDir)) {
    const shown = side.info.kind === 'draft' ? `${side.info.label.replace(/\.md$/, '')}-files/examples` : examplesDir;
    add('examples', lintExamples(examplesDir, side.cddl, { displayDir: shown }));
  }
  return groups.map((g) => ({ ...g, diagnostics: sortDiagnostics(g.diagnostics) }));
}

const ERRATA_CODES = new Set(['stale-erratum', 'invalid-erratum']);

async function lintErrata(root: string): Promise<LintSourceResult> {
  const result = await extractAll(root, { write: false });
  const diagnostics = result.diagnostics.filter((d) => ERRATA_CODES.has(d.code));
  const errata: AppliedErratum[] = [];
  const outcomes = [
    ...result.drafts.map((d) => ({ draftPath: d.draftPath, errataPath: d.errataPath, applied: d.applied })),
    ...result.content.map((c) => ({ draftPath: c.draftPath, errataPath: c.errataPath, applied: c.applied })),
  ];
  for (const o of outcomes) {
    if (!o.errataPath || o.applied.length === 0) continue;
    let entries: Erratum[] = [];
    try {
      entries = JSON.parse(readFileSync(join(root, o.errataPath), 'utf8')) as Erratum[];
    } catch {
      // an unreadable errata file is already an invalid-erratum diagnostic
    }
    const byId = new Map(entries.map((e) => [e.id, e]));
    const here = o.applied.map((id) => {
      const e = byId.get(id);
      const file = e?.file ? `${o.draftPath.replace(/\.md$/, '-files')}/${e.file}` : o.draftPath;
      return { id, reason: e?.reason ?? '', file, line: e?.line ?? 1, errataFile: o.errataPath! };
    });
    here.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    for (const e of here) errata.push({ id: e.id, reason: e.reason, at: `${e.file}:${e.line}`, errataFile: e.errataFile });
  }
  const stale = (file: string, message: string): void => {
    diagnostics.push({ file, line: 1, col: 1, severity: 'error', code: 'stale-extraction', message, hint: 'run `mimi spec extract`' });
  };
  for (const d of result.drafts) if (d.changed) stale(d.tlsPath, `${d.tlsPath} differs from what ${d.draftPath} and its errata give`);
  for (const c of result.content) {
    for (const f of c.files) {
      if (f.changed)
        stale(f.path, `${f.path} ${f.content === null ? 'is no longer produced by' : 'differs from what'} ${c.draftPath}${f.content === null ? '' : ' gives'}`);
    }
  }
  for (const f of result.stale) stale(f.path, `${f.path} was extracted from a draft ${MANIFEST} no longer lists`);
  return { diagnostics, errata };
}

/**
 * Lints `target`: the repository's spec/ with every source (default), one source by name, an
 * OpenAPI file (against --draft), or a draft's markdown, a spec directory or a .tls/.cddl file
 * (what loading it reports: extraction, syntax with recovery, undefined names, select cases,
 * errata that no longer match).
 */
export async function runSpecLint(root: string, target: string | undefined, options: { draft?: string } = {}): Promise<Report> {
  const named = target === undefined ? LINT_SOURCES : LINT_SOURCES.filter((s) => s.name === target);
  if (target !== undefined && named.length === 0) {
    const sources = LINT_SOURCES.map((s) => s.name);
    const unknown = () => {
      const guess = didYouMean(target, sources);
      return new Error(
        `unknown lint target ${target}${guess ? ` (did you mean ${guess}?)` : ''}: use one of ${sources.join(', ')}, a draft (.md), a spec directory, a .tls/.cddl file or an OpenAPI file`,
      );
    };
    // A bare word is a mistyped source name; anything that looks like a path and is not there is
    // a missing file, said as `mimi spec diff` says it (MissingInputError).
    const path = pathArgument(target);
    if (path === undefined) throw unknown();
    if (!/\.(ya?ml|json)$/i.test(target)) {
      if (!(statSync(path).isDirectory() || /\.(md|tls|cddl)$/.test(path))) throw unknown();
      const side = await loadSide(target, { root });
      return lintReport(side.info, await lintSide(root, target, side), []);
    }
  }
  const openapiTarget = named.length === 0 ? target : undefined;
  const sources = openapiTarget !== undefined ? LINT_SOURCES.filter((s) => s.name === 'openapi') : named;
  let tls: LoadedPackages | undefined;
  let content: LoadedContent | undefined;
  const openapiPath = openapiTarget === undefined ? MIMI_PROTOCOL_OPENAPI : resolve(process.cwd(), openapiTarget);
  const ctx: LintContext = {
    root,
    openapi: openapiPath,
    ...(options.draft === undefined ? {} : { draft: existingInput(options.draft) }),
    tls: () => (tls ??= loadPackages(root)),
    content: () => (content ??= loadContentSpecs(root)),
    openapiDoc: async () => (await swaggerParser()).parse(resolve(root, openapiPath)),
  };
  const groups: LintGroup[] = [];
  const errata: AppliedErratum[] = [];
  for (const source of sources) {
    const r = await source.run(ctx);
    groups.push({ domain: source.name, diagnostics: sortDiagnostics([...r.diagnostics]) });
    for (const item of r.errata ?? []) errata.push(item);
  }
  const label = openapiTarget ?? (target === undefined ? 'spec' : `spec (${target})`);
  return lintReport({ label, kind: openapiTarget === undefined ? 'spec-dir' : 'openapi' }, groups, errata);
}
