export { ContentError, rethrowIn, type ContentErrorKind } from './errors.ts';
export { contentLimits, DEFAULT_CONTENT_LIMITS, type ContentLimits } from './limits.ts';
export { CborReader, halfToNumber, numberToHalf, preferredFloatSize } from './reader.ts';
export { CborWriter, compareBytes } from './writer.ts';
export { CborFloat, CborSimple, CborTag } from './values.ts';
export { defineContentCodec, type ContentCodec, type ContentDecodeOptions, type ContentEncodeOptions } from './codec.ts';
