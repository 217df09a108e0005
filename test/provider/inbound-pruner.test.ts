/**
 * InboundPruner (@mimikit/provider) on a store that fails: an unreachable store (StoreError
 * 'unavailable', the database restarting) is logged as a warning and the next run prunes what the
 * skipped one would have; any other failure stays an error. Either way the pruner keeps running.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InboundPruner } from '@mimikit/provider';
import { type ProviderStore, StoreError } from '@mimikit/provider/store';

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
