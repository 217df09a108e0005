/**
 * spec/drafts/drafts.json (which drafts exist and what each produces) and spec/errata/: what the
 * TLS driver (driver.ts) and the CDDL/examples driver (content.ts) both read.
 *
 * drafts.json maps a draft file in spec/drafts/ to either
 *  - a string: the name of its output (the draft name without its -NN version), outputs `["tls"]`;
 *  - `null`: the same, the name derived from the file name;
 *  - an object `{ name?, outputs, outDir?, shipped? }`: `outputs` lists what the draft produces,
 *    any of `"tls"` (spec/tls/<name>.tls), `"cddl"` (one <outDir>/<file>.cddl per included .cddl
 *    file) and `"examples"` (the included examples folder copied to <outDir>/examples/);
 *    `outDir` defaults to `spec/<name>`; `shipped` lists .cddl files of the draft's -files/ folder
 *    its text no longer includes: `{ file, includedBy?, note? }`, `includedBy` an earlier draft in
 *    spec/drafts that did include it (cited in the provenance comment).
 * A top-level `"comment"` is documentation only. Errata come from
 * spec/errata/<file name without .md>.json when that file exists.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { validateErrata, type Erratum } from './errata.ts';

export const MANIFEST = 'spec/drafts/drafts.json';

export interface DraftEntry {
  /** File name in spec/drafts/, e.g. `draft-ietf-mls-protocol-20.md`. */
  file: string;
  /** Output name, e.g. `draft-ietf-mls-protocol` (→ spec/tls/draft-ietf-mls-protocol.tls). */
  name: string;
  /** Two-digit version from the file name, e.g. `20`. */
  version: string;
  /** What the draft produces; `['tls']` for the plain string / null form. */
  outputs: DraftOutput[];
  /** Repo-relative folder of the cddl and examples outputs. */
  outDir: string;
  /** .cddl files shipped with the draft but not included by its text. */
  shipped: ShippedEntry[];
  /** 1-based line of drafts.json that lists the entry (for diagnostics about it). */
  line?: number;
}

export type DraftOutput = 'tls' | 'cddl' | 'examples';
const OUTPUTS: readonly DraftOutput[] = ['tls', 'cddl', 'examples'];

export interface ShippedEntry {
  file: string;
  /** A draft file in spec/drafts/ that included `file`. */
  includedBy?: string;
  note?: string;
}

/** `draft-ietf-mls-protocol-20.md` → name `draft-ietf-mls-protocol`, version `20`. */
export function parseDraftFileName(file: string): { name: string; version: string } | null {
  const m = /^(.+)-(\d{2})\.md$/.exec(file);
  return m ? { name: m[1] ?? '', version: m[2] ?? '' } : null;
}

/**
 * Each key of a JSON text written one per line (`"draft-x-01.md": …`) → its 1-based line, the first
 * occurrence winning. One pass over the text: the manifest is input like any other.
 */
export function keyLines(jsonText: string): Map<string, number> {
  const out = new Map<string, number>();
  jsonText.split('\n').forEach((l, i) => {
    const m = /^\s*("(?:[^"\\]|\\.)*")\s*:/.exec(l);
    if (!m) return;
    try {
      const key = JSON.parse(m[1] ?? '') as string;
      if (!out.has(key)) out.set(key, i + 1);
    } catch {
      // not a JSON string after all: the parse of the whole file reports the syntax
    }
  });
  return out;
}

