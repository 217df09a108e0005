/**
 * SQL of the hub's delivery queues shared by the PostgreSQL store's writers (acceptAtEpoch,
 * markDelivered, the dead letters).
 */

/**
 * Creates the missing destination rows of a list, in sorted order: two transactions creating the
 * same new destinations wait for each other in one order, never crosswise (no deadlock).
 */
export const ENSURE_DESTINATIONS = `INSERT INTO destinations (destination)
  SELECT DISTINCT d FROM unnest($1::text[]) AS d ORDER BY d ON CONFLICT (destination) DO NOTHING`;

/** Only a destination with something to reset is written (after every delivery, the usual case is nothing). */
export const RESET_DESTINATION = `UPDATE destinations SET attempts = 0, next_attempt_at = 0, last_error = NULL
  WHERE destination = $1 AND (attempts <> 0 OR next_attempt_at <> 0 OR last_error IS NOT NULL)`;
