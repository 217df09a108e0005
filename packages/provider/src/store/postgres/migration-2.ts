/**
 * Schema version 2 of the PostgreSQL store: acceptAtEpoch as one server-side function, so that an
 * acceptance is one round trip (one statement, its own transaction) instead of six (BEGIN, the
 * room lock, the destinations, the outbox, NOTIFY, COMMIT). The room's row lock is the hub's
 * serialization point for a room; with the steps on the client, the lock was held across four
 * network round trips per message, and every node accepting for the room queued behind them
 * (`npm run bench -- provider --store postgres --nodes 1,2`: a second node lowered the one-room
 * rate). Same steps, same locks, same order as before: see postgres-store.ts.
 *
 * p_notice is the change feed's payload (change-feed.ts, outboxNotice: the destinations).
 * Returns the room's epoch as it was under the lock (the acceptance happened iff it equals
 * p_epoch), or NULL when there is no such room.
 */
import type { PostgresMigration } from './migration.ts';

export const MIGRATION_2: PostgresMigration = {
  description: 'acceptAtEpoch in one round trip (function mimikit_accept_at_epoch)',
  sql: `
    CREATE FUNCTION mimikit_accept_at_epoch(
      p_room text, p_epoch bigint, p_accepted_at bigint,
      p_next_epoch bigint, p_next_group_info bytea, p_next_tree bytea,
      p_proposals bytea[], p_proposal_times bigint[],
      p_destinations text[], p_bodies bytea[], p_notice text
    ) RETURNS bigint LANGUAGE plpgsql AS $fn$
    DECLARE
      v_current bigint;
    BEGIN
      -- The compare-and-set: a second acceptance for this room waits here until the first commits,
      -- then reads the epoch it left behind.
      SELECT epoch INTO v_current FROM rooms WHERE room_id = p_room FOR NO KEY UPDATE;
      IF v_current IS NULL OR v_current <> p_epoch THEN
        RETURN v_current;
      END IF;
      IF p_next_epoch IS NOT NULL THEN
        UPDATE rooms SET epoch = p_next_epoch, group_info = p_next_group_info, ratchet_tree = p_next_tree WHERE room_id = p_room;
        DELETE FROM pending_proposals WHERE room_id = p_room;
      END IF;
      INSERT INTO pending_proposals (room_id, message, accepted_at)
        SELECT p_room, m, t FROM unnest(p_proposals, p_proposal_times) WITH ORDINALITY AS p(m, t, i) ORDER BY i;
      IF cardinality(p_destinations) > 0 THEN
        -- New destinations in sorted order: two acceptances creating the same ones never deadlock.
        INSERT INTO destinations (destination)
          SELECT DISTINCT d FROM unnest(p_destinations) AS d ORDER BY d ON CONFLICT (destination) DO NOTHING;
        -- Seqs in the order of the list, under the room lock: one room's fanout in commit order.
        INSERT INTO outbox (destination, room_id, body, enqueued_at)
          SELECT d, p_room, b, p_accepted_at FROM unnest(p_destinations, p_bodies) WITH ORDINALITY AS f(d, b, i) ORDER BY i;
        PERFORM pg_notify('mimikit_outbox', p_notice);
      END IF;
      RETURN v_current;
    END
    $fn$;
  `,
};
