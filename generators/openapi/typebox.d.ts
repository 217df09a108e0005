import type { JsonSchema } from './openapi-types.ts';
/**
 * Deepest schema nesting converted. The descriptions nest three or four levels; the bound keeps a
 * hostile description from overflowing the stack (each level is one recursive call).
 */
export declare const MAX_SCHEMA_DEPTH = 64;
export interface TypeBoxResult {
    expr: string;
    /** JSON pointers (relative to the schema) of keywords that were not converted. */
    unsupported: string[];
    /**
     * Schemas that cannot be converted at all, each with its JSON pointer: a `$ref` cycle (the
     * dereferenced document refers back to an enclosing schema; TypeBox output would be infinite)
     * or nesting deeper than MAX_SCHEMA_DEPTH. Each is emitted as `Type.Unknown()`.
     */
    errors: Array<{
        ptr: string;
        code: 'recursive-schema' | 'nesting-too-deep';
        message: string;
    }>;
}
export declare function toTypeBox(schema: JsonSchema, indent?: string): TypeBoxResult;
//# sourceMappingURL=typebox.d.ts.map