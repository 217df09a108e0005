/**
 * `.regexp` patterns (RFC 8610 §3.8.3: XSD regular expressions, matching the whole string) as
 * JavaScript RegExp sources. XSD regexes have no anchors and no backreferences or lookarounds;
 * they are implicitly anchored, which the source here makes explicit: `^(?:…)$`. The pattern must
 * compile as a JS RegExp with the `u` flag, so XSD-only syntax (character class subtraction
 * `[a-z-[aeiou]]`, `\i` `\c` name classes) is refused with the pattern's location rather than
 * read differently. Matching cost: generated code refuses text longer than REGEXP_MAX_INPUT
 * before running a pattern (docs/content.md), which bounds what a backtracking pattern can cost.
 */
import type { Provenance, Value } from '../ir.ts';
import { fail } from './context.ts';

/** XSD-only syntax: the name classes `\i` `\c` (and their negations), class subtraction `[a-z-[aeiou]]`. */
const XSD_ONLY = /\\[iIcC]|\[[^\]]*-\[/;

export function regexpSource(v: Value, at: Provenance): string {
  if (v.kind !== 'text') return fail(at, '.regexp takes a text string');
  if (XSD_ONLY.test(v.value))
    return fail(at, `.regexp ${JSON.stringify(v.value)}: XSD name classes (\\i, \\c) and class subtraction have no JavaScript equivalent`);
  const compiles = (source: string): string | null => {
    try {
      new RegExp(source, 'u');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  };
  const source = `^(?:${v.value})$`;
  const problem = compiles(source);
  if (problem === null) return source;
  // Authors escape punctuation that needs no escape (`\:`, `\_`); with the `u` flag JavaScript
  // refuses those, so they are read as the character itself (what every regex dialect means).
  const unescaped = source.replace(/\\([^A-Za-z0-9\s^$\\.*+?()[\]{}|/-])/g, '$1');
  if (compiles(unescaped) === null) return unescaped;
  return fail(at, `.regexp ${JSON.stringify(v.value)} is not a pattern JavaScript can run: ${problem}`);
}
