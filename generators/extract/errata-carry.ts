/**
 * Errata follow a draft to its next version: each erratum of the previous version is looked for in
 * the new version's text, re-anchored to its new line when its original text is still there (so the
 * new version extracts, lints and diffs like the old one), or reported as no longer needed (the
 * draft fixed the slip itself) or no longer matching (the text changed otherwise: rewrite it).
 *
 * The search runs exactly as the extractor applies errata (applyErrata in errata.ts): on the code
 * fences scanMarkdown finds, one TrackedText per fence with the same line numbering, errata applied
 * one after the other in file order, so an erratum whose original only exists once an earlier one
 * is applied (a select arm inserted by the erratum before it) is found too, and each carried line is
 * the line applyErrata will find the original on.
 */
import { type Erratum, TrackedText } from './errata.ts';
import { scanMarkdown, type Section } from './markdown.ts';
import { sameTitle } from './sections.ts';

export interface ErrataCarry {
  /** Errata re-anchored to the new version: same id/reason/original/replacement/pragma/file, `version` = new version, `line` = the new line of `original` (for `file` errata, a line of the new -files/ file). Same order as `previous`. */
  carried: Erratum[];
  /** Original text gone and the replacement's effect present: the draft fixed the slip itself. */
  noLongerNeeded: Array<{ erratum: Erratum; reason: string }>;
  /** Original text gone and not fixed either: the erratum must be rewritten by hand. */
  noLongerMatching: Array<{ erratum: Erratum; reason: string }>;
  /**
   * Carried errata whose original occurs more than once in the new version: which line was chosen
   * and why, so an editor can check the choice (the carried erratum itself is in `carried`).
   */
  ambiguous: Array<{ erratum: Erratum; lines: number[]; reason: string }>;
}

/** The version the errata come from, when known: its text lets sections and insertion points be matched, not only lines. */
export interface PreviousDraft {
  draftText: string;
  /** The previous version's `-files/` file as an include names it, for `file` errata. */
  readFile?: (name: string) => string | undefined;
}

/** Lines around the expected position within which the replacement's text counts as the draft's own fix. */
const FIX_WINDOW = 60;

/** One searchable text: a code fence of the draft, or a whole `-files/` file. */
interface Region {
  openLine: number;
  closeLine: number;
  text: TrackedText;
  section: Section | null;
}

/** The regions of one place errata point into (the draft's fences, or one included file). */
interface Space {
  regions: Region[];
  /** Line of the previous version → its new line, from errata whose original occurs once in both. */
  anchors: Array<{ oldLine: number; newLine: number }>;
  /** The same place in the previous version, when given. */
  previous?: { lines: string[]; regions: Region[] };
}

function fenceRegions(markdown: string): Region[] {
  return scanMarkdown(markdown).fences.map((f) => ({
    openLine: f.openLine,
    closeLine: f.closeLine,
    text: TrackedText.fromLines(f.lines, f.openLine + 1),
    section: f.section,
  }));
}

function fileRegions(text: string): Region[] {
  const lines = text.split('\n');
  return [{ openLine: 0, closeLine: lines.length + 1, text: TrackedText.fromLines(lines, 1), section: null }];
}

function occurrences(haystack: string, needle: string): number[] {
  const out: number[] = [];
  if (needle === '') return out;
  for (let k = haystack.indexOf(needle); k >= 0; k = haystack.indexOf(needle, k + 1)) out.push(k);
  return out;
}

