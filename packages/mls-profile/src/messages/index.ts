/** MIMI content in application messages: framing, media-type checks, message IDs, derived values. */
export {
  decodeContentOrThrow,
  readRoomMessage,
  RoomMessageError,
  unframeRoomMessage,
  writeRoomMessage,
  type ReceivedRoomMessage,
  type RoomMessageContext,
  type RoomMessageErrorCode,
} from './room-message.ts';
