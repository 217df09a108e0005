/**
 * The certificates of `@mimikit/provider/pki` in real mutual-TLS handshakes on loopback: one
 * provider certificate serves as TLS server (the client checks the server's name) and as TLS
 * client (the server's @mimikit/transport peer identity names the provider), both ways round.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, request } from 'undici';
import { createLocalPki, type LocalPki, type PemCredentials } from '@mimikit/provider/pki';
import { peerIdentityFromSocket } from '@mimikit/transport';

let pki: LocalPki;
let strangers: LocalPki;
const servers: Server[] = [];
const agents: Agent[] = [];

beforeAll(async () => {
  [pki, strangers] = await Promise.all([createLocalPki({ domains: ['a.example', 'b.example'] }), createLocalPki({ domains: ['a.example', 'b.example'] })]);
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

const credentials = (set: LocalPki, domain: string): PemCredentials => {
  const found = set.providers.find((p) => p.domain === domain);
  if (!found) throw new Error(`no certificate for ${domain}`);
  return found;
};

/**
 * A provider's HTTPS server requiring a client certificate from the PKI's CA; it answers with
 * what the transport's peer identity says about the client.
 */
async function provider(domain: string): Promise<number> {
  const server = createServer({ ...credentials(pki, domain), ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = peerIdentityFromSocket(req.socket as TLSSocket);
    res.end(JSON.stringify({ dnsNames: peer?.dnsNames, uris: peer?.uris, isA: peer?.isProvider('a.example'), isB: peer?.isProvider('b.example') }));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A request from a provider presenting `client`, to `serverName` at 127.0.0.1:`port`, trusting the PKI's CA. */
async function call(port: number, serverName: string, client: PemCredentials): Promise<unknown> {
  const agent = new Agent({ connect: { ca: pki.ca.cert, ...client, servername: serverName }, connections: 1 });
  agents.push(agent);
  const res = await request(`https://127.0.0.1:${port}/`, { dispatcher: agent });
  return res.body.json();
}

describe('provider certificates in mutual TLS', () => {
  it('b.example calls a.example: the client verifies the server is a.example, the server sees provider b.example', async () => {
    const port = await provider('a.example');
    expect(await call(port, 'a.example', credentials(pki, 'b.example'))).toEqual({
      dnsNames: ['b.example'],
      uris: ['mimi://b.example'],
      isA: false,
      isB: true,
    });
  });

  it('and the other way round, with the same certificates', async () => {
    const port = await provider('b.example');
    expect(await call(port, 'b.example', credentials(pki, 'a.example'))).toMatchObject({ isA: true, isB: false });
  });

  it('the client refuses a server whose certificate is for another domain', async () => {
    const port = await provider('a.example');
    const err = await call(port, 'b.example', credentials(pki, 'b.example')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('a certificate for the same domain from another local PKI does not verify, either way', async () => {
    const port = await provider('a.example');
    const refused = new Promise<string | undefined>((resolve) =>
      servers.at(-1)?.once('tlsClientError', (_err, socket: TLSSocket) => resolve(String(socket.authorizationError))),
    );
    const asClient = await call(port, 'a.example', credentials(strangers, 'b.example')).catch((e: unknown) => e);
    expect(asClient).toBeInstanceOf(Error);
    expect(await refused).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    const agent = new Agent({ connect: { ca: strangers.ca.cert, ...credentials(strangers, 'b.example'), servername: 'a.example' } });
    agents.push(agent);
    const asServer = await request(`https://127.0.0.1:${port}/`, { dispatcher: agent }).catch((e: unknown) => e);
    // The server sends its CA along (OpenSSL completes the chain from `ca`): a root the client does not trust.
    expect(asServer).toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });
});
