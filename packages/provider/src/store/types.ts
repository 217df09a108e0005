/**
 * The provider's store: everything a MIMI provider must not lose, behind one interface so that the
 * embedded better-sqlite3 adapter (`@mimikit/provider/store/sqlite`) and a PostgreSQL adapter
 * serve the same callers. Every method is async (a network database needs it) and every method
 * that changes several things does so atomically: the provider never composes transactions itself,
 * which is what lets an adapter for several nodes (compare-and-set on the epoch, leases on delivery
 * queues) slot in without changing callers.
 *
 * Durability: when a method's promise resolves, its effect survives a crash of the process
 * (SIGKILL) and of the machine (the adapter syncs before resolving). Callers answer a peer or a
 * client only after that, so "a provider that answered success must deliver" holds.
 *
 * Reads see every write whose promise has resolved, and never a write whose promise has not (a
 * write still queued for the next group commit is invisible until it is committed).
 *
 * Errors: every method rejects with StoreError (errors.ts) and its `code`: 'conflict' (a unique
 * thing exists), 'unknown-reference' (a client of an unknown user...), 'invalid-argument' (a limit
 * or epoch out of range), 'io' (the storage failed: nothing of the call is stored), 'closed'.
 *
 * Every adapter must pass the contract suite (test/support/store-contract.ts, docs/provider-store.md).
 * Times are integer milliseconds since the UNIX epoch (numbers); epochs, seqs and ids are bigint,
 * from 0 to 2^63 - 1 (SQL integers are signed 64-bit; MLS epochs are uint64 but grow by one per commit).
 */

/** A user of this provider's own domain, as its directory lists it (identifierQuery answers from these). */
export interface UserRecord {
  /** Canonical MIMI user URI, e.g. `mimi://a.example/u/alice`. */
  uri: string;
  /** Searchable profile fields: `handle`, `nick`, `email`, `phone`, `displayName`… (draft §5.8 SearchIdentifierType names). */
  fields: Readonly<Record<string, string>>;
}

/** A registered client of a local user. */
export interface ClientRecord {
  /** Canonical MIMI client URI, e.g. `mimi://a.example/d/alice/laptop`. */
  uri: string;
  user: string;
  /** SHA-256 of the client's bearer token (the token itself is never stored). */
  tokenHash: Uint8Array;
  registeredAt: number;
}

/** A KeyPackage a local client uploaded, for keyMaterial to hand out once. */
export interface KeyPackageRecord {
  /** KeyPackageRef (RFC 9420 §5.2), the key Welcomes name it by. */
  ref: Uint8Array;
  client: string;
  /** Cipher suite code point (RFC 9420 §17.1). */
  cipherSuite: number;
  /** The MLSMessage (mls_key_package) bytes as uploaded. */
  bytes: Uint8Array;
}

/** Why claimKeyPackage found nothing: none left, or none in an acceptable cipher suite. */
export type KeyPackageShortage = 'exhausted' | 'incompatible';

/** Who claimed a KeyPackage and for which room (kept with the reservation, for the operator). */
export interface KeyPackageClaim {
  roomId: string;
  requester: string;
  at: number;
}

/** draft §5.7 ConsentOperation, as stored: the latest operation for a scope wins. */
export type ConsentState = 'request' | 'grant' | 'revoke' | 'cancel';

/** draft §5.7 ConsentScope: a requester asks a target, for one room or (roomId null) any room. */
export interface ConsentScope {
  requester: string;
  target: string;
  roomId: string | null;
}

export interface ConsentRecord extends ConsentScope {
  state: ConsentState;
  at: number;
}

/** A room this provider is the hub of: what the hub needs to check the next commit and answer groupInfo. */
export interface RoomRecord {
  roomId: string;
  epoch: bigint;
  cipherSuite: number;
  /** The current epoch's GroupInfo (MLSMessage bytes, without the ratchet_tree extension). */
  groupInfo: Uint8Array;
  /** The current epoch's ratchet tree (RatchetTree bytes, RFC 9420 §12.4.3.3). */
  ratchetTree: Uint8Array;
  createdAt: number;
}

