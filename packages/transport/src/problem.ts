/**
 * Problem details for HTTP APIs (RFC 9457): building the documents every MIMI error response
 * carries, and reading them back on the client side.
 */
import { STATUS_CODES } from 'node:http';
import type { DecodeError } from '@mimikit/tls';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document, with the members spec/openapi/mimi-protocol.yaml adds for decoding errors. */
export interface Problem {
  /** A URI reference naming the problem type; `about:blank` when the status says it all. */
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** Byte offset of a TLS decoding error in the request body. */
  offset?: number;
  /** TLS type path of a decoding error, e.g. `KeyMaterialRequest.requestingUser.uri`. */
  path?: string;
  /** DecodeError.kind of a decoding error. */
  kind?: string;
  /** Extension members (RFC 9457 §3.2). */
  [member: string]: unknown;
}

/** The reason phrase of a status (`Service Unavailable`), or a generic title for unknown codes. */
export function statusTitle(status: number): string {
  return STATUS_CODES[status] ?? (status >= 500 ? 'Server Error' : status >= 400 ? 'Client Error' : 'HTTP Status');
}

/**
 * A problem document for `status`. `fields` may override any member; `type` defaults to
 * `about:blank` and `title` to the status's reason phrase (RFC 9457 §4.2.1).
 */
export function problem(status: number, fields: Partial<Problem> = {}): Problem {
  const out: Problem = { type: 'about:blank', title: statusTitle(status), status };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && k !== 'status') out[k] = v;
  return out;
}

/** The 400 problem of a request body that does not decode as its TLS type: kind, offset and type path. */
export function decodeErrorProblem(err: DecodeError, status = 400): Problem {
  return problem(status, {
    title: 'Undecodable request body',
    detail: err.message,
    kind: err.kind,
    offset: err.offset,
    path: err.typePath,
  });
}

/**
 * Reads a problem document from a response body. Anything that is not a JSON object becomes a
 * problem built from the status alone (the body is not echoed: it may be large or hostile).
 */
export function parseProblem(body: string, status: number): Problem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return problem(status);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return problem(status);
  const doc = parsed as Record<string, unknown>;
  const out = problem(status, doc as Partial<Problem>);
  if (typeof doc.type !== 'string') out.type = 'about:blank';
  if (typeof doc.title !== 'string') out.title = statusTitle(status);
  out.status = typeof doc.status === 'number' && Number.isInteger(doc.status) ? doc.status : status;
  return out;
}
