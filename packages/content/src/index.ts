/**
 * @mimikit/content: MIMI content for application writers (build, identify, read, render, encrypt
 * attachments, receipts) on the generated codecs of @mimikit/mimi-content, and EDN helpers.
 */
export * from './api.ts';
export { parseEdn, ednToCbor, cborToEdn, ednHeaderComments, EdnError, EDN_ENCODE_OPTIONS } from './edn.ts';
