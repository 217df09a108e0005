/**
 * Delivery from the hub to its followers: one queue per destination, persisted with its backoff.
 * A follower that is down while the hub accepts messages and a commit gets every one of them
 * exactly once, in order, after it returns, in fewer /notify requests than messages; a follower that hangs delays nobody else; a follower
 * answering 503 with Retry-After is not asked again before Retry-After has passed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8 } from '@mimikit/bytes';
import { codecs } from '@mimikit/mimi-protocol';
import { MimiHttpError, mimiServerOptions, registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { commitUpdateRequest } from '@mimikit/mls-profile/rooms';
import { codecs as mls } from '@mimikit/mls';
import {
  clientWithKeyPackage,
  keyMaterialRequest,
  mlsBytes,
  outboxDrained,
  sendText,
  PARTICIPANT_ROLE,
  startRoom,
  type FederatedRoom,
} from '../support/federated-room.ts';
import { blackHole } from '../support/black-hole.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const ROOM = 'mimi://a.example/r/delivery';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const CARL = 'mimi://c.example/u/carl';
const BOB_CLIENTS = ['mimi://b.example/d/bob/phone', 'mimi://b.example/d/bob/tablet'];
const CATHY_LAPTOP = 'mimi://c.example/d/cathy/laptop';
/** Retry delays of 1.5–3 s: long enough to see a deferred queue's future retry time on a busy machine, short enough to wait for. */
const DELIVERY = { baseDelayMs: 3000, maxDelayMs: 3000, timeoutMs: 4000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delivery to followers that are down, hanging or busy', () => {
  let f: Federation;
  let room: FederatedRoom;
  const a = () => f.at('a.example');

  /** Alice sends `text` through her provider's hub; returns the message's MLS bytes. */
  const send = (text: string): Promise<Uint8Array> => sendText(f, room, text);
  /** The hub's retry state of `destination`, once its queue has failed at least once (with an error matching `error`). */
  const deferred = async (destination: string, error = /./) => {
    for (;;) {
      const state = (await a().store.pendingDestinations()).find((d) => d.destination === destination);
      if (state && state.attempts > 0 && error.test(state.lastError ?? '')) return state;
      await sleep(10);
    }
  };
  /** The MLS messages in `client`'s inbox at its provider (not acknowledged), oldest first. */
  const inbox = async (domain: string, client: string) =>
    (await f.at(domain).store.inbox(client, 0n, 1000)).map((i) => mlsBytes(codecs.FanoutMessage.decode(i.body, { context: { protocol: 'mls10' } })));
  const waitForInbox = async (domain: string, client: string, count: number) => {
    while ((await inbox(domain, client)).length < count) await sleep(20);
    return inbox(domain, client);
  };
  const hex = (items: Uint8Array[]) => items.map((b) => Buffer.from(b).toString('hex'));

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB], 'c.example': [CATHY, CARL] }, delivery: DELIVERY });
    room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone', 'tablet'], [CATHY]: ['laptop'] });
    for (const [domain, client] of [...BOB_CLIENTS.map((c) => ['b.example', c] as const), ['c.example', CATHY_LAPTOP] as const]) {
      await f.at(domain).clients.acknowledge(await f.at(domain).clients.authenticate(room.members.get(client)!.client.token), 2n ** 63n - 1n);
    }
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('b.example down during fan-out: the hub keeps its queue with a future retry time; after b.example returns each of Bob’s clients has every message and the commit once, in order, sent in fewer requests than messages', async () => {
    await f.stop('b.example');
    const sent = [await send('one'), await send('two'), await send('three')];
    // A commit while b.example is down: Alice adds Carl (c.example is up and gets the Welcome).
    const carl = await clientWithKeyPackage(f, room.suite, CARL, 'laptop');
    const me = await a().clients.authenticate(room.admin.token);
    const material = await a().clients.keyMaterial(me, CARL, await keyMaterialRequest(room.adminMember, CARL, ROOM));
    const keyPackages = material.clients.map((c) => mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: c.keyPackage! }));
    const added = await room.adminMember.addParticipant({ user: CARL, role: PARTICIPANT_ROLE, keyPackages });
    expect((await a().clients.update(me, ROOM, await commitUpdateRequest(room.adminMember, added))).responseCode).toBe('success');
    sent.push(added.commit, await send('four'));
    expect(carl.client.uri).toBe('mimi://c.example/d/carl/laptop');

    const state = await deferred('b.example');
    expect(state.nextAttemptAt).toBeGreaterThan(Date.now());
    expect(state.lastError).toBeTruthy();
    const queued = await a().store.outboxHead('b.example', 100);
    expect(hex(queued.map((e) => mlsBytes(codecs.FanoutMessage.decode(e.body, { context: { protocol: 'mls10' } }))))).toEqual(hex(sent));

    const returned = await f.start('b.example');
    // Each /notify body b.example applies is one applyInboundBatch call: record them.
    const bodies: Array<{ rooms: string[]; outcomes: string[] }> = [];
    const applyBatch = returned.store.applyInboundBatch.bind(returned.store);
    returned.store.applyInboundBatch = async (fanouts) => {
      const outcomes = await applyBatch(fanouts);
      bodies.push({ rooms: fanouts.map((x) => x.roomId), outcomes });
      return outcomes;
    };
    await outboxDrained(a().store);
    // The backlog came in fewer requests than messages, each message of it applied once, none twice.
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.length).toBeLessThan(sent.length);
    expect(bodies.flatMap((b) => b.rooms)).toEqual(sent.map(() => ROOM));
    expect(bodies.flatMap((b) => b.outcomes)).toEqual(sent.map(() => 'applied'));
    for (const client of BOB_CLIENTS) {
      const got = await inbox('b.example', client);
      expect(hex(got), client).toEqual(hex(sent));
      // And they make sense to the client, in this order: three messages, the add, one more message.
      const { member } = room.members.get(client)!;
      const read = [];
      for (const m of got) {
        const r = await member.process(m);
        read.push(r.kind === 'application' ? decodeUtf8(r.data) : r.kind);
      }
      expect(read).toEqual(['one', 'two', 'three', 'commit', 'four']);
      expect(member.epoch()).toBe(room.adminMember.epoch());
      await f.at('b.example').clients.acknowledge(await f.at('b.example').clients.authenticate(room.members.get(client)!.client.token), 2n ** 63n - 1n);
    }
    // Cathy, whose provider stayed up, got the same five.
    expect(hex(await inbox('c.example', CATHY_LAPTOP))).toEqual(hex(sent));
    await f.at('c.example').clients.acknowledge(await f.at('c.example').clients.authenticate(room.members.get(CATHY_LAPTOP)!.client.token), 2n ** 63n - 1n);
  });

  it('c.example hanging delays nobody: b.example gets two messages while the first request to c.example still waits', async () => {
    await f.stop('c.example');
    const listen = f.configs.get('c.example')!.listen;
    const hole = await blackHole(listen.host, listen.port);
    try {
      const sent = [await send('five'), await send('six')];
      for (const client of BOB_CLIENTS) expect(hex(await waitForInbox('b.example', client, 2))).toEqual(hex(sent));
      // c.example's first attempt is still open (no answer, no failure recorded) and both messages wait for it.
      expect(hole.sockets.size).toBeGreaterThan(0);
      const c = (await a().store.pendingDestinations()).find((d) => d.destination === 'c.example');
      expect(c?.attempts).toBe(0);
      expect((await a().store.outboxHead('c.example', 100)).length).toBe(2);
      // c.example returns: the hung attempt fails, and the retry delivers both.
      await hole.close();
      await f.start('c.example');
      expect(hex(await waitForInbox('c.example', CATHY_LAPTOP, 2))).toEqual(hex(sent));
    } finally {
      await hole.close();
    }
  });

  /** Replaces `domain`'s provider by a peer that answers every /notify with 503 and Retry-After `seconds`. */
  const busyPeer = async (domain: string, seconds: number) => {
    await f.stop(domain);
    const config = f.configs.get(domain)!;
    const answered: number[] = [];
    const app = Fastify(
      mimiServerOptions({
        https: { cert: readFileSync(join(f.dir, `${domain}.pem`)), key: readFileSync(join(f.dir, `${domain}.key.pem`)), ca: f.pki.ca, requestCert: true },
      }),
    );
    registerMimiRoutes(
      app,
      {
        notify: () => {
          answered.push(Date.now());
          throw new MimiHttpError(503, { detail: 'busy' }, { retryAfter: seconds });
        },
      },
      { publicBaseUrl: config.publicBaseUrl, requirePeer: true },
    );
    await app.listen({ host: config.listen.host, port: config.listen.port });
    return { answered, close: () => app.close() };
  };

  it('a follower answering 503 with Retry-After is not retried before Retry-After has passed', async () => {
    await outboxDrained(a().store);
    const RETRY_AFTER = 120;
    const busy = await busyPeer('c.example', RETRY_AFTER);
    try {
      await send('seven');
      // A first attempt may fail on a keep-alive connection the stopped provider closed: wait for the 503.
      const state = await deferred('c.example', /503/);
      expect(busy.answered.length).toBe(1);
      // Backoff alone would retry within maxDelayMs (3 s); the persisted time is Retry-After away.
      expect(state.nextAttemptAt).toBeGreaterThanOrEqual(busy.answered[0]! + RETRY_AFTER * 1000);
      expect(state.nextAttemptAt).toBeGreaterThan(busy.answered[0]! + DELIVERY.maxDelayMs);
    } finally {
      await busy.close();
    }
  });

  it('a Retry-After too large to be a time is capped at a day: the queue is deferred once, not retried at once', async () => {
    const busy = await busyPeer('b.example', Number.MAX_SAFE_INTEGER);
    try {
      await send('eight');
      const state = await deferred('b.example', /503/);
      expect(busy.answered.length).toBe(1);
      expect(state.nextAttemptAt).toBeGreaterThanOrEqual(busy.answered[0]! + 86_400_000);
      expect(state.nextAttemptAt).toBeLessThan(Date.now() + 86_400_000 + 1000);
    } finally {
      await busy.close();
    }
  });
});
