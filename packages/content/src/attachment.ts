/**
 * Encrypted attachments (§4.5): the sender encrypts the file with a fresh key under the AEAD the
 * ExternalPart names in `encAlg`, uploads the ciphertext, and sends key, nonce and aad inside the
 * (MLS-encrypted) message. `contentHash` and `size` describe "the content at the target url", so
 * both are taken over the uploaded ciphertext: a receiver can check the download before it tries
 * to decrypt, and the size is what it will actually transfer.
 */
import { bytesEqual } from '@mimikit/bytes';
import { randomBytes } from './random.ts';
import { aeadCrypto, aeadOpen, aeadParams, aeadSeal, AeadAlg } from './aead.ts';
import { isSupportedHashAlg, NamedHashAlg, namedHash } from './hash-alg.ts';
import { externalPart, type ExternalPart, type PartOptions } from './parts.ts';

export type AttachmentErrorKind =
  /** `encAlg` or `hashAlg` is not one this implementation knows. */
  | 'unsupported-algorithm'
  /** Key or nonce length does not fit the AEAD, or the part lacks a key. */
  | 'bad-parameters'
  /** The downloaded bytes' length differs from `size`. */
  | 'size-mismatch'
  /** The downloaded bytes do not hash to `contentHash`. */
  | 'hash-mismatch'
  /** AEAD authentication failed: wrong key/nonce/aad or altered ciphertext. */
  | 'authentication-failed'
  /** No AEAD implementation on this platform (a browser: see aead.ts). */
  | 'unsupported-platform';

export class AttachmentError extends Error {
  readonly kind: AttachmentErrorKind;
  constructor(kind: AttachmentErrorKind, message: string) {
    super(`${kind}: ${message}`);
    this.name = 'AttachmentError';
    this.kind = kind;
  }
}

export interface EncryptAttachmentOptions extends PartOptions {
  /** Where the ciphertext will be uploaded. */
  url: string;
  contentType: string;
  filename?: string;
  description?: string;
  /** Seconds since the epoch after which the URL is invalid; 0 = never. */
  expires?: number;
  /** AEAD ID (default AES-128-GCM, the mandatory one). */
  encAlg?: number;
  /** Named-information hash ID for contentHash (default SHA-256). */
  hashAlg?: number;
  /** Defaults to empty, as the draft specifies absent an extension. */
  aad?: Uint8Array;
  /** Fresh random by default; inject for reproducible output. */
  key?: Uint8Array;
  nonce?: Uint8Array;
}

export interface EncryptedAttachment {
  /** The bytes to upload to `part.url`. */
  ciphertext: Uint8Array;
  /** The ExternalPart to send (default disposition `attachment`). */
  part: ExternalPart;
}

export function encryptAttachment(plaintext: Uint8Array, opts: EncryptAttachmentOptions): EncryptedAttachment {
  const encAlg = opts.encAlg ?? AeadAlg.aes128gcm;
  const hashAlg = opts.hashAlg ?? NamedHashAlg.sha256;
  const p = aeadParams(encAlg);
  if (!p) throw new AttachmentError('unsupported-algorithm', `AEAD ${encAlg}`);
  if (!isSupportedHashAlg(hashAlg)) throw new AttachmentError('unsupported-algorithm', `hash ${hashAlg}`);
  const key = opts.key ?? randomBytes(p.keyLength);
  const nonce = opts.nonce ?? randomBytes(p.nonceLength);
  const aad = opts.aad ?? new Uint8Array(0);
  checkLengths(p, key, nonce);
  const ciphertext = aeadSeal(requireCrypto(), p, key, nonce, aad, plaintext);
  const part = externalPart({
    ...opts,
    encAlg,
    key,
    nonce,
    aad,
    hashAlg,
    contentHash: namedHash(hashAlg, ciphertext),
    size: ciphertext.length,
  });
  return { ciphertext, part };
}

/**
 * Checks the downloaded bytes against `size` and `contentHash` (when given), then decrypts with
 * the part's AEAD. Unencrypted parts (`encAlg` 0) return the verified bytes unchanged.
 * Throws AttachmentError.
 */
export function decryptAttachment(part: ExternalPart, downloaded: Uint8Array): Uint8Array {
  if (part.size !== 0n && BigInt(downloaded.length) !== part.size)
    throw new AttachmentError('size-mismatch', `expected ${part.size} octets, got ${downloaded.length}`);
  if (part.hashAlg !== 0) {
    if (!isSupportedHashAlg(part.hashAlg)) throw new AttachmentError('unsupported-algorithm', `hash ${part.hashAlg}`);
    if (!bytesEqual(namedHash(part.hashAlg, downloaded), part.contentHash)) throw new AttachmentError('hash-mismatch', 'content hash does not match');
  }
  if (part.encAlg === AeadAlg.none) return downloaded;
  const p = aeadParams(part.encAlg);
  if (!p) throw new AttachmentError('unsupported-algorithm', `AEAD ${part.encAlg}`);
  checkLengths(p, part.key, part.nonce);
  if (downloaded.length < p.tagLength) throw new AttachmentError('authentication-failed', 'ciphertext shorter than the tag');
  const crypto = requireCrypto();
  try {
    return aeadOpen(crypto, p, part.key, part.nonce, part.aad, downloaded);
  } catch {
    throw new AttachmentError('authentication-failed', 'AEAD tag did not verify');
  }
}

function requireCrypto(): NonNullable<ReturnType<typeof aeadCrypto>> {
  const crypto = aeadCrypto();
  if (crypto === null) throw new AttachmentError('unsupported-platform', 'attachment encryption needs Node (node:crypto); this platform has none');
  return crypto;
}

function checkLengths(p: { keyLength: number; nonceLength: number }, key: Uint8Array, nonce: Uint8Array): void {
  if (key.length !== p.keyLength) throw new AttachmentError('bad-parameters', `key must be ${p.keyLength} octets, got ${key.length}`);
  if (nonce.length !== p.nonceLength) throw new AttachmentError('bad-parameters', `nonce must be ${p.nonceLength} octets, got ${nonce.length}`);
}
