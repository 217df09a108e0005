/**
 * What the client (packages/transport/src/client.ts, exchange.ts) refuses to do for a peer: follow
 * directory templates to another origin or scheme, and wait for ever. Peers are real servers on
 * loopback: the generated server over HTTPS with mutual TLS, and plain node servers that hang or
 * trickle.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createMimiClient, MimiResponseError } from '@mimikit/mimi-protocol/client';
import type { MimiHandlers } from '@mimikit/mimi-protocol/server';
import { MimiHttpError, MimiTimeoutError } from '@mimikit/transport';
import { startServer, type Harness } from './server-harness.ts';
import { type Credentials, makePki, type Pki } from '../support/pki.ts';
import * as v from '../support/transport-values.ts';

let pki: Pki;
/** The client certificate of provider a.example. */
let providerA: Credentials;
/** The peer: its directory names whatever `templates` says; its notify handler counts calls. */
let peer: Harness;
let templates: Record<string, string> = {};
let peerNotified = 0;
/** Another server that must receive nothing unless the client allows its origin; answers 201 to all. */
let victim: Server;
let victimUrl: string;
const victimRequests: string[] = [];
/** A server that never answers (/v1/keyMaterial/…) or trickles its body (/v1/proxyDownload/…). */
let slow: Server;
let slowUrl: string;
const agents: Agent[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  pki = await makePki();
  providerA = await pki.client('a.example');
  const directory: MimiHandlers['directory'] = () => ({
    keyMaterial: `${peer.url}/v1/keyMaterial/{targetUser}`,
    update: `${peer.url}/v1/update/{roomId}`,
    submitMessage: `${peer.url}/v1/submitMessage/{roomId}`,
    notify: `${peer.url}/v1/notify/{roomId}`,
    groupInfo: `${peer.url}/v1/groupInfo/{roomId}`,
    requestConsent: `${peer.url}/v1/requestConsent/{targetDomain}`,
    updateConsent: `${peer.url}/v1/updateConsent/{requesterDomain}`,
    identifierQuery: `${peer.url}/v1/identifierQuery/{domain}`,
    reportAbuse: `${peer.url}/v1/reportAbuse/{roomId}`,
    proxyDownload: `${peer.url}/v1/proxyDownload/{downloadUrl}`,
    ...templates,
  });
  const https = { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true };
  peer = await startServer({ directory, notify: () => void peerNotified++ }, {}, { https });
  victim = createServer((req, res) => {
    victimRequests.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(201).end();
  });
  victimUrl = await listen(victim);
  slow = createServer((req, res) => {
    req.resume();
    if (req.url?.startsWith('/v1/proxyDownload/')) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
      const trickle = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(trickle));
    }
    // Anything else: never a status line.
  });
  slowUrl = await listen(slow);
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await peer?.app.close();
  for (const s of [victim, slow]) {
    s?.closeAllConnections();
    await new Promise((resolve) => s?.close(resolve));
  }
});

function peerClient(options: { allowedOrigins?: string[] } = {}) {
  const dispatcher = new Agent({ connect: { ca: pki.ca, ...providerA } });
  agents.push(dispatcher);
  return createMimiClient({ directoryUrl: `${peer.url}/.well-known/mimi-protocol-directory`, dispatcher, ...options });
}

describe("the peer's directory cannot send the client elsewhere", () => {
  it.each([
    ['another origin', () => `${victimUrl}/v1/notify/{roomId}`],
    ['the same host and port over cleartext http', () => `${peer.url.replace('https:', 'http:')}/v1/notify/{roomId}`],
    ['a link-local metadata address', () => 'http://169.254.169.254/latest/meta-data/{roomId}'],
    ['another host name for the same address', () => `${peer.url.replace('127.0.0.1', 'localhost')}/v1/notify/{roomId}`],
    ['userinfo that hides another host', () => `${peer.url.replace('https://127.0.0.1', 'https://127.0.0.1@localhost')}/v1/notify/{roomId}`],
  ])('a template on %s is refused and nothing is sent', async (_what, template) => {
    templates = { notify: template() };
    victimRequests.length = 0;
    peerNotified = 0;
    const err = await peerClient()
      .notify({ roomId: v.ROOM }, [v.fanoutMessage])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiResponseError);
    expect(err).toMatchObject({ reason: 'directory', operationId: 'notify' });
    expect((err as Error).message).toMatch(/another origin than its own/);
    expect(victimRequests).toEqual([]);
    expect(peerNotified).toBe(0);
  });

  it('a variable in the authority cannot move the request either, and a template that is no URL is refused too', async () => {
    templates = { requestConsent: 'https://{targetDomain}/v1/requestConsent', notify: 'https://[::1/{roomId}' };
    const err = await peerClient()
      .requestConsent({ targetDomain: '169.254.169.254' }, v.consentEntry)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'MimiResponseError', reason: 'directory' });
    const bad = await peerClient()
      .notify({ roomId: v.ROOM }, [v.fanoutMessage])
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ name: 'MimiResponseError', reason: 'directory' });
    expect((bad as Error).message).toMatch(/does not expand to a URL/);
  });

  it('allowedOrigins lets the caller allow another origin, and only that one', async () => {
    templates = { notify: `${victimUrl}/v1/notify/{roomId}`, reportAbuse: 'http://169.254.169.254/{roomId}' };
    victimRequests.length = 0;
    const client = peerClient({ allowedOrigins: [`${victimUrl}/`] });
    await expect(client.notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
    expect(victimRequests).toEqual([`POST /v1/notify/${encodeURIComponent(v.ROOM)}`]);
    await expect(client.reportAbuse({ roomId: v.ROOM }, v.abuseReport)).rejects.toMatchObject({ reason: 'directory' });
    expect(() => peerClient({ allowedOrigins: [`${victimUrl}/v1`] })).toThrow(/not an origin/);
  });

  it('templates on the directory origin are followed as before', async () => {
    templates = {};
    peerNotified = 0;
    await expect(peerClient().notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
    expect(peerNotified).toBe(1);
  });
});

