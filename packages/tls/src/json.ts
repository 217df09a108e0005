/**
 * The JSON mapping of TLS-PL values (docs/json-mapping.md). Decoded values are already almost JSON:
 * enums are names, selects are inline fields, vectors are arrays, optionals are null or the value.
 * Only two things differ: uint64 (bigint in TypeScript) is a decimal string, and byte strings
 * (Uint8Array: opaque and uint8 vectors and arrays) are lowercase hex. Going to JSON needs no types;
 * coming back from JSON is directed by the package's type descriptors (descriptors.ts), so that a
 * hex string becomes bytes only where the type says bytes.
 */
import { fieldsOf, findDeclaration, isByteType, type FieldDescriptor, type PackageDescriptor, type TypeDescriptor } from './descriptors.ts';
import { hexFromJson, JsonMappingError, toHex, type Json } from '@mimikit/bytes';

export { JsonMappingError, type Json };

export function toJson(value: unknown): Json {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString(10);
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[k] = toJson(v);
    return out;
  }
  return value as Json;
}

/** Converts JSON to the TypeScript value of the type `typeName` of `pkg` (ready for its codec). */
export function fromJson(pkg: PackageDescriptor, typeName: string, json: Json): unknown {
  return convert(pkg, { kind: 'named', name: typeName }, json, typeName);
}

function convert(pkg: PackageDescriptor, t: TypeDescriptor, json: Json, path: string): unknown {
  switch (t.kind) {
    case 'uint':
      if (t.bits === 64) {
        if (typeof json === 'string' && /^\d+$/.test(json)) return BigInt(json);
        if (typeof json === 'number' && Number.isSafeInteger(json) && json >= 0) return BigInt(json);
        throw new JsonMappingError(path, 'expected a uint64 as a decimal string');
      }
      return json;
    case 'opaque':
    case 'padding':
      return json;
    case 'optional':
      return json === null ? null : convert(pkg, t.element, json, path);
    case 'vector':
    case 'array':
      if (isByteType(t.element)) return hexFromJson(json, path);
      if (!Array.isArray(json)) throw new JsonMappingError(path, 'expected an array');
      return json.map((e, i) => convert(pkg, t.element, e, `${path}[${i}]`));
    case 'named': {
      const decl = findDeclaration(pkg, t.name);
      if (!decl) throw new JsonMappingError(path, `unknown type ${t.name}`);
      if (decl.kind === 'enum') return json;
      if (decl.kind === 'alias') return convert(pkg, decl.type, json, path);
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new JsonMappingError(path, `expected an object for ${t.name}`);
      const fields = new Map<string, FieldDescriptor>();
      for (const f of fieldsOf(decl.members)) if (!fields.has(f.name)) fields.set(f.name, f);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(json)) {
        const f = fields.get(k);
        if (!f) throw new JsonMappingError(`${path}.${k}`, `${t.name} has no field '${k}'`);
        out[k] = convert(pkg, f.type, v, `${path}.${k}`);
      }
      return out;
    }
  }
}
