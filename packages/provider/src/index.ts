/**
 * @mimikit/provider: a MIMI provider, hub and follower (docs/provider.md).
 */
export type { ProviderStore } from './store/index.ts';
