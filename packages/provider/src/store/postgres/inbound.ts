/**
 * The PostgreSQL store's follower side (applyInbound, applyInboundBatch) inside one transaction.
 *
 * Inbox seqs come from a sequence, handed out at insert, not at commit. Two nodes adding items for
 * one client at once could commit seq 8 after seq 9 was read and acknowledged, and the client would
 * never see 8. So the recipients' client rows are locked first, in URI order (no deadlock between
 * two appliers), and held to the commit: the items of one client are numbered by one transaction at
 * a time, so a client's seqs appear in commit order, and a client that acknowledged up to n never
 * misses a later item numbered below n. `FOR NO KEY UPDATE` is the lock an UPDATE of a client row
 * would take: it excludes other appliers but not the foreign-key checks of rows pointing at the
 * client (subscriptions, KeyPackages), which take only a key-share lock.
 */
import { checkTime } from '../arguments.ts';
import { StoreError } from '../errors.ts';
import type { InboundFanout } from '../types.ts';
import type { Sql } from './connection.ts';

/** Applies `fanouts` in order; returns one outcome each and the clients that got inbox items. */
export async function applyInboundFanouts(
  sql: Sql,
  location: string,
  what: string,
  fanouts: readonly InboundFanout[],
): Promise<{ outcomes: Array<'applied' | 'duplicate'>; recipients: Set<string> }> {
  for (const f of fanouts) checkTime(location, `${what} receivedAt`, f.receivedAt);
  // Everyone this batch may write an item for: the rooms' subscribers now, the listed recipients and
  // the clients a Welcome subscribes. A subscription committed by someone else after this read is
  // ordered after this batch (its client gets the next message, not these).
  const rooms = [...new Set(fanouts.map((f) => f.roomId))];
  const subscribed = new Map<string, Set<string>>(rooms.map((r) => [r, new Set<string>()]));
  const current = await sql.query<{ room_id: string; client: string }>('SELECT room_id, client FROM subscriptions WHERE room_id = ANY($1::text[])', [rooms]);
  for (const row of current.rows) subscribed.get(row.room_id)?.add(row.client);
  const named = new Set<string>();
  for (const f of fanouts) {
    for (const c of f.subscribe ?? []) named.add(c);
    if (f.recipients !== 'subscribers') for (const c of f.recipients) named.add(c);
  }
  const involved = new Set(named);
  for (const clients of subscribed.values()) for (const c of clients) involved.add(c);
  const locked = await sql.query<{ uri: string }>('SELECT uri FROM clients WHERE uri = ANY($1::text[]) ORDER BY uri FOR NO KEY UPDATE', [[...involved]]);
  const registered = new Set(locked.rows.map((r) => r.uri));
  const unknown = [...named].filter((c) => !registered.has(c));
  if (unknown.length > 0) {
    throw new StoreError('unknown-reference', location, `${what}: unregistered client ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? '...' : ''}`);
  }

  const outcomes: Array<'applied' | 'duplicate'> = [];
  const recipients = new Set<string>();
  for (const f of fanouts) {
    const inserted = await sql.query<{ n: bigint }>(
      'INSERT INTO inbound (room_id, id, body, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (room_id, id) DO NOTHING RETURNING n',
      [f.roomId, f.id, f.body, f.receivedAt],
    );
    const n = inserted.rows[0]?.n;
    if (n === undefined) {
      outcomes.push('duplicate');
      continue;
    }
    const roomSubscribers = subscribed.get(f.roomId)!;
    if (f.subscribe && f.subscribe.length > 0) {
      await sql.query('INSERT INTO subscriptions (room_id, client) SELECT $1, unnest($2::text[]) ON CONFLICT (room_id, client) DO NOTHING', [
        f.roomId,
        [...f.subscribe],
      ]);
      for (const c of f.subscribe) roomSubscribers.add(c);
    }
    const to = f.recipients === 'subscribers' ? [...roomSubscribers].sort() : [...new Set(f.recipients)];
    if (to.length > 0) {
      await sql.query('INSERT INTO inbox (client, inbound) SELECT c, $2 FROM unnest($1::text[]) WITH ORDINALITY AS r(c, i) ORDER BY i', [to, n]);
      for (const c of to) recipients.add(c);
    }
    outcomes.push('applied');
  }
  return { outcomes, recipients };
}
