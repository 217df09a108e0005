/**
 * Graceful shutdown of a provider: close() ends a waiting long-poll at once (with what the client
 * has: nothing), and a request already being received is served to the end and its effect kept.
 * The provider runs with a logger of our own: its "request received" line says the request has
 * reached the server, so close() is called while it is in flight, never before it arrived.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest } from 'node:http';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUtf8 } from '@mimikit/bytes';
import { codecs } from '@mimikit/mimi-protocol';
import { codecs as mls } from '@mimikit/mls';
import { keyPackageRef } from '@mimikit/mls-profile/hub';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { roomKeyPackage } from '@mimikit/mls-profile/rooms';
import { sqlitePath, startProvider, type RunningProvider } from '@mimikit/provider';
import { openSqliteStore } from '@mimikit/provider/store/sqlite';
import { submitMessageRequest } from '@mimikit/mls-profile/rooms';
import { blackHole } from '../support/black-hole.ts';
import { mlsBytes, outboxDrained, startRoom, SUITE } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const ALICE = 'mimi://a.example/u/alice';

describe('graceful shutdown', () => {
  let f: Federation;
  const requests = new EventEmitter();
  /** Starts a.example (again) with a logger that reports each incoming request's URL on `requests`. */
  const startLogged = (): Promise<RunningProvider> =>
    startProvider({
      config: f.configs.get('a.example')!,
      logger: pino(
        { level: 'debug' },
        {
          write: (line: string) => {
            const entry = JSON.parse(line) as { event?: string; url?: string };
            if (entry.event === 'request-received' && entry.url) requests.emit('request', entry.url);
          },
        },
      ),
    });
  const arrived = (prefix: string) =>
    new Promise<void>((resolve) => {
      const on = (url: string) => {
        if (!url.startsWith(prefix)) return;
        requests.off('request', on);
        resolve();
      };
      requests.on('request', on);
    });

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE] } });
    await f.stop('a.example');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('close() ends a waiting long-poll at once with no items', async () => {
    const p = await startLogged();
    const token = await p.clients.register(ALICE, 'mimi://a.example/d/alice/laptop');
    const reached = arrived('/v1/inbox');
    // undici's request, not the global fetch: a first fetch() installs node's bundled undici as the
    // process-wide dispatcher, and @mimikit/transport clients without a dispatcher of their own fail on it.
    const poll = request(`${p.clientUrl}/v1/inbox?wait=25000`, { headers: { authorization: `Bearer ${token}` } });
    await reached;
    const closed = p.close();
    // The poll would otherwise wait 25 s; the test's deadline is what fails a poll left waiting.
    const res = await Promise.race([poll, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 15_000).unref())]);
    expect(res).not.toBe('still waiting');
    if (res === 'still waiting') return;
    expect(res.statusCode).toBe(200);
    expect(await res.body.json()).toEqual({ items: [] });
    await closed;
  });

  it('a request being received when close() is called is served to the end, and what it stored is kept', async () => {
    const p = await startLogged();
    const client = 'mimi://a.example/d/alice/tablet';
    const token = await p.clients.register(ALICE, client);
    const kp = await roomKeyPackage({ client, cipherSuite: await cipherSuite(SUITE) });
    const body = Buffer.from(JSON.stringify({ keyPackages: [Buffer.from(kp.keyPackage).toString('base64url')] }));
    const url = new URL(`${p.clientUrl}/v1/keyPackages`);
    const reached = arrived('/v1/keyPackages');
    const response = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${token}` } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest once close() has begun.
      req.write(body.subarray(0, body.length >> 1));
      void reached.then(() => {
        closing = p.close();
        setImmediate(() => req.end(body.subarray(body.length >> 1)));
      });
    });
    let closing: Promise<void> | null = null;
    const res = await response;
    // Served in full, and the connection is closed after it (a keep-alive connection would hold up close()).
    expect(res).toEqual({ status: 200, connection: 'close', body: JSON.stringify({ stored: 1 }) });
    await closing;
    const store = openSqliteStore(sqlitePath(f.configs.get('a.example')!.store)!);
    try {
      const m = mls.MLSMessage.decode(kp.keyPackage);
      if (m.wire_format !== 'mls_key_package') throw new Error('not a KeyPackage');
      expect(await store.keyPackageOwner(keyPackageRef(m.key_package))).toBe(client);
    } finally {
      await store.close();
    }
  });
});

describe('graceful shutdown with a delivery in flight', () => {
  let f: Federation;
  afterAll(async () => {
    await f?.close();
  });

  it('close() does not wait for a peer that never answers; the message stays queued and reaches the peer once after a restart', async () => {
    // A call deadline far beyond the test's: only an aborted delivery lets close() finish.
    f = await startFederation({ users: { 'a.example': [ALICE], 'c.example': ['mimi://c.example/u/cathy'] }, delivery: { timeoutMs: 600_000 } });
    const room = await startRoom(f, 'mimi://a.example/r/shutdown', ALICE, { 'mimi://c.example/u/cathy': ['laptop'] });
    const cathy = room.members.get('mimi://c.example/d/cathy/laptop')!.client;
    await f.stop('c.example');
    const listen = f.configs.get('c.example')!.listen;
    const hole = await blackHole(listen.host, listen.port);
    try {
      const a = f.at('a.example').clients;
      const bytes = await room.adminMember.sendMessage(encodeUtf8('in flight'));
      expect((await a.submitMessage(await a.authenticate(room.admin.token), room.roomId, submitMessageRequest(room.adminMember, bytes))).statusCode).toBe(
        'accepted',
      );
      while (hole.sockets.size === 0) await new Promise((r) => setTimeout(r, 10));
      const stopped = f.stop('a.example');
      const outcome = await Promise.race([stopped.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still closing'), 5000).unref())]);
      expect(outcome).toBe('closed');
      // It left no lease on c.example's queue behind: a restarted process (another node id) may deliver at once.
      const closedStore = openSqliteStore(sqlitePath(f.configs.get('a.example')!.store)!);
      try {
        expect(await closedStore.leaseDestination('c.example', 'another node', Date.now() + 60_000, Date.now())).toBe(true);
        await closedStore.leaseDestination('c.example', 'another node', 0, Date.now());
      } finally {
        await closedStore.close();
      }
      await hole.close();
      const hub = await f.start('a.example');
      const queued = await hub.store.outboxHead('c.example', 10);
      expect(queued.map((e) => Buffer.from(mlsBytes(codecs.FanoutMessage.decode(e.body, { context: { protocol: 'mls10' } }))).toString('hex'))).toEqual([
        Buffer.from(bytes).toString('hex'),
      ]);
      await f.start('c.example');
      await outboxDrained(hub.store);
      const items = await f.at('c.example').store.inbox(cathy.uri, 0n, 100);
      expect(items.map((i) => Buffer.from(mlsBytes(codecs.FanoutMessage.decode(i.body, { context: { protocol: 'mls10' } }))).toString('hex'))).toEqual([
        Buffer.from(bytes).toString('hex'),
      ]);
    } finally {
      await hole.close();
    }
  });
});
