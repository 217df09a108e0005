/**
 * The AEAD algorithms an ExternalPart's `encAlg` can name (IANA "AEAD Algorithms" registry,
 * RFC 5116). AES-128-GCM is mandatory to implement (§4.5); AES-256-GCM and ChaCha20-Poly1305 are
 * the other common ones. Ciphertexts use the RFC 5116 layout: encrypted bytes followed by the tag.
 *
 * The ciphers are Node's, found at run time through process.getBuiltinModule rather than imported,
 * so that @mimikit/content loads in a browser: there, everything but attachment encryption works,
 * and encryptAttachment/decryptAttachment say `unsupported-platform`. (Web Crypto's AES-GCM is
 * asynchronous and has no ChaCha20-Poly1305; a synchronous pure-JavaScript AEAD such as
 * @noble/ciphers would lift this, but is not a dependency of mimikit.)
 */
import type { CipherGCMTypes } from 'node:crypto';

type NodeCrypto = typeof import('node:crypto');

let nodeCrypto: NodeCrypto | null | undefined;

/** Node's crypto module, or null where there is none (a browser). */
export function aeadCrypto(): NodeCrypto | null {
  if (nodeCrypto === undefined) {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    nodeCrypto = (proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined) ?? null;
  }
  return nodeCrypto;
}

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

/** Seals; returns ciphertext || tag. The caller has checked key and nonce lengths and got `crypto` from aeadCrypto(). */
export function aeadSeal(crypto: NodeCrypto, p: AeadParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  // The overloads of createCipheriv are keyed on literal algorithm names; all three take these options.
  const c = crypto.createCipheriv(p.node as 'aes-128-gcm', key, nonce, { authTagLength: p.tagLength });
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
export function aeadOpen(crypto: NodeCrypto, p: AeadParams, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array {
  const d = crypto.createDecipheriv(p.node as 'aes-128-gcm', key, nonce, { authTagLength: p.tagLength });
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - p.tagLength));
  const body = d.update(sealed.subarray(0, sealed.length - p.tagLength));
  const final = d.final();
  const out = new Uint8Array(body.length + final.length);
  out.set(body, 0);
  out.set(final, body.length);
  return out;
}
