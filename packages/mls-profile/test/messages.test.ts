/**
 * MIMI content in application messages: framing when the room advertises content_media_types,
 * media-type checks, strict decoding, the sender and room the content names checked against the
 * authenticated ones, and the message ID every member computes alike.
 */
import { describe, expect, it } from 'vitest';
import { computeMessageId, reaction, textMessage } from '@mimikit/content';
import { codecs } from '@mimikit/mls';
import { MimiContentCodec } from '@mimikit/mimi-content';
import { parseMediaType } from '../src/advertise/index.ts';
import { readRoomMessage, RoomMessageError, writeRoomMessage, type RoomMessageContext } from '../src/messages/index.ts';

const ROOM = 'mimi://a.example/r/clubhouse';
const ALICE = { user: 'mimi://a.example/u/alice', client: 'mimi://a.example/d/alice/laptop' };
const framedRoom: RoomMessageContext = { roomUri: ROOM, accepted: [parseMediaType('application/mimi-content'), parseMediaType('text/plain;charset=utf-8')] };
const plainRoom: RoomMessageContext = { roomUri: ROOM, accepted: [] };
const salt = new Uint8Array(16).fill(7);

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof RoomMessageError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('room messages', () => {
  it('frames MIMI content as the default media type (empty media_type) and reads it back with its message ID', () => {
    const content = textMessage('Hi everyone', { salt, senderUri: ALICE.user, roomUri: ROOM });
    const data = writeRoomMessage(content, framedRoom);
    const framing = codecs.ApplicationFraming.decode(data);
    expect(framing.media_type.media_type).toEqual(new Uint8Array());
    expect(framing.inner_application_content).toEqual(MimiContentCodec.encode(content));
    const got = readRoomMessage(data, framedRoom, ALICE, 1_700_000_000_000n);
    expect(got.content).toEqual(content);
    expect(got.mediaType).toBe('application/mimi-content');
    expect(got.messageId).toEqual(computeMessageId({ content, senderUri: ALICE.user, roomUri: ROOM }));
    expect({ sender: got.sender, senderClient: got.senderClient, room: got.room, hubTimestamp: got.hubTimestamp }).toEqual({
      ...{ sender: ALICE.user, senderClient: ALICE.client },
      room: ROOM,
      hubTimestamp: 1_700_000_000_000n,
    });
  });

  it('sends unframed content in a room without content_media_types, and the ID does not depend on framing', () => {
    const content = reaction('👍', { salt });
    const plain = writeRoomMessage(content, plainRoom);
    expect(plain).toEqual(MimiContentCodec.encode(content));
    expect(readRoomMessage(plain, plainRoom, ALICE).messageId).toEqual(readRoomMessage(writeRoomMessage(content, framedRoom), framedRoom, ALICE).messageId);
  });

  it('rejects what the room does not accept, what does not decode, and content naming another sender or room', () => {
    const content = textMessage('x', { salt });
    const markdownOnly: RoomMessageContext = { roomUri: ROOM, accepted: [parseMediaType('text/markdown')] };
    expect(code(() => writeRoomMessage(content, markdownOnly))).toBe('unaccepted-media-type');
    const otherType = codecs.ApplicationFraming.encode({ media_type: parseMediaType('image/png'), inner_application_content: new Uint8Array([1]) });
    expect(code(() => readRoomMessage(otherType, framedRoom, ALICE))).toBe('unaccepted-media-type');
    const textPlain = codecs.ApplicationFraming.encode({
      media_type: parseMediaType('text/plain;charset=UTF-8'),
      inner_application_content: new TextEncoder().encode('hi'),
    });
    expect(code(() => readRoomMessage(textPlain, framedRoom, ALICE))).toBe('unaccepted-media-type');
    expect(code(() => readRoomMessage(new Uint8Array([0x83, 1, 2]), plainRoom, ALICE))).toBe('undecodable-content');
    expect(code(() => readRoomMessage(new Uint8Array([0xff]), framedRoom, ALICE))).toBe('unframed');
    const forged = writeRoomMessage(textMessage('x', { salt, senderUri: 'mimi://a.example/u/mallory' }), plainRoom);
    expect(code(() => readRoomMessage(forged, plainRoom, ALICE))).toBe('sender-mismatch');
    const elsewhere = writeRoomMessage(textMessage('x', { salt, roomUri: 'mimi://b.example/r/other' }), plainRoom);
    expect(code(() => readRoomMessage(elsewhere, plainRoom, ALICE))).toBe('room-mismatch');
  });

  it('a framing media type of BOM + the MIMI type is not MIMI content, and one that is not UTF-8 is a RoomMessageError, not a TypeError', () => {
    const inner = MimiContentCodec.encode(textMessage('x', { salt }));
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('application/mimi-content')]);
    const withBom = codecs.ApplicationFraming.encode({ media_type: { media_type: bom, parameters: [] }, inner_application_content: inner });
    expect(code(() => readRoomMessage(withBom, framedRoom, ALICE))).toBe('unaccepted-media-type');
    const notUtf8 = codecs.ApplicationFraming.encode({ media_type: { media_type: Uint8Array.of(0xff), parameters: [] }, inner_application_content: inner });
    expect(code(() => readRoomMessage(notUtf8, framedRoom, ALICE))).toBe('unaccepted-media-type');
    // A room that lists such a type (its content_media_types come from a commit) does not make it MIMI.
    const odd: RoomMessageContext = {
      roomUri: ROOM,
      accepted: [
        { media_type: Uint8Array.of(0xff), parameters: [] },
        { media_type: bom, parameters: [] },
      ],
    };
    expect(code(() => readRoomMessage(notUtf8, odd, ALICE))).toBe('unaccepted-media-type');
    expect(code(() => readRoomMessage(withBom, odd, ALICE))).toBe('unaccepted-media-type');
  });
});
