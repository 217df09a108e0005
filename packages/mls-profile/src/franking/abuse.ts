/**
 * Abuse reports with franked messages (draft-ietf-mimi-protocol-06 §Report abuse): the reporter
 * turns the franked messages it kept into AbusiveMessages, and the hub operator verifies each one
 * with no group secret, as the draft says: find the salt, sender URI and room URI in
 * `message_content`, recompute the franking_tag and the context (with the reported
 * `accepted_timestamp`), recompute server_frank with its hub_key, and verify its
 * franking_integrity_signature.
 *
 * `message_content` is the message's MLS application_data exactly as sent (with its
 * ApplicationFraming when the room frames content): the tag is over those bytes, so nothing else
 * lets the hub recompute it (docs/deviations.md).
 * @spec draft-ietf-mimi-protocol §Report abuse
 */
import { codecs, type AbuseReport, type AbusiveMessage, type ServerFrankingContext } from '@mimikit/mimi-protocol';
import { decodeUtf8OrNull } from '@mimikit/bytes';
import type { MimiContent } from '@mimikit/mimi-content';
import { DecodeError } from '@mimikit/tls';
import { cipherSuiteValue } from '../hub/index.ts';
import type { RoomState } from '../room/index.ts';
import { roomMessageContext } from '../rooms/state.ts';
import type { HubFrankingKey } from './agent.ts';
import { frankedFieldsOfData } from './content.ts';
import { FrankingError } from './errors.ts';
import { frankingContext, frankingTag, sameMac, serverFrank, verifyFrankSignature } from './frank.ts';
import type { FrankedMessageRecord } from './verify.ts';

/** The AbusiveMessage for a franked message the reporter verified and kept. */
export function abusiveMessage(record: FrankedMessageRecord): AbusiveMessage {
  return { message_content: record.applicationData, frank: record.frank, accepted_timestamp: record.context.accepted_timestamp };
}

export type AbusiveMessageVerdict = { ok: true; content: MimiContent; context: ServerFrankingContext; senderUri: string } | { ok: false; error: FrankingError };

export interface AbuseReportVerdict {
  report: AbuseReport;
  /** One verdict per reported message, in order. */
  messages: AbusiveMessageVerdict[];
  /** At least one message, and every one verified. */
  verified: boolean;
}

export interface VerifyAbuseReportParams {
  /** The room the report is for (its state as the hub keeps it: room URI, content media types). */
  room: RoomState;
  /**
   * The hub's franking keys, current and past (the draft: the hub "selects its relevant hub_key");
   * a message verifies with the one whose hub_key gives its server_frank.
   */
  keys: readonly HubFrankingKey[];
}

/**
 * Verifies every AbusiveMessage of a report (bytes or decoded). Undecodable report bytes throw
 * FrankingError('bad-input'); each message gets its own verdict, so one forged message does not
 * hide the evidence of the others. A message verifies when its server_frank and signature are the
 * hub's over the context in its content, its room is this room and its sender the alleged abuser.
 */
export async function verifyAbuseReport(report: AbuseReport | Uint8Array, p: VerifyAbuseReportParams): Promise<AbuseReportVerdict> {
  const decoded = report instanceof Uint8Array ? decodeReport(report) : report;
  const ctx = roomMessageContext(p.room);
  const alleged = decodeUtf8OrNull(decoded.allegedAbuserUri.uri);
  const messages: AbusiveMessageVerdict[] = [];
  for (const [i, m] of decoded.messages.entries()) {
    try {
      messages.push(await verifyAbusiveMessage(m, `messages[${i}]`, ctx, alleged, p.keys));
    } catch (err) {
      if (!(err instanceof FrankingError)) throw err;
      messages.push({ ok: false, error: err });
    }
  }
  return { report: decoded, messages, verified: messages.length > 0 && messages.every((m) => m.ok) };
}

async function verifyAbusiveMessage(
  m: AbusiveMessage,
  at: string,
  ctx: ReturnType<typeof roomMessageContext>,
  alleged: string | null,
  keys: readonly HubFrankingKey[],
): Promise<AbusiveMessageVerdict> {
  const fields = frankedFieldsOfData(m.message_content, ctx, `${at}.message_content`);
  if (fields.roomUri !== ctx.roomUri)
    throw new FrankingError('room-mismatch', `${at}.message_content.extensions[2]`, `room_uri ${fields.roomUri}, the report is for ${ctx.roomUri}`);
  const context = frankingContext(fields.senderUri, fields.roomUri, m.accepted_timestamp);
  const tag = frankingTag(fields.salt, m.message_content);
  const suite = cipherSuiteValue(m.frank.franking_signature_ciphersuite);
  const ofSuite = keys.filter((k) => k.cipherSuite.id === suite);
  if (ofSuite.length === 0)
    throw new FrankingError(
      'suite-mismatch',
      `${at}.frank.franking_signature_ciphersuite`,
      `no hub franking key of suite ${String(m.frank.franking_signature_ciphersuite)}`,
    );
  const key = ofSuite.find((k) => sameMac(serverFrank(k.hubKey, tag, context), m.frank.server_frank));
  if (!key)
    throw new FrankingError(
      'server-frank-mismatch',
      `${at}.frank.server_frank`,
      'no hub_key gives this server_frank for the content and accepted_timestamp: not franked by this hub as reported',
    );
  if (!(await verifyFrankSignature(m.frank, key.cipherSuite, key.agent.franking_signature_key, context)))
    throw new FrankingError('bad-signature', `${at}.frank.franking_integrity_signature`, 'does not verify with the franking key');
  if (alleged !== fields.senderUri)
    throw new FrankingError(
      'sender-mismatch',
      `${at}.message_content.extensions[1]`,
      `sent by ${fields.senderUri}, the report accuses ${alleged ?? 'a URI that is not UTF-8'}`,
    );
  return { ok: true, content: fields.content, context, senderUri: fields.senderUri };
}

function decodeReport(bytes: Uint8Array): AbuseReport {
  try {
    return codecs.AbuseReport.decode(bytes);
  } catch (err) {
    if (err instanceof DecodeError) throw new FrankingError('bad-input', 'AbuseReport', `does not decode: ${err.message}`, { cause: err });
    throw err;
  }
}
