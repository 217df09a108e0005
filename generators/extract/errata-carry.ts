/**
 * Errata follow a draft to its next version: each erratum whose original text still appears in the
 * new version is re-anchored (its version, and its line where that text now starts) and carried;
 * one whose original is gone is no longer needed when the new version reads as the erratum
 * corrected it, and no longer matching otherwise.
 *
 * Minimal version written for `mimi spec update`; the errata engineer's version of this file (same
 * API) replaces it on merge.
 */
import type { Erratum } from './errata.ts';

export interface ErrataCarry {
  carried: Erratum[];
  noLongerNeeded: Array<{ erratum: Erratum; reason: string }>;
  noLongerMatching: Array<{ erratum: Erratum; reason: string }>;
}

/** The 1-based line of every start of `needle` in `text`. */
function occurrenceLines(text: string, needle: string): number[] {
  const out: number[] = [];
  let line = 1;
  let scanned = 0;
  for (let k = text.indexOf(needle); k >= 0; k = text.indexOf(needle, k + 1)) {
    for (; scanned < k; scanned++) if (text.charCodeAt(scanned) === 10) line++;
    out.push(line);
  }
  return out;
}

export function carryErrata(
  previous: readonly Erratum[],
  next: { draftText: string; version: string; readFile?: (name: string) => string | undefined },
): ErrataCarry {
  const result: ErrataCarry = { carried: [], noLongerNeeded: [], noLongerMatching: [] };
  const textOf = (e: Erratum): string | undefined => (e.file === undefined ? next.draftText : next.readFile?.(e.file));
  const found = previous.map((e) => {
    const text = textOf(e);
    return { e, text, lines: text === undefined || e.original === '' ? [] : occurrenceLines(text, e.original) };
  });
  // An original found more than once is placed by the shift of the nearest erratum found once in
  // the same text: text moves by blocks between versions, and errata sit close to each other.
  const shifts = found.filter((f) => f.lines.length === 1).map((f) => ({ file: f.e.file, line: f.e.line, shift: f.lines[0]! - f.e.line }));
  const shiftNear = (e: Erratum): number => {
    let best: { d: number; shift: number } | undefined;
    for (const s of shifts) {
      if (s.file !== e.file) continue;
      const d = Math.abs(s.line - e.line);
      if (!best || d < best.d) best = { d, shift: s.shift };
    }
    return best?.shift ?? 0;
  };
  for (const { e, text, lines } of found) {
    if (text === undefined) {
      result.noLongerMatching.push({ erratum: e, reason: `the new version does not ship ${e.file}` });
      continue;
    }
    if (e.original === '') {
      result.noLongerMatching.push({ erratum: e, reason: 'an insertion has no original text to find in the new version: re-anchor it by hand' });
      continue;
    }
    if (lines.length === 0) {
      if (e.replacement !== '' && text.includes(e.replacement))
        result.noLongerNeeded.push({ erratum: e, reason: 'the new version reads as the erratum corrected it' });
      else result.noLongerMatching.push({ erratum: e, reason: 'its original text is not in the new version, nor its correction' });
      continue;
    }
    const expected = e.line + shiftNear(e);
    const line = lines.reduce((a, b) => (Math.abs(b - expected) < Math.abs(a - expected) ? b : a));
    result.carried.push({ ...e, version: next.version, line });
  }
  return result;
}

/** An errata file as spec/errata holds them: the JSON array, two-space indented, ending in a newline. */
export function formatErrataFile(errata: readonly Erratum[]): string {
  return `${JSON.stringify(errata, null, 2)}\n`;
}
