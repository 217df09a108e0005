/**
 * @mimikit/provider/store/postgres: the ProviderStore on PostgreSQL (the `pg` client), for a
 * provider domain served by several nodes sharing one database (docs/provider-store.md,
 * "PostgreSQL").
 */
export { StoreError, type StoreErrorCode } from '../errors.ts';
export type { PostgresStoreOptions } from './connection.ts';
export { migratePostgresStore, openPostgresStore } from './open.ts';
/** The schema version this code writes (the highest version in the database's mimikit_schema table). */
export { POSTGRES_SCHEMA_VERSION } from './schema.ts';
