/**
 * The rule catalogue (rules.json) as typed data: every rule a differ may report, with its category,
 * its level (per direction where that matters), a description and its fixture pair.
 * `mimi spec checks` prints it; finalize.ts looks rules up in it.
 */
import catalogue from './rules.json' with { type: 'json' };
export const RULES = catalogue.rules;
const BY_ID = new Map(RULES.map((r) => [r.id, r]));
export function ruleById(id) {
    return BY_ID.get(id);
}
/** The rule a differ's finding names. One the catalogue lacks is a bug in mimikit, not in the user's spec. */
export function findingRule(id) {
    const rule = BY_ID.get(id);
    if (!rule)
        throw new Error(`internal: finding for unknown rule ${id}`);
    return rule;
}
/** The rule's level for a direction: its per-direction level, else its default. */
export function levelOf(rule, direction) {
    return (direction && rule.levels?.[direction]) || rule.level;
}
//# sourceMappingURL=rules.js.map