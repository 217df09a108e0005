/**
 * Opens a store file: refuses what is not a mimikit store before changing anything, then sets the
 * durability pragmas and brings the schema up to date.
 *
 * - `journal_mode = WAL`: readers never block the writer, and a commit appends to the log instead
 *   of rewriting pages (one fsync of the WAL per commit). Persistent in the file.
 * - `synchronous = FULL`: COMMIT returns only after the WAL is synced, so an acknowledged write
 *   survives a crash of the machine, not only of the process (NORMAL would risk the last commits
 *   on power loss). Per connection, so set on every open.
 * - `foreign_keys = ON`: a client of an unknown user, an inbox item of an unknown client are refused.
 * - busy timeout: another process holding the write lock is waited for, up to `busyTimeoutMs`.
 */
import Database from 'better-sqlite3';
import { StoreError } from '../errors.ts';
import { checkStoreIdentity, prepareSchema } from './schema.ts';
import { toStoreError } from './sqlite-errors.ts';

export function openConnection(path: string, busyTimeoutMs: number): Database.Database {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (err) {
    throw new StoreError('open-failed', path, `cannot open the store file: ${(err as Error).message}`, { cause: err });
  }
  try {
    // Epochs, sequence numbers and ids come back as bigint, exact beyond 2^53.
    db.defaultSafeIntegers(true);
    checkStoreIdentity(db, path);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('open-failed', path, `cannot switch the store to WAL journal mode (SQLite answered '${String(mode)}')`);
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    prepareSchema(db, path);
    return db;
  } catch (err) {
    db.close();
    throw toStoreError(err, path, 'open');
  }
}
