/**
 * The CDDL lowering: a parsed spec → codec shapes (shape.ts) for the content emitter, as a chain of
 * named passes over a LoweringUnit (lowered.ts), like the TLS compiler (../../tls/compile.ts):
 *
 * 1. merge-rules: `/=` and `//=` additions and identical repeats merged into one table per kind;
 * 2. mark-recursive: rules defined through themselves with no container are reported, not lowered;
 * 3. lower-rules: each type rule → its shape (../lower/: value and integer rules inlined, keyless
 *    group references expanded, integer choices merged into ranges, controls applied);
 * 4. drop-dangling: rules whose codec would need one a refused rule does not have are refused too.
 *
 * Bad input is a located diagnostic, never a throw: integers are exact bigints, ranges, `.size`
 * and literals a CBOR codec cannot represent are errors (int-bounds.ts), and the recursion over
 * nested types and inlined rules stops at MAX_LOWERING_DEPTH (../lower/context.ts).
 */
import type { CddlSpec } from '../ir.ts';
import type { LoweredSpec, LoweringUnit } from '../lowered.ts';
import { dropDanglingRules } from './drop-dangling.ts';
import { lowerRules } from './lower-rules.ts';
import { markRecursiveRules } from './mark-recursive.ts';
import { mergeRules } from './merge-rules.ts';

export type { LoweredRule, LoweredSpec } from '../lowered.ts';

const LOWERING_PASSES = [mergeRules, markRecursiveRules, lowerRules, dropDanglingRules] as const;

export function lowerSpec(spec: CddlSpec): LoweredSpec {
  const unit: LoweringUnit = { name: spec.name, source: spec.rules, types: new Map(), groups: new Map(), recursive: new Set(), rules: [], diagnostics: [] };
  for (const pass of LOWERING_PASSES) pass(unit);
  return { name: unit.name, rules: unit.rules, diagnostics: unit.diagnostics };
}
