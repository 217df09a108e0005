/**
 * Shape descriptors: what a generated content package says about its CDDL rules as plain data
 * (`@mimikit/mimi-content/shapes`), for code that works on values of any rule without being
 * generated per rule: the JSON mapping (json.ts) and the annotated dump (inspect.ts). A shape is the
 * codec model the CDDL generator lowered the rule to (a positional record, a list, a map of keys
 * to values, a choice told apart by the CBOR major type, scalars with their constraints); a `ref`
 * names another rule of the same table.
 */

export type ShapeValue =
  | { kind: 'int'; value: number; big?: string }
  | { kind: 'float'; value: number }
  | { kind: 'text'; value: string }
  /** The bytes as lowercase hex. */
  | { kind: 'bytes'; hex: string };

export interface ShapeIntRange {
  min: number | bigint;
  max: number | bigint;
}

export type ContentShape =
  /** `big`: values need 64 bits. */
  | { k: 'int'; signed: boolean; ranges: ShapeIntRange[] | null; big: boolean }
  | { k: 'bstr'; min: number; max: number | null }
  | { k: 'tstr'; min: number; max: number | null }
  | { k: 'bool' }
  | { k: 'null' }
  | { k: 'float' }
  | { k: 'any'; maxSize: number | null }
  | { k: 'literal'; value: ShapeValue }
  | { k: 'ref'; name: string }
  | { k: 'choice'; options: ContentShape[] }
  | { k: 'record'; record: RecordShapeDescriptor }
  | { k: 'list'; element: ContentShape; min: number; max: number | null }
  | { k: 'table'; key: ContentShape; value: ContentShape }
  /** A map with fixed keys (`? 1: int, "kid": bstr`), optionally open to further entries (`* tstr => any`). */
  | { k: 'struct'; struct: StructShapeDescriptor }
  | { k: 'tag'; tag: number; inner: ContentShape };

export interface RecordFieldDescriptor {
  name: string;
  shape: ContentShape;
}

/** An array of named positional members, optionally ending in variants told apart by `tagField`. */
export interface RecordShapeDescriptor {
  fields: RecordFieldDescriptor[];
  variants: {
    tagField: string;
    variants: Array<{ tag: ShapeValue; fields: RecordFieldDescriptor[]; label: string }>;
  } | null;
}

/** One fixed key of a map: its property `name` in the generated type, and the key on the wire. */
export interface StructFieldDescriptor {
  name: string;
  key: ShapeValue;
  optional: boolean;
  shape: ContentShape;
}

/** The property that holds a map's entries no fixed key takes. */
export const STRUCT_REST = '$rest';

/**
 * A map with fixed keys. `rest` lists what its other entries may be (`* tstr => any`, `* int =>
 * any`, or `any => any` for a map opened by a group socket `$$name`); those entries are kept, in
 * a Map under the property STRUCT_REST. Rest keys start with different CBOR major types.
 */
export interface StructShapeDescriptor {
  fields: StructFieldDescriptor[];
  rest: Array<{ key: ContentShape; value: ContentShape }>;
}

/** Every rule of a package by name. */
export type ShapeTable = Readonly<Record<string, ContentShape>>;

/** How many `ref`s resolveShape follows before it gives up (rules referring to rules). */
const MAX_REFS = 32;

/** The shape a `ref` stands for (followed through rules that are themselves refs); null for an unknown name. */
export function resolveShape(table: ShapeTable, s: ContentShape | null): ContentShape | null {
  for (let i = 0; i < MAX_REFS && s?.k === 'ref'; i++) s = Object.hasOwn(table, s.name) ? table[s.name]! : null;
  return s;
}
