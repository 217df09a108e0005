/** @mimikit/content: MIMI content support. For now: EDN (CBOR diagnostic notation) helpers. */
export { parseEdn, ednToCbor, cborToEdn, ednHeaderComments, EdnError, EDN_ENCODE_OPTIONS } from './edn.ts';
