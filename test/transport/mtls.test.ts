/**
 * Providers authenticate each other with mutual TLS: the generated client presents a client
 * certificate through an undici Agent, and the generated server's handlers see the peer identity.
 *
 * Both servers are what a provider runs: `Fastify(mimiServerOptions({ https }))` with the generated
 * `registerMimiRoutes(app, handlers, { requirePeer: true })` (test/transport/server-harness.ts).
 * - `strict` verifies client certificates in the handshake (`rejectUnauthorized: true`): a
 *   certificate TLS refuses never reaches mimikit, and one TLS accepts but that names no peer (a CA
 *   certificate) is refused by mimikit with 401.
 * - `lenient` lets every handshake through (`rejectUnauthorized: false`): mimikit's own checks
 *   (requirePeer, verified, leaf only) are all that refuse.
 * Every refusal is asserted exactly: what the client sees (a connection that was never made, or a
 * 500, fails these tests), why the server refused, and that no handler ran.
 */
import { once } from 'node:events';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Agent, errors } from 'undici';
import { createMimiClient, MimiHttpError } from '@mimikit/mimi-protocol/client';
import { freePort, startServer, recordingHandlers, type Harness, type Received } from './server-harness.ts';
import { type Credentials, type CustomProfile, makePki, type Pki } from '../support/pki.ts';
import * as v from '../support/transport-values.ts';

let pki: Pki;
let strict: Harness;
let lenient: Harness;
/** What the handlers of each server ran for, by operation: empty means no handler ran. */
const received = new Map<string, Received>();
const receivedLenient = new Map<string, Received>();
const agents: Agent[] = [];

function agent(creds?: Credentials): Agent {
  const a = new Agent({ connect: { ca: pki.ca, ...creds } });
  agents.push(a);
  return a;
}

/** A CA certificate (basicConstraints CA:TRUE, keyUsage keyCertSign) the trusted CA issued to b.example. */
const CA_CERT: CustomProfile = {
  basicConstraints: { ca: true, critical: true },
  keyUsage: { usages: ['digitalSignature', 'keyCertSign'], critical: true },
  extendedKeyUsage: ['clientAuth'],
  subjectAltNames: [{ dns: 'b.example' }, { uri: 'mimi://b.example' }],
};
const REQUIRED = 'an authorized TLS leaf client certificate with a subjectAltName is required';

beforeAll(async () => {
  pki = await makePki();
  const https = { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true };
  strict = await startServer(recordingHandlers(received), { requirePeer: true }, { https });
  lenient = await startServer(recordingHandlers(receivedLenient), { requirePeer: true }, { https: { ...https, rejectUnauthorized: false } });
}, 60_000);

beforeEach(() => {
  received.clear();
  receivedLenient.clear();
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await strict?.app.close();
  await lenient?.app.close();
});

/** `notify` from a client presenting `creds`: its result, or what it threw. */
const notify = (server: Harness, creds?: Credentials): Promise<unknown> =>
  createMimiClient({ baseUrl: server.url, dispatcher: agent(creds) })
    .notify({ roomId: v.ROOM }, [v.fanoutMessage])
    .catch((e: unknown) => e);

/**
 * Why the server's TLS layer dropped the next connection: the handshake error, and the verification
 * error node recorded on the socket (`authorizationError`) when the certificate arrived but did not verify.
 */
async function nextTlsRefusal(server: Harness): Promise<{ code: string | undefined; authorizationError: string | null }> {
  const [err, socket] = (await once(server.app.server, 'tlsClientError')) as [NodeJS.ErrnoException, TLSSocket];
  return { code: err.code, authorizationError: (socket.authorizationError as unknown as string | undefined) ?? null };
}

/**
 * The client's error when the server's TLS layer closes the connection (node 20, undici 7): with
 * TLS 1.3 the client's handshake completes before the server has judged its certificate, so the
 * client has sent its request and then sees the connection closed. A refused connection
 * (ECONNREFUSED) or an HTTP error is something else.
 */
function expectClosedByTls(err: unknown): void {
  expect(err).toBeInstanceOf(errors.SocketError);
  expect(err).toMatchObject({ code: 'UND_ERR_SOCKET', message: 'other side closed' });
}

