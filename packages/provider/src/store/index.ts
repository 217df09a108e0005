/**
 * @mimikit/provider/store: the interface every provider store implements (see types.ts and
 * docs/provider-store.md). Adapters: `@mimikit/provider/store/sqlite` (embedded, the default).
 */
export { MAX_DEAD_LETTER_ERROR, MAX_PAGE, MAX_STORED_INTEGER } from './arguments.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export type {
  AbuseReportRecord,
  AcceptOutcome,
  ClientRecord,
  ConsentRecord,
  ConsentScope,
  ConsentState,
  DeadLetter,
  DestinationState,
  GrantedKeyPackage,
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
  Refusal,
  RoomHead,
  RoomRecord,
  StoreChange,
  UserRecord,
} from './types.ts';
