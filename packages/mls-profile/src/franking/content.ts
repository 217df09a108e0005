/**
 * What franking commits to inside a MIMI content message (draft-ietf-mimi-protocol-06 §Message
 * Franking, "Client creation and sending"): the salt (the franking key, 16 random bytes of the
 * content itself), and the `sender_uri` (1) and `room_uri` (2) of the content's extensions map,
 * which a franked message must carry. Read the same way by the sending client, the receiver and
 * the hub operator handling an abuse report.
 */
import { ExtensionKeys } from '@mimikit/content';
import type { MimiContent } from '@mimikit/mimi-content';
import { decodeContentOrThrow, RoomMessageError, unframeRoomMessage, type RoomMessageContext } from '../messages/index.ts';
import { FrankingError } from './errors.ts';

export interface FrankedFields {
  content: MimiContent;
  salt: Uint8Array;
  senderUri: string;
  roomUri: string;
}

/** The committed fields of MIMI content; FrankingError('missing-field') when a URI is absent or not text. */
export function frankedFieldsOf(content: MimiContent, at: string): FrankedFields {
  const text = (key: number, name: string): string => {
    const v = content.extensions.get(key);
    if (typeof v !== 'string')
      throw new FrankingError('missing-field', `${at}.extensions[${key}]`, `a franked message names its ${name} in the extensions map`);
    return v;
  };
  return { content, salt: content.salt, senderUri: text(ExtensionKeys.senderUri, 'sender_uri'), roomUri: text(ExtensionKeys.roomUri, 'room_uri') };
}

/**
 * The committed fields of application data (framed as the room frames it). Content that does not
 * unframe or decode is FrankingError('bad-input') at `at`, its RoomMessageError as cause.
 */
export function frankedFieldsOfData(applicationData: Uint8Array, ctx: Pick<RoomMessageContext, 'accepted'>, at: string): FrankedFields {
  let content: MimiContent;
  try {
    content = decodeContentOrThrow(unframeRoomMessage(applicationData, ctx).inner);
  } catch (err) {
    if (err instanceof RoomMessageError) throw new FrankingError('bad-input', at, `not MIMI content the room accepts: ${err.message}`, { cause: err });
    throw err;
  }
  return frankedFieldsOf(content, at);
}

/** `content` with its sender_uri and room_uri set, for franking; FrankingError('sender-mismatch' / 'room-mismatch') when it names others. */
export function withFrankedFields(content: MimiContent, senderUri: string, roomUri: string): MimiContent {
  const named = (key: number, want: string, code: 'sender-mismatch' | 'room-mismatch', name: string) => {
    const v = content.extensions.get(key);
    if (v !== undefined && v !== want) throw new FrankingError(code, `content.extensions[${key}]`, `the content names ${name} ${String(v)}, not ${want}`);
    return v === undefined;
  };
  const missingSender = named(ExtensionKeys.senderUri, senderUri, 'sender-mismatch', 'sender');
  const missingRoom = named(ExtensionKeys.roomUri, roomUri, 'room-mismatch', 'room');
  if (!missingSender && !missingRoom) return content;
  const extensions = new Map(content.extensions);
  extensions.set(ExtensionKeys.senderUri, senderUri);
  extensions.set(ExtensionKeys.roomUri, roomUri);
  return { ...content, extensions };
}
