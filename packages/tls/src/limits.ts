/**
 * Resource limits for decoding untrusted input. A decoder never allocates more than the input
 * (every length is checked against the remaining bytes first), so the limits bound what the input
 * itself can make us do: how large it may be and how deep recursive types may nest.
 */
export interface DecodeLimits {
  /** Maximum nesting of struct values (recursion through optional/vector/select). */
  maxDepth: number;
  /** Maximum total input size in bytes. */
  maxInputBytes: number;
}

export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxDepth: 64,
  maxInputBytes: 64 * 1024 * 1024,
});
