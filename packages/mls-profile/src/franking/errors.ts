/**
 * The one error of franking (draft-ietf-mimi-protocol-06 §Message Franking, §Report abuse): a code
 * for each way a frank, a franked message or an abuse report fails, and `at`, the field it points
 * to (`frank.franking_integrity_signature`, `messages[2].message_content`, …).
 */
export type FrankingErrorCode =
  /** Bytes that do not decode as what they must be (SafeAAD, FrankAAD, FrankingAgentData, AbuseReport, an MLSMessage). */
  | 'bad-input'
  /** The room's GroupContext has no franking_agent (or no safe_aad naming frank_aad): nobody can frank there. */
  | 'not-franking-room'
  /** A Frank for a message whose authenticated data carries no frank_aad. */
  | 'no-franking-tag'
  /** The franked content lacks what franking commits to: its sender_uri or room_uri extension. */
  | 'missing-field'
  /** franking_signature_ciphersuite is not the suite of the room (or of the hub's key). */
  | 'suite-mismatch'
  /** franking_agent.credential does not name the hub's domain (the room URI's). */
  | 'agent-credential'
  /** The hub's franking key is not the one the room's franking_agent publishes. */
  | 'agent-mismatch'
  /** franking_integrity_signature does not verify with the franking agent's key. */
  | 'bad-signature'
  /** HMAC_SHA256(salt, application_data) is not the franking_tag. */
  | 'tag-mismatch'
  /** The server_frank is not the one the hub computes with any of its hub keys (operator check). */
  | 'server-frank-mismatch'
  /** The content's sender_uri is not the MLS sender (receiver) or not the alleged abuser (operator). */
  | 'sender-mismatch'
  /** The content's room_uri is not this room. */
  | 'room-mismatch';

export class FrankingError extends Error {
  override readonly name = 'FrankingError';
  constructor(
    readonly code: FrankingErrorCode,
    /** The field at fault. */
    readonly at: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${at}: ${message}`, options);
  }
}
