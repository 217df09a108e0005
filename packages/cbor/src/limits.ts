/**
 * Bounds for decoding untrusted content, and for encoding (maxDepth: the encoder refuses what the
 * decoder would refuse, so whatever mimikit encodes it can decode again). NestedPart is recursive,
 * so depth matters; a deterministic input of tiny items (empty byte strings, empty maps) would
 * otherwise cost far more heap than its size, hence the allocation budget.
 */
import { resolveLimits, type CodecLimits } from '@mimikit/bytes';

/**
 * The shared vocabulary of @mimikit/bytes CodecLimits: maxDepth counts nested arrays, maps and
 * tags, on decode and encode.
 */
export type ContentLimits = CodecLimits;

/**
 * The defaults. The allocation budget charges arrays, maps, byte-string views, strings, tags,
 * bigints and boxed floats; what is not charged (integers above 2^31 as boxed numbers) takes at
 * most ~5 heap bytes per input byte, so with allocationPerInputByte 24 the worst input holds at
 * most ~30 heap bytes per input byte (measured: test/limits). Higher than the TLS default of 20
 * because CBOR arrays announce their length, so their slots are charged too.
 */
export const DEFAULT_CONTENT_LIMITS: Readonly<ContentLimits> = Object.freeze({
  maxDepth: 32,
  maxInputBytes: 16 * 1024 * 1024,
  allocationPerInputByte: 24,
  allocationBase: 64 * 1024,
});

/** The limits to use given a caller's partial ones (an omitted or undefined limit keeps its default). */
export function contentLimits(given: Partial<ContentLimits> | undefined): Readonly<ContentLimits> {
  return resolveLimits(DEFAULT_CONTENT_LIMITS, given, 'ContentLimits');
}
