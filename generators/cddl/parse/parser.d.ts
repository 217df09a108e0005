/**
 * CDDL parser (RFC 8610 Appendix B grammar, RFC 9682 string escapes): .cddl text → CddlSpec IR
 * plus diagnostics.
 *
 * It only builds syntax: names (prelude types, sockets, rules of other files) are not resolved, and
 * a keyless group entry that names something (`( NullPart // SinglePart )`, `[* PerMessageStatus]`)
 * stays a `member` without key — a later pass turns it into a `groupRef` when the name is a group.
 *
 * Decisions the grammar leaves to the parser:
 * - `name = ( … )` is a group rule when the parentheses hold a member key, a comma, an occurrence
 *   indicator or `//` at their top level, and a parenthesised type otherwise; the same test tells an
 *   inline group entry `( … )` from a parenthesised type inside a group.
 * - Rules have no terminator: a rule ends where its type or group cannot continue, which is where
 *   the next `name =`, `name /=`, `name //=` (or `name<params> =`) begins.
 * - `min..max` is a range, not one name (RFC 8610 names may contain dots).
 * - Occurrence bounds are read as RFC 8610 writes them: `2*` and `*5` (no blank between `*` and the
 *   maximum), so `* 3 => int` is any number of entries keyed 3.
 *
 * Error handling mirrors the TLS-PL parser: never throws, reports every error of the file in one
 * run. A broken group entry is abandoned up to the next `,`, `//` or closing bracket; a missing
 * closing bracket abandons the rule; a broken rule is skipped up to the next line that starts a rule.
 * A rule with any error is left out of the IR.
 */
import { type Diagnostic } from '../../common/diagnostics.ts';
import { type CddlSpec } from '../ir.ts';
/**
 * How deeply brackets may nest: `( )`, `[ ]`, `{ }`, `&( )`, `#6.n( )` and generic arguments
 * `< >` each open one level. The drafts nest at most 3 levels; 32 is ten times that (and the depth
 * the content codecs decode by default), and far below what would overflow the call stack of the
 * parser or of the lint, lowering and emit passes that recurse over the IR. Deeper input is a
 * `nesting-too-deep` error at the bracket that goes too deep.
 */
export declare const CDDL_MAX_NESTING = 32;
export interface ParseCddlOptions {
    /** Default CDDL_MAX_NESTING. */
    maxNesting?: number;
}
export declare function parseCddl(text: string, file: string, specName?: string, options?: ParseCddlOptions): {
    spec: CddlSpec;
    diagnostics: Diagnostic[];
};
//# sourceMappingURL=parser.d.ts.map