/**
 * @mimikit/provider: a MIMI provider, hub and follower (docs/provider.md). `startProvider` runs one
 * from a validated configuration; the store interface is `@mimikit/provider/store`, the embedded
 * adapter `@mimikit/provider/store/sqlite`.
 */
export { startProvider, type RunningProvider, type StartProviderOptions } from './provider.ts';
export { ConfigError, loadConfig, validateConfig, MAX_CONFIG_BYTES } from './config/load.ts';
export { ProviderConfigSchema, type PeerConfig, type ProviderConfig } from './config/schema.ts';
export { LocalClients, INBOX_PAGE, MAX_KEY_PACKAGES_PER_UPLOAD } from './local-clients.ts';
export { Hub, type HubOptions, type RequestOrigin } from './hub/hub.ts';
export { Follower, type FollowerOptions } from './follower/follower.ts';
export { consentDecision, type ConsentDecision } from './follower/consent-decision.ts';
export { DEFAULT_DEDUPE_RETENTION_MS, InboundPruner, type InboundPrunerOptions } from './follower/inbound-pruner.ts';
export { DeliveryWorker, backoffDelay, permanentRefusal, type DeliveryOptions } from './delivery/worker.ts';
export { Peers, UnknownPeerError, type Peer } from './federation/peers.ts';
export type { ProviderStore } from './store/index.ts';
export { freeLoopbackPort, writeLocalFederation, type LocalFederationOptions } from './local-federation.ts';
