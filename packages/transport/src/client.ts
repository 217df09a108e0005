/**
 * The client driver behind generated `createMimiClient`: builds the URL of an operation (from a base
 * URL or from the peer's directory document, whose templates must stay on the directory's origin),
 * encodes the TLS body with the operation's codec and context, sends it with undici (through the
 * caller's dispatcher, e.g. an Agent presenting a client certificate) within the call's deadline,
 * and turns the response into a decoded value, a MimiHttpError, a MimiResponseError or a
 * MimiTimeoutError.
 */
import { decodeUtf8OrNull } from '@mimikit/bytes';
import type { Dispatcher } from 'undici';
import Value from 'typebox/value';
import { DecodeError, encodeSequence } from '@mimikit/tls';
import { MimiHttpError, MimiResponseError, MimiTimeoutError } from './errors.ts';
import { BEARER_TOKEN } from './bearer-token.ts';
import { EncodedBody } from './encoded-body.ts';
import { BodyTooLarge, exchange, ExchangeTimeout, type ExchangeResponse } from './exchange.ts';
import { expandTemplate, templateVariables } from './identifiers.ts';
import { DEFAULT_BODY_LIMIT, DEFAULT_CALL_TIMEOUT, PROBLEM_BODY_LIMIT } from './limits.ts';
import { JSON_MEDIA_TYPE, TLS_MEDIA_TYPE, type ApiSpec, type OperationSpec } from './operation.ts';
import { parseProblem, PROBLEM_CONTENT_TYPE, problem } from './problem.ts';
import { parseRetryAfter } from './retry-after.ts';

interface CommonClientOptions {
  /** undici dispatcher (Agent, Pool, MockAgent…); an Agent with `connect: { cert, key, ca }` does mutual TLS. */
  dispatcher?: Dispatcher;
  /** Largest success body accepted, in bytes (default 4 MiB). */
  bodyLimit?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /**
   * Deadline of each call in milliseconds, from the call until the last response byte (directory
   * fetch, connecting, sending, headers and body); default 30 000. Past it the call fails with
   * MimiTimeoutError. MimiCallOptions.timeout overrides it per call.
   */
  timeout?: number;
  /**
   * Origins (`https://other.example:8443`) that the peer's directory templates may lead to besides
   * the directory's own. Without it, a template on another scheme, host or port is refused
   * (MimiResponseError reason `directory`) and nothing is sent there: a directory could otherwise
   * send request bodies to any host, in cleartext too.
   */
  allowedOrigins?: readonly string[];
  /**
   * Bearer token sent as `Authorization: Bearer <token>` with the operations whose description
   * requires one (and only with those). Must be an RFC 6750 b64token.
   */
  token?: string;
}

/** Path and query parameters of a call, by name: strings, and numbers for integer query parameters. */
export type CallParams = Readonly<Record<string, string | number | undefined>>;

export type MimiClientOptions = CommonClientOptions &
  (
    | {
        /** The provider's origin (and path prefix): operation paths are appended to it. */
        baseUrl: string;
        directoryUrl?: undefined;
      }
    | {
        /** The provider's directory document: fetched once, its URL templates give the operation URLs. */
        directoryUrl: string;
        baseUrl?: undefined;
      }
  );

/** Per-call options of every generated client method. */
export interface MimiCallOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** This call's deadline in milliseconds (MimiClientOptions.timeout otherwise). */
  timeout?: number;
}

export { EncodedBody };

type Headers = Record<string, string | string[] | undefined>;

export class MimiTransportClient {
  readonly #api: ApiSpec;
  readonly #options: MimiClientOptions;
  readonly #bodyLimit: number;
  readonly #timeout: number;
  /** Origins the directory's templates may lead to: the directory's own and allowedOrigins. */
  readonly #directoryOrigins: ReadonlySet<string>;
  /** The base URL without trailing slashes, and per operation the headers every call sends. */
  readonly #base: string | undefined;
  readonly #headers = new Map<string, Record<string, string>>();
  #directory: Promise<Record<string, string>> | null = null;

