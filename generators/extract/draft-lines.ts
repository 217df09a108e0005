/**
 * Diagnostics about an extracted spec file (spec/content/*.cddl, spec/tls/*.tls), placed where the
 * editor can fix them: the line of the draft, or of the `-files/` CDDL file an include copied,
 * that the extracted line came from. The extractor's provenance header names the draft and its
 * sha256; when the draft in spec/drafts no longer matches that hash (the extraction is stale) or
 * is gone, lines cannot be mapped and the diagnostic stays on the extracted file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { Diagnostic } from '../common/diagnostics.ts';
import { ExtractedLines } from '../diff/extracted-lines.ts';
import { resolveIncludePath } from './content.ts';
import { sha256 } from './extract.ts';
import { parseDraftFileName } from './manifest.ts';
import { generatedFrom } from './outputs.ts';
import { placeWithSuggestion, type SuggestionContext } from './suggest-erratum.ts';

/** A function placing diagnostics on `extractedFile` (repo-relative) in the draft; null when the file cannot be mapped. */
export function draftPlacer(repoRoot: string, extractedFile: string, text: string): ((d: Diagnostic) => Diagnostic) | null {
  const draftFile = generatedFrom(text);
  if (draftFile === null) return null;
  const draftPath = posix.join('spec/drafts', draftFile);
  const draftAbs = join(repoRoot, draftPath);
  if (!existsSync(draftAbs)) return null;
  const recorded = text.split('\n', 3)[1] ?? '';
  const markdown = readFileSync(draftAbs, 'utf8');
  if (!recorded.endsWith(`: ${sha256(markdown)}`)) return null;
  const lines = new ExtractedLines(text, draftPath, (include) => {
    const found = resolveIncludePath(draftAbs, include);
    return found ? posix.join('spec/drafts', found.displayPath) : null;
  });
  const draft = parseDraftFileName(posix.basename(draftFile));
  // A parser's mechanical fix of the extracted file becomes the erratum that makes it in the draft.
  const context: SuggestionContext | null = draft && {
    extractedLines: text.split('\n'),
    at: (line) => lines.at(line),
    draftFile: draftPath,
    draftLines: markdown.split(/\r?\n/),
    draft,
  };
  return (d) => placeWithSuggestion(d, (x) => lines.place(x, extractedFile), context);
}

/**
 * `diagnostics` with those on extracted spec files placed in the drafts (each file read once);
 * the others unchanged. Only files under spec/ are read: a diagnostic's file name is not trusted
 * to point anywhere else.
 */
export function placeInDrafts(repoRoot: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const placers = new Map<string, ((d: Diagnostic) => Diagnostic) | null>();
  const placerOf = (file: string) => {
    if (!placers.has(file)) {
      const abs = join(repoRoot, file);
      const inSpec = /^spec\/(?:[\w.-]+\/)*[\w.-]+\.(?:tls|cddl)$/.test(file) && !file.split('/').includes('..');
      placers.set(file, inSpec && existsSync(abs) ? draftPlacer(repoRoot, file, readFileSync(abs, 'utf8')) : null);
    }
    return placers.get(file) ?? null;
  };
  return diagnostics.map((d) => placerOf(d.file)?.(d) ?? d);
}
