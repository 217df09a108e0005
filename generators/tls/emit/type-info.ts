/** Facts about TypeRefs that decide which code the emitter writes for them. */
import type { TypeRef } from '../ir.ts';
import type { TlsPackage } from '../model.ts';
import { underlying } from '../passes/resolve-selects.ts';

/** Vectors and arrays of these are byte strings (Uint8Array). */
export function isByte(t: TypeRef): boolean {
  return t.kind === 'opaque' || (t.kind === 'uint' && t.bits === 8);
}

/** Wire size when every value of the type has the same size (integers, enums), else null. */
export function fixedSize(pkg: TlsPackage, t: TypeRef): number | null {
  switch (t.kind) {
    case 'uint':
      return t.bits / 8;
    case 'opaque':
      return 1;
    case 'array':
      return t.byteLength;
    case 'named': {
      const u = underlying(pkg, t);
      if ('kind' in u && u.kind === 'enum' && 'width' in u) return u.width;
      if ('kind' in u && (u.kind === 'uint' || u.kind === 'opaque' || u.kind === 'array')) return fixedSize(pkg, u as TypeRef);
      return null;
    }
    default:
      return null;
  }
}

/** A short stable name for a composite type, used to name its helper functions. */
export function signature(t: TypeRef): string {
  switch (t.kind) {
    case 'uint':
      return `u${t.bits}`;
    case 'opaque':
      return 'opaque';
    case 'named':
      return t.name;
    case 'padding':
      return 'padding';
    case 'struct':
      return 'struct';
    case 'optional':
      return `opt_${signature(t.element)}`;
    case 'array':
      return `arr${t.byteLength}_${signature(t.element)}`;
    case 'vector':
      return t.length.kind === 'varint' ? `vec_${signature(t.element)}` : `vec${t.length.min}_${t.length.max}_${signature(t.element)}`;
  }
}
