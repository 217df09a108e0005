/**
 * The JSON mapping of content values (docs/content.md): byte strings are lowercase hex, maps are
 * arrays of [key, value] pairs (CBOR keys need not be strings), bigints beyond 2^53 are decimal
 * strings, tags are {"tag": n, "value": v}, maps with fixed keys are objects (their other entries
 * are [key, value] pairs under "$rest"). Inside `any` (extension values) the JSON must say what
 * each item is, so there bytes are {"bytes": hex}, maps {"map": [[k, v], …]}, integral floats
 * {"float": x} and other simple values {"simple": n}. Both directions are directed by the rule's
 * shape, from the shape table a generated content package ships (`@mimikit/mimi-content/shapes`).
 */
import { fromHex, hexFromJson, JsonMappingError, MissingMembersError, toHex, type Json } from '@mimikit/bytes';
import { resolveShape, STRUCT_REST, type ContentShape as Shape, type RecordFieldDescriptor, type ShapeTable, type StructShapeDescriptor } from './shapes.ts';
import { CborFloat, CborSimple, CborTag } from './values.ts';

export { JsonMappingError, MissingMembersError, type Json };

/** A rule's shape by name; an unknown name is the caller's mistake. */
function ruleShape(table: ShapeTable, rule: string): Shape {
  if (!Object.hasOwn(table, rule)) throw new Error(`no content rule ${JSON.stringify(rule)}`);
  return table[rule]!;
}

/** The value of `rule` as JSON. */
export function contentToJson(table: ShapeTable, rule: string, v: unknown): Json {
  return toJson(table, ruleShape(table, rule), v);
}

/**
 * The value of `rule` that the JSON stands for (ready for the rule's codec, which validates it).
 * Members the rule requires that the JSON lacks are collected over the whole value and reported
 * together (MissingMembersError); a member whose type allows null may be left out (it is null).
 */
export function contentFromJson(table: ShapeTable, rule: string, j: Json): unknown {
  const missing: string[] = [];
  const value = fromJson(table, ruleShape(table, rule), j, '', missing);
  if (missing.length) throw new MissingMembersError(missing);
  return value;
}

/** How deep acceptsNull follows choices of choices (through refs, which may loop). */
const MAX_CHOICE_DEPTH = 32;

/** Whether null is a value of the shape, so that a record member of it may be left out of the JSON. */
function acceptsNull(table: ShapeTable, shape: Shape, depth = 0): boolean {
  const s = resolveShape(table, shape) ?? shape;
  if (s.k === 'null' || s.k === 'any') return true;
  return s.k === 'choice' && depth < MAX_CHOICE_DEPTH && s.options.some((o) => acceptsNull(table, o, depth + 1));
}

/** Which alternative of a choice a decoded value is. */
function pick(table: ShapeTable, options: Shape[], v: unknown): Shape | undefined {
  return options
    .map((o) => unchecked(table, o))
    .find((o) => {
      switch (o.k) {
        case 'null':
          return v === null;
        case 'int':
          return typeof v === 'number' || typeof v === 'bigint';
        case 'literal':
          return typeof v === (o.value.kind === 'text' ? 'string' : 'number');
        case 'bstr':
          return v instanceof Uint8Array;
        case 'tstr':
          return typeof v === 'string';
        case 'bool':
          return typeof v === 'boolean';
        case 'list':
          return Array.isArray(v);
        case 'table':
          return v instanceof Map;
        case 'tag':
          return v instanceof CborTag;
        case 'record':
        case 'struct':
          return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
        default:
          return true;
      }
    });
}

/** Same, for JSON input. */
function pickJson(table: ShapeTable, options: Shape[], j: Json): Shape | undefined {
  return options
    .map((o) => unchecked(table, o))
    .find((o) => {
      switch (o.k) {
        case 'null':
          return j === null;
        case 'int':
          return typeof j === 'number' || (typeof j === 'string' && /^-?\d+$/.test(j));
        case 'literal':
          return typeof j === (o.value.kind === 'text' ? 'string' : 'number');
        case 'bstr':
        case 'tstr':
          return typeof j === 'string';
        case 'bool':
          return typeof j === 'boolean';
        case 'list':
        case 'table':
          return Array.isArray(j);
        default:
          return typeof j === 'object' && j !== null && !Array.isArray(j);
      }
    });
}

/** The shape with refs followed and control checks looked through (they do not change the JSON form). */
function unchecked(table: ShapeTable, shape: Shape): Shape {
  let s = resolveShape(table, shape) ?? shape;
  for (let i = 0; i < MAX_CHOICE_DEPTH && s.k === 'check'; i++) s = resolveShape(table, s.inner) ?? s.inner;
  return s;
}

