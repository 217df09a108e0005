/**
 * What integer bounds mean on the wire, for the checks of ranges and `.size` in lint.ts and for
 * lowering: CBOR integers (major types 0 and 1) go from -2^64 to 2^64-1, so a range bound outside
 * that cannot be met by any `int`, and `uint .size n` is only meaningful up to 8 bytes. Values are
 * compared as exact bigints: integer literals beyond 2^53 would be rounded as JS numbers.
 */
import type { Value } from '../ir.ts';

export const CBOR_INT_MIN = -(2n ** 64n);
export const CBOR_INT_MAX = 2n ** 64n - 1n;
/** The widest integer `.size` applies to: 8 bytes (a uint64). */
export const MAX_INT_SIZE = 8;

/** The exact value of an integer literal (the parser keeps the digits of those beyond 2^53). */
export function exactInt(v: Extract<Value, { kind: 'int' }>): bigint {
  return v.big !== undefined ? BigInt(v.big) : BigInt(v.value);
}

/** Why `min..max` (or `min...max`) is not a usable range of CBOR integers, or null when it is. */
export function rangeProblem(min: bigint, max: bigint, inclusive: boolean): { message: string; hint: string } | null {
  for (const [what, bound] of [
    ['lower', min],
    ['upper', max],
  ] as const) {
    if (bound < CBOR_INT_MIN || bound > CBOR_INT_MAX) {
      return {
        message: `its ${what} bound ${bound} is outside the CBOR integer range -18446744073709551616..18446744073709551615`,
        hint: 'integers beyond 64 bits are bignums (biguint, bignint), which a range does not describe',
      };
    }
  }
  const top = inclusive ? max : max - 1n;
  if (min > top) {
    return {
      message: `it is empty: ${min}${inclusive ? '..' : '...'}${max} holds no integer`,
      hint: "write the smaller bound first ('...' leaves out the upper bound)",
    };
  }
  return null;
}

/** Why `.size n` on an integer type is wrong, or null. */
export function intSizeProblem(n: bigint): string | null {
  if (n < 0n || n > BigInt(MAX_INT_SIZE)) return `.size ${n} on an integer: CBOR integers are 0 to ${MAX_INT_SIZE} bytes wide`;
  return null;
}

/** Why `.size` with these byte counts on a string or encoded item is wrong, or null. */
export function lengthSizeProblem(min: bigint, max: bigint): string | null {
  if (min < 0n) return `.size ${min}: a length cannot be negative`;
  if (max > BigInt(Number.MAX_SAFE_INTEGER)) return `.size ${max}: lengths beyond 2^53-1 cannot be represented exactly`;
  if (min > max) return `.size ${min}..${max} is empty`;
  return null;
}
