export { allocBytes } from './alloc.ts';
export { concatBytes } from './concat.ts';
export { bytesEqual } from './equal.ts';
export { CodecError, type CodecErrorJson, type LimitErrorKind } from './errors.ts';
export { allocationBudget, HEAP_COST, overBudgetDetail } from './heap-cost.ts';
export { fromHex, HexError, hexDigitValue, toHex, type HexErrorKind } from './hex.ts';
export { hexFromJson, JsonMappingError, MissingMembersError, type Json } from './json-mapping.ts';
export { resolveLimits, type CodecLimits } from './limits.ts';
export { decodeUtf8, decodeUtf8OrNull, encodeUtf8 } from './utf8.ts';
