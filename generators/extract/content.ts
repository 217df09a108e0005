/**
 * File side of CDDL drafts (`"outputs": ["cddl", "examples"]` in spec/drafts/drafts.json):
 * resolves mmark includes on disk, writes <outDir>/<file>.cddl (see cddl.ts) and copies the
 * draft's examples into <outDir>/examples/.
 *
 * Includes resolve against the draft's sibling `<draft file name>-files/` folder first (the layout
 * of the IETF archive, e.g. spec/drafts/draft-ietf-mimi-content-07-files/), then the draft's own
 * folder (the layout of the draft's git repository).
 *
 * Examples: every `<{{examples/NAME.edn}}` include marks its folder as an examples folder; every
 * `*.edn` of that folder (referenced or not: multipart-*, report, implied-original …) is copied
 * with its `.cbor` and `.pretty` siblings, verbatim, plus a generated `examples.json` index
 * naming where the draft shows each one. Files in <outDir>/examples/ that the extraction no longer
 * produces are stale, and so is a .cddl file of <outDir> extracted from an earlier version of the
 * same draft (its provenance header says so) that this version no longer produces: both are listed
 * with content null, and the driver (driver.ts) removes them when it writes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, posix } from 'node:path';
import { bytesEqual, encodeUtf8 } from '@mimikit/bytes';
import type { Diagnostic } from '../common/diagnostics.ts';
import { extractCddl, type IncludedFile, type ResolveInclude, type ShippedCddl } from './cddl.ts';
import { loadErrata, parseDraftFileName, readDraft, type DraftEntry } from './manifest.ts';
import { GENERATOR, sha256 } from './extract.ts';
import { formatSection } from './markdown.ts';
import { filesIn, leftoverOwner, type OutputFile } from './outputs.ts';

export type { OutputFile };

export interface ContentOutcome extends DraftEntry {
  draftPath: string;
  errataPath: string | null;
  files: OutputFile[];
  applied: string[];
}

/** Where an include of the draft at `draftAbs` lives: `<draft>-files/<path>`, then `<dir>/<path>`. */
export function resolveIncludePath(draftAbs: string, includePath: string): { abs: string; displayPath: string } | null {
  const dir = dirname(draftAbs);
  const filesDir = `${basename(draftAbs).replace(/\.md$/, '')}-files`;
  const candidates = [posix.join(filesDir, includePath), includePath];
  for (const rel of candidates) {
    const abs = join(dir, rel);
    if (existsSync(abs)) return { abs, displayPath: rel };
  }
  return null;
}

export function makeResolver(draftAbs: string): ResolveInclude {
  return (includePath: string): IncludedFile | null => {
    const found = resolveIncludePath(draftAbs, includePath);
    return found ? { displayPath: found.displayPath, text: readFileSync(found.abs, 'utf8') } : null;
  };
}

const EXAMPLE_EXTS = ['.edn', '.cbor', '.pretty'] as const;

interface ExampleSet {
  /** Files to write: output name → source bytes. */
  files: Map<string, Uint8Array>;
  index: string;
  diagnostics: Diagnostic[];
}

/** Collects the examples of a draft: every .edn of each folder that an `.edn` include points into. */
export function collectExamples(
  draftAbs: string,
  draftPath: string,
  markdown: string,
  includes: ReadonlyArray<{ line: number; path: string; section: import('./markdown.ts').Section | null }>,
): ExampleSet {
  const diagnostics: Diagnostic[] = [];
  const fileName = basename(draftAbs);
  const refs = new Map<string, string>();
  const folders = new Map<string, string>();
  for (const inc of includes) {
    if (!inc.path.endsWith('.edn')) continue;
    const found = resolveIncludePath(draftAbs, inc.path);
    if (!found) {
      diagnostics.push({
        file: draftPath,
        line: inc.line,
        col: 1,
        severity: 'error',
        code: 'missing-include',
        message: `cannot find included example ${inc.path}`,
      });
      continue;
    }
    const name = basename(inc.path, '.edn');
    if (!refs.has(name)) refs.set(name, `${fileName}:${inc.line} § ${formatSection(inc.section)}`);
    folders.set(dirname(found.abs), posix.dirname(found.displayPath));
  }
  const files = new Map<string, Uint8Array>();
  const entries: Array<{ name: string; files: string[]; source: string | null }> = [];
  const seen = new Set<string>();
  for (const [abs, display] of [...folders].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) {
    const names = readdirSync(abs)
      .filter((f) => f.endsWith('.edn'))
      .map((f) => f.slice(0, -4))
      .sort();
    for (const name of names) {
      if (seen.has(name)) {
        diagnostics.push({
          file: draftPath,
          line: 1,
          col: 1,
          severity: 'error',
          code: 'conflicting-example',
          message: `example ${name} exists in two folders (second: ${display})`,
        });
        continue;
      }
      seen.add(name);
      const have: string[] = [];
      for (const ext of EXAMPLE_EXTS) {
        const p = join(abs, name + ext);
        if (!existsSync(p)) {
          if (ext === '.cbor')
            diagnostics.push({
              file: `${posix.join(posix.dirname(draftPath), display, name)}.edn`,
              line: 1,
              col: 1,
              severity: 'warning',
              code: 'example-without-cbor',
              message: `example ${name} has no ${name}.cbor`,
            });
          continue;
        }
        files.set(name + ext, new Uint8Array(readFileSync(p)));
        have.push(name + ext);
      }
      entries.push({ name, files: have, source: refs.get(name) ?? null });
    }
  }
  const index = {
    comment: `Generated by \`${GENERATOR}\` from ${fileName} (sha256 ${sha256(markdown)}); do not edit: regenerate with \`mimi spec extract\`. Each example's files are copied verbatim from the draft's examples folder; "source" is the include line that shows it in the draft, null when the draft text does not show it.`,
    draft: fileName,
    examples: entries,
  };
  return { files, index: `${JSON.stringify(index, null, 2)}\n`, diagnostics };
}

