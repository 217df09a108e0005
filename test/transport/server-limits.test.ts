/**
 * The server's resource limits (packages/transport/src/limits.ts, server-options.ts, server.ts):
 * time limits from mimiServerOptions, refusal of instances without them, and the admission hook
 * that answers 415, 400 and 429 before a body is read. Real HTTPS with mutual TLS on loopback;
 * the slow-peer tests configure limits of a few hundred milliseconds and show the connection is
 * closed, rather than waiting for the defaults (whose values a unit test checks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { Agent, request } from 'undici';
import { codecs } from '@mimikit/mimi-protocol';
import { registerMimiRoutes } from '@mimikit/mimi-protocol/server';
import { DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER, DEFAULT_SERVER_LIMITS, PEER_BUSY_RETRY_AFTER } from '@mimikit/transport';
import { mimiServerOptions } from '@mimikit/transport/server';
import { recordingHandlers, startServer, type Harness, type Received } from './server-harness.ts';
import { makePki, type Credentials, type Pki } from '../support/pki.ts';
import * as v from '../support/transport-values.ts';

let pki: Pki;
let server: Harness;
let port: number;
let alice: Credentials;
let bob: Credentials;
/** Requests that passed admission (the route's onRequest hook) and reached body parsing. */
let parsing = 0;
const received = new Map<string, Received>();
const agents: Agent[] = [];

const SHORT = 300;
const NOTIFY = `/v1/notify/${encodeURIComponent(v.ROOM)}`;
const notifyBody = Buffer.from(codecs.FanoutMessage.encode(v.fanoutMessage, { protocol: 'mls10' }));

beforeAll(async () => {
  pki = await makePki();
  alice = await pki.client('a.example');
  bob = await pki.client('b.example');
  server = await startServer(
    recordingHandlers(received),
    { maxBodiesInFlightPerPeer: 2 },
    {
      https: {
        key: pki.server.key,
        cert: pki.server.cert,
        ca: pki.ca,
        requestCert: true,
        rejectUnauthorized: true,
        handshakeTimeout: SHORT,
        headersTimeout: SHORT,
        connectionsCheckingInterval: 50,
      },
      requestTimeout: SHORT,
      keepAliveTimeout: SHORT,
    } as Parameters<typeof startServer>[2],
    (app) =>
      app.addHook('preParsing', async () => {
        parsing++;
      }),
  );
  port = Number(new URL(server.url).port);
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await server?.app.close();
});

function agent(creds: Credentials): Agent {
  const a = new Agent({ connect: { ca: pki.ca, ...creds } });
  agents.push(a);
  return a;
}

async function send(creds: Credentials, path: string, init: { method?: 'GET' | 'POST'; body?: Buffer | string; contentType?: string } = {}) {
  const res = await request(`${server.url}${path}`, {
    method: init.method ?? 'POST',
    headers: init.contentType ? { 'content-type': init.contentType } : {},
    body: init.body,
    dispatcher: agent(creds),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

/** A mutual-TLS connection to the server, written to by hand. */
function peerSocket(creds: Credentials): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ca: pki.ca, ...creds }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server sends until it closes the connection; rejects if it is still open after `limitMs`. */
function untilClosed(socket: Socket, limitMs = 5_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    const timer = setTimeout(() => reject(new Error(`connection still open after ${limitMs} ms; received ${JSON.stringify(data.slice(0, 80))}`)), limitMs);
    socket.on('data', (chunk: Buffer) => (data += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(data);
    });
  });
}

