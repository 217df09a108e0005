/**
 * Schema version 3 (appended to MIGRATIONS in schema.ts): assets and provider secrets move into the
 * store, so that every node of a domain on a shared database serves the same attachments and signs
 * with the same keys (the PostgreSQL adapter has the same tables).
 */
import type { Migration } from './migration.ts';

export const MIGRATION_3: Migration = {
  description: 'assets and provider secrets',
  sql: `
    CREATE TABLE assets (
      id TEXT PRIMARY KEY,
      bytes BLOB NOT NULL,
      stored_at INTEGER NOT NULL
    ) STRICT;
    -- The first value stored under a name is kept for good (ProviderStore.secret).
    CREATE TABLE secrets (
      name TEXT PRIMARY KEY,
      value BLOB NOT NULL
    ) STRICT;
  `,
};
