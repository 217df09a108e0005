/**
 * Lowering pass 2: rules defined through themselves with no container between (rule-cycles.ts)
 * are reported and marked, so that the lowering never follows them.
 */
import type { LoweringUnit } from '../lowered.ts';
import { findRuleCycles } from './rule-cycles.ts';

export function markRecursiveRules(unit: LoweringUnit): void {
  for (const c of findRuleCycles([...unit.source])) {
    unit.recursive.add(c.name);
    unit.diagnostics.push(c.diagnostic);
  }
}
