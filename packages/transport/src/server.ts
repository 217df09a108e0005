/**
 * The server driver behind generated `registerMimiRoutes`: one fastify route per operation that has
 * a handler, TLS bodies read raw (with a size limit) and decoded with the operation's codec, results
 * encoded back, and every error answered as problem+json (RFC 9457) without leaking internals.
 *
 * Before a body is read, each request is admitted or refused by its route's onRequest hook: the
 * peer identity (401 without one when required), the bearer token of operations that need one
 * (401), non-empty path parameters and valid query parameters (400), the media type (415, so a
 * body of another type is never parsed) and the peer's in-flight budget (429). JSON bodies are
 * validated against their schema before the handler runs (400 naming the first invalid member).
 */
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { DecodeError, decodeSequence } from '@mimikit/tls';
import { directoryDocument, publicBaseUrl } from './directory.ts';
import { MimiHttpError } from './errors.ts';
import { InFlightBudget } from './in-flight-budget.ts';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER, PEER_BUSY_RETRY_AFTER } from './limits.ts';
import { JSON_MEDIA_TYPE, TLS_MEDIA_TYPE, type ApiSpec, type OperationSpec } from './operation.ts';
import { bearerToken } from './bearer-token.ts';
import { parseQuery } from './query-params.ts';
import { jsonBodyProblem } from './json-body.ts';
import { peerIdentityFromSocket, type PeerIdentity } from './peer.ts';
import { decodeErrorProblem, problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
import { formatRetryAfter } from './retry-after.ts';
import { type AnyFastifyInstance, unboundedSettings } from './server-options.ts';

export { directoryDocument } from './directory.ts';
export { mimiServerOptions, type MimiFastifyOptions } from './server-options.ts';

export interface MimiServerOptions {
  /** Largest request body accepted, in bytes (default 4 MiB); larger bodies get 413. */
  bodyLimit?: number;
  /**
   * Origin (and path prefix) the directory document's URL templates start with, e.g.
   * `https://mimi.example.com`: an absolute https URL without credentials, query or fragment.
   * Required when the built-in directory document is served (no `directory` handler): the
   * templates are never built from the request's Host header.
   */
  publicBaseUrl?: string;
  /** Accept an `http:` publicBaseUrl (tests on loopback); default false. */
  allowInsecurePublicBaseUrl?: boolean;
  /** Answer 401 to requests without an authorized TLS leaf client certificate (default false). */
  requirePeer?: boolean;
  /**
   * Requests with a body one peer (certificate fingerprint, else the client address fastify reports
   * as `request.ip`) may have in flight at once; beyond it, 429 with Retry-After (default 8).
   */
  maxBodiesInFlightPerPeer?: number;
  /**
   * Register on an instance without a request timeout or idle-connection timeout (fastify's
   * defaults) and only log a warning, instead of refusing. For servers behind a proxy that
   * enforces its own limits; default false.
   */
  allowUnboundedTimeouts?: boolean;
}

/** What every handler receives. `body` is absent for operations without a request body. */
export interface HandlerContext {
  params: Record<string, string>;
  /** Query parameters (integers as numbers), present for operations that declare any. */
  query?: Record<string, string | number>;
  body?: unknown;
  /** The bearer token of an operation that requires one; null for the others. */
  token: string | null;
  /** The authorized leaf client certificate's identity; `peer.isProvider(domain)` says whether it speaks for `domain`. */
  peer: PeerIdentity | null;
  request: FastifyRequest;
}

export type AnyHandler = (ctx: HandlerContext) => Promise<unknown> | unknown;

export type { AnyFastifyInstance };

const INTERNAL_ERROR_TITLE = 'Internal Server Error';

/** Path parameters are whole identifiers (URIs, download URLs): fastify's default limit of 100 is too short. */
export const MIN_PARAM_LENGTH = 1024;

/** What each admitted request's hook found (peer, token, query), for its handler. */
interface Admitted {
  peer: PeerIdentity | null;
  token: string | null;
  query: Record<string, string | number> | undefined;
}
const admitted = new WeakMap<FastifyRequest, Admitted>();

/**
 * Registers the routes of `api` that have a handler (others stay unregistered, so 404), the
 * directory document (unless its operation has a handler of its own), the TLS body parser, and
 * problem+json error and not-found handlers on `app` itself (not in an encapsulated context).
 *
 * Throws a TypeError, registering nothing, when the built-in directory would be served without a
 * valid `publicBaseUrl`, or when `app` leaves request or connection times unbounded (create it with
 * `Fastify(mimiServerOptions(...))`) unless `allowUnboundedTimeouts` is set.
 */
export function registerOperations(
  app: AnyFastifyInstance,
  api: ApiSpec,
  handlers: Readonly<Record<string, AnyHandler | undefined>>,
  options: MimiServerOptions = {},
): void {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const unbounded = unboundedSettings(app);
  if (unbounded.length > 0) {
    const what = `this fastify instance leaves connections unbounded: ${unbounded.join('; ')}`;
    if (!options.allowUnboundedTimeouts) {
      throw new TypeError(
        `registerMimiRoutes: ${what}. Create it with Fastify(mimiServerOptions({...})) from @mimikit/transport/server, or set these limits; pass allowUnboundedTimeouts: true only if a proxy in front enforces them`,
      );
    }
    app.log.warn(`${what} (allowUnboundedTimeouts)`);
  }
  const base = options.publicBaseUrl === undefined ? null : publicBaseUrl(options.publicBaseUrl, options.allowInsecurePublicBaseUrl);
  const dirOp = api.directoryOperation;
  // Own properties only: a handlers object inherits toString, constructor… from Object.prototype.
  const handlerOf = (id: string): AnyHandler | undefined => (Object.hasOwn(handlers, id) ? handlers[id] : undefined);
  if (dirOp !== null && !handlerOf(dirOp) && base === null) {
    throw new TypeError(
      'registerMimiRoutes: the directory document needs publicBaseUrl (e.g. https://mimi.example.com), or a directory handler of your own; its templates are never built from the request Host header',
    );
  }
  const config = app.initialConfig as { routerOptions?: { maxParamLength?: number }; maxParamLength?: number };
  const maxParamLength = config.routerOptions?.maxParamLength ?? config.maxParamLength ?? 100;
  if (maxParamLength < MIN_PARAM_LENGTH && Object.values(api.operations).some((op) => op.pathParams.length > 0)) {
    app.log.warn(
      `fastify maxParamLength is ${maxParamLength}: longer identifiers in paths (URIs, download URLs) will get 404; create the instance with maxParamLength >= ${MIN_PARAM_LENGTH}`,
    );
  }
  const budget = new InFlightBudget(options.maxBodiesInFlightPerPeer ?? DEFAULT_MAX_BODIES_IN_FLIGHT_PER_PEER);
  app.addContentTypeParser(
    TLS_MEDIA_TYPE,
    { parseAs: 'buffer', bodyLimit },
    (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body),
  );
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendError(err, request, reply));
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    sendProblem(reply, problem(404, { detail: `no operation at ${request.method} ${request.url.split('?')[0]}` }));
  });

  for (const op of Object.values(api.operations)) {
    let handler = handlerOf(op.operationId);
    if (!handler && op.operationId === dirOp) {
      const doc = directoryDocument(api, base!);
      handler = () => doc;
    }
    if (!handler) continue;
    const run = handler;
    app.route({
      method: op.method,
      url: fastifyPath(op.path),
      bodyLimit,
      onRequest: admission(op, options, budget),
      // Not an async function: a handler that answers synchronously is served without a promise
      // (measured in bench/transport.ts); an asynchronous one continues in the promise.
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const sent = serve(op, run, request, reply);
          if (sent instanceof Promise) sent.catch((err: unknown) => sendError(err, request, reply));
        } catch (err) {
          sendError(err, request, reply);
        }
      },
    });
  }
}

