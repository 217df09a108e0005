/**
 * The fastify and node server settings a MIMI server needs so that slow or idle peers cannot hold
 * connections, buffers and memory for ever: `mimiServerOptions` fills them in for `Fastify(...)`,
 * and `unboundedSettings` names what an instance made without them leaves unbounded (fastify's own
 * defaults have no request timeout and no idle-connection timeout at all).
 */
import type { ServerOptions as HttpServerOptions } from 'node:http';
import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_SERVER_LIMITS } from './limits.ts';

// fastify instances differ in their server, logger and type provider generics; the driver uses none of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: any Fastify instance, whatever its server, request, reply, logger and type provider
export type AnyFastifyInstance = FastifyInstance<any, any, any, any, any>;

/** What `mimiServerOptions` reads and fills in; every other fastify option passes through unchanged. */
export interface MimiFastifyOptions {
  https?: HttpsServerOptions | null;
  http?: HttpServerOptions | null;
  http2?: boolean;
  requestTimeout?: number;
  connectionTimeout?: number;
  keepAliveTimeout?: number;
  http2SessionTimeout?: number;
  routerOptions?: { maxParamLength?: number } & Record<string, unknown>;
  /** Any other fastify option. */
  [option: string]: unknown;
}

/** The node server options (http/https `createServer`) the defaults add. */
type NodeServerDefaults = Pick<HttpServerOptions, 'headersTimeout' | 'connectionsCheckingInterval'>;

/**
 * `options` for `Fastify(...)` with the limits of DEFAULT_SERVER_LIMITS wherever `options` leaves
 * them unset: `requestTimeout`, `connectionTimeout`, `keepAliveTimeout`, `http2SessionTimeout`,
 * `routerOptions.maxParamLength`, and on the node server (`https`, or `http` without TLS)
 * `headersTimeout`, `connectionsCheckingInterval` and the TLS `handshakeTimeout`. Values given in
 * `options` win, also inside `https`, `http` and `routerOptions`.
 *
 * ```ts
 * const app = Fastify(mimiServerOptions({ https: { key, cert, ca, requestCert: true, rejectUnauthorized: true } }));
 * ```
 */
export function mimiServerOptions<O extends MimiFastifyOptions = Record<never, never>>(options: O = {} as O): Omit<O, BoundedKey> & BoundedOptions {
  const limits = DEFAULT_SERVER_LIMITS;
  const nodeServer: NodeServerDefaults = { headersTimeout: limits.headersTimeout, connectionsCheckingInterval: limits.connectionsCheckingInterval };
  const out: MimiFastifyOptions = {
    ...withDefaults(
      {
        requestTimeout: limits.requestTimeout,
        connectionTimeout: limits.connectionTimeout,
        keepAliveTimeout: limits.keepAliveTimeout,
        http2SessionTimeout: limits.http2SessionTimeout,
      },
      options,
    ),
    routerOptions: withDefaults({ maxParamLength: limits.maxParamLength }, options.routerOptions ?? {}),
  };
  // HTTP/2 servers have no request or headers timeout of node's HTTP/1 kind (http2SessionTimeout bounds their sessions).
  if (options.https) out.https = withDefaults({ handshakeTimeout: limits.handshakeTimeout, ...(options.http2 ? {} : nodeServer) }, options.https);
  else if (!options.http2) out.http = withDefaults(nodeServer, options.http ?? {});
  return out as Omit<O, BoundedKey> & BoundedOptions;
}

type BoundedKey = 'requestTimeout' | 'connectionTimeout' | 'keepAliveTimeout' | 'http2SessionTimeout' | 'routerOptions';
type BoundedOptions = Required<Pick<MimiFastifyOptions, BoundedKey>>;

/** `given` over `defaults`, except that an undefined value in `given` keeps the default. */
function withDefaults<D extends object, G extends object>(defaults: D, given: G): D & G {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as D & G;
}

/**
 * What `app` leaves unbounded, one phrase per setting (empty when nothing): the server's request
 * timeout (a body trickling in), headers timeout, idle-socket timeout (a peer that never reads its
 * response) and, for HTTP/2, the session timeout.
 */
export function unboundedSettings(app: AnyFastifyInstance): string[] {
  const server = app.server as { requestTimeout?: unknown; headersTimeout?: unknown; timeout?: unknown };
  const config = app.initialConfig as { http2?: boolean; http2SessionTimeout?: number };
  const found: string[] = [];
  if (server.requestTimeout === 0) found.push('requestTimeout is 0 (a request body may trickle in for ever)');
  if (server.headersTimeout === 0) found.push('headersTimeout is 0 (request headers may trickle in for ever)');
  if (server.timeout === 0) found.push('connectionTimeout is 0 (a stalled or never-reading connection is never closed)');
  if (config.http2 && !(config.http2SessionTimeout! > 0)) found.push('http2SessionTimeout is 0 (an idle HTTP/2 session is never closed)');
  return found;
}
