import type { Category, Direction, Domain, Level } from './model.ts';
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
export declare const RULES: readonly Rule[];
export declare function ruleById(id: string): Rule | undefined;
/** The rule a differ's finding names. One the catalogue lacks is a bug in mimikit, not in the user's spec. */
export declare function findingRule(id: string): Rule;
/** The rule's level for a direction: its per-direction level, else its default. */
export declare function levelOf(rule: Rule, direction: Direction | undefined): Level;
//# sourceMappingURL=rules.d.ts.map