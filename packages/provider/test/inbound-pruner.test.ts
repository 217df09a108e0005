/**
 * The follower's dedupe pruning over the SQLite store, on a fake clock: a FanoutMessage's id is
 * remembered (a retry of it is a duplicate) for the retention, then forgotten in pages; start()
 * prunes at once and stop() waits for the run in progress.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboundPruner } from '../src/follower/inbound-pruner.ts';
import { MAX_PAGE, type InboundFanout, type ProviderStore } from '../src/store/index.ts';
import { openSqliteStore } from '../src/store/sqlite/index.ts';

const ROOM = 'mimi://b.example/r/prune';
const RETENTION = 3_600_000;
const T0 = 1_760_000_000_000;

const fanout = (n: number, receivedAt: number): InboundFanout => ({
  roomId: ROOM,
  id: Uint8Array.of(n >> 8, n & 0xff),
  body: Uint8Array.of(n & 0xff),
  receivedAt,
  recipients: 'subscribers',
});

describe('InboundPruner', () => {
  let dir: string;
  let store: ProviderStore;
  let clock: number;
  let pruner: InboundPruner;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-prune-'));
    store = openSqliteStore(join(dir, 's.db'));
    clock = T0;
    pruner = new InboundPruner({ store, now: () => clock, retentionMs: RETENTION, intervalMs: 60_000, log: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await pruner.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps an id for the retention (a retry is a duplicate), then forgets it (it applies again)', async () => {
    await store.applyInbound(fanout(1, T0));
    clock = T0 + RETENTION;
    expect(await pruner.runOnce()).toBe(0);
    expect(await store.applyInbound(fanout(1, clock))).toBe('duplicate');
    clock = T0 + RETENTION + 1;
    expect(await pruner.runOnce()).toBe(1);
    expect(await store.applyInbound(fanout(1, clock))).toBe('applied');
  });

  it('prunes more than one page in one run', async () => {
    const count = MAX_PAGE + 5;
    await store.applyInboundBatch(Array.from({ length: count }, (_, n) => fanout(n, T0)));
    clock = T0 + RETENTION + 1;
    expect(await pruner.runOnce()).toBe(count);
    expect(await pruner.runOnce()).toBe(0);
  });

  it('start() prunes at once; stop() waits for it and no run starts afterwards', async () => {
    await store.applyInbound(fanout(7, T0));
    clock = T0 + 2 * RETENTION;
    pruner.start();
    await pruner.stop();
    expect(await store.applyInbound(fanout(7, clock))).toBe('applied');
    clock += 2 * RETENTION;
    pruner.start();
    await pruner.stop();
    expect(await store.applyInbound(fanout(7, clock))).toBe('duplicate');
  });
});
