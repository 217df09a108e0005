/**
 * The follower's dedupe pruning over the SQLite store, on a fake clock: a FanoutMessage's id is
 * remembered (a retry of it is a duplicate) for the retention, then forgotten in pages; start()
 * prunes at once and stop() waits for the run in progress. On a failing store: an unreachable one
 * (StoreError 'unavailable', the database restarting) is a warning and the next run prunes; any
 * other failure stays an error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InboundPruner } from '../src/follower/inbound-pruner.ts';
import { MAX_PAGE, type InboundFanout, type ProviderStore, StoreError } from '../src/store/index.ts';
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

/** A logger whose entries (level and message) land in `entries`. */
function capturingLogger(entries: Array<{ level: number; msg: string }>) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) entries.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

/** A store whose pruneInbound answers each call with the next outcome: a count, or an error to throw. */
function storeAnswering(outcomes: Array<number | Error>): { store: ProviderStore; calls: () => number } {
  let calls = 0;
  const store = {
    pruneInbound: async () => {
      const next = outcomes[calls++];
      if (next instanceof Error) throw next;
      return next ?? 0;
    },
  } as unknown as ProviderStore;
  return { store, calls: () => calls };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('InboundPruner on a failing store', () => {
  it('warns when the store is unavailable, and the next run prunes', async () => {
    const entries: Array<{ level: number; msg: string }> = [];
    const { store, calls } = storeAnswering([new StoreError('unavailable', 'postgres://db', 'connection refused'), 3]);
    const pruner = new InboundPruner({ store, now: () => 10 * 86_400_000, retentionMs: 86_400_000, intervalMs: 20, log: capturingLogger(entries) });
    pruner.start();
    await until(() => entries.some((e) => e.msg === 'forgot old inbound FanoutMessage ids'));
    await pruner.stop();
    expect(calls()).toBeGreaterThanOrEqual(2);
    const outage = entries.find((e) => e.msg.startsWith('the store is unavailable'));
    expect(outage?.level).toBe(40); // warn
    expect(entries.filter((e) => e.level >= 50)).toEqual([]);
  });

  it('logs any other failure as an error', async () => {
    const entries: Array<{ level: number; msg: string }> = [];
    const { store } = storeAnswering([new StoreError('io', 'postgres://db', 'disk read failed')]);
    const pruner = new InboundPruner({ store, now: () => 10 * 86_400_000, retentionMs: 86_400_000, intervalMs: 60_000, log: capturingLogger(entries) });
    pruner.start();
    await until(() => entries.length > 0);
    await pruner.stop();
    expect(entries.map((e) => [e.level, e.msg])).toEqual([[50, 'pruning inbound FanoutMessage ids failed']]);
  });
});
