/**
 * FanoutMessages a peer refuses for good: a body of several refused with a permanent 4xx is sent
 * again one message per body; a message refused alone goes to the hub's dead letters (status, the
 * peer's detail, the bytes) and the queue goes on; `mimi provider dead-letters` lists it and
 * re-queues it, and the restarted provider delivers it. A 429 stays retried, not dead-lettered.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs, type FanoutMessage } from '@mimikit/mimi-protocol';
import { MimiHttpError, mimiServerOptions, registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { mlsBytes, outboxDrained, sendText, startRoom, type FederatedRoom } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';
import { mimi } from '../support/run-cli.ts';

const ROOM = 'mimi://a.example/r/dead-letters';
const ALICE = 'mimi://a.example/u/alice';
const CATHY = 'mimi://c.example/u/cathy';
const DELIVERY = { baseDelayMs: 100, maxDelayMs: 300, timeoutMs: 4000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('FanoutMessages refused for good', () => {
  let f: Federation;
  let room: FederatedRoom;
  const a = () => f.at('a.example');

  const send = (text: string): Promise<Uint8Array> => sendText(f, room, text);

  /**
   * Replaces c.example by a peer whose /notify answer `answer` decides (from the body's messages and
   * the count of bodies so far); every body it gets is recorded as its messages' hex.
   */
  const refusingPeer = async (answer: (messages: readonly FanoutMessage[], n: number) => void) => {
    const config = f.configs.get('c.example')!;
    const bodies: string[][] = [];
    const app = Fastify(
      mimiServerOptions({
        https: { cert: readFileSync(join(f.dir, 'c.example.pem')), key: readFileSync(join(f.dir, 'c.example.key.pem')), ca: f.pki.ca, requestCert: true },
      }),
    );
    registerMimiRoutes(
      app,
      {
        notify: (ctx) => {
          bodies.push(ctx.body.map((m) => hex(mlsBytes(m))));
          answer(ctx.body, bodies.length);
        },
      },
      { publicBaseUrl: config.publicBaseUrl, requirePeer: true },
    );
    await app.listen({ host: config.listen.host, port: config.listen.port });
    return { bodies, close: () => app.close() };
  };

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'c.example': [CATHY] }, delivery: DELIVERY });
    room = await startRoom(f, ROOM, ALICE, { [CATHY]: ['laptop'] });
    await outboxDrained(a().store);
    await f.stop('c.example');
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('a batch refused with 413 is split; the one message refused alone is dead-lettered and the rest delivered in order; the CLI lists and re-queues it', async () => {
    // c.example is down: three messages queue up for it, to go in one body when it is back.
    const sent = [await send('one'), await send('two'), await send('three')];
    for (;;) {
      const c = (await a().store.pendingDestinations()).find((d) => d.destination === 'c.example');
      if (c && c.attempts > 0) break;
      await sleep(10);
    }
    let singles = 0;
    let acceptAll = false;
    const peer = await refusingPeer((messages) => {
      if (acceptAll) return;
      if (messages.length > 1) throw new MimiHttpError(413, { detail: 'at most one FanoutMessage per body here' });
      if (++singles === 2) throw new MimiHttpError(400, { detail: 'this message is poison' });
    });
    try {
      await outboxDrained(a().store);
      expect(peer.bodies).toEqual([sent.map(hex), [hex(sent[0]!)], [hex(sent[1]!)], [hex(sent[2]!)]]);
      const dead = await a().store.deadLetters();
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ destination: 'c.example', roomId: ROOM, status: 400, error: 'this message is poison' });
      expect(hex(mlsBytes(codecs.FanoutMessage.decode(dead[0]!.body, { context: { protocol: 'mls10' } })))).toBe(hex(sent[1]!));

      // The operator's view, on the stopped provider's store file.
      await f.stop('a.example');
      const configFile = join(f.dir, 'a.example.json');
      writeFileSync(configFile, JSON.stringify(f.configs.get('a.example')));
      const listed = mimi(['provider', 'dead-letters', '--config', configFile]);
      expect(listed.code, listed.stderr).toBe(0);
      const lines = listed.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines).toEqual([
        expect.objectContaining({
          id: String(dead[0]!.id),
          destination: 'c.example',
          roomId: ROOM,
          status: 400,
          error: 'this message is poison',
          bytes: dead[0]!.body.length,
        }),
      ]);
      expect(mimi(['provider', 'dead-letters', '--config', configFile, '--requeue', 'x1']).code).toBe(2);
      expect(mimi(['provider', 'dead-letters', '--config', configFile, '--requeue', '999']).code).toBe(1);
      const requeued = mimi(['provider', 'dead-letters', '--config', configFile, '--requeue', String(dead[0]!.id)]);
      expect(requeued.code, requeued.stderr).toBe(0);
      expect(mimi(['provider', 'dead-letters', '--config', configFile]).stdout).toBe('');

      // Restarted, the hub sends the re-queued message.
      acceptAll = true;
      await f.start('a.example');
      await outboxDrained(a().store);
      expect(peer.bodies.at(-1)).toEqual([hex(sent[1]!)]);
      expect(await a().store.deadLetters()).toEqual([]);
    } finally {
      await peer.close();
    }
  });

  it('429 and 401 are retried, not dead-lettered', async () => {
    let refusals = 0;
    const peer = await refusingPeer(() => {
      refusals++;
      if (refusals === 1) throw new MimiHttpError(429, { detail: 'slow down' });
      if (refusals === 2) throw new MimiHttpError(401, { detail: 'who are you' });
    });
    try {
      const sent = await send('four');
      await outboxDrained(a().store);
      expect(peer.bodies).toEqual([[hex(sent)], [hex(sent)], [hex(sent)]]);
      expect(await a().store.deadLetters()).toEqual([]);
    } finally {
      await peer.close();
    }
  });

  it('the CLI refuses a configuration whose store file does not exist, creating none', () => {
    const configFile = join(f.dir, 'nowhere.json');
    writeFileSync(configFile, JSON.stringify({ ...f.configs.get('a.example'), store: { path: join(f.dir, 'missing.db') } }));
    const r = mimi(['provider', 'dead-letters', '--config', configFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.db');
    expect(existsSync(join(f.dir, 'missing.db'))).toBe(false);
  });
});
