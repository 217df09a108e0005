/**
 * The rule catalogue (rules.json) as typed data: every rule a differ may report, with its category,
 * its level (per direction where that matters), a description and its fixture pair.
 * `mimi spec checks` prints it; finalize.ts looks rules up in it.
 */
import catalogue from './rules.json' with { type: 'json' };
import type { Category, Direction, Domain, Level } from '../report/model.ts';

export interface Rule {
  id: string;
  domain: Domain;
  category: Category;
  /** Level when the direction is unknown or the rule has no `levels`. */
  level: Level;
  levels?: Partial<Record<Direction, Level>>;
  description: string;
  /** Folder holding `old.*` and `new.*`, on which the rule fires. */
  fixture: string;
}

export const RULES: readonly Rule[] = catalogue.rules as Rule[];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** The rule a differ's finding names. One the catalogue lacks is a bug in mimikit, not in the user's spec. */
export function findingRule(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`internal: finding for unknown rule ${id}`);
  return rule;
}

/** Whether a finding of this rule, in this direction, changes the wire (WIRE, above INFO). */
export function changesWire(ruleId: string, direction: Direction | undefined): boolean {
  const rule = findingRule(ruleId);
  return rule.category === 'WIRE' && levelOf(rule, direction) !== 'INFO';
}

/** The rule's level for a direction: its per-direction level, else its default. */
export function levelOf(rule: Rule, direction: Direction | undefined): Level {
  return (direction && rule.levels?.[direction]) || rule.level;
}
