/**
 * The ProviderStore on one SQLite file (better-sqlite3): the embedded default. Writes go through
 * the group-commit batcher (write-batcher.ts: one synced transaction per turn of the event loop,
 * one savepoint per write); reads run at once on what is committed. Every method that changes
 * several rows does so inside its one write, so it is atomic by construction: acceptAtEpoch's
 * compare-and-set, its room update and its outbox rows commit together or not at all.
 */
import type Database from 'better-sqlite3';
import {
  checkAcceptance,
  checkAssetId,
  checkCipherSuite,
  checkCount,
  checkPageLimit,
  checkRefusal,
  checkSecretName,
  checkStoredInteger,
  checkTime,
  checkUserFields,
} from '../arguments.ts';
import { StoreError } from '../errors.ts';
import type {
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
  OutboxEntry,
  PendingProposalRecord,
  ProviderStore,
  Refusal,
  RoomHead,
  RoomRecord,
  StoreChange,
  UserRecord,
} from '../types.ts';
import { openConnection } from './connection.ts';
import { ConsentKeyPackageStatements, roomScope } from './consent-key-packages.ts';
import { DeadLetterStatements } from './dead-letters.ts';
import { PruneStatements } from './prune.ts';
import { toStoreError } from './sqlite-errors.ts';
import { WriteBatcher } from './write-batcher.ts';