  constructor(api: ApiSpec, options: MimiClientOptions) {
    if (options.baseUrl === undefined && options.directoryUrl === undefined) throw new TypeError('createMimiClient needs baseUrl or directoryUrl');
    if (options.directoryUrl !== undefined && api.directoryOperation === null) throw new TypeError('this API has no directory operation; use baseUrl');
    this.#api = api;
    this.#options = options;
    this.#bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.#timeout = checkTimeout(options.timeout ?? DEFAULT_CALL_TIMEOUT, 'timeout');
    const origins = (options.allowedOrigins ?? []).map(originOf);
    if (options.directoryUrl !== undefined) origins.push(new URL(options.directoryUrl).origin);
    this.#directoryOrigins = new Set(origins);
    this.#base = options.baseUrl?.replace(/\/+$/, '');
    if (options.token !== undefined && !BEARER_TOKEN.test(options.token))
      throw new TypeError('token must be an RFC 6750 b64token (letters, digits, -._~+/ then =)');
    for (const op of Object.values(api.operations)) {
      const h: Record<string, string> = { ...options.headers, accept: acceptOf(op) };
      if (op.request) h['content-type'] = requestMediaType(op);
      if (op.auth === 'bearer' && options.token !== undefined) h.authorization = `Bearer ${options.token}`;
      this.#headers.set(op.operationId, h);
    }
  }

  /**
   * Performs one operation: `params` fill its path template and query, `body` is encoded with its
   * request codec (TLS) or as JSON; an EncodedBody (TLS operations only) is sent as it is.
   */
  async call(operationId: string, params: CallParams, body?: unknown, init: MimiCallOptions = {}): Promise<unknown> {
    const op = this.#api.operations[operationId];
    if (!op) throw new TypeError(`unknown operation ${operationId}`);
    const timeout = init.timeout === undefined ? this.#timeout : checkTimeout(init.timeout, 'timeout');
    const target = this.#url(op, params, timeout);
    let url: string;
    let remaining = timeout;
    if (typeof target === 'string') url = target;
    else {
      // The directory fetch counts against this call's deadline.
      const start = performance.now();
      url = await target;
      remaining = timeout - (performance.now() - start);
      if (remaining <= 0) throw new MimiTimeoutError(op.operationId, timeout, 'headers');
    }
    const fixed = this.#headers.get(operationId)!;
    const headers = init.headers
      ? { ...fixed, ...init.headers, accept: fixed.accept!, ...(op.request ? { 'content-type': fixed['content-type']! } : {}) }
      : fixed;
    const payload = encodeRequest(op, body);
    let res: ExchangeResponse;
    try {
      res = await exchange(this.#options.dispatcher, {
        url,
        method: op.method,
        headers,
        body: payload,
        signal: init.signal,
        timeout: remaining,
        bodyLimit: this.#bodyLimitFor,
      });
    } catch (err) {
      if (err instanceof BodyTooLarge) throw new MimiResponseError(op.operationId, err.status, 'too-large', `response body exceeds ${err.limit} bytes`);
      if (err instanceof ExchangeTimeout) throw new MimiTimeoutError(op.operationId, timeout, err.phase);
      const phase = undiciTimeoutPhase(err);
      if (phase) throw new MimiTimeoutError(op.operationId, timeout, phase, err);
      throw err;
    }
    if (res.status < 200 || (res.status > 299 && res.status < 400)) {
      throw new MimiResponseError(op.operationId, res.status, 'status', `unexpected status ${res.status}`);
    }
    if (res.status >= 400) {
      // Exact UTF-8 (a malformed or truncated body is no problem document, not one with U+FFFD in it).
      const text = mediaType(res.headers) === PROBLEM_CONTENT_TYPE ? decodeUtf8OrNull(res.body) : null;
      const doc = text === null ? problem(res.status) : parseProblem(text, res.status);
      throw new MimiHttpError(res.status <= 599 ? res.status : 500, doc, {
        retryAfter: parseRetryAfter(res.headers['retry-after']),
      });
    }
    return decodeResponse(op, res.status, res.headers, res.body);
  }

  /** Success bodies up to the client's limit (else an error); problem bodies truncated; other statuses' bodies dropped. */
  readonly #bodyLimitFor = (status: number): { limit: number; truncate: boolean } => {
    if (status >= 200 && status <= 299) return { limit: this.#bodyLimit, truncate: false };
    if (status >= 400) return { limit: PROBLEM_BODY_LIMIT, truncate: true };
    return { limit: 0, truncate: true };
  };

  /**
   * The peer's directory (fetched once per client; a failed fetch is retried on the next call).
   * The call that starts the fetch gives it its deadline; a call that finds a fetch under way waits
   * for it only until its own deadline.
   */
  directory(timeout: number = this.#timeout): Promise<Record<string, string>> {
    if (!this.#directory) {
      const dirOp = this.#api.directoryOperation;
      if (dirOp === null) return Promise.reject(new TypeError('this API has no directory operation'));
      this.#directory = (this.call(dirOp, {}, undefined, { timeout }) as Promise<Record<string, string>>).catch((err: unknown) => {
        this.#directory = null;
        throw err;
      });
    }
    return this.#directory;
  }

  /** The operation's URL: synchronous with a base URL, after the directory fetch otherwise. */
  #url(op: OperationSpec, params: CallParams, timeout: number): string | Promise<string> {
    const path: Record<string, string> = {};
    for (const name of op.pathParams) {
      const value = params[name];
      if (typeof value !== 'string') throw new TypeError(`${op.operationId}: path parameter ${name} must be a string`);
      path[name] = value;
    }
    const query = queryString(op, params);
    if (this.#base !== undefined) return this.#base + expandTemplate(op.path, path) + query;
    const { directoryUrl } = this.#options;
    const dirUrl = directoryUrl!;
    if (op.operationId === this.#api.directoryOperation) return dirUrl;
    if (op.directoryKey === null) return new URL(expandTemplate(op.path, path) + query, dirUrl).href;
    return this.#directoryUrl(op, path, dirUrl, op.directoryKey, timeout).then((url) => url + query);
  }

  async #directoryUrl(op: OperationSpec, params: Readonly<Record<string, string>>, dirUrl: string, directoryKey: string, timeout: number): Promise<string> {
    const template = (await withDeadline(this.directory(timeout), timeout, op.operationId))[directoryKey];
    const refuse = (why: string) =>
      new MimiResponseError(
        op.operationId,
        this.#api.operations[this.#api.directoryOperation!]!.response.status,
        'directory',
        `the directory at ${dirUrl} ${why}`,
      );
    if (typeof template !== 'string') throw refuse(`has no ${directoryKey} entry`);
    // Checked after expansion: a variable in the authority (`https://{roomId}/…`) could move it too.
    let url: URL;
    try {
      url = new URL(expandTemplate(template, templateValues(template, op, params)), dirUrl);
    } catch {
      throw refuse(`has a ${directoryKey} template that does not expand to a URL`);
    }
    if (!this.#directoryOrigins.has(url.origin))
      throw refuse(`points ${directoryKey} at ${url.origin}, another origin than its own (allowedOrigins does not list it)`);
    return url.href;
  }
}

