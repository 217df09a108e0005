/**
 * Runs the extractor over the drafts listed in spec/drafts/drafts.json (manifest.ts) and writes
 * spec/tls/<draft>.tls (TLS-PL drafts) or the .cddl files and examples of CDDL drafts (see content.ts).
 *
 * Every entry is extracted in memory first; only then is anything written, and nothing at all when
 * two entries would write the same file (outputs.ts). Spec files the run no longer produces are
 * removed when mimikit's provenance header shows they were extracted from a draft of the run (or
 * from one the manifest no longer lists), and reported as `unmanaged-output` otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { extractTls, type ParseTlsFn } from './extract.ts';
import { extractCddlDraft, type ContentOutcome } from './content.ts';
import { loadErrata, MANIFEST, parseDraftFileName, readDraft, readManifest, type DraftEntry } from './manifest.ts';
import { filesIn, leftoverOwner, outputConflicts, writeOutputs, type OutputFile } from './outputs.ts';

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
  /**
   * Spec files the run no longer produces that mimikit extracted (their header names the draft):
   * from a draft of the run, or from one the manifest no longer lists. Content null, removed on
   * write. (A CDDL draft's own stale .cddl and example files are in its content outcome.)
   */
  stale: OutputFile[];
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
      const r = extractCddlDraft(repoRoot, entry);
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
    drafts.push({ ...entry, draftPath, errataPath: errata.path, tlsPath, tls: result.tls, applied: result.applied, changed: current !== result.tls });
  }

  const claims = selected.map((entry) => ({
    entry,
    paths: [
      ...drafts.filter((d) => d.file === entry.file).map((d) => d.tlsPath),
      ...content.filter((c) => c.file === entry.file).flatMap((c) => c.files.filter((f) => f.content !== null).map((f) => f.path)),
    ],
  }));
  const conflicts = outputConflicts(claims);
  for (const item of conflicts) diagnostics.push(item);

  const accounted = [...claims.flatMap((c) => c.paths), ...content.flatMap((c) => c.files.filter((f) => f.content === null).map((f) => f.path))];
  const stale = leftovers(repoRoot, entries, selected, accounted, only.length === 0, diagnostics);
  if (options.write !== false && conflicts.length === 0) {
    writeOutputs(repoRoot, [...drafts.map((d) => ({ path: d.tlsPath, content: d.tls, changed: d.changed })), ...content.flatMap((c) => c.files), ...stale]);
  }
  return { drafts, content, stale, diagnostics };
}

/**
 * The .tls and .cddl files in the run's output folders that the run neither produces nor already
 * lists as stale (`accounted`): extracted from a draft of the run, or from one the manifest no
 * longer lists (only when the run covers the whole manifest) → stale; without mimikit's header →
 * an `unmanaged-output` warning, the file left alone. Files of listed drafts outside the run are
 * not this run's business.
 */
function leftovers(
  repoRoot: string,
  entries: readonly DraftEntry[],
  selected: readonly DraftEntry[],
  accounted: readonly string[],
  wholeManifest: boolean,
  diagnostics: Diagnostic[],
): OutputFile[] {
  const draftName = (e: DraftEntry) => parseDraftFileName(e.file)?.name;
  const listed = new Set(entries.map(draftName));
  const inRun = new Set(selected.map(draftName));
  const folders = new Set<string>();
  for (const e of selected) {
    if (e.outputs.includes('tls')) folders.add('spec/tls');
    if (e.outputs.includes('cddl')) folders.add(e.outDir);
  }
  const claimed = new Set(accounted);
  const stale: OutputFile[] = [];
  for (const dir of [...folders].sort()) {
    for (const path of [...filesIn(repoRoot, dir, '.tls'), ...filesIn(repoRoot, dir, '.cddl')]) {
      if (claimed.has(path)) continue;
      const owner = leftoverOwner(join(repoRoot, path));
      if (owner === null) {
        diagnostics.push({
          file: path,
          line: 1,
          col: 1,
          severity: 'warning',
          code: 'unmanaged-output',
          message: `no draft in ${MANIFEST} produces ${posix.basename(path)}, and it was not written by \`mimi spec extract\` (no provenance header): left in place`,
          hint: 'remove it if it is left over, or keep it: npm run generate still reads it',
        });
      } else if (inRun.has(owner.draft) || (wholeManifest && !listed.has(owner.draft))) stale.push({ path, content: null, changed: true });
    }
  }
  return stale;
}
