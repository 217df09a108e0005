/** Bounds for decoding untrusted content. NestedPart is recursive, so depth matters. */
export interface ContentLimits {
  /** Maximum nesting of arrays, maps and tags. */
  maxDepth: number;
  /** Maximum input size in bytes. */
  maxInputBytes: number;
}

export const DEFAULT_CONTENT_LIMITS: Readonly<ContentLimits> = Object.freeze({
  maxDepth: 32,
  maxInputBytes: 16 * 1024 * 1024,
});
