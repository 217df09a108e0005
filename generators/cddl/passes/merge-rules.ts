/**
 * Lowering pass 1: the spec's rules into one table per kind. A `/=` or `//=` rule adds its
 * alternatives to the rule it extends; a rule written twice the same way (the drafts repeat shared
 * rules in several files) is one rule; written twice differently, it is a `duplicate-rule` error.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { GroupRule, Rule } from '../ir.ts';
import type { LoweringUnit } from '../lowered.ts';

export function mergeRules(unit: LoweringUnit): void {
  for (const rule of unit.source) merge(rule, unit);
}

function merge(rule: Rule, unit: LoweringUnit): void {
  const { types, groups, diagnostics } = unit;
  if (rule.kind === 'group') {
    const prior = groups.get(rule.name);
    if (!prior) groups.set(rule.name, rule);
    else if (rule.assign === '//=') groups.set(rule.name, { ...prior, group: { choices: [...prior.group.choices, ...rule.group.choices] } });
    else if (!sameGroup(prior, rule)) diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `group '${rule.name}' is defined twice`));
    return;
  }
  const prior = types.get(rule.name);
  if (!prior) types.set(rule.name, rule);
  else if (rule.assign === '/=') types.set(rule.name, { ...prior, type: { options: [...prior.type.options, ...rule.type.options] } });
  else if (JSON.stringify(strip(prior.type)) !== JSON.stringify(strip(rule.type))) {
    diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `'${rule.name}' is defined twice, differently`));
  }
}

function sameGroup(a: GroupRule, b: GroupRule): boolean {
  return JSON.stringify(strip(a.group)) === JSON.stringify(strip(b.group));
}

/** The IR without provenance, to compare definitions. */
function strip(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'provenance' ? undefined : v)));
}
