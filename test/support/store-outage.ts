/**
 * A store whose database "goes away" on demand: while `down` is set, every call of the wrapped
 * store rejects with StoreError 'unavailable' (what an adapter does when its database cannot be
 * reached), and nothing reaches the real store. For tests of what the provider answers and does
 * during an outage; the real store underneath (SQLite) is untouched, so the test can read it.
 */
import type { ProviderStore } from '@mimikit/provider';
import { StoreError } from '@mimikit/provider/store';

export interface StoreOutage {
  /** The store to give the provider. */
  store: ProviderStore;
  /** The real store underneath (reads during the outage). */
  inner: ProviderStore;
  down: boolean;
  /** Calls refused while down, by method name. */
  refused: Map<string, number>;
}

/** Methods that keep working while down: closing, and subscribing to the change feed (no database round trip). */
const ALWAYS = new Set(['close', 'watch']);

export function storeOutage(inner: ProviderStore): StoreOutage {
  const outage: StoreOutage = { store: inner, inner, down: false, refused: new Map() };
  outage.store = new Proxy(inner, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== 'function' || typeof name !== 'string' || ALWAYS.has(name)) return value;
      return (...args: unknown[]) => {
        if (outage.down) {
          outage.refused.set(name, (outage.refused.get(name) ?? 0) + 1);
          return Promise.reject(new StoreError('unavailable', 'test outage', `${name}: the database cannot be reached (connection refused)`));
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return outage;
}
