/**
 * The operation model: what client, server and operation table are generated from. Built from a
 * validated, dereferenced OpenAPI document; every MIMI rule the generator relies on (one success
 * status, path parameters only, TLS bodies naming a generated codec with the context it needs…) is
 * checked here and reported as a diagnostic at the YAML line of the operation.
 */
import { diagnosticAt, type Diagnostic } from '../common/diagnostics.ts';
import { nameProblem } from '../common/generated-names.ts';
import { locatePointer } from './load.ts';
import { toTypeBox } from './typebox.ts';
import type { JsonSchema, MediaTypeObject, OpenApiDocument, OperationObject, ParameterObject, ResponseObject } from './openapi-types.ts';

export const TLS_MEDIA_TYPE = 'application/mimi-protocol';
export const JSON_MEDIA_TYPE = 'application/json';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
const ROLES = ['hub', 'follower', 'any'] as const;
const IDENT = /^[A-Za-z_$][\w$]*$/;

/** Names schemas.ts imports: a schema may not take them. */
export const SCHEMA_MODULE_NAMES: ReadonlySet<string> = new Set(['Type', 'Static']);
const NAME_HINT = 'rename it in the description';

export type Role = (typeof ROLES)[number];
export type TlsContext = Record<string, string | number>;

/** A TLS-PL type a body is encoded as, resolved to the generated package that has its codec. */
export interface TlsTypeRef {
  /** TLS-PL type name, as x-mimi-tls-type writes it (the key of the package's `codecs`). */
  name: string;
  /** TypeScript type the codec encodes. */
  tsType: string;
  /** Exported codec constant. */
  codecIdent: string;
  /** Module to import both from (`./index.ts` for the package itself). */
  module: string;
  /** Context values the codec's selects need from the caller. */
  contextNames: readonly string[];
}

export type TlsResolver = (name: string) => TlsTypeRef | null;

export interface TlsBodyModel {
  kind: 'tls';
  tls: TlsTypeRef;
  context: TlsContext | null;
  /** x-mimi-tls-sequence: one or more values back to back (request bodies only). */
  sequence: boolean;
}

/** A JSON body described by a named component schema (an object schema, generated in schemas.ts). */
export interface JsonBodyModel {
  kind: 'json';
  schemaName: string;
}

export type RequestBodyModel = TlsBodyModel | JsonBodyModel;
export type ResponseBodyModel = TlsBodyModel | { kind: 'none' } | { kind: 'binary'; contentType: string } | JsonBodyModel;

/** A query parameter: a string or an integer, one value, its schema's bounds checked by the server. */
export interface QueryParamModel {
  name: string;
  description: string;
  required: boolean;
  type: 'string' | 'integer';
  schema: JsonSchema;
}

export interface ParamModel {
  name: string;
  description: string;
}

export interface OperationModel {
  operationId: string;
  method: Uppercase<(typeof METHODS)[number]>;
  path: string;
  pathParams: ParamModel[];
  queryParams: QueryParamModel[];
  summary: string;
  description: string;
  role: Role;
  directoryKey: string | null;
  request: RequestBodyModel | null;
  /** `bearer`: the operation needs an `Authorization: Bearer` token (an http bearer security scheme). */
  auth: 'bearer' | null;
  success: { status: number; description: string; body: ResponseBodyModel };
  errorStatuses: number[];
}

export interface SchemaModel {
  name: string;
  schema: JsonSchema;
}

export interface ApiModel {
  title: string;
  /** info.version, e.g. draft-ietf-mimi-protocol-06. */
  version: string;
  operations: OperationModel[];
  /** The GET /.well-known/… operation that returns the directory document (JSON), if any. */
  directoryOperation: string | null;
  /** Component schemas that describe JSON (not TLS or binary) values, in description order. */
  schemas: SchemaModel[];
}