/** A room's current epoch and cipher suite: the part of its RoomRecord read for every message submitted to it. */
export interface RoomHead {
  epoch: bigint;
  cipherSuite: number;
}

/** A proposal the hub accepted in the room's current epoch (draft §5.3: the next commit must include it). */
export interface PendingProposalRecord {
  /** MLSMessage bytes (a PublicMessage proposal). */
  message: Uint8Array;
  acceptedAt: number;
}

/** One FanoutMessage to deliver to one provider (this provider's own domain included: it is delivered locally). */
export interface OutboundFanout {
  destination: string;
  /** The encoded FanoutMessage. */
  body: Uint8Array;
}

/**
 * What the hub accepted at one epoch of a room, applied atomically by acceptAtEpoch: only while the
 * room is still at `epoch` (compare-and-set), so two commits for one epoch never both win.
 */
export interface HubAcceptance {
  roomId: string;
  epoch: bigint;
  acceptedAt: number;
  /** A commit: the room moves to `next.epoch` (epoch + 1) and the epoch's pending proposals are dropped. */
  next?: { epoch: bigint; groupInfo: Uint8Array; ratchetTree: Uint8Array };
  /** Proposals (one client's batch, e.g. a leave): cached, in this order, for the epoch's next commit. */
  proposals?: readonly PendingProposalRecord[];
  /** Everything to fan out, queued in this order per destination. */
  fanout: readonly OutboundFanout[];
}

export type AcceptOutcome = { accepted: true } | { accepted: false; currentEpoch: bigint } | { accepted: false; noSuchRoom: true };

/** A queued FanoutMessage for one destination. */
export interface OutboxEntry {
  /** Position in the provider's outbox: increasing in acceptance order. */
  seq: bigint;
  destination: string;
  roomId: string;
  body: Uint8Array;
  enqueuedAt: number;
}

/** The retry state of one destination's queue (persisted: backoff survives restarts). */
export interface DestinationState {
  destination: string;
  /** Failed attempts since the last success. */
  attempts: number;
  /** Not before this time (0: now). */
  nextAttemptAt: number;
  lastError: string | null;
}

/** A FanoutMessage that arrived by /notify (or from this provider's own hub), for local clients. */
export interface InboundFanout {
  roomId: string;
  /** Stable id: SHA-256 of the FanoutMessage bytes. A byte-identical duplicate is applied once. */
  id: Uint8Array;
  body: Uint8Array;
  receivedAt: number;
  /**
   * Who gets it: `subscribers` (every local client subscribed to the room) or the listed clients
   * (a Welcome goes only to the clients whose KeyPackages it names).
   */
  recipients: 'subscribers' | readonly string[];
  /** Clients to subscribe to the room in the same step (those a Welcome adds). */
  subscribe?: readonly string[];
}

/** One item of a client's inbox. */
export interface InboxItem {
  /** Increasing per client; the client acknowledges up to a seq. */
  seq: bigint;
  roomId: string;
  /** The FanoutMessage bytes. */
  body: Uint8Array;
  receivedAt: number;
}

/**
 * A FanoutMessage a destination refused for good: a permanent 4xx answer to a /notify body carrying
 * it alone. Moved out of the destination's queue (so the queue goes on) and kept for the operator,
 * who may re-queue it (requeueDeadLetter); the provider never deletes one.
 */
export interface DeadLetter {
  id: bigint;
  destination: string;
  roomId: string;
  /** The encoded FanoutMessage, as it was queued. */
  body: Uint8Array;
  /** The HTTP status the destination answered. */
  status: number;
  /** The destination's error text (problem detail), at most MAX_DEAD_LETTER_ERROR characters. */
  error: string;
  /** When the hub queued it. */
  enqueuedAt: number;
  /** When it was refused for good. */
  deadAt: number;
}

