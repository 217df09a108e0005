/**
 * Message IDs, draft-ietf-mimi-content-07 §3.3:
 *
 *     hash_output = hash( senderUri || roomUri || message || salt )
 *     messageId   = hashAlg || hash_output[0..30]
 *
 * `senderUri` and `roomUri` are the UTF-8 bytes of the URIs with no length prefix or separator,
 * `message` is the whole encoded MIMI content (which already contains the salt), and the salt is
 * appended a second time to rule out SHA-256 length extension. `hashAlg` is the one-octet ID from
 * the IANA named-information registry; SHA-256 (1) is the default whatever the MLS cipher suite.
 * The draft's examples hash the sender's *user* URI (senderUserUrl, extension key 1), not the
 * client/device URI, and the room URI (key 2).
 */
import { MimiContentCodec, type MessageId, type MimiContent } from '@mimikit/mimi-content';
import { bytesEqual, encodeUtf8 } from '@mimikit/bytes';
import { ExtensionKeys } from './constants.ts';
import { isSupportedHashAlg, NamedHashAlg, namedHash } from './hash-alg.ts';

export const MESSAGE_ID_LENGTH = 32;

export interface MessageIdInput {
  /** The MIMI content, decoded or as its encoded bytes (hashed exactly as given). */
  content: MimiContent | Uint8Array;
  /** Sender user URI; defaults to the content's `sender_uri` extension (key 1). */
  senderUri?: string;
  /** Room URI; defaults to the content's `room_uri` extension (key 2). */
  roomUri?: string;
  /** Named-information hash algorithm ID, 1 (SHA-256) by default. */
  hashAlg?: number;
}

/**
 * The message ID of a MIMI content message, by the formula above.
 * @spec draft-ietf-mimi-content §Message ID
 */
export function computeMessageId(input: MessageIdInput): MessageId {
  const hashAlg = input.hashAlg ?? NamedHashAlg.sha256;
  if (!isSupportedHashAlg(hashAlg)) throw new RangeError(`unsupported message ID hash algorithm ${hashAlg}`);
  // Hash the bytes the sender sent: re-encoding a decoded value would only be equal because the
  // codec is deterministic, and bytes off the wire are what the sender actually hashed.
  const bytes = input.content instanceof Uint8Array ? input.content : MimiContentCodec.encode(input.content);
  const content = input.content instanceof Uint8Array ? MimiContentCodec.decode(bytes) : input.content;
  const senderUri = input.senderUri ?? extensionText(content, ExtensionKeys.senderUri, 'senderUri');
  const roomUri = input.roomUri ?? extensionText(content, ExtensionKeys.roomUri, 'roomUri');
  const hash = namedHash(hashAlg, encodeUtf8(senderUri), encodeUtf8(roomUri), bytes, content.salt);
  const id = new Uint8Array(MESSAGE_ID_LENGTH);
  id[0] = hashAlg;
  id.set(hash.subarray(0, MESSAGE_ID_LENGTH - 1), 1);
  return id;
}

/**
 * True when `id` is the message ID of the input, computed with the algorithm its first octet names.
 * @spec draft-ietf-mimi-content §Message ID
 */
export function verifyMessageId(id: Uint8Array, input: Omit<MessageIdInput, 'hashAlg'>): boolean {
  const alg = id[0];
  if (id.length !== MESSAGE_ID_LENGTH || alg === undefined || !isSupportedHashAlg(alg)) return false;
  return bytesEqual(id, computeMessageId({ ...input, hashAlg: alg }));
}

function extensionText(content: MimiContent, key: number, option: string): string {
  const v = content.extensions.get(key);
  if (typeof v !== 'string') throw new TypeError(`message ID needs ${option}: pass it or set extension ${key}`);
  return v;
}
