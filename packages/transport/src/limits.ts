/**
 * Every default limit of the transport in one place (docs/transport.md "Limits" lists them):
 * body sizes shared by the client and server drivers, the server's time limits that
 * `mimiServerOptions` applies to fastify and node's HTTP/TLS server, its per-peer budget, and the
 * client's per-call deadline.
 */

/** Default largest request (server) or response (client) body, in bytes. */
export const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

/** Largest error (problem+json) body the client reads; the rest is discarded. */
export const PROBLEM_BODY_LIMIT = 64 * 1024;

/**
 * The server defaults of `mimiServerOptions`, in milliseconds except where noted. Each bounds how
 * long one connection can hold a socket and its buffers without making progress:
 */
export const DEFAULT_SERVER_LIMITS = Object.freeze({
  /** The whole request, headers and body, must arrive within this (fastify `requestTimeout`, 0 = none by default): 408 and close after it. */
  requestTimeout: 30_000,
  /** The request headers must arrive within this (node `headersTimeout`, 60 s by default). */
  headersTimeout: 10_000,
  /** A socket with no traffic in either direction is closed after this (fastify `connectionTimeout`, 0 = none by default). */
  connectionTimeout: 30_000,
  /** An idle keep-alive connection is closed after this (fastify `keepAliveTimeout`, 72 s by default). */
  keepAliveTimeout: 10_000,
  /** An idle HTTP/2 session is closed after this (fastify `http2SessionTimeout`, 72 s by default). */
  http2SessionTimeout: 30_000,
  /** The TLS handshake must complete within this (node `handshakeTimeout`, 120 s by default). */
  handshakeTimeout: 10_000,
  /**
   * How often node looks for requests past requestTimeout/headersTimeout (node
   * `connectionsCheckingInterval`, 30 s by default: a limit could otherwise be exceeded by up to that).
   */
  connectionsCheckingInterval: 1_000,
  /** Longest path parameter, in characters (find-my-way `maxParamLength`, 100 by default: too short for download URLs). */
  maxParamLength: 2048,
});

export type ServerLimits = typeof DEFAULT_SERVER_LIMITS;

/**
 * Requests with a body that one peer (certificate fingerprint, else client address) may have in
 * flight at once, from the first byte of the request to the end of the response; beyond it, 429.
 * Bounds what one peer holds: this many buffered bodies (up to bodyLimit each) and decoded values.
 */
export const DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER = 8;

/** Retry-After, in seconds, of the 429 a peer gets beyond its in-flight budget. */
export const PEER_BUSY_RETRY_AFTER = 1;

/** The client's default deadline for one call, in milliseconds: connect, request, headers and the whole body. */
export const DEFAULT_CALL_TIMEOUT = 30_000;
