/**
 * The JSON mapping of content values (docs/content.md): byte strings are lowercase hex, maps are
 * arrays of [key, value] pairs (CBOR keys need not be strings), bigints beyond 2^53 are decimal
 * strings, tags are {"tag": n, "value": v}. Inside `any` (extension values) the JSON must say what
 * each item is, so there bytes are {"bytes": hex}, maps {"map": [[k, v], …]}, integral floats
 * {"float": x} and other simple values {"simple": n}. Both directions are directed by the rule's
 * shape.
 */
import { CborFloat, CborSimple, CborTag } from '@mimikit/cbor';
import { fromHex, toHex } from '@mimikit/tls';
import type { Shape } from '@mimikit/generators';
import { contentRules } from './shapes.ts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ContentJsonError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path || '(value)'}: ${detail}`);
  }
}

function resolve(s: Shape): Shape {
  for (let i = 0; i < 32 && s.k === 'ref'; i++) {
    const r = contentRules().get(s.name);
    if (!r) break;
    s = r.shape;
  }
  return s;
}

/** Which alternative of a choice a decoded value is. */
function pick(options: Shape[], v: unknown): Shape | undefined {
  return options.map(resolve).find((o) => {
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
        return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map);
      default:
        return true;
    }
  });
}

/** Same, for JSON input. */
function pickJson(options: Shape[], j: Json): Shape | undefined {
  return options.map(resolve).find((o) => {
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

export function contentToJson(shape: Shape, v: unknown): Json {
  const s = resolve(shape);
  switch (s.k) {
    case 'bstr':
      return toHex(v as Uint8Array);
    case 'int':
      return typeof v === 'bigint' ? v.toString() : (v as number);
    case 'list':
      return (v as unknown[]).map((x) => contentToJson(s.element, x));
    case 'table':
      return [...(v as Map<unknown, unknown>)].map(([k, x]) => [contentToJson(s.key, k), contentToJson(s.value, x)]);
    case 'tag':
      return { tag: Number((v as CborTag).tag), value: contentToJson(s.inner, (v as CborTag).value) };
    case 'choice':
      return contentToJson(pick(s.options, v) ?? { k: 'any', maxSize: null }, v);
    case 'any':
      return anyToJson(v);
    case 'record': {
      const o: { [k: string]: Json } = {};
      const rec = s.record;
      const val = v as Record<string, unknown>;
      for (const f of rec.fields) o[f.name] = contentToJson(f.shape, val[f.name]);
      if (rec.variants) {
        const tag = val[rec.variants.tagField];
        o[rec.variants.tagField] = tag as Json;
        const variant = rec.variants.variants.find((x) => x.tag.kind === 'int' ? x.tag.value === tag : x.tag.kind === 'text' && x.tag.value === tag);
        for (const f of variant?.fields ?? []) o[f.name] = contentToJson(f.shape, val[f.name]);
      }
      return o;
    }
    default:
      return v as Json;
  }
}

export function contentFromJson(shape: Shape, j: Json, path = ''): unknown {
  const s = resolve(shape);
  const fail = (d: string): never => {
    throw new ContentJsonError(path, d);
  };
  switch (s.k) {
    case 'bstr':
      if (typeof j !== 'string') return fail('expected a hex string');
      try {
        return fromHex(j);
      } catch (e) {
        return fail((e as Error).message);
      }
    case 'int':
      if (typeof j === 'string' && /^-?\d+$/.test(j)) return BigInt(j);
      if (typeof j !== 'number') return fail('expected an integer');
      return s.big && !s.signed && s.ranges?.length === 1 && BigInt(s.ranges[0]!.max) === 2n ** 64n - 1n ? BigInt(j) : j;
    case 'list':
      if (!Array.isArray(j)) return fail('expected an array');
      return j.map((x, i) => contentFromJson(s.element, x, `${path}[${i}]`));
    case 'table':
      if (!Array.isArray(j)) return fail('expected an array of [key, value] pairs');
      return new Map(
        j.map((pair, i) => {
          if (!Array.isArray(pair) || pair.length !== 2) return fail(`entry ${i} is not a [key, value] pair`);
          return [contentFromJson(s.key, pair[0]!, `${path}{${i}}`), contentFromJson(s.value, pair[1]!, `${path}[${i}]`)];
        }),
      );
    case 'tag': {
      const o = j as { tag?: number; value?: Json };
      if (typeof o !== 'object' || o === null || o.value === undefined) return fail('expected {"tag": n, "value": v}');
      return new CborTag(s.tag, contentFromJson(s.inner, o.value, path));
    }
    case 'choice': {
      const o = pickJson(s.options, j);
      return o ? contentFromJson(o, j, path) : fail('matches no alternative');
    }
    case 'any':
      return anyFromJson(j, path);
    case 'record': {
      if (typeof j !== 'object' || j === null || Array.isArray(j)) return fail('expected an object');
      const out: Record<string, unknown> = {};
      const rec = s.record;
      for (const f of rec.fields) out[f.name] = contentFromJson(f.shape, j[f.name] ?? null, `${path}.${f.name}`);
      if (rec.variants) {
        const tag = j[rec.variants.tagField];
        out[rec.variants.tagField] = tag;
        const variant = rec.variants.variants.find((x) => (x.tag.kind === 'int' || x.tag.kind === 'text') && x.tag.value === tag);
        if (!variant) return fail(`no alternative has ${rec.variants.tagField} = ${JSON.stringify(tag)}`);
        for (const f of variant.fields) out[f.name] = contentFromJson(f.shape, j[f.name] ?? null, `${path}.${f.name}`);
      }
      return out;
    }
    default:
      return j;
  }
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
  throw new ContentJsonError(path, 'an object inside `any` must be {"bytes"}, {"bigint"}, {"map"}, {"tag","value"}, {"float"} or {"simple"}');
}