/**
 * Values for a directory template. Its variables normally carry the description's parameter
 * names; a peer whose template names its single variable differently (the draft's example calls
 * the consent domain `targetUser`) still gets the operation's single parameter.
 */
function templateValues(template: string, op: OperationSpec, params: Readonly<Record<string, string>>): Record<string, string> {
  const vars = templateVariables(template);
  const values: Record<string, string> = { ...params };
  const only = op.pathParams.length === 1 ? params[op.pathParams[0]!] : undefined;
  for (const v of vars) if (values[v] === undefined && only !== undefined && vars.length === 1) values[v] = only;
  return values;
}

/** Rejects with MimiTimeoutError when `promise` has not settled within `timeout` ms. */
function withDeadline<T>(promise: Promise<T>, timeout: number, operationId: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new MimiTimeoutError(operationId, timeout, 'headers')), timeout);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

/** A deadline in milliseconds: a positive number that setTimeout can wait for. */
function checkTimeout(ms: number, name: string): number {
  if (!(ms > 0 && ms <= 2 ** 31 - 1)) throw new RangeError(`${name} must be a number of milliseconds in 1..${2 ** 31 - 1}, got ${ms}`);
  return ms;
}

/** `https://other.example:8443` from an allowedOrigins entry; anything but a bare origin is refused. */
function originOf(entry: string): string {
  const url = new URL(entry);
  if (url.origin === 'null' || url.href !== `${url.origin}/`)
    throw new TypeError(`allowedOrigins: ${JSON.stringify(entry)} is not an origin (scheme://host[:port])`);
  return url.origin;
}

