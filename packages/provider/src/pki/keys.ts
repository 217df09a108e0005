/**
 * The keys of the local PKI: EC P-256 with ECDSA-SHA256, made and used through Node's WebCrypto
 * (no openssl process), exported as PKCS#8 PEM, the form node:tls takes as `key`.
 */
import { createPrivateKey, createPublicKey, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
import { PkiError } from './errors.ts';
import * as x509 from './x509.ts';

/** Node's WebCrypto, passed to @peculiar/x509 explicitly rather than installed as its global provider. */
export const crypto = webcrypto;

export const ECDSA_P256_SHA256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export function generateKeyPair(): Promise<CryptoKeyPair> {
  return crypto.subtle.generateKey(ECDSA_P256_SHA256, true, ['sign', 'verify']);
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A CA as issuing needs it: its parsed certificate and its signing key. */
export interface Issuer {
  cert: x509.X509Certificate;
  signingKey: CryptoKey;
}

/**
 * The CA of PEM credentials, checked before anything is signed with it: the certificate parses,
 * the key is a P-256 PKCS#8 key, and the key belongs to the certificate (a mismatched pair would
 * issue certificates that never verify).
 */
export async function loadIssuer(ca: { cert: string; key: string }): Promise<Issuer> {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(ca.cert);
  } catch (err) {
    throw new PkiError('invalid-issuer', `the CA certificate does not parse: ${(err as Error).message}`);
  }
  let signingKey: CryptoKey;
  let publicSpki: Buffer;
  try {
    const der = x509.PemConverter.decodeFirst(ca.key);
    signingKey = await crypto.subtle.importKey('pkcs8', der, ECDSA_P256_SHA256, false, ['sign']);
    publicSpki = createPublicKey(createPrivateKey(ca.key)).export({ type: 'spki', format: 'der' });
  } catch (err) {
    throw new PkiError('invalid-issuer', `the CA key is no EC P-256 private key in PKCS#8 PEM: ${(err as Error).message}`);
  }
  if (!publicSpki.equals(Buffer.from(cert.publicKey.rawData))) {
    throw new PkiError('invalid-issuer', 'the CA key does not belong to the CA certificate');
  }
  return { cert, signingKey };
}
