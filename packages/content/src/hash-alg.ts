/**
 * The IANA "Named Information Hash Algorithm" registry
 * (https://www.iana.org/assignments/named-information/named-information.xhtml#hash-alg), which the
 * draft uses twice: the first octet of a message ID (§3.3) and ExternalPart `hashAlg` (§4.5).
 * Only the untruncated algorithms are mapped: a message ID keeps 31 octets of the output, and a
 * truncated sha-256-N could not fill them.
 */
import { createHash } from 'node:crypto';

export const NamedHashAlg = {
  sha256: 1,
  sha384: 7,
  sha512: 8,
  sha3_256: 10,
  sha3_384: 11,
  sha3_512: 12,
} as const;
export type NamedHashAlgName = keyof typeof NamedHashAlg;

const NODE_NAMES: Record<number, string> = {
  1: 'sha256',
  7: 'sha384',
  8: 'sha512',
  10: 'sha3-256',
  11: 'sha3-384',
  12: 'sha3-512',
};

export function isSupportedHashAlg(id: number): boolean {
  return NODE_NAMES[id] !== undefined;
}

/** Hashes the concatenation of `chunks` with registry algorithm `id`; throws RangeError if unknown. */
export function namedHash(id: number, ...chunks: Uint8Array[]): Uint8Array {
  const name = NODE_NAMES[id];
  if (name === undefined) throw new RangeError(`unsupported named-information hash algorithm ${id}`);
  const h = createHash(name);
  for (const c of chunks) h.update(c);
  return new Uint8Array(h.digest());
}
