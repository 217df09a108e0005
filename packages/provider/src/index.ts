/**
 * @mimikit/provider: a MIMI provider, hub and follower (docs/provider.md). `startProvider` runs one
 * from a validated configuration; the store interface is `@mimikit/provider/store`, the embedded
 * adapter `@mimikit/provider/store/sqlite`.
 */
export { STORE_OPEN_WAIT_MS, startProvider, type RunningProvider, type StartProviderOptions } from './provider.ts';
export { ConfigError, loadConfig, validateConfig, MAX_CONFIG_BYTES } from './config/load.ts';
export { ProviderConfigSchema, type PeerConfig, type ProviderConfig, type StoreConfig } from './config/schema.ts';
export {
  describeStore,
  isStoreUnavailable,
  migrateConfiguredStore,
  openConfiguredStore,
  openConfiguredStoreWaiting,
  sqlitePath,
} from './configured-store.ts';
export { STORE_UNAVAILABLE_RETRY_AFTER } from './store-outage.ts';
export { LocalClients, INBOX_PAGE, MAX_KEY_PACKAGES_PER_UPLOAD } from './local-clients.ts';
export { Hub, type HubOptions, type RequestOrigin } from './hub/hub.ts';
export { Follower, type FollowerOptions } from './follower/follower.ts';
export { consentDecision, type ConsentDecision } from './follower/consent-decision.ts';
export { DEFAULT_DEDUPE_RETENTION_MS, InboundPruner, type InboundPrunerOptions } from './follower/inbound-pruner.ts';
export { DeliveryWorker, STORE_OUTAGE_MAX_DELAY_MS, backoffDelay, permanentRefusal, type DeliveryOptions } from './delivery/worker.ts';
export { Peers, UnknownPeerError, type Peer } from './federation/peers.ts';
export type { ProviderStore } from './store/index.ts';
export { DEFAULT_PORT_RANGE, freeLoopbackPort, portRange, writeLocalFederation, type LocalFederationOptions } from './local-federation.ts';