/** What the destination said when it refused a FanoutMessage for good (deadLetter). */
export interface Refusal {
  status: number;
  error: string;
  at: number;
}

/**
 * A KeyPackage a consent grant carried (draft §5.7 ConsentEntry.clientKeyPackages), kept at the
 * requester's provider for the requester to add the target without asking for key material.
 */
export interface GrantedKeyPackage {
  /** The target's client the KeyPackage belongs to (its credential's identity). */
  client: string;
  cipherSuite: number;
  /** The MLSMessage (mls_key_package) bytes. */
  bytes: Uint8Array;
}

/** An abuse report (draft §5.10) kept for the operator. */
export interface AbuseReportRecord {
  id: bigint;
  roomId: string;
  /** The provider domain that sent it. */
  reporterDomain: string;
  /** The AbuseReport bytes as received. */
  body: Uint8Array;
  receivedAt: number;
}

/**
 * A change another process sharing the store (a node of the same domain) committed, or this one:
 * 'outbox' (fanout queued or re-queued for `destinations`, or, without them, anything: a lease
 * released, notices missed: delivery workers look at the queues), 'inbox' (inbox items added for
 * `clients`, or for clients unknown when null: waiting long-polls re-read their inboxes).
 */
export type StoreChange = { kind: 'outbox'; destinations?: readonly string[] } | { kind: 'inbox'; clients: readonly string[] | null };

export interface ProviderStore {
  // ---- directory: local users and clients ----
  /** Creates the user or replaces its fields (all of them). Field values must be strings. */
  putUser(user: UserRecord): Promise<void>;
  getUser(uri: string): Promise<UserRecord | undefined>;
  /** Users whose field `field` equals `value` exactly, by URI order. */
  findUsers(field: string, value: string): Promise<UserRecord[]>;
  /**
   * Registers a client of a user in the directory (putUser first: else 'unknown-reference');
   * refuses ('conflict') a client URI or token hash that is already registered.
   */
  registerClient(client: ClientRecord): Promise<void>;
  clientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined>;
  clientsOf(user: string): Promise<ClientRecord[]>;

  // ---- KeyPackages of local clients ----
  /**
   * Adds all or none: a ref already stored ('conflict') or an unregistered client ('unknown-reference') adds none.
   * With `claim`, they are stored as claimed already (a consent grant handed them out, draft §5.7):
   * never handed out by claimKeyPackage, but keyPackageOwner knows them, so the Welcome finds its client.
   */
  addKeyPackages(keyPackages: readonly KeyPackageRecord[], claim?: KeyPackageClaim): Promise<void>;
  /**
   * Reserves one unclaimed KeyPackage of `client` in one of `cipherSuites` (oldest first) and
   * returns it; it is never handed out again. Atomic: two concurrent claims get different ones.
   * 'incompatible': the client has unclaimed KeyPackages, none in these suites; 'exhausted': none
   * unclaimed at all.
   */
  claimKeyPackage(client: string, cipherSuites: readonly number[], claim: KeyPackageClaim): Promise<KeyPackageRecord | KeyPackageShortage>;
  /** The local client that uploaded the KeyPackage with this ref (claimed or not). */
  keyPackageOwner(ref: Uint8Array): Promise<string | undefined>;

  // ---- consent ----
  /** Replaces the entry of the scope: the last call wins (`at` is kept, not compared). */
  putConsent(entry: ConsentRecord): Promise<void>;
  /** The latest entry for exactly this scope (roomId null is its own scope, not a wildcard). */
  getConsent(scope: ConsentScope): Promise<ConsentRecord | undefined>;
  /** The latest entry of every scope between `requester` and `target` (any room first, then by room id). */
  consentsBetween(requester: string, target: string): Promise<ConsentRecord[]>;
  /**
   * Replaces the KeyPackages kept for a consent scope by `keyPackages` (those of the scope's latest
   * grant; an empty list forgets them, as a revoke does). `receivedAt` is kept with them.
   */
  putGrantedKeyPackages(scope: ConsentScope, keyPackages: readonly GrantedKeyPackage[], receivedAt: number): Promise<void>;
  /**
   * Takes (removes and returns) at most one KeyPackage per client of the scope's grant, the oldest
   * in one of `cipherSuites`, by client URI order. Atomic: each is handed out once.
   */
  takeGrantedKeyPackages(scope: ConsentScope, cipherSuites: readonly number[]): Promise<GrantedKeyPackage[]>;

