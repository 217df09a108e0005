/**
 * The ProviderStore on PostgreSQL, for a provider domain served by several nodes sharing one
 * database. Every method is one statement or one transaction (connection.ts), and every method
 * that must stay correct when several processes call it at once takes the lock that makes it so:
 *
 * - acceptAtEpoch locks the room row (`SELECT epoch ... FOR NO KEY UPDATE`), compares the epoch,
 *   then writes the room and appends the fanout, in one transaction: of N nodes accepting commits
 *   for one epoch at the same instant, the first to lock wins and the others, once it committed,
 *   read the new epoch and get `currentEpoch`. Outbox seqs are taken under that lock, so one
 *   room's fanout is numbered in commit order.
 * - applyInbound locks the recipients' client rows (inbound.ts), so each client's inbox seqs
 *   appear in commit order.
 * - claimKeyPackage takes the oldest free KeyPackage with `FOR UPDATE SKIP LOCKED`.
 * - leaseDestination is one conditional upsert; secret() is insert-if-absent then read.
 *
 * Durability is the server's: a resolved write was committed under the server's
 * `synchronous_commit` (on by default: the commit record is flushed to the WAL first).
 */
import type { QueryConfig } from 'pg';
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
import { type ChangeFeed, notifyInbox, notifyOutbox, outboxNotice } from './change-feed.ts';
import type { PostgresConnection, Sql } from './connection.ts';
import { putGranted, roomScope, takeGranted } from './consent-key-packages.ts';
import { listDeadLetters, moveToDeadLetters, requeueDeadLetter } from './dead-letters.ts';
import { applyInboundFanouts } from './inbound.ts';
import { RESET_DESTINATION } from './queues.ts';

/** How long ping() waits for `SELECT 1` before the store counts as unavailable, in ms. */
const PING_TIMEOUT_MS = 2000;

interface ClientRow {
  uri: string;
  user_uri: string;
  token_hash: Buffer;
  registered_at: bigint;
}
interface KeyPackageRow {
  id: bigint;
  ref: Buffer;
  client: string;
  cipher_suite: number;
  bytes: Buffer;
}
interface RoomRow {
  room_id: string;
  epoch: bigint;
  cipher_suite: number;
  group_info: Buffer;
  ratchet_tree: Buffer;
  created_at: bigint;
}
interface OutboxRow {
  seq: bigint;
  destination: string;
  room_id: string;
  body: Buffer;
  enqueued_at: bigint;
}
interface AbuseReportRow {
  id: bigint;
  room_id: string;
  reporter_domain: string;
  body: Buffer;
  received_at: bigint;
}

/** A fresh Uint8Array (not a Buffer) with the bytes. */
function bytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}

function clientRecord(row: ClientRow): ClientRecord {
  return { uri: row.uri, user: row.user_uri, tokenHash: bytes(row.token_hash), registeredAt: Number(row.registered_at) };
}

/** Users with their fields, from rows of (uri, field, value) ordered by uri (field null: a user without fields). */
function groupUsers(rows: readonly { uri: string; field: string | null; value: string | null }[]): UserRecord[] {
  const users = new Map<string, Record<string, string>>();
  for (const r of rows) {
    let fields = users.get(r.uri);
    if (!fields) users.set(r.uri, (fields = {}));
    if (r.field !== null && r.value !== null) fields[r.field] = r.value;
  }
  return [...users].map(([uri, fields]) => ({ uri, fields }));
}

export class PostgresProviderStore implements ProviderStore {
  #closed = false;
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #location: string;

  constructor(
    private readonly db: PostgresConnection,
    private readonly feed: ChangeFeed,
  ) {
    this.#location = db.location;
  }

