/**
 * proxyDownload's guard (src/download-guard): every forbidden address form, in URL literals and
 * in DNS answers, refused with its class before any connection; and the real fetch path on
 * loopback servers (exempted on purpose) for what the guard lets through: redirects not followed,
 * body size and time limited.
 */
import type { LookupAddress } from 'node:dns';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DownloadOptions,
  DownloadRefusedError,
  type ForbiddenAddressClass,
  fetchDownload,
  forbiddenAddress,
  guardedLookup,
  type Ipv4Embedding,
} from '../src/download-guard/index.ts';
import { createLocalPki } from '../src/pki/index.ts';

/** [address, class, embedding] for every forbidden form. */
const FORBIDDEN: Array<[string, ForbiddenAddressClass, Ipv4Embedding?]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.255.255.255', 'unspecified'],
  ['::', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.0.1', 'private'],
  ['192.168.255.255', 'private'],
  ['fc00::1', 'private'],
  ['fd12:3456::1', 'private'],
  ['fec0::1', 'private'],
  ['64:ff9b:1::a', 'private'],
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['ff02::1', 'multicast'],
  ['ff0e::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['::ffff:127.0.0.1', 'loopback', 'ipv4-mapped'],
  ['::ffff:7f00:1', 'loopback', 'ipv4-mapped'],
  ['0:0:0:0:0:ffff:7f00:1', 'loopback', 'ipv4-mapped'],
  ['::ffff:10.1.2.3', 'private', 'ipv4-mapped'],
  ['::ffff:a9fe:a9fe', 'link-local', 'ipv4-mapped'],
  ['::ffff:0.0.0.0', 'unspecified', 'ipv4-mapped'],
  ['::ffff:192.168.1.1', 'private', 'ipv4-mapped'],
  ['::ffff:100.64.0.1', 'shared', 'ipv4-mapped'],
  ['::127.0.0.1', 'loopback', 'ipv4-compatible'],
  ['::7f00:1', 'loopback', 'ipv4-compatible'],
  ['::a00:1', 'private', 'ipv4-compatible'],
  ['64:ff9b::127.0.0.1', 'loopback', 'nat64'],
  ['64:ff9b::a9fe:a9fe', 'link-local', 'nat64'],
  ['64:ff9b::c0a8:1', 'private', 'nat64'],
  ['2002:7f00:1::', 'loopback', '6to4'],
  ['2002:a9fe:a9fe::1', 'link-local', '6to4'],
  ['2002:c0a8:101:1::1', 'private', '6to4'],
  ['2002:ac10::1', 'private', '6to4'],
  ['2002:e000:1::', 'multicast', '6to4'],
];

/** Public addresses, many just outside a forbidden range, and embeddings of public IPv4 addresses. */
const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '1.0.0.0',
  '9.255.255.255',
  '11.0.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.167.255.255',
  '192.169.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '223.255.255.255',
  '192.0.2.1',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '::2:0:0',
  'fbff:ffff::1',
  'fe00::1',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
  '64:ff9b:2::1',
];

describe('forbiddenAddress', () => {
  it.each(FORBIDDEN)('%s is %s %s', (address, cls, embedding) => {
    expect(forbiddenAddress(address)).toEqual(embedding ? { address, class: cls, embedding } : { address, class: cls });
  });

  it.each(PUBLIC)('%s is allowed', (address) => {
    expect(forbiddenAddress(address)).toBeNull();
  });

  it.each(['', 'localhost', '1.2.3', '[::1]', '127.0.0.1:80', '::ffff:127.0.0.1.5', 'zz::1'])('%j is not an address, and so forbidden', (address) => {
    expect(forbiddenAddress(address)).toEqual({ address, class: 'not-an-address' });
  });
});

/** The DownloadRefusedError of a download (fails when it succeeds or throws anything else). */
async function refusal(url: string, options: DownloadOptions = {}): Promise<DownloadRefusedError> {
  const err = await fetchDownload(url, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err, url).toBeInstanceOf(DownloadRefusedError);
  return err as DownloadRefusedError;
}

/** A resolver that answers `addresses` and records the names it was asked for. */
function resolver(...addresses: string[]) {
  const asked: string[] = [];
  const lookup = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { asked, lookup };
}

