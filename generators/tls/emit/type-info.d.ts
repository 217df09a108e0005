/** Facts about TypeRefs that decide which code the emitter writes for them. */
import type { TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
/** Vectors and arrays of these are byte strings (Uint8Array). */
export declare function isByte(t: TypeRef): boolean;
/** Wire size when every value of the type has the same size (integers, enums), else null. */
export declare function fixedSize(pkg: TlsPackage, t: TypeRef): number | null;
/** A short stable name for a composite type, used to name its helper functions. */
export declare function signature(t: TypeRef): string;
//# sourceMappingURL=type-info.d.ts.map