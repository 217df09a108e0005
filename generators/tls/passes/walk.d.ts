/** Traversal helpers shared by the passes and the emitter. */
import type { Field, Member, TypeRef } from '../ir.ts';
/** Every field of a member list, descending into select arms, in source order. */
export declare function allFields(members: readonly Member[]): Generator<Field>;
/** Every TypeRef reachable from a type, the type itself first. */
export declare function typeRefs(t: TypeRef): Generator<TypeRef>;
/** The named type at the core of a reference, if any (`Foo`, `Foo<V>`, `optional<Foo>`). */
export declare function coreName(t: TypeRef): string | null;
export declare function pascal(name: string): string;
//# sourceMappingURL=walk.d.ts.map