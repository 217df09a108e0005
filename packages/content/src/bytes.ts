/**
 * Small byte helpers shared by the content modules. Decoding UTF-8 is not here: text from a
 * message goes through @mimikit/bytes decodeUtf8OrNull (exact: a leading U+FEFF is kept,
 * malformed UTF-8 is null, never U+FFFD).
 */

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
