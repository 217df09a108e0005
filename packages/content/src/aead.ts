/**
 * The AEAD algorithms an ExternalPart's `encAlg` can name (IANA "AEAD Algorithms" registry,
 * RFC 5116). AES-128-GCM is mandatory to implement (§4.5); AES-256-GCM and ChaCha20-Poly1305 are
 * the other common ones. Ciphertexts use the RFC 5116 layout: encrypted bytes followed by the tag.
 */
import { createCipheriv, createDecipheriv, type CipherGCMTypes } from 'node:crypto';

export const AeadAlg = {
  none: 0,
  aes128gcm: 1,
  aes256gcm: 2,
  chacha20poly1305: 29,
} as const;
export type AeadAlgName = keyof typeof AeadAlg;

interface AeadParams {
  node: CipherGCMTypes | 'chacha20-poly1305';
  keyLength: number;
  nonceLength: number;
  tagLength: number;
}

const PARAMS: Record<number, AeadParams> = {
  1: { node: 'aes-128-gcm', keyLength: 16, nonceLength: 12, tagLength: 16 },
  2: { node: 'aes-256-gcm', keyLength: 32, nonceLength: 12, tagLength: 16 },
  29: { node: 'chacha20-poly1305', keyLength: 32, nonceLength: 12, tagLength: 16 },
};

export function aeadParams(id: number): AeadParams | undefined {
  return PARAMS[id];
}

/** Seals; returns ciphertext || tag. The caller has checked key and nonce lengths. */
export function aeadSeal(p: AeadParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  // The overloads of createCipheriv are keyed on literal algorithm names; all three take these options.
  const c = createCipheriv(p.node as 'aes-128-gcm', key, nonce, { authTagLength: p.tagLength });
  c.setAAD(aad);
  const body = c.update(plaintext);
  const final = c.final();
  const tag = c.getAuthTag();
  const out = new Uint8Array(body.length + final.length + tag.length);
  out.set(body, 0);
  out.set(final, body.length);
  out.set(tag, body.length + final.length);
  return out;
}

/** Opens ciphertext || tag; throws (Node's error) when authentication fails. */
export function aeadOpen(p: AeadParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  const d = createDecipheriv(p.node as 'aes-128-gcm', key, nonce, { authTagLength: p.tagLength });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - p.tagLength));
  const body = d.update(sealed.subarray(0, sealed.length - p.tagLength));
  const final = d.final();
  const out = new Uint8Array(body.length + final.length);
  out.set(body, 0);
  out.set(final, body.length);
  return out;
}
