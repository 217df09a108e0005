/**
 * Renders the operation model through the handlebars templates in templates/: operations.ts (the
 * operation table as data), client.ts, server.ts and schemas.ts of a generated package. The
 * templates stay readable; the TypeScript fragments that need logic are prepared here.
 *
 * Handlebars' own `{{x}}` escaping is for HTML, which is wrong for TypeScript, so it is off and
 * every value a template writes goes through a helper named after the context it lands in:
 * `doc` (comment text), `json` (a literal), `key` (a property or method name), `ident` (a
 * declaration name), `join` (a list of names or numbers). Triple braces are reserved for code
 * fragments built here from checked names (templates.test.ts enforces both rules).
 */
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../common/diagnostics.ts';
import { assertName, propertyKey, quotedPropertyKey } from '../common/generated-names.ts';
import { blockCommentText, jsonLiteral, stringLiteral } from '../common/generated-text.ts';
import {
  SCHEMA_MODULE_NAMES,
  TLS_MEDIA_TYPE,
  type ApiModel,
  type OperationModel,
  type QueryParamModel,
  type RequestBodyModel,
  type ResponseBodyModel,
  type TlsBodyModel,
} from './model.ts';
import { toTypeBox } from './typebox.ts';

export const OPENAPI_GENERATOR_ID = 'mimikit generators/openapi 0.1';

export interface OpenApiSource {
  /** Repo-relative path of the YAML. */
  file: string;
  sha256: string;
  /** Draft and version the description follows (info.x-mimi-source), or info.version. */
  version: string;
}

export interface RenderedFile {
  /** Path relative to the package folder. */
  path: string;
  content: string;
}

const TEMPLATES = ['operations', 'client', 'server', 'schemas'] as const;

let engine: { hbs: typeof Handlebars; templates: Map<string, Handlebars.TemplateDelegate> } | null = null;

function templates(): NonNullable<typeof engine> {
  if (engine) return engine;
  const hbs = Handlebars.create();
  const read = (name: string) => readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');
  hbs.registerPartial('header', read('header.hbs'));
  hbs.registerHelper('doc', (v: unknown) => docText(v));
  hbs.registerHelper('json', (v: unknown) => jsonLiteral(v ?? null));
  hbs.registerHelper('key', (v: unknown) => propertyKey(String(v)));
  hbs.registerHelper('ident', (v: unknown) => assertName(String(v), 'declaration', SCHEMA_MODULE_NAMES));
  hbs.registerHelper('join', (v: unknown) => (Array.isArray(v) ? v.join(', ') : ''));
  hbs.registerHelper('jsonEach', (v: unknown) => (Array.isArray(v) ? v.map((x) => jsonLiteral(x)) : []));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const t of TEMPLATES) compiled.set(t, hbs.compile(read(`${t}.ts.hbs`), { noEscape: true, strict: true }));
  engine = { hbs, templates: compiled };
  return engine;
}

export function renderApi(model: ApiModel, source: OpenApiSource): { files: RenderedFile[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const schemas = model.schemas.map((s) => {
    // Schemas toTypeBox cannot convert (errors) were reported, located, by buildModel.
    const { expr, unsupported } = toTypeBox(s.schema);
    for (const u of unsupported) {
      diagnostics.push({
        file: source.file,
        line: 1,
        col: 1,
        severity: 'warning',
        code: 'unsupported-schema-keyword',
        message: `schema ${s.name}: ${u} is not converted to TypeBox`,
      });
    }
    return { name: s.name, description: oneLine(typeof s.schema.description === 'string' ? s.schema.description : ''), expr };
  });
  const schemaNames = new Set(model.schemas.map((s) => s.name));
  const operations = model.operations.map(view);

  // Imports: codecs for the table, types for client and server, each grouped by module and sorted.
  const codecs = new Map<string, Set<string>>();
  const types = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, module: string, name: string) => map.set(module, (map.get(module) ?? new Set()).add(name));
  const usedSchemas = new Set<string>();
  for (const op of model.operations) {
    for (const body of [op.request, op.success.body] as Array<RequestBodyModel | ResponseBodyModel | null>) {
      if (body?.kind === 'tls') {
        add(codecs, body.tls.module, body.tls.codecIdent);
        add(types, body.tls.module, body.tls.tsType);
      } else if (body?.kind === 'json') {
        usedSchemas.add(body.schemaName);
        add(types, './schemas.ts', body.schemaName);
      }
    }
  }
  const grouped = (map: Map<string, Set<string>>) =>
    [...map].sort(([a], [b]) => moduleOrder(a).localeCompare(moduleOrder(b))).map(([module, names]) => ({ module, names: [...names].sort() }));

  const context = {
    generator: OPENAPI_GENERATOR_ID,
    source: { ...source, title: model.title },
    title: model.title,
    tlsMediaType: TLS_MEDIA_TYPE,
    directoryOperation: model.directoryOperation,
    operations,
    // Query parameter schemas are TypeBox expressions in the operation table.
    tableUsesTypeBox: model.operations.some((o) => o.queryParams.length > 0),
    bearer: model.operations.some((o) => o.auth === 'bearer'),
    encodedBodies: model.operations.some((o) => o.request?.kind === 'tls'),
    codecImports: grouped(codecs),
    typeImports: grouped(types),
    schemaNames: [...usedSchemas].filter((n) => schemaNames.has(n)).sort(),
    schemas,
  };
  const { templates: compiled } = templates();
  const files = TEMPLATES.map((t) => ({ path: `src/${t}.ts`, content: compiled.get(t)!(context) }));
  return { files, diagnostics };
}

