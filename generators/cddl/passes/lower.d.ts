/**
 * Pass: CDDL rules → codec shapes (shape.ts). Rules are first merged (`/=` and `//=` additions,
 * identical repeats), references to value rules (`single = 1`) and to integer enumerations are
 * inlined so that choices such as `baseDispos / $extDispos / unknownDispos` become one integer with
 * allowed ranges, and keyless references to group rules are expanded in place.
 *
 * Bad input is a located diagnostic, never a throw: rules defined through themselves with no
 * container (rule-cycles.ts) are reported and not lowered; integers are handled as exact bigints,
 * and ranges, `.size` and literals a CBOR codec cannot represent are errors (int-bounds.ts); and
 * the recursion over nested types and inlined rules stops at MAX_LOWERING_DEPTH.
 */
import { type Diagnostic } from '../../common/diagnostics.ts';
import type { CddlSpec, TypeRule, Value } from '../ir.ts';
import type { Shape } from '../shape.ts';
export interface LoweredRule {
    name: string;
    rule: TypeRule;
    shape: Shape;
    /** Names of an integer enumeration's members (`&( unspecified: 0, … )`), for a const object. */
    enumMembers?: Array<{
        name: string;
        value: number;
    }>;
    /** Set for value rules (`single = 1`). */
    literal?: Value;
}
export interface LoweredSpec {
    name: string;
    rules: LoweredRule[];
    diagnostics: Diagnostic[];
}
export declare function lowerSpec(spec: CddlSpec): LoweredSpec;
//# sourceMappingURL=lower.d.ts.map