/** Errata keys in the order errata files are written (errata.ts declares them in this order). */
function canonical(e: Erratum): Erratum {
  return {
    id: e.id,
    draft: e.draft,
    version: e.version,
    line: e.line,
    original: e.original,
    replacement: e.replacement,
    reason: e.reason,
    ...(e.pragma !== undefined ? { pragma: e.pragma } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
  };
}

/** Serialises errata exactly as spec/errata/*.json files are written (stable key order, 2-space JSON, trailing newline) */
export function formatErrataFile(errata: readonly Erratum[]): string {
  return `${JSON.stringify(errata.map(canonical), null, 2)}\n`;
}

/**
 * Does the text at `k` (an occurrence of the original) already read the replacement around it? A
 * replacement that keeps its original (`} Name` → `} Name;`, an arm inserted before `case x:`) still
 * finds its original in a draft that made the same fix; applying it again would break that draft.
 */
function alreadyFixedAt(text: string, k: number, e: Erratum): boolean {
  for (let p = e.replacement.indexOf(e.original); p >= 0; p = e.replacement.indexOf(e.original, p + 1)) {
    if (k - p >= 0 && text.startsWith(e.replacement, k - p)) return true;
  }
  return false;
}

/** Lines where `needle` occurs in `t` with any whitespace (runs of blanks and line breaks compared as one space). */
function looseLines(t: TrackedText, needle: string): number[] {
  const want = needle.replace(/\s+/g, ' ').trim();
  if (want === '') return [];
  let flat = '';
  const at: number[] = [];
  let blank = false;
  for (let k = 0; k < t.text.length; k++) {
    const c = t.text[k] ?? '';
    if (/\s/.test(c)) {
      blank = true;
      continue;
    }
    if (blank && flat !== '') {
      flat += ' ';
      at.push(k);
    }
    blank = false;
    flat += c;
    at.push(k);
  }
  return occurrences(flat, want).map((i) => t.lineAt(at[i] ?? 0));
}

function sectionOfLine(regions: readonly Region[], line: number): Section | null | undefined {
  return regions.find((r) => line >= r.openLine && line <= r.closeLine)?.section;
}

/** Where line `oldLine` of the previous version is expected in the new one: shifted as the nearest anchor shifted. */
function expectedLine(space: Space, oldLine: number): number {
  let best: { oldLine: number; newLine: number } | undefined;
  for (const a of space.anchors) if (!best || Math.abs(a.oldLine - oldLine) < Math.abs(best.oldLine - oldLine)) best = a;
  return best ? oldLine + best.newLine - best.oldLine : oldLine;
}

interface Candidate {
  region: Region;
  /** Index in the region's text where the erratum applies. */
  at: number;
  line: number;
  score: [number, number];
}

/** The best candidate: same section as before first, then nearest the expected line, then first in the text. */
function pick(candidates: Candidate[]): Candidate | undefined {
  return [...candidates].sort((a, b) => a.score[0] - b.score[0] || a.score[1] - b.score[1] || a.line - b.line || a.at - b.at)[0];
}

function shorten(s: string): string {
  const one = JSON.stringify(s);
  return one.length > 70 ? `${one.slice(0, 67)}…"` : one;
}

/**
 * Re-anchors `previous` (the errata of one version of a draft) to the text of its next version.
 * `previousDraft` (the text the errata were written against) is optional: with it, candidates in
 * the erratum's old section are preferred and insertion errata (original '') can be re-anchored by
 * the line they were inserted at; without it, insertions cannot be carried and are reported.
 */
export function carryErrata(
  previous: readonly Erratum[],
  next: { draftText: string; version: string; readFile?: (name: string) => string | undefined },
  previousDraft?: PreviousDraft,
): ErrataCarry {
  const result: ErrataCarry = { carried: [], noLongerNeeded: [], noLongerMatching: [], ambiguous: [] };
  const spaces = new Map<string, Space | null>();
  const spaceFor = (file: string | undefined): Space | null => {
    const key = file ?? '';
    if (spaces.has(key)) return spaces.get(key) ?? null;
    const text = file === undefined ? next.draftText : next.readFile?.(file);
    const oldText = file === undefined ? previousDraft?.draftText : previousDraft?.readFile?.(file);
    let space: Space | null = null;
    if (text !== undefined) {
      const regionsOf = file === undefined ? fenceRegions : fileRegions;
      const regions = regionsOf(text);
      const before = oldText === undefined ? undefined : { lines: oldText.split(/\r?\n/), regions: regionsOf(oldText) };
      space = { regions, anchors: anchorsOf(previous, file, regions, before?.regions) };
      if (before) space.previous = before;
    }
    spaces.set(key, space);
    return space;
  };

  for (const erratum of previous) {
    const space = spaceFor(erratum.file);
    const where = erratum.file === undefined ? 'any code fence of the new version' : erratum.file;
    if (!space) {
      result.noLongerMatching.push({ erratum, reason: `the new version does not ship ${erratum.file}` });
      continue;
    }
    const outcome = erratum.original === '' ? insertionCandidates(space, erratum) : replacementCandidates(space, erratum);
    if ('gone' in outcome) {
      const list = outcome.gone === 'needed' ? result.noLongerNeeded : result.noLongerMatching;
      list.push({ erratum, reason: outcome.reason.replace('{where}', where) });
      continue;
    }
    const chosen = pick(outcome.candidates);
    if (!chosen) continue;
    const carried = canonical({ ...erratum, version: next.version, line: chosen.line });
    chosen.region.text.replace(chosen.at, chosen.at + erratum.original.length, erratum.replacement, erratum.id);
    result.carried.push(carried);
    const lines = [...new Set(outcome.candidates.map((c) => c.line))].sort((a, b) => a - b);
    if (outcome.candidates.length > 1) {
      result.ambiguous.push({
        erratum: carried,
        lines,
        reason: `${erratum.original === '' ? 'the line it inserts before' : 'its original text'} occurs ${outcome.candidates.length} times (lines ${lines.join(', ')}); line ${chosen.line} was chosen: ${
          chosen.score[0] === 0 && space.previous ? 'in the same section as before, ' : ''
        }nearest to where line ${erratum.line} of the previous version is expected (line ${expectedLine(space, erratum.line)})`,
      });
    }
  }
  return result;
}

type Outcome = { candidates: Candidate[] } | { gone: 'needed' | 'matching'; reason: string };

/** Score of a candidate line: [0 in the erratum's old section (or unknown), 1 elsewhere; distance to the expected line]. */
function scorer(space: Space, erratum: Erratum): (region: Region, line: number) => [number, number] {
  const expected = expectedLine(space, erratum.line);
  const oldSection = space.previous ? sectionOfLine(space.previous.regions, erratum.line) : undefined;
  return (region, line) => [oldSection && region.section && !sameTitle(oldSection.title, region.section.title) ? 1 : 0, Math.abs(line - expected)];
}

function replacementCandidates(space: Space, erratum: Erratum): Outcome {
  const score = scorer(space, erratum);
  const candidates: Candidate[] = [];
  const fixedLines: number[] = [];
  for (const region of space.regions) {
    for (const at of occurrences(region.text.text, erratum.original)) {
      const line = region.text.lineAt(at);
      if (alreadyFixedAt(region.text.text, at, erratum)) fixedLines.push(line);
      else candidates.push({ region, at, line, score: score(region, line) });
    }
  }
  if (candidates.length) return { candidates };
  if (fixedLines.length) return { gone: 'needed', reason: `the new version already reads the replacement at line ${fixedLines.join(', ')}` };
  const expected = expectedLine(space, erratum.line);
  if (erratum.replacement.trim() === '') return { gone: 'needed', reason: `the text it deletes (${shorten(erratum.original)}) is no longer in {where}` };
  const fixedNear = space.regions.flatMap((r) => looseLines(r.text, erratum.replacement)).filter((l) => Math.abs(l - expected) <= FIX_WINDOW);
  if (fixedNear.length) {
    const nearest = fixedNear.sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected))[0];
    return { gone: 'needed', reason: `its original text is gone and the new version reads the replacement at line ${nearest}` };
  }
  const loose = space.regions.flatMap((r) => looseLines(r.text, erratum.original));
  if (loose.length)
    return {
      gone: 'matching',
      reason: `its original text occurs only with other blanks or line breaks, at line ${loose.join(', ')}: rewrite "original" as the new version spells it`,
    };
  return { gone: 'matching', reason: `its original text ${shorten(erratum.original)} is no longer in {where}, and the replacement is not there either` };
}

