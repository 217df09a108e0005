/**
 * Hub processing (draft-ietf-mimi-protocol-06 §Message Franking, "Hub processing"): for an accepted
 * application message whose authenticated data carries frank_aad, the hub builds the
 * ServerFrankingContext from the sender URI the client asserted (SubmitMessageRequest.sendingUri),
 * the room URI and its accepted timestamp, and returns the Frank for SubmitMessageResponse and the
 * FanoutMessages. No group secret is involved: authenticated_data is in the clear in a
 * PrivateMessage. That the sender may send (a participant of the room, and whatever else the hub's
 * policy asks) is the hub's check before this one.
 * @spec draft-ietf-mimi-protocol §Message Franking > Hub processing
 */
import { codecs, type MLSMessage } from '@mimikit/mls';
import { bytesEqual } from '@mimikit/bytes';
import type { Frank, ServerFrankingContext } from '@mimikit/mimi-protocol';
import { DecodeError } from '@mimikit/tls';
import { parseMimiUri, userOfClient, type MimiUri } from '../identity/index.ts';
import type { MlsExtension } from '../mls/index.ts';
import type { RoomState } from '../room/index.ts';
import type { HubFrankingKey } from './agent.ts';
import { FrankingError } from './errors.ts';
import { frankingContext, signFrank } from './frank.ts';
import { roomFranking } from './room.ts';
import { frankingTagOf } from './safe-aad.ts';

export interface FrankMessageParams {
  /** SubmitMessageRequest.appMessage: MLSMessage bytes (or decoded), a PrivateMessage of content type application. */
  message: Uint8Array | MLSMessage;
  /**
   * SubmitMessageRequest.sendingUri: the sender's user URI, or its client URI in the
   * `/d/{user}/{client}` form, which the context records as that user (the content's sender_uri).
   */
  senderUri: string;
  /** The room's URI (the roomId the request was made for). */
  roomUri: string;
  /** The hub's acceptance time, ms since the UNIX epoch: SubmitMessageResponse.accepted_timestamp and FanoutMessage.timestamp. */
  acceptedTimestamp: bigint;
  key: HubFrankingKey;
  /** The room as the hub keeps it (its state, or its GroupContext extensions): where franking_agent and safe_aad are. */
  room: RoomState | readonly MlsExtension[];
}

export interface HubFrank {
  frank: Frank;
  context: ServerFrankingContext;
  frankingTag: Uint8Array;
}

/**
 * The Frank for a message, or null when there is nothing to frank: the message has no frank_aad,
 * or the room has no franking_agent (the hub "can frank" only then) or no SafeAAD. Throws
 * FrankingError: 'bad-input' (not a PrivateMessage application message, malformed SafeAAD or URIs),
 * 'agent-mismatch' (the room's franking_agent is not this key: receivers would refuse the Frank).
 */
export async function frankMessage(p: FrankMessageParams): Promise<HubFrank | null> {
  const msg = decodeMessage(p.message);
  if (msg.wire_format !== 'mls_private_message' || msg.private_message.content_type !== 'application')
    throw new FrankingError('bad-input', 'appMessage', 'franked messages are PrivateMessages of content type application');
  const room = roomFranking(p.room);
  if (!room.agent || room.safeAad === null) return null;
  const frankingTag = frankingTagOf(msg.private_message.authenticated_data, true);
  if (!frankingTag) return null;
  if (!bytesEqual(room.agent.franking_signature_key, p.key.agent.franking_signature_key))
    throw new FrankingError('agent-mismatch', 'franking_agent.franking_signature_key', "the room's franking agent is not this hub key");
  const context = frankingContext(uriText(p.senderUri, 'user', 'sendingUri'), uriText(p.roomUri, 'room', 'roomId'), p.acceptedTimestamp);
  const frank = await signFrank({ cipherSuite: p.key.cipherSuite, signaturePrivateKey: p.key.signaturePrivateKey, hubKey: p.key.hubKey, frankingTag, context });
  return { frank, context, frankingTag };
}

function decodeMessage(m: Uint8Array | MLSMessage): MLSMessage {
  if (!(m instanceof Uint8Array)) return m;
  try {
    return codecs.MLSMessage.decode(m);
  } catch (err) {
    if (err instanceof DecodeError) throw new FrankingError('bad-input', 'appMessage', `not an MLSMessage: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The canonical text of a URI of this kind (the bytes the sender committed to are canonical too). */
function uriText(text: string, kind: 'user' | 'room', at: string): string {
  let uri: MimiUri;
  try {
    uri = parseMimiUri(text);
  } catch (err) {
    throw new FrankingError('bad-input', at, `not a MIMI URI: ${(err as Error).message}`, { cause: err });
  }
  if (uri.kind === kind) return uri.text;
  // The content's sender_uri is "the sender as a MIMI participant", a user URI; a sendingUri that
  // names the sending client (/d/{user}/{client}) names that user too.
  const user = kind === 'user' && uri.kind === 'client' ? userOfClient(uri) : undefined;
  if (user) return user.text;
  throw new FrankingError('bad-input', at, `${uri.text} is not a ${kind} URI${kind === 'user' ? ' or a client URI naming its user' : ''}`);
}
