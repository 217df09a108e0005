/**
 * @mimikit/provider/store/sqlite: the embedded ProviderStore on one SQLite file (better-sqlite3),
 * WAL with synchronous = FULL and group commit (docs/provider-store.md).
 */
export { StoreError, type StoreErrorCode } from '../errors.ts';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
/** The schema version this code writes (`PRAGMA user_version` of an up-to-date store file). */
export { SCHEMA_VERSION } from './schema.ts';
export { migrateSqliteStore } from './migrate.ts';