/** Content of each line of a region's current text: [index of the line start, its draft line, its text]. */
function regionLines(region: Region): Array<{ at: number; line: number; text: string }> {
  const out: Array<{ at: number; line: number; text: string }> = [];
  const t = region.text;
  let start = 0;
  for (;;) {
    const end = t.text.indexOf('\n', start);
    out.push({ at: start, line: t.lineAt(start), text: t.text.slice(start, end < 0 ? t.text.length : end) });
    if (end < 0) break;
    start = end + 1;
  }
  return out;
}

/**
 * An insertion (original '') is anchored by the line it was inserted before in the previous
 * version (or, at a fence's closing line, by the fence's last content line): the new line is where
 * the same line of text is, preferring one whose preceding line matches too.
 */
function insertionCandidates(space: Space, erratum: Erratum): Outcome {
  const prev = space.previous;
  if (!prev)
    return { gone: 'matching', reason: 'it inserts text, and a line to insert at can be found only with the previous version’s text, which was not given' };
  const fence = prev.regions.find((r) => erratum.line > r.openLine && erratum.line <= r.closeLine);
  if (!fence) return { gone: 'matching', reason: `line ${erratum.line} of the previous version is not inside a code fence` };
  const atClose = erratum.line === fence.closeLine;
  const anchorLine = atClose ? erratum.line - 1 : erratum.line;
  const anchor = (prev.lines[anchorLine - 1] ?? '').trimEnd();
  const before = (prev.lines[anchorLine - 2] ?? '').trimEnd();
  if (anchor.trim() === '') return { gone: 'matching', reason: `line ${anchorLine} of the previous version, its anchor, is blank: re-anchor it by hand` };
  const score = scorer(space, erratum);
  const candidates: Candidate[] = [];
  const fixedLines: number[] = [];
  for (const region of space.regions) {
    const lines = regionLines(region);
    lines.forEach((l, k) => {
      if (l.text.trimEnd() !== anchor || (atClose && k !== lines.length - 1)) return;
      const at = atClose ? region.text.text.length : l.at;
      const line = atClose ? region.closeLine : l.line;
      if (region.text.text.slice(0, at).endsWith(erratum.replacement)) {
        fixedLines.push(line);
        return;
      }
      const context = (lines[k - 1]?.text ?? '').trimEnd() === before ? 0 : 1;
      const [section, distance] = score(region, line);
      candidates.push({ region, at, line, score: [section * 2 + context, distance] });
    });
  }
  if (candidates.length) return { candidates };
  if (fixedLines.length) return { gone: 'needed', reason: `the new version already has the inserted text before line ${fixedLines.join(', ')}` };
  return { gone: 'matching', reason: `the line it inserts ${atClose ? 'after' : 'before'} (${shorten(anchor)}) is no longer in {where}` };
}

/**
 * Errata whose original occurs exactly once in the new version (and, when it is known, once in the
 * previous one): fixed points telling how far each part of the draft moved.
 */
function anchorsOf(
  previous: readonly Erratum[],
  file: string | undefined,
  regions: readonly Region[],
  oldRegions: readonly Region[] | undefined,
): Space['anchors'] {
  const anchors: Space['anchors'] = [];
  for (const e of previous) {
    if (e.file !== file || e.original === '') continue;
    const found = regions.flatMap((r) => occurrences(r.text.text, e.original).map((k) => r.text.lineAt(k)));
    if (found.length !== 1) continue;
    if (oldRegions && oldRegions.reduce((n, r) => n + occurrences(r.text.text, e.original).length, 0) > 1) continue;
    anchors.push({ oldLine: e.line, newLine: found[0] ?? e.line });
  }
  return anchors;
}