/**
 * The onRequest hook of an operation's route: runs before fastify reads the body, so a refused
 * request's body is never buffered or parsed. Order: who (401), where (400), what (415), how many (429).
 */
function admission(op: OperationSpec, options: MimiServerOptions, budget: InFlightBudget) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    const peer = peerIdentityFromSocket(request.raw.socket);
    if (options.requirePeer && !peer)
      return done(new MimiHttpError(401, { detail: 'an authorized TLS leaf client certificate with a subjectAltName is required' }));
    let token: string | null = null;
    if (op.auth === 'bearer') {
      const found = bearerToken(request.headers.authorization);
      if (typeof found !== 'string') {
        // RFC 6750 §3: a 401 names the scheme the client should use.
        reply.header('www-authenticate', found.challenge);
        return done(new MimiHttpError(401, { detail: found.detail }));
      }
      token = found;
    }
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    for (const name of op.pathParams) {
      if (!params[name]) return done(new MimiHttpError(400, { detail: `path parameter ${name} is empty` }));
    }
    let query: Record<string, string | number> | undefined;
    if (op.query) {
      const parsed = parseQuery(op.query, request.query);
      if ('problem' in parsed) return done(new MimiHttpError(400, parsed.problem));
      query = parsed.values;
    }
    admitted.set(request, { peer, token, query });
    if (op.request) {
      const expected = op.request.kind === 'json' ? JSON_MEDIA_TYPE : TLS_MEDIA_TYPE;
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== expected) return done(new MimiHttpError(415, { detail: `the request body must be ${expected}` }));
      const release = budget.take(peer ? `tls ${peer.fingerprint256}` : `ip ${request.ip}`);
      if (!release) {
        return done(
          new MimiHttpError(429, { detail: `more than ${budget.max} requests with a body in flight from this peer` }, { retryAfter: PEER_BUSY_RETRY_AFTER }),
        );
      }
      // 'close' comes once the response is sent or the connection is gone (timeouts included).
      reply.raw.once('close', release);
    }
    done();
  };
}

