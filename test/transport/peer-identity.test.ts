/**
 * Who a mutual-TLS peer is (packages/transport/src/peer.ts): only leaf certificates with a
 * subjectAltName name a peer, and `peer.isProvider(domain)` ties the certificate to the provider
 * domain a request acts for (RFC 6125 dNSName match, exact, no wildcards). Real HTTPS with client
 * certificates on loopback, certificates made by test/support/pki.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import { Agent } from 'undici';
import { createMimiClient, MimiHttpError } from '@mimikit/mimi-protocol/client';
import { peerIdentityFromCertificate } from '@mimikit/transport';
import { recordingHandlers, startServer, type Harness, type Received } from './server-harness.ts';
import { type Credentials, type CustomProfile, makePki, type Pki } from '../support/pki.ts';
import * as v from '../support/transport-values.ts';

let pki: Pki;
let open: Harness;
let strict: Harness;
const received = new Map<string, Received>();
/** What the strict server's handlers ran for: it must stay empty, every request there is refused. */
const receivedStrict = new Map<string, Received>();
const agents: Agent[] = [];

function clientFor(server: Harness, creds: Credentials) {
  const dispatcher = new Agent({ connect: { ca: pki.ca, ...creds } });
  agents.push(dispatcher);
  return createMimiClient({ baseUrl: server.url, dispatcher });
}

const LEAF: CustomProfile = {
  basicConstraints: { ca: false },
  keyUsage: { usages: ['digitalSignature'], critical: true },
  extendedKeyUsage: ['clientAuth'],
};
const PROVIDER_B: CustomProfile['subjectAltNames'] = [{ dns: 'b.example' }, { uri: 'mimi://b.example' }];

beforeAll(async () => {
  pki = await makePki();
  const https = { key: pki.server.key, cert: pki.server.cert, ca: pki.ca, requestCert: true, rejectUnauthorized: true };
  open = await startServer(recordingHandlers(received), {}, { https });
  strict = await startServer(recordingHandlers(receivedStrict), { requirePeer: true }, { https });
}, 60_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.close()));
  await open?.app.close();
  await strict?.app.close();
});

