/**
 * @mimikit/provider/download-guard: proxyDownload's guard against server-side request forgery.
 * `fetchDownload(url, options)` fetches an asset URL a peer named, refusing loopback, private,
 * link-local and other internal addresses, in URL literals and in DNS answers alike.
 */
export { type DownloadRefusalReason, DownloadRefusedError } from './errors.ts';
export { DEFAULT_DOWNLOAD_LIMITS, type Download, type DownloadOptions, fetchDownload } from './fetch-download.ts';
export { type ForbiddenAddress, type ForbiddenAddressClass, forbiddenAddress, type Ipv4Embedding } from './forbidden-address.ts';
export { guardedLookup, type ResolveHost } from './guarded-lookup.ts';
