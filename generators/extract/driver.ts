/**
 * Runs the extractor over the drafts listed in spec/drafts/drafts.json and writes spec/tls/<draft>.tls.
 *
 * drafts.json maps a draft file in spec/drafts/ to the name of its output (the draft name without
 * its -NN version); `null` derives the name from the file name. Errata come from
 * spec/errata/<file name without .md>.json when that file exists.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { validateErrata, type Erratum } from './errata.ts';
import { extractTls, type ParseTlsFn } from './extract.ts';

export const MANIFEST = 'spec/drafts/drafts.json';

export interface DraftEntry {
  /** File name in spec/drafts/, e.g. `draft-ietf-mls-protocol-20.md`. */
  file: string;
  /** Output name, e.g. `draft-ietf-mls-protocol` (→ spec/tls/draft-ietf-mls-protocol.tls). */
  name: string;
  /** Two-digit version from the file name, e.g. `20`. */
  version: string;
}

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
  drafts: DraftOutcome[];
  diagnostics: Diagnostic[];
}

export interface ExtractAllOptions {
  /** Restrict to these drafts: file names (`…-20.md`) or draft names (`draft-ietf-mls-protocol`). */
  only?: readonly string[];
  /** Write changed files (default true). With false, only report what would change. */
  write?: boolean;
  /** Override the optional parser lookup (tests). `null` disables it. */
  parseTls?: ParseTlsFn | null;
}

/** `draft-ietf-mls-protocol-20.md` → name `draft-ietf-mls-protocol`, version `20`. */
export function parseDraftFileName(file: string): { name: string; version: string } | null {
  const m = /^(.+)-(\d{2})\.md$/.exec(file);
  return m ? { name: m[1] ?? '', version: m[2] ?? '' } : null;
}

export function readManifest(repoRoot: string): { entries: DraftEntry[]; diagnostics: Diagnostic[] } {
  const path = join(repoRoot, MANIFEST);
  const diagnostics: Diagnostic[] = [];
  const entries: DraftEntry[] = [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message: `cannot read the draft manifest: ${err instanceof Error ? err.message : String(err)}` });
    return { entries, diagnostics };
  }
  const drafts = (json as { drafts?: unknown }).drafts;
  if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) {
    diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message: '"drafts" must be an object mapping draft file → output name (or null)' });
    return { entries, diagnostics };
  }
  for (const [file, out] of Object.entries(drafts as Record<string, unknown>)) {
    const parsed = parseDraftFileName(file);
    if (!parsed) {
      diagnostics.push({ file: MANIFEST, line: 1, col: 1, severity: 'error', code: 'invalid-manifest', message: `${file}: expected a file name like draft-name-NN.md` });
      continue;
    }
    const name = typeof out === 'string' && out ? out : parsed.name;
    entries.push({ file, name, version: parsed.version });
  }
  return { entries, diagnostics };
}

/** Loads generators/tls/parse/parser.ts when it exists (it is optional for the extractor). */
export async function loadParseTls(): Promise<ParseTlsFn | undefined> {
  const url = new URL('../tls/parse/parser.ts', import.meta.url);
  if (!existsSync(url)) return undefined;
  try {
    const mod = (await import(url.href)) as { parseTls?: unknown };
    return typeof mod.parseTls === 'function' ? (mod.parseTls as ParseTlsFn) : undefined;
  } catch {
    return undefined;
  }
}

export function loadErrata(repoRoot: string, entry: DraftEntry): { path: string | null; errata: Erratum[]; diagnostics: Diagnostic[] } {
  const rel = `spec/errata/${entry.file.replace(/\.md$/, '')}.json`;
  const abs = join(repoRoot, rel);
  if (!existsSync(abs)) return { path: null, errata: [], diagnostics: [] };
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(abs, 'utf8'));
  } catch (err) {
    return {
      path: rel,
      errata: [],
      diagnostics: [{ file: rel, line: 1, col: 1, severity: 'error', code: 'invalid-erratum', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` }],
    };
  }
  const { errata, diagnostics } = validateErrata(json, rel);
  for (const e of errata) {
    if (e.draft !== entry.name || e.version !== entry.version) {
      diagnostics.push({ file: rel, line: 1, col: 1, severity: 'error', code: 'invalid-erratum', message: `erratum ${e.id} is for ${e.draft}-${e.version}, but this file belongs to ${entry.name}-${entry.version}` });
    }
  }
  return { path: rel, errata: errata.filter((e) => e.draft === entry.name && e.version === entry.version), diagnostics };
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
  for (const entry of selected) {
    const draftPath = `spec/drafts/${entry.file}`;
    const tlsPath = `spec/tls/${entry.name}.tls`;
    let markdown: string;
    try {
      markdown = readFileSync(join(repoRoot, draftPath), 'utf8');
    } catch (err) {
      diagnostics.push({ file: draftPath, line: 1, col: 1, severity: 'error', code: 'missing-draft', message: `cannot read the draft: ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    const errata = loadErrata(repoRoot, entry);
    diagnostics.push(...errata.diagnostics);
    const result = extractTls(markdown, draftPath, errata.errata, { ...(errata.path ? { errataFile: errata.path } : {}), ...(parseTls ? { parseTls } : {}) });
    diagnostics.push(...result.diagnostics);
    const abs = join(repoRoot, tlsPath);
    const current = existsSync(abs) ? readFileSync(abs, 'utf8') : null;
    const changed = current !== result.tls;
    if (changed && options.write !== false) {
      mkdirSync(join(repoRoot, 'spec/tls'), { recursive: true });
      writeFileSync(abs, result.tls);
    }
    drafts.push({ ...entry, draftPath, errataPath: errata.path, tlsPath, tls: result.tls, applied: result.applied, changed });
  }
  return { drafts, diagnostics };
}
