/**
 * A provider whose store cannot be reached (StoreError 'unavailable', the database restarting):
 * every request that needs the store is answered 503 with Retry-After and a problem document, never
 * 500, on the federation endpoints and the client API alike; /readyz says not ready and comes back by
 * itself; the delivery worker pauses without blaming the peer (no attempt counted, nothing
 * dead-lettered) and delivers once the store is back. Nothing acknowledged is lost.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '@mimikit/provider/store/sqlite';
import { sqlitePath, STORE_UNAVAILABLE_RETRY_AFTER } from '@mimikit/provider';
import { drain, mlsBytes, outboxDrained, sendText, startRoom, type FederatedRoom } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';
import { storeOutage, type StoreOutage } from '../support/store-outage.ts';

const ROOM = 'mimi://a.example/r/outage';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a store outage', () => {
  let f: Federation;
  let room: FederatedRoom;
  const outages = new Map<string, StoreOutage>();
  const outage = (domain: string) => outages.get(domain)!;

  beforeAll(async () => {
    f = await startFederation({
      users: { 'a.example': [ALICE], 'b.example': [BOB] },
      // Short peer backoff: a Retry-After of 2 s is then what decides the next attempt.
      delivery: { baseDelayMs: 50, maxDelayMs: 200, pollMs: 50 },
      store: (domain, config) => {
        const o = storeOutage(openSqliteStore(sqlitePath(config.store)!));
        outages.set(domain, o);
        return o.store;
      },
    });
    room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone'] });
  }, 60_000);
  afterAll(async () => {
    for (const o of outages.values()) o.down = false;
    await f?.close();
  });

  const bob = () => [...room.members.values()][0]!;

  it('a follower whose store is down answers /notify with 503 and Retry-After; the hub waits that long, counts no refusal and delivers once it is back', async () => {
    outage('b.example').down = true;
    const before = Date.now();
    const sent = await sendText(f, room, 'while b.example is down');
    let state = (await f.at('a.example').store.pendingDestinations()).find((d) => d.destination === 'b.example');
    for (let i = 0; i < 500 && !(state && state.attempts > 0); i++) {
      await sleep(10);
      state = (await f.at('a.example').store.pendingDestinations()).find((d) => d.destination === 'b.example');
    }
    expect(state?.lastError).toMatch(/^503 Store Unavailable/);
    // The peer's Retry-After (not the hub's 50-200 ms backoff) set the next attempt.
    expect(state!.nextAttemptAt).toBeGreaterThanOrEqual(before + STORE_UNAVAILABLE_RETRY_AFTER * 1000);
    expect(await f.at('a.example').store.deadLetters()).toEqual([]);
    outage('b.example').down = false;
    const got = await drain(f, bob().client, 10_000);
    expect(got.map((m) => Buffer.from(mlsBytes(m)).toString('hex'))).toEqual([Buffer.from(sent).toString('hex')]);
    await outboxDrained(f.at('a.example').store);
  }, 30_000);

  it('the client API answers 503 with Retry-After and a problem document, and /readyz is 503 until the store answers again', async () => {
    const a = f.at('a.example');
    const auth = { authorization: `Bearer ${room.admin.token}` };
    expect((await fetch(`${a.clientUrl}/readyz`)).status).toBe(200);
    outage('a.example').down = true;
    try {
      for (const res of [await fetch(`${a.clientUrl}/v1/inbox`, { headers: auth }), await fetch(`${a.clientUrl}/v1/frankingAgent`, { headers: auth })]) {
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe(String(STORE_UNAVAILABLE_RETRY_AFTER));
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(await res.json()).toMatchObject({ status: 503, title: 'Store Unavailable' });
      }
      // The readiness ping is cached for a second: not ready within a bounded number of probes.
      let ready = await fetch(`${a.clientUrl}/readyz`);
      for (let i = 0; i < 100 && ready.status === 200; i++) {
        await sleep(50);
        ready = await fetch(`${a.clientUrl}/readyz`);
      }
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).toBe(String(STORE_UNAVAILABLE_RETRY_AFTER));
    } finally {
      outage('a.example').down = false;
    }
    let ready = await fetch(`${a.clientUrl}/readyz`);
    for (let i = 0; i < 100 && ready.status !== 200; i++) {
      await sleep(50);
      ready = await fetch(`${a.clientUrl}/readyz`);
    }
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  }, 30_000);

  it("the hub's delivery worker pauses while its own store is down (no attempt counted against the peer) and delivers after", async () => {
    const a = outage('a.example');
    // The store goes down right after committing the acceptance: the worker finds it unreachable.
    const accept = a.inner.acceptAtEpoch.bind(a.inner);
    a.inner.acceptAtEpoch = async (acceptance) => {
      const outcome = await accept(acceptance);
      a.down = true;
      return outcome;
    };
    let sent: Uint8Array;
    try {
      sent = await sendText(f, room, 'accepted just before the outage');
    } finally {
      a.inner.acceptAtEpoch = accept;
    }
    a.refused.clear();
    // The worker keeps asking (backing off), never giving up on its own.
    for (let i = 0; i < 500 && (a.refused.get('pendingDestinations') ?? 0) < 2; i++) await sleep(10);
    expect(a.refused.get('pendingDestinations')).toBeGreaterThanOrEqual(2);
    const state = (await a.inner.pendingDestinations()).find((d) => d.destination === 'b.example');
    expect(state).toMatchObject({ attempts: 0, lastError: null });
    expect(await a.inner.deadLetters()).toEqual([]);
    a.down = false;
    const got = await drain(f, bob().client, 10_000);
    expect(got.map((m) => Buffer.from(mlsBytes(m)).toString('hex'))).toEqual([Buffer.from(sent).toString('hex')]);
  }, 30_000);
});
