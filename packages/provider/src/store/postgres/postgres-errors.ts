/**
 * Turns what `pg` throws into StoreError codes, so callers branch on the store's codes and never on
 * PostgreSQL's SQLSTATEs (the SQLite adapter maps its result codes to the same ones).
 */
import pg from 'pg';
import { StoreError, type StoreErrorCode } from '../errors.ts';

/**
 * SQLSTATEs (and classes, by their first two characters) that mean "the database cannot serve now,
 * retry later": the connection failed or was cut, the server is starting or shutting down, it has
 * no connection slot left, or the statement ran out of time (an overloaded server, or a lock held
 * by a node that vanished until the server's idle-in-transaction timeout frees it).
 */
const UNAVAILABLE_STATES = new Set([
  '57P01', // admin_shutdown: the server is stopping (or a backend was terminated)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or in recovery
  '53300', // too_many_connections
  '57014', // query_canceled: statement_timeout
  '55P03', // lock_not_available: lock_timeout
  '25P03', // idle_in_transaction_session_timeout
]);

const CONSTRAINT_STATES: Readonly<Record<string, StoreErrorCode>> = {
  '23505': 'conflict', // unique_violation
  '23503': 'unknown-reference', // foreign_key_violation
  '23514': 'invalid-argument', // check_violation
  '23502': 'invalid-argument', // not_null_violation
};

/** 40001 serialization_failure, 40P01 deadlock_detected: the transaction was rolled back whole and may simply run again. */
export function isRetryable(err: unknown): boolean {
  return err instanceof pg.DatabaseError && (err.code === '40001' || err.code === '40P01');
}

/**
 * True when the connection itself is gone or unusable (socket errors, "Connection terminated",
 * the pool's connect timeout): the client must be thrown away, not returned to the pool.
 */
export function isConnectionFailure(err: unknown): boolean {
  if (err instanceof pg.DatabaseError) return err.code !== undefined && (err.code.startsWith('08') || UNAVAILABLE_STATES.has(err.code));
  if (!(err instanceof Error) || err instanceof StoreError || err instanceof TypeError || err instanceof RangeError) return false;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('E')) return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE, ENOTFOUND...
  return /connection terminated|timeout exceeded when trying to connect|not queryable|query read timeout|connection timeout/i.test(err.message);
}

function codeOfState(state: string): StoreErrorCode {
  if (CONSTRAINT_STATES[state]) return CONSTRAINT_STATES[state];
  if (state.startsWith('08') || UNAVAILABLE_STATES.has(state)) return 'unavailable';
  // Class 22 (data exception): invalid text representation, numeric out of range, a NUL byte in text...
  if (state.startsWith('22')) return 'invalid-argument';
  return 'io';
}

/** `what`: the operation, for the message (e.g. "registerClient mimi://a.example/d/alice/laptop"). */
export function toStoreError(err: unknown, location: string, what: string): StoreError | Error {
  if (err instanceof StoreError) return err;
  if (err instanceof pg.DatabaseError) {
    const state = err.code ?? '';
    return new StoreError(codeOfState(state), location, `${what}: ${err.message} (SQLSTATE ${state})`, { cause: err });
  }
  if (isConnectionFailure(err)) {
    return new StoreError('unavailable', location, `${what}: the database cannot be reached: ${(err as Error).message}`, { cause: err });
  }
  // pg throws TypeError and RangeError for values it cannot send: the caller's argument is at fault.
  if (err instanceof TypeError || err instanceof RangeError) return new StoreError('invalid-argument', location, `${what}: ${err.message}`, { cause: err });
  return new StoreError('io', location, `${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
