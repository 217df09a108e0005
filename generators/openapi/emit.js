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
import { assertName, propertyKey, quotedPropertyKey } from "../common/generated-names.js";
import { blockCommentText, jsonLiteral, stringLiteral } from "../common/generated-text.js";
import { SCHEMA_MODULE_NAMES, TLS_MEDIA_TYPE } from "./model.js";
import { toTypeBox } from "./typebox.js";
export const OPENAPI_GENERATOR_ID = 'mimikit generators/openapi 0.1';
const TEMPLATES = ['operations', 'client', 'server', 'schemas'];
let engine = null;
function templates() {
    if (engine)
        return engine;
    const hbs = Handlebars.create();
    const read = (name) => readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');
    hbs.registerPartial('header', read('header.hbs'));
    hbs.registerHelper('doc', (v) => docText(v));
    hbs.registerHelper('json', (v) => jsonLiteral(v ?? null));
    hbs.registerHelper('key', (v) => propertyKey(String(v)));
    hbs.registerHelper('ident', (v) => assertName(String(v), 'declaration', SCHEMA_MODULE_NAMES));
    hbs.registerHelper('join', (v) => (Array.isArray(v) ? v.join(', ') : ''));
    hbs.registerHelper('jsonEach', (v) => (Array.isArray(v) ? v.map((x) => jsonLiteral(x)) : []));
    const compiled = new Map();
    for (const t of TEMPLATES)
        compiled.set(t, hbs.compile(read(`${t}.ts.hbs`), { noEscape: true, strict: true }));
    engine = { hbs, templates: compiled };
    return engine;
}
export function renderApi(model, source) {
    const diagnostics = [];
    const schemas = model.schemas.map((s) => {
        // Schemas toTypeBox cannot convert (errors) were reported, located, by buildModel.
        const { expr, unsupported } = toTypeBox(s.schema);
        for (const u of unsupported) {
            diagnostics.push({ file: source.file, line: 1, col: 1, severity: 'warning', code: 'unsupported-schema-keyword', message: `schema ${s.name}: ${u} is not converted to TypeBox` });
        }
        return { name: s.name, description: oneLine(typeof s.schema.description === 'string' ? s.schema.description : ''), expr };
    });
    const schemaNames = new Set(model.schemas.map((s) => s.name));
    const operations = model.operations.map(view);
    // Imports: codecs for the table, types for client and server, each grouped by module and sorted.
    const codecs = new Map();
    const types = new Map();
    const add = (map, module, name) => map.set(module, (map.get(module) ?? new Set()).add(name));
    const usedSchemas = new Set();
    for (const op of model.operations) {
        for (const body of [op.request, op.success.body]) {
            if (body?.kind === 'tls') {
                add(codecs, body.tls.module, body.tls.codecIdent);
                add(types, body.tls.module, body.tls.tsType);
            }
            else if (body?.kind === 'json') {
                usedSchemas.add(body.schemaName);
                add(types, './schemas.ts', body.schemaName);
            }
        }
    }
    const grouped = (map) => [...map].sort(([a], [b]) => moduleOrder(a).localeCompare(moduleOrder(b))).map(([module, names]) => ({ module, names: [...names].sort() }));
    const context = {
        generator: OPENAPI_GENERATOR_ID,
        source: { ...source, title: model.title },
        title: model.title,
        tlsMediaType: TLS_MEDIA_TYPE,
        directoryOperation: model.directoryOperation,
        operations,
        codecImports: grouped(codecs),
        typeImports: grouped(types),
        schemaNames: [...usedSchemas].filter((n) => schemaNames.has(n)).sort(),
        schemas,
    };
    const { templates: compiled } = templates();
    const files = TEMPLATES.map((t) => ({ path: `src/${t}.ts`, content: compiled.get(t)(context) }));
    return { files, diagnostics };
}
/** Package-external modules first, then the package's own, so imports read outside-in. */
function moduleOrder(module) {
    return `${module.startsWith('.') ? '1' : '0'}${module}`;
}
function view(op) {
    const params = op.pathParams.map((p) => `${propertyKey(p.name)}: string`);
    const paramsType = params.length ? `{ ${params.join('; ')} }` : 'Record<string, never>';
    const requestType = op.request?.tls.tsType ?? null;
    const resultType = resultTypeOf(op.success.body);
    const clientParams = [];
    const clientArgs = [];
    if (op.pathParams.length) {
        clientParams.push(`params: ${paramsType}`);
        clientArgs.push('params');
    }
    if (requestType) {
        clientParams.push(`body: ${requestType}`);
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
        requestLiteral: op.request ? tlsLiteral(op.request) : 'null',
        responseLiteral: responseLiteral(op.success.body),
        responseNote: responseNote(op.success.body),
        paramsType,
        requestType,
        resultType,
        clientParams: clientParams.join(', '),
        clientArgs: clientArgs.join(', '),
        paramsArg: op.pathParams.length ? 'params' : '{}',
        bodyArg: requestType ? 'body' : 'undefined',
    };
}
function resultTypeOf(body) {
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
function responseNote(body) {
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
function tlsLiteral(body) {
    const ctx = body.context ? `{ ${Object.entries(body.context).map(([k, v]) => `${quotedPropertyKey(k)}: ${jsonLiteral(v)}`).join(', ')} }` : 'undefined';
    return `{ kind: "tls", type: ${stringLiteral(body.tls.name)}, codec: ${body.tls.codecIdent}, context: ${ctx} }`;
}
function responseLiteral(body) {
    switch (body.kind) {
        case 'tls':
            return tlsLiteral(body);
        case 'none':
            return '{ kind: "none" }';
        case 'binary':
            return `{ kind: "binary", contentType: ${stringLiteral(body.contentType)} }`;
        case 'json':
            return `{ kind: "json", schemaName: ${stringLiteral(body.schemaName)}, schema: ${body.schemaName} }`;
    }
}
function oneLine(s) {
    return s.replace(/\s+/g, ' ').trim();
}
/** Text for one line of a comment: no way out of the comment, no line break. */
function docText(v) {
    return blockCommentText(oneLine(String(v ?? '')));
}
//# sourceMappingURL=emit.js.map