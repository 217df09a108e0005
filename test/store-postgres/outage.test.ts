/**
 * The PostgreSQL store when the database goes away: connections killed under it, and the server
 * stopped (crashed) and started again. Calls fail with 'unavailable' (never hang, never crash the
 * process), ping() says so, and the same store recovers by itself once the server is back, with
 * everything acknowledged before still there; its change feed reconnects too.
 */
import type { ProviderStore, StoreChange } from '@mimikit/provider/store';
import { StoreError } from '@mimikit/provider/store';
import { openPostgresStore } from '@mimikit/provider/store/postgres';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { clusterPerFile, waitFor } from '../support/postgres-databases.ts';

const NOW = 1_760_000_000_000;
const ROOM = 'mimi://a.example/r/garden';
const text = (s: string) => new TextEncoder().encode(s);

const databases = clusterPerFile('outage');

/** Resolves true once `call` succeeds; every failure on the way must be StoreError 'unavailable'. */
async function succeedsAgain(call: () => Promise<unknown>): Promise<void> {
  await waitFor(async () => {
    try {
      await call();
      return true;
    } catch (err) {
      expect(err).toBeInstanceOf(StoreError);
      expect((err as StoreError).code).toBe('unavailable');
      return false;
    }
  }, 30_000);
}

const room = { roomId: ROOM, epoch: 0n, cipherSuite: 1, groupInfo: text('gi'), ratchetTree: text('tree'), createdAt: NOW };
const message = (n: number) => ({ roomId: ROOM, epoch: 0n, acceptedAt: NOW, fanout: [{ destination: 'b.example', body: text(`m${n}`) }] });

describe('PostgreSQL store outages', () => {
  it('survives its connections being killed (idle ones included): the next calls reconnect, the change feed too', async () => {
    const url = await databases.migrated();
    const options = { maxConnections: 4, connectTimeoutMs: 2000, statementTimeoutMs: 5000 };
    const [store, other] = [await openPostgresStore(url, options), await openPostgresStore(url, options)];
    try {
      await store.createRoom(room);
      // Fill the pool with idle connections.
      await Promise.all(Array.from({ length: 4 }, (_, i) => store.acceptAtEpoch(message(i))));
      const changes: StoreChange[] = [];
      store.watch((c) => changes.push(c));
      await waitFor(async () => {
        await other.acceptAtEpoch(message(100));
        return changes.length > 0;
      });

      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(2);

      await succeedsAgain(() => store.ping());
      await succeedsAgain(() => store.acceptAtEpoch(message(5)));
      // The feed reconnected: it says anything may have changed, then hears the other node again.
      await waitFor(async () => changes.some((c) => c.kind === 'inbox' && c.clients === null));
      changes.length = 0;
      await succeedsAgain(() => other.acceptAtEpoch(message(6)));
      await waitFor(async () => changes.some((c) => c.kind === 'outbox'));
      expect((await store.outboxHead('b.example', 100)).length).toBeGreaterThanOrEqual(7);
    } finally {
      await store.close();
      await other.close();
      await databases.drop(url);
    }
  });

  it('server crashed: calls and ping fail with unavailable, the store recovers by itself when it is back, nothing acknowledged lost', async () => {
    const url = await databases.migrated();
    const options = { maxConnections: 4, connectTimeoutMs: 1000, statementTimeoutMs: 3000 };
    const store: ProviderStore = await openPostgresStore(url, options);
    const watcher: ProviderStore = await openPostgresStore(url, options);
    try {
      await store.createRoom(room);
      const acknowledged: number[] = [];
      for (let i = 0; i < 20; i++) {
        await store.acceptAtEpoch(message(i));
        acknowledged.push(i);
      }
      const changes: StoreChange[] = [];
      watcher.watch((c) => changes.push(c));
      await waitFor(async () => {
        await store.acceptAtEpoch(message(20));
        return changes.length > 0;
      });
      acknowledged.push(20);

      await databases.cluster().stopServer('immediate');
      await expect(store.ping()).rejects.toMatchObject({ code: 'unavailable' });
      for (const call of [() => store.acceptAtEpoch(message(99)), () => store.outboxHead('b.example', 10), () => store.secret('franking-key', text('k'))]) {
        await expect(call()).rejects.toMatchObject({ code: 'unavailable' });
      }

      await databases.cluster().startServer();
      await succeedsAgain(() => store.ping());
      await succeedsAgain(() => store.acceptAtEpoch(message(21)));
      acknowledged.push(21);
      const queue = await store.outboxHead('b.example', 1000);
      const bodies = queue.map((e) => new TextDecoder().decode(e.body));
      for (const i of acknowledged) expect(bodies).toContain(`m${i}`);
      expect(bodies).not.toContain('m99');
      // The watcher's feed reconnected by itself and hears new commits.
      changes.length = 0;
      await waitFor(async () => {
        await store.acceptAtEpoch(message(22));
        return changes.some((c) => c.kind === 'outbox');
      }, 30_000);
    } finally {
      await store.close();
      await watcher.close();
      await databases.drop(url);
    }
  });
});
