/**
 * The shape of a generated operation table (generated/<pkg>/src/operations.ts): what the client and
 * server drivers need to know about each operation of an OpenAPI description, as plain data plus
 * references to the codecs of its bodies.
 */
import type { TSchema } from 'typebox';
import type { Codec, CodecContext } from '@mimikit/tls';

/** The one media type of TLS presentation-language bodies. */
export const TLS_MEDIA_TYPE = 'application/mimi-protocol';

/** The media type of JSON bodies (validated against their schema before a handler sees them). */
export const JSON_MEDIA_TYPE = 'application/json';

export type MimiRole = 'hub' | 'follower' | 'any';

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS';

/** A TLS-PL body: its type name, codec and the select context values the codec needs. */
export interface TlsBodySpec {
  kind: 'tls';
  type: string;
  // Codec<any>: the table holds codecs of many value types; the generated wrappers restore the types.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  // biome-ignore lint/suspicious/noExplicitAny: one table holds the operations of every body type; Codec<T> is invariant in T, so no narrower common type exists
  codec: Codec<any>;
  context: CodecContext | undefined;
  /**
   * The body is one or more values of the type back to back (`x-mimi-tls-sequence: true`): the
   * server hands the handler an array, the client takes one. Absent: exactly one value.
   */
  sequence?: true;
}

/** JSON matching a named schema of the description (schemas.ts). */
export interface JsonBodySpec {
  kind: 'json';
  schemaName: string;
  schema: TSchema;
}

/** A request body: TLS-PL bytes decoded by a codec, or JSON validated against a schema. */
export type RequestBodySpec = TlsBodySpec | JsonBodySpec;

/**
 * A query parameter: one value, a string or a decimal integer, checked against its schema (bounds,
 * pattern) by the server before the handler runs.
 */
export interface QueryParamSpec {
  name: string;
  required: boolean;
  type: 'string' | 'integer';
  schema: TSchema;
}

export type ResponseBodySpec =
  | TlsBodySpec
  /** No body (201/202/204 operations). */
  | { kind: 'none' }
  /** Opaque bytes of the given content type (e.g. a proxied download). */
  | { kind: 'binary'; contentType: string }
  | JsonBodySpec;

export interface OperationSpec {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI path template, e.g. `/v1/keyMaterial/{targetUser}`. */
  path: string;
  /** Path parameter names in template order; each is one percent-encoded segment. */
  pathParams: readonly string[];
  summary: string;
  role: MimiRole;
  /** Key of the operation's URL template in the directory document, null if it has none. */
  directoryKey: string | null;
  /** Query parameters; absent when the operation has none. */
  query?: readonly QueryParamSpec[];
  /** `bearer`: the request must carry `Authorization: Bearer <token>` (401 without). Absent: no token. */
  auth?: 'bearer';
  request: RequestBodySpec | null;
  response: { status: number; body: ResponseBodySpec };
  /** Error statuses the description lists (answered with problem+json). */
  errorStatuses: readonly number[];
}

export type OperationTable = Readonly<Record<string, OperationSpec>>;

export interface ApiSpec {
  operations: OperationTable;
  /** operationId of the directory document (GET /.well-known/...), null if the API has none. */
  directoryOperation: string | null;
}