export function buildModel(doc: OpenApiDocument, text: string, file: string, resolve: TlsResolver): { model: ApiModel; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const at = (pointer: string) => ({ file, ...locatePointer(text, pointer) });
  const error = (pointer: string, code: string, message: string, hint?: string) => diagnostics.push(diagnosticAt(at(pointer), 'error', code, message, hint));
  const warn = (pointer: string, code: string, message: string, hint?: string) => diagnostics.push(diagnosticAt(at(pointer), 'warning', code, message, hint));
  /** A name that generated code uses as a property key (generators/common/generated-names.ts). */
  const keyOk = (pointer: string, name: string, what: string): boolean => {
    const problem = nameProblem(name, 'property');
    if (problem) error(pointer, problem.code, `${what}: ${problem.message}`, NAME_HINT);
    return !problem;
  };

  // Component schemas: after dereferencing, a $ref'd schema is the same object as its component.
  const schemas: SchemaModel[] = [];
  const schemaNames = new Map<object, string>();
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    schemaNames.set(schema, name);
    if (isJsonSchema(schema)) {
      const ptr = `/components/schemas/${pointerSegment(name)}`;
      const problem = nameProblem(name, 'declaration', SCHEMA_MODULE_NAMES);
      if (problem) error(ptr, problem.code === 'invalid-identifier' ? 'invalid-schema-name' : problem.code, `schema name: ${problem.message}`, NAME_HINT);
      else {
        const before = diagnostics.length;
        checkProperties(schema, ptr, name); // an error stops generation; the schema stays known to operations
        // Converted only with usable property names (the conversion refuses the others by throwing).
        if (diagnostics.length === before) for (const e of toTypeBox(schema).errors) error(`${ptr}${e.ptr}`, e.code, `schema ${name}: ${e.message}`);
        schemas.push({ name, schema });
      }
    }
  }

  const operations: OperationModel[] = [];
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (!op) continue;
      const ptr = `/paths/${pointerSegment(path)}/${method}`;
      const id = op.operationId;
      if (typeof id !== 'string' || !IDENT.test(id)) {
        error(ptr, 'invalid-operation-id', `${method.toUpperCase()} ${path} needs an operationId that is a TypeScript identifier`);
        continue;
      }
      if (!keyOk(`${ptr}/operationId`, id, 'operationId')) continue;
      if (seen.has(id)) error(`${ptr}/operationId`, 'duplicate-operation-id', `operationId ${id} is used twice`);
      seen.add(id);
      const opPtr = `${ptr}/operationId`;

      // Parameters: path parameters, each one identifier segment, and query parameters.
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])] as ParameterObject[];
      const byName = new Map<string, ParameterObject>();
      const queryParams: QueryParamModel[] = [];
      for (const p of params) {
        if (p.in === 'query') {
          const q = queryParam(p, opPtr, id);
          if (q) queryParams.push(q);
          continue;
        }
        if (p.in !== 'path') {
          error(opPtr, 'unsupported-parameter', `${id}: ${p.in} parameter ${p.name} is not supported (only path and query parameters)`);
          continue;
        }
        if (p.schema?.type !== undefined && p.schema.type !== 'string')
          error(opPtr, 'unsupported-parameter', `${id}: path parameter ${p.name} must be a string`);
        byName.set(p.name, p);
      }
      const pathParams: ParamModel[] = [];
      for (const m of path.matchAll(/\{([^{}]+)\}/g)) {
        const p = byName.get(m[1]!);
        if (!p) error(opPtr, 'undeclared-path-parameter', `${id}: {${m[1]}} in ${path} is not declared`);
        keyOk(opPtr, m[1]!, `${id}: path parameter`);
        pathParams.push({ name: m[1]!, description: oneLine(p?.description ?? '') });
      }
      // The generated client takes path and query parameters in one object.
      for (const q of queryParams)
        if (pathParams.some((p) => p.name === q.name)) error(opPtr, 'duplicate-parameter', `${id}: ${q.name} is both a path and a query parameter`);

      // Request body: one media type, TLS or JSON (a named object schema the server validates).
      let request: RequestBodyModel | null = null;
      if (op.requestBody) {
        const content = op.requestBody.content ?? {};
        const types = Object.keys(content);
        const bodyPtr = `${ptr}/requestBody`;
        if (types.length !== 1 || (types[0] !== TLS_MEDIA_TYPE && types[0] !== JSON_MEDIA_TYPE)) {
          error(
            bodyPtr,
            'unsupported-request-body',
            `${id}: a request body must have exactly one media type, ${TLS_MEDIA_TYPE} or ${JSON_MEDIA_TYPE} (has ${types.join(', ') || 'none'})`,
          );
        } else if (types[0] === TLS_MEDIA_TYPE) {
          request = tlsBody(content[TLS_MEDIA_TYPE]!, `${bodyPtr}/content/${pointerSegment(TLS_MEDIA_TYPE)}`, `${id} request`, true);
        } else {
          request = jsonBody(content[JSON_MEDIA_TYPE]!, bodyPtr, `${id}: a JSON request body`);
        }
      }
      const auth = bearerAuth(op.security ?? doc.security ?? [], `${ptr}/security`, id);

      // Responses: exactly one 2xx; 4xx/5xx are problem+json.
      const responses = Object.entries(op.responses ?? {}) as Array<[string, ResponseObject]>;
      const successes = responses.filter(([s]) => /^2\d\d$/.test(s));
      const errorStatuses = responses
        .map(([s]) => s)
        .filter((s) => /^[45]\d\d$/.test(s))
        .map(Number);
      for (const [s] of responses) {
        if (!/^[245]\d\d$/.test(s))
          warn(`${ptr}/responses`, 'unsupported-response', `${id}: response ${s} is ignored (only 2xx, 4xx and 5xx statuses are generated)`);
      }
      for (const [s, r] of responses) {
        if (!/^[45]\d\d$/.test(s)) continue;
        const types = Object.keys(r.content ?? {});
        if (types.some((t) => t !== PROBLEM_MEDIA_TYPE))
          warn(`${ptr}/responses/${s}`, 'non-problem-error', `${id}: error response ${s} is not ${PROBLEM_MEDIA_TYPE}; clients read it as a problem anyway`);
      }
      if (successes.length !== 1) {
        error(`${ptr}/responses`, 'success-status', `${id}: needs exactly one 2xx response, has ${successes.length}`);
        continue;
      }
      const [statusText, success] = successes[0]!;
      const body = responseBody(success, `${ptr}/responses/${statusText}`, id);
      if (!body) continue;

      const roleValue = op['x-mimi-role'];
      let role: Role = 'any';
      if (roleValue === undefined) warn(opPtr, 'missing-role', `${id}: no x-mimi-role; assuming any`);
      else if (typeof roleValue === 'string' && (ROLES as readonly string[]).includes(roleValue)) role = roleValue as Role;
      else error(`${ptr}/x-mimi-role`, 'invalid-role', `${id}: x-mimi-role must be one of ${ROLES.join(', ')}`);
      const keyValue = op['x-mimi-directory-key'];
      if (keyValue !== undefined && typeof keyValue !== 'string')
        error(`${ptr}/x-mimi-directory-key`, 'invalid-directory-key', `${id}: x-mimi-directory-key must be a string`);

      operations.push({
        operationId: id,
        method: method.toUpperCase() as OperationModel['method'],
        path,
        pathParams,
        summary: oneLine(op.summary ?? ''),
        description: oneLine(op.description ?? ''),
        role,
        directoryKey: typeof keyValue === 'string' ? keyValue : null,
        queryParams,
        request,
        auth,
        success: { status: Number(statusText), description: oneLine(success.description ?? ''), body },
        errorStatuses,
      });
    }
  }

  // The directory: one GET /.well-known/… returning JSON; its schema's properties are the directory keys.
  const dirOps = operations.filter((o) => o.method === 'GET' && o.path.startsWith('/.well-known/') && o.success.body.kind === 'json');
  if (dirOps.length > 1) error('/paths', 'multiple-directories', `more than one directory operation: ${dirOps.map((o) => o.operationId).join(', ')}`);
  const directory = dirOps[0] ?? null;
  if (directory && directory.success.body.kind === 'json') {
    const schema = doc.components?.schemas?.[directory.success.body.schemaName];
    const keys = new Set(Object.keys(schema?.properties ?? {}));
    const given = new Set(operations.flatMap((o) => (o.directoryKey ? [o.directoryKey] : [])));
    for (const o of operations) {
      if (o.directoryKey && !keys.has(o.directoryKey))
        warn(
          `/components/schemas/${directory.success.body.schemaName}`,
          'directory-key-unknown',
          `${o.operationId}: directory key ${o.directoryKey} is not a property of ${directory.success.body.schemaName}`,
        );
    }
    for (const k of schema?.required ?? []) {
      if (!given.has(k))
        warn(
          `/components/schemas/${directory.success.body.schemaName}`,
          'directory-key-unused',
          `${directory.success.body.schemaName} requires ${k}, which no operation's x-mimi-directory-key names`,
        );
    }
  }

  return {
    model: { title: doc.info.title, version: doc.info.version, operations, directoryOperation: directory?.operationId ?? null, schemas },
    diagnostics,
  };

  function tlsBody(media: MediaTypeObject, ptr: string, what: string, sequenceAllowed = false): TlsBodyModel | null {
    const name = media['x-mimi-tls-type'];
    if (typeof name !== 'string') {
      error(ptr, 'missing-tls-type', `${what}: a ${TLS_MEDIA_TYPE} body needs x-mimi-tls-type`);
      return null;
    }
    const tls = resolve(name);
    if (!tls) {
      error(
        `${ptr}/x-mimi-tls-type`,
        'unknown-tls-type',
        `${what}: x-mimi-tls-type ${name} is not a generated codec`,
        'name a TLS-PL type of spec/tls (see the codecs registry of the generated packages)',
      );
      return null;
    }
    const raw = media['x-mimi-tls-context'];
    let context: TlsContext | null = null;
    if (raw !== undefined) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
        error(ptr, 'invalid-tls-context', `${what}: x-mimi-tls-context must map context names to strings or numbers`);
        return null;
      }
      context = raw as TlsContext;
      for (const k of Object.keys(context)) if (!keyOk(`${ptr}/x-mimi-tls-context`, k, `${what}: context name`)) return null;
    }
    for (const need of tls.contextNames) {
      if (context?.[need] === undefined)
        error(ptr, 'missing-tls-context', `${what}: ${name} needs the context value ${need}`, `add x-mimi-tls-context: { ${need}: … } to the media type`);
    }
    for (const k of Object.keys(context ?? {})) {
      if (!tls.contextNames.includes(k)) warn(ptr, 'unused-tls-context', `${what}: ${name} does not use the context value ${k}`);
    }
    const sequence = media['x-mimi-tls-sequence'];
    if (sequence !== undefined && typeof sequence !== 'boolean') {
      error(`${ptr}/x-mimi-tls-sequence`, 'invalid-tls-sequence', `${what}: x-mimi-tls-sequence must be true or false`);
      return null;
    }
    // Responses stay one value: no operation needs more, and clients would have to opt in.
    if (sequence === true && !sequenceAllowed) {
      error(`${ptr}/x-mimi-tls-sequence`, 'invalid-tls-sequence', `${what}: x-mimi-tls-sequence is only supported on request bodies`);
      return null;
    }
    return { kind: 'tls', tls, context, sequence: sequence === true };
  }

  /** A JSON body: its schema must be a $ref to a component object schema (a name in schemas.ts). */
  function jsonBody(media: MediaTypeObject, ptr: string, what: string): JsonBodyModel | null {
    const name = media.schema ? schemaNames.get(media.schema) : undefined;
    if (!name || !schemas.some((s) => s.name === name)) {
      error(ptr, 'anonymous-json-schema', `${what} must $ref a component schema of type object`);
      return null;
    }
    return { kind: 'json', schemaName: name };
  }

  /**
   * A query parameter the generated server can check before the handler runs: one value (no
   * style or explode variants), a string or an integer with its bounds, not an object.
   */
  function queryParam(p: ParameterObject, ptr: string, id: string): QueryParamModel | null {
    if (!keyOk(ptr, p.name, `${id}: query parameter`)) return null;
    const type = p.schema?.type;
    if (type !== 'string' && type !== 'integer') {
      error(ptr, 'unsupported-parameter', `${id}: query parameter ${p.name} must be a string or an integer`);
      return null;
    }
    if (p.style !== undefined || p.explode !== undefined || p.allowReserved !== undefined)
      warn(ptr, 'unsupported-parameter', `${id}: query parameter ${p.name}: style, explode and allowReserved are ignored (one form-encoded value)`);
    if (type === 'string' && p.schema?.maxLength === undefined)
      warn(ptr, 'unbounded-parameter', `${id}: query parameter ${p.name} has no maxLength (only the URL length limit bounds it)`);
    return { name: p.name, description: oneLine(p.description ?? ''), required: p.required === true, type, schema: p.schema! };
  }

  /**
   * `bearer` when every alternative of the operation's security requirement includes an http
   * bearer scheme; mutualTLS schemes are the transport's business (MimiServerOptions.requirePeer).
   */
  function bearerAuth(requirements: ReadonlyArray<Record<string, string[]>>, ptr: string, id: string): 'bearer' | null {
    const schemes = doc.components?.securitySchemes ?? {};
    let all = requirements.length > 0;
    for (const alternative of requirements) {
      let bearer = false;
      for (const name of Object.keys(alternative)) {
        const scheme = schemes[name];
        if (scheme?.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer') bearer = true;
        else if (scheme?.type !== 'mutualTLS')
          warn(ptr, 'unsupported-security', `${id}: security scheme ${name} is not generated (only http bearer and mutualTLS)`);
      }
      if (!bearer) all = false;
    }
    return all ? 'bearer' : null;
  }

  /** The property names of a JSON schema and the schemas inside it are usable keys. */
  function checkProperties(s: JsonSchema, ptr: string, what: string, seen = new Set<JsonSchema>()): void {
    if (seen.has(s)) return; // dereferenced $ref cycles: each schema is checked once
    seen.add(s);
    for (const [name, p] of Object.entries(s.properties ?? {})) {
      const at = `${ptr}/properties/${pointerSegment(name)}`;
      if (keyOk(at, name, `${what}: property`)) checkProperties(p, at, what, seen);
    }
    if (s.items) checkProperties(s.items, `${ptr}/items`, what, seen);
    const extra = s.additionalProperties;
    if (extra && typeof extra === 'object') checkProperties(extra, `${ptr}/additionalProperties`, what, seen);
  }

  function responseBody(res: ResponseObject, ptr: string, id: string): ResponseBodyModel | null {
    const entries = Object.entries(res.content ?? {});
    if (entries.length === 0) return { kind: 'none' };
    if (entries.length > 1) {
      error(ptr, 'multiple-media-types', `${id}: the success response must have one media type, has ${entries.length}`);
      return null;
    }
    const [type, media] = entries[0]!;
    if (type === TLS_MEDIA_TYPE) return tlsBody(media, `${ptr}/content/${pointerSegment(type)}`, `${id} response`);
    if (type === JSON_MEDIA_TYPE) return jsonBody(media, ptr, `${id}: a JSON response`);
    if (media.schema?.type === 'string' && (media.schema.contentEncoding === 'binary' || media.schema.format === 'binary'))
      return { kind: 'binary', contentType: type };
    error(ptr, 'unsupported-media-type', `${id}: success media type ${type} is neither ${TLS_MEDIA_TYPE}, application/json nor binary`);
    return null;
  }
}

/** Schemas of JSON values (objects), as opposed to the binary TLS body placeholder. */
function isJsonSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' || schema.properties !== undefined;
}

/** A JSON pointer segment (RFC 6901). */
function pointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
