/**
 * The SQLite store's dedupe pruning (ProviderStore.pruneInbound): forgets the oldest applied inbound
 * FanoutMessages that no inbox item points at (an item still to be read needs the row's body).
 */
import type Database from 'better-sqlite3';

export class PruneStatements {
  readonly #prune: Database.Statement;

  constructor(db: Database.Database) {
    // Oldest first, at most `limit` a call: one call holds the write lock only briefly.
    this.#prune = db.prepare(
      `DELETE FROM inbound WHERE n IN (
         SELECT n FROM inbound AS b
         WHERE b.received_at < ? AND NOT EXISTS (SELECT 1 FROM inbox AS i WHERE i.inbound = b.n)
         ORDER BY b.received_at, b.n LIMIT ?)`,
    );
  }

  pruneInbound(receivedBefore: number, limit: number): number {
    return this.#prune.run(receivedBefore, limit).changes;
  }
}
