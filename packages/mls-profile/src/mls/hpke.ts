/**
 * RFC 9420 §5.1.3 EncryptWithLabel / DecryptWithLabel with a cipher suite's HPKE, and HPKE key pairs
 * of that suite: for encryption outside a group (draft-ietf-mimi-protocol-06 §5.6: the hub encrypts
 * a GroupInfo and ratchet tree to the key a joining client put in its GroupInfoRequest).
 */
import { decryptWithLabel as backendDecrypt, encryptWithLabel as backendEncrypt } from './backend.ts';
import { suiteImpl, type CipherSuite } from './cipher-suite.ts';
import { backendCall } from './errors.ts';

export interface HpkeKeyPair {
  /** The HPKEPublicKey bytes (the KEM's public key encoding). */
  publicKey: Uint8Array;
  /** The private key in the KEM's encoding. Secret. */
  privateKey: Uint8Array;
}

/** RFC 9420 HPKECiphertext: the KEM output and the AEAD ciphertext. */
export interface HpkeCiphertext {
  kemOutput: Uint8Array;
  ciphertext: Uint8Array;
}

export async function generateHpkeKeyPair(suite: CipherSuite): Promise<HpkeKeyPair> {
  const hpke = suiteImpl(suite).hpke;
  return backendCall('generateHpkeKeyPair', async () => {
    const k = await hpke.generateKeyPair();
    return { publicKey: await hpke.exportPublicKey(k.publicKey), privateKey: await hpke.exportPrivateKey(k.privateKey) };
  });
}

/** EncryptWithLabel(publicKey, label, context, plaintext). MlsError('rejected') for a key the KEM cannot read. */
export function encryptWithLabel(
  suite: CipherSuite,
  publicKey: Uint8Array,
  label: string,
  context: Uint8Array,
  plaintext: Uint8Array,
): Promise<HpkeCiphertext> {
  const hpke = suiteImpl(suite).hpke;
  return backendCall('encryptWithLabel', async () => {
    const { enc, ct } = await backendEncrypt(await hpke.importPublicKey(publicKey), label, context, plaintext, hpke);
    return { kemOutput: enc, ciphertext: ct };
  });
}

/** DecryptWithLabel: MlsError('rejected') when the ciphertext does not open with this key, label and context. */
export function decryptWithLabel(suite: CipherSuite, privateKey: Uint8Array, label: string, context: Uint8Array, c: HpkeCiphertext): Promise<Uint8Array> {
  const hpke = suiteImpl(suite).hpke;
  return backendCall('decryptWithLabel', async () => backendDecrypt(await hpke.importPrivateKey(privateKey), label, context, c.kemOutput, c.ciphertext, hpke));
}
