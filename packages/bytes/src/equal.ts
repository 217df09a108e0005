/**
 * Whether two byte strings hold the same bytes. Not constant-time: no caller compares secrets
 * (identities, hashes of public content, message IDs are all public).
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
