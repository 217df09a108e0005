/**
 * The codec model of a CDDL rule: what the content generator emits code for. The lowering pass
 * (passes/lower.ts) turns CDDL's general grammar into these shapes, which are the patterns a
 * straight-line CBOR codec can read without backtracking: a positional record (array with named
 * members, possibly ending in a choice of member groups told apart by a leading literal), a
 * homogeneous list, a map of keys to values, a choice told apart by the CBOR major type, scalars
 * with their constraints. Anything else is a generator diagnostic with the rule's location.
 */
import type { Value } from './ir.ts';
export interface IntRange {
    min: number | bigint;
    max: number | bigint;
}
export type Shape = 
/** uint / int / nint with allowed ranges (enumerations and ranges merge here); `big`: values need 64 bits. */
{
    k: 'int';
    signed: boolean;
    ranges: IntRange[] | null;
    big: boolean;
} | {
    k: 'bstr';
    min: number;
    max: number | null;
} | {
    k: 'tstr';
    min: number;
    max: number | null;
} | {
    k: 'bool';
} | {
    k: 'null';
} | {
    k: 'float';
}
/** `any`, optionally with a maximum encoded size (`any .size (0..4095)`). */
 | {
    k: 'any';
    maxSize: number | null;
} | {
    k: 'literal';
    value: Value;
}
/** A named rule with its own generated functions. */
 | {
    k: 'ref';
    name: string;
} | {
    k: 'choice';
    options: Shape[];
} | {
    k: 'record';
    record: RecordShape;
} | {
    k: 'list';
    element: Shape;
    min: number;
    max: number | null;
} | {
    k: 'table';
    key: Shape;
    value: Shape;
} | {
    k: 'tag';
    tag: number;
    inner: Shape;
};
export interface RecordField {
    name: string;
    shape: Shape;
}
/** An array of named positional members, optionally ending in variants. */
export interface RecordShape {
    fields: RecordField[];
    variants: RecordVariants | null;
}
/**
 * The trailing group choice of a record (`( NullPart // SinglePart // … )`): each variant starts
 * with the same member name holding a distinct literal (`cardinality: 0 / 1 / 2 / 3`).
 */
export interface RecordVariants {
    tagField: string;
    variants: Array<{
        tag: Value;
        fields: RecordField[];
        label: string;
    }>;
}
//# sourceMappingURL=shape.d.ts.map