/** The first bytes the server answers; rejects if nothing comes within `limitMs`. */
function firstResponse(socket: Socket, limitMs = 3_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no response within ${limitMs} ms`)), limitMs);
    socket.once('data', (chunk: Buffer) => {
      clearTimeout(timer);
      resolve(chunk.toString('latin1'));
    });
  });
}

async function eventually(check: () => Promise<boolean>, limitMs = 5_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('default limits', () => {
  it('are the documented values', () => {
    expect(DEFAULT_SERVER_LIMITS).toEqual({
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      connectionTimeout: 30_000,
      keepAliveTimeout: 10_000,
      http2SessionTimeout: 30_000,
      handshakeTimeout: 10_000,
      connectionsCheckingInterval: 1_000,
      maxParamLength: 2048,
    });
    expect(DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER).toBe(8);
    expect(PEER_BUSY_RETRY_AFTER).toBe(1);
    expect(DEFAULT_CALL_TIMEOUT).toBe(30_000);
  });

  it('mimiServerOptions puts them on the fastify and node servers; given values win', async () => {
    const plain = Fastify(mimiServerOptions());
    const s = plain.server;
    expect([s.requestTimeout, s.headersTimeout, s.timeout, s.keepAliveTimeout]).toEqual([30_000, 10_000, 30_000, 10_000]);
    expect(plain.initialConfig).toMatchObject({ http2SessionTimeout: 30_000, routerOptions: { maxParamLength: 2048 } });
    await plain.close();

    const tls = mimiServerOptions({ https: { key: pki.server.key, cert: pki.server.cert }, requestTimeout: undefined });
    expect(tls.https).toMatchObject({ handshakeTimeout: 10_000, headersTimeout: 10_000, connectionsCheckingInterval: 1_000, key: pki.server.key });
    expect(tls.requestTimeout).toBe(30_000);
    const secure = Fastify(tls);
    expect([secure.server.requestTimeout, secure.server.headersTimeout]).toEqual([30_000, 10_000]);
    await secure.close();

    const mine = mimiServerOptions({ requestTimeout: 5_000, https: { handshakeTimeout: 2_000 }, routerOptions: { maxParamLength: 4096 } });
    expect(mine).toMatchObject({
      requestTimeout: 5_000,
      connectionTimeout: 30_000,
      https: { handshakeTimeout: 2_000, headersTimeout: 10_000 },
      routerOptions: { maxParamLength: 4096 },
    });
  });

  it('registerMimiRoutes refuses an instance that leaves requests unbounded, unless told a proxy bounds them', async () => {
    const bare = Fastify();
    expect(() => registerMimiRoutes(bare, { notify: () => undefined }, { publicBaseUrl: 'https://mimi.a.example' })).toThrow(
      /requestTimeout is 0 .*connectionTimeout is 0 .*mimiServerOptions/,
    );
    await bare.close();
    const logs: string[] = [];
    const proxied = Fastify({ logger: { level: 'warn', stream: { write: (line: string) => void logs.push(line) } } });
    registerMimiRoutes(proxied, { notify: () => undefined }, { publicBaseUrl: 'https://mimi.a.example', allowUnboundedTimeouts: true });
    expect(logs.some((l) => l.includes('requestTimeout is 0'))).toBe(true);
    await proxied.close();
  });
});

describe('slow peers are cut off', () => {
  it('a body trickled one byte at a time: 408 and closed at requestTimeout', async () => {
    const socket = await peerSocket(alice);
    socket.write(`POST ${NOTIFY} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/mimi-protocol\r\ncontent-length: 100000\r\n\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write('a'), 50);
    try {
      expect(await untilClosed(socket)).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(trickle);
    }
  });

  it('headers trickled one line at a time: closed at headersTimeout', async () => {
    const socket = await peerSocket(alice);
    socket.write(`POST ${NOTIFY} HTTP/1.1\r\n`);
    const trickle = setInterval(() => socket.writable && socket.write('x-slow: 1\r\n'), 50);
    try {
      expect(await untilClosed(socket)).toMatch(/^(HTTP\/1\.1 408 |$)/);
    } finally {
      clearInterval(trickle);
    }
  });

  it('a TLS handshake that never completes: closed at handshakeTimeout', async () => {
    const socket = netConnect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(Buffer.from([0x16, 0x03, 0x01])); // the start of a ClientHello, and nothing more
    await expect(untilClosed(socket)).resolves.toBe('');
  });

  it('an idle keep-alive connection: closed at keepAliveTimeout', async () => {
    const socket = await peerSocket(alice);
    const closed = untilClosed(socket);
    socket.write('GET /.well-known/mimi-protocol-directory HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    const response = await closed;
    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    expect(response).toMatch(/keep-alive/i);
  });
});

describe('requests are refused before their body is read', () => {
  it('another content type is a 415 problem at once, without waiting for (or parsing) the body', async () => {
    const socket = await peerSocket(alice);
    const before = parsing;
    socket.write(`POST ${NOTIFY} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"a":`);
    const head = await firstResponse(socket);
    socket.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 415 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(parsing).toBe(before);
    // A complete but malformed JSON body: 415, not a JSON parse error.
    const r = await send(alice, NOTIFY, { body: '{"__proto__": ', contentType: 'application/json' });
    expect(r.status).toBe(415);
    expect(JSON.parse(r.text)).toMatchObject({ status: 415 });
  });

  it('an empty path parameter is a 400 problem and no handler call', async () => {
    received.clear();
    const post = await send(alice, '/v1/notify/', { body: notifyBody, contentType: 'application/mimi-protocol' });
    expect(post.status).toBe(400);
    expect(JSON.parse(post.text)).toMatchObject({ status: 400, detail: 'path parameter roomId is empty' });
    const get = await send(alice, '/v1/proxyDownload/', { method: 'GET' });
    expect(get.status).toBe(400);
    expect(received.size).toBe(0);
  });

  it('a peer past its budget of bodies in flight gets 429 with Retry-After; other peers do not; slots come back', async () => {
    // Completed requests give their slot back: more than the budget, one after another, all pass.
    for (let i = 0; i < 4; i++) expect((await send(alice, NOTIFY, { body: notifyBody, contentType: 'application/mimi-protocol' })).status).toBe(201);
    // Two requests whose bodies never come hold alice's two slots.
    const before = parsing;
    const held = await Promise.all([peerSocket(alice), peerSocket(alice)]);
    try {
      for (const socket of held)
        socket.write(`POST ${NOTIFY} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/mimi-protocol\r\ncontent-length: 1000\r\n\r\n`);
      await eventually(async () => parsing === before + 2);
      const busy = await send(alice, NOTIFY, { body: notifyBody, contentType: 'application/mimi-protocol' });
      expect(busy.status).toBe(429);
      expect(busy.headers['retry-after']).toBe('1');
      expect(JSON.parse(busy.text)).toMatchObject({ status: 429, detail: 'more than 2 requests with a body in flight from this peer' });
      // Bob is another peer (another certificate), with a budget of his own.
      expect((await send(bob, NOTIFY, { body: notifyBody, contentType: 'application/mimi-protocol' })).status).toBe(201);
    } finally {
      // Closing the held connections gives alice's slots back.
      for (const socket of held) socket.destroy();
    }
    await eventually(async () => (await send(alice, NOTIFY, { body: notifyBody, contentType: 'application/mimi-protocol' })).status === 201);
  });
});
