/**
 * Turns what better-sqlite3 throws into StoreError codes, so callers branch on the store's codes and
 * never on SQLite's (a PostgreSQL adapter maps its SQLSTATEs to the same codes).
 */
import Database from 'better-sqlite3';
import { StoreError, type StoreErrorCode } from '../errors.ts';

const CONSTRAINT_CODES: Readonly<Record<string, StoreErrorCode>> = {
  SQLITE_CONSTRAINT_PRIMARYKEY: 'conflict',
  SQLITE_CONSTRAINT_UNIQUE: 'conflict',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'unknown-reference',
  SQLITE_CONSTRAINT_DATATYPE: 'invalid-argument',
  SQLITE_CONSTRAINT_NOTNULL: 'invalid-argument',
  SQLITE_CONSTRAINT_CHECK: 'invalid-argument',
};

/** `what`: the operation, for the message (e.g. "registerClient mimi://a.example/d/alice/laptop"). */
export function toStoreError(err: unknown, location: string, what: string): Error {
  if (err instanceof StoreError) return err;
  if (err instanceof Database.SqliteError) {
    const code = CONSTRAINT_CODES[err.code] ?? (err.code === 'SQLITE_NOTADB' ? 'not-a-store' : 'io');
    return new StoreError(code, location, `${what}: ${err.message} (${err.code})`, { cause: err });
  }
  // better-sqlite3 throws TypeError and RangeError for values it cannot bind (an object, a bigint
  // beyond 64 bits): the caller's argument, not the storage, is at fault.
  if (err instanceof TypeError || err instanceof RangeError) {
    return new StoreError('invalid-argument', location, `${what}: ${err.message}`, { cause: err });
  }
  return err instanceof Error ? err : new Error(String(err));
}
