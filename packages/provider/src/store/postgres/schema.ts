/**
 * The PostgreSQL store's schema migrations: versioned, forward only, recorded in a table of their
 * own, `mimikit_schema (version, description, applied_at)`, one row per migration applied.
 *
 * Each migration runs in one transaction together with its version row, under a transaction-level
 * advisory lock (`pg_advisory_xact_lock`): two nodes starting at the same instant on a new
 * database queue on the lock, and the second, re-reading the version under it, finds nothing left
 * to do. A crash mid-migration leaves the previous version (PostgreSQL's DDL is transactional).
 * A database of a newer version ('newer-schema'), or one holding tables but no mimikit_schema
 * ('not-a-store': another application's database), is refused before anything changes. To change
 * the schema, append a migration: never edit one that has shipped.
 */
import { newerSchemaError, StoreError } from '../errors.ts';
import type { Sql } from './connection.ts';
import { MIGRATION_1 } from './migration-1.ts';
import type { PostgresMigration } from './migration.ts';

/** Migration i brings the schema from version i to version i + 1. Append only. */
export const MIGRATIONS: readonly PostgresMigration[] = [MIGRATION_1];

/** The schema version this code writes (the highest `version` in mimikit_schema of an up-to-date database). */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** 'MIMI' in ASCII, the key of the advisory lock migrations take (advisory locks are per database). */
const MIGRATION_LOCK = 0x4d494d49;

/**
 * Reads (never writes) who the database belongs to: its schema version if it is a mimikit store this
 * code can open, or 0 for a database without tables in its current schema (it becomes one); throws
 * 'not-a-store' or 'newer-schema' otherwise.
 */
export async function readSchemaVersion(sql: Sql, location: string, migrations: readonly PostgresMigration[] = MIGRATIONS): Promise<number> {
  const found = await sql.query<{ has_schema_table: boolean; tables: bigint; schema: string | null }>(
    `SELECT to_regclass(format('%I.mimikit_schema', current_schema())) IS NOT NULL AS has_schema_table,
            (SELECT count(*) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
              WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'f')) AS tables,
            current_schema() AS schema`,
  );
  const row = found.rows[0];
  if (!row || row.schema === null) throw new StoreError('open-failed', location, 'the database has no current schema (check search_path)');
  if (!row.has_schema_table) {
    if (row.tables > 0n) {
      throw new StoreError(
        'not-a-store',
        location,
        `not a mimikit provider store: schema "${row.schema}" holds ${row.tables} tables but no mimikit_schema table (use an empty database)`,
      );
    }
    return 0;
  }
  const versions = await sql.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM mimikit_schema');
  const version = versions.rows[0]?.version ?? 0;
  if (version > migrations.length) {
    throw newerSchemaError(location, version, migrations.length);
  }
  return version;
}

/**
 * Applies the migrations the database lacks, each in its own transaction with its version row,
 * under the advisory lock. Returns the version found and the version reached.
 * `sql` must be a dedicated connection outside any transaction.
 */
export async function migrateSchema(sql: Sql, location: string, migrations: readonly PostgresMigration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  let from: number | undefined;
  for (;;) {
    await sql.query('BEGIN');
    try {
      await sql.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const version = await readSchemaVersion(sql, location, migrations);
      from ??= version;
      if (version >= migrations.length) {
        await sql.query('COMMIT');
        return { from, to: version };
      }
      const migration = migrations[version]!;
      if (version === 0) {
        await sql.query(`CREATE TABLE mimikit_schema (
          version integer PRIMARY KEY CHECK (version > 0),
          description text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      }
      try {
        await sql.query(migration.sql);
      } catch (err) {
        throw new StoreError(
          'open-failed',
          location,
          `migration to schema version ${version + 1} (${migration.description}) failed: ${(err as Error).message}`,
          {
            cause: err,
          },
        );
      }
      await sql.query('INSERT INTO mimikit_schema (version, description) VALUES ($1, $2)', [version + 1, migration.description]);
      await sql.query('COMMIT');
    } catch (err) {
      await sql.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }
}

/** Refuses (never changes) a database whose schema is not exactly this code's: the open without `migrate`. */
export async function checkSchemaCurrent(sql: Sql, location: string): Promise<void> {
  const version = await readSchemaVersion(sql, location);
  if (version < POSTGRES_SCHEMA_VERSION) {
    throw new StoreError(
      'open-failed',
      location,
      `store schema version ${version} is older than this mimikit's (${POSTGRES_SCHEMA_VERSION}): run \`mimi provider migrate\` (or open with migrate: true)`,
    );
  }
}
