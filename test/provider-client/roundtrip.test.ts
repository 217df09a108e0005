/**
 * The generated @mimikit/provider-client (spec/openapi/provider-client.yaml) end to end: its server
 * on fastify over loopback HTTP with stub handlers, called with its client. Valid calls of each body
 * and status kind (JSON 200/201, 202 and 204 without a body, bytes, query parameters), the bearer
 * token reaching handlers, and what the generated server refuses before a handler runs: an invalid
 * JSON body (400 with the JSON pointer), a missing or malformed token (401), a bad query parameter
 * (400), another media type (415).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMimiClient, MimiHttpError, type MimiClient } from '@mimikit/provider-client/client';
import { registerMimiRoutes, mimiServerOptions, type MimiHandlers } from '@mimikit/provider-client/server';

const TOKEN = 'tok_0123456789abcdef';
const ALICE = 'mimi://a.example/u/alice';
const ALICE_PHONE = 'mimi://a.example/d/alice/phone';
const ROOM = 'mimi://a.example/r/room1';
const ASSET = new Uint8Array([0, 1, 2, 0xff]);

/** What each handler was called with: operation → its context's params, query, body and token. */
const calls = new Map<string, { params: unknown; query?: unknown; body?: unknown; token: string | null }>();

function record(id: string, ctx: { params: unknown; query?: unknown; body?: unknown; token: string | null }): void {
  calls.set(id, { params: ctx.params, query: ctx.query, body: ctx.body, token: ctx.token });
}

const handlers: Partial<MimiHandlers> = {
  registerClient(ctx) {
    record('registerClient', ctx);
    return { client: ctx.body.client, token: TOKEN };
  },
  uploadKeyPackages(ctx) {
    record('uploadKeyPackages', ctx);
    return { stored: ctx.body.keyPackages.length };
  },
  submitMessage(ctx) {
    record('submitMessage', ctx);
    return { response: ctx.body.request.toUpperCase() };
  },
  reportAbuse(ctx) {
    record('reportAbuse', ctx);
  },
  download(ctx) {
    record('download', ctx);
    return ASSET;
  },
  inbox(ctx) {
    record('inbox', ctx);
    const after = BigInt(ctx.query.after ?? '0');
    return { items: [{ seq: String(after + 1n), roomId: ROOM, message: 'AAEC' }] };
  },
  acknowledge(ctx) {
    record('acknowledge', ctx);
  },
  leaveRoom(ctx) {
    record('leaveRoom', ctx);
  },
  healthz: () => ({ status: 'ok' }),
};

let app: FastifyInstance;
let base: string;
let client: MimiClient;

beforeAll(async () => {
  app = Fastify(mimiServerOptions());
  registerMimiRoutes(app, handlers);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  client = createMimiClient({ baseUrl: base, token: TOKEN });
});
afterAll(() => app.close());

/** The error a call fails with. */
async function failure(p: Promise<unknown>): Promise<MimiHttpError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MimiHttpError);
  return err as MimiHttpError;
}

describe('valid calls', () => {
  it('registers without a token (201 with JSON) and the handler sees no token', async () => {
    const anonymous = createMimiClient({ baseUrl: base });
    await expect(anonymous.registerClient({ user: ALICE, client: ALICE_PHONE })).resolves.toEqual({ client: ALICE_PHONE, token: TOKEN });
    expect(calls.get('registerClient')).toMatchObject({ body: { user: ALICE, client: ALICE_PHONE }, token: null });
  });

  it('passes the token, the path parameters and the validated body to handlers', async () => {
    await expect(client.uploadKeyPackages({ keyPackages: ['AAEC', 'AwQF'] })).resolves.toEqual({ stored: 2 });
    expect(calls.get('uploadKeyPackages')).toMatchObject({ token: TOKEN, body: { keyPackages: ['AAEC', 'AwQF'] } });
    await expect(client.submitMessage({ roomId: ROOM }, { request: 'abc_-' })).resolves.toEqual({ response: 'ABC_-' });
    expect(calls.get('submitMessage')).toMatchObject({ token: TOKEN, params: { roomId: ROOM } });
  });

  it('answers 202 and 204 without a body', async () => {
    await expect(client.reportAbuse({ roomId: ROOM }, { report: 'AAAA' })).resolves.toBeUndefined();
    await expect(client.acknowledge({ upTo: '18446744073709551615' })).resolves.toBeUndefined();
    expect(calls.get('acknowledge')?.body).toEqual({ upTo: '18446744073709551615' });
    await expect(client.leaveRoom({ roomId: ROOM })).resolves.toBeUndefined();
    expect(calls.get('leaveRoom')?.params).toEqual({ roomId: ROOM });
  });

  it('sends query parameters typed: strings, integers, and none', async () => {
    await expect(client.inbox({ after: '41', wait: 0 })).resolves.toEqual({ items: [{ seq: '42', roomId: ROOM, message: 'AAEC' }] });
    expect(calls.get('inbox')?.query).toEqual({ after: '41', wait: 0 });
    await expect(client.inbox()).resolves.toMatchObject({ items: [{ seq: '1' }] });
    expect(calls.get('inbox')?.query).toEqual({});
    const url = 'https://assets.example/a b?x=1&y=é';
    await expect(client.download({ url, roomId: ROOM })).resolves.toEqual(ASSET);
    expect(calls.get('download')?.query).toEqual({ url, roomId: ROOM });
  });

  it('serves the health check without a token', async () => {
    await expect(createMimiClient({ baseUrl: base }).healthz()).resolves.toEqual({ status: 'ok' });
  });

  it('answers 404 for an operation without a handler', async () => {
    expect((await failure(client.createRoom({ groupInfo: 'AA', ratchetTree: 'AA' }))).status).toBe(404);
  });
});