function expect401(err: unknown): void {
  expect(err).toBeInstanceOf(MimiHttpError);
  expect((err as MimiHttpError).status).toBe(401);
  expect((err as MimiHttpError).problem.detail).toBe(REQUIRED);
}

describe('mutual TLS', () => {
  it('the handler sees the client certificate identity', async () => {
    expect(strict.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const client = createMimiClient({ baseUrl: strict.url, dispatcher: agent(await pki.client('b.example')) });
    expect(await client.keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest)).toEqual(v.keyMaterialResponse);
    const peer = received.get('keyMaterial')?.peer;
    expect(peer).not.toBeNull();
    expect(peer?.subjectCN).toBe('b.example');
    expect(peer?.uris).toEqual(['mimi://b.example']);
    expect(peer?.dnsNames).toEqual(['b.example']);
    expect(peer?.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('the directory over HTTPS gives https templates that the client follows', async () => {
    const client = createMimiClient({ directoryUrl: `${strict.url}/.well-known/mimi-protocol-directory`, dispatcher: agent(await pki.client('c.example')) });
    const dir = await client.directory();
    expect(dir.notify).toBe(`${strict.url}/v1/notify/{roomId}`);
    await client.notify({ roomId: v.ROOM }, [v.fanoutMessage]);
    expect(received.get('notify')?.peer?.uris).toEqual(['mimi://c.example']);
  });
});

describe('the TLS handshake refuses, no handler runs', () => {
  it('a client without a certificate: the server fails the handshake (peer did not return a certificate)', async () => {
    const refusal = nextTlsRefusal(strict);
    expectClosedByTls(await notify(strict));
    expect(await refusal).toEqual({ code: 'ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE', authorizationError: null });
    expect(received.size).toBe(0);
  });

  it('a certificate from another CA: the server drops the connection (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', async () => {
    const refusal = nextTlsRefusal(strict);
    expectClosedByTls(await notify(strict, await pki.stranger('evil.example')));
    expect(await refusal).toEqual({ code: 'ECONNRESET', authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(received.size).toBe(0);
  });

  it('an expired certificate from the trusted CA: the server drops the connection (CERT_HAS_EXPIRED)', async () => {
    const refusal = nextTlsRefusal(strict);
    expectClosedByTls(await notify(strict, await pki.expired('b.example')));
    expect(await refusal).toEqual({ code: 'ECONNRESET', authorizationError: 'CERT_HAS_EXPIRED' });
    expect(received.size).toBe(0);
  });

  it('a server that is not there is a connection error, not any of these', async () => {
    const err = await createMimiClient({ baseUrl: `https://127.0.0.1:${await freePort()}`, dispatcher: agent(await pki.client('b.example')) })
      .notify({ roomId: v.ROOM }, [v.fanoutMessage])
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ECONNREFUSED' });
    expect(err).not.toBeInstanceOf(errors.SocketError);
  });
});

describe('mimikit refuses what TLS accepts or lets through: 401, no handler runs', () => {
  it('a CA certificate verified by TLS names no peer (strict server)', async () => {
    expect401(await notify(strict, await pki.custom('b.example', CA_CERT)));
    expect(received.size).toBe(0);
  });

  const refused: Array<[string, () => Promise<Credentials | undefined>]> = [
    ['no certificate', async () => undefined],
    ['a certificate from another CA', () => pki.stranger('evil.example')],
    ['an expired certificate', () => pki.expired('b.example')],
    ['a CA certificate', () => pki.custom('b.example', CA_CERT)],
  ];
  for (const [what, creds] of refused) {
    it(`${what}, through a handshake that does not verify (lenient server)`, async () => {
      expect401(await notify(lenient, await creds()));
      expect(receivedLenient.size).toBe(0);
    });
  }

  it('the lenient server serves a verified leaf certificate, so the refusals above are the peer checks', async () => {
    await expect(notify(lenient, await pki.client('b.example'))).resolves.toBeUndefined();
    expect(receivedLenient.get('notify')?.peer?.dnsNames).toEqual(['b.example']);
  });
});