export function readManifest(repoRoot: string): { entries: DraftEntry[]; diagnostics: Diagnostic[] } {
  const path = join(repoRoot, MANIFEST);
  const diagnostics: Diagnostic[] = [];
  const entries: DraftEntry[] = [];
  let json: unknown;
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
    json = JSON.parse(text);
  } catch (err) {
    diagnostics.push({
      file: MANIFEST,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'invalid-manifest',
      message: `cannot read the draft manifest: ${err instanceof Error ? err.message : String(err)}`,
    });
    return { entries, diagnostics };
  }
  const drafts = (json as { drafts?: unknown }).drafts;
  if (typeof drafts !== 'object' || drafts === null || Array.isArray(drafts)) {
    diagnostics.push({
      file: MANIFEST,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'invalid-manifest',
      message: '"drafts" must be an object mapping draft file → output name (or null)',
    });
    return { entries, diagnostics };
  }
  const lines = keyLines(text);
  let line = 1;
  const bad = (message: string): void => {
    diagnostics.push({ file: MANIFEST, line, col: 1, severity: 'error', code: 'invalid-manifest', message });
  };
  for (const [file, out] of Object.entries(drafts as Record<string, unknown>)) {
    line = lines.get(file) ?? 1;
    const parsed = parseDraftFileName(file);
    if (!parsed) {
      bad(`${file}: expected a file name like draft-name-NN.md`);
      continue;
    }
    if (typeof out === 'object' && out !== null && !Array.isArray(out)) {
      const o = out as Record<string, unknown>;
      const name = typeof o.name === 'string' && o.name ? o.name : parsed.name;
      const outputs = o.outputs ?? ['tls'];
      if (!Array.isArray(outputs) || !outputs.length || !outputs.every((x): x is DraftOutput => OUTPUTS.includes(x as DraftOutput))) {
        bad(`${file}: "outputs" must be a non-empty array of ${OUTPUTS.map((x) => `"${x}"`).join(', ')}`);
        continue;
      }
      const outDir = o.outDir ?? `spec/${name}`;
      // `..` or `.` would lead out of spec/ (or hide that two entries share a folder).
      if (typeof outDir !== 'string' || !/^spec\/[\w.-]+(?:\/[\w.-]+)*$/.test(outDir) || outDir.split('/').some((seg) => seg === '..' || seg === '.')) {
        bad(`${file}: "outDir" must be a folder under spec/`);
        continue;
      }
      const shipped: ShippedEntry[] = [];
      const rawShipped = o.shipped ?? [];
      if (!Array.isArray(rawShipped)) {
        bad(`${file}: "shipped" must be an array`);
        continue;
      }
      for (const sh of rawShipped as unknown[]) {
        const r = (typeof sh === 'object' && sh !== null ? sh : {}) as Record<string, unknown>;
        const f = r.file;
        const by = r.includedBy;
        const note = r.note;
        if (typeof f !== 'string' || !f || (by !== undefined && typeof by !== 'string') || (note !== undefined && typeof note !== 'string')) {
          bad(`${file}: each "shipped" entry needs a "file" string (and optional "includedBy", "note" strings)`);
          continue;
        }
        shipped.push({ file: f, ...(typeof by === 'string' ? { includedBy: by } : {}), ...(typeof note === 'string' ? { note } : {}) });
      }
      entries.push({ file, name, version: parsed.version, outputs: [...new Set(outputs)], outDir, shipped, line });
      continue;
    }
    const name = typeof out === 'string' && out ? out : parsed.name;
    entries.push({ file, name, version: parsed.version, outputs: ['tls'], outDir: `spec/${name}`, shipped: [], line });
  }
  return { entries, diagnostics };
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
      diagnostics: [
        {
          file: rel,
          line: 1,
          col: 1,
          severity: 'error',
          code: 'invalid-erratum',
          message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}`,
        },
      ],
    };
  }
  const { errata, diagnostics } = validateErrata(json, rel);
  for (const e of errata) {
    if (e.draft !== entry.name || e.version !== entry.version) {
      diagnostics.push({
        file: rel,
        line: 1,
        col: 1,
        severity: 'error',
        code: 'invalid-erratum',
        message: `erratum ${e.id} is for ${e.draft}-${e.version}, but this file belongs to ${entry.name}-${entry.version}`,
      });
    }
  }
  return { path: rel, errata: errata.filter((e) => e.draft === entry.name && e.version === entry.version), diagnostics };
}

/** The text of a listed draft (spec/drafts/<file>), or null with a `missing-draft` error. */
export function readDraft(repoRoot: string, entry: DraftEntry, diagnostics: Diagnostic[]): { draftPath: string; markdown: string } | null {
  const draftPath = `spec/drafts/${entry.file}`;
  try {
    return { draftPath, markdown: readFileSync(join(repoRoot, draftPath), 'utf8') };
  } catch (err) {
    diagnostics.push({
      file: draftPath,
      line: 1,
      col: 1,
      severity: 'error',
      code: 'missing-draft',
      message: `cannot read the draft: ${err instanceof Error ? err.message : String(err)}`,
    });
    return null;
  }
}
