/**
 * The one error every store adapter rejects with: a `code` the provider can branch on (answer 409
 * to a duplicate registration, 400 to a bad argument, 503 to a store that is down) and a
 * `location` naming the store (the SQLite file, or the PostgreSQL database) so an operator reading
 * the log knows which one.
 */

export type StoreErrorCode =
  /** The store was closed (close() was called): nothing more is read or written. */
  | 'closed'
  /** The file (or database) exists but is not a mimikit provider store. */
  | 'not-a-store'
  /** The store was written by a newer mimikit (its schema version is above what this one knows). */
  | 'newer-schema'
  /** The store could not be opened or set up (missing folder, permissions, no WAL...). */
  | 'open-failed'
  /** A unique thing exists already: a registered client URI or token hash, a KeyPackageRef. */
  | 'conflict'
  /** A reference to something the store does not have: a client of an unknown user, a KeyPackage or inbox item of an unknown client. */
  | 'unknown-reference'
  /** An argument the store refuses: a limit out of range, an epoch out of range, a commit whose next epoch is not epoch + 1... */
  | 'invalid-argument'
  /** The storage failed (disk full, I/O error, database locked past the busy timeout): the call's effect is not stored. */
  | 'io'
  /**
   * The database cannot be reached now (connection refused or lost, server starting or shutting
   * down, too many connections): retry later; the provider answers 503 with Retry-After. Nothing of
   * the call is stored, except when the connection was lost during the commit itself: then the
   * outcome is unknown (the server may have committed), and a retry must be idempotent or be
   * refused as a duplicate or stale epoch, which every provider write is.
   */
  | 'unavailable';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    /** The store: the SQLite file path, or the PostgreSQL database. */
    readonly location: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${location}: ${message}`, options);
  }
}

/** A store written by a newer mimikit (its schema `version` is above the `known` one): what every adapter says. */
export function newerSchemaError(location: string, version: number, known: number): StoreError {
  return new StoreError(
    'newer-schema',
    location,
    `store schema version ${version} is newer than this mimikit's (${known}); open it with a newer @mimikit/provider`,
  );
}
