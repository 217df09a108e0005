/**
 * The SQLite store's schema and its migrations. A store file is recognised by `PRAGMA
 * application_id` (MIMI_STORE_APPLICATION_ID, set by the first migration) and versioned by `PRAGMA
 * user_version` (the number of migrations applied). Opening runs the missing migrations, each in
 * its own transaction with the version bump, so a crash mid-migration leaves the previous version;
 * a file of a newer version, or a SQLite file of another application, is refused rather than
 * touched. To change the schema, append a migration: never edit one that has shipped.
 *
 * Tables are STRICT (a value of the wrong type is refused, not coerced). Integers that must stay
 * exact (epochs, sequence numbers, ids) are read as bigint (safe integers); times are integer ms.
 */
import type Database from 'better-sqlite3';
import { newerSchemaError, StoreError } from '../errors.ts';
import type { Migration } from './migration.ts';
import { MIGRATION_2 } from './migration-2.ts';
import { MIGRATION_3 } from './migration-3.ts';

/** 'MIMI' in ASCII: marks a SQLite file as a mimikit provider store (`PRAGMA application_id`). */
export const MIMI_STORE_APPLICATION_ID = 0x4d494d49;

export type { Migration };

/** Migration i brings the schema from version i to version i + 1. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  {
    description: 'directory, KeyPackages, consent, hub rooms and outbox, inbound fanout and inboxes, abuse reports',
    sql: `
      CREATE TABLE users (
        uri TEXT PRIMARY KEY
      ) STRICT;
      CREATE TABLE user_fields (
        user TEXT NOT NULL REFERENCES users (uri) ON DELETE CASCADE,
        field TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (user, field)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX user_fields_by_value ON user_fields (field, value, user);

      CREATE TABLE clients (
        uri TEXT PRIMARY KEY,
        user TEXT NOT NULL REFERENCES users (uri),
        token_hash BLOB NOT NULL UNIQUE,
        registered_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX clients_by_user ON clients (user, uri);

      -- id: upload order, so a claim takes the oldest KeyPackage first.
      CREATE TABLE key_packages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ref BLOB NOT NULL UNIQUE,
        client TEXT NOT NULL REFERENCES clients (uri),
        cipher_suite INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        claimed_room TEXT,
        claimed_by TEXT,
        claimed_at INTEGER
      ) STRICT;
      CREATE INDEX key_packages_unclaimed ON key_packages (client, cipher_suite, id) WHERE claimed_at IS NULL;

      -- One row per scope: any_room = 1 (room_id '') is the scope "any room" (ConsentScope.roomId null).
      CREATE TABLE consents (
        requester TEXT NOT NULL,
        target TEXT NOT NULL,
        any_room INTEGER NOT NULL CHECK (any_room IN (0, 1)),
        room_id TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('request', 'grant', 'revoke', 'cancel')),
        at INTEGER NOT NULL,
        PRIMARY KEY (requester, target, any_room, room_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE rooms (
        room_id TEXT PRIMARY KEY,
        epoch INTEGER NOT NULL CHECK (epoch >= 0),
        cipher_suite INTEGER NOT NULL,
        group_info BLOB NOT NULL,
        ratchet_tree BLOB NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;
      -- The proposals accepted in the room's current epoch; a commit deletes them.
      CREATE TABLE pending_proposals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id TEXT NOT NULL REFERENCES rooms (room_id),
        message BLOB NOT NULL,
        accepted_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX pending_proposals_by_room ON pending_proposals (room_id, id);

      -- One queue per destination: the outbox rows of a destination in seq order. AUTOINCREMENT: a
      -- seq is never reused, even after the newest rows were delivered and deleted.
      CREATE TABLE destinations (
        destination TEXT PRIMARY KEY,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        destination TEXT NOT NULL REFERENCES destinations (destination),
        room_id TEXT NOT NULL,
        body BLOB NOT NULL,
        enqueued_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX outbox_by_destination ON outbox (destination, seq);

      -- Every inbound FanoutMessage applied, once per (room_id, id); inbox items point at its body.
      CREATE TABLE inbound (
        n INTEGER PRIMARY KEY,
        room_id TEXT NOT NULL,
        id BLOB NOT NULL,
        body BLOB NOT NULL,
        received_at INTEGER NOT NULL,
        UNIQUE (room_id, id)
      ) STRICT;
      CREATE TABLE subscriptions (
        room_id TEXT NOT NULL,
        client TEXT NOT NULL REFERENCES clients (uri),
        PRIMARY KEY (room_id, client)
      ) STRICT, WITHOUT ROWID;
      -- AUTOINCREMENT: a client that acknowledged up to seq n never sees a later item numbered <= n.
      CREATE TABLE inbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        client TEXT NOT NULL REFERENCES clients (uri),
        inbound INTEGER NOT NULL REFERENCES inbound (n)
      ) STRICT;
      CREATE INDEX inbox_by_client ON inbox (client, seq);

      CREATE TABLE abuse_reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        room_id TEXT NOT NULL,
        reporter_domain TEXT NOT NULL,
        body BLOB NOT NULL,
        received_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX abuse_reports_by_room ON abuse_reports (room_id, id);
    `,
  },
  MIGRATION_2,
  MIGRATION_3,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Checks that `db` is a mimikit store this code can use (or an empty file, which becomes one) and
 * applies the migrations it lacks, all in one IMMEDIATE transaction with the check: two processes
 * opening a new file at once do not both migrate it, and a crash mid-migration leaves the file as
 * it was. Refuses another application's SQLite file and a newer schema.
 */
export function prepareSchema(db: Database.Database, location: string, migrations: readonly Migration[] = MIGRATIONS): void {
  db.transaction(() => {
    const version = checkStoreIdentity(db, location, migrations);
    for (let v = version; v < migrations.length; v++) {
      const migration = migrations[v]!;
      try {
        db.exec(migration.sql);
      } catch (err) {
        throw new StoreError('open-failed', location, `migration to schema version ${v + 1} (${migration.description}) failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
      // Pragmas take no bound parameters; both values are integers this module computed.
      db.pragma(`application_id = ${MIMI_STORE_APPLICATION_ID}`);
      db.pragma(`user_version = ${v + 1}`);
    }
  }).immediate();
}

/**
 * Reads (never writes) who the file belongs to: returns its schema version if it is a mimikit store
 * this code can open, or 0 for an empty database; throws 'not-a-store' or 'newer-schema' otherwise.
 * Run before anything changes the file (even the switch to WAL), so another application's database
 * is left exactly as it was.
 */
export function checkStoreIdentity(db: Database.Database, location: string, migrations: readonly Migration[] = MIGRATIONS): number {
  const applicationId = Number(db.pragma('application_id', { simple: true }));
  const version = Number(db.pragma('user_version', { simple: true }));
  if (applicationId !== MIMI_STORE_APPLICATION_ID) {
    const objects = Number(db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get());
    if (applicationId !== 0 || version !== 0 || objects !== 0) {
      throw new StoreError(
        'not-a-store',
        location,
        `not a mimikit provider store (SQLite application_id ${applicationId}, user_version ${version}, ${objects} schema objects; a store has application_id ${MIMI_STORE_APPLICATION_ID})`,
      );
    }
  }
  if (version > migrations.length) {
    throw newerSchemaError(location, version, migrations.length);
  }
  return version;
}
