/** Traversal helpers shared by the passes and the emitter. */
import type { Field, Member, TypeRef } from '../ir.ts';

/** Every field of a member list, descending into select arms, in source order. */
export function* allFields(members: readonly Member[]): Generator<Field> {
  for (const m of members) {
    if (m.kind === 'field') yield m;
    else for (const arm of m.arms) yield* allFields(arm.members);
  }
}

/** Every TypeRef reachable from a type, the type itself first. */
export function* typeRefs(t: TypeRef): Generator<TypeRef> {
  yield t;
  if (t.kind === 'vector' || t.kind === 'array' || t.kind === 'optional') yield* typeRefs(t.element);
  else if (t.kind === 'struct') for (const f of allFields(t.members)) yield* typeRefs(f.type);
}

/** The named type at the core of a reference, if any (`Foo`, `Foo<V>`, `optional<Foo>`). */
export function coreName(t: TypeRef): string | null {
  if (t.kind === 'named') return t.name;
  if (t.kind === 'vector' || t.kind === 'array' || t.kind === 'optional') return coreName(t.element);
  return null;
}
