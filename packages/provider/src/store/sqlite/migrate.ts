/**
 * `mimi provider migrate` for a SQLite store: opening a store file runs its missing migrations
 * (schema.ts), so migrating is opening and closing it; the version read before (read-only, without
 * changing the file) is what it was migrated from.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { SCHEMA_VERSION } from './schema.ts';
import { openSqliteStore } from './sqlite-store.ts';

/** Brings the store file at `path` up to SCHEMA_VERSION (creating it when missing); returns the versions before and after. */
export async function migrateSqliteStore(path: string): Promise<{ from: number; to: number }> {
  let from = 0;
  if (existsSync(path)) {
    try {
      const db = new Database(path, { readonly: true, fileMustExist: true });
      try {
        from = Number(db.pragma('user_version', { simple: true }));
      } finally {
        db.close();
      }
    } catch (err) {
      throw new StoreError('open-failed', path, `cannot read its schema version: ${(err as Error).message}`, { cause: err });
    }
  }
  // Refuses another application's file and a newer schema (StoreError) before changing anything.
  await openSqliteStore(path).close();
  return { from, to: SCHEMA_VERSION };
}