/** Package-external modules first, then the package's own, so imports read outside-in. */
function moduleOrder(module: string): string {
  return `${module.startsWith('.') ? '1' : '0'}${module}`;
}

function view(op: OperationModel) {
  const params = op.pathParams.map((p) => `${propertyKey(p.name)}: string`);
  const paramsType = params.length ? `{ ${params.join('; ')} }` : 'Record<string, never>';
  const query = op.queryParams.map((q) => `${propertyKey(q.name)}${q.required ? '' : '?'}: ${q.type === 'integer' ? 'number' : 'string'}`);
  const queryType = query.length ? `{ ${query.join('; ')} }` : null;
  const requestType = op.request ? requestTypeOf(op.request) : null;
  const resultType = resultTypeOf(op.success.body);
  const clientParams: string[] = [];
  const clientArgs: string[] = [];
  // The client takes path and query parameters in one object (the model refuses a name in both).
  const allParams = [...params, ...query];
  let paramsArg = '{}';
  if (allParams.length) {
    const optional = op.pathParams.length === 0 && op.queryParams.every((q) => !q.required);
    clientParams.push(`params${optional ? '?' : ''}: { ${allParams.join('; ')} }`);
    clientArgs.push('params');
    paramsArg = optional ? 'params ?? {}' : 'params';
  }
  if (requestType) {
    // A TLS-PL body may also come already encoded (EncodedBody: e.g. stored FanoutMessages forwarded as they are).
    clientParams.push(`body: ${op.request?.kind === 'tls' ? `${requestType} | EncodedBody` : requestType}`);
    clientArgs.push('body');
  }
  clientParams.push('init?: MimiCallOptions');
  clientArgs.push('init');
  return {
    id: op.operationId,
    method: op.method,
    path: op.path,
    summary: op.summary || op.operationId,
    description: op.description,
    role: op.role,
    status: op.success.status,
    directoryKey: op.directoryKey,
    pathParamNames: op.pathParams.map((p) => p.name),
    errorStatuses: op.errorStatuses,
    requestLiteral: op.request ? requestLiteral(op.request) : 'null',
    queryLiteral: op.queryParams.length ? `[${op.queryParams.map(queryLiteral).join(', ')}]` : null,
    auth: op.auth,
    responseLiteral: responseLiteral(op.success.body),
    responseNote: responseNote(op.success.body),
    paramsType,
    queryType,
    requestType,
    resultType,
    clientParams: clientParams.join(', '),
    clientArgs: clientArgs.join(', '),
    paramsArg,
    bodyArg: requestType ? 'body' : 'undefined',
  };
}

function requestTypeOf(body: RequestBodyModel): string {
  if (body.kind === 'json') return body.schemaName;
  return body.sequence ? `${body.tls.tsType}[]` : body.tls.tsType;
}

function requestLiteral(body: RequestBodyModel): string {
  return body.kind === 'tls' ? tlsLiteral(body) : jsonLiteralOf(body.schemaName);
}

function jsonLiteralOf(schemaName: string): string {
  return `{ kind: "json", schemaName: ${stringLiteral(schemaName)}, schema: ${schemaName} }`;
}

function queryLiteral(q: QueryParamModel): string {
  return `{ name: ${stringLiteral(q.name)}, required: ${q.required}, type: ${stringLiteral(q.type)}, schema: ${toTypeBox(q.schema).expr} }`;
}

function resultTypeOf(body: ResponseBodyModel): string {
  switch (body.kind) {
    case 'tls':
      return body.tls.tsType;
    case 'none':
      return 'void';
    case 'binary':
      return 'Uint8Array';
    case 'json':
      return body.schemaName;
  }
}

function responseNote(body: ResponseBodyModel): string {
  switch (body.kind) {
    case 'tls':
      return `${TLS_MEDIA_TYPE} ${body.tls.name}`;
    case 'none':
      return 'no body';
    case 'binary':
      return `${body.contentType} bytes`;
    case 'json':
      return `application/json ${body.schemaName}`;
  }
}

function tlsLiteral(body: TlsBodyModel): string {
  const ctx = body.context
    ? `{ ${Object.entries(body.context)
        .map(([k, v]) => `${quotedPropertyKey(k)}: ${jsonLiteral(v)}`)
        .join(', ')} }`
    : 'undefined';
  const sequence = body.sequence ? ', sequence: true' : '';
  return `{ kind: "tls", type: ${stringLiteral(body.tls.name)}, codec: ${body.tls.codecIdent}, context: ${ctx}${sequence} }`;
}

function responseLiteral(body: ResponseBodyModel): string {
  switch (body.kind) {
    case 'tls':
      return tlsLiteral(body);
    case 'none':
      return '{ kind: "none" }';
    case 'binary':
      return `{ kind: "binary", contentType: ${stringLiteral(body.contentType)} }`;
    case 'json':
      return jsonLiteralOf(body.schemaName);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Text for one line of a comment: no way out of the comment, no line break. */
function docText(v: unknown): string {
  return blockCommentText(oneLine(String(v ?? '')));
}
