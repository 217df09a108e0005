/**
 * Type descriptors: what a generated package says about its types as plain data, for the code that
 * works on values of any type without being generated per type: the JSON mapping (json.ts), the
 * annotated dump (inspect.ts), and the generator when a custom spec imports the package's types.
 *
 * A descriptor is the package's resolved IR (docs/ir.md) without provenance and definition text:
 * inline structs are already hoisted to named types, so a type reference is a wire primitive, a
 * vector, array or optional of one, or the name of a declaration. The generator emits one
 * `descriptors` constant per package (`@mimikit/<package>/descriptors`); nothing here reads spec/.
 */

export type TypeDescriptor =
  | { kind: 'uint'; bits: 8 | 16 | 32 | 64 }
  /** One uninterpreted byte (vectors and arrays of it are byte strings). */
  | { kind: 'opaque' }
  | { kind: 'named'; name: string }
  | { kind: 'vector'; element: TypeDescriptor; length: LengthDescriptor }
  /** Exactly byteLength bytes on the wire. */
  | { kind: 'array'; element: TypeDescriptor; byteLength: number }
  | { kind: 'optional'; element: TypeDescriptor }
  /** Zero bytes up to the end of the input. */
  | { kind: 'padding' };

export type LengthDescriptor = { kind: 'varint' } | { kind: 'fixed'; width: 1 | 2 | 3 | 4; min: number; max: number };

export type MemberDescriptor = FieldDescriptor | SelectDescriptor;

export interface FieldDescriptor {
  kind: 'field';
  name: string;
  type: TypeDescriptor;
  fixedValue?: string | number;
  anonymous?: boolean;
}

export interface SelectDescriptor {
  kind: 'select';
  /** The discriminator as the draft writes it, split on dots. */
  discriminator: string[];
  arms: Array<{ cases: Array<string | number>; isDefault: boolean; members: MemberDescriptor[] }>;
}

export type DeclarationDescriptor =
  | { kind: 'struct'; name: string; members: MemberDescriptor[] }
  | { kind: 'enum'; name: string; width: 1 | 2 | 4; max: number; open: boolean; values: Array<{ name: string; value: number }> }
  | { kind: 'alias'; name: string; declares: 'type' | 'value'; type: TypeDescriptor };

/** One spec (draft) of a package: where it came from and its declarations in source order. */
export interface SpecDescriptor {
  name: string;
  draft: string;
  version: string;
  /** sha256 of the .tls file the package was generated from. */
  sha256: string;
  declarations: DeclarationDescriptor[];
}

/** A generated package: its specs, and the packages whose types it uses. */
export interface PackageDescriptor {
  /** Package name: `mls` for @mimikit/mls. */
  name: string;
  specs: SpecDescriptor[];
  imports: PackageDescriptor[];
}

const tables = new WeakMap<PackageDescriptor, Map<string, DeclarationDescriptor>>();

/**
 * The declaration a type name means in `pkg`: its own declarations first, then those of the
 * packages it imports (a package's own name shadows an imported one, as in the generator).
 */
export function findDeclaration(pkg: PackageDescriptor, name: string): DeclarationDescriptor | undefined {
  let table = tables.get(pkg);
  if (!table) {
    table = new Map();
    for (const spec of pkg.specs) for (const d of spec.declarations) if (!table.has(d.name)) table.set(d.name, d);
    tables.set(pkg, table);
  }
  const own = table.get(name);
  if (own) return own;
  for (const imp of pkg.imports) {
    const found = findDeclaration(imp, name);
    if (found) return found;
  }
  return undefined;
}

/** Vectors and arrays of these are byte strings (Uint8Array). */
export function isByteType(t: TypeDescriptor): boolean {
  return t.kind === 'opaque' || (t.kind === 'uint' && t.bits === 8);
}

/** Every field of a member list, including those inside select arms, in order. */
export function* fieldsOf(members: readonly MemberDescriptor[]): Generator<FieldDescriptor> {
  for (const m of members) {
    if (m.kind === 'field') yield m;
    else for (const arm of m.arms) yield* fieldsOf(arm.members);
  }
}
