/**
 * What the pieces of the lowering (shape-lowering.ts and the helpers beside it) share: the error
 * that abandons one rule, the recursion bound, and the interface through which the group and
 * control helpers call back into the type lowering.
 */
import type { GroupRule, Provenance, Type, Type2, TypeRule, Value } from '../ir.ts';
import type { Shape } from '../shape.ts';

/** Abandons the rule being lowered; lower-rules.ts turns it into an `unsupported-cddl` diagnostic. */
export class LowerError extends Error {
  constructor(
    readonly at: Provenance,
    message: string,
  ) {
    super(message);
  }
}

/**
 * How deep lowering may recurse: nested types, plus the rules it inlines (value rules, integer
 * rules, spliced groups). The parser bounds nesting within a rule (32); the spec content nests
 * about 10 deep in all. Beyond this, a long chain of rule references is not inlined (it stays a
 * reference to the rule's own codec) and a group that contains itself through an array or map is
 * an error, instead of a stack overflow.
 */
export const MAX_LOWERING_DEPTH = 200;

/** An exact integer as a shape holds it: a number when that is exact, else a bigint. */
export const compact = (n: bigint): number | bigint => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n);
export const isCompactNumber = (n: bigint): boolean => typeof compact(n) === 'number';

export function fail(at: Provenance, message: string): never {
  throw new LowerError(at, message);
}

/** The type lowering as the helpers see it. */
export interface LowerContext {
  readonly types: ReadonlyMap<string, TypeRule>;
  readonly groups: ReadonlyMap<string, GroupRule>;
  readonly recursive: ReadonlySet<string>;
  lowerType(t: Type): Shape;
  /** The exact integer a range bound or `.size` argument stands for (a literal or a value rule). */
  intValue(t2: Type2, at: Provenance): bigint;
  /** The literal a control's argument stands for (a literal, a value rule, or a computed `.plus`/`.cat`). */
  valueOf(t2: Type2, at: Provenance): Value;
  /** Records a `.feature` the rule being lowered uses. */
  noteFeature(name: string): void;
  /** Runs one level of lowering recursion (see MAX_LOWERING_DEPTH). */
  deeper<T>(at: Provenance, lower: () => T): T;
}
