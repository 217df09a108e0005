/**
 * The own properties of Object.prototype (fixed here rather than read from the running engine,
 * so the rule, and the generated output, do not depend on the Node.js version).
 */
export declare const OBJECT_PROTOTYPE_NAMES: readonly string[];
export type NameUse = 'declaration' | 'property';
export interface NameProblem {
    /** `invalid-identifier` (syntax) or `reserved-name`. */
    code: 'invalid-identifier' | 'reserved-name';
    message: string;
}
export declare function isIdentifierName(name: string): boolean;
/**
 * Why `name` cannot be used as `use` in generated code, or null when it can. `taken` holds the
 * names the emitting module declares or refers to itself (declarations only).
 */
export declare function nameProblem(name: string, use: NameUse, taken?: ReadonlySet<string>): NameProblem | null;
/** For emitters: refuses what the passes would have reported (IR that skipped them). */
export declare function assertName(name: string, use: NameUse, taken?: ReadonlySet<string>): string;
/** An object-literal or type-literal key: the name itself when it is an identifier, else quoted. */
export declare function propertyKey(name: string): string;
/** `obj.name`, or `obj["name"]` when the name is not an identifier. */
export declare function propertyAccess(obj: string, name: string): string;
/** `obj?.name`, or `obj?.["name"]`. */
export declare function optionalAccess(obj: string, name: string): string;
/** A property key written as a string literal (`"mls10": 1`), for tables keyed by spec names. */
export declare function quotedPropertyKey(name: string): string;
//# sourceMappingURL=generated-names.d.ts.map