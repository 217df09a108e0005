/**
 * The server driver behind generated `registerMimiRoutes`: one fastify route per operation that has
 * a handler, TLS bodies read raw (with a size limit) and decoded with the operation's codec, results
 * encoded back, and every error answered as problem+json (RFC 9457) without leaking internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DecodeError } from '@mimikit/tls';
import { MimiHttpError } from './errors.ts';
import { DEFAULT_BODY_LIMIT } from './limits.ts';
import { TLS_MEDIA_TYPE, type ApiSpec, type OperationSpec } from './operation.ts';
import { peerIdentityFromSocket, type PeerIdentity } from './peer.ts';
import { decodeErrorProblem, problem, PROBLEM_CONTENT_TYPE, type Problem } from './problem.ts';
import { formatRetryAfter } from './retry-after.ts';

export interface MimiServerOptions {
  /** Largest request body accepted, in bytes (default 4 MiB); larger bodies get 413. */
  bodyLimit?: number;
  /**
   * Origin (and path prefix) the directory document's URL templates start with, e.g.
   * `https://mimi.example.com`; default: the request's protocol and Host.
   */
  publicBaseUrl?: string;
  /** Answer 401 to requests without an authorized TLS client certificate (default false). */
  requirePeer?: boolean;
}

/** What every handler receives. `body` is absent for operations without a request body. */
export interface HandlerContext {
  params: Record<string, string>;
  body?: unknown;
  peer: PeerIdentity | null;
  request: FastifyRequest;
}

export type AnyHandler = (ctx: HandlerContext) => Promise<unknown> | unknown;

// fastify instances differ in their server, logger and type provider generics; the driver uses none of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFastifyInstance = FastifyInstance<any, any, any, any, any>;

const INTERNAL_ERROR_TITLE = 'Internal Server Error';

/** Path parameters are whole identifiers (URIs, download URLs): fastify's default limit of 100 is too short. */
export const MIN_PARAM_LENGTH = 1024;

/**
 * Registers the routes of `api` that have a handler (others stay unregistered, so 404), the
 * directory document (unless its operation has a handler of its own), the TLS body parser, and
 * problem+json error and not-found handlers on `app` itself (not in an encapsulated context).
 */
export function registerOperations(app: AnyFastifyInstance, api: ApiSpec, handlers: Readonly<Record<string, AnyHandler | undefined>>, options: MimiServerOptions = {}): void {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const config = app.initialConfig as { routerOptions?: { maxParamLength?: number }; maxParamLength?: number };
  const maxParamLength = config.routerOptions?.maxParamLength ?? config.maxParamLength ?? 100;
  if (maxParamLength < MIN_PARAM_LENGTH && Object.values(api.operations).some((op) => op.pathParams.length > 0)) {
    app.log.warn(`fastify maxParamLength is ${maxParamLength}: longer identifiers in paths (URIs, download URLs) will get 404; create the instance with maxParamLength >= ${MIN_PARAM_LENGTH}`);
  }
  app.addContentTypeParser(TLS_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit }, (_req: FastifyRequest, body: Buffer, done: (err: Error | null, body?: unknown) => void) => done(null, body));
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => sendError(err, request, reply));
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    sendProblem(reply, problem(404, { detail: `no operation at ${request.method} ${request.url.split('?')[0]}` }));
  });

  for (const op of Object.values(api.operations)) {
    let handler = handlers[op.operationId];
    if (!handler && op.operationId === api.directoryOperation) handler = ({ request }) => directoryDocument(api, options.publicBaseUrl ?? `${request.protocol}://${request.host}`);
    if (!handler) continue;
    const run = handler;
    app.route({
      method: op.method,
      url: fastifyPath(op.path),
      bodyLimit,
      // Not an async function: a handler that answers synchronously is served without a promise
      // (measured in bench/transport.ts); an asynchronous one continues in the promise.
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        try {
          const sent = serve(op, run, request, reply, options);
          if (sent instanceof Promise) sent.catch((err: unknown) => sendError(err, request, reply));
        } catch (err) {
          sendError(err, request, reply);
        }
      },
    });
  }
}

/** The directory document: each operation's directory key → its URL template under `base`. */
export function directoryDocument(api: ApiSpec, base: string): Record<string, string> {
  const root = base.replace(/\/+$/, '');
  const doc: Record<string, string> = {};
  for (const op of Object.values(api.operations)) if (op.directoryKey !== null) doc[op.directoryKey] = root + op.path;
  return doc;
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
function serve(op: OperationSpec, handler: AnyHandler, request: FastifyRequest, reply: FastifyReply, options: MimiServerOptions): void | Promise<void> {
  const peer = peerIdentityFromSocket(request.raw.socket);
  if (options.requirePeer && !peer) throw new MimiHttpError(401, { detail: 'an authorized TLS client certificate is required' });
  const raw = (request.params ?? {}) as Record<string, string>;
  const params: Record<string, string> = {};
  for (const name of op.pathParams) params[name] = raw[name] ?? '';
  const ctx: HandlerContext = { params, peer, request };
  if (op.request) {
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== TLS_MEDIA_TYPE) throw new MimiHttpError(415, { detail: `the request body must be ${TLS_MEDIA_TYPE}` });
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    try {
      ctx.body = op.request.codec.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), { context: op.request.context });
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
