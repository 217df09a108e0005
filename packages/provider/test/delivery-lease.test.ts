/**
 * The delivery worker's lease on a destination, over the SQLite store: it delivers a queue in
 * batches under one lease and renews it only once less than half of it is left (each renewal is a
 * synced commit), it delivers nothing while another node holds the lease, and it judges that lease
 * on its own injected clock (the store compares with the `now` it is given).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DeliveryWorker, type Peers, type ProviderStore } from '../src/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

const ROOM = 'mimi://a.example/r/lease';
/** The worker's lease length (delivery.leaseMs, its default). */
const LEASE_MS = 30_000;

describe('DeliveryWorker leases', () => {
  let dir: string;
  let store: ProviderStore;
  let leases: number;
  let clock: number;
  let delivered: number[];
  let worker: DeliveryWorker;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-lease-'));
    store = openSqliteStore(join(dir, 's.db'));
    const lease = store.leaseDestination.bind(store);
    leases = 0;
    // Counts the takings and renewals; the release at stop() (until 0) is not one.
    store.leaseDestination = (destination, owner, until, now) => {
      if (until > 0) leases++;
      return lease(destination, owner, until, now);
    };
    clock = Date.now();
    delivered = [];
    await store.createRoom({ roomId: ROOM, epoch: 0n, cipherSuite: 1, groupInfo: Uint8Array.of(1), ratchetTree: Uint8Array.of(1), createdAt: clock });
    worker = localWorker(LEASE_MS, 1000);
  });

  /** A worker of node-1 that delivers a.example's queue locally (no peer is ever called), on the test's clock. */
  function localWorker(leaseMs: number, pollMs: number): DeliveryWorker {
    return new DeliveryWorker({
      domain: 'a.example',
      store,
      peers: {} as Peers,
      local: async (_roomId, entries) => {
        for (const entry of entries) delivered.push(entry.body[0]!);
      },
      now: () => clock,
      log: pino({ level: 'silent' }),
      node: 'node-1',
      baseDelayMs: 10,
      maxDelayMs: 100,
      batch: 2,
      leaseMs,
      pollMs,
    });
  }
  afterEach(async () => {
    await worker.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Queues FanoutMessage bodies [n] for a.example, one acceptance each. */
  async function queue(...ns: number[]): Promise<void> {
    for (const n of ns)
      await store.acceptAtEpoch({ roomId: ROOM, epoch: 0n, acceptedAt: clock, fanout: [{ destination: 'a.example', body: Uint8Array.of(n) }] });
  }

  async function settled(): Promise<void> {
    for (let i = 0; i < 200 && (await store.pendingDestinations()).some((d) => d.destination === 'a.example'); i++) {
      worker.kick();
      await new Promise((r) => setTimeout(r, 10));
    }
    await worker.stop();
  }

  it('takes the lease once for a queue delivered in several batches', async () => {
    await queue(1, 2, 3, 4, 5);
    worker.kick();
    await settled();
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(await store.outboxHead('a.example', 10)).toEqual([]);
    expect(leases).toBe(1);
    // The worker stopped (settled): it handed the lease back, so another node may take it at once.
    expect(await store.leaseDestination('a.example', 'node-2', clock + 60_000, clock)).toBe(true);
  });

  it('renews the lease when less than half of it is left', async () => {
    await queue(1, 2);
    worker.kick();
    for (let i = 0; i < 200 && delivered.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(leases).toBe(1);
    clock += LEASE_MS / 2 - 1000;
    await queue(3);
    worker.kick();
    for (let i = 0; i < 200 && delivered.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(leases).toBe(1);
    clock += 2000;
    await queue(4);
    worker.kick();
    await settled();
    expect(delivered).toEqual([1, 2, 3, 4]);
    expect(leases).toBe(2);
  });

  it('delivers nothing while another node holds the lease', async () => {
    expect(await store.leaseDestination('a.example', 'node-2', clock + 60_000, clock)).toBe(true);
    await queue(1, 2);
    worker.kick();
    await new Promise((r) => setTimeout(r, 100));
    await worker.stop();
    expect(delivered).toEqual([]);
    expect((await store.outboxHead('a.example', 10)).map((e) => e.body[0])).toEqual([1, 2]);
  });

  it("judges another node's lease on the worker's clock: it delivers once its (fake) clock has passed the lease", async () => {
    // On the machine's clock this lease is live for a minute; on the worker's it runs out when the test says.
    expect(await store.leaseDestination('a.example', 'node-2', clock + 60_000, clock)).toBe(true);
    await queue(1);
    worker.kick();
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered).toEqual([]);
    clock += 60_000;
    await settled();
    expect(delivered).toEqual([1]);
  });

  it("takes over a dead node's queue on its own: once the lease expires, a poll (no kick) finds and delivers it", async () => {
    await worker.stop();
    // A node that died holding the lease: nobody will tell this worker when it expires.
    expect(await store.leaseDestination('a.example', 'dead-node', clock + 5000, clock)).toBe(true);
    await queue(1, 2);
    const polling = localWorker(5000, 20);
    worker = polling;
    polling.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(delivered).toEqual([]);
    clock += 5000;
    for (let i = 0; i < 300 && delivered.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(delivered).toEqual([1, 2]);
    // It holds the lease now, for its own leaseMs.
    expect(await store.leaseDestination('a.example', 'dead-node', clock + 5000, clock)).toBe(false);
    expect(await store.leaseDestination('a.example', 'dead-node', clock + 10_000, clock + 5000)).toBe(true);
  });

  it('skips a change notice naming only queues another node holds, and looks for any other notice', async () => {
    expect(await store.leaseDestination('a.example', 'node-2', clock + 60_000, clock)).toBe(true);
    await queue(1);
    const scan = store.pendingDestinations.bind(store);
    let scans = 0;
    store.pendingDestinations = () => {
      scans++;
      return scan();
    };
    /** Scans started by `act` once the worker is idle again. */
    const scansAfter = async (act: () => void): Promise<number> => {
      const before = scans;
      act();
      await new Promise((r) => setTimeout(r, 50));
      return scans - before;
    };
    // The first look asks for the lease and learns that node-2 holds it.
    expect(await scansAfter(() => worker.kick())).toBeGreaterThan(0);
    expect(await scansAfter(() => worker.changed(['a.example']))).toBe(0);
    expect(await scansAfter(() => worker.changed(['a.example', 'c.example']))).toBeGreaterThan(0);
    expect(await scansAfter(() => worker.changed())).toBeGreaterThan(0);
    // Known only until the worker asks again (pollMs later on its clock): then it looks.
    clock += 1000;
    expect(await scansAfter(() => worker.changed(['a.example']))).toBeGreaterThan(0);
    expect(delivered).toEqual([]);
  });
});
