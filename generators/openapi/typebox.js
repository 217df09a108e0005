/**
 * JSON Schema (the subset the OpenAPI descriptions use) → TypeBox expression source, e.g.
 * `{ type: object, properties: { a: { type: string } }, required: [a] }` →
 * `Type.Object({ a: Type.String() })`. Keywords it does not know are reported, not dropped silently.
 */
import { propertyKey } from "../common/generated-names.js";
import { jsonLiteral } from "../common/generated-text.js";
/** Keywords carried over as TypeBox options. */
const OPTIONS = ['description', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'contentEncoding', 'default'];
const STRUCTURE = ['type', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'const'];
/**
 * Deepest schema nesting converted. The descriptions nest three or four levels; the bound keeps a
 * hostile description from overflowing the stack (each level is one recursive call).
 */
export const MAX_SCHEMA_DEPTH = 64;
export function toTypeBox(schema, indent = '') {
    const walk = { unsupported: [], errors: [], ancestors: new Set() };
    const expr = convert(schema, indent, '', walk);
    return { expr, unsupported: walk.unsupported, errors: walk.errors };
}
function convert(s, indent, ptr, walk) {
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
    }
    finally {
        walk.ancestors.delete(s);
    }
}
function convertOne(s, indent, ptr, walk) {
    const unsupported = walk.unsupported;
    for (const k of Object.keys(s))
        if (!OPTIONS.includes(k) && !STRUCTURE.includes(k))
            unsupported.push(`${ptr}/${k}`);
    if (s.const !== undefined)
        return `Type.Literal(${jsonLiteral(s.const)}${opts(s, [])})`;
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
                if (s.type !== undefined)
                    unsupported.push(`${ptr}/type`);
                return `Type.Unknown(${opts(s, [], true)})`;
            }
            const inner = `${indent}  `;
            const required = new Set(s.required ?? []);
            const props = Object.entries(s.properties ?? {}).map(([name, p]) => {
                const value = convert(p, inner, `${ptr}/properties/${name}`, walk);
                return `${inner}${propertyKey(name)}: ${required.has(name) ? value : `Type.Optional(${value})`},\n`;
            });
            const extra = [];
            if (s.additionalProperties === false)
                extra.push('additionalProperties: false');
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
function opts(s, extra, alone = false) {
    const parts = OPTIONS.filter((k) => s[k] !== undefined).map((k) => `${k}: ${jsonLiteral(s[k])}`);
    parts.push(...extra);
    if (!parts.length)
        return '';
    return `${alone ? '' : ', '}{ ${parts.join(', ')} }`;
}
//# sourceMappingURL=typebox.js.map