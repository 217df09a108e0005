/**
 * Checks over parsed CDDL specs that the grammar cannot make: names that are used but defined
 * nowhere, rules defined twice, keys repeated in one map (or labels in one array), repeated names
 * or values in an enumeration, and rules nothing uses.
 *
 * The specs are linted together (a draft's CDDL is often split over several files that use each
 * other's rules). Codes:
 * - `undefined-rule` (error): a reference to a name that is neither defined, nor in the RFC 8610
 *   prelude, nor a socket (`$name`, `$$name`: undefined sockets are extension points).
 * - `duplicate-rule` (error): a name defined twice with `=`, differently.
 * - `repeated-rule` (warning): a name defined twice with `=`, identically (same IR minus provenance
 *   and text), as drafts do when each file repeats a shared definition.
 * - `duplicate-key` (error): two members of one group choice with the same bareword or value key
 *   (in a map, `name:` and `"name":` are the same key; in an array the bareword labels must differ),
 *   or two members of an enumeration `&( … )` with the same name or the same value.
 * - `unused-rule` (warning): a rule no other rule uses; the first rule of each file is its root and
 *   counts as used. Sockets are never unused.
 * - `recursive-rule` (error): a rule defined through itself with no array, map or tag in between
 *   (`a = a`, `a = b` / `b = a`), which has no finite value (passes/rule-cycles.ts).
 * - `invalid-range` (error): an integer range that is empty (`5..1`, `1...1`) or has a bound outside
 *   the CBOR integers, -2^64..2^64-1 (`0..18446744073709551616`); bounds that are value rules count.
 * - `invalid-size` (error): `.size` beyond 8 bytes on `uint`, or a negative or empty length.
 */
import { type Diagnostic } from '../common/diagnostics.ts';
import type { CddlSpec } from './ir.ts';
export declare function lintCddl(specs: CddlSpec[]): Diagnostic[];
/** The closest known name, if it is close enough to be a likely typo. */
export declare function didYouMean(name: string, candidates: Iterable<string>): string | undefined;
//# sourceMappingURL=lint.d.ts.map