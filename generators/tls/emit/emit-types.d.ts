/**
 * TypeScript types for IR declarations. Selects on one of the struct's own enum fields become a
 * discriminated union (narrowing on `sender_type` gives `leaf_index`); fields of selects whose
 * discriminator lives elsewhere (nested paths, context values) become optional properties.
 */
import type { StructDecl, TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
type RefName = (declName: string) => string;
export declare function tsTypeRef(t: TypeRef, ref: RefName): string;
export declare function emitTypeOf(pkg: TlsPackage, d: StructDecl, ref: RefName): string;
export {};
//# sourceMappingURL=emit-types.d.ts.map