/**
 * proxyDownload's fetch of an asset URL a peer named (draft-ietf-mimi-protocol-06 §Download using
 * a hub proxy), guarded against server-side request forgery: https only, no IP literal and no DNS
 * answer that is forbidden (forbidden-address.ts), checked on the address actually connected to
 * (guarded-lookup.ts); no redirect followed; the body limited in size and the whole exchange in time.
 */
import { isIP } from 'node:net';
import { Agent, type Dispatcher, errors, request } from 'undici';
import { DownloadRefusedError, forbiddenAddressError } from './errors.ts';
import { exemptions } from './exemptions.ts';
import { forbiddenAddress } from './forbidden-address.ts';
import { guardedLookup, type ResolveHost, systemResolver } from './guarded-lookup.ts';

export const DEFAULT_DOWNLOAD_LIMITS = {
  /** 16 MiB: an attachment the size of a short video; a provider configures its own. */
  maxBytes: 16 * 1024 * 1024,
  timeoutMs: 30_000,
} as const;

export interface DownloadOptions {
  /** Longest body accepted, in bytes (default 16 MiB). */
  maxBytes?: number;
  /** Time for the whole download, DNS to last byte, in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Also accept http: URLs (default false: https only). */
  allowHttp?: boolean;
  /** How host names are resolved (default: the system resolver). Every answer is checked. */
  lookup?: ResolveHost;
  /** Trusted CA certificates (PEM) for https (default: Node's bundled roots). */
  ca?: string | readonly string[];
  /**
   * IP addresses or CIDR subnets the guard lets through although they are forbidden: ONLY for a
   * test's or a local demo's server on loopback. Every such entry re-opens the hole the guard closes.
   */
  unsafeAllowAddresses?: readonly string[];
}

export interface Download {
  status: number;
  /** The Content-Type the server sent, if any. */
  contentType: string | undefined;
  body: Uint8Array;
}

/** GET `url` under the guard; any refusal or failure is a DownloadRefusedError. */
export async function fetchDownload(url: string, options: DownloadOptions = {}): Promise<Download> {
  const maxBytes = limit('maxBytes', options.maxBytes ?? DEFAULT_DOWNLOAD_LIMITS.maxBytes);
  const timeoutMs = limit('timeoutMs', options.timeoutMs ?? DEFAULT_DOWNLOAD_LIMITS.timeoutMs);
  const isExempt = exemptions(options.unsafeAllowAddresses ?? []);
  const target = checkedUrl(url, options.allowHttp ?? false, isExempt);
  let refusal: DownloadRefusedError | undefined;
  const agent = new Agent({
    connect: {
      lookup: guardedLookup(url, options.lookup ?? systemResolver, isExempt, (err) => {
        refusal = err;
      }),
      timeout: timeoutMs,
      ...(options.ca === undefined ? {} : { ca: options.ca as string | string[] }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connections: 1,
  });
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const res = await request(target, { method: 'GET', dispatcher: agent, signal: deadline.signal });
    const { statusCode: status } = res;
    if (status < 200 || status > 299) {
      discard(res.body);
      const location = headerValue(res.headers.location);
      if (status >= 300 && status <= 399) {
        throw new DownloadRefusedError('redirect', url, `the server redirects (${status}${location ? ` to ${location}` : ''}); redirects are not followed`, {
          status,
          ...(location === undefined ? {} : { location }),
        });
      }
      throw new DownloadRefusedError('upstream-status', url, `the server answered ${status}`, { status });
    }
    const announced = Number(headerValue(res.headers['content-length']) ?? Number.NaN);
    if (announced > maxBytes) {
      discard(res.body);
      throw tooLarge(url, maxBytes, `announces ${announced} bytes`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      // Stop reading at the limit: the rest is never buffered.
      if (size > maxBytes) {
        discard(res.body);
        throw tooLarge(url, maxBytes, 'sends more');
      }
      chunks.push(chunk);
    }
    return { status, contentType: headerValue(res.headers['content-type']), body: new Uint8Array(Buffer.concat(chunks, size)) };
  } catch (err) {
    if (err instanceof DownloadRefusedError) throw err;
    if (refusal) throw refusal;
    if (
      deadline.signal.aborted ||
      err instanceof errors.ConnectTimeoutError ||
      err instanceof errors.HeadersTimeoutError ||
      err instanceof errors.BodyTimeoutError
    ) {
      throw new DownloadRefusedError('timeout', url, `the download took longer than ${timeoutMs} ms`, { cause: err });
    }
    throw new DownloadRefusedError('connection-failed', url, `the download failed: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
    await agent.destroy();
  }
}

/**
 * The URL as it will be fetched. WHATWG URL parsing normalises every IPv4 spelling
 * (`2130706433`, `0x7f.1`, `127.1`) to dotted quads and IPv6 to its compressed form, so an IP
 * literal is recognised by net.isIP exactly when net.connect would skip the lookup for it, and
 * is checked here instead.
 */
function checkedUrl(url: string, allowHttp: boolean, isExempt: (address: string) => boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DownloadRefusedError('invalid-url', url, 'not a URL');
  }
  if (!(parsed.protocol === 'https:' || (allowHttp && parsed.protocol === 'http:'))) {
    throw new DownloadRefusedError('scheme-not-allowed', url, `${parsed.protocol} URLs are not fetched (${allowHttp ? 'https or http' : 'https'} only)`);
  }
  if (parsed.username || parsed.password) throw new DownloadRefusedError('invalid-url', url, 'a URL with a user name or password is not fetched');
  const host = parsed.hostname.startsWith('[') ? parsed.hostname.slice(1, -1) : parsed.hostname;
  if (isIP(host)) {
    const forbidden = forbiddenAddress(host);
    if (forbidden && !isExempt(host)) throw forbiddenAddressError(url, forbidden, 'the URL names');
  }
  return parsed;
}

function limit(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive whole number, got ${String(value)}`);
  return value;
}

/** Stops reading a body; undici then reports the abort as an 'error' event, which nobody needs. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => {});
  body.destroy();
}

const headerValue = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

const tooLarge = (url: string, maxBytes: number, what: string) =>
  new DownloadRefusedError('too-large', url, `the body is larger than ${maxBytes} bytes: the server ${what}`);