export interface SqliteStoreOptions {
  /** How long a write waits for another process holding the file's write lock before failing with 'io', in ms. Default 5000. */
  busyTimeoutMs?: number;
  /** Most writes committed in one transaction; a full queue is flushed at once. Default 256. */
  maxBatch?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BATCH = 256;
const MAX_MAX_BATCH = 10_000;

/**
 * Opens (creating it if missing) the store in the SQLite file at `path`. Throws StoreError:
 * 'not-a-store' (another file, or another application's SQLite database), 'newer-schema',
 * 'open-failed' (missing folder, permissions...), 'invalid-argument' (options).
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): ProviderStore {
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  if (!Number.isSafeInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new StoreError('invalid-argument', path, `busyTimeoutMs must be a non-negative integer, got ${String(busyTimeoutMs)}`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > MAX_MAX_BATCH) {
    throw new StoreError('invalid-argument', path, `maxBatch must be an integer from 1 to ${MAX_MAX_BATCH}, got ${String(maxBatch)}`);
  }
  return new SqliteProviderStore(openConnection(path, busyTimeoutMs), path, maxBatch);
}

// Row shapes as better-sqlite3 returns them (safe integers: every INTEGER is a bigint).
interface ClientRow {
  uri: string;
  user: string;
  token_hash: Buffer;
  registered_at: bigint;
}
interface KeyPackageRow {
  id: bigint;
  ref: Buffer;
  client: string;
  cipher_suite: bigint;
  bytes: Buffer;
}
interface RoomRow {
  room_id: string;
  epoch: bigint;
  cipher_suite: bigint;
  group_info: Buffer;
  ratchet_tree: Buffer;
  created_at: bigint;
}
interface DestinationRow {
  destination: string;
  attempts: bigint;
  next_attempt_at: bigint;
  last_error: string | null;
}
interface OutboxRow {
  seq: bigint;
  destination: string;
  room_id: string;
  body: Buffer;
  enqueued_at: bigint;
}
interface InboxRow {
  seq: bigint;
  room_id: string;
  body: Buffer;
  received_at: bigint;
}
interface AbuseReportRow {
  id: bigint;
  room_id: string;
  reporter_domain: string;
  body: Buffer;
  received_at: bigint;
}

/** A fresh Uint8Array (not a Buffer, not a view of a pooled ArrayBuffer) with the bytes. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}

function prepareStatements(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    insertUser: p('INSERT INTO users (uri) VALUES (?) ON CONFLICT (uri) DO NOTHING'),
    deleteUserFields: p('DELETE FROM user_fields WHERE user = ?'),
    insertUserField: p('INSERT INTO user_fields (user, field, value) VALUES (?, ?, ?)'),
    userExists: p('SELECT 1 FROM users WHERE uri = ?').pluck(),
    userFields: p('SELECT field, value FROM user_fields WHERE user = ? ORDER BY field'),
    usersWithField: p('SELECT user FROM user_fields WHERE field = ? AND value = ? ORDER BY user').pluck(),
    insertClient: p('INSERT INTO clients (uri, user, token_hash, registered_at) VALUES (?, ?, ?, ?)'),
    clientByTokenHash: p('SELECT uri, user, token_hash, registered_at FROM clients WHERE token_hash = ?'),
    clientsOf: p('SELECT uri, user, token_hash, registered_at FROM clients WHERE user = ? ORDER BY uri'),

    insertKeyPackage: p('INSERT INTO key_packages (ref, client, cipher_suite, bytes) VALUES (?, ?, ?, ?)'),
    oldestUnclaimedIn: p(
      `SELECT id, ref, client, cipher_suite, bytes FROM key_packages
       WHERE client = ? AND claimed_at IS NULL AND cipher_suite IN (SELECT value FROM json_each(?))
       ORDER BY id LIMIT 1`,
    ),
    anyUnclaimed: p('SELECT 1 FROM key_packages WHERE client = ? AND claimed_at IS NULL LIMIT 1').pluck(),
    markClaimed: p('UPDATE key_packages SET claimed_room = ?, claimed_by = ?, claimed_at = ? WHERE id = ? AND claimed_at IS NULL'),
    keyPackageOwner: p('SELECT client FROM key_packages WHERE ref = ?').pluck(),

    putConsent: p(
      `INSERT INTO consents (requester, target, any_room, room_id, state, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (requester, target, any_room, room_id) DO UPDATE SET state = excluded.state, at = excluded.at`,
    ),
    getConsent: p('SELECT state, at FROM consents WHERE requester = ? AND target = ? AND any_room = ? AND room_id = ?'),

    insertRoom: p(
      `INSERT INTO rooms (room_id, epoch, cipher_suite, group_info, ratchet_tree, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (room_id) DO NOTHING`,
    ),
    getRoom: p('SELECT room_id, epoch, cipher_suite, group_info, ratchet_tree, created_at FROM rooms WHERE room_id = ?'),
    roomEpoch: p('SELECT epoch FROM rooms WHERE room_id = ?').pluck(),
    roomHead: p('SELECT epoch, cipher_suite FROM rooms WHERE room_id = ?'),
    advanceRoom: p('UPDATE rooms SET epoch = ?, group_info = ?, ratchet_tree = ? WHERE room_id = ? AND epoch = ?'),
    pendingProposals: p('SELECT message, accepted_at FROM pending_proposals WHERE room_id = ? ORDER BY id'),
    insertProposal: p('INSERT INTO pending_proposals (room_id, message, accepted_at) VALUES (?, ?, ?)'),
    deleteProposals: p('DELETE FROM pending_proposals WHERE room_id = ?'),

    ensureDestination: p('INSERT INTO destinations (destination) VALUES (?) ON CONFLICT (destination) DO NOTHING'),
    insertOutbox: p('INSERT INTO outbox (destination, room_id, body, enqueued_at) VALUES (?, ?, ?, ?)'),
    pendingDestinations: p(
      `SELECT destination, attempts, next_attempt_at, last_error FROM destinations AS d
       WHERE EXISTS (SELECT 1 FROM outbox AS o WHERE o.destination = d.destination)
       ORDER BY next_attempt_at, destination`,
    ),
    outboxHead: p('SELECT seq, destination, room_id, body, enqueued_at FROM outbox WHERE destination = ? ORDER BY seq LIMIT ?'),
    deleteOutbox: p('DELETE FROM outbox WHERE destination = ? AND seq = ?'),
    // Only a destination with something to reset is written: after every delivery, the usual case
    // (nothing failed) would otherwise rewrite its row, a page more in the WAL per commit.
    resetDestination: p(
      `UPDATE destinations SET attempts = 0, next_attempt_at = 0, last_error = NULL
       WHERE destination = ? AND (attempts <> 0 OR next_attempt_at <> 0 OR last_error IS NOT NULL)`,
    ),
    deferDestination: p(
      `INSERT INTO destinations (destination, attempts, next_attempt_at, last_error) VALUES (?, ?, ?, ?)
       ON CONFLICT (destination) DO UPDATE SET
         attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
    ),
    // Granted when nobody holds the lease, the holder renews it, or the holder's lease ran out.
    leaseDestination: p(
      `INSERT INTO destinations (destination, lease_owner, lease_until) VALUES (?, ?, ?)
       ON CONFLICT (destination) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
       WHERE destinations.lease_owner IS NULL OR destinations.lease_owner = excluded.lease_owner OR destinations.lease_until <= ?`,
    ),

    insertInbound: p('INSERT INTO inbound (room_id, id, body, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (room_id, id) DO NOTHING'),
    subscribe: p('INSERT INTO subscriptions (room_id, client) VALUES (?, ?) ON CONFLICT (room_id, client) DO NOTHING'),
    unsubscribe: p('DELETE FROM subscriptions WHERE room_id = ? AND client = ?'),
    subscribers: p('SELECT client FROM subscriptions WHERE room_id = ? ORDER BY client').pluck(),
    inboxToSubscribers: p('INSERT INTO inbox (client, inbound) SELECT client, ? FROM subscriptions WHERE room_id = ? ORDER BY client'),
    inboxTo: p('INSERT INTO inbox (client, inbound) VALUES (?, ?)'),
    inbox: p(
      `SELECT i.seq, b.room_id, b.body, b.received_at FROM inbox AS i JOIN inbound AS b ON b.n = i.inbound
       WHERE i.client = ? AND i.seq > ? ORDER BY i.seq LIMIT ?`,
    ),
    acknowledgeInbox: p('DELETE FROM inbox WHERE client = ? AND seq <= ?'),

    insertAbuseReport: p('INSERT INTO abuse_reports (room_id, reporter_domain, body, received_at) VALUES (?, ?, ?, ?)'),
    abuseReports: p('SELECT id, room_id, reporter_domain, body, received_at FROM abuse_reports ORDER BY id'),
    abuseReportsOfRoom: p('SELECT id, room_id, reporter_domain, body, received_at FROM abuse_reports WHERE room_id = ? ORDER BY id'),

    insertAsset: p('INSERT INTO assets (id, bytes, stored_at) VALUES (?, ?, ?)'),
    getAsset: p('SELECT bytes FROM assets WHERE id = ?').pluck(),
    keepSecret: p('INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
    getSecret: p('SELECT value FROM secrets WHERE name = ?').pluck(),
  };
}

class SqliteProviderStore implements ProviderStore {
  private closed = false;
  private readonly batcher: WriteBatcher;
  private readonly sql: ReturnType<typeof prepareStatements>;
  private readonly deadLetterSql: DeadLetterStatements;
  private readonly pruneSql: PruneStatements;
  private readonly grantSql: ConsentKeyPackageStatements;

  constructor(
    private readonly db: Database.Database,
    private readonly location: string,
    maxBatch: number,
  ) {
    this.sql = prepareStatements(db);
    this.deadLetterSql = new DeadLetterStatements(db);
    this.pruneSql = new PruneStatements(db);
    this.grantSql = new ConsentKeyPackageStatements(db);
    this.batcher = new WriteBatcher(db, {
      maxBatch,
      batchError: (err, writes) => toStoreError(err, location, `a batch of ${writes} writes was not committed`),
    });
  }

  /** Queues a write for the next group commit; `what` names it in errors. */
  private write<T>(what: string, run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError(what));
    return this.batcher.enqueue(() => {
      try {
        return run();
      } catch (err) {
        throw toStoreError(err, this.location, what);
      }
    });
  }

  /** Runs a read now, on what is committed. */
  private read<T>(what: string, run: () => T): Promise<T> {
    if (this.closed) return Promise.reject(this.closedError(what));
    try {
      return Promise.resolve(run());
    } catch (err) {
      return Promise.reject(toStoreError(err, this.location, what));
    }
  }

  private closedError(what: string): StoreError {
    return new StoreError('closed', this.location, `${what}: the store is closed`);
  }

  private userFields(uri: string): Record<string, string> {
    const rows = this.sql.userFields.all(uri) as { field: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.field, r.value]));
  }

  // ---- directory ----

  putUser(user: UserRecord): Promise<void> {
    return this.write(`putUser ${user.uri}`, () => {
      checkUserFields(this.location, user.uri, user.fields);
      this.sql.insertUser.run(user.uri);
      this.sql.deleteUserFields.run(user.uri);
      for (const [field, value] of Object.entries(user.fields)) this.sql.insertUserField.run(user.uri, field, value);
    });
  }

  getUser(uri: string): Promise<UserRecord | undefined> {
    return this.read(`getUser ${uri}`, () => (this.sql.userExists.get(uri) === undefined ? undefined : { uri, fields: this.userFields(uri) }));
  }

  findUsers(field: string, value: string): Promise<UserRecord[]> {
    return this.read(`findUsers ${field}`, () => (this.sql.usersWithField.all(field, value) as string[]).map((uri) => ({ uri, fields: this.userFields(uri) })));
  }

  registerClient(client: ClientRecord): Promise<void> {
    return this.write(`registerClient ${client.uri}`, () => {
      checkTime(this.location, 'registerClient registeredAt', client.registeredAt);
      this.sql.insertClient.run(client.uri, client.user, client.tokenHash, client.registeredAt);
    });
  }

  clientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined> {
    return this.read('clientByTokenHash', () => {
      const row = this.sql.clientByTokenHash.get(tokenHash) as ClientRow | undefined;
      return row && clientRecord(row);
    });
  }

  clientsOf(user: string): Promise<ClientRecord[]> {
    return this.read(`clientsOf ${user}`, () => (this.sql.clientsOf.all(user) as ClientRow[]).map(clientRecord));
  }

  // ---- KeyPackages ----

  addKeyPackages(keyPackages: readonly KeyPackageRecord[], claim?: KeyPackageClaim): Promise<void> {
    return this.write(`addKeyPackages (${keyPackages.length})`, () => {
      if (claim) checkTime(this.location, 'addKeyPackages claim.at', claim.at);
      for (const kp of keyPackages) {
        checkCipherSuite(this.location, 'addKeyPackages cipherSuite', kp.cipherSuite);
        const added = this.sql.insertKeyPackage.run(kp.ref, kp.client, kp.cipherSuite, kp.bytes);
        if (claim) this.sql.markClaimed.run(claim.roomId, claim.requester, claim.at, added.lastInsertRowid);
      }
    });
  }

  claimKeyPackage(client: string, cipherSuites: readonly number[], claim: KeyPackageClaim): Promise<KeyPackageRecord | KeyPackageShortage> {
    return this.write(`claimKeyPackage ${client}`, () => {
      for (const suite of cipherSuites) checkCipherSuite(this.location, 'claimKeyPackage cipherSuites', suite);
      checkTime(this.location, 'claimKeyPackage at', claim.at);
      const row = this.sql.oldestUnclaimedIn.get(client, JSON.stringify(cipherSuites)) as KeyPackageRow | undefined;
      if (!row) return this.sql.anyUnclaimed.get(client) === undefined ? 'exhausted' : 'incompatible';
      this.sql.markClaimed.run(claim.roomId, claim.requester, claim.at, row.id);
      return { ref: bytes(row.ref), client: row.client, cipherSuite: Number(row.cipher_suite), bytes: bytes(row.bytes) };
    });
  }

  keyPackageOwner(ref: Uint8Array): Promise<string | undefined> {
    return this.read('keyPackageOwner', () => this.sql.keyPackageOwner.get(ref) as string | undefined);
  }

  // ---- consent ----

  putConsent(entry: ConsentRecord): Promise<void> {
    return this.write(`putConsent ${entry.requester} -> ${entry.target}`, () => {
      checkTime(this.location, 'putConsent at', entry.at);
      this.sql.putConsent.run(entry.requester, entry.target, ...roomScope(entry.roomId), entry.state, entry.at);
    });
  }

  getConsent(scope: ConsentScope): Promise<ConsentRecord | undefined> {
    return this.read(`getConsent ${scope.requester} -> ${scope.target}`, () => {
      const row = this.sql.getConsent.get(scope.requester, scope.target, ...roomScope(scope.roomId)) as { state: ConsentState; at: bigint } | undefined;
      return row && { requester: scope.requester, target: scope.target, roomId: scope.roomId, state: row.state, at: Number(row.at) };
    });
  }

  consentsBetween(requester: string, target: string): Promise<ConsentRecord[]> {
    return this.read(`consentsBetween ${requester} -> ${target}`, () => this.grantSql.between(requester, target));
  }

  putGrantedKeyPackages(scope: ConsentScope, keyPackages: readonly GrantedKeyPackage[], receivedAt: number): Promise<void> {
    return this.write(`putGrantedKeyPackages ${scope.requester} -> ${scope.target}`, () => {
      checkTime(this.location, 'putGrantedKeyPackages receivedAt', receivedAt);
      for (const kp of keyPackages) checkCipherSuite(this.location, 'putGrantedKeyPackages cipherSuite', kp.cipherSuite);
      this.grantSql.put(scope, keyPackages, receivedAt);
    });
  }

  takeGrantedKeyPackages(scope: ConsentScope, cipherSuites: readonly number[]): Promise<GrantedKeyPackage[]> {
    return this.write(`takeGrantedKeyPackages ${scope.requester} -> ${scope.target}`, () => {
      for (const suite of cipherSuites) checkCipherSuite(this.location, 'takeGrantedKeyPackages cipherSuites', suite);
      return this.grantSql.take(scope, cipherSuites);
    });
  }

  // ---- hub: rooms ----

  createRoom(room: RoomRecord): Promise<boolean> {
    return this.write(`createRoom ${room.roomId}`, () => {
      checkStoredInteger(this.location, 'createRoom epoch', room.epoch);
      checkCipherSuite(this.location, 'createRoom cipherSuite', room.cipherSuite);
      checkTime(this.location, 'createRoom createdAt', room.createdAt);
      const info = this.sql.insertRoom.run(room.roomId, room.epoch, room.cipherSuite, room.groupInfo, room.ratchetTree, room.createdAt);
      return info.changes === 1;
    });
  }

  getRoom(roomId: string): Promise<RoomRecord | undefined> {
    return this.read(`getRoom ${roomId}`, () => {
      const row = this.sql.getRoom.get(roomId) as RoomRow | undefined;
      return (
        row && {
          roomId: row.room_id,
          epoch: row.epoch,
          cipherSuite: Number(row.cipher_suite),
          groupInfo: bytes(row.group_info),
          ratchetTree: bytes(row.ratchet_tree),
          createdAt: Number(row.created_at),
        }
      );
    });
  }

  roomHead(roomId: string): Promise<RoomHead | undefined> {
    return this.read(`roomHead ${roomId}`, () => {
      const row = this.sql.roomHead.get(roomId) as { epoch: bigint; cipher_suite: bigint } | undefined;
      return row && { epoch: row.epoch, cipherSuite: Number(row.cipher_suite) };
    });
  }

  pendingProposals(roomId: string): Promise<PendingProposalRecord[]> {
    return this.read(`pendingProposals ${roomId}`, () =>
      (this.sql.pendingProposals.all(roomId) as { message: Buffer; accepted_at: bigint }[]).map((r) => ({
        message: bytes(r.message),
        acceptedAt: Number(r.accepted_at),
      })),
    );
  }

  acceptAtEpoch(acceptance: HubAcceptance): Promise<AcceptOutcome> {
    return this.write(`acceptAtEpoch ${acceptance.roomId}`, (): AcceptOutcome => {
      const a = acceptance;
      checkAcceptance(this.location, a);
      const epoch = this.sql.roomEpoch.get(a.roomId) as bigint | undefined;
      if (epoch === undefined) return { accepted: false, noSuchRoom: true };
      if (epoch !== a.epoch) return { accepted: false, currentEpoch: epoch };
      if (a.next) {
        this.sql.advanceRoom.run(a.next.epoch, a.next.groupInfo, a.next.ratchetTree, a.roomId, a.epoch);
        this.sql.deleteProposals.run(a.roomId);
      }
      for (const p of a.proposals ?? []) this.sql.insertProposal.run(a.roomId, p.message, p.acceptedAt);
      for (const f of a.fanout) {
        this.sql.ensureDestination.run(f.destination);
        this.sql.insertOutbox.run(f.destination, a.roomId, f.body, a.acceptedAt);
      }
      return { accepted: true };
    });
  }

  // ---- hub: delivery queues ----

  pendingDestinations(): Promise<DestinationState[]> {
    return this.read('pendingDestinations', () =>
      (this.sql.pendingDestinations.all() as DestinationRow[]).map((r) => ({
        destination: r.destination,
        attempts: Number(r.attempts),
        nextAttemptAt: Number(r.next_attempt_at),
        lastError: r.last_error,
      })),
    );
  }

  outboxHead(destination: string, limit: number): Promise<OutboxEntry[]> {
    return this.read(`outboxHead ${destination}`, () => {
      checkPageLimit(this.location, 'outboxHead', limit);
      return (this.sql.outboxHead.all(destination, limit) as OutboxRow[]).map((r) => ({
        seq: r.seq,
        destination: r.destination,
        roomId: r.room_id,
        body: bytes(r.body),
        enqueuedAt: Number(r.enqueued_at),
      }));
    });
  }

  markDelivered(destination: string, seqs: readonly bigint[]): Promise<void> {
    return this.write(`markDelivered ${destination}`, () => {
      for (const seq of seqs) checkStoredInteger(this.location, 'markDelivered seq', seq);
      for (const seq of seqs) this.sql.deleteOutbox.run(destination, seq);
      this.sql.resetDestination.run(destination);
    });
  }

  deferDestination(state: DestinationState): Promise<void> {
    return this.write(`deferDestination ${state.destination}`, () => {
      checkCount(this.location, 'deferDestination attempts', state.attempts);
      checkTime(this.location, 'deferDestination nextAttemptAt', state.nextAttemptAt);
      this.sql.deferDestination.run(state.destination, state.attempts, state.nextAttemptAt, state.lastError);
    });
  }

  leaseDestination(destination: string, owner: string, until: number, now: number): Promise<boolean> {
    return this.write(`leaseDestination ${destination}`, () => {
      checkTime(this.location, 'leaseDestination until', until);
      checkTime(this.location, 'leaseDestination now', now);
      return this.sql.leaseDestination.run(destination, owner, until, now).changes === 1;
    });
  }

  // ---- hub: dead letters ----

  deadLetter(destination: string, seq: bigint, refusal: Refusal): Promise<bigint | undefined> {
    return this.write(`deadLetter ${destination}`, () => {
      checkStoredInteger(this.location, 'deadLetter seq', seq);
      checkRefusal(this.location, 'deadLetter refusal', refusal);
      return this.deadLetterSql.deadLetter(destination, seq, refusal);
    });
  }

  deadLetters(destination?: string): Promise<DeadLetter[]> {
    return this.read('deadLetters', () => this.deadLetterSql.list(destination));
  }

  requeueDeadLetter(id: bigint, at: number): Promise<boolean> {
    return this.write(`requeueDeadLetter ${id}`, () => {
      checkStoredInteger(this.location, 'requeueDeadLetter id', id);
      checkTime(this.location, 'requeueDeadLetter at', at);
      return this.deadLetterSql.requeue(id, at);
    });
  }

  // ---- follower: inbound fanout and inboxes ----

  applyInbound(fanout: InboundFanout): Promise<'applied' | 'duplicate'> {
    return this.write(`applyInbound ${fanout.roomId}`, () => this.insertInbound(fanout, 'applyInbound'));
  }

  applyInboundBatch(fanouts: readonly InboundFanout[]): Promise<Array<'applied' | 'duplicate'>> {
    // One write is one savepoint of the batcher: a refused fanout rolls back the ones before it too.
    return this.write(`applyInboundBatch ${fanouts[0]?.roomId ?? '(none)'}`, () => fanouts.map((f) => this.insertInbound(f, 'applyInboundBatch')));
  }

  private insertInbound(fanout: InboundFanout, what: string): 'applied' | 'duplicate' {
    checkTime(this.location, `${what} receivedAt`, fanout.receivedAt);
    const inserted = this.sql.insertInbound.run(fanout.roomId, fanout.id, fanout.body, fanout.receivedAt);
    if (inserted.changes === 0) return 'duplicate';
    const inbound = inserted.lastInsertRowid;
    for (const client of fanout.subscribe ?? []) this.sql.subscribe.run(fanout.roomId, client);
    if (fanout.recipients === 'subscribers') this.sql.inboxToSubscribers.run(inbound, fanout.roomId);
    else for (const client of new Set(fanout.recipients)) this.sql.inboxTo.run(client, inbound);
    return 'applied';
  }

  subscribe(roomId: string, client: string): Promise<void> {
    return this.write(`subscribe ${client} to ${roomId}`, () => {
      this.sql.subscribe.run(roomId, client);
    });
  }

  unsubscribe(roomId: string, client: string): Promise<void> {
    return this.write(`unsubscribe ${client} from ${roomId}`, () => {
      this.sql.unsubscribe.run(roomId, client);
    });
  }

  subscribers(roomId: string): Promise<string[]> {
    return this.read(`subscribers ${roomId}`, () => this.sql.subscribers.all(roomId) as string[]);
  }

  inbox(client: string, after: bigint, limit: number): Promise<InboxItem[]> {
    return this.read(`inbox ${client}`, () => {
      checkStoredInteger(this.location, 'inbox after', after);
      checkPageLimit(this.location, 'inbox', limit);
      return (this.sql.inbox.all(client, after, limit) as InboxRow[]).map((r) => ({
        seq: r.seq,
        roomId: r.room_id,
        body: bytes(r.body),
        receivedAt: Number(r.received_at),
      }));
    });
  }

  acknowledgeInbox(client: string, upTo: bigint): Promise<void> {
    return this.write(`acknowledgeInbox ${client}`, () => {
      checkStoredInteger(this.location, 'acknowledgeInbox upTo', upTo);
      this.sql.acknowledgeInbox.run(client, upTo);
    });
  }

  pruneInbound(receivedBefore: number, limit: number): Promise<number> {
    return this.write('pruneInbound', () => {
      checkTime(this.location, 'pruneInbound receivedBefore', receivedBefore);
      checkPageLimit(this.location, 'pruneInbound', limit);
      return this.pruneSql.pruneInbound(receivedBefore, limit);
    });
  }

  // ---- abuse reports ----

  addAbuseReport(report: Omit<AbuseReportRecord, 'id'>): Promise<bigint> {
    return this.write(`addAbuseReport ${report.roomId}`, () => {
      checkTime(this.location, 'addAbuseReport receivedAt', report.receivedAt);
      const info = this.sql.insertAbuseReport.run(report.roomId, report.reporterDomain, report.body, report.receivedAt);
      return BigInt(info.lastInsertRowid);
    });
  }

  abuseReports(roomId?: string): Promise<AbuseReportRecord[]> {
    return this.read('abuseReports', () =>
      ((roomId === undefined ? this.sql.abuseReports.all() : this.sql.abuseReportsOfRoom.all(roomId)) as AbuseReportRow[]).map((r) => ({
        id: r.id,
        roomId: r.room_id,
        reporterDomain: r.reporter_domain,
        body: bytes(r.body),
        receivedAt: Number(r.received_at),
      })),
    );
  }

  // ---- assets and secrets ----

  putAsset(id: string, bytes: Uint8Array, at: number): Promise<void> {
    return this.write(`putAsset ${id}`, () => {
      checkAssetId(this.location, 'putAsset id', id);
      checkTime(this.location, 'putAsset at', at);
      this.sql.insertAsset.run(id, bytes, at);
    });
  }

  getAsset(id: string): Promise<Uint8Array | undefined> {
    return this.read(`getAsset ${id}`, () => {
      const found = this.sql.getAsset.get(id) as Buffer | undefined;
      return found && bytes(found);
    });
  }

  secret(name: string, candidate: Uint8Array): Promise<Uint8Array> {
    return this.write(`secret ${name}`, () => {
      checkSecretName(this.location, 'secret name', name);
      this.sql.keepSecret.run(name, candidate);
      return bytes(this.sql.getSecret.get(name) as Buffer);
    });
  }

  // ---- one process ----

  ping(): Promise<void> {
    return this.read('ping', () => undefined);
  }

  /** One process owns a SQLite store: the provider wakes its own workers, so this feed stays silent. */
  watch(_listener: (change: StoreChange) => void): () => void {
    return () => {};
  }

  /** Commits what is queued, then closes the file. Idempotent; every other call afterwards rejects with 'closed'. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      this.batcher.flush();
    } finally {
      this.db.close();
    }
  }
}

function clientRecord(row: ClientRow): ClientRecord {
  return { uri: row.uri, user: row.user, tokenHash: bytes(row.token_hash), registeredAt: Number(row.registered_at) };
}
