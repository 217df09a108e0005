import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatDiagnostic, sortDiagnostics, type Diagnostic, type Severity } from '../../../../generators/common/diagnostics.ts';
import { lintCddl } from '../../../../generators/cddl/lint.ts';
import { loadContentSpecs } from '../../../../generators/cddl/load.ts';
import { extractAll } from '../../../../generators/extract/driver.ts';
import type { Erratum } from '../../../../generators/extract/errata.ts';
import { lintOpenApi } from '../../../../generators/openapi/lint.ts';
import { loadPackages, type LoadedPackages } from '../../../../generators/tls/load.ts';
import { REPO_ROOT } from '../root.ts';

export const DEFAULT_OPENAPI = 'spec/openapi/mimi-protocol.yaml';
export const DEFAULT_OPENAPI_DRAFT = 'spec/drafts/draft-ietf-mimi-protocol-06.md';

/** An erratum the extractor applied, with where it applies. */
export interface AppliedErratum {
  id: string;
  reason: string;
  /** `file:line` of the corrected text (a draft line, or a line of an included .cddl file). */
  at: string;
  errataFile: string;
}

export interface LintContext {
  root: string;
  /** The OpenAPI document to lint (repo-relative or absolute). */
  openapi: string;
  /** The draft it describes. */
  draft: string;
  /** Loaded once, shared by the sources that need the TLS specs. */
  tls(): LoadedPackages;
}

export interface LintSourceResult {
  diagnostics: Diagnostic[];
  errata?: AppliedErratum[];
}

/** One kind of check `mimi spec lint` runs; the list is open (later issues add sources). */
export interface LintSource {
  name: string;
  description: string;
  run(ctx: LintContext): Promise<LintSourceResult>;
}

export const LINT_SOURCES: LintSource[] = [
  {
    name: 'openapi',
    description: 'the OpenAPI transport description against its draft (endpoints, directory, TLS types)',
    run: async (ctx) => ({ diagnostics: await lintOpenApi(ctx.root, ctx.openapi, ctx.draft, { packages: ctx.tls().packages }) }),
  },
  {
    name: 'tls',
    description: 'parse and compile diagnostics of spec/tls (the TLS-PL specs)',
    run: async (ctx) => ({ diagnostics: ctx.tls().diagnostics }),
  },
  {
    name: 'cddl',
    description: 'parse diagnostics and lint of spec/content (the CDDL specs)',
    run: async (ctx) => {
      const content = loadContentSpecs(ctx.root);
      return { diagnostics: [...content.diagnostics, ...lintCddl(content.specs)] };
    },
  },
  {
    name: 'errata',
    description: 'the errata applied to the drafts; stale errata and out-of-date extractions',
    run: async (ctx) => lintErrata(ctx.root),
  },
];

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
  for (const d of result.drafts) {
    if (d.changed) diagnostics.push({ file: d.tlsPath, line: 1, col: 1, severity: 'error', code: 'stale-extraction', message: `${d.tlsPath} differs from what ${d.draftPath} and its errata give`, hint: 'run `mimi spec extract`' });
  }
  for (const c of result.content) {
    for (const f of c.files) {
      if (f.changed) diagnostics.push({ file: f.path, line: 1, col: 1, severity: 'error', code: 'stale-extraction', message: `${f.path} ${f.content === null ? 'is no longer produced by' : 'differs from what'} ${c.draftPath}${f.content === null ? '' : ' gives'}`, hint: 'run `mimi spec extract`' });
    }
  }
  return { diagnostics, errata };
}

export interface SpecLintReport {
  sources: Array<{ name: string; diagnostics: Diagnostic[] }>;
  errata: AppliedErratum[];
  errors: number;
  warnings: number;
}

/**
 * Runs the lint sources `target` selects: all of them by default, one by name, or (a .yaml, .yml
 * or .json path) the OpenAPI lint of that file.
 */
export async function runSpecLint(root: string, target: string | undefined, options: { draft?: string } = {}): Promise<SpecLintReport> {
  let openapi = DEFAULT_OPENAPI;
  let sources = LINT_SOURCES;
  if (target !== undefined) {
    const named = LINT_SOURCES.find((s) => s.name === target);
    if (named) sources = [named];
    else if (/\.(ya?ml|json)$/i.test(target)) {
      openapi = resolve(process.cwd(), target);
      sources = LINT_SOURCES.filter((s) => s.name === 'openapi');
    } else {
      throw new Error(`unknown lint target ${target}: use one of ${LINT_SOURCES.map((s) => s.name).join(', ')} or an OpenAPI file`);
    }
  }
  let tls: LoadedPackages | undefined;
  const ctx: LintContext = {
    root,
    openapi,
    draft: options.draft === undefined ? DEFAULT_OPENAPI_DRAFT : resolve(process.cwd(), options.draft),
    tls: () => (tls ??= loadPackages(root)),
  };
  const report: SpecLintReport = { sources: [], errata: [], errors: 0, warnings: 0 };
  for (const source of sources) {
    const r = await source.run(ctx);
    const diagnostics = sortDiagnostics([...r.diagnostics]);
    report.sources.push({ name: source.name, diagnostics });
    report.errata.push(...(r.errata ?? []));
    for (const d of diagnostics) d.severity === 'error' ? report.errors++ : report.warnings++;
  }
  return report;
}

const RANK: Record<Severity, number> = { warning: 1, error: 2 };

/** True when the report has a finding at or above `failOn`. */
export function lintFails(report: SpecLintReport, failOn: Severity): boolean {
  return report.sources.some((s) => s.diagnostics.some((d) => RANK[d.severity] >= RANK[failOn]));
}

export function formatSpecLint(report: SpecLintReport): string {
  const out: string[] = [];
  for (const s of report.sources) {
    const e = s.diagnostics.filter((d) => d.severity === 'error').length;
    out.push(`${s.name}: ${e} error${e === 1 ? '' : 's'}, ${s.diagnostics.length - e} warning${s.diagnostics.length - e === 1 ? '' : 's'}`);
    for (const d of s.diagnostics) out.push(formatDiagnostic(d));
  }
  if (report.errata.length) {
    out.push(`errata applied: ${report.errata.length}`);
    const width = Math.max(...report.errata.map((e) => e.at.length));
    for (const e of report.errata) out.push(`  ${e.at.padEnd(width)}  ${e.id}: ${e.reason}`);
  }
  out.push(`${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}

interface LintFlags {
  format: 'text' | 'json';
  failOn: Severity;
  draft?: string;
}

/**
 * `mimi spec lint [target] [--format text|json] [--fail-on error|warning] [--draft FILE]`: the
 * OpenAPI description against its draft, the TLS and CDDL spec diagnostics, and the errata
 * applied. Exit code 1 when a finding at or above --fail-on exists.
 */
export function registerSpecLint(spec: Command): void {
  spec
    .command('lint')
    .description('lint the spec files: OpenAPI against its draft, TLS-PL and CDDL diagnostics, errata applied')
    .argument('[target]', `a lint source (${LINT_SOURCES.map((s) => s.name).join(', ')}) or an OpenAPI file (default: all sources, ${DEFAULT_OPENAPI})`)
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity exists').choices(['error', 'warning']).default('error'))
    .option('--draft <file>', `the draft the OpenAPI file describes (default ${DEFAULT_OPENAPI_DRAFT})`)
    .action(async (target: string | undefined, flags: LintFlags) => {
      const report = await runSpecLint(REPO_ROOT, target, flags.draft === undefined ? {} : { draft: flags.draft });
      if (flags.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(formatSpecLint(report));
      if (lintFails(report, flags.failOn)) process.exitCode = 1;
    });
}
