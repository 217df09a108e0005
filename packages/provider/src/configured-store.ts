/**
 * The store a provider configuration names (`store` in docs/provider.md): the embedded SQLite file,
 * or a PostgreSQL database several nodes of one domain share. One place opens, migrates and names
 * it, for startProvider and the `mimi provider` commands alike.
 */
import type { StoreConfig } from './config/schema.ts';
import { StoreError, type ProviderStore } from './store/index.ts';
import { migratePostgresStore, openPostgresStore } from './store/postgres/index.ts';
import { migrateSqliteStore, openSqliteStore } from './store/sqlite/index.ts';

/** The SQLite file of a store configuration, or null for PostgreSQL. */
export function sqlitePath(store: StoreConfig): string | null {
  return 'path' in store ? store.path : null;
}

/** The store for logs and messages: the SQLite path, or the PostgreSQL URL without its password. */
export function describeStore(store: StoreConfig): string {
  if ('path' in store) return store.path;
  try {
    const url = new URL(store.url);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Opens the configured store (PostgreSQL: runs its missing migrations first). */
export async function openConfiguredStore(store: StoreConfig): Promise<ProviderStore> {
  if ('path' in store) return openSqliteStore(store.path);
  return openPostgresStore(store.url, store.maxConnections === undefined ? {} : { maxConnections: store.maxConnections });
}

/** Brings the configured store's schema up to date; returns the versions before and after. */
export async function migrateConfiguredStore(store: StoreConfig): Promise<{ from: number; to: number }> {
  if ('path' in store) return migrateSqliteStore(store.path);
  return migratePostgresStore(store.url);
}

/** Whether `err` says the store cannot be reached now (StoreError 'unavailable'): retry later, not the caller's fault. */
export function isStoreUnavailable(err: unknown): err is StoreError {
  return err instanceof StoreError && err.code === 'unavailable';
}

/**
 * Opens the configured store, waiting up to `waitMs` while the database is unavailable (a node and
 * its database started together, or the database restarting): each failure is reported to
 * `waiting`, then retried after a growing pause (at most 2 s). Any other error, or still
 * unavailable at the deadline, is thrown: a node that cannot reach its store does not start.
 */
export async function openConfiguredStoreWaiting(
  store: StoreConfig,
  waitMs: number,
  waiting: (err: StoreError, retryInMs: number) => void,
  now: () => number = Date.now,
): Promise<ProviderStore> {
  const deadline = now() + waitMs;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
    try {
      return await openConfiguredStore(store);
    } catch (err) {
      const left = deadline - now();
      if (!isStoreUnavailable(err) || left <= 0) throw err;
      const retryInMs = Math.min(pause, left);
      waiting(err, retryInMs);
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}
