import type { CddlSpec, GroupEntry, Provenance, Type } from '../cddl/ir.ts';
export declare const DECODE_OPTIONS: {
    readonly boxed: true;
    readonly preferMap: true;
    readonly ignoreGlobalTags: true;
};
/**
 * One step of the path into the data item: an array index (a number), or a map key in CBOR
 * diagnostic notation (a string such as `"name"` or `1`), with the CDDL member name if any.
 */
export interface PathStep {
    at: number | string;
    label?: string;
}
export interface Mismatch {
    path: PathStep[];
    /** What the CDDL wanted there (alternatives), and what the data has. */
    expected: string[];
    found: string;
    /** Set when the item has the right type but breaks a constraint (size, range, value). */
    detail?: string;
    /** The CDDL construct that did not match. */
    at?: Provenance;
}
/**
 * `/6/4 (nestedPart.contentType)`: the index path (map keys in their CBOR diagnostic form), then
 * the member names where the CDDL has them.
 */
export declare function formatPath(path: readonly PathStep[]): string;
export declare function formatMismatch(m: Mismatch): string;
/** Thrown for CDDL the validator cannot check (an unsupported control, an undefined name). */
export declare class CddlUnsupported extends Error {
    readonly at?: Provenance | undefined;
    constructor(message: string, at?: Provenance | undefined);
}
export declare class CddlValidator {
    private readonly types;
    private readonly groups;
    private depth;
    constructor(specs: readonly CddlSpec[]);
    has(name: string): boolean;
    /** Null when `value` matches the type rule `ruleName`, else where and why it does not. */
    validate(value: unknown, ruleName: string): Mismatch | null;
    /** Whether `value` matches a type (unsupported CDDL counts as no match). */
    matchesType(t: Type, value: unknown): boolean;
    /**
     * The leading plain members of a rule `name = [ … ]` (first group choice, up to the first entry
     * that is not a member), or null when the rule is not an array.
     */
    topLevelMembers(ruleName: string): Array<Extract<GroupEntry, {
        kind: 'member';
    }>> | null;
    private type;
    private type1;
    private miss;
    private type2;
    private type2Inner;
    private bind;
    private major;
    private enumeration;
    private range;
    /** The literal a range bound or control argument stands for (a value, or a name for one). */
    private literal;
    private control;
    /** A keyless member that names a group rule (the parser leaves those as members). */
    private groupRefName;
    /** `~name` as a group entry: the group inside the array or map rule `name`. */
    private unwrapped;
    /** `[* T]`, `[2* T]`: one member, repeated; matched in a loop rather than by backtracking. */
    private homogeneous;
    private list;
    private seq;
    private entries;
    /** Matches `e` between min and max times (greedy, backtracking), then continues with k. */
    private repeat;
    private once;
    private mapGroup;
    /** Matches a map group's entries; value mismatches under keys without cut go to `soft`. */
    private mapEntries;
    private mapSubgroup;
    private keyMatches;
}
//# sourceMappingURL=cddl-validate.d.ts.map