/**
 * Rules defined through themselves with no array, map or tag in between: `a = a`, `a = b` with
 * `b = a`, `a = int / a`, `g = (x: int, g)`. Such a rule has no finite value of its own (each
 * level adds no data item), and a tool that follows it, as the content generator's lowering does,
 * recurses for ever. Recursion through a container (`tree = [* tree]`, `t = #6.1(t)`) is fine: each
 * level is a data item, which decoders count against their depth limit.
 *
 * The check builds the graph of such "unguarded" references between rule names and reports every
 * rule of each strongly connected component that has a cycle (`recursive-rule`, an error at the
 * rule's first definition). Iterative throughout, so a chain of thousands of rules cannot overflow
 * the stack of the check itself.
 */
import { type Diagnostic } from '../../common/diagnostics.ts';
import type { Rule } from '../ir.ts';
/** A rule in a cycle without a container, and the error that says so. */
export interface RuleCycle {
    name: string;
    diagnostic: Diagnostic;
}
export declare function findRuleCycles(rules: readonly Rule[]): RuleCycle[];
//# sourceMappingURL=rule-cycles.d.ts.map