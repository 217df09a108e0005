/**
 * What integer bounds mean on the wire, for the checks of ranges and `.size` in lint.ts and for
 * lowering: CBOR integers (major types 0 and 1) go from -2^64 to 2^64-1, so a range bound outside
 * that cannot be met by any `int`, and `uint .size n` is only meaningful up to 8 bytes. Values are
 * compared as exact bigints: integer literals beyond 2^53 would be rounded as JS numbers.
 */
import type { Value } from '../ir.ts';
export declare const CBOR_INT_MIN: bigint;
export declare const CBOR_INT_MAX: bigint;
/** The widest integer `.size` applies to: 8 bytes (a uint64). */
export declare const MAX_INT_SIZE = 8;
/** The exact value of an integer literal (the parser keeps the digits of those beyond 2^53). */
export declare function exactInt(v: Extract<Value, {
    kind: 'int';
}>): bigint;
/** Why `min..max` (or `min...max`) is not a usable range of CBOR integers, or null when it is. */
export declare function rangeProblem(min: bigint, max: bigint, inclusive: boolean): {
    message: string;
    hint: string;
} | null;
/** Why `.size n` on an integer type is wrong, or null. */
export declare function intSizeProblem(n: bigint): string | null;
/** Why `.size` with these byte counts on a string or encoded item is wrong, or null. */
export declare function lengthSizeProblem(min: bigint, max: bigint): string | null;
//# sourceMappingURL=int-bounds.d.ts.map