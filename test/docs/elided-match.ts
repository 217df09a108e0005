/**
 * Compares a command's output with an output block the docs show verbatim, where a line that is
 * only `…` stands for any number of omitted lines (none included). The segments between such lines
 * must appear in order; the first is anchored at the start and the last at the end unless the block
 * begins or ends with `…`.
 */

export const ELISION = '…';

export interface ElidedMatch {
  ok: boolean;
  /**
   * The actual output with the omitted runs replaced by `…` lines, as far as the segments matched;
   * from the first segment that did not match on, the actual lines unchanged. Diffing this against
   * the expected text shows where they part.
   */
  projected: string;
}

export function matchElided(expected: string, actual: string): ElidedMatch {
  const want = splitLines(expected);
  const have = splitLines(actual);
  const segments: string[][] = [[]];
  for (const line of want) {
    if (line.trim() === ELISION) segments.push([]);
    else segments.at(-1)!.push(line);
  }
  const projected: string[] = [];
  let at = 0;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s]!;
    const first = s === 0;
    const last = s === segments.length - 1;
    let found: number;
    if (first) found = startsAt(have, segment, 0) ? 0 : -1;
    else if (last) found = have.length - segment.length >= at && startsAt(have, segment, have.length - segment.length) ? have.length - segment.length : -1;
    else found = indexOf(have, segment, at);
    if (found < 0) {
      if (!first) projected.push(ELISION);
      projected.push(...have.slice(at));
      return { ok: false, projected: joinLines(projected) };
    }
    if (!first) projected.push(ELISION);
    projected.push(...segment);
    at = found + segment.length;
  }
  const ok = at === have.length;
  if (!ok) projected.push(...have.slice(at));
  return { ok, projected: joinLines(projected) };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function joinLines(lines: readonly string[]): string {
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function startsAt(have: readonly string[], segment: readonly string[], at: number): boolean {
  if (at < 0 || at + segment.length > have.length) return false;
  return segment.every((line, i) => have[at + i] === line);
}

function indexOf(have: readonly string[], segment: readonly string[], from: number): number {
  for (let at = from; at + segment.length <= have.length; at++) if (startsAt(have, segment, at)) return at;
  return -1;
}
