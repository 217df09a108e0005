/**
 * @mimikit/provider/store: the interface every provider store implements (see types.ts and
 * docs/provider.md). Adapters: `@mimikit/provider/store/sqlite` (embedded, the default).
 */
export type {
  AbuseReportRecord,
  AcceptOutcome,
  ClientRecord,
  ConsentRecord,
  ConsentScope,
  ConsentState,
  DestinationState,
  HubAcceptance,
  InboundFanout,
  InboxItem,
  KeyPackageClaim,
  KeyPackageRecord,
  KeyPackageShortage,
  OutboundFanout,
  OutboxEntry,
  PendingProposalRecord,
  ProviderStore,
  RoomRecord,
  UserRecord,
} from './types.ts';
