/**
 * The one UTF-8 decoder for bytes that came from outside. WHATWG's TextDecoder strips a leading
 * U+FEFF (byte order mark) unless `ignoreBOM` is set, so `efbbbf 78` and `78` would both decode to
 * "x": two different wire values collapsing into one string (lost map keys, an empty string past a
 * size check, a BOM-prefixed URI taken for the canonical one). Here the BOM is kept as a character,
 * and malformed UTF-8 is an error, never replaced by U+FFFD.
 */
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** The UTF-8 bytes of `text` (a lone surrogate becomes U+FFFD: check isWellFormed() where that matters). */
export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * Decodes UTF-8 exactly: every byte sequence maps to one string and back. Throws a TypeError for
 * malformed input; callers turn it into their layer's typed error with a location.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return strict.decode(bytes);
}

/** The same, answering null instead of throwing for malformed input. */
export function decodeUtf8OrNull(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}
