export { DecodeError, EncodeError, rethrowWithin, rethrowEncodeWithin, type DecodeErrorKind, type EncodeErrorKind } from './errors.ts';
export { DEFAULT_LIMITS, decodeLimits, type DecodeLimits } from './limits.ts';
export { Reader } from './reader.ts';
export { Writer, opaqueVSize, fixedBytesSize, rangedLength, paddingSize, fixedVectorSize, varintPrefixedSize } from './writer.ts';
export { VARINT_MAX, varintSize } from './varint.ts';
export {
  defineCodec,
  decodeContext,
  decodeWith,
  encodeContext,
  type Codec,
  type CodecContext,
  type DecodeOptions,
  type ReadFn,
  type SizeFn,
  type WriteFn,
} from './codec.ts';
export { decodeSequence, encodeSequence } from './sequence.ts';
export { fromHex, HexError, toHex, type HexErrorKind } from './hex.ts';
