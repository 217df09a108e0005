/**
 * The variable-length integer of RFC 9420 §2.1.2 (QUIC's varint, restricted to 30 bits), used for
 * every `<V>` vector length. Prefix 00 → 1 byte (6 bits), 01 → 2 bytes (14 bits),
 * 10 → 4 bytes (30 bits); prefix 11 is invalid, and the encoding must be minimal.
 */

export const VARINT_MAX = 0x3fffffff;

/** Number of bytes the minimal varint encoding of n takes. */
export function varintSize(n: number): 1 | 2 | 4 {
  return n < 0x40 ? 1 : n < 0x4000 ? 2 : 4;
}
