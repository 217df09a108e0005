/**
 * Schema version 2 (appended to MIGRATIONS in schema.ts): the hub's dead letters, the index the
 * follower's dedupe pruning needs, and the KeyPackages a consent grant carried (draft §5.7).
 */
import type { Migration } from './migration.ts';

export const MIGRATION_2: Migration = {
  description: 'dead letters, inbound pruning indexes, KeyPackages of consent grants',
  sql: `
    -- FanoutMessages a destination refused for good (a permanent 4xx for the message alone): kept,
    -- never deleted by the provider, for the operator to inspect and re-queue.
    CREATE TABLE dead_letters (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      destination TEXT NOT NULL,
      room_id TEXT NOT NULL,
      body BLOB NOT NULL,
      status INTEGER NOT NULL,
      error TEXT NOT NULL,
      enqueued_at INTEGER NOT NULL,
      dead_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX dead_letters_by_destination ON dead_letters (destination, id);

    -- Pruning forgets old inbound rows that no inbox item points at any more.
    CREATE INDEX inbound_by_received_at ON inbound (received_at);
    CREATE INDEX inbox_by_inbound ON inbox (inbound);

    -- KeyPackages a grant carried (clientKeyPackages), at the requester's provider, per consent scope
    -- (any_room as in consents); each is handed out once, to the requester.
    CREATE TABLE consent_key_packages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      requester TEXT NOT NULL,
      target TEXT NOT NULL,
      any_room INTEGER NOT NULL CHECK (any_room IN (0, 1)),
      room_id TEXT NOT NULL,
      client TEXT NOT NULL,
      cipher_suite INTEGER NOT NULL,
      bytes BLOB NOT NULL,
      received_at INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX consent_key_packages_by_scope ON consent_key_packages (requester, target, any_room, room_id, client, id);
  `,
};
