/**
 * Suggested errata: a diagnostic whose fix is mechanical (a `;` missing after a struct name, enum
 * values separated by `;`, a select never closed) carries the edits that fix it in the text that
 * was parsed, the draft's definitions as extracted. This turns them into the erratum that makes the
 * same fix in the draft itself, ready to paste into spec/errata/<draft>-<NN>.json: the whole draft
 * lines the edits touch as `original` (the same text with the edits as `replacement`), so the
 * erratum still matches when the draft moves the definition (errata-carry.ts).
 */
import type { Diagnostic, SuggestedErratum, TextFix } from '../common/diagnostics.ts';

export interface SuggestionContext {
  /** The extracted text the edits' positions are in, as lines. */
  extractedLines: readonly string[];
  /** Where extracted line `line` is: a draft line (file = the draft) or an included file's line. */
  at: (line: number) => { file: string; line: number } | null;
  /** The draft as `at` names it. */
  draftFile: string;
  draftLines: readonly string[];
  draft: { name: string; version: string };
  /** A file the draft includes, as `at` names it: its name as the include spells it, and its lines. */
  included?: (file: string) => { name: string; lines: readonly string[] } | undefined;
}

const FENCE = /^\s{0,3}(~~~|```)/;

export function suggestErratum(fix: TextFix, ctx: SuggestionContext): SuggestedErratum | undefined {
  const edits: Array<{ line: number; col: number; length: number; text: string }> = [];
  // The file the edits are in: the draft, or one file it includes (an erratum corrects one file).
  let target: { file?: string; lines: readonly string[] } | undefined;
  for (const e of fix.edits) {
    const extracted = ctx.extractedLines[e.line - 1];
    const to = ctx.at(e.line);
    if (extracted === undefined || !to) return undefined;
    const here = to.file === ctx.draftFile ? { lines: ctx.draftLines } : ctx.included?.(to.file);
    if (!here) return undefined;
    const name = 'name' in here ? here.name : undefined;
    if (target && target.file !== name) return undefined;
    target = name === undefined ? { lines: here.lines } : { file: name, lines: here.lines };
    const draftLine = here.lines[to.line - 1];
    // The extractor only takes a definition's common indentation off (and trailing blanks): any
    // other difference means an erratum or the extraction changed the line, and no edit of the
    // draft's own text can be derived from it.
    if (draftLine === undefined || draftLine.trim() !== extracted.trim()) return undefined;
    const shift = draftLine.length - draftLine.trimStart().length - (extracted.length - extracted.trimStart().length);
    if (e.col === 1 && e.length === 0) edits.push({ line: to.line, col: 1, length: 0, text: `${' '.repeat(Math.max(0, shift))}${e.text}` });
    else edits.push({ line: to.line, col: e.col + shift, length: e.length, text: e.text });
  }
  if (edits.length === 0 || !target) return undefined;
  const lines = target.lines;
  // A line inserted before line L: the erratum's original starts at the line above, so it is not
  // empty. (Reduces, not Math.min(...): an enum of a hostile draft can have more edits than a call takes arguments.)
  let first = Math.max(
    1,
    edits.reduce((m, e) => Math.min(m, e.col === 1 && e.length === 0 ? e.line - 1 : e.line), Infinity),
  );
  const last = edits.reduce((m, e) => Math.max(m, e.line), 0);
  // Lines of punctuation only (a select's `}`) occur all over a draft: the erratum starts at the
  // line above, so its original says which one it means, here and in the next version.
  while (first > 1 && !/\w/.test(lines.slice(first - 1, last).join('')) && !FENCE.test(lines[first - 2] ?? '```')) first--;
  const original = lines.slice(first - 1, last);
  const replacement = [...original];
  // Right to left, so earlier columns stay valid.
  for (const e of [...edits].sort((a, b) => b.line - a.line || b.col - a.col)) {
    const k = e.line - first;
    const text = replacement[k] ?? '';
    replacement[k] = text.slice(0, e.col - 1) + e.text + text.slice(e.col - 1 + e.length);
  }
  // Whole lines end with their line break, unless the next line closes the fence (or there is none).
  const next = lines[last];
  const nl = next !== undefined && !FENCE.test(next) && next.trim() !== '' ? '\n' : '';
  return {
    id: fix.id,
    draft: ctx.draft.name,
    version: ctx.draft.version,
    line: first,
    original: `${original.join('\n')}${nl}`,
    replacement: `${replacement.join('\n')}${nl}`,
    reason: fix.reason,
    ...(target.file === undefined ? {} : { file: target.file }),
  };
}

/**
 * `d` placed in the draft by `place`, its fix (in the parsed text's lines, which placing makes
 * meaningless) turned into the erratum that makes it in the draft, when one can be derived.
 */
export function placeWithSuggestion(d: Diagnostic, place: (d: Diagnostic) => Diagnostic, ctx: SuggestionContext | null): Diagnostic {
  const { fix, ...rest } = d;
  const placed = place(rest);
  const suggested = fix && ctx ? suggestErratum(fix, ctx) : undefined;
  return suggested ? { ...placed, suggestedErratum: suggested } : placed;
}
