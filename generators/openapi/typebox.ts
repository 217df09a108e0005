/**
 * JSON Schema (the subset the OpenAPI descriptions use) → TypeBox expression source, e.g.
 * `{ type: object, properties: { a: { type: string } }, required: [a] }` →
 * `Type.Object({ a: Type.String() })`. Keywords it does not know are reported, not dropped silently.
 */
import { propertyKey } from '../common/generated-names.ts';
import { jsonLiteral } from '../common/generated-text.ts';
import type { JsonSchema } from './openapi-types.ts';

/** Keywords carried over as TypeBox options. */
const OPTIONS = [
  'description',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'contentEncoding',
  'default',
];
const STRUCTURE = ['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const'];

/**
 * Deepest schema nesting converted. The descriptions nest three or four levels; the bound keeps a
 * hostile description from overflowing the stack (each level is one recursive call).
 */
export const MAX_SCHEMA_DEPTH = 64;

export interface TypeBoxResult {
  expr: string;
  /** JSON pointers (relative to the schema) of keywords that were not converted. */
  unsupported: string[];
  /**
   * Schemas that cannot be converted at all, each with its JSON pointer: a `$ref` cycle (the
   * dereferenced document refers back to an enclosing schema; TypeBox output would be infinite)
   * or nesting deeper than MAX_SCHEMA_DEPTH. Each is emitted as `Type.Unknown()`.
   */
  errors: Array<{ ptr: string; code: 'recursive-schema' | 'nesting-too-deep'; message: string }>;
}

interface Walk {
  unsupported: string[];
  errors: TypeBoxResult['errors'];
  /** The schemas enclosing the one being converted. */
  ancestors: Set<JsonSchema>;
}

export function toTypeBox(schema: JsonSchema, indent = ''): TypeBoxResult {
  const walk: Walk = { unsupported: [], errors: [], ancestors: new Set() };
  const expr = convert(schema, indent, '', walk);
  return { expr, unsupported: walk.unsupported, errors: walk.errors };
}

function convert(s: JsonSchema, indent: string, ptr: string, walk: Walk): string {
  if (walk.ancestors.has(s)) {
    walk.errors.push({ ptr, code: 'recursive-schema', message: 'refers back to an enclosing schema ($ref cycle), which TypeBox output cannot express' });
    return 'Type.Unknown()';
  }
  if (walk.ancestors.size >= MAX_SCHEMA_DEPTH) {
    walk.errors.push({ ptr, code: 'nesting-too-deep', message: `schemas nested deeper than ${MAX_SCHEMA_DEPTH}` });
    return 'Type.Unknown()';
  }
  walk.ancestors.add(s);
  try {
    return convertOne(s, indent, ptr, walk);
  } finally {
    walk.ancestors.delete(s);
  }
}

function convertOne(s: JsonSchema, indent: string, ptr: string, walk: Walk): string {
  const unsupported = walk.unsupported;
  for (const k of Object.keys(s)) if (!OPTIONS.includes(k) && !STRUCTURE.includes(k)) unsupported.push(`${ptr}/${k}`);
  if (s.const !== undefined) return `Type.Literal(${jsonLiteral(s.const)}${opts(s, [])})`;
  if (Array.isArray(s.enum)) {
    return `Type.Union([${s.enum.map((v) => `Type.Literal(${jsonLiteral(v)})`).join(', ')}]${opts(s, [])})`;
  }
  const type = Array.isArray(s.type) ? null : s.type;
  switch (type) {
    case 'string':
      return `Type.String(${opts(s, [], true)})`;
    case 'integer':
      return `Type.Integer(${opts(s, [], true)})`;
    case 'number':
      return `Type.Number(${opts(s, [], true)})`;
    case 'boolean':
      return `Type.Boolean(${opts(s, [], true)})`;
    case 'null':
      return `Type.Null(${opts(s, [], true)})`;
    case 'array':
      return `Type.Array(${s.items ? convert(s.items, indent, `${ptr}/items`, walk) : 'Type.Unknown()'}${opts(s, [])})`;
    case 'object':
    case undefined: {
      if (type === undefined && !s.properties) {
        if (s.type !== undefined) unsupported.push(`${ptr}/type`);
        return `Type.Unknown(${opts(s, [], true)})`;
      }
      const inner = `${indent}  `;
      const required = new Set(s.required ?? []);
      const props = Object.entries(s.properties ?? {}).map(([name, p]) => {
        const value = convert(p, inner, `${ptr}/properties/${name}`, walk);
        return `${inner}${propertyKey(name)}: ${required.has(name) ? value : `Type.Optional(${value})`},\n`;
      });
      const extra: string[] = [];
      if (s.additionalProperties === false) extra.push('additionalProperties: false');
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        extra.push(`additionalProperties: ${convert(s.additionalProperties, inner, `${ptr}/additionalProperties`, walk)}`);
      }
      return `Type.Object({\n${props.join('')}${indent}}${opts(s, extra)})`;
    }
    default:
      unsupported.push(`${ptr}/type`);
      return 'Type.Unknown()';
  }
}

/** `, { description: "…", format: "uri" }` (or, `alone`, without the leading comma). */
function opts(s: JsonSchema, extra: string[], alone = false): string {
  const parts = OPTIONS.filter((k) => s[k] !== undefined).map((k) => `${k}: ${jsonLiteral(s[k])}`);
  parts.push(...extra);
  if (!parts.length) return '';
  return `${alone ? '' : ', '}{ ${parts.join(', ')} }`;
}
