/**
 * MIMI content in MLS application messages (draft-ietf-mimi-protocol-06 §Application messages,
 * draft-ietf-mimi-content-07, draft-ietf-mls-extensions-09 §6.2.4):
 *
 * - writing: the content's CBOR, wrapped in ApplicationFraming when the room advertises
 *   `content_media_types` (then the application data is always framed);
 * - reading: unframe, check the media type is one the room accepts, decode the content strictly
 *   with the generated codec, check that the `sender_uri` and `room_uri` it names (if any) are the
 *   authenticated sender's user and this room, and compute the message ID the way every member and
 *   the hub must agree on (hash over the sender's user URI and the room URI).
 *
 * The application gets the typed content and the derived values (draft-ietf-mimi-content-07
 * implied.cddl MessageDerivedValues: messageId, sender, room, hub timestamp when known).
 * @spec draft-ietf-mimi-protocol §Submit a Message
 */
import { computeMessageId, ExtensionKeys } from '@mimikit/content';
import { codecs, type MediaType } from '@mimikit/mls';
import { MimiContentCodec, type MessageId, type MimiContent } from '@mimikit/mimi-content';
import { DecodeError } from '@mimikit/tls';
import { ContentError } from '@mimikit/cbor';
import { formatMediaType, MediaTypeError, parseMediaType, sameMediaType } from '../advertise/media-type.ts';
import { MIMI_CONTENT } from '../advertise/leaf.ts';
import type { Denial } from '../policy/index.ts';

export type RoomMessageErrorCode = 'unframed' | 'unaccepted-media-type' | 'undecodable-content' | 'sender-mismatch' | 'room-mismatch' | 'denied';

export class RoomMessageError extends Error {
  constructor(
    readonly code: RoomMessageErrorCode,
    message: string,
    readonly cause?: unknown,
    /** For 'denied': what the room's message capabilities refuse (policy/message.ts). */
    readonly denials: readonly Denial[] = [],
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'RoomMessageError';
  }
}

export interface RoomMessageContext {
  roomUri: string;
  /** The media types the room accepts, first = default (the GroupContext's content_media_types). Empty: the room is unframed MIMI content. */
  accepted: readonly MediaType[];
}

export interface ReceivedRoomMessage {
  content: MimiContent;
  messageId: MessageId;
  mediaType: string;
  /** The sender's user URI, from its authenticated credential. */
  sender: string;
  /** The sender's client URI. */
  senderClient: string;
  room: string;
  /** Milliseconds since the epoch, when the hub's fanout says it (FanoutMessage.timestamp). */
  hubTimestamp: bigint | null;
}

const MIMI = parseMediaType(MIMI_CONTENT);

/** A sender's media type for an error message: its text, or why it has none (a field that is not UTF-8). */
function shownMediaType(m: MediaType): string {
  try {
    return formatMediaType(m);
  } catch (e) {
    if (e instanceof MediaTypeError) return e.message;
    throw e;
  }
}

/** The application data for `content` in a room with this context. */
export function writeRoomMessage(content: MimiContent | Uint8Array, ctx: RoomMessageContext): Uint8Array {
  const bytes = content instanceof Uint8Array ? content : MimiContentCodec.encode(content);
  if (ctx.accepted.length === 0) return bytes;
  if (!ctx.accepted.some((m) => sameMediaType(m, MIMI))) throw new RoomMessageError('unaccepted-media-type', `the room does not accept ${MIMI_CONTENT}`);
  // An empty media_type means the room's first type (§6.2.4); name it unless it is the default.
  const first = ctx.accepted[0]!;
  const media_type = sameMediaType(first, MIMI) ? { media_type: new Uint8Array(), parameters: [] } : MIMI;
  return codecs.ApplicationFraming.encode({ media_type, inner_application_content: bytes });
}

/**
 * The MIMI content bytes inside application data, and their media type: unframed when the room
 * advertises media types, which must then name one the room accepts and be MIMI content.
 */
export function unframeRoomMessage(applicationData: Uint8Array, ctx: Pick<RoomMessageContext, 'accepted'>): { inner: Uint8Array; mediaType: MediaType } {
  let mediaType: MediaType = MIMI;
  let inner = applicationData;
  if (ctx.accepted.length > 0) {
    try {
      const framed = codecs.ApplicationFraming.decode(applicationData);
      inner = framed.inner_application_content;
      mediaType = framed.media_type.media_type.length === 0 ? ctx.accepted[0]! : framed.media_type;
    } catch (err) {
      if (err instanceof DecodeError) throw new RoomMessageError('unframed', `application data is not ApplicationFraming: ${err.message}`, err);
      throw err;
    }
    if (!ctx.accepted.some((m) => sameMediaType(m, mediaType)))
      throw new RoomMessageError('unaccepted-media-type', `the room does not accept ${shownMediaType(mediaType)}`);
  }
  if (!sameMediaType(mediaType, MIMI))
    throw new RoomMessageError(
      'unaccepted-media-type',
      `${shownMediaType(mediaType)} is accepted by the room but is not MIMI content; read it as application data`,
    );
  return { inner, mediaType };
}

export function readRoomMessage(
  applicationData: Uint8Array,
  ctx: RoomMessageContext,
  sender: { user: string; client: string },
  hubTimestamp: bigint | null = null,
): ReceivedRoomMessage {
  const { inner, mediaType } = unframeRoomMessage(applicationData, ctx);
  const content = decodeContentOrThrow(inner);
  const named = (key: number) => {
    const v = content.extensions.get(key);
    return typeof v === 'string' ? v : undefined;
  };
  const claimedSender = named(ExtensionKeys.senderUri);
  if (claimedSender !== undefined && claimedSender !== sender.user)
    throw new RoomMessageError('sender-mismatch', `the content says it is from ${claimedSender}, the MLS sender is ${sender.user}`);
  const claimedRoom = named(ExtensionKeys.roomUri);
  if (claimedRoom !== undefined && claimedRoom !== ctx.roomUri)
    throw new RoomMessageError('room-mismatch', `the content names room ${claimedRoom}, this is ${ctx.roomUri}`);
  return {
    content,
    messageId: computeMessageId({ content: inner, senderUri: sender.user, roomUri: ctx.roomUri }),
    mediaType: formatMediaType(mediaType),
    sender: sender.user,
    senderClient: sender.client,
    room: ctx.roomUri,
    hubTimestamp,
  };
}

/** MIMI content bytes decoded strictly; RoomMessageError('undecodable-content') if they are not. */
export function decodeContentOrThrow(bytes: Uint8Array): MimiContent {
  try {
    return MimiContentCodec.decode(bytes);
  } catch (err) {
    if (err instanceof ContentError) throw new RoomMessageError('undecodable-content', `not valid MIMI content: ${err.message}`, err);
    throw err;
  }
}
