/**
 * The provider prunes its follower's dedupe records on its own (limits.dedupeRetentionMs): started
 * over a store holding an id older than the retention, it forgets it, and keeps a recent one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../support/providers.ts';

const ROOM = 'mimi://a.example/r/retention';
const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fanout = (label: string, receivedAt: number) => ({
  roomId: ROOM,
  id: new TextEncoder().encode(`id ${label}`),
  body: new TextEncoder().encode(label),
  receivedAt,
  recipients: 'subscribers' as const,
});

describe('dedupe retention', () => {
  let f: Federation;
  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': ['mimi://a.example/u/alice'] }, limits: { dedupeRetentionMs: HOUR } });
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('a started provider forgets ids older than the retention and keeps the others', async () => {
    const store = () => f.at('a.example').store;
    await store().applyInbound(fanout('old', Date.now() - 2 * HOUR));
    await store().applyInbound(fanout('recent', Date.now() - HOUR / 2));
    await f.stop('a.example');
    await f.start('a.example');
    // The pruner runs at start, in the background: 'old' applies again once it is forgotten.
    let outcome: string;
    while ((outcome = await store().applyInbound(fanout('old', Date.now()))) === 'duplicate') await sleep(10);
    expect(outcome).toBe('applied');
    expect(await store().applyInbound(fanout('recent', Date.now()))).toBe('duplicate');
  });

  it('the configuration refuses a retention under an hour', async () => {
    const { validateConfig } = await import('@mimikit/provider');
    const raw = JSON.parse(JSON.stringify(f.configs.get('a.example'))) as Record<string, unknown>;
    expect(() => validateConfig({ ...raw, limits: { dedupeRetentionMs: 1000 } }, 'a.json', f.dir)).toThrow(/dedupeRetentionMs/);
  });
});
