/** Wire widths implied by declared maxima (RFC 8446 §3.4 and §3.5). */
export const UINT32_MAX = 2 ** 32 - 1;
/** Bytes of the length prefix of `T name<min..max>`: the fewest that can hold `max`. */
export function lengthPrefixWidth(max) {
    if (max <= 0xff)
        return 1;
    if (max <= 0xffff)
        return 2;
    if (max <= 0xffffff)
        return 3;
    return 4;
}
/**
 * Width of an enum declared with maximum `(max)`. `exact` is false when `max` is not one of the
 * conventional all-ones values, which usually means a typo (`(256)`, `(6535)`). Undefined when no
 * supported width can hold it.
 */
export function enumWidth(max) {
    if (max <= 0xff)
        return { width: 1, exact: max === 0xff };
    if (max <= 0xffff)
        return { width: 2, exact: max === 0xffff };
    if (max <= UINT32_MAX)
        return { width: 4, exact: max === UINT32_MAX };
    return undefined;
}
//# sourceMappingURL=numbers.js.map