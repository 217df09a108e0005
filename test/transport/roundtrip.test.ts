/**
 * The generated client against the generated server over real HTTP (127.0.0.1, port 0): every
 * operation of spec/openapi/mimi-protocol.yaml with real TLS values, and the error paths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { request } from 'undici';
import { codecs, type KeyMaterialRequest } from '@mimikit/mimi-protocol';
import { createMimiClient, EncodedBody, MimiHttpError, MimiResponseError, type MimiClient } from '@mimikit/mimi-protocol/client';
import { operations, type OperationId } from '@mimikit/mimi-protocol/operations';
import { DecodeError } from '@mimikit/tls';
import { ASSET, recordingHandlers, startServer, type Harness, type Received } from './server-harness.ts';
import * as v from '../support/transport-values.ts';

const received = new Map<string, Received>();
let server: Harness;
let client: MimiClient;

beforeAll(async () => {
  server = await startServer(
    {
      ...recordingHandlers(received),
      // Inputs that make the handlers fail, chosen by the request's target user.
      async keyMaterial(ctx) {
        received.set('keyMaterial', { params: { ...ctx.params }, body: ctx.body, peer: ctx.peer });
        if (ctx.params.targetUser === 'mimi://b.example/u/crash') throw new Error('secret detail: db password hunter2');
        if (ctx.params.targetUser === 'mimi://b.example/u/busy') throw new MimiHttpError(503, { title: 'Busy', detail: 'try again soon' }, { retryAfter: 7 });
        if (ctx.params.targetUser === 'mimi://b.example/u/slow') throw new MimiHttpError(429, 'Slow down', { retryAfter: 0 });
        if (ctx.params.targetUser === 'mimi://b.example/u/gone')
          throw new MimiHttpError(404, { type: 'https://mimikit.example/problems/no-user', title: 'No such user' });
        return v.keyMaterialResponse;
      },
    },
    { bodyLimit: 64 * 1024 },
  );
  client = createMimiClient({ baseUrl: server.url });
});

afterAll(async () => {
  await server.app.close();
});

async function raw(path: string, init: { method?: 'GET' | 'POST'; body?: Uint8Array | string; contentType?: string } = {}) {
  const res = await request(`${server.url}${path}`, {
    method: init.method ?? 'POST',
    headers: init.contentType ? { 'content-type': init.contentType } : {},
    body: init.body,
  });
  const bytes = new Uint8Array(await res.body.arrayBuffer());
  const text = Buffer.from(bytes).toString('utf8');
  return { status: res.statusCode, headers: res.headers, bytes, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const enc = encodeURIComponent;

describe('every operation, success path', () => {
  const cases: Record<OperationId, () => Promise<void>> = {
    async directory() {
      const dir = await client.directory();
      for (const op of Object.values(operations)) {
        if (op.directoryKey) expect(dir[op.directoryKey as keyof typeof dir]).toBe(`${server.url}${op.path}`);
      }
      expect(Object.keys(dir)).toHaveLength(10);
    },
    async keyMaterial() {
      const res = await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest);
      expect(res).toEqual(v.keyMaterialResponse);
      expect(received.get('keyMaterial')).toEqual({ params: { targetUser: v.BOB }, body: v.keyMaterialRequest, peer: null });
    },
    async update() {
      const res = await client.update({ roomId: v.ROOM }, v.updateRequest);
      expect(res).toEqual(v.updateRoomResponse);
      expect(received.get('update')).toEqual({ params: { roomId: v.ROOM }, body: v.updateRequest, peer: null });
    },
    async submitMessage() {
      const res = await client.submitMessage({ roomId: v.ROOM }, v.submitMessageRequest);
      expect(res).toEqual(v.submitMessageResponse);
      expect(received.get('submitMessage')?.body).toEqual(v.submitMessageRequest);
    },
    async notify() {
      await expect(client.notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
      expect(received.get('notify')).toEqual({ params: { roomId: v.ROOM }, body: [v.fanoutMessage], peer: null });
    },
    async groupInfo() {
      const res = await client.groupInfo({ roomId: v.ROOM }, v.groupInfoRequest);
      expect(res).toEqual(v.groupInfoResponse);
      expect(received.get('groupInfo')?.body).toEqual(v.groupInfoRequest);
    },
    async requestConsent() {
      await expect(client.requestConsent({ targetDomain: 'b.example' }, v.consentEntry)).resolves.toBeUndefined();
      expect(received.get('requestConsent')).toEqual({ params: { targetDomain: 'b.example' }, body: v.consentEntry, peer: null });
    },
    async updateConsent() {
      await expect(client.updateConsent({ requesterDomain: 'a.example' }, v.consentEntry)).resolves.toBeUndefined();
      expect(received.get('updateConsent')).toEqual({ params: { requesterDomain: 'a.example' }, body: v.consentEntry, peer: null });
    },
    async identifierQuery() {
      const res = await client.identifierQuery({ domain: 'b.example' }, v.identifierRequest);
      expect(res).toEqual(v.identifierResponse);
      expect(received.get('identifierQuery')?.body).toEqual(v.identifierRequest);
    },
    async reportAbuse() {
      await expect(client.reportAbuse({ roomId: v.ROOM }, v.abuseReport)).resolves.toBeUndefined();
      expect(received.get('reportAbuse')?.body).toEqual(v.abuseReport);
    },
    async proxyDownload() {
      const downloadUrl = `https://assets.a.example/blobs/${'x'.repeat(200)}?sig=a%2Fb&exp=1#frag`;
      const res = await client.proxyDownload({ downloadUrl });
      expect(res).toBeInstanceOf(Uint8Array);
      expect([...res]).toEqual([...ASSET]);
      expect(received.get('proxyDownload')).toEqual({ params: { downloadUrl }, body: undefined, peer: null });
    },
  };
  for (const [id, run] of Object.entries(cases)) it(`${id} (${operations[id as OperationId].method} ${operations[id as OperationId].path})`, run);

  it('sends one percent-encoded segment per identifier', async () => {
    const r = await raw(`/v1/keyMaterial/${enc(v.BOB)}`, {
      body: codecs.KeyMaterialRequest.encode(v.keyMaterialRequest),
      contentType: 'application/mimi-protocol',
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/mimi-protocol');
    expect(codecs.KeyMaterialResponse.decode(r.bytes)).toEqual(v.keyMaterialResponse);
    expect(received.get('keyMaterial')?.params).toEqual({ targetUser: v.BOB });
  });
});

describe('sequence bodies (notify: x-mimi-tls-sequence)', () => {
  const one = codecs.FanoutMessage.encode(v.fanoutMessage, { protocol: 'mls10' });
  const later = { ...v.fanoutMessage, timestamp: v.fanoutMessage.timestamp + 1n };
  const notify = (body: Uint8Array) => raw(`/v1/notify/${enc(v.ROOM)}`, { body, contentType: 'application/mimi-protocol' });

  it('the client sends an array back to back; the handler gets every value, in order', async () => {
    received.delete('notify');
    await expect(client.notify({ roomId: v.ROOM }, [v.fanoutMessage, later, v.fanoutMessage])).resolves.toBeUndefined();
    expect(received.get('notify')?.body).toEqual([v.fanoutMessage, later, v.fanoutMessage]);
  });

  it('an EncodedBody is sent as it is: the server decodes the stored encodings, in order; bad bytes are its 400', async () => {
    received.delete('notify');
    const laterBytes = codecs.FanoutMessage.encode(later, { protocol: 'mls10' });
    await expect(client.notify({ roomId: v.ROOM }, new EncodedBody(new Uint8Array([...laterBytes, ...one])))).resolves.toBeUndefined();
    expect(received.get('notify')?.body).toEqual([later, v.fanoutMessage]);
    received.delete('notify');
    const cut = client.notify({ roomId: v.ROOM }, new EncodedBody(one.slice(0, 4)));
    await expect(cut).rejects.toMatchObject({ status: 400 });
    expect(received.has('notify')).toBe(false);
    // Anything but bytes is the caller's mistake, refused at once.
    expect(() => new EncodedBody([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('a body of one value (what a single-message sender sends) is an array of one', async () => {
    received.delete('notify');
    expect((await notify(one)).status).toBe(201);
    expect(received.get('notify')?.body).toEqual([v.fanoutMessage]);
  });

  it('an empty body is 400, and the client refuses an empty array before sending', async () => {
    received.delete('notify');
    const r = await notify(new Uint8Array(0));
    expect(r.status).toBe(400);
    expect(r.json()).toMatchObject({ kind: 'truncated', offset: 0, path: 'FanoutMessage' });
    await expect(client.notify({ roomId: v.ROOM }, [])).rejects.toBeInstanceOf(TypeError);
    expect(received.has('notify')).toBe(false);
  });

  it('a bad second value is 400 naming its index and its offset in the body; the handler is not called', async () => {
    received.delete('notify');
    const cut = await notify(new Uint8Array([...one, ...one.slice(0, 4)])); // the second one's uint64 timestamp cut short
    expect(cut.status).toBe(400);
    expect(cut.json()).toMatchObject({ kind: 'truncated', offset: one.length, path: 'FanoutMessage[1].timestamp' });
    const garbage = await notify(new Uint8Array([...one, ...one, ...one.slice(0, 8), 0xff, 0xff]));
    expect(garbage.status).toBe(400);
    expect(garbage.json().path).toMatch(/^FanoutMessage\[2\]\./);
    expect(garbage.json().offset).toBeGreaterThanOrEqual(2 * one.length + 8);
    expect(received.has('notify')).toBe(false);
  });
});

describe('error paths', () => {
  it('an undecodable body is a 400 problem naming kind, offset and type path', async () => {
    const good = codecs.KeyMaterialRequest.encode(v.keyMaterialRequest);
    const bad = good.slice(0, 30); // cut inside targetUser
    const r = await raw(`/v1/keyMaterial/${enc(v.BOB)}`, { body: bad, contentType: 'application/mimi-protocol' });
    expect(r.status).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const p = r.json();
    expect(p).toMatchObject({ type: 'about:blank', status: 400, kind: 'truncated' });
    expect(typeof p.offset).toBe('number');
    expect(p.offset as number).toBeGreaterThan(0);
    expect(p.path).toMatch(/^KeyMaterialRequest\.targetUser\.uri/);
    expect(p.title).toBe('Undecodable request body');
  });

  it('trailing bytes and garbage are 400 too, and the handler is not called', async () => {
    received.delete('submitMessage');
    const good = codecs.SubmitMessageRequest.encode(v.submitMessageRequest);
    const trailing = await raw(`/v1/submitMessage/${enc(v.ROOM)}`, { body: new Uint8Array([...good, 0]), contentType: 'application/mimi-protocol' });
    expect(trailing.status).toBe(400);
    expect(trailing.json()).toMatchObject({ kind: 'trailing-bytes', offset: good.length });
    const garbage = await raw(`/v1/submitMessage/${enc(v.ROOM)}`, { body: new Uint8Array([0xff, 0xff, 0xff]), contentType: 'application/mimi-protocol' });
    expect(garbage.status).toBe(400);
    expect(garbage.json().path).toMatch(/^SubmitMessageRequest/);
    const empty = await raw(`/v1/submitMessage/${enc(v.ROOM)}`, { body: new Uint8Array(0), contentType: 'application/mimi-protocol' });
    expect(empty.status).toBe(400);
    expect(received.has('submitMessage')).toBe(false);
  });

  it('an oversized body is a 413 problem', async () => {
    const r = await raw(`/v1/notify/${enc(v.ROOM)}`, { body: new Uint8Array(64 * 1024 + 1), contentType: 'application/mimi-protocol' });
    expect(r.status).toBe(413);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('another content type is a 415 problem', async () => {
    const r = await raw(`/v1/notify/${enc(v.ROOM)}`, { body: '{}', contentType: 'application/json' });
    expect(r.status).toBe(415);
    expect(r.json()).toMatchObject({ status: 415 });
  });

  it('an unknown path is a 404 problem', async () => {
    const r = await raw('/v1/nope/x', { method: 'GET' });
    expect(r.status).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toMatchObject({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  it('a handler error is a 500 problem that discloses nothing (and is logged)', async () => {
    const r = await raw(`/v1/keyMaterial/${enc('mimi://b.example/u/crash')}`, {
      body: codecs.KeyMaterialRequest.encode(v.keyMaterialRequest),
      contentType: 'application/mimi-protocol',
    });
    expect(r.status).toBe(500);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(r.json()).toEqual({ type: 'about:blank', title: 'Internal Server Error', status: 500 });
    expect(r.text).not.toContain('secret detail');
    expect(r.text).not.toContain('hunter2');
    expect(server.logs.some((l) => l.includes('secret detail'))).toBe(true);
    const err = await client.keyMaterial({ targetUser: 'mimi://b.example/u/crash' }, v.keyMaterialRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    expect((err as MimiHttpError).status).toBe(500);
    expect((err as MimiHttpError).message).not.toContain('secret');
  });

  it('MimiHttpError(503, retryAfter 7) reaches the client as MimiHttpError with retryAfter 7', async () => {
    const r = await raw(`/v1/keyMaterial/${enc('mimi://b.example/u/busy')}`, {
      body: codecs.KeyMaterialRequest.encode(v.keyMaterialRequest),
      contentType: 'application/mimi-protocol',
    });
    expect(r.status).toBe(503);
    expect(r.headers['retry-after']).toBe('7');
    const err = await client.keyMaterial({ targetUser: 'mimi://b.example/u/busy' }, v.keyMaterialRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    const e = err as MimiHttpError;
    expect(e.status).toBe(503);
    expect(e.retryAfter).toBe(7);
    expect(e.problem).toEqual({ type: 'about:blank', title: 'Busy', status: 503, detail: 'try again soon' });
  });

  it('Retry-After 0 and problem types survive the round trip; no Retry-After is null', async () => {
    const slow = (await client.keyMaterial({ targetUser: 'mimi://b.example/u/slow' }, v.keyMaterialRequest).catch((e: unknown) => e)) as MimiHttpError;
    expect(slow).toBeInstanceOf(MimiHttpError);
    expect([slow.status, slow.retryAfter, slow.problem.title]).toEqual([429, 0, 'Slow down']);
    const gone = (await client.keyMaterial({ targetUser: 'mimi://b.example/u/gone' }, v.keyMaterialRequest).catch((e: unknown) => e)) as MimiHttpError;
    expect([gone.status, gone.retryAfter, gone.problem.type]).toEqual([404, null, 'https://mimikit.example/problems/no-user']);
  });

  it('a body of another TLS type is a 400 naming the expected type', async () => {
    const bytes = codecs.KeyMaterialRequest.encode(v.keyMaterialRequest);
    const r = await raw(`/v1/notify/${enc(v.ROOM)}`, { body: bytes, contentType: 'application/mimi-protocol' });
    expect(r.status).toBe(400);
    expect(r.json().path).toMatch(/^FanoutMessage/);
  });
});

describe('the client against other servers', () => {
  it('a success body that does not decode is a MimiResponseError carrying the DecodeError', async () => {
    const app = Fastify();
    app.addContentTypeParser('application/mimi-protocol', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.post('/v1/keyMaterial/:u', async (_req, reply) => reply.type('application/mimi-protocol').send(Buffer.from([1, 2, 3])));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const err = await createMimiClient({ baseUrl: url })
        .keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MimiResponseError);
      const e = err as MimiResponseError;
      expect(e.reason).toBe('decode');
      expect(e.decodeError).toBeInstanceOf(DecodeError);
      expect(e.decodeError?.typePath).toMatch(/^KeyMaterialResponse/);
    } finally {
      await app.close();
    }
  });

  it('a response over bodyLimit is a MimiResponseError', async () => {
    const app = Fastify();
    app.get('/v1/proxyDownload/:u', async (_req, reply) => reply.type('application/octet-stream').send(Buffer.alloc(10_000)));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const err = await createMimiClient({ baseUrl: url, bodyLimit: 1000 })
        .proxyDownload({ downloadUrl: 'https://x.example/a' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MimiResponseError);
      expect((err as MimiResponseError).reason).toBe('too-large');
    } finally {
      await app.close();
    }
  });

  it('an error without problem+json still becomes a MimiHttpError, with an HTTP-date Retry-After', async () => {
    const app = Fastify();
    app.addContentTypeParser('application/mimi-protocol', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    const at = new Date(Date.now() + 30_000).toUTCString();
    app.post('/v1/notify/:r', async (_req, reply) => reply.code(503).header('retry-after', at).type('text/html').send('<h1>down</h1>'));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const err = (await createMimiClient({ baseUrl: url })
        .notify({ roomId: v.ROOM }, [v.fanoutMessage])
        .catch((e: unknown) => e)) as MimiHttpError;
      expect(err).toBeInstanceOf(MimiHttpError);
      expect(err.problem).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503 });
      expect(err.retryAfter).toBeGreaterThanOrEqual(28);
      expect(err.retryAfter).toBeLessThanOrEqual(31);
    } finally {
      await app.close();
    }
  });

  it('operations without a handler are not registered (404)', async () => {
    const partial = await startServer({ notify: async () => undefined });
    try {
      const c = createMimiClient({ baseUrl: partial.url });
      await expect(c.notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
      const err = (await c.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest as KeyMaterialRequest).catch((e: unknown) => e)) as MimiHttpError;
      expect(err).toBeInstanceOf(MimiHttpError);
      expect(err.status).toBe(404);
      expect(err.problem.title).toBe('Not Found');
    } finally {
      await partial.app.close();
    }
  });
});

describe('the directory', () => {
  it('a client built from directoryUrl fetches the directory once and expands its templates', async () => {
    let fetches = 0;
    const received2 = new Map<string, Received>();
    const live = await startServer(recordingHandlers(received2), {}, {}, (app) =>
      app.addHook('onRequest', async (req) => {
        if (req.url === '/.well-known/mimi-protocol-directory') fetches++;
      }),
    );
    try {
      const c = createMimiClient({ directoryUrl: `${live.url}/.well-known/mimi-protocol-directory` });
      expect(await c.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)).toEqual(v.keyMaterialResponse);
      await c.notify({ roomId: v.ROOM }, [v.fanoutMessage]);
      await c.requestConsent({ targetDomain: 'b.example' }, v.consentEntry);
      expect(received2.get('requestConsent')?.params).toEqual({ targetDomain: 'b.example' });
      expect(received2.get('keyMaterial')?.params).toEqual({ targetUser: v.BOB });
      expect(fetches).toBe(1);
    } finally {
      await live.app.close();
    }
  });

  it('publicBaseUrl sets the templates; a directory handler replaces the built-in document', async () => {
    const s = await startServer({}, { publicBaseUrl: 'https://mimi.a.example/' });
    try {
      const dir = await createMimiClient({ baseUrl: s.url }).directory();
      expect(dir.keyMaterial).toBe('https://mimi.a.example/v1/keyMaterial/{targetUser}');
      expect(dir.proxyDownload).toBe('https://mimi.a.example/v1/proxyDownload/{downloadUrl}');
    } finally {
      await s.app.close();
    }
    // A peer whose directory uses its own variable names (the draft's example calls the consent domain targetUser).
    const peer = await startServer({
      ...recordingHandlers(new Map()),
      async directory({ request }) {
        const base = `http://${request.host}`;
        const keys = ['keyMaterial', 'update', 'notify', 'submitMessage', 'groupInfo', 'identifierQuery', 'reportAbuse', 'proxyDownload'] as const;
        const doc = Object.fromEntries(keys.map((k) => [k, `${base}/v1/${k}/{id}`])) as Record<(typeof keys)[number], string>;
        return { ...doc, requestConsent: `${base}/v1/requestConsent/{targetUser}`, updateConsent: `${base}/v1/updateConsent/{requesterUser}` };
      },
    });
    try {
      const c = createMimiClient({ directoryUrl: `${peer.url}/.well-known/mimi-protocol-directory` });
      await expect(c.requestConsent({ targetDomain: 'b.example' }, v.consentEntry)).resolves.toBeUndefined();
      await expect(c.notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
    } finally {
      await peer.app.close();
    }
  });

  it('a directory that is not a Directory is refused', async () => {
    const app = Fastify();
    app.get('/.well-known/mimi-protocol-directory', async () => ({ keyMaterial: 42 }));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const err = await createMimiClient({ directoryUrl: `${url}/.well-known/mimi-protocol-directory` })
        .notify({ roomId: v.ROOM }, [v.fanoutMessage])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MimiResponseError);
      expect((err as MimiResponseError).reason).toBe('json');
    } finally {
      await app.close();
    }
  });
});