describe('only leaf certificates with a subjectAltName name a peer', () => {
  const cases: Array<[string, CustomProfile]> = [
    [
      'CA:TRUE',
      {
        ...LEAF,
        basicConstraints: { ca: true, critical: true },
        keyUsage: { usages: ['digitalSignature', 'keyCertSign'], critical: true },
        subjectAltNames: PROVIDER_B,
      },
    ],
    // Node reports `ca: false` for it (OpenSSL's X509_check_ca: a keyUsage without keyCertSign is no CA).
    ['CA:TRUE and a keyUsage without keyCertSign', { ...LEAF, basicConstraints: { ca: true, critical: true }, subjectAltNames: PROVIDER_B }],
    [
      'keyUsage keyCertSign without CA:TRUE',
      { ...LEAF, keyUsage: { usages: ['digitalSignature', 'keyCertSign'], critical: true }, subjectAltNames: PROVIDER_B },
    ],
    ['no subjectAltName', LEAF],
  ];
  for (const [what, ext] of cases) {
    it(`a verified certificate with ${what}: handlers see peer null, requirePeer answers 401`, async () => {
      const creds = await pki.custom('b.example', ext);
      received.delete('notify');
      // The TLS handshake succeeds (the CA signed it): the refusal is the transport's.
      await expect(clientFor(open, creds).notify({ roomId: v.ROOM }, [v.fanoutMessage])).resolves.toBeUndefined();
      expect(received.get('notify')?.peer).toBeNull();
      const err = await clientFor(strict, creds)
        .notify({ roomId: v.ROOM }, [v.fanoutMessage])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MimiHttpError);
      expect((err as MimiHttpError).status).toBe(401);
      expect(receivedStrict.size).toBe(0);
    });
  }

  it('a certificate whose DER does not parse is no peer (fail closed)', async () => {
    const fake = (raw: Buffer, fields: object = {}) =>
      ({ ca: false, subjectaltname: 'DNS:b.example', raw, subject: { CN: 'b.example' }, fingerprint256: 'AA', ...fields }) as unknown as PeerCertificate;
    expect(peerIdentityFromCertificate(fake(Buffer.from([0x30, 0x03, 0x30, 0x81])))).toBeNull();
    expect(peerIdentityFromCertificate(fake(Buffer.from([0x30, 0x84, 0xff, 0xff, 0xff, 0xff])))).toBeNull();
    expect(peerIdentityFromCertificate(fake(Buffer.alloc(0)))).toBeNull();
    // The same fields with a real leaf's DER do name a peer; without node's `ca` flag they do not.
    const leaf = new X509Certificate((await pki.client('b.example')).cert).raw;
    expect(peerIdentityFromCertificate(fake(leaf))?.dnsNames).toEqual(['b.example']);
    expect(peerIdentityFromCertificate(fake(leaf, { ca: undefined }))).toBeNull();
  });

  it('the certificate itself is read, not only node’s `ca` flag: cA (critical or not) or keyCertSign is no peer', async () => {
    const asLeaf = (creds: Credentials) =>
      ({
        ca: false,
        subjectaltname: 'DNS:b.example',
        raw: new X509Certificate(creds.cert).raw,
        subject: { CN: 'b.example' },
        fingerprint256: 'AA',
      }) as unknown as PeerCertificate;
    const san: CustomProfile = { subjectAltNames: [{ dns: 'b.example' }] };
    const digitalSignature = { usages: ['digitalSignature'] } as const;
    expect(peerIdentityFromCertificate(asLeaf(await pki.custom('b.example', { ...san, basicConstraints: { ca: true } })))).toBeNull();
    expect(
      peerIdentityFromCertificate(
        asLeaf(await pki.custom('b.example', { ...san, basicConstraints: { ca: true, pathLength: 0, critical: true }, keyUsage: digitalSignature })),
      ),
    ).toBeNull();
    expect(peerIdentityFromCertificate(asLeaf(await pki.custom('b.example', { ...san, keyUsage: { usages: ['keyCertSign'] } })))).toBeNull();
    // Leaves: cA false (DER leaves the default out), or no basicConstraints at all.
    expect(
      peerIdentityFromCertificate(
        asLeaf(await pki.custom('b.example', { ...san, basicConstraints: { ca: false, critical: true }, keyUsage: { ...digitalSignature, critical: true } })),
      )?.dnsNames,
    ).toEqual(['b.example']);
    expect(peerIdentityFromCertificate(asLeaf(await pki.custom('b.example', { ...san, keyUsage: digitalSignature })))?.dnsNames).toEqual(['b.example']);
  });
});

describe('peer.isProvider(domain): this request comes from provider `domain`', () => {
  it('matches a subjectAltName dNSName exactly, ignoring ASCII case; never the CN, a URI or a wildcard', async () => {
    const creds = await pki.custom('cn.example', { ...LEAF, subjectAltNames: [{ dns: 'b.example' }, { dns: '*.w.example' }, { uri: 'mimi://u.example' }] });
    received.delete('keyMaterial');
    await clientFor(open, creds).keyMaterial({ targetUser: v.BOB }, v.keyMaterialRequest);
    const peer = received.get('keyMaterial')?.peer;
    expect(peer?.dnsNames).toEqual(['b.example', '*.w.example']);
    expect(peer?.isProvider('b.example')).toBe(true);
    expect(peer?.isProvider('B.Example')).toBe(true);
    for (const other of [
      'cn.example',
      'u.example',
      'x.w.example',
      '*.w.example',
      'w.example',
      'a.b.example',
      'example',
      'b.example.',
      'b.example:443',
      'mimi://b.example',
      '',
      'b..example',
      'c.example',
    ]) {
      expect(peer?.isProvider(other), other).toBe(false);
    }
  });

  it('a peer from the standard test PKI is its own provider and no other', async () => {
    received.delete('notify');
    await clientFor(open, await pki.client('c.example')).notify({ roomId: v.ROOM }, [v.fanoutMessage]);
    const peer = received.get('notify')?.peer;
    expect(peer?.isProvider('c.example')).toBe(true);
    expect(peer?.isProvider('b.example')).toBe(false);
  });
});
