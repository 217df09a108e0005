/**
 * `.regexp` patterns (RFC 8610 §3.8.3: XSD regular expressions, matching the whole string) as
 * JavaScript RegExp sources, for both the content generator (lower/regexp.ts) and the example
 * validator (../lint/cddl-validate.ts), so that the two read a pattern the same way. XSD regexes
 * have no anchors and no backreferences or lookarounds; they are implicitly anchored, which the
 * source here makes explicit: `^(?:…)$`. The pattern must compile as a JS RegExp with the `u`
 * flag, so XSD-only syntax (character class subtraction `[a-z-[aeiou]]`, `\i` `\c` name classes)
 * is refused rather than read differently.
 */

/** XSD-only syntax: the name classes `\i` `\c` (and their negations), class subtraction `[a-z-[aeiou]]`. */
const XSD_ONLY = /\\[iIcC]|\[[^\]]*-\[/;

/** The anchored JS source (for the `u` flag) of an XSD pattern, or why there is none (a sentence's tail after the pattern). */
export function xsdRegexpSource(pattern: string): { source: string } | { problem: string } {
  if (XSD_ONLY.test(pattern)) return { problem: ': XSD name classes (\\i, \\c) and class subtraction have no JavaScript equivalent' };
  const compiles = (source: string): string | null => {
    try {
      new RegExp(source, 'u');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const source = `^(?:${pattern})$`;
  const problem = compiles(source);
  if (problem === null) return { source };
  const unescaped = withoutNeedlessEscapes(source);
  if (compiles(unescaped) === null) return { source: unescaped };
  return { problem: ` is not a pattern JavaScript can run: ${problem}` };
}

/** Characters that mean something when escaped, or are syntax, everywhere in a JS pattern. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

/**
 * Authors escape punctuation that needs no escape (`\:`, `\_`, and `\-` outside a character
 * class); with the `u` flag JavaScript refuses those, so they are read as the character itself
 * (what every regex dialect means). Letters and digits keep their escapes (`\d`, `\1`), and so
 * does `\-` inside a class, where it stops a range.
 */
function withoutNeedlessEscapes(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length) {
      const next = source[i + 1]!;
      const needless = !/[A-Za-z0-9\s]/.test(next) && !SYNTAX.has(next) && !(inClass && next === '-');
      out += needless ? next : c + next;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}
