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
  /** `cbor`: the bytes hold one encoded item of that shape (`.cbor`), or a sequence of them (`.cborseq`, `seq`). */
  | { k: 'bstr'; min: number; max: number | null; cbor?: ContentShape; seq?: boolean }
  /** `pattern`: a JS RegExp source the whole string must match (`.regexp`, anchored). */
  | { k: 'tstr'; min: number; max: number | null; pattern?: string }
  /** `value`: only that one (`true`, `false`). */
  | { k: 'bool'; value?: boolean }
  | { k: 'null' }
  | { k: 'float' }
  | { k: 'any'; maxSize: number | null }
  | { k: 'literal'; value: ShapeValue }
  | { k: 'ref'; name: string }
  | { k: 'choice'; options: ContentShape[] }
  | { k: 'record'; record: RecordShapeDescriptor }
  | { k: 'list'; element: ContentShape; min: number; max: number | null }
  /** `min`: at least that many entries (`{ + K => V }`, `{ 2* K => V }`); absent: any number. */
  | { k: 'table'; key: ContentShape; value: ContentShape; min?: number }
  /** A map with fixed keys (`? 1: int, "kid": bstr`), optionally open to further entries (`* tstr => any`). */
  | { k: 'struct'; struct: StructShapeDescriptor }
  | { k: 'tag'; tag: number; inner: ContentShape }
  /** A value of `inner` that also passes `check` (the controls `.bits`, `.ne`, `.lt`… on non-integers, `.and`, `.within`). */
  | { k: 'check'; inner: ContentShape; check: ShapeCheck };

/** A control's condition on a value, beyond what its shape says (see `check` shapes). */
export type ShapeCheck =
  /** Compares with a number (`.lt 1.5`; on integers these become ranges instead). */
  | { op: 'lt' | 'le' | 'gt' | 'ge'; value: number }
  /** Not this value (`.ne "x"`). */
  | { op: 'ne'; value: ShapeValue }
  /** Only these bits set: bit numbers of an unsigned integer, or of a byte string (bit 0 = the first byte's lowest bit, RFC 8610 §3.8.2). */
  | { op: 'bits'; bits: number[] }
  /**
   * Text that is a strict RFC 9741 encoding of bytes (`text .b64u bytes`; `encoding` is the
   * control's name, see ./text-encodings.ts), of `min` to `max` (null: any) bytes.
   */
  | { op: 'text-encoding'; encoding: string; min: number; max: number | null }
  /** The same data item must also be a value of `shape` (`.and`, `.within`). */
  | { op: 'and'; shape: ContentShape };

export interface RecordFieldDescriptor {
  name: string;
  shape: ContentShape;
  /**
   * How many items of `shape` stand here (`? x`, `* x`, `1*3 x`); absent: exactly one. With a
   * `max` of 1 the member is optional (absent: undefined), otherwise it is an array. Items are
   * taken greedily, left to right, as RFC 8610 §2 prescribes.
   */
  occurrence?: { min: number; max: number | null };
  /**
   * `shape` is a record (or a choice of records of one size) whose members stand in this array in
   * place (`* (key, value)`, `+ (a // b)`), not an array of its own.
   */
  spliced?: boolean;
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
  /**
   * The key has no cut (`1 => int` beside `* int => any`, RFC 8610 §3.5.4): an entry with this key
   * whose value is not of `shape` is one of the map's other entries (under STRUCT_REST) instead.
   */
  uncut?: boolean;
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
