/** Every way fetchDownload declines or fails, as one error type with a reason code. */
import type { ForbiddenAddress } from './forbidden-address.ts';

export type DownloadRefusalReason =
  /** Not a URL, or a URL with user name or password. */
  | 'invalid-url'
  /** Not https (nor http when allowed). */
  | 'scheme-not-allowed'
  /** The URL's IP literal, or an address its host resolves to, is forbidden (`forbidden` says why). */
  | 'forbidden-address'
  /** The host did not resolve, or resolved to nothing. */
  | 'dns-failure'
  /** No connection or TLS session could be made (`cause` has node's error). */
  | 'connection-failed'
  /** The server answered with a redirect, which is never followed (`status`, `location`). */
  | 'redirect'
  /** The server answered with another status that is not 2xx (`status`). */
  | 'upstream-status'
  /** The body is longer than maxBytes (announced or as read). */
  | 'too-large'
  /** The whole download took longer than timeoutMs. */
  | 'timeout';

export class DownloadRefusedError extends Error {
  readonly reason: DownloadRefusalReason;
  readonly url: string;
  readonly forbidden: ForbiddenAddress | undefined;
  readonly status: number | undefined;
  readonly location: string | undefined;

  constructor(
    reason: DownloadRefusalReason,
    url: string,
    message: string,
    details: { forbidden?: ForbiddenAddress; status?: number; location?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DownloadRefusedError';
    this.reason = reason;
    this.url = url;
    this.forbidden = details.forbidden;
    this.status = details.status;
    this.location = details.location;
  }
}

/** The refusal of a forbidden address, worded the same for URL literals and DNS answers. */
export function forbiddenAddressError(url: string, forbidden: ForbiddenAddress, source: string): DownloadRefusedError {
  const how = forbidden.embedding ? ` (${forbidden.embedding} form)` : '';
  return new DownloadRefusedError('forbidden-address', url, `${source} ${forbidden.address} is a ${forbidden.class} address${how}`, { forbidden });
}
