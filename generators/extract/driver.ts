/**
 * Runs the extractor over the drafts listed in spec/drafts/drafts.json (manifest.ts) and writes
 * spec/tls/<draft>.tls (TLS-PL drafts) or the .cddl files and examples of CDDL drafts (see content.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { extractTls, type ParseTlsFn } from './extract.ts';
import { extractCddlDraft, type ContentOutcome } from './content.ts';
import { loadErrata, MANIFEST, readDraft, readManifest, type DraftEntry } from './manifest.ts';

export interface DraftOutcome extends DraftEntry {
  /** Repo-relative paths. */
  draftPath: string;
  errataPath: string | null;
  tlsPath: string;
  tls: string;
  applied: string[];
  /** True when the file on disk differs from the fresh extraction (before writing). */
  changed: boolean;
}

export interface ExtractAllResult {
  /** TLS outputs. */
  drafts: DraftOutcome[];
  /** CDDL and example outputs. */
  content: ContentOutcome[];
  diagnostics: Diagnostic[];
}

export interface ExtractAllOptions {
  /** Restrict to these drafts: file names (`…-20.md`) or draft names (`draft-ietf-mls-protocol`). */
  only?: readonly string[];
  /** Write changed files (default true). With false, only report what would change. */
  write?: boolean;
  /** Override the parser (tests). `null` extracts without it. */
  parseTls?: ParseTlsFn | null;
}

/**
 * The TLS-PL parser, the extractor's second opinion on bare fences. Loaded on first use (the
 * extractor needs it only for TLS drafts) by a plain relative import, which the build rewrites to
 * dist/, so an installed @mimikit/generators validates exactly as a checkout does (an earlier lookup
 * by file URL found no parser.ts under dist/ and silently extracted without it).
 */
export async function loadParseTls(): Promise<ParseTlsFn> {
  return (await import('../tls/parse/parser.ts')).parseTls;
}

export async function extractAll(repoRoot: string, options: ExtractAllOptions = {}): Promise<ExtractAllResult> {
  const { entries, diagnostics } = readManifest(repoRoot);
  const parseTls = options.parseTls === null ? undefined : (options.parseTls ?? (await loadParseTls()));
  const only = options.only ?? [];
  const selected = only.length ? entries.filter((e) => only.includes(e.file) || only.includes(e.name) || only.includes(`spec/drafts/${e.file}`)) : entries;
  for (const o of only) {
    if (!entries.some((e) => o === e.file || o === e.name || o === `spec/drafts/${e.file}`)) {
      diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'unknown-draft', message: `${o} is not listed in ${MANIFEST}` });
    }
  }
  const drafts: DraftOutcome[] = [];
  const content: ContentOutcome[] = [];
  for (const entry of selected) {
    if (entry.outputs.includes('cddl') || entry.outputs.includes('examples')) {
      const r = extractCddlDraft(repoRoot, entry, { write: options.write !== false });
      for (const item of r.diagnostics) diagnostics.push(item);
      if (r.outcome) content.push(r.outcome);
    }
    if (!entry.outputs.includes('tls')) continue;
    const tlsPath = `spec/tls/${entry.name}.tls`;
    const draft = readDraft(repoRoot, entry, diagnostics);
    if (!draft) continue;
    const { draftPath, markdown } = draft;
    const errata = loadErrata(repoRoot, entry);
    for (const item of errata.diagnostics) diagnostics.push(item);
    const result = extractTls(
      markdown,
      draftPath,
      errata.errata.filter((e) => !e.file),
      { ...(errata.path ? { errataFile: errata.path } : {}), ...(parseTls ? { parseTls } : {}) },
    );
    for (const item of result.diagnostics) diagnostics.push(item);
    const abs = join(repoRoot, tlsPath);
    const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    const changed = current !== result.tls;
    if (changed && options.write !== false) {
      mkdirSync(join(repoRoot, 'spec/tls'), { recursive: true });
      writeFileSync(abs, result.tls);
    }
    drafts.push({ ...entry, draftPath, errataPath: errata.path, tlsPath, tls: result.tls, applied: result.applied, changed });
  }
  return { drafts, content, diagnostics };
}
