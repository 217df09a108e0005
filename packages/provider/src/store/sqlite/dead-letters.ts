/**
 * The SQLite store's dead letters (ProviderStore.deadLetter, deadLetters, requeueDeadLetter): the
 * statements and the synchronous steps the store runs inside one write (one savepoint) each.
 */
import type Database from 'better-sqlite3';
import type { DeadLetter, Refusal } from '../types.ts';

interface DeadLetterRow {
  id: bigint;
  destination: string;
  room_id: string;
  body: Buffer;
  status: bigint;
  error: string;
  enqueued_at: bigint;
  dead_at: bigint;
}

const COLUMNS = 'id, destination, room_id, body, status, error, enqueued_at, dead_at';

export class DeadLetterStatements {
  readonly #moveToDead: Database.Statement;
  readonly #deleteOutbox: Database.Statement;
  readonly #resetDestination: Database.Statement;
  readonly #all: Database.Statement;
  readonly #ofDestination: Database.Statement;
  readonly #byId: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #ensureDestination: Database.Statement;
  readonly #requeue: Database.Statement;

  constructor(db: Database.Database) {
    this.#moveToDead = db.prepare(
      `INSERT INTO dead_letters (destination, room_id, body, status, error, enqueued_at, dead_at)
       SELECT destination, room_id, body, ?, ?, enqueued_at, ? FROM outbox WHERE destination = ? AND seq = ?`,
    );
    this.#deleteOutbox = db.prepare('DELETE FROM outbox WHERE destination = ? AND seq = ?');
    this.#resetDestination = db.prepare('UPDATE destinations SET attempts = 0, next_attempt_at = 0, last_error = NULL WHERE destination = ?');
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM dead_letters ORDER BY id`);
    this.#ofDestination = db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE destination = ? ORDER BY id`);
    this.#byId = db.prepare(`SELECT ${COLUMNS} FROM dead_letters WHERE id = ?`);
    this.#delete = db.prepare('DELETE FROM dead_letters WHERE id = ?');
    this.#ensureDestination = db.prepare('INSERT INTO destinations (destination) VALUES (?) ON CONFLICT (destination) DO NOTHING');
    this.#requeue = db.prepare('INSERT INTO outbox (destination, room_id, body, enqueued_at) VALUES (?, ?, ?, ?)');
  }

  /** Moves one outbox entry to the dead letters; its id, or undefined if the queue has no such entry. */
  deadLetter(destination: string, seq: bigint, refusal: Refusal): bigint | undefined {
    const moved = this.#moveToDead.run(refusal.status, refusal.error, refusal.at, destination, seq);
    if (moved.changes === 0) return undefined;
    this.#deleteOutbox.run(destination, seq);
    this.#resetDestination.run(destination);
    return BigInt(moved.lastInsertRowid);
  }

  list(destination?: string): DeadLetter[] {
    const rows = (destination === undefined ? this.#all.all() : this.#ofDestination.all(destination)) as DeadLetterRow[];
    return rows.map(deadLetter);
  }

  /** Back to the end of its destination's queue; false if there is no such dead letter. */
  requeue(id: bigint, at: number): boolean {
    const row = this.#byId.get(id) as DeadLetterRow | undefined;
    if (!row) return false;
    this.#ensureDestination.run(row.destination);
    this.#requeue.run(row.destination, row.room_id, row.body, at);
    this.#delete.run(id);
    return true;
  }
}

function deadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    destination: row.destination,
    roomId: row.room_id,
    body: new Uint8Array(row.body),
    status: Number(row.status),
    error: row.error,
    enqueuedAt: Number(row.enqueued_at),
    deadAt: Number(row.dead_at),
  };
}