describe('URL literals: refused before any lookup or connection', () => {
  const cases: Array<[string, ForbiddenAddressClass, Ipv4Embedding?]> = [
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0x7f000001/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['https://0/', 'unspecified'],
    ['https://[::]/', 'unspecified'],
    ['https://[::1]:8443/x', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback', 'ipv4-mapped'],
    ['http://[::ffff:7f00:1]/', 'loopback', 'ipv4-mapped'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'loopback', 'ipv4-mapped'],
    ['https://[::127.0.0.1]/', 'loopback', 'ipv4-compatible'],
    ['https://[64:ff9b::10.0.0.1]/', 'private', 'nat64'],
    ['https://[2002:a9fe:a9fe::]/', 'link-local', '6to4'],
    ['https://169.254.169.254/latest/meta-data/', 'link-local'],
    ['https://0xa9fea9fe/', 'link-local'],
    ['https://10.0.0.1/', 'private'],
    ['https://172.16.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['https://[fd00::1]/', 'private'],
    ['https://[fe80::1]/', 'link-local'],
    ['https://100.64.0.1/', 'shared'],
    ['https://224.0.0.1/', 'multicast'],
    ['https://255.255.255.255/', 'broadcast'],
  ];
  it.each(cases)('%s: forbidden-address, %s %s', async (url, cls, embedding) => {
    const { asked, lookup } = resolver('8.8.8.8');
    const err = await refusal(url, { allowHttp: true, lookup });
    expect(err.reason).toBe('forbidden-address');
    expect(err.forbidden?.class).toBe(cls);
    expect(err.forbidden?.embedding).toBe(embedding);
    expect(err.url).toBe(url);
    expect(err.message).toMatch(/^the URL names \S+ is a /);
    expect(asked).toEqual([]);
  });
});

describe('DNS answers: any forbidden answer refuses the connection', () => {
  it.each(FORBIDDEN)('an answer %s: forbidden-address, %s %s', async (address, cls, embedding) => {
    const { asked, lookup } = resolver(address);
    const err = await refusal('https://assets.example/file', { lookup, timeoutMs: 5_000 });
    expect(err.reason).toBe('forbidden-address');
    expect(err.forbidden).toEqual(embedding ? { address, class: cls, embedding } : { address, class: cls });
    expect(err.message).toContain(`assets.example resolves to ${address} is a ${cls} address`);
    expect(asked).toEqual(['assets.example']);
  });

  it('one forbidden answer among public ones, in any position, refuses them all', async () => {
    for (const answers of [
      ['192.0.2.1', '10.0.0.1'],
      ['10.0.0.1', '192.0.2.1'],
      ['2606:4700:4700::1111', '::ffff:127.0.0.1', '192.0.2.1'],
    ]) {
      const err = await refusal('https://assets.example/', { lookup: resolver(...answers).lookup });
      expect(err.reason, answers.join()).toBe('forbidden-address');
    }
  });

  it('an answer that is no IP address is refused (fail closed)', async () => {
    const err = await refusal('https://assets.example/', { lookup: resolver('not-an-ip').lookup });
    expect(err).toMatchObject({ reason: 'forbidden-address', forbidden: { class: 'not-an-address' } });
  });

  it('no answer, or a resolver error: dns-failure', async () => {
    expect((await refusal('https://assets.example/', { lookup: resolver().lookup })).reason).toBe('dns-failure');
    const failing = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND assets.example'), { code: 'ENOTFOUND' });
    };
    const err = await refusal('https://assets.example/', { lookup: failing });
    expect(err.reason).toBe('dns-failure');
    expect(err.cause).toMatchObject({ code: 'ENOTFOUND' });
  });

  it('the system resolver’s answer for localhost is checked too', async () => {
    const err = await refusal('https://localhost:1/');
    expect(err.reason).toBe('forbidden-address');
    expect(err.forbidden?.class).toBe('loopback');
  });

  it('a public-looking answer passes the guard and is what the socket connects to', async () => {
    // 192.0.2.1 (TEST-NET-1) is never routed: the download fails at or after the connect step,
    // never at the guard.
    const { asked, lookup } = resolver('192.0.2.1');
    const err = await refusal('https://assets.example/', { lookup, timeoutMs: 300 });
    expect(['timeout', 'connection-failed']).toContain(err.reason);
    expect(asked).toEqual(['assets.example']);
  });
});

describe('guardedLookup hands the socket the answers it checked', () => {
  const lookupOnce = (answers: string[], options: { all?: boolean; family?: number }) =>
    new Promise<{ err: unknown; address: unknown; family: unknown }>((resolve) =>
      guardedLookup(
        'https://assets.example/',
        resolver(...answers).lookup,
        () => false,
        () => {},
      )('assets.example', options, (err, address, family) => resolve({ err, address, family })),
    );

  it('all answers when asked for all, the first otherwise, filtered by family', async () => {
    expect(await lookupOnce(['192.0.2.1', '2001:db8::1'], { all: true })).toEqual({
      err: null,
      address: [
        { address: '192.0.2.1', family: 4 },
        { address: '2001:db8::1', family: 6 },
      ],
      family: undefined,
    });
    expect(await lookupOnce(['192.0.2.1', '2001:db8::1'], {})).toEqual({ err: null, address: '192.0.2.1', family: 4 });
    expect(await lookupOnce(['192.0.2.1', '2001:db8::1'], { family: 6 })).toEqual({ err: null, address: '2001:db8::1', family: 6 });
    expect((await lookupOnce(['192.0.2.1'], { family: 6 })).err).toMatchObject({ reason: 'dns-failure' });
  });
});

describe('what is not fetched at all', () => {
  it.each([
    ['http://assets.example/', {}, 'scheme-not-allowed'],
    ['ftp://assets.example/', { allowHttp: true }, 'scheme-not-allowed'],
    ['file:///etc/passwd', { allowHttp: true }, 'scheme-not-allowed'],
    ['data:text/plain,hi', {}, 'scheme-not-allowed'],
    ['https://user:pw@assets.example/', {}, 'invalid-url'],
    ['https://user@assets.example/', {}, 'invalid-url'],
    ['not a url', {}, 'invalid-url'],
    ['', {}, 'invalid-url'],
  ] as const)('%s: %s', async (url, options, reason) => {
    const { asked, lookup } = resolver('192.0.2.1');
    expect((await refusal(url, { ...options, lookup })).reason).toBe(reason);
    expect(asked).toEqual([]);
  });

  it('limits and exemptions are checked: a bad one throws before anything happens', async () => {
    await expect(fetchDownload('https://assets.example/', { maxBytes: 0 })).rejects.toThrow(RangeError);
    await expect(fetchDownload('https://assets.example/', { timeoutMs: 1.5 })).rejects.toThrow(RangeError);
    await expect(fetchDownload('https://assets.example/', { unsafeAllowAddresses: ['localhost'] })).rejects.toThrow(TypeError);
    await expect(fetchDownload('https://assets.example/', { unsafeAllowAddresses: ['10.0.0.0/33'] })).rejects.toThrow(TypeError);
  });
});

describe('the fetch itself, against loopback servers exempted on purpose', () => {
  type Handler = (req: IncomingMessage, res: ServerResponse) => void;
  let handler: Handler = (_req, res) => res.end();
  const requests: Array<{ method?: string; url?: string; headers: IncomingMessage['headers'] }> = [];
  let https: Server;
  let http: Server;
  let ca: string;
  const BODY = Buffer.from('encrypted attachment bytes '.repeat(40));

  beforeAll(async () => {
    const pki = await createLocalPki({ domains: ['assets.example'] });
    ca = pki.ca.cert;
    const serve: Handler = (req, res) => {
      requests.push({ method: req.method, url: req.url, headers: req.headers });
      handler(req, res);
    };
    https = createHttpsServer({ cert: pki.providers[0]?.cert, key: pki.providers[0]?.key }, serve);
    http = createHttpServer(serve);
    for (const s of [https, http]) await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    for (const s of [https, http]) {
      s.closeAllConnections();
      await new Promise((resolve) => s.close(resolve));
    }
  });

  const port = (s: Server) => (s.address() as AddressInfo).port;
  const assetUrl = (path = '/asset') => `https://assets.example:${port(https)}${path}`;
  /** Resolves assets.example to loopback, exempted: the test server stands in for an asset server. */
  const onLoopback = (extra: DownloadOptions = {}): DownloadOptions => ({
    lookup: resolver('127.0.0.1').lookup,
    unsafeAllowAddresses: ['127.0.0.1'],
    ca,
    ...extra,
  });

  it('fetches the body over https from the address the lookup gave, verifying the server’s name', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(BODY);
    requests.length = 0;
    const got = await fetchDownload(assetUrl('/asset?x=1'), onLoopback());
    expect(got).toEqual({ status: 200, contentType: 'application/octet-stream', body: new Uint8Array(BODY) });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ method: 'GET', url: '/asset?x=1' });
    expect(requests[0]?.headers.host).toBe(`assets.example:${port(https)}`);
    expect(requests[0]?.headers.cookie).toBeUndefined();
    expect(requests[0]?.headers.authorization).toBeUndefined();
  });

  it('an exemption is exact: another loopback address is still refused; a subnet exempts its addresses', async () => {
    handler = (_req, res) => res.end(BODY);
    const other = await refusal(assetUrl(), onLoopback({ unsafeAllowAddresses: ['127.0.0.2'] }));
    expect(other.reason).toBe('forbidden-address');
    expect(other.forbidden).toEqual({ address: '127.0.0.1', class: 'loopback' });
    const mapped = await refusal(assetUrl(), onLoopback({ lookup: resolver('::ffff:127.0.0.1').lookup }));
    expect(mapped.forbidden?.embedding).toBe('ipv4-mapped');
    await expect(fetchDownload(assetUrl(), onLoopback({ unsafeAllowAddresses: ['127.0.0.0/8'] }))).resolves.toMatchObject({ status: 200 });
  });

  it('an exempted IP literal over http when allowHttp is set; refused without the exemption', async () => {
    handler = (_req, res) => res.end('plain');
    const url = `http://127.0.0.1:${port(http)}/x`;
    const got = await fetchDownload(url, { allowHttp: true, unsafeAllowAddresses: ['127.0.0.1'] });
    expect(Buffer.from(got.body).toString()).toBe('plain');
    expect((await refusal(url, { allowHttp: true })).reason).toBe('forbidden-address');
  });

  it('a server whose certificate is not trusted: connection-failed', async () => {
    const err = await refusal(assetUrl(), onLoopback({ ca: undefined }));
    expect(err.reason).toBe('connection-failed');
  });

  it('a redirect is reported, never followed', async () => {
    handler = (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    requests.length = 0;
    const err = await refusal(assetUrl(), onLoopback());
    expect(err).toMatchObject({ reason: 'redirect', status: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    expect(requests).toHaveLength(1);
  });

  it('another status that is not 2xx: upstream-status', async () => {
    handler = (_req, res) => res.writeHead(404).end('no');
    expect(await refusal(assetUrl(), onLoopback())).toMatchObject({ reason: 'upstream-status', status: 404 });
  });

  it('a body of exactly maxBytes is fetched; one byte more is too-large, announced or not', async () => {
    handler = (_req, res) => res.end(BODY);
    expect((await fetchDownload(assetUrl(), onLoopback({ maxBytes: BODY.length }))).body).toHaveLength(BODY.length);
    const announced = await refusal(assetUrl(), onLoopback({ maxBytes: BODY.length - 1 }));
    expect(announced.reason).toBe('too-large');
    expect(announced.message).toContain(`announces ${BODY.length} bytes`);
    // Chunked, no Content-Length: the limit is counted while reading, and reading stops there.
    let sent = 0;
    handler = (_req, res) => {
      const more = setInterval(() => {
        if (res.destroyed || sent > 10_000_000) return clearInterval(more);
        res.write(BODY);
        sent += BODY.length;
      }, 1);
    };
    const streamed = await refusal(assetUrl(), onLoopback({ maxBytes: 5 * BODY.length }));
    expect(streamed.reason).toBe('too-large');
    expect(streamed.message).toContain('sends more');
  });

  it('a server that never answers, or a resolver that never does: timeout', async () => {
    handler = () => {};
    const silent = await refusal(assetUrl(), onLoopback({ timeoutMs: 200 }));
    expect(silent.reason).toBe('timeout');
    const stuck = await refusal(assetUrl(), onLoopback({ timeoutMs: 200, lookup: () => new Promise<never>(() => {}) }));
    expect(stuck.reason).toBe('timeout');
  });
});
