/**
 * The PostgreSQL store's change feed (ProviderStore.watch): writers NOTIFY inside their transaction
 * (`notifyOutbox`, `notifyInbox`), which PostgreSQL delivers at commit and never for a rolled-back
 * transaction, so a listener never hears of a change before it is visible. One dedicated connection
 * (not from the pool: LISTEN belongs to a session) LISTENs on both channels; it is opened on the
 * first watch(), reconnects with backoff after an error, and closes with the store.
 *
 * Best effort, as the interface says: notices sent while the connection was down are lost, so after
 * each reconnection every listener is told "anything may have changed" (outbox, and inbox for
 * unknown clients); callers also look on a timer.
 */
import pg from 'pg';
import type { StoreChange } from '../types.ts';
import type { Sql } from './connection.ts';

const OUTBOX_CHANNEL = 'mimikit_outbox';
const INBOX_CHANNEL = 'mimikit_inbox';
/** NOTIFY payloads must stay under 8000 bytes; a longer recipient list is sent as "unknown" (empty). */
const MAX_PAYLOAD_BYTES = 7000;
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5000;

/** Inside a transaction that queued fanout, re-queued a dead letter or released a lease. */
export async function notifyOutbox(sql: Sql): Promise<void> {
  await sql.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, '']);
}

/** Inside a transaction that added inbox items for `clients`. */
export async function notifyInbox(sql: Sql, clients: Iterable<string>): Promise<void> {
  const list = JSON.stringify([...new Set(clients)]);
  await sql.query('SELECT pg_notify($1, $2)', [INBOX_CHANNEL, Buffer.byteLength(list) <= MAX_PAYLOAD_BYTES ? list : '']);
}

function inboxClients(payload: string | undefined): readonly string[] | null {
  if (!payload) return null;
  try {
    const parsed: unknown = JSON.parse(payload);
    return Array.isArray(parsed) && parsed.every((c) => typeof c === 'string') ? parsed : null;
  } catch {
    return null;
  }
}

export class ChangeFeed {
  readonly #listeners = new Set<(change: StoreChange) => void>();
  #client: pg.Client | undefined;
  #retry: NodeJS.Timeout | undefined;
  #retryMs = FIRST_RETRY_MS;
  #started = false;
  #closed = false;
  /** Set once a connection was lost: the next one tells listeners that anything may have changed. */
  #missedNotices = false;

  constructor(private readonly config: pg.ClientConfig) {}

  watch(listener: (change: StoreChange) => void): () => void {
    if (this.#closed) return () => {};
    this.#listeners.add(listener);
    if (!this.#started) {
      this.#started = true;
      void this.#connect();
    }
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#listeners.clear();
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  #emit(change: StoreChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own; the others still hear of the change.
      }
    }
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client(this.config);
    this.#client = client;
    let lost = false;
    const onLost = () => {
      if (lost) return;
      lost = true;
      this.#missedNotices = true;
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      this.#reconnectLater();
    };
    client.on('error', onLost);
    client.on('end', onLost);
    client.on('notification', (msg) => {
      if (msg.channel === OUTBOX_CHANNEL) this.#emit({ kind: 'outbox' });
      else if (msg.channel === INBOX_CHANNEL) this.#emit({ kind: 'inbox', clients: inboxClients(msg.payload) });
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}; LISTEN ${INBOX_CHANNEL}`);
    } catch {
      onLost();
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#retryMs = FIRST_RETRY_MS;
    if (this.#missedNotices) {
      this.#missedNotices = false;
      this.#emit({ kind: 'outbox' });
      this.#emit({ kind: 'inbox', clients: null });
    }
  }

  #reconnectLater(): void {
    if (this.#closed || this.#retry) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect();
    }, delay);
    this.#retry.unref();
  }
}
