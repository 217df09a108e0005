/**
 * One version's TLS-PL declarations as the differ sees them (tls-diff.ts): indexed by name, with
 * the inline structs that compile hoisted set apart, and reduced to a structural *shape*: what a
 * declaration means, as a canonical string without its name, text or provenance.
 *
 * Equal shapes under different names are a rename (same bytes, new generated name), not a removal
 * and an addition; equal wire shapes under different case labels are a renumbered select arm.
 *
 * Inline structs: compile turns `struct { … } x;` inside `Parent` into a declaration `Parent_x`
 * (generators/tls/passes/hoist-inline-structs.ts). Shapes and references expand them back in
 * place, so renaming `Parent` does not make `Parent_x` look removed and `NewParent_x` added.
 */
import type { SourceLocation } from './model.ts';
import type { Declaration, Member, Select, StructDecl, TypeRef } from '../tls/ir.ts';
import type { SpecSet } from './spec-set.ts';
export interface TlsSide {
    /** Own declarations of every package, by name, in source order (first of duplicates), hoisted inline structs left out. */
    decls: Map<string, Declaration>;
    /** Inline structs hoisted by compile (own and imported), by their generated name. */
    hoisted: Map<string, StructDecl>;
    /** Every declaration visible in any package of this version, own or imported (first of duplicates). */
    symbols: Map<string, Declaration>;
    /** Definitions of this version that did not parse (SpecSet.unparsed). */
    unparsed: ReadonlyMap<string, SourceLocation>;
}
export declare function isHoisted(d: Declaration): d is StructDecl;
export declare function indexSide(set: SpecSet): TlsSide;
/** Maps a type name of one version to the name it is compared under (old names → new names of renamed types). */
export type TypeNameMap = (name: string) => string;
export declare const SAME_NAME: TypeNameMap;
export interface ShapeOptions {
    /** Whether field and enum value names count: they do for a renamed type, not for the bytes of a select arm. */
    names: boolean;
    typeName: TypeNameMap;
}
export declare function declShape(side: TlsSide, d: Declaration, o: ShapeOptions): string;
export declare function membersShape(side: TlsSide, members: readonly Member[], o: ShapeOptions, expanding?: ReadonlySet<string>): string;
export declare function typeShape(side: TlsSide, t: TypeRef, o: ShapeOptions, expanding?: ReadonlySet<string>): string;
/**
 * What a select switches on, independent of how it was written: the resolved field path for a
 * field of the struct (`Sender.sender_type` and `sender_type` are the same), else the path as
 * written with its leading type name mapped (a context value of a renamed type is the same value).
 */
export declare function discriminatorLabel(sel: Select, typeName?: TypeNameMap): string;
/** Names of the declarations a declaration refers to directly, looking through its inline structs; sorted. */
export declare function namedRefs(side: TlsSide, d: Declaration): string[];
//# sourceMappingURL=tls-shape.d.ts.map