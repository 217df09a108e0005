/**
 * Providers authenticate each other with mutual TLS: the generated client presents a client
 * certificate through an undici Agent, and the generated server's handlers see the peer identity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { createMimiClient, MimiHttpError } from '@mimikit/mimi-protocol/client';
import { startServer, recordingHandlers, type Harness, type Received } from './server-harness.ts';
import { makePki, type Pki } from './pki.ts';
import * as v from './values.ts';

let pki: Pki;
let server: Harness;
let lenient: Harness;
const received = new Map<string, Received>();
const agents: Agent[] = [];

function agent(creds?: { key: string; cert: string }): Agent {
  const a = new Agent({ connect: { ca: pki.ca, ...creds } });
  agents.push(a);
  return a;
}

beforeAll(async () => {
  pki = makePki();
  const https = { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true };
  server = await startServer(recordingHandlers(received), {}, { https });
  // requestCert without rejectUnauthorized: the handshake succeeds, the driver answers 401 itself.
  lenient = await startServer(recordingHandlers(new Map()), { requirePeer: true }, { https: { ...https, rejectUnauthorized: false } });
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await server?.app.close();
  await lenient?.app.close();
  pki?.dispose();
});

describe('mutual TLS', () => {
  it('the handler sees the client certificate identity', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = createMimiClient({ baseUrl: server.url, dispatcher: agent(pki.client('b.example')) });
    expect(await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)).toEqual(v.keyMaterialResponse);
    const peer = received.get('keyMaterial')?.peer;
    expect(peer).not.toBeNull();
    expect(peer?.subjectCN).toBe('b.example');
    expect(peer?.uris).toEqual(['mimi://b.example']);
    expect(peer?.dnsNames).toEqual(['b.example']);
    expect(peer?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('the directory over HTTPS gives https templates that the client follows', async () => {
    const client = createMimiClient({ directoryUrl: `${server.url}/.well-known/mimi-protocol-directory`, dispatcher: agent(pki.client('c.example')) });
    const dir = await client.directory();
    expect(dir.notify).toBe(`${server.url}/v1/notify/{roomId}`);
    await client.notify({ roomId: v.ROOM }, v.fanoutMessage);
    expect(received.get('notify')?.peer?.uris).toEqual(['mimi://c.example']);
  });

  it('a client without a certificate is refused', async () => {
    const client = createMimiClient({ baseUrl: server.url, dispatcher: agent() });
    const err = await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(MimiHttpError);
  });

  it('a certificate from another CA is refused', async () => {
    const client = createMimiClient({ baseUrl: server.url, dispatcher: agent(pki.stranger('evil.example')) });
    const err = await client.notify({ roomId: v.ROOM }, v.fanoutMessage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(MimiHttpError);
  });

  it('with requirePeer, a server that lets unauthenticated handshakes through answers 401', async () => {
    const anonymous = await createMimiClient({ baseUrl: lenient.url, dispatcher: agent() }).notify({ roomId: v.ROOM }, v.fanoutMessage).catch((e: unknown) => e);
    expect(anonymous).toBeInstanceOf(MimiHttpError);
    expect((anonymous as MimiHttpError).status).toBe(401);
    const stranger = await createMimiClient({ baseUrl: lenient.url, dispatcher: agent(pki.stranger('evil.example')) }).notify({ roomId: v.ROOM }, v.fanoutMessage).catch((e: unknown) => e);
    expect((stranger as MimiHttpError).status).toBe(401);
    await expect(createMimiClient({ baseUrl: lenient.url, dispatcher: agent(pki.client('b.example')) }).notify({ roomId: v.ROOM }, v.fanoutMessage)).resolves.toBeUndefined();
  });
});
