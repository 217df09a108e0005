/**
 * The PostgreSQL store's dead letters (ProviderStore.deadLetter, deadLetters, requeueDeadLetter),
 * each run inside one transaction by the store.
 */
import type { DeadLetter, Refusal } from '../types.ts';
import { notifyOutbox } from './change-feed.ts';
import type { Sql } from './connection.ts';
import { ENSURE_DESTINATIONS, RESET_DESTINATION } from './queues.ts';

interface DeadLetterRow {
  id: bigint;
  destination: string;
  room_id: string;
  body: Buffer;
  status: number;
  error: string;
  enqueued_at: bigint;
  dead_at: bigint;
}

const COLUMNS = 'id, destination, room_id, body, status, error, enqueued_at, dead_at';

/** Moves one outbox entry to the dead letters and resets the destination's backoff; its id, or undefined if the queue has no such entry. */
export async function moveToDeadLetters(sql: Sql, destination: string, seq: bigint, refusal: Refusal): Promise<bigint | undefined> {
  const moved = await sql.query<{ id: bigint }>(
    `WITH moved AS (DELETE FROM outbox WHERE destination = $1 AND seq = $2 RETURNING destination, room_id, body, enqueued_at)
     INSERT INTO dead_letters (destination, room_id, body, status, error, enqueued_at, dead_at)
     SELECT destination, room_id, body, $3, $4, enqueued_at, $5 FROM moved RETURNING id`,
    [destination, seq, refusal.status, refusal.error, refusal.at],
  );
  const id = moved.rows[0]?.id;
  if (id !== undefined) await sql.query(RESET_DESTINATION, [destination]);
  return id;
}

export async function listDeadLetters(sql: Sql, destination?: string): Promise<DeadLetter[]> {
  const found =
    destination === undefined
      ? await sql.query<DeadLetterRow>(`SELECT ${COLUMNS} FROM dead_letters ORDER BY id`)
      : await sql.query<DeadLetterRow>(`SELECT ${COLUMNS} FROM dead_letters WHERE destination = $1 ORDER BY id`, [destination]);
  return found.rows.map((row) => ({
    id: row.id,
    destination: row.destination,
    roomId: row.room_id,
    body: new Uint8Array(row.body),
    status: row.status,
    error: row.error,
    enqueuedAt: Number(row.enqueued_at),
    deadAt: Number(row.dead_at),
  }));
}

/** Back to the end of its destination's queue; false if there is no such dead letter (or another node took it first). */
export async function requeueDeadLetter(sql: Sql, id: bigint, at: number): Promise<boolean> {
  const taken = await sql.query<{ destination: string; room_id: string; body: Buffer }>(
    'DELETE FROM dead_letters WHERE id = $1 RETURNING destination, room_id, body',
    [id],
  );
  const row = taken.rows[0];
  if (!row) return false;
  await sql.query(ENSURE_DESTINATIONS, [[row.destination]]);
  await sql.query('INSERT INTO outbox (destination, room_id, body, enqueued_at) VALUES ($1, $2, $3, $4)', [row.destination, row.room_id, row.body, at]);
  await notifyOutbox(sql);
  return true;
}