  /** Runs a call unless the store is closed, and tracks it so close() can wait for it. */
  #call<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new StoreError('closed', this.#location, `${what}: the store is closed`));
    const p = run();
    this.#inFlight.add(p);
    const forget = () => this.#inFlight.delete(p);
    p.then(forget, forget);
    return p;
  }

  #query<R extends Record<string, unknown>>(what: string, text: string, values: unknown[] = []): Promise<R[]> {
    return this.#call(what, async () => (await this.db.query<R>(what, text, values)).rows);
  }

  #transaction<T>(what: string, body: (sql: Sql) => Promise<T>): Promise<T> {
    return this.#call(what, () => this.db.transaction(what, body));
  }

  /** Argument checks that throw synchronously become this call's rejection (after the closed check). */
  #checked<T>(what: string, check: () => void, run: () => Promise<T>): Promise<T> {
    return this.#call(what, async () => {
      check();
      return run();
    });
  }

  // ---- directory ----

  putUser(user: UserRecord): Promise<void> {
    const what = `putUser ${user.uri}`;
    return this.#checked(
      what,
      () => checkUserFields(this.#location, user.uri, user.fields),
      () =>
        this.db.transaction(what, async (sql) => {
          const entries = Object.entries(user.fields);
          await sql.query('INSERT INTO users (uri) VALUES ($1) ON CONFLICT (uri) DO NOTHING', [user.uri]);
          // Concurrent putUser of one user: the second waits here, then replaces what the first stored.
          await sql.query('SELECT 1 FROM users WHERE uri = $1 FOR NO KEY UPDATE', [user.uri]);
          await sql.query('DELETE FROM user_fields WHERE user_uri = $1', [user.uri]);
          if (entries.length > 0) {
            await sql.query('INSERT INTO user_fields (user_uri, field, value) SELECT $1, f, v FROM unnest($2::text[], $3::text[]) AS x(f, v)', [
              user.uri,
              entries.map(([f]) => f),
              entries.map(([, v]) => v),
            ]);
          }
        }),
    );
  }

  async getUser(uri: string): Promise<UserRecord | undefined> {
    const rows = await this.#query<{ uri: string; field: string | null; value: string | null }>(
      `getUser ${uri}`,
      'SELECT u.uri, f.field, f.value FROM users AS u LEFT JOIN user_fields AS f ON f.user_uri = u.uri WHERE u.uri = $1 ORDER BY f.field',
      [uri],
    );
    return groupUsers(rows)[0];
  }

  async findUsers(field: string, value: string): Promise<UserRecord[]> {
    const rows = await this.#query<{ uri: string; field: string; value: string }>(
      `findUsers ${field}`,
      `SELECT m.user_uri AS uri, f.field, f.value FROM user_fields AS m JOIN user_fields AS f ON f.user_uri = m.user_uri
       WHERE m.field = $1 AND m.value = $2 ORDER BY m.user_uri, f.field`,
      [field, value],
    );
    return groupUsers(rows);
  }

  registerClient(client: ClientRecord): Promise<void> {
    const what = `registerClient ${client.uri}`;
    return this.#checked(
      what,
      () => checkTime(this.#location, 'registerClient registeredAt', client.registeredAt),
      async () => {
        await this.db.query(what, 'INSERT INTO clients (uri, user_uri, token_hash, registered_at) VALUES ($1, $2, $3, $4)', [
          client.uri,
          client.user,
          client.tokenHash,
          client.registeredAt,
        ]);
      },
    );
  }

  async clientByTokenHash(tokenHash: Uint8Array): Promise<ClientRecord | undefined> {
    const rows = await this.#query<ClientRow & Record<string, unknown>>(
      'clientByTokenHash',
      'SELECT uri, user_uri, token_hash, registered_at FROM clients WHERE token_hash = $1',
      [tokenHash],
    );
    return rows[0] && clientRecord(rows[0]);
  }

  async clientsOf(user: string): Promise<ClientRecord[]> {
    const rows = await this.#query<ClientRow & Record<string, unknown>>(
      `clientsOf ${user}`,
      'SELECT uri, user_uri, token_hash, registered_at FROM clients WHERE user_uri = $1 ORDER BY uri',
      [user],
    );
    return rows.map(clientRecord);
  }

  // ---- KeyPackages ----

  addKeyPackages(keyPackages: readonly KeyPackageRecord[], claim?: KeyPackageClaim): Promise<void> {
    const what = `addKeyPackages (${keyPackages.length})`;
    return this.#checked(
      what,
      () => {
        if (claim) checkTime(this.#location, 'addKeyPackages claim.at', claim.at);
        for (const kp of keyPackages) checkCipherSuite(this.#location, 'addKeyPackages cipherSuite', kp.cipherSuite);
      },
      () =>
        this.db.transaction(what, async (sql) => {
          // One at a time: ids follow the list's order (the oldest is claimed first).
          for (const kp of keyPackages) {
            await sql.query(
              'INSERT INTO key_packages (ref, client, cipher_suite, bytes, claimed_room, claimed_by, claimed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
              [kp.ref, kp.client, kp.cipherSuite, kp.bytes, claim?.roomId ?? null, claim?.requester ?? null, claim?.at ?? null],
            );
          }
        }),
    );
  }

  claimKeyPackage(client: string, cipherSuites: readonly number[], claim: KeyPackageClaim): Promise<KeyPackageRecord | KeyPackageShortage> {
    const what = `claimKeyPackage ${client}`;
    return this.#checked(
      what,
      () => {
        for (const suite of cipherSuites) checkCipherSuite(this.#location, 'claimKeyPackage cipherSuites', suite);
        checkTime(this.#location, 'claimKeyPackage at', claim.at);
      },
      () =>
        this.db.transaction(what, async (sql): Promise<KeyPackageRecord | KeyPackageShortage> => {
          const oldest = `SELECT id, ref, client, cipher_suite, bytes FROM key_packages
            WHERE client = $1 AND claimed_at IS NULL AND cipher_suite = ANY($2::integer[]) ORDER BY id LIMIT 1 FOR UPDATE`;
          // SKIP LOCKED: concurrent claims take different KeyPackages without waiting for each other.
          // Only when every free one is locked does this wait (plain FOR UPDATE): a claimer that then
          // rolls back leaves its KeyPackage free, and this one takes it rather than answering 'exhausted'.
          let row = (await sql.query<KeyPackageRow>(`${oldest} SKIP LOCKED`, [client, [...cipherSuites]])).rows[0];
          row ??= (await sql.query<KeyPackageRow>(oldest, [client, [...cipherSuites]])).rows[0];
          if (!row) {
            const any = await sql.query('SELECT 1 FROM key_packages WHERE client = $1 AND claimed_at IS NULL LIMIT 1', [client]);
            return any.rows.length === 0 ? 'exhausted' : 'incompatible';
          }
          await sql.query('UPDATE key_packages SET claimed_room = $1, claimed_by = $2, claimed_at = $3 WHERE id = $4', [
            claim.roomId,
            claim.requester,
            claim.at,
            row.id,
          ]);
          return { ref: bytes(row.ref), client: row.client, cipherSuite: row.cipher_suite, bytes: bytes(row.bytes) };
        }),
    );
  }

  async keyPackageOwner(ref: Uint8Array): Promise<string | undefined> {
    const rows = await this.#query<{ client: string }>('keyPackageOwner', 'SELECT client FROM key_packages WHERE ref = $1', [ref]);
    return rows[0]?.client;
  }

  // ---- consent ----

  putConsent(entry: ConsentRecord): Promise<void> {
    const what = `putConsent ${entry.requester} -> ${entry.target}`;
    return this.#checked(
      what,
      () => checkTime(this.#location, 'putConsent at', entry.at),
      async () => {
        await this.db.query(
          what,
          `INSERT INTO consents (requester, target, any_room, room_id, state, at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (requester, target, any_room, room_id) DO UPDATE SET state = excluded.state, at = excluded.at`,
          [entry.requester, entry.target, ...roomScope(entry.roomId), entry.state, entry.at],
        );
      },
    );
  }

  async getConsent(scope: ConsentScope): Promise<ConsentRecord | undefined> {
    const rows = await this.#query<{ state: ConsentState; at: bigint }>(
      `getConsent ${scope.requester} -> ${scope.target}`,
      'SELECT state, at FROM consents WHERE requester = $1 AND target = $2 AND any_room = $3 AND room_id = $4',
      [scope.requester, scope.target, ...roomScope(scope.roomId)],
    );
    const row = rows[0];
    return row && { requester: scope.requester, target: scope.target, roomId: scope.roomId, state: row.state, at: Number(row.at) };
  }

  async consentsBetween(requester: string, target: string): Promise<ConsentRecord[]> {
    const rows = await this.#query<{ any_room: boolean; room_id: string; state: ConsentState; at: bigint }>(
      `consentsBetween ${requester} -> ${target}`,
      'SELECT any_room, room_id, state, at FROM consents WHERE requester = $1 AND target = $2 ORDER BY any_room DESC, room_id',
      [requester, target],
    );
    return rows.map((r) => ({ requester, target, roomId: r.any_room ? null : r.room_id, state: r.state, at: Number(r.at) }));
  }

  putGrantedKeyPackages(scope: ConsentScope, keyPackages: readonly GrantedKeyPackage[], receivedAt: number): Promise<void> {
    const what = `putGrantedKeyPackages ${scope.requester} -> ${scope.target}`;
    return this.#checked(
      what,
      () => {
        checkTime(this.#location, 'putGrantedKeyPackages receivedAt', receivedAt);
        for (const kp of keyPackages) checkCipherSuite(this.#location, 'putGrantedKeyPackages cipherSuite', kp.cipherSuite);
      },
      () => this.db.transaction(what, (sql) => putGranted(sql, scope, keyPackages, receivedAt)),
    );
  }

  takeGrantedKeyPackages(scope: ConsentScope, cipherSuites: readonly number[]): Promise<GrantedKeyPackage[]> {
    const what = `takeGrantedKeyPackages ${scope.requester} -> ${scope.target}`;
    return this.#checked(
      what,
      () => {
        for (const suite of cipherSuites) checkCipherSuite(this.#location, 'takeGrantedKeyPackages cipherSuites', suite);
      },
      () => this.db.transaction(what, (sql) => takeGranted(sql, scope, cipherSuites)),
    );
  }

  // ---- hub: rooms ----

  createRoom(room: RoomRecord): Promise<boolean> {
    const what = `createRoom ${room.roomId}`;
    return this.#checked(
      what,
      () => {
        checkStoredInteger(this.#location, 'createRoom epoch', room.epoch);
        checkCipherSuite(this.#location, 'createRoom cipherSuite', room.cipherSuite);
        checkTime(this.#location, 'createRoom createdAt', room.createdAt);
      },
      async () => {
        const inserted = await this.db.query(
          what,
          `INSERT INTO rooms (room_id, epoch, cipher_suite, group_info, ratchet_tree, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (room_id) DO NOTHING`,
          [room.roomId, room.epoch, room.cipherSuite, room.groupInfo, room.ratchetTree, room.createdAt],
        );
        return inserted.rowCount === 1;
      },
    );
  }

  async getRoom(roomId: string): Promise<RoomRecord | undefined> {
    const rows = await this.#query<RoomRow & Record<string, unknown>>(
      `getRoom ${roomId}`,
      'SELECT room_id, epoch, cipher_suite, group_info, ratchet_tree, created_at FROM rooms WHERE room_id = $1',
      [roomId],
    );
    const row = rows[0];
    return (
      row && {
        roomId: row.room_id,
        epoch: row.epoch,
        cipherSuite: row.cipher_suite,
        groupInfo: bytes(row.group_info),
        ratchetTree: bytes(row.ratchet_tree),
        createdAt: Number(row.created_at),
      }
    );
  }

  async roomHead(roomId: string): Promise<RoomHead | undefined> {
    const rows = await this.#query<{ epoch: bigint; cipher_suite: number }>(`roomHead ${roomId}`, 'SELECT epoch, cipher_suite FROM rooms WHERE room_id = $1', [
      roomId,
    ]);
    const row = rows[0];
    return row && { epoch: row.epoch, cipherSuite: row.cipher_suite };
  }

  async pendingProposals(roomId: string): Promise<PendingProposalRecord[]> {
    const rows = await this.#query<{ message: Buffer; accepted_at: bigint }>(
      `pendingProposals ${roomId}`,
      'SELECT message, accepted_at FROM pending_proposals WHERE room_id = $1 ORDER BY id',
      [roomId],
    );
    return rows.map((r) => ({ message: bytes(r.message), acceptedAt: Number(r.accepted_at) }));
  }

  acceptAtEpoch(acceptance: HubAcceptance): Promise<AcceptOutcome> {
    const a = acceptance;
    const what = `acceptAtEpoch ${a.roomId}`;
    return this.#checked(
      what,
      () => checkAcceptance(this.#location, a),
      // One statement (migration-2.ts): lock the room, compare, write, queue and NOTIFY, in the
      // statement's own transaction, so the room's lock is held for no network round trip.
      async (): Promise<AcceptOutcome> => {
        const destinations = a.fanout.map((f) => f.destination);
        const result = await this.db.query<{ epoch: bigint | null }>(
          what,
          'SELECT mimikit_accept_at_epoch($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS epoch',
          [
            a.roomId,
            a.epoch,
            a.acceptedAt,
            a.next?.epoch ?? null,
            a.next?.groupInfo ?? null,
            a.next?.ratchetTree ?? null,
            (a.proposals ?? []).map((p) => p.message),
            (a.proposals ?? []).map((p) => p.acceptedAt),
            destinations,
            a.fanout.map((f) => f.body),
            outboxNotice(destinations),
          ],
        );
        const epoch = result.rows[0]?.epoch ?? null;
        if (epoch === null) return { accepted: false, noSuchRoom: true };
        if (epoch !== a.epoch) return { accepted: false, currentEpoch: epoch };
        return { accepted: true };
      },
    );
  }

  // ---- hub: delivery queues ----

  async pendingDestinations(): Promise<DestinationState[]> {
    const rows = await this.#query<{ destination: string; attempts: bigint; next_attempt_at: bigint; last_error: string | null }>(
      'pendingDestinations',
      `SELECT destination, attempts, next_attempt_at, last_error FROM destinations AS d
       WHERE EXISTS (SELECT 1 FROM outbox AS o WHERE o.destination = d.destination)
       ORDER BY next_attempt_at, destination`,
    );
    return rows.map((r) => ({ destination: r.destination, attempts: Number(r.attempts), nextAttemptAt: Number(r.next_attempt_at), lastError: r.last_error }));
  }

  outboxHead(destination: string, limit: number): Promise<OutboxEntry[]> {
    const what = `outboxHead ${destination}`;
    return this.#checked(
      what,
      () => checkPageLimit(this.#location, 'outboxHead', limit),
      async () => {
        const found = await this.db.query<OutboxRow & Record<string, unknown>>(
          what,
          'SELECT seq, destination, room_id, body, enqueued_at FROM outbox WHERE destination = $1 ORDER BY seq LIMIT $2',
          [destination, limit],
        );
        return found.rows.map((r) => ({ seq: r.seq, destination: r.destination, roomId: r.room_id, body: bytes(r.body), enqueuedAt: Number(r.enqueued_at) }));
      },
    );
  }

  markDelivered(destination: string, seqs: readonly bigint[]): Promise<void> {
    const what = `markDelivered ${destination}`;
    return this.#checked(
      what,
      () => {
        for (const seq of seqs) checkStoredInteger(this.#location, 'markDelivered seq', seq);
      },
      () =>
        this.db.transaction(what, async (sql) => {
          await sql.query('DELETE FROM outbox WHERE destination = $1 AND seq = ANY($2::bigint[])', [destination, [...seqs]]);
          await sql.query(RESET_DESTINATION, [destination]);
        }),
    );
  }

  deferDestination(state: DestinationState): Promise<void> {
    const what = `deferDestination ${state.destination}`;
    return this.#checked(
      what,
      () => {
        checkCount(this.#location, 'deferDestination attempts', state.attempts);
        checkTime(this.#location, 'deferDestination nextAttemptAt', state.nextAttemptAt);
      },
      async () => {
        await this.db.query(
          what,
          `INSERT INTO destinations (destination, attempts, next_attempt_at, last_error) VALUES ($1, $2, $3, $4)
           ON CONFLICT (destination) DO UPDATE SET
             attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at, last_error = excluded.last_error`,
          [state.destination, state.attempts, state.nextAttemptAt, state.lastError],
        );
      },
    );
  }

  leaseDestination(destination: string, owner: string, until: number, now: number): Promise<boolean> {
    const what = `leaseDestination ${destination}`;
    // Granted when nobody holds the lease, the holder renews it, or the holder's lease ran out. The
    // upsert locks the row it updates, so of two nodes asking at once the second sees the first's lease.
    const lease = `INSERT INTO destinations (destination, lease_owner, lease_until) VALUES ($1, $2, $3)
      ON CONFLICT (destination) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
      WHERE destinations.lease_owner IS NULL OR destinations.lease_owner = excluded.lease_owner OR destinations.lease_until <= $4`;
    return this.#checked(
      what,
      () => {
        checkTime(this.#location, 'leaseDestination until', until);
        checkTime(this.#location, 'leaseDestination now', now);
      },
      async () => {
        if (until > now) return (await this.db.query(what, lease, [destination, owner, until, now])).rowCount === 1;
        // A release: other nodes' workers may take the queue now, so tell them (at commit).
        return this.db.transaction(what, async (sql) => {
          const granted = (await sql.query(lease, [destination, owner, until, now])).rowCount === 1;
          if (granted) await notifyOutbox(sql, null);
          return granted;
        });
      },
    );
  }

  // ---- hub: dead letters ----

  deadLetter(destination: string, seq: bigint, refusal: Refusal): Promise<bigint | undefined> {
    const what = `deadLetter ${destination}`;
    return this.#checked(
      what,
      () => {
        checkStoredInteger(this.#location, 'deadLetter seq', seq);
        checkRefusal(this.#location, 'deadLetter refusal', refusal);
      },
      () => this.db.transaction(what, (sql) => moveToDeadLetters(sql, destination, seq, refusal)),
    );
  }

  deadLetters(destination?: string): Promise<DeadLetter[]> {
    return this.#call('deadLetters', () => this.db.read('deadLetters', (sql) => listDeadLetters(sql, destination)));
  }

  requeueDeadLetter(id: bigint, at: number): Promise<boolean> {
    const what = `requeueDeadLetter ${id}`;
    return this.#checked(
      what,
      () => {
        checkStoredInteger(this.#location, 'requeueDeadLetter id', id);
        checkTime(this.#location, 'requeueDeadLetter at', at);
      },
      () => this.db.transaction(what, (sql) => requeueDeadLetter(sql, id, at)),
    );
  }

  // ---- follower: inbound fanout and inboxes ----

  async applyInbound(fanout: InboundFanout): Promise<'applied' | 'duplicate'> {
    const [outcome] = await this.#applyInbound(`applyInbound ${fanout.roomId}`, 'applyInbound', [fanout]);
    return outcome!;
  }

  applyInboundBatch(fanouts: readonly InboundFanout[]): Promise<Array<'applied' | 'duplicate'>> {
    return this.#applyInbound(`applyInboundBatch ${fanouts[0]?.roomId ?? '(none)'}`, 'applyInboundBatch', fanouts);
  }

  #applyInbound(what: string, method: string, fanouts: readonly InboundFanout[]): Promise<Array<'applied' | 'duplicate'>> {
    if (fanouts.length === 0) return this.#call(what, async () => []);
    return this.#transaction(what, async (sql) => {
      const { outcomes, recipients } = await applyInboundFanouts(sql, this.#location, method, fanouts);
      if (recipients.size > 0) await notifyInbox(sql, recipients);
      return outcomes;
    });
  }

  async subscribe(roomId: string, client: string): Promise<void> {
    await this.#query(
      `subscribe ${client} to ${roomId}`,
      'INSERT INTO subscriptions (room_id, client) VALUES ($1, $2) ON CONFLICT (room_id, client) DO NOTHING',
      [roomId, client],
    );
  }

  async unsubscribe(roomId: string, client: string): Promise<void> {
    await this.#query(`unsubscribe ${client} from ${roomId}`, 'DELETE FROM subscriptions WHERE room_id = $1 AND client = $2', [roomId, client]);
  }

  async subscribers(roomId: string): Promise<string[]> {
    const rows = await this.#query<{ client: string }>(`subscribers ${roomId}`, 'SELECT client FROM subscriptions WHERE room_id = $1 ORDER BY client', [
      roomId,
    ]);
    return rows.map((r) => r.client);
  }

  inbox(client: string, after: bigint, limit: number): Promise<InboxItem[]> {
    const what = `inbox ${client}`;
    return this.#checked(
      what,
      () => {
        checkStoredInteger(this.#location, 'inbox after', after);
        checkPageLimit(this.#location, 'inbox', limit);
      },
      async () => {
        const found = await this.db.query<{ seq: bigint; room_id: string; body: Buffer; received_at: bigint }>(
          what,
          `SELECT i.seq, b.room_id, b.body, b.received_at FROM inbox AS i JOIN inbound AS b ON b.n = i.inbound
           WHERE i.client = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3`,
          [client, after, limit],
        );
        return found.rows.map((r) => ({ seq: r.seq, roomId: r.room_id, body: bytes(r.body), receivedAt: Number(r.received_at) }));
      },
    );
  }

  acknowledgeInbox(client: string, upTo: bigint): Promise<void> {
    const what = `acknowledgeInbox ${client}`;
    return this.#checked(
      what,
      () => checkStoredInteger(this.#location, 'acknowledgeInbox upTo', upTo),
      async () => {
        await this.db.query(what, 'DELETE FROM inbox WHERE client = $1 AND seq <= $2', [client, upTo]);
      },
    );
  }

  pruneInbound(receivedBefore: number, limit: number): Promise<number> {
    return this.#checked(
      'pruneInbound',
      () => {
        checkTime(this.#location, 'pruneInbound receivedBefore', receivedBefore);
        checkPageLimit(this.#location, 'pruneInbound', limit);
      },
      async () => {
        // Oldest first, at most `limit` a call; rows an inbox item still points at are kept.
        const pruned = await this.db.query(
          'pruneInbound',
          `DELETE FROM inbound WHERE n IN (
             SELECT n FROM inbound AS b
             WHERE b.received_at < $1 AND NOT EXISTS (SELECT 1 FROM inbox AS i WHERE i.inbound = b.n)
             ORDER BY b.received_at, b.n LIMIT $2)`,
          [receivedBefore, limit],
        );
        return pruned.rowCount ?? 0;
      },
    );
  }

  // ---- abuse reports ----

  addAbuseReport(report: Omit<AbuseReportRecord, 'id'>): Promise<bigint> {
    const what = `addAbuseReport ${report.roomId}`;
    return this.#checked(
      what,
      () => checkTime(this.#location, 'addAbuseReport receivedAt', report.receivedAt),
      async () => {
        const added = await this.db.query<{ id: bigint }>(
          what,
          'INSERT INTO abuse_reports (room_id, reporter_domain, body, received_at) VALUES ($1, $2, $3, $4) RETURNING id',
          [report.roomId, report.reporterDomain, report.body, report.receivedAt],
        );
        return added.rows[0]!.id;
      },
    );
  }

  async abuseReports(roomId?: string): Promise<AbuseReportRecord[]> {
    const columns = 'SELECT id, room_id, reporter_domain, body, received_at FROM abuse_reports';
    const rows =
      roomId === undefined
        ? await this.#query<AbuseReportRow & Record<string, unknown>>('abuseReports', `${columns} ORDER BY id`)
        : await this.#query<AbuseReportRow & Record<string, unknown>>('abuseReports', `${columns} WHERE room_id = $1 ORDER BY id`, [roomId]);
    return rows.map((r) => ({ id: r.id, roomId: r.room_id, reporterDomain: r.reporter_domain, body: bytes(r.body), receivedAt: Number(r.received_at) }));
  }

  // ---- assets and secrets ----

  putAsset(id: string, data: Uint8Array, at: number): Promise<void> {
    const what = `putAsset ${id}`;
    return this.#checked(
      what,
      () => {
        checkAssetId(this.#location, 'putAsset id', id);
        checkTime(this.#location, 'putAsset at', at);
      },
      async () => {
        await this.db.query(what, 'INSERT INTO assets (id, bytes, stored_at) VALUES ($1, $2, $3)', [id, data, at]);
      },
    );
  }

  async getAsset(id: string): Promise<Uint8Array | undefined> {
    const rows = await this.#query<{ bytes: Buffer }>(`getAsset ${id}`, 'SELECT bytes FROM assets WHERE id = $1', [id]);
    return rows[0] && bytes(rows[0].bytes);
  }

  secret(name: string, candidate: Uint8Array): Promise<Uint8Array> {
    const what = `secret ${name}`;
    return this.#checked(
      what,
      () => checkSecretName(this.#location, 'secret name', name),
      async () => {
        // Two nodes at once: the second insert waits for the first's commit, then does nothing; both read the first's value.
        await this.db.query(what, 'INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
        const found = await this.db.query<{ value: Buffer }>(what, 'SELECT value FROM secrets WHERE name = $1', [name]);
        return bytes(found.rows[0]!.value);
      },
    );
  }

  // ---- several processes ----

  ping(): Promise<void> {
    return this.#call('ping', async () => {
      try {
        // query_timeout per query is read by pg's Client.query, though its types omit it.
        await this.db.pool.query({ text: 'SELECT 1', query_timeout: PING_TIMEOUT_MS } as QueryConfig);
      } catch (err) {
        throw new StoreError('unavailable', this.#location, `ping: the database does not answer: ${(err as Error).message}`, { cause: err });
      }
    });
  }

  watch(listener: (change: StoreChange) => void): () => void {
    if (this.#closed) return () => {};
    return this.feed.watch(listener);
  }

  /** Waits for the calls in flight (their promises settle), then closes the pool and the change feed. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#inFlight]);
    await this.feed.close();
    await this.db.pool.end();
  }
}