/** A record member's JSON: absent when an optional member is, an array for a repeated one. */
function fieldToJson(table: ShapeTable, f: RecordFieldDescriptor, x: unknown): Json | undefined {
  if (!f.occurrence) return toJson(table, f.shape, x);
  if (f.occurrence.max === 1) return x === undefined ? undefined : toJson(table, f.shape, x);
  return (x as unknown[]).map((e) => toJson(table, f.shape, e));
}

function toJson(table: ShapeTable, shape: Shape, v: unknown): Json {
  const s = unchecked(table, shape);
  switch (s.k) {
    case 'bstr':
      return toHex(v as Uint8Array);
    case 'int':
      return typeof v === 'bigint' ? v.toString() : (v as number);
    case 'list':
      return (v as unknown[]).map((x) => toJson(table, s.element, x));
    case 'table':
      return [...(v as Map<unknown, unknown>)].map(([k, x]) => [toJson(table, s.key, k), toJson(table, s.value, x)]);
    case 'tag':
      return { tag: Number((v as CborTag).tag), value: toJson(table, s.inner, (v as CborTag).value) };
    case 'choice':
      return toJson(table, pick(table, s.options, v) ?? { k: 'any', maxSize: null }, v);
    case 'any':
      return anyToJson(v);
    case 'struct': {
      const o: { [k: string]: Json } = {};
      const val = v as Record<string, unknown>;
      for (const f of s.struct.fields) if (val[f.name] !== undefined) o[f.name] = toJson(table, f.shape, val[f.name]);
      const rest = val[STRUCT_REST];
      if (rest instanceof Map)
        o[STRUCT_REST] = [...rest].map(([k, x]) => [toJson(table, restOf(s.struct, k).key, k), toJson(table, restOf(s.struct, k).value, x)]);
      return o;
    }
    case 'record': {
      const o: { [k: string]: Json } = {};
      const rec = s.record;
      const val = v as Record<string, unknown>;
      for (const f of rec.fields) {
        const x = fieldToJson(table, f, val[f.name]);
        if (x !== undefined) o[f.name] = x;
      }
      if (rec.variants) {
        const tag = val[rec.variants.tagField];
        o[rec.variants.tagField] = tag as Json;
        const variant = rec.variants.variants.find((x) => (x.tag.kind === 'int' ? x.tag.value === tag : x.tag.kind === 'text' && x.tag.value === tag));
        for (const f of variant?.fields ?? []) o[f.name] = toJson(table, f.shape, val[f.name]);
      }
      return o;
    }
    default:
      return v as Json;
  }
}

function fromJson(table: ShapeTable, shape: Shape, j: Json, path: string, missing: string[]): unknown {
  const s = unchecked(table, shape);
  const fail = (d: string): never => {
    throw new JsonMappingError(path, d);
  };
  switch (s.k) {
    case 'bstr':
      return hexFromJson(j, path);
    case 'int':
      if (typeof j === 'string' && /^-?\d+$/.test(j)) return BigInt(j);
      if (typeof j !== 'number') return fail('expected an integer');
      return s.big && !s.signed && s.ranges?.length === 1 && BigInt(s.ranges[0]!.max) === 2n ** 64n - 1n ? BigInt(j) : j;
    case 'list':
      if (!Array.isArray(j)) return fail('expected an array');
      return j.map((x, i) => fromJson(table, s.element, x, `${path}[${i}]`, missing));
    case 'table':
      if (!Array.isArray(j)) return fail('expected an array of [key, value] pairs');
      return new Map(
        j.map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2) return fail(`entry ${i} is not a [key, value] pair`);
          return [fromJson(table, s.key, pair[0]!, `${path}{${i}}`, missing), fromJson(table, s.value, pair[1]!, `${path}[${i}]`, missing)];
        }),
      );
    case 'tag': {
      const o = j as { tag?: number; value?: Json };
      if (typeof o !== 'object' || o === null || o.value === undefined) return fail('expected {"tag": n, "value": v}');
      return new CborTag(s.tag, fromJson(table, s.inner, o.value, path, missing));
    }
    case 'choice': {
      const o = pickJson(table, s.options, j);
      return o ? fromJson(table, o, j, path, missing) : fail('matches no alternative');
    }
    case 'any':
      return anyFromJson(j, path);
    case 'struct': {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) return fail('expected an object');
      const out: Record<string, unknown> = {};
      for (const f of s.struct.fields) {
        // Own members only, like records; every missing required member is collected, not the first.
        if (Object.hasOwn(j, f.name) && j[f.name] !== undefined) out[f.name] = fromJson(table, f.shape, j[f.name]!, `${path}.${f.name}`, missing);
        else if (!f.optional) missing.push(`${path}.${f.name}`);
      }
      const rest = j[STRUCT_REST];
      if (rest !== undefined) {
        if (!Array.isArray(rest)) return fail(`${STRUCT_REST}: expected an array of [key, value] pairs`);
        out[STRUCT_REST] = new Map(
          rest.map((pair, i) => {
            if (!Array.isArray(pair) || pair.length !== 2) return fail(`${STRUCT_REST} entry ${i} is not a [key, value] pair`);
            const r = restOfJson(s.struct, pair[0]!);
            return [
              fromJson(table, r.key, pair[0]!, `${path}.${STRUCT_REST}{${i}}`, missing),
              fromJson(table, r.value, pair[1]!, `${path}.${STRUCT_REST}[${i}]`, missing),
            ];
          }),
        );
      }
      return out;
    }
    case 'record': {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) return fail('expected an object');
      const out: Record<string, unknown> = {};
      const rec = s.record;
      // Own members only: a member named `constructor` must not find Object.prototype's.
      const member = (f: RecordFieldDescriptor): unknown => {
        if (f.occurrence && f.occurrence.max !== 1) {
          const a = Object.hasOwn(j, f.name) ? j[f.name] : [];
          if (!Array.isArray(a)) return fail(`${f.name}: expected an array`);
          return a.map((x, i) => fromJson(table, f.shape, x, `${path}.${f.name}[${i}]`, missing));
        }
        if (Object.hasOwn(j, f.name)) return fromJson(table, f.shape, j[f.name]!, `${path}.${f.name}`, missing);
        if (f.occurrence) return undefined;
        if (!acceptsNull(table, f.shape)) missing.push(`${path}.${f.name}`);
        return null;
      };
      for (const f of rec.fields) {
        const x = member(f);
        if (x !== undefined) out[f.name] = x;
      }
      if (rec.variants) {
        const { tagField } = rec.variants;
        if (!Object.hasOwn(j, tagField)) {
          // Which alternative's members are missing too cannot be told without it.
          missing.push(`${path}.${tagField}`);
          return out;
        }
        const tag = j[tagField];
        out[tagField] = tag;
        const variant = rec.variants.variants.find((x) => (x.tag.kind === 'int' || x.tag.kind === 'text') && x.tag.value === tag);
        if (!variant) return fail(`no alternative has ${tagField} = ${JSON.stringify(tag)}`);
        for (const f of variant.fields) out[f.name] = member(f);
      }
      return out;
    }
    default:
      return j;
  }
}

