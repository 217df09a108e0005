/**
 * proxyDownload (draft-ietf-mimi-protocol-06 §5.10 "Download using a hub proxy"): the hub fetches an
 * asset for a downloading provider, so the asset server does not learn which client asked. The hub
 * "MUST verify that the host part of the downloadUrl is associated with the asset server domain for
 * one of its peer providers": here, the URL's host must be an allowlisted peer's domain (or this
 * provider's own). The fetch goes through the download guard (no private, loopback or link-local
 * targets, also via DNS), with the federation's CAs.
 */
import { MimiHttpError } from '@mimikit/transport';
import { DownloadRefusedError, fetchDownload, type ResolveHost } from '../download-guard/index.ts';

export interface ProxyDownloadOptions {
  /** Domains whose asset servers the hub fetches from (the allowlisted peers and its own). */
  assetDomains: ReadonlySet<string>;
  ca: readonly string[];
  maxBytes?: number;
  /** Fixed addresses per host name (local federations only). */
  resolve?: Readonly<Record<string, string>>;
  allowAddresses?: readonly string[];
}

export async function proxyDownload(downloadUrl: string, o: ProxyDownloadOptions): Promise<Uint8Array> {
  let url: URL;
  try {
    url = new URL(downloadUrl);
  } catch {
    throw new MimiHttpError(400, { detail: 'downloadUrl is not a URL' });
  }
  if (url.protocol !== 'https:') throw new MimiHttpError(400, { detail: 'downloadUrl must be an https URL' });
  if (!o.assetDomains.has(url.hostname)) throw new MimiHttpError(403, { detail: `${url.hostname} is not the asset server of a peer provider` });
  const fixed = o.resolve;
  const lookup: ResolveHost | undefined = fixed
    ? async (host) => {
        const address = fixed[host];
        if (address === undefined) throw new Error(`no address configured for ${host}`);
        return [{ address, family: address.includes(':') ? 6 : 4 }];
      }
    : undefined;
  try {
    const got = await fetchDownload(url.href, {
      ca: o.ca,
      ...(o.maxBytes === undefined ? {} : { maxBytes: o.maxBytes }),
      ...(lookup ? { lookup } : {}),
      ...(o.allowAddresses ? { unsafeAllowAddresses: o.allowAddresses } : {}),
    });
    if (got.status !== 200) throw new MimiHttpError(502, { detail: `the asset server answered ${got.status}` });
    return got.body;
  } catch (err) {
    if (err instanceof DownloadRefusedError) {
      const status = err.reason === 'too-large' ? 502 : err.reason === 'forbidden-address' ? 403 : err.reason === 'timeout' ? 504 : 502;
      throw new MimiHttpError(status, { detail: `proxyDownload refused: ${err.reason}` });
    }
    throw err;
  }
}
