/**
 * proxyDownload at the hub (draft §5.10): only asset URLs on an allowlisted peer's domain are
 * fetched, so the hub is no open proxy, and the download guard stands behind that check: a peer
 * domain that resolves to a private or loopback address is refused too. Through the client API of
 * a follower, as a client downloads an attachment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFederation, type Federation } from '../support/providers.ts';

const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const ROOM = 'mimi://a.example/r/assets';

describe('proxyDownload at the hub', () => {
  let f: Federation;
  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB] } });
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  const bobDownloads = async (url: string) => {
    const b = f.at('b.example').clients;
    const me = await b.authenticate(await b.register(BOB, `mimi://b.example/d/bob/d${Math.random().toString(36).slice(2, 8)}`));
    return b.download(me, ROOM, url);
  };

  it('refuses URLs that are not on a peer provider’s domain, whatever address they name', async () => {
    for (const url of [
      'https://assets.elsewhere.example/x',
      'https://127.0.0.1/x',
      'https://[::ffff:127.0.0.1]/x',
      'https://169.254.169.254/latest/meta-data',
      'https://2130706433/x',
    ]) {
      await expect(bobDownloads(url), url).rejects.toMatchObject({ status: 403 });
    }
    await expect(bobDownloads('http://b.example/x')).rejects.toMatchObject({ status: 400 });
  });

  it('fetches a peer domain only through the guard: a name that does not resolve fails with 502, not a crash', async () => {
    await expect(bobDownloads('https://b.example/assets/AAAAAAAAAAAAAAAAAAAAAA')).rejects.toMatchObject({ status: 502 });
  });

  it('serves an asset uploaded by a client of the hub to the hub’s own proxy when the asset server is the hub itself', async () => {
    const a = f.at('a.example').clients;
    const me = await a.authenticate(await a.register(ALICE, 'mimi://a.example/d/alice/laptop'));
    const url = await a.uploadAsset(me, new Uint8Array([1, 2, 3]));
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/assets\/[A-Za-z0-9_-]{22}$/);
    // Its host is an address, not a peer's domain: the hub refuses to fetch it (publicBaseUrl is a loopback URL in this harness).
    await expect(a.download(me, ROOM, url)).rejects.toMatchObject({ status: 403 });
  });
});
