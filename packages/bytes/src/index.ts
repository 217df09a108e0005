export { allocBytes } from './alloc.ts';
export { concatBytes } from './concat.ts';
export { allocationBudget, HEAP_COST, overBudgetDetail } from './heap-cost.ts';
export { resolveLimits } from './limits.ts';
export { decodeUtf8, decodeUtf8OrNull } from './utf8.ts';
