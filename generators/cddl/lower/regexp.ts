/**
 * `.regexp` patterns as JavaScript RegExp sources (../xsd-regexp.ts, shared with the example
 * validator), or a located error. Matching cost: generated code refuses text longer than
 * REGEXP_MAX_INPUT before running a pattern (docs/content.md), which bounds what a backtracking
 * pattern can cost.
 */
import type { Provenance, Value } from '../ir.ts';
import { xsdRegexpSource } from '../xsd-regexp.ts';
import { fail } from './context.ts';

export function regexpSource(v: Value, at: Provenance): string {
  if (v.kind !== 'text') return fail(at, '.regexp takes a text string');
  const r = xsdRegexpSource(v.value);
  return 'source' in r ? r.source : fail(at, `.regexp ${JSON.stringify(v.value)}${r.problem}`);
}
