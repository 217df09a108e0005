/**
 * Cryptographically random bytes from Web Crypto's getRandomValues, which Node (>= 19 as the
 * global `crypto`) and browsers both provide synchronously; node:crypto would tie content to Node.
 */
export function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  // getRandomValues fills at most 65536 bytes per call; keys, nonces and salts are far smaller.
  globalThis.crypto.getRandomValues(out);
  return out;
}