const ANY_ENTRY = { key: { k: 'any', maxSize: null }, value: { k: 'any', maxSize: null } } as const;

/** The computed key of a struct that takes a kept entry's key (by the key's kind; `any` last). */
function restOf(s: StructShapeDescriptor, k: unknown): StructShapeDescriptor['rest'][number] {
  const kind = typeof k === 'string' ? 'tstr' : typeof k === 'number' || typeof k === 'bigint' ? 'int' : k instanceof Uint8Array ? 'bstr' : null;
  return s.rest.find((r) => r.key.k === kind) ?? s.rest.find((r) => r.key.k === 'any') ?? ANY_ENTRY;
}

/** Same, for a key written in JSON (text keys are strings, integers numbers or decimal strings). */
function restOfJson(s: StructShapeDescriptor, j: Json): StructShapeDescriptor['rest'][number] {
  const int = s.rest.find((r) => r.key.k === 'int');
  if (typeof j === 'number' || (int && typeof j === 'string' && /^-?\d+$/.test(j))) return int ?? restOf(s, 0);
  return restOf(s, typeof j === 'string' ? '' : j);
}

function anyToJson(v: unknown): Json {
  if (v instanceof Uint8Array) return { bytes: toHex(v) };
  if (typeof v === 'bigint') return { bigint: v.toString() };
  if (v instanceof Map) return { map: [...v].map(([k, x]) => [anyToJson(k), anyToJson(x)]) };
  if (v instanceof CborTag) return { tag: Number(v.tag), value: anyToJson(v.value) };
  if (v instanceof CborFloat) return { float: v.value };
  if (v instanceof CborSimple) return { simple: v.value };
  if (v === undefined) return { simple: 23 };
  if (Array.isArray(v)) return v.map(anyToJson);
  return v as Json;
}

function anyFromJson(j: Json, path: string): unknown {
  if (Array.isArray(j)) return j.map((x, i) => anyFromJson(x, `${path}[${i}]`));
  if (j === null || typeof j !== 'object') return j;
  if (typeof j.bytes === 'string') return fromHex(j.bytes);
  if (typeof j.bigint === 'string') return BigInt(j.bigint);
  if (Array.isArray(j.map)) return new Map(j.map.map((p) => [anyFromJson((p as Json[])[0]!, path), anyFromJson((p as Json[])[1]!, path)]));
  if (typeof j.tag === 'number') return new CborTag(j.tag, anyFromJson(j.value ?? null, path));
  if (typeof j.float === 'number') return new CborFloat(j.float);
  if (typeof j.simple === 'number') return j.simple === 23 ? undefined : new CborSimple(j.simple);
  throw new JsonMappingError(path, 'an object inside `any` must be {"bytes"}, {"bigint"}, {"map"}, {"tag","value"}, {"float"} or {"simple"}');
}
