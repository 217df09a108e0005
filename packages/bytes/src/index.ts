export { allocBytes } from './alloc.ts';