  // ---- hub: rooms ----
  /** Creates a room; false if one with this id exists (nothing changes). */
  createRoom(room: RoomRecord): Promise<boolean>;
  getRoom(roomId: string): Promise<RoomRecord | undefined>;
  /**
   * The room's epoch and cipher suite, without its GroupInfo and tree (a plain read of two
   * columns): the hub reads it for every submitted message and parses the blobs only when its view
   * of that epoch is not cached.
   */
  roomHead(roomId: string): Promise<RoomHead | undefined>;
  /** The proposals accepted in the room's current epoch, in acceptance order. */
  pendingProposals(roomId: string): Promise<PendingProposalRecord[]>;
  /**
   * Applies a HubAcceptance atomically, compare-and-set on the room's epoch, and queues its fanout
   * (each entry at the end of its destination's queue). Refuses ('invalid-argument') a `next` whose
   * epoch is not epoch + 1, and a `next` together with a `proposal`.
   */
  acceptAtEpoch(acceptance: HubAcceptance): Promise<AcceptOutcome>;

  // ---- hub: delivery queues, one per destination ----
  /** Destinations with queued entries, with their state (nextAttemptAt tells the worker when), soonest first. */
  pendingDestinations(): Promise<DestinationState[]>;
  /** The first `limit` (1 to MAX_PAGE) entries of a destination's queue, oldest first. */
  outboxHead(destination: string, limit: number): Promise<OutboxEntry[]>;
  /** Removes delivered entries (seqs of other destinations are ignored) and resets the destination's backoff (attempts 0, nextAttemptAt 0, lastError null). */
  markDelivered(destination: string, seqs: readonly bigint[]): Promise<void>;
  /** Records a failed attempt: the destination's next attempt time, attempt count and error (the lease is kept). */
  deferDestination(state: DestinationState): Promise<void>;
  /**
   * Takes (or renews) the right to deliver a destination's queue until `until`, for `owner` (a
   * node id). True if granted: nobody held it, `owner` held it, or the holder's lease had run out
   * (its `until` <= `now`); false if another owner's lease is live. One node: always true. Several
   * nodes: one at a time, so one destination's queue stays in order. `until` in the past releases it.
   * `now` is the caller's clock (the delivery worker's injected one), never the adapter's: expiry is
   * judged on the same clock as the `until` values were computed on, so a test's fake clock holds.
   */
  leaseDestination(destination: string, owner: string, until: number, now: number): Promise<boolean>;

  // ---- hub: dead letters ----
  /**
   * Moves the entry `seq` of `destination`'s queue to the dead letters with the refusal, atomically,
   * and resets the destination's backoff as markDelivered does (the peer answered: it is up).
   * Returns the dead letter's id, or undefined if the queue has no such entry (nothing changes).
   */
  deadLetter(destination: string, seq: bigint, refusal: Refusal): Promise<bigint | undefined>;
  /** The dead letters, of every destination or of one, by id. */
  deadLetters(destination?: string): Promise<DeadLetter[]>;
  /**
   * Puts a dead letter back at the end of its destination's queue (enqueued at `at`) and removes it
   * from the dead letters, atomically. False if there is no dead letter `id`.
   */
  requeueDeadLetter(id: bigint, at: number): Promise<boolean>;

