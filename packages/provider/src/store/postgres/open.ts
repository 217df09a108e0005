/**
 * Opening a PostgreSQL store, and migrating one without opening it (`mimi provider migrate`).
 */
import pg from 'pg';
import { StoreError } from '../errors.ts';
import type { ProviderStore } from '../types.ts';
import { ChangeFeed } from './change-feed.ts';
import { clientConfig, PostgresConnection, type PostgresStoreOptions, resolveOptions } from './connection.ts';
import { PostgresProviderStore } from './postgres-store.ts';
import { isConnectionFailure, toStoreError } from './postgres-errors.ts';
import { checkSchemaCurrent, migrateSchema } from './schema.ts';

/** A failure while opening: connection failures stay 'unavailable' (retry later), the rest is 'open-failed' unless already a StoreError. */
function openError(err: unknown, location: string): StoreError | Error {
  if (err instanceof StoreError) return err;
  if (isConnectionFailure(err)) return toStoreError(err, location, 'open');
  return new StoreError('open-failed', location, `cannot open the store: ${(err as Error).message}`, { cause: err });
}

/**
 * Opens the store in the PostgreSQL database at `url` (`postgres://user:password@host:port/db`):
 * runs the missing schema migrations first (unless `options.migrate` is false: then a database not
 * at POSTGRES_SCHEMA_VERSION is refused with 'open-failed'). Throws StoreError: 'invalid-argument'
 * (URL or options), 'not-a-store' (the database's current schema holds other tables),
 * 'newer-schema', 'unavailable' (the server cannot be reached), 'open-failed' (authentication, a
 * missing database, an out-of-date schema without migrate...).
 */
export async function openPostgresStore(url: string, options?: PostgresStoreOptions): Promise<ProviderStore> {
  const resolved = resolveOptions(url, options);
  const db = new PostgresConnection(url, resolved);
  try {
    const client = await db.pool.connect();
    let broken: Error | undefined;
    try {
      if (resolved.migrate) await migrateSchema(client, resolved.location);
      else await checkSchemaCurrent(client, resolved.location);
    } catch (err) {
      if (isConnectionFailure(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  } catch (err) {
    await db.pool.end().catch(() => {});
    throw openError(err, resolved.location);
  }
  return new PostgresProviderStore(db, new ChangeFeed(clientConfig(url, resolved)));
}

/**
 * Brings the database at `url` to POSTGRES_SCHEMA_VERSION (creating the schema in an empty
 * database) and returns the version found and the version reached; safe to run while nodes are
 * starting (the migrations' advisory lock). Throws StoreError as openPostgresStore does.
 */
export async function migratePostgresStore(url: string): Promise<{ from: number; to: number }> {
  const resolved = resolveOptions(url);
  const client = new pg.Client(clientConfig(url, resolved));
  client.on('error', () => {});
  try {
    await client.connect();
    return await migrateSchema(client, resolved.location);
  } catch (err) {
    throw openError(err, resolved.location);
  } finally {
    await client.end().catch(() => {});
  }
}
