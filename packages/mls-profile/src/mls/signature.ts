/**
 * RFC 9420 §5.1.2 SignWithLabel / VerifyWithLabel with a cipher suite's signature algorithm, and
 * signature key pairs of that algorithm: for signers that are not group members (the MIMI hub's
 * franking agent, draft-ietf-mimi-protocol-06 §Message Franking). ts-mls does the signing, so the
 * algorithm is the one the group's own signatures use.
 */
import { signWithLabel as backendSign, verifyWithLabel as backendVerify } from './backend.ts';
import { suiteForName, suiteImpl, type CipherSuite } from './cipher-suite.ts';
import { backendCall, MlsError } from './errors.ts';
import { peek, type MlsGroup } from './handle.ts';
import { openKeyPackageBundle } from './key-package.ts';
import type { KeyPackageBundle } from './types.ts';

export interface SignatureKeyPair {
  /** The SignaturePublicKey bytes (RFC 9420 §5.1.1: the algorithm's own public key encoding). */
  publicKey: Uint8Array;
  /** The private key in the backend's encoding for the suite's algorithm. Secret. */
  privateKey: Uint8Array;
}

export async function generateSignatureKeyPair(suite: CipherSuite): Promise<SignatureKeyPair> {
  const k = await backendCall('generateSignatureKeyPair', () => suiteImpl(suite).signature.keygen());
  return { publicKey: k.publicKey, privateKey: k.signKey };
}

/** SignWithLabel(key, label, content): the signature over SignContent { "MLS 1.0 " + label, content }. */
export function signWithLabel(suite: CipherSuite, privateKey: Uint8Array, label: string, content: Uint8Array): Promise<Uint8Array> {
  return backendCall('signWithLabel', () => backendSign(privateKey, label, content, suiteImpl(suite).signature));
}

/**
 * VerifyWithLabel: false for a wrong signature, and also for a public key or signature the algorithm
 * cannot even parse (a peer's bytes: a malformed key is a failed verification, not a crash).
 */
export async function verifyWithLabel(suite: CipherSuite, publicKey: Uint8Array, label: string, content: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    return await backendVerify(publicKey, label, content, signature, suiteImpl(suite).signature);
  } catch {
    return false;
  }
}

/**
 * SignWithLabel with this member's own leaf signature key (draft-ietf-mimi-protocol-06 signs a
 * KeyMaterialRequest with the requesting client's key), and the public half a verifier checks with.
 */
export async function signAsMember(group: MlsGroup, label: string, content: Uint8Array): Promise<{ signature: Uint8Array; publicKey: Uint8Array }> {
  const { state, suite } = peek(group);
  const own = state.ratchetTree[state.privatePath.leafIndex * 2];
  if (own?.nodeType !== 'leaf') throw new MlsError('bad-input', 'this member has no leaf of its own');
  const signature = await signWithLabel(suite, state.signaturePrivateKey, label, content);
  return { signature, publicKey: own.leaf.signaturePublicKey };
}

/**
 * SignWithLabel with the signature key of a KeyPackage (a client that is no member yet: the
 * GroupInfoRequest of an external join, draft-ietf-mimi-protocol-06 §5.6, is signed so), and the
 * public half and suite a verifier checks with.
 */
export async function signWithKeyPackage(
  bundle: KeyPackageBundle,
  label: string,
  content: Uint8Array,
): Promise<{ signature: Uint8Array; publicKey: Uint8Array; cipherSuite: CipherSuite }> {
  const { publicPackage, privatePackage } = openKeyPackageBundle(bundle);
  const cipherSuite = await suiteForName(publicPackage.cipherSuite);
  const signature = await signWithLabel(cipherSuite, privatePackage.signaturePrivateKey, label, content);
  return { signature, publicKey: publicPackage.leafNode.signaturePublicKey, cipherSuite };
}

/** A label of this module's own, so that the pair check's signature is never valid for any protocol structure. */
const KEY_PAIR_CHECK_LABEL = 'mimikit key pair check';

/**
 * Whether stored halves of a signature key pair belong together (a key restored from storage signs
 * nothing its verifiers accept otherwise): 'bad-private-key' when the suite's algorithm cannot sign
 * with `privateKey`, 'mismatch' when `publicKey` does not verify what it signs.
 */
export async function checkSignatureKeyPair(suite: CipherSuite, publicKey: Uint8Array, privateKey: Uint8Array): Promise<'ok' | 'bad-private-key' | 'mismatch'> {
  const probe = new TextEncoder().encode(KEY_PAIR_CHECK_LABEL);
  let signature: Uint8Array;
  try {
    signature = await signWithLabel(suite, privateKey, KEY_PAIR_CHECK_LABEL, probe);
  } catch {
    return 'bad-private-key';
  }
  return (await verifyWithLabel(suite, publicKey, KEY_PAIR_CHECK_LABEL, probe, signature)) ? 'ok' : 'mismatch';
}