  // ---- follower: inbound fanout and client inboxes ----
  /**
   * Applies an inbound FanoutMessage once: records its id, subscribes `subscribe`, and adds it to
   * the inbox of each recipient ('subscribers': the room's subscribers after `subscribe`).
   * 'duplicate' (and no change) if this room already has the id. Clients must be registered
   * ('unknown-reference', and nothing applied: a corrected retry is applied).
   */
  applyInbound(fanout: InboundFanout): Promise<'applied' | 'duplicate'>;
  /**
   * Applies several inbound FanoutMessages (one /notify body) in order, atomically: each as
   * applyInbound would (a duplicate, also of an earlier one in `fanouts`, changes nothing), and
   * one outcome per fanout, in order. If any is refused ('unknown-reference'), none is applied.
   */
  applyInboundBatch(fanouts: readonly InboundFanout[]): Promise<Array<'applied' | 'duplicate'>>;
  /** Idempotent; the client must be registered ('unknown-reference'). */
  subscribe(roomId: string, client: string): Promise<void>;
  /** Idempotent. */
  unsubscribe(roomId: string, client: string): Promise<void>;
  /** Local clients subscribed to a room, by URI order. */
  subscribers(roomId: string): Promise<string[]>;
  /** Inbox items of `client` after `after`, oldest first, at most `limit` (1 to MAX_PAGE). Seqs only grow: never reused after an acknowledgement. */
  inbox(client: string, after: bigint, limit: number): Promise<InboxItem[]>;
  /** Deletes the client's items up to and including `upTo`. */
  acknowledgeInbox(client: string, upTo: bigint): Promise<void>;
  /**
   * Forgets up to `limit` (1 to MAX_PAGE) applied inbound FanoutMessages received before
   * `receivedBefore` that no inbox item still holds, oldest first; returns how many. A forgotten
   * id is no longer a duplicate: applyInbound applies it again. The caller picks `receivedBefore`
   * beyond any hub's retry horizon (docs/provider-store.md); it repeats while a full `limit` is pruned.
   */
  pruneInbound(receivedBefore: number, limit: number): Promise<number>;

  // ---- abuse reports ----
  /** Stores a report; returns its id (increasing). */
  addAbuseReport(report: Omit<AbuseReportRecord, 'id'>): Promise<bigint>;
  /** Every report, or those of one room, by id. */
  abuseReports(roomId?: string): Promise<AbuseReportRecord[]>;

  // ---- assets (draft §5.10: the encrypted attachments this provider's clients upload) ----
  /**
   * Stores an asset under `id` (1 to 64 characters of [A-Za-z0-9_-]; the caller makes it random);
   * 'conflict' if the id exists. Durable when resolved, like every write.
   */
  putAsset(id: string, bytes: Uint8Array, at: number): Promise<void>;
  /** The asset's bytes, or undefined for an unknown id. */
  getAsset(id: string): Promise<Uint8Array | undefined>;

  // ---- provider secrets (the hub's franking and GroupInfo signing keys) ----
  /**
   * The secret stored under `name` (1 to 64 characters of [a-z0-9-]), storing `candidate` first if
   * there is none: the first writer wins and every caller gets its value, so nodes of one domain
   * starting at the same instant agree on one key.
   */
  secret(name: string, candidate: Uint8Array): Promise<Uint8Array>;

  // ---- several processes on one store (nodes of one domain) ----
  /** Resolves when the store can serve calls now; rejects with StoreError 'unavailable' (or 'closed') otherwise. Readiness probes ask it. */
  ping(): Promise<void>;
  /**
   * Calls `listener` after changes are committed (by any process sharing the store, this one
   * included); returns the function that stops it. Best effort: a notice can be lost (a reconnect),
   * so callers also look on a timer. An adapter only one process can use (SQLite) may never call it:
   * the provider wakes its own workers itself.
   */
  watch(listener: (change: StoreChange) => void): () => void;

  /** Commits the writes still queued (their promises resolve), then closes. Idempotent; every other call afterwards rejects with StoreError 'closed'. */
  close(): Promise<void>;
}
