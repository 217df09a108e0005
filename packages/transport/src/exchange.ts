/**
 * One HTTP exchange on an undici dispatcher, body collected into bytes, within an optional
 * deadline: what the client driver needs and nothing more.
 *
 * Why not undici's `request()`: it wraps every response body in a Readable stream, and reading it
 * back (`arrayBuffer()`, async iteration) costs more than the MIMI codecs themselves. Measured in
 * the same process on loopback (keyMaterial, 1.6 KB response): `request()` + `arrayBuffer()`
 * ~93 µs per round trip, `dispatch()` with a collecting handler ~65 µs. The dispatch handler API is
 * undici's own public interface (the one `request()` is built on), so dispatchers, interceptors,
 * Agents with client certificates and MockAgent work the same.
 */
import { Agent, Dispatcher, getGlobalDispatcher } from 'undici';

let fallbackDispatcher: Agent | undefined;

/**
 * The process-wide dispatcher (setGlobalDispatcher), unless it is not one of this undici's: Node's
 * own fetch() installs its bundled undici's Agent there when it runs before this package loads, and
 * that Agent's handler interface is not this version's (every call would fail with "invalid onError
 * method"). Then requests go through an Agent of our own.
 */
function defaultDispatcher(): Dispatcher {
  const global = getGlobalDispatcher();
  if (global instanceof Dispatcher) return global;
  fallbackDispatcher ??= new Agent();
  return fallbackDispatcher;
}

export interface ExchangeRequest {
  /** An absolute http(s) URL. */
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array | undefined;
  signal?: AbortSignal | undefined;
  /**
   * Milliseconds the whole exchange may take, from now until the last body byte (connecting,
   * sending, waiting for headers, receiving the body); past it the exchange fails with
   * ExchangeTimeout. Also given to undici as the request's headersTimeout and bodyTimeout, so the
   * dispatcher's own (300 s) defaults never outlast it. Default: none.
   */
  timeout?: number | undefined;
  /**
   * How much of the response body to keep, chosen from the status: beyond `limit` bytes the
   * exchange fails with BodyTooLarge, or with `truncate` keeps the first `limit` bytes and stops.
   */
  bodyLimit(status: number): { limit: number; truncate: boolean };
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/** The response body is larger than the limit chosen for its status. */
export class BodyTooLarge extends Error {
  constructor(
    readonly limit: number,
    readonly status: number,
  ) {
    super(`response body exceeds ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/**
 * `https://a.example:8443/p?q` → [`https://a.example:8443`, `/p?q`]. URLs the client builds take
 * the string path; anything unusual (userinfo, fragment, no path) goes through `new URL`.
 */
export function splitUrl(url: string): [origin: string, path: string] {
  const scheme = url.indexOf('://');
  if (scheme > 0 && !url.includes('#')) {
    const start = scheme + 3;
    let end = start;
    while (end < url.length && url[end] !== '/' && url[end] !== '?') end++;
    if (url[end] === '/' && !url.slice(start, end).includes('@')) return [url.slice(0, end), url.slice(end)];
  }
  const u = new URL(url);
  return [u.origin, u.pathname + u.search];
}

/** The exchange's `timeout` passed; `phase` says whether the response headers had arrived. */
export class ExchangeTimeout extends Error {
  constructor(
    readonly timeout: number,
    readonly phase: 'headers' | 'body',
  ) {
    super(`no complete response within ${timeout} ms`);
    this.name = 'ExchangeTimeout';
  }
}

const EMPTY = new Uint8Array(0);

export function exchange(dispatcher: Dispatcher | undefined, req: ExchangeRequest): Promise<ExchangeResponse> {
  const [origin, path] = splitUrl(req.url);
  const signal = req.signal;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<ExchangeResponse>((resolve, reject) => {
    let status = 0;
    let headers: ExchangeResponse['headers'] = {};
    let limit = 0;
    let truncate = false;
    let size = 0;
    let chunks: Buffer[] = [];
    let settled = false;
    let controller: Dispatcher.DispatchController | null = null;
    // An abort before undici started the request (still connecting): applied as soon as it starts.
    let pendingAbort: Error | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const finish = (error: unknown, value?: ExchangeResponse) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) resolve(value!);
      else reject(error);
    };
    // Settles at once, whether or not undici has started the request yet.
    const abort = (reason: Error) => {
      finish(reason);
      if (controller) controller.abort(reason);
      else pendingAbort = reason;
    };
    const onAbort = () => abort(signal!.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (req.timeout !== undefined) timer = setTimeout(() => abort(new ExchangeTimeout(req.timeout!, status === 0 ? 'headers' : 'body')), req.timeout);
    const body = (): Uint8Array => {
      if (size === 0) return EMPTY;
      const one = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      return new Uint8Array(one.buffer, one.byteOffset, size);
    };
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(c) {
        controller = c;
        if (pendingAbort) c.abort(pendingAbort);
      },
      onResponseStart(c, statusCode, responseHeaders) {
        // 1xx informational responses may precede the final one; the last call wins.
        status = statusCode;
        headers = responseHeaders;
        chunks = [];
        size = 0;
        ({ limit, truncate } = req.bodyLimit(statusCode));
        const declared = Number(responseHeaders['content-length']);
        if (!truncate && Number.isSafeInteger(declared) && declared > limit) c.abort(new BodyTooLarge(limit, status));
      },
      onResponseData(c, chunk) {
        if (size + chunk.length <= limit) {
          chunks.push(chunk);
          size += chunk.length;
          return;
        }
        if (!truncate) return c.abort(new BodyTooLarge(limit, status));
        if (limit > size) chunks.push(chunk.subarray(0, limit - size));
        size = limit;
        finish(undefined, { status, headers, body: body() });
        c.abort(new BodyTooLarge(limit, status));
      },
      onResponseEnd() {
        finish(undefined, { status, headers, body: body() });
      },
      onResponseError(_controller, error) {
        finish(error);
      },
    };
    const options: Dispatcher.DispatchOptions = { origin, path, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body: req.body ?? null };
    if (req.timeout !== undefined) options.headersTimeout = options.bodyTimeout = req.timeout;
    try {
      (dispatcher ?? defaultDispatcher()).dispatch(options, handler);
    } catch (err) {
      finish(err);
    }
  });
}
