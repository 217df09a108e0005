/**
 * The operation table of docs/provider-client.md, generated from spec/openapi/provider-client.yaml
 * (a JSON API, so other columns than docs/transport.md's endpoint table): method, path, whether
 * it needs the bearer token, its query parameters, the JSON request schema and the success
 * response. Kept between the same markers as the endpoint table (endpoint-table.ts) and rewritten
 * by `npm run generate` (generators/derived.ts).
 */
import { operationFacts, resolveRef } from '../lint/openapi-lint.ts';
import { code, markdownTable, schemaName } from './endpoint-table.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A Markdown table of the operations of a JSON API description (as parsed, `$ref`s not resolved). */
export function clientApiTable(yamlObject: unknown): string {
  const doc = isObj(yamlObject) ? yamlObject : {};
  const paths = isObj(doc.paths) ? doc.paths : {};
  const rows: string[][] = [];
  for (const fact of operationFacts(doc)) {
    const item = isObj(paths[fact.path]) ? (paths[fact.path] as Obj) : {};
    const op = isObj(item[fact.method]) ? (item[fact.method] as Obj) : {};
    const security = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
    const token = security.length > 0 && security.every((s) => isObj(s) && Object.keys(s).length > 0) ? 'yes' : 'no';
    const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(Array.isArray(op.parameters) ? op.parameters : [])]
      .map((p) => resolveRef(doc, p))
      .filter((p): p is Obj => isObj(p) && p.in === 'query')
      .map((p) => `${code(String(p.name))}${p.required === true ? '' : '?'}`);
    const body = resolveRef(doc, op.requestBody);
    const json = isObj(body) && isObj(body.content) ? (body.content as Obj)['application/json'] : undefined;
    const request = isObj(json) ? schemaName(json.schema) : undefined;
    const responses = fact.responses
      .filter((r) => /^2\d\d$/.test(r.status))
      .map((r) => {
        const m = r.media[0];
        if (!m) return `${r.status} (no body)`;
        const resp = resolveRef(doc, (op.responses as Obj | undefined)?.[r.status]) as { content?: Record<string, { schema?: unknown }> } | undefined;
        const name = schemaName(resp?.content?.[m.mediaType]?.schema);
        return name ? `${r.status} ${code(name)}` : `${r.status} ${m.mediaType}`;
      });
    rows.push([
      code(fact.operationId ?? '?'),
      fact.method.toUpperCase(),
      code(fact.path),
      token,
      params.join(', ') || '—',
      request ? code(request) : '—',
      responses.join('<br>') || '—',
    ]);
  }
  return markdownTable(['operation', 'method', 'path', 'token', 'query', 'request (JSON schema)', 'response (status + schema)'], rows);
}
