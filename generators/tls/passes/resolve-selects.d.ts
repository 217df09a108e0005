import type { Declaration, Member, Select, TypeRef } from '../ir.ts';
import { type TlsPackage } from '../model.ts';
export declare function resolveSelects(pkg: TlsPackage): void;
export declare function selectsOf(members: readonly Member[]): Generator<Select>;
/** Follows aliases to the declaration that gives a type its wire form. */
export declare function underlying(pkg: TlsPackage, t: TypeRef): Declaration | TypeRef;
//# sourceMappingURL=resolve-selects.d.ts.map