function differs(abs: string, content: string | Uint8Array): boolean {
  if (!existsSync(abs)) return true;
  const current = readFileSync(abs);
  const fresh = typeof content === 'string' ? encodeUtf8(content) : content;
  return !bytesEqual(current, fresh);
}

/**
 * Extracts one CDDL draft: the files it produces and the stale ones it leaves, compared with the
 * disk. Writes nothing: the driver writes once every entry of the run is known not to conflict.
 */
export function extractCddlDraft(repoRoot: string, entry: DraftEntry): { outcome: ContentOutcome | null; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const draft = readDraft(repoRoot, entry, diagnostics);
  if (!draft) return { outcome: null, diagnostics };
  const { draftPath, markdown } = draft;
  const draftAbs = join(repoRoot, draftPath);
  const errata = loadErrata(repoRoot, entry);
  for (const item of errata.diagnostics) diagnostics.push(item);

  const shipped: ShippedCddl[] = [];
  for (const s of entry.shipped) {
    let includedBy: ShippedCddl['includedBy'];
    if (s.includedBy) {
      const byPath = `spec/drafts/${s.includedBy}`;
      try {
        includedBy = { draftFile: byPath, markdown: readFileSync(join(repoRoot, byPath), 'utf8') };
      } catch {
        diagnostics.push({
          file: 'spec/drafts/drafts.json',
          line: 1,
          col: 1,
          severity: 'error',
          code: 'missing-draft',
          message: `${entry.file}: "includedBy" names ${byPath}, which cannot be read`,
        });
      }
    }
    shipped.push({ file: s.file, ...(includedBy ? { includedBy } : {}), ...(s.note ? { note: s.note } : {}) });
  }

  const result = extractCddl(markdown, draftPath, makeResolver(draftAbs), {
    name: entry.name,
    errata: errata.errata,
    ...(errata.path ? { errataFile: errata.path } : {}),
    shipped,
  });
  for (const item of result.diagnostics) diagnostics.push(item);

  const planned: Array<{ path: string; content: string | Uint8Array }> = [];
  if (entry.outputs.includes('cddl')) for (const f of result.files) planned.push({ path: posix.join(entry.outDir, f.name), content: f.text });
  const stale: string[] = [];
  if (entry.outputs.includes('examples')) {
    const ex = collectExamples(draftAbs, draftPath, markdown, result.includes);
    for (const item of ex.diagnostics) diagnostics.push(item);
    const exDir = posix.join(entry.outDir, 'examples');
    for (const [name, bytes] of [...ex.files].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      planned.push({ path: posix.join(exDir, name), content: bytes });
    planned.push({ path: posix.join(exDir, 'examples.json'), content: ex.index });
    const absDir = join(repoRoot, exDir);
    if (existsSync(absDir)) {
      const produced = new Set(planned.map((p) => p.path));
      for (const f of readdirSync(absDir).sort()) if (!produced.has(posix.join(exDir, f))) stale.push(posix.join(exDir, f));
    }
  }

  if (entry.outputs.includes('cddl')) {
    // A .cddl an earlier version of this draft produced (an include the new version dropped).
    const draftName = parseDraftFileName(entry.file)?.name;
    const produced = new Set(planned.map((p) => p.path));
    for (const path of filesIn(repoRoot, entry.outDir, '.cddl'))
      if (!produced.has(path) && leftoverOwner(join(repoRoot, path))?.draft === draftName) stale.push(path);
  }

  const files: OutputFile[] = planned.map((p) => ({ ...p, changed: differs(join(repoRoot, p.path), p.content) }));
  for (const s of stale) files.push({ path: s, content: null, changed: true });
  return { outcome: { ...entry, draftPath, errataPath: errata.path, files, applied: result.applied }, diagnostics };
}
