/** Wire widths implied by declared maxima (RFC 8446 §3.4 and §3.5). */
export declare const UINT32_MAX: number;
/** Bytes of the length prefix of `T name<min..max>`: the fewest that can hold `max`. */
export declare function lengthPrefixWidth(max: number): 1 | 2 | 3 | 4;
/**
 * Width of an enum declared with maximum `(max)`. `exact` is false when `max` is not one of the
 * conventional all-ones values, which usually means a typo (`(256)`, `(6535)`). Undefined when no
 * supported width can hold it.
 */
export declare function enumWidth(max: number): {
    width: 1 | 2 | 4;
    exact: boolean;
} | undefined;
//# sourceMappingURL=numbers.d.ts.map