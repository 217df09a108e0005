export { allocBytes } from './alloc.ts';
export { decodeUtf8, decodeUtf8OrNull } from './utf8.ts';
