/**
 * The endpoint table of docs/transport.md, generated from the OpenAPI document: one row per
 * operation with its method, path, role, TLS request type, success responses and directory key.
 * docs/transport.md keeps a copy between `<!-- endpoint-table:start -->` and
 * `<!-- endpoint-table:end -->`, which `npm run generate` rewrites and `npm run generate -- --check`
 * verifies (generators/derived.ts).
 */
import { operationFacts, resolveRef } from '../lint/openapi-lint.ts';

export const TABLE_START = '<!-- endpoint-table:start -->';
export const TABLE_END = '<!-- endpoint-table:end -->';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
export const code = (s: string): string => `\`${s}\``;

/** The component name a `$ref` schema points at, e.g. `Directory`. */
export function schemaName(schema: unknown): string | undefined {
  if (typeof schema === 'object' && schema !== null && typeof (schema as { $ref?: unknown }).$ref === 'string') {
    const ref = (schema as { $ref: string }).$ref;
    return ref.slice(ref.lastIndexOf('/') + 1);
  }
  return undefined;
}

/** A Markdown table of the operations of an OpenAPI document (as parsed, `$ref`s not resolved). */
export function endpointTable(yamlObject: unknown): string {
  const rows: string[][] = [];
  for (const op of operationFacts(yamlObject)) {
    const tls = op.request.find((m) => m.tlsType !== undefined);
    let request = '—';
    if (tls?.tlsType) {
      const ctx = Object.entries(tls.tlsContext ?? {}).map(([k, v]) => `${k}: ${String(v)}`);
      request = code(tls.tlsType) + (ctx.length ? ` (${ctx.join(', ')})` : '');
    } else if (op.request[0]) {
      request = op.request[0].mediaType;
    }
    const responses = op.responses
      .filter((r) => /^2\d\d$/.test(r.status))
      .map((r) => {
        const m = r.media[0];
        if (!m) return `${r.status} (no body)`;
        if (m.tlsType) return `${r.status} ${code(m.tlsType)}`;
        const paths = (yamlObject as { paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>> }).paths;
        const resp = resolveRef(yamlObject, paths?.[op.path]?.[op.method]?.responses?.[r.status]) as
          | { content?: Record<string, { schema?: unknown }> }
          | undefined;
        const name = schemaName(resp?.content?.[m.mediaType]?.schema);
        return `${r.status} ${name ? `${code(name)} ` : ''}(${m.mediaType})`;
      });
    rows.push([
      code(op.operationId ?? '?'),
      op.method.toUpperCase(),
      code(op.path),
      typeof op.role === 'string' ? op.role : '?',
      request,
      responses.join('<br>') || '—',
      op.directoryKey ? code(op.directoryKey) : '—',
    ]);
  }
  return markdownTable(['operation', 'method', 'path', 'role', 'request (TLS type)', 'response (status + type)', 'directory key'], rows);
}

/** A Markdown table: the header row, the separator, one line per row (cells escaped). */
export function markdownTable(head: readonly string[], rows: readonly string[][]): string {
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)];
  return `${lines.join('\n')}\n`;
}

/** The table between the markers of a Markdown text, or undefined when the markers are missing. */
export function readEndpointTable(markdown: string): string | undefined {
  const a = markdown.indexOf(TABLE_START);
  const b = markdown.indexOf(TABLE_END);
  if (a < 0 || b < a) return undefined;
  return markdown
    .slice(a + TABLE_START.length, b)
    .replace(/^\n+/, '')
    .replace(/\n+$/, '\n');
}

/** The Markdown text with the table between the markers replaced. */
export function replaceEndpointTable(markdown: string, table: string): string {
  const a = markdown.indexOf(TABLE_START);
  const b = markdown.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error(`the markers ${TABLE_START} … ${TABLE_END} are missing`);
  return `${markdown.slice(0, a + TABLE_START.length)}\n\n${table}\n${markdown.slice(b)}`;
}
