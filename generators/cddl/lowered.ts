/**
 * The lowered CDDL: what the lowering passes (passes/lower.ts) produce from a parsed CddlSpec and
 * the content emitter consumes: one codec shape (shape.ts) per type rule, plus the facts the
 * emitter prints besides the codec (an enumeration's member names, a value rule's literal).
 */
import type { GroupRule, TypeRule, Value } from './ir.ts';
import type { Diagnostic } from '../common/diagnostics.ts';
import type { Shape } from './shape.ts';

export interface LoweredRule {
  name: string;
  rule: TypeRule;
  shape: Shape;
  /** Names of an integer enumeration's members (`&( unspecified: 0, … )`), for a const object. */
  enumMembers?: Array<{ name: string; value: number }>;
  /** The `.feature` names the rule uses (RFC 9165 §3), shown in its doc comment. */
  features?: string[];
  /** Set for value rules (`single = 1`). */
  literal?: Value;
}

export interface LoweredSpec {
  name: string;
  rules: LoweredRule[];
  diagnostics: Diagnostic[];
}

/**
 * The state the lowering passes share, filled in pass by pass: the merged rule tables (merge-rules),
 * the rules defined through themselves (mark-recursive), then the lowered rules (lower-rules).
 */
export interface LoweringUnit {
  name: string;
  /** The spec's rules in source order, as parsed. */
  source: readonly (TypeRule | GroupRule)[];
  /** Type rules by name, `/=` additions and identical repeats merged. */
  types: Map<string, TypeRule>;
  /** Group rules by name, `//=` additions and identical repeats merged. */
  groups: Map<string, GroupRule>;
  /** Rules defined through themselves with no container between: reported, never lowered. */
  recursive: Set<string>;
  rules: LoweredRule[];
  diagnostics: Diagnostic[];
}
