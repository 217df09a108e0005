/**
 * The codec model of a CDDL rule: what the content generator emits code for. The lowering pass
 * (passes/lower.ts) turns CDDL's general grammar into these shapes, which are the patterns a
 * straight-line CBOR codec can read without backtracking: a positional record (array with named
 * members, possibly ending in a choice of member groups told apart by a leading literal), a
 * homogeneous list, a map of keys to values, a choice told apart by the CBOR major type, scalars
 * with their constraints. Anything else is a generator diagnostic with the rule's location.
 */
import type { ContentShape, RecordFieldDescriptor, RecordShapeDescriptor, ShapeIntRange } from '@mimikit/cbor/shapes';

// One definition: the shapes the generator lowers to are the descriptors the generated package
// ships for the runtime (src/shapes.ts, typed by @mimikit/cbor/shapes), so they cannot drift apart.
export type IntRange = ShapeIntRange;
export type Shape = ContentShape;
export type RecordField = RecordFieldDescriptor;
/** An array of named positional members, optionally ending in variants. */
export type RecordShape = RecordShapeDescriptor;