/** undici's own connect, headers and body timeouts are the same failure as the call's deadline. */
function undiciTimeoutPhase(err: unknown): 'headers' | 'body' | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT') return 'headers';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'body';
  return null;
}

function requestMediaType(op: OperationSpec): string {
  return op.request?.kind === 'json' ? JSON_MEDIA_TYPE : TLS_MEDIA_TYPE;
}

const utf8 = new TextEncoder();

function encodeRequest(op: OperationSpec, body: unknown): Uint8Array | undefined {
  if (!op.request) return undefined;
  if (body instanceof EncodedBody) {
    if (op.request.kind === 'json') throw new TypeError(`${op.operationId}: the body is JSON; an EncodedBody is for TLS-PL bodies`);
    return body.bytes;
  }
  if (op.request.kind === 'json') return utf8.encode(JSON.stringify(body));
  if (op.request.sequence) {
    if (!Array.isArray(body)) throw new TypeError(`${op.operationId}: the body is a sequence; pass an array of ${op.request.type}`);
    return encodeSequence(op.request.codec, body, op.request.context);
  }
  return op.request.codec.encode(body, op.request.context);
}

/**
 * `?name=value&…` of the operation's query parameters present in `params` (percent-encoded; an
 * integer in decimal), or `''`. A missing required one or a value of the wrong type is the
 * caller's mistake: TypeError, nothing sent.
 */
function queryString(op: OperationSpec, params: CallParams): string {
  const parts: string[] = [];
  for (const q of op.query ?? []) {
    const value = params[q.name];
    if (value === undefined) {
      if (q.required) throw new TypeError(`${op.operationId}: query parameter ${q.name} is required`);
      continue;
    }
    const ok = q.type === 'integer' ? Number.isSafeInteger(value) : typeof value === 'string';
    if (!ok) throw new TypeError(`${op.operationId}: query parameter ${q.name} must be ${q.type === 'integer' ? 'a safe integer' : 'a string'}`);
    parts.push(`${encodeURIComponent(q.name)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function acceptOf(op: OperationSpec): string {
  const body = op.response.body;
  const success = body.kind === 'tls' ? TLS_MEDIA_TYPE : body.kind === 'json' ? 'application/json' : body.kind === 'binary' ? body.contentType : null;
  return success ? `${success}, ${PROBLEM_CONTENT_TYPE}` : PROBLEM_CONTENT_TYPE;
}

function mediaType(headers: Headers): string {
  const v = headers['content-type'];
  const s = Array.isArray(v) ? v[0] : v;
  return (s ?? '').split(';')[0]!.trim().toLowerCase();
}

function decodeResponse(op: OperationSpec, status: number, headers: Headers, bytes: Uint8Array): unknown {
  const body = op.response.body;
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'binary':
      return bytes;
    case 'tls': {
      const type = mediaType(headers);
      if (type !== TLS_MEDIA_TYPE)
        throw new MimiResponseError(op.operationId, status, 'content-type', `expected ${TLS_MEDIA_TYPE}, got ${type || 'no content type'}`);
      try {
        return body.codec.decode(bytes, { context: body.context });
      } catch (err) {
        if (err instanceof DecodeError) throw new MimiResponseError(op.operationId, status, 'decode', `undecodable ${body.type}: ${err.message}`, err);
        throw err;
      }
    }
    case 'json': {
      let value: unknown;
      try {
        // JSON is UTF-8 (RFC 8259 §8.1): malformed bytes make the body not JSON, never U+FFFD.
        const text = decodeUtf8OrNull(bytes);
        if (text === null) throw new SyntaxError('not UTF-8');
        value = JSON.parse(text);
      } catch {
        throw new MimiResponseError(op.operationId, status, 'json', 'the response body is not JSON');
      }
      if (!Value.Check(body.schema, value)) throw new MimiResponseError(op.operationId, status, 'json', `the response body is not a valid ${body.schemaName}`);
      return value;
    }
  }
}
