/**
 * Where a TLS input keeps its `<V>` lengths, found by watching a clean decode (every varint the
 * Reader reads), and the edits that use them: set one length to a boundary value, or replace a
 * vector's content with a run of tiny elements while every enclosing `<V>` length is rewritten to
 * match, so that the result still decodes and costs what the run costs.
 *
 * Only varint lengths are tracked (every length in the built-in packages is one); a vector inside
 * a fixed-width `<0..2^16-1>` length would need that length rewritten too and is left alone.
 */
import { Reader, type Codec } from '@mimikit/tls';
import { concat, repeat } from './mutate-bytes.ts';

export interface VarintField {
  /** Offset of the varint's first byte. */
  at: number;
  /** 1, 2 or 4. */
  size: number;
  value: number;
}

/** Varints read by a decode of `data` (as far as it gets), in reading order. */
export function recordVarints(codec: Codec<unknown>, data: Uint8Array, context?: Record<string, string>): VarintField[] {
  const proto = Reader.prototype as unknown as { varint: (this: Reader) => number };
  const original = proto.varint;
  const seen: VarintField[] = [];
  proto.varint = function (this: Reader) {
    const at = this.p;
    const value = original.call(this);
    seen.push({ at, size: this.p - at, value });
    return value;
  };
  try {
    codec.decode(data, context ? { context } : {});
  } catch {
    // A seed that does not decode fully still has the lengths read before the error.
  } finally {
    proto.varint = original;
  }
  return seen;
}

/** RFC 9420 §2.1.2 minimal varint; undefined past 2^30 - 1. */
export function encodeVarint(n: number): Uint8Array | undefined {
  if (n < 0x40) return Uint8Array.of(n);
  if (n < 0x4000) return Uint8Array.of(0x40 | (n >> 8), n & 0xff);
  if (n < 0x4000_0000) return Uint8Array.of(0x80 | (n >>> 24), (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  return undefined;
}

const contentEnd = (f: VarintField) => f.at + f.size + f.value;

/**
 * `data` with the content of the vector whose length is `fields[index]` replaced by `content`,
 * and every enclosing `<V>` length grown to match. Undefined if a length would not fit a varint.
 */
export function replaceVectorContent(data: Uint8Array, fields: readonly VarintField[], index: number, content: Uint8Array): Uint8Array | undefined {
  const target = fields[index];
  if (!target || contentEnd(target) > data.length) return undefined;
  const head = encodeVarint(content.length);
  if (!head) return undefined;
  let out = concat(data.subarray(0, target.at), head, content, data.subarray(contentEnd(target)));
  let growth = out.length - data.length;
  // Enclosing lengths, innermost first: each starts before every edit made so far, so its offset
  // is still valid, and its content grew by everything edited inside it.
  const enclosing = fields.filter((f) => f.at < target.at && contentEnd(f) >= contentEnd(target) && contentEnd(f) <= data.length).sort((a, b) => b.at - a.at);
  for (const f of enclosing) {
    const v = encodeVarint(f.value + growth);
    if (!v) return undefined;
    out = concat(out.subarray(0, f.at), v, out.subarray(f.at + f.size));
    growth += v.length - f.size;
  }
  return out;
}

/** Elements that are as small as a TLS element gets: empty vectors, zero integers, 2-byte refs. */
export const TINY_ELEMENTS: readonly Uint8Array[] = [
  [0x00],
  [0x01],
  [0x02],
  [0x03],
  [0x00, 0x00],
  [0x00, 0x01],
  [0x01, 0x00],
  [0x02, 0x00],
  [0x03, 0x00],
  [0x00, 0x00, 0x00],
  [0x00, 0x01, 0x00],
  [0x00, 0x02, 0x00],
  [0x00, 0x00, 0x00, 0x00],
  [0x00, 0x01, 0x00, 0x00],
  [0x00, 0x02, 0x00, 0x00],
].map((b) => Uint8Array.from(b));

/** The vector at `fields[index]` filled with `count` copies of `unit`. */
export function repeatInVector(data: Uint8Array, fields: readonly VarintField[], index: number, unit: Uint8Array, count: number): Uint8Array | undefined {
  return replaceVectorContent(data, fields, index, repeat(unit, count));
}
