/**
 * The IANA "Named Information Hash Algorithm" registry
 * (https://www.iana.org/assignments/named-information/named-information.xhtml#hash-alg), which the
 * draft uses twice: the first octet of a message ID (§3.3) and ExternalPart `hashAlg` (§4.5).
 * Only the untruncated algorithms are mapped: a message ID keeps 31 octets of the output, and a
 * truncated sha-256-N could not fill them.
 *
 * The hashes are @noble/hashes (audited, pure JavaScript, synchronous) rather than node:crypto, so
 * that message IDs can be computed in a browser too, where Web Crypto's digest is asynchronous.
 */
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { sha3_256, sha3_384, sha3_512 } from '@noble/hashes/sha3.js';

export const NamedHashAlg = {
  sha256: 1,
  sha384: 7,
  sha512: 8,
  sha3_256: 10,
  sha3_384: 11,
  sha3_512: 12,
} as const;
export type NamedHashAlgName = keyof typeof NamedHashAlg;

/** What namedHash needs of a @noble/hashes hash (their own types differ per algorithm). */
interface Hash {
  create(): { update(chunk: Uint8Array): unknown; digest(): Uint8Array };
}

const HASHES: Readonly<Record<number, Hash>> = {
  1: sha256,
  7: sha384,
  8: sha512,
  10: sha3_256,
  11: sha3_384,
  12: sha3_512,
};

export function isSupportedHashAlg(id: number): boolean {
  return Object.hasOwn(HASHES, id);
}

/** Hashes the concatenation of `chunks` with registry algorithm `id`; throws RangeError if unknown. */
export function namedHash(id: number, ...chunks: Uint8Array[]): Uint8Array {
  const hash = Object.hasOwn(HASHES, id) ? HASHES[id] : undefined;
  if (hash === undefined) throw new RangeError(`unsupported named-information hash algorithm ${id}`);
  const h = hash.create();
  for (const c of chunks) h.update(c);
  return h.digest();
}
