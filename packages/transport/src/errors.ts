/**
 * The errors of the transport: MimiHttpError is an HTTP error response (a client receives it, a
 * handler throws it to choose the status); MimiResponseError is a response the client could not
 * use (an undecodable or oversized body, a directory it will not follow); MimiTimeoutError is a
 * call that ran out of time before its response was complete.
 */
import type { DecodeError } from '@mimikit/tls';
import { problem as buildProblem, type Problem } from './problem.ts';

export interface MimiHttpErrorOptions {
  /** Seconds until a retry may succeed, sent and received as Retry-After. */
  retryAfter?: number | null;
  cause?: unknown;
}

export class MimiHttpError extends Error {
  readonly status: number;
  readonly problem: Problem;
  /** Seconds from Retry-After, or null when the response had none (or an unparseable one). */
  readonly retryAfter: number | null;

  /**
   * @param problem a title, or problem members (type, title, detail, extensions); the status is
   *   always `status`.
   */
  constructor(status: number, problem?: string | Partial<Problem>, options: MimiHttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`MimiHttpError needs a 4xx or 5xx status, got ${status}`);
    const doc = buildProblem(status, typeof problem === 'string' ? { title: problem } : problem);
    super(`${status} ${doc.title}${doc.detail ? `: ${doc.detail}` : ''}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MimiHttpError';
    this.status = status;
    this.problem = doc;
    this.retryAfter = options.retryAfter ?? null;
  }
}

export type MimiResponseErrorReason =
  /** The body does not decode as the operation's TLS type (`decodeError` says where). */
  | 'decode'
  /** The body exceeds the client's bodyLimit. */
  | 'too-large'
  /** The response has another content type than the operation declares. */
  | 'content-type'
  /** A JSON body that does not parse or does not match its schema. */
  | 'json'
  /** A status that is neither success nor an error (1xx, 3xx: redirects are not followed). */
  | 'status'
  /**
   * The peer's directory has no URL template for the operation, or its template leads to another
   * origin (scheme, host, port) than the directory's own and the client's allowedOrigins do not list it.
   */
  | 'directory';

/** A success response whose body the client cannot use. */
export class MimiResponseError extends Error {
  readonly operationId: string;
  readonly status: number;
  readonly reason: MimiResponseErrorReason;
  /** The codec's error, for reason `decode`. */
  readonly decodeError: DecodeError | null;

  constructor(operationId: string, status: number, reason: MimiResponseErrorReason, message: string, decodeError: DecodeError | null = null) {
    super(`${operationId}: ${message}`, decodeError ? { cause: decodeError } : undefined);
    this.name = 'MimiResponseError';
    this.operationId = operationId;
    this.status = status;
    this.reason = reason;
    this.decodeError = decodeError;
  }
}

/**
 * A call that did not complete within its deadline (MimiCallOptions.timeout, else the client's
 * timeout): no response headers yet (`phase` 'headers': connecting, sending, or waiting for the
 * peer), or the body still incomplete (`phase` 'body'). The request may or may not have been
 * processed by the peer.
 */
export class MimiTimeoutError extends Error {
  readonly operationId: string;
  /** The deadline that passed, in milliseconds. */
  readonly timeout: number;
  readonly phase: 'headers' | 'body';

  constructor(operationId: string, timeout: number, phase: 'headers' | 'body', cause?: unknown) {
    super(
      `${operationId}: no complete response within ${timeout} ms (${phase === 'headers' ? 'no response headers' : 'body incomplete'})`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'MimiTimeoutError';
    this.operationId = operationId;
    this.timeout = timeout;
    this.phase = phase;
  }
}
