/**
 * Receiver verification of a frank (draft-ietf-mimi-protocol-06 §Message Franking, "Receiver
 * verification of frank"), in the draft's order: the Frank's cipher suite is the room's, the room
 * has a franking_agent whose credential names the hub (the room URI's domain), the
 * franking_integrity_signature verifies over the context rebuilt from the content and the hub's
 * timestamp, the franking_tag in the authenticated data is HMAC_SHA256(salt, application_data), and
 * the content's sender_uri and room_uri are the MLS sender and this room. Each failure is its own
 * FrankingError code.
 * @spec draft-ietf-mimi-protocol §Message Franking > Receiver verification of frank
 */
import type { Frank, ServerFrankingContext } from '@mimikit/mimi-protocol';
import { cipherSuiteValue } from '../hub/index.ts';
import { parseMimiUri } from '../identity/index.ts';
import type { CipherSuite } from '../mls/index.ts';
import type { RoomState } from '../room/index.ts';
import { roomMessageContext } from '../rooms/state.ts';
import { agentDomain } from './agent.ts';
import { frankedFieldsOfData } from './content.ts';
import { FrankingError } from './errors.ts';
import { frankingContext, frankingTag, sameMac, verifyFrankSignature } from './frank.ts';
import { roomFranking } from './room.ts';
import { frankingTagOf } from './safe-aad.ts';

/** What a receiver keeps of a verified franked message, to report it later (abusiveMessage). */
export interface FrankedMessageRecord {
  /** The MLS application_data: what the franking_tag covers, and an AbusiveMessage's message_content. */
  applicationData: Uint8Array;
  frankingTag: Uint8Array;
  frank: Frank;
  context: ServerFrankingContext;
}

export interface VerifyFrankParams {
  applicationData: Uint8Array;
  /** The message's authenticated_data (where frank_aad is). */
  authenticatedData: Uint8Array;
  /** FanoutMessage.frank. */
  frank: Frank;
  /** FanoutMessage.timestamp: the hub's accepted_timestamp. */
  acceptedTimestamp: bigint;
  /** The room state of the message's epoch (franking_agent, safe_aad, room URI, media types). */
  room: RoomState;
  /** The group's cipher suite. */
  cipherSuite: CipherSuite;
  /** The sender's user URI, from its authenticated MLS credential. */
  sender: string;
}

export async function verifyFrank(p: VerifyFrankParams): Promise<FrankedMessageRecord> {
  const franking = roomFranking(p.room);
  const tag = frankingTagOf(p.authenticatedData, franking.safeAad !== null);
  if (!tag) throw new FrankingError('no-franking-tag', 'authenticated_data', 'a Frank came with a message that carries no frank_aad');
  if (cipherSuiteValue(p.frank.franking_signature_ciphersuite) !== p.cipherSuite.id)
    throw new FrankingError(
      'suite-mismatch',
      'frank.franking_signature_ciphersuite',
      `${String(p.frank.franking_signature_ciphersuite)}, the room uses ${p.cipherSuite.name}`,
    );
  if (!franking.agent) throw new FrankingError('not-franking-room', 'franking_agent', "the room's GroupContext has no franking_agent");
  const ctx = roomMessageContext(p.room);
  const hubDomain = parseMimiUri(ctx.roomUri, 'room').domain;
  const domain = agentDomain(franking.agent);
  if (domain !== hubDomain) throw new FrankingError('agent-credential', 'franking_agent.credential', `names ${domain}, the room's hub is ${hubDomain}`);
  const fields = frankedFieldsOfData(p.applicationData, ctx, 'application_data');
  const context = frankingContext(fields.senderUri, fields.roomUri, p.acceptedTimestamp);
  if (!(await verifyFrankSignature(p.frank, p.cipherSuite, franking.agent.franking_signature_key, context)))
    throw new FrankingError('bad-signature', 'frank.franking_integrity_signature', 'does not verify over the context with the franking agent key');
  if (!sameMac(frankingTag(fields.salt, p.applicationData), tag))
    throw new FrankingError('tag-mismatch', 'authenticated_data.frank_aad', 'the franking_tag is not HMAC_SHA256(salt, application_data)');
  if (fields.senderUri !== p.sender)
    throw new FrankingError('sender-mismatch', 'application_data.extensions[1]', `sender_uri ${fields.senderUri}, the MLS sender is ${p.sender}`);
  if (fields.roomUri !== ctx.roomUri)
    throw new FrankingError('room-mismatch', 'application_data.extensions[2]', `room_uri ${fields.roomUri}, this room is ${ctx.roomUri}`);
  return { applicationData: p.applicationData, frankingTag: tag, frank: p.frank, context };
}
