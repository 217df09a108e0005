/**
 * packages/transport/src/exchange.ts, the dispatch-based HTTP exchange under the generated client:
 * body limits (declared and streamed), truncation of problem bodies, abort signals, statuses the
 * client does not accept, and URL splitting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { BodyTooLarge, exchange, splitUrl } from '@mimikit/transport/exchange';
import { createMimiClient, MimiHttpError, MimiResponseError } from '@mimikit/mimi-protocol/client';
import * as v from '../support/transport-values.ts';

let server: Server;
let base: string;

beforeAll(async () => {
  // A plain node:http server, so responses can be chunked, slow or oddly shaped.
  server = createServer((req, res) => {
    const url = req.url ?? '';
    if (url.startsWith('/chunked/')) {
      const n = Number(url.split('/')[2]);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < n; i++) res.write(Buffer.alloc(1000, i));
      res.end();
    } else if (url === '/slow') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('x');
      setTimeout(() => res.end('y'), 2000).unref();
    } else if (url === '/long-problem' || url === '/.well-known/mimi-protocol-directory') {
      res.writeHead(500, { 'content-type': 'application/problem+json' });
      for (let i = 0; i < 200; i++) res.write('a'.repeat(1000));
      res.end();
    } else if (url.startsWith('/v1/keyMaterial/')) {
      res.writeHead(302, { location: '/elsewhere', 'content-type': 'text/plain' });
      res.end('moved');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain', 'x-echo-path': url });
      res.end(`${req.method} ${url}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const keepAll = () => ({ limit: 1 << 20, truncate: false });

describe('exchange', () => {
  it('collects a chunked body (no Content-Length) and returns status and headers', async () => {
    const res = await exchange(undefined, { url: `${base}/chunked/5`, method: 'GET', headers: {}, bodyLimit: keepAll });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.body.length).toBe(5000);
    expect(res.body[4999]).toBe(4);
  });

  it('fails with BodyTooLarge once a streamed body passes the limit', async () => {
    const err = await exchange(undefined, {
      url: `${base}/chunked/50`,
      method: 'GET',
      headers: {},
      bodyLimit: () => ({ limit: 10_000, truncate: false }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLarge);
    expect(err).toMatchObject({ limit: 10_000, status: 200 });
  });

  it('keeps exactly the first `limit` bytes when truncating', async () => {
    const res = await exchange(undefined, { url: `${base}/long-problem`, method: 'GET', headers: {}, bodyLimit: () => ({ limit: 4096, truncate: true }) });
    expect(res.status).toBe(500);
    expect(res.body.length).toBe(4096);
  });

  it('rejects with the signal reason, before and during the exchange', async () => {
    const before = new AbortController();
    before.abort(new Error('stop before'));
    await expect(exchange(undefined, { url: `${base}/slow`, method: 'GET', headers: {}, signal: before.signal, bodyLimit: keepAll })).rejects.toThrow(
      'stop before',
    );
    const during = new AbortController();
    const pending = exchange(undefined, { url: `${base}/slow`, method: 'GET', headers: {}, signal: during.signal, bodyLimit: keepAll });
    setTimeout(() => during.abort(new Error('stop during')), 50);
    await expect(pending).rejects.toThrow('stop during');
  });

  it('sends method, path and query as given, through any dispatcher (MockAgent)', async () => {
    const echoed = await exchange(undefined, { url: `${base}/a/b%2Fc?x=1`, method: 'GET', headers: {}, bodyLimit: keepAll });
    expect(Buffer.from(echoed.body).toString()).toBe('GET /a/b%2Fc?x=1');
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://mock.example').intercept({ path: '/p?q=1', method: 'POST' }).reply(201, 'made');
    const res = await exchange(mock, { url: 'https://mock.example/p?q=1', method: 'POST', headers: {}, body: Buffer.from('hi'), bodyLimit: keepAll });
    expect(res.status).toBe(201);
    expect(Buffer.from(res.body).toString()).toBe('made');
    await mock.close();
  });

  it('a connection failure rejects with undici’s error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(exchange(undefined, { url: `http://127.0.0.1:${port}/`, method: 'GET', headers: {}, bodyLimit: keepAll })).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});

describe('splitUrl', () => {
  it.each([
    ['https://a.example/v1/x', 'https://a.example', '/v1/x'],
    ['https://a.example:8443/v1/x?y=%2F', 'https://a.example:8443', '/v1/x?y=%2F'],
    ['http://127.0.0.1:1/', 'http://127.0.0.1:1', '/'],
    // Unusual shapes go through URL: no path, a query before any slash, userinfo, a fragment.
    ['https://a.example', 'https://a.example', '/'],
    ['https://a.example?q=/x', 'https://a.example', '/?q=/x'],
    ['https://u:p@a.example/x', 'https://a.example', '/x'],
    ['https://a.example/x#frag', 'https://a.example', '/x'],
  ])('%s', (url, origin, path) => {
    expect(splitUrl(url)).toEqual([origin, path]);
  });
});

describe('the generated client on top of it', () => {
  it('a 3xx is a MimiResponseError with reason status (redirects are not followed)', async () => {
    const err = await createMimiClient({ baseUrl: base })
      .keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiResponseError);
    expect(err).toMatchObject({ reason: 'status', status: 302 });
  });

  it('a problem body longer than the problem limit still gives a MimiHttpError', async () => {
    const client = createMimiClient({ baseUrl: base });
    const err = await client.directory().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    expect((err as MimiHttpError).status).toBe(500);
  });
});
