/**
 * The franking computations of draft-ietf-mimi-protocol-06 §Message Franking, one function each:
 *
 *     franking_tag = HMAC_SHA256(salt, application_data)                       (client)
 *     server_frank = HMAC_SHA256(hub_key, franking_tag || context)             (hub)
 *     franking_integrity_signature = SignWithLabel(franking_private_key,
 *         "FrankingIntegrityTBS", FrankingIntegrityTBS)                        (hub)
 *
 * `context` is the TLS encoding of ServerFrankingContext, `salt` the MIMI content's 16-byte salt
 * (draft-ietf-mimi-content-07 §4.1) and `application_data` the MLS application data as sent (with
 * its ApplicationFraming when the room advertises media types: the draft's note). HMAC_SHA256
 * whatever the cipher suite: the draft names it. MACs are compared in constant time.
 * @spec draft-ietf-mimi-protocol §Message Franking > Client creation and sending
 * @spec draft-ietf-mimi-protocol §Message Franking > Hub processing
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from '@noble/ciphers/utils.js';
import { concatBytes, encodeUtf8 } from '@mimikit/bytes';
import { codecs, type Frank, type ServerFrankingContext } from '@mimikit/mimi-protocol';
import { signWithLabel, verifyWithLabel, type CipherSuite } from '../mls/index.ts';

/** The SignWithLabel label of the franking_integrity_signature. */
export const FRANKING_INTEGRITY_LABEL = 'FrankingIntegrityTBS';

export function frankingTag(salt: Uint8Array, applicationData: Uint8Array): Uint8Array {
  return hmac(sha256, salt, applicationData);
}

export function serverFrank(hubKey: Uint8Array, frankingTag: Uint8Array, context: ServerFrankingContext): Uint8Array {
  return hmac(sha256, hubKey, concatBytes([frankingTag, codecs.ServerFrankingContext.encode(context)]));
}

/** Constant-time equality of two MACs (a tag, a server_frank). */
export function sameMac(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && equalBytes(a, b);
}

/** ServerFrankingContext from URI text and the hub's accepted timestamp (ms since the UNIX epoch). */
export function frankingContext(senderUri: string, roomUri: string, acceptedTimestamp: bigint): ServerFrankingContext {
  return { sender_uri: { uri: encodeUtf8(senderUri) }, room_uri: { uri: encodeUtf8(roomUri) }, accepted_timestamp: acceptedTimestamp };
}

function integrityTbs(serverFrankBytes: Uint8Array, suite: CipherSuite, context: ServerFrankingContext): Uint8Array {
  return codecs.FrankingIntegrityTBS.encode({ server_frank: serverFrankBytes, franking_signature_ciphersuite: suite.name, context });
}

/** The hub's Frank for a franking_tag in a context, signed with its franking key. */
export async function signFrank(p: {
  cipherSuite: CipherSuite;
  signaturePrivateKey: Uint8Array;
  hubKey: Uint8Array;
  frankingTag: Uint8Array;
  context: ServerFrankingContext;
}): Promise<Frank> {
  const server_frank = serverFrank(p.hubKey, p.frankingTag, p.context);
  const signature = await signWithLabel(p.cipherSuite, p.signaturePrivateKey, FRANKING_INTEGRITY_LABEL, integrityTbs(server_frank, p.cipherSuite, p.context));
  return { server_frank, franking_signature_ciphersuite: p.cipherSuite.name, franking_integrity_signature: signature };
}

/** VerifyWithLabel(franking_signature_key, "FrankingIntegrityTBS", FrankingIntegrityTBS, signature). */
export function verifyFrankSignature(frank: Frank, suite: CipherSuite, signatureKey: Uint8Array, context: ServerFrankingContext): Promise<boolean> {
  return verifyWithLabel(suite, signatureKey, FRANKING_INTEGRITY_LABEL, integrityTbs(frank.server_frank, suite, context), frank.franking_integrity_signature);
}