/** `/v1/update/{roomId}` → `/v1/update/:roomId`. */
export function fastifyPath(template: string): string {
  return template.replace(/\{([^{}]+)\}/g, ':$1');
}

/**
 * Handles one request: decodes the body, runs the handler, encodes and sends its result. When the
 * handler returns a plain value everything happens synchronously; a promise is awaited. The reply
 * is never awaited itself: that would wait for the response to finish.
 */
function serve(op: OperationSpec, handler: AnyHandler, request: FastifyRequest, reply: FastifyReply): void | Promise<void> {
  const raw = (request.params ?? {}) as Record<string, string>;
  const params: Record<string, string> = {};
  for (const name of op.pathParams) params[name] = raw[name]!;
  const found = admitted.get(request);
  const ctx: HandlerContext = { params, peer: found?.peer ?? null, token: found?.token ?? null, request };
  if (found?.query) ctx.query = found.query;
  if (op.request?.kind === 'json') {
    const invalid = jsonBodyProblem(op.request.schema, request.body);
    if (invalid) throw new MimiHttpError(400, invalid);
    ctx.body = request.body;
  } else if (op.request) {
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const options = { context: op.request.context };
      ctx.body = op.request.sequence ? decodeSequence(op.request.codec, view, options) : op.request.codec.decode(view, options);
    } catch (err) {
      // Only the request body's own decoding is the client's fault; a DecodeError from inside a handler is a 500.
      if (err instanceof DecodeError) throw new MimiHttpError(400, decodeErrorProblem(err));
      throw err;
    }
  }
  const result = handler(ctx);
  if (result instanceof Promise) return result.then((value) => respond(op, value, reply));
  respond(op, result, reply);
}

function respond(op: OperationSpec, result: unknown, reply: FastifyReply): void {
  const body = op.response.body;
  reply.code(op.response.status);
  switch (body.kind) {
    case 'none':
      void reply.send();
      return;
    case 'tls': {
      const out = body.codec.encode(result, body.context);
      void reply.type(TLS_MEDIA_TYPE).send(Buffer.from(out.buffer, out.byteOffset, out.byteLength));
      return;
    }
    case 'binary': {
      if (!(result instanceof Uint8Array)) throw new TypeError(`${op.operationId} handler must return a Uint8Array`);
      void reply.type(body.contentType).send(Buffer.from(result.buffer, result.byteOffset, result.byteLength));
      return;
    }
    case 'json':
      void reply.type('application/json').send(JSON.stringify(result));
  }
}

function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof MimiHttpError) {
    if (err.retryAfter !== null) reply.header('retry-after', formatRetryAfter(err.retryAfter));
    return sendProblem(reply, err.problem);
  }
  // fastify's own client errors (body too large, bad media type, malformed JSON…) carry a 4xx statusCode.
  const status = (err as FastifyError | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (err as FastifyError).code;
    return sendProblem(reply, problem(status, typeof code === 'string' && code.startsWith('FST_') ? { detail: (err as Error).message } : {}));
  }
  request.log.error({ err }, 'MIMI handler failed');
  sendProblem(reply, problem(500, { title: INTERNAL_ERROR_TITLE }));
}

function sendProblem(reply: FastifyReply, doc: Problem): void {
  void reply.code(doc.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(doc));
}