describe('refused before the handler', () => {
  it('an invalid JSON body: 400 naming the JSON pointer of the first error', async () => {
    calls.delete('uploadKeyPackages');
    const bad = await failure(client.uploadKeyPackages({ keyPackages: ['AAEC', 'not base64url!'] }));
    expect(bad.status).toBe(400);
    expect(bad.problem).toMatchObject({ title: 'Invalid request body', pointer: '/keyPackages/1' });
    const extra = await failure(client.uploadKeyPackages({ keyPackages: ['AA'], more: 1 } as never));
    expect(extra.problem.pointer).toBe('/more');
    // A pattern over a string of megabytes: a 400, not a regular-expression stack overflow (a 500).
    const long = await failure(client.uploadKeyPackages({ keyPackages: [`${'A'.repeat(4_000_000)}!`] }));
    expect(long.problem.pointer).toBe('/keyPackages/0');
    const tooMany = await failure(client.uploadKeyPackages({ keyPackages: Array.from({ length: 101 }, () => 'AA') }));
    expect(tooMany.problem.pointer).toBe('/keyPackages');
    expect(calls.has('uploadKeyPackages')).toBe(false);
  });

  it('a body that is not JSON, or of another media type', async () => {
    const headers = { authorization: `Bearer ${TOKEN}` };
    const notJson = await fetch(`${base}/v1/keyPackages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{"keyPackages":',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const proto = await fetch(`${base}/v1/clients`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"__proto__":{"x":1},"user":"${ALICE}","client":"${ALICE_PHONE}"}`,
    });
    expect(proto.status).toBe(400);
    const tls = await fetch(`${base}/v1/keyPackages`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/mimi-protocol' },
      body: new Uint8Array([1]),
    });
    expect(tls.status).toBe(415);
  });

  it('a missing or malformed token: 401 with a Bearer challenge', async () => {
    calls.delete('inbox');
    const anonymous = createMimiClient({ baseUrl: base });
    const missing = await failure(anonymous.inbox());
    expect(missing.status).toBe(401);
    const res = await fetch(`${base}/v1/inbox`, { headers: { authorization: 'Basic dXNlcjpwdw==' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_request"');
    const none = await fetch(`${base}/v1/inbox`);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(calls.has('inbox')).toBe(false);
  });

  it('a bad query parameter: 400 naming it', async () => {
    calls.delete('inbox');
    const tooLong = await failure(client.inbox({ wait: 25_001 }));
    expect(tooLong.status).toBe(400);
    expect(tooLong.problem).toMatchObject({ title: 'Invalid query parameter', parameter: 'wait' });
    expect((await failure(client.inbox({ after: '007' }))).problem.parameter).toBe('after');
    const auth = { authorization: `Bearer ${TOKEN}` };
    for (const query of ['wait=soon', 'wait=1&wait=2', 'after=1&since=2', 'wait=1e3']) {
      const res = await fetch(`${base}/v1/inbox?${query}`, { headers: auth });
      expect(res.status, query).toBe(400);
    }
    expect((await failure(client.download({ url: '', roomId: ROOM }))).problem.parameter).toBe('url');
    expect(calls.has('inbox')).toBe(false);
  });

  it('the client refuses a query value of the wrong type without sending it', async () => {
    await expect(client.inbox({ wait: 1.5 })).rejects.toThrow(TypeError);
    await expect(client.inbox({ after: 5 as unknown as string })).rejects.toThrow(TypeError);
    expect(() => createMimiClient({ baseUrl: base, token: 'bad token\r\nx: y' })).toThrow(TypeError);
  });
});
