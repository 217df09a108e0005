/**
 * TypeBox building blocks for the generated content schemas: CBOR types that JSON Schema has no
 * keyword for (byte strings, maps with non-string keys, tags, UTF-8 byte-length limits).
 */
import { encodeUtf8 } from '@mimikit/bytes';
import Type, { type TSchema } from 'typebox';
import Value from 'typebox/value';
import { CborTag } from './values.ts';
import { CborWriter } from './writer.ts';

export function bytesSchema(min: number, max: number | null): TSchema {
  return Type.Refine(
    Type.Unsafe<Uint8Array>({ 'x-cbor': 'bstr', minByteLength: min, ...(max === null ? {} : { maxByteLength: max }) }),
    (v: unknown) => v instanceof Uint8Array && v.length >= min && (max === null || v.length <= max),
    () => `expected a byte string of ${max === null ? `at least ${min}` : min === max ? `${min}` : `${min} to ${max}`} bytes`,
  );
}

export function textSchema(min: number, max: number | null): TSchema {
  if (min === 0 && max === null) return Type.String();
  return Type.Refine(
    Type.String(),
    (v: string) => {
      const n = encodeUtf8(v).length;
      return n >= min && (max === null || n <= max);
    },
    () => `expected a text string of ${min} to ${max ?? '∞'} UTF-8 bytes`,
  );
}

/** A Map whose keys and values match the given schemas. */
export function mapSchema(key: TSchema, value: TSchema): TSchema {
  return Type.Refine(
    Type.Unsafe<Map<unknown, unknown>>({ 'x-cbor': 'map' }),
    (v: unknown) => v instanceof Map && [...v].every(([k, x]) => Value.Check(key, k) && Value.Check(value, x)),
    () => 'expected a Map whose keys and values match the schema',
  );
}

export function tagSchema(tag: number, inner: TSchema): TSchema {
  return Type.Refine(
    Type.Unsafe<CborTag>({ 'x-cbor': 'tag', tag }),
    (v: unknown) => v instanceof CborTag && Number(v.tag) === tag && Value.Check(inner, v.value),
    () => `expected a CborTag ${tag} holding a valid value`,
  );
}

/** `any .size (0..max)`: any encodable value whose deterministic encoding has at most max bytes. */
export function anySchema(max: number): TSchema {
  return Type.Refine(
    Type.Unknown(),
    (v: unknown) => {
      const w = new CborWriter(64);
      try {
        w.any(v);
      } catch {
        return false;
      }
      return w.p <= max;
    },
    () => `expected a value of at most ${max} encoded bytes`,
  );
}