describe('every call has a deadline', () => {
  it('a server that never sends headers: MimiTimeoutError (headers) at the client timeout', async () => {
    const client = createMimiClient({ baseUrl: slowUrl, timeout: 300 });
    const err = await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiTimeoutError);
    expect(err).toMatchObject({ operationId: 'keyMaterial', timeout: 300, phase: 'headers' });
  });

  it('a body trickled one byte at a time: MimiTimeoutError (body); the per-call timeout wins', async () => {
    const client = createMimiClient({ baseUrl: slowUrl, timeout: 600_000 });
    const err = await client.proxyDownload({ downloadUrl: 'https://assets.example/a' }, { timeout: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiTimeoutError);
    expect(err).toMatchObject({ operationId: 'proxyDownload', timeout: 300, phase: 'body' });
  });

  it('a directory that never comes counts against the call', async () => {
    const client = createMimiClient({ directoryUrl: `${slowUrl}/.well-known/mimi-protocol-directory`, timeout: 300 });
    await expect(client.notify({ roomId: v.ROOM }, [v.fanoutMessage])).rejects.toBeInstanceOf(MimiTimeoutError);
  });

  it('without a timeout option the deadline is the documented 30 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      let settled = false;
      const arrived = new Promise((resolve) => slow.once('request', resolve));
      const pending = createMimiClient({ baseUrl: slowUrl })
        .keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)
        .catch((e: unknown) => e)
        .finally(() => (settled = true));
      // Connected and sent (real I/O) before any fake time passes, so only the deadline can end the call.
      await arrived;
      await vi.advanceTimersByTimeAsync(29_000);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      const err = await pending;
      expect(err).toBeInstanceOf(MimiTimeoutError);
      expect((err as MimiTimeoutError).timeout).toBe(30_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('timeouts that are not a positive number of milliseconds are refused', async () => {
    for (const timeout of [0, -1, Number.NaN, Infinity]) {
      expect(() => createMimiClient({ baseUrl: slowUrl, timeout })).toThrow(RangeError);
      await expect(createMimiClient({ baseUrl: slowUrl }).keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest, { timeout })).rejects.toThrow(RangeError);
    }
  });
});

describe('JSON and problem bodies are exact UTF-8', () => {
  let bad: Server;
  let badUrl: string;
  beforeAll(async () => {
    bad = createServer((req, res) => {
      req.resume();
      if (req.url === '/.well-known/mimi-protocol-directory') {
        // A template with a byte that is no UTF-8: lenient decoding would make it U+FFFD.
        res.writeHead(200, { 'content-type': 'application/json' });
        const others = [
          'update',
          'submitMessage',
          'notify',
          'groupInfo',
          'requestConsent',
          'updateConsent',
          'identifierQuery',
          'reportAbuse',
          'proxyDownload',
        ].map((k) => `"${k}":"${badUrl}/v1/${k}"`);
        res.end(
          Buffer.concat([Buffer.from(`{${others.join(',')},"keyMaterial":"${badUrl}/v1/keyMaterial/`), Buffer.from([0xff]), Buffer.from('{targetUser}"}')]),
        );
        return;
      }
      res.writeHead(503, { 'content-type': 'application/problem+json' });
      res.end(Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xc3]), Buffer.from('"}')]));
    });
    badUrl = await listen(bad);
  });
  afterAll(async () => {
    bad.closeAllConnections();
    await new Promise((resolve) => bad.close(resolve));
  });

  it('a directory document that is not UTF-8 is not JSON', async () => {
    const client = createMimiClient({ directoryUrl: `${badUrl}/.well-known/mimi-protocol-directory` });
    const err = await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiResponseError);
    expect((err as MimiResponseError).reason).toBe('json');
  });

  it('a problem document that is not UTF-8 gives the generic problem, never U+FFFD text', async () => {
    const err = await createMimiClient({ baseUrl: badUrl })
      .keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    expect((err as MimiHttpError).problem).toEqual({ type: 'about:blank', title: 'Service Unavailable', status: 503 });
  });
});
