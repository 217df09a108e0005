import { resolveLimits, type CodecLimits } from '@mimikit/bytes';

/**
 * Resource limits for decoding untrusted TLS-PL input: the shared vocabulary of @mimikit/bytes
 * CodecLimits (maxDepth counts nested struct values, i.e. recursion through optional/vector/select).
 */
export type DecodeLimits = CodecLimits;

/**
 * The defaults. The allocation budget charges objects, arrays, byte-string views and bigints;
 * numbers in vectors are not charged (at most ~12 heap bytes per input byte), so with
 * allocationPerInputByte 20 the worst input holds at most ~32 heap bytes per input byte.
 */
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
