/**
 * Hex lives in @mimikit/bytes; this subpath and the package index re-export it for the callers
 * that import it from @mimikit/tls (the CLI, older code).
 */
export { fromHex, HexError, toHex, type HexErrorKind } from '@mimikit/bytes';
