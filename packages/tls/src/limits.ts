import { resolveLimits } from '@mimikit/bytes';

/**
 * Resource limits for decoding untrusted input. Every length is checked against the remaining
 * input first, so no length field can make the decoder read or loop beyond the input; the limits
 * bound what the input itself can make us do: how large it may be, how deep recursive types may
 * nest, and how much heap the decoded value may take (an input of tiny elements, such as a
 * vector of empty certificates, would otherwise cost ~160 heap bytes per input byte).
 */
export interface DecodeLimits {
  /** Maximum nesting of struct values (recursion through optional/vector/select). */
  maxDepth: number;
  /** Maximum total input size in bytes. */
  maxInputBytes: number;
  /**
   * Estimated heap bytes the decoded value may take per input byte: objects, arrays, byte-string
   * views and bigints are charged what V8 spends on them (@mimikit/bytes HEAP_COST) and the decode
   * fails with `allocation-limit` past `allocationBase + allocationPerInputByte × input length`.
   * Numbers in vectors are not charged (at most ~12 heap bytes per input byte), so with the
   * default of 20 the worst input holds at most ~32 heap bytes per input byte. `Infinity` turns
   * the budget off.
   */
  allocationPerInputByte: number;
  /** The part of the allocation budget every input gets, so that small inputs are never refused. */
  allocationBase: number;
}

export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  maxDepth: 64,
  maxInputBytes: 64 * 1024 * 1024,
  allocationPerInputByte: 20,
  allocationBase: 64 * 1024,
});

/** The limits to use given a caller's partial ones (an omitted or undefined limit keeps its default). */
export function decodeLimits(given: Partial<DecodeLimits> | undefined): Readonly<DecodeLimits> {
  return resolveLimits(DEFAULT_LIMITS, given, 'DecodeLimits');
}
