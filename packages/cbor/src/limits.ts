/**
 * Bounds for decoding untrusted content, and for encoding (maxDepth: the encoder refuses what the
 * decoder would refuse, so whatever mimikit encodes it can decode again). NestedPart is recursive,
 * so depth matters; a deterministic input of tiny items (empty byte strings, empty maps) would
 * otherwise cost far more heap than its size, hence the allocation budget.
 */
import { resolveLimits } from '@mimikit/bytes';

export interface ContentLimits {
  /** Maximum nesting of arrays, maps and tags (decoding and encoding). */
  maxDepth: number;
  /** Maximum input size in bytes. */
  maxInputBytes: number;
  /**
   * Estimated heap bytes the decoded value may take per input byte: arrays, maps, byte-string
   * views, strings, tags, bigints and boxed floats are charged what V8 spends on them
   * (@mimikit/bytes HEAP_COST), and the decode fails with `allocation-limit` past
   * `allocationBase + allocationPerInputByte × input length`. What is not charged (integers above
   * 2^31 as boxed numbers) takes at most ~5 heap bytes per input byte, so with the default of 24
   * the worst input holds at most ~30 heap bytes per input byte (measured: test/limits). Higher
   * than DecodeLimits' 20 because CBOR arrays announce their length, so their slots are charged
   * too. `Infinity` turns the budget off.
   */
  allocationPerInputByte: number;
  /** The part of the allocation budget every input gets, so that small inputs are never refused. */
  allocationBase: number;
}

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
