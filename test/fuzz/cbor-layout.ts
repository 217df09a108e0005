/**
 * The data items of a CBOR input (RFC 8949 §3: head, argument, content), found by a small walker
 * that is independent of the decoder under test, and the edits that use them: every nested item is
 * a seed of its own, a head can be rewritten with a boundary argument or a non-preferred form, an
 * array or map can be refilled with a run of tiny elements, and an item can be wrapped in deep
 * nesting.
 */
import { concat, repeat } from './mutate-bytes.ts';

export interface CborItem {
  at: number;
  /** Bytes of the head (1, 2, 3, 5 or 9). */
  headSize: number;
  major: number;
  /** Count for arrays and maps, byte length for strings. */
  arg: number;
  /** One past the item's last byte. */
  end: number;
  /** Arrays: the elements; maps: key, value, key, value...; tags: the tagged item. */
  children: CborItem[];
}

const MAX_WALK_DEPTH = 200;

/** The item at `at` (undefined if it is not well formed or uses indefinite lengths). */
export function walkCbor(b: Uint8Array, at = 0, depth = 0): CborItem | undefined {
  if (at >= b.length || depth > MAX_WALK_DEPTH) return undefined;
  const first = b[at]!;
  const major = first >> 5;
  const ai = first & 0x1f;
  let arg: number;
  let headSize: number;
  if (ai < 24) [arg, headSize] = [ai, 1];
  else if (ai <= 27) {
    headSize = 1 + (1 << (ai - 24));
    if (at + headSize > b.length) return undefined;
    arg = 0;
    for (let i = 1; i < headSize; i++) arg = arg * 256 + b[at + i]!;
  } else return undefined;
  let p = at + headSize;
  const children: CborItem[] = [];
  if (major === 2 || major === 3) {
    p += arg;
    if (p > b.length) return undefined;
  } else if (major === 4 || major === 5 || major === 6) {
    const n = major === 6 ? 1 : major === 5 ? arg * 2 : arg;
    if (n > b.length - p) return undefined;
    for (let i = 0; i < n; i++) {
      const c = walkCbor(b, p, depth + 1);
      if (!c) return undefined;
      children.push(c);
      p = c.end;
    }
  } else if (major === 7 && ai >= 24) {
    // Floats and simple values carry no content beyond the head.
  }
  return { at, headSize, major, arg, end: p, children };
}

/** The item and all items inside it, in document order. */
export function allItems(root: CborItem): CborItem[] {
  const out: CborItem[] = [];
  const visit = (i: CborItem) => {
    out.push(i);
    i.children.forEach(visit);
  };
  visit(root);
  return out;
}

/** A head in preferred (shortest) form. */
export function encodeHead(major: number, arg: number | bigint): Uint8Array {
  const n = BigInt(arg);
  const m = major << 5;
  if (n < 24n) return Uint8Array.of(m | Number(n));
  if (n < 0x100n) return Uint8Array.of(m | 24, Number(n));
  if (n < 0x1_0000n) return Uint8Array.of(m | 25, Number(n >> 8n), Number(n & 0xffn));
  const width = n < 0x1_0000_0000n ? 4 : 8;
  const out = new Uint8Array(1 + width);
  out[0] = m | (width === 4 ? 26 : 27);
  for (let i = 0; i < width; i++) out[width - i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** `data` with `item` replaced by `replacement`. */
export function replaceItem(data: Uint8Array, item: CborItem, replacement: Uint8Array): Uint8Array {
  return concat(data.subarray(0, item.at), replacement, data.subarray(item.end));
}

/** Tiny items: 0, empty byte and text strings, null, false, empty array and map. */
export const TINY_ITEMS: readonly Uint8Array[] = [[0x00], [0x40], [0x60], [0xf6], [0xf4], [0x80], [0xa0]].map((b) => Uint8Array.from(b));

/**
 * The array or map `item` refilled with `count` elements `unit` (a map gets keys 0, 1, 2... so that
 * they stay distinct and sorted, each with `unit` as its value). Undefined for other items.
 */
export function refill(data: Uint8Array, item: CborItem, unit: Uint8Array, count: number): Uint8Array | undefined {
  if (item.major === 4) return replaceItem(data, item, concat(encodeHead(4, count), repeat(unit, count)));
  if (item.major !== 5) return undefined;
  const parts: Uint8Array[] = [];
  for (let i = 0; i < count; i++) parts.push(encodeHead(0, i), unit);
  const body = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    body.set(p, at);
    at += p.length;
  }
  return replaceItem(data, item, concat(encodeHead(5, count), body));
}
