/**
 * The bearer token of a request (RFC 6750 §2.1): `Authorization: Bearer <b64token>`. The server
 * only extracts it; whether the token is valid is the handler's (the provider's) decision.
 */

/** RFC 6750 §2.1 b64token: what may follow `Bearer ` in an Authorization header. */
export const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why a request has no usable token: the problem detail and the WWW-Authenticate challenge to send. */
export interface MissingBearer {
  detail: string;
  challenge: string;
}

/**
 * Longest token accepted. Node already bounds the header block (16 KiB by default); this keeps a
 * token that reaches handlers and logs to a size no token format needs.
 */
export const MAX_BEARER_TOKEN_LENGTH = 4096;

/** The token of an Authorization header value, or why there is none. */
export function bearerToken(header: string | undefined): string | MissingBearer {
  if (header === undefined || header === '') return { detail: 'this operation needs an Authorization: Bearer token', challenge: 'Bearer' };
  const m = /^Bearer +(\S+)$/i.exec(header);
  const token = m?.[1];
  if (token === undefined || !BEARER_TOKEN.test(token) || token.length > MAX_BEARER_TOKEN_LENGTH) {
    return {
      detail: `the Authorization header must be "Bearer <token>" with a token of at most ${MAX_BEARER_TOKEN_LENGTH} characters (RFC 6750 §2.1)`,
      challenge: 'Bearer error="invalid_request"',
    };
  }
  return token;
}
