/**
 * Hex lives in @mimikit/bytes; this subpath and the package index re-export it (not a copy) as part
 * of the TLS runtime's public API, so a codec user needs one import for bytes in and out.
 */
export { fromHex, HexError, toHex, type HexErrorKind } from '@mimikit/bytes';
