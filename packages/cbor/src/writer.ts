/**
 * A CBOR writer that produces core deterministic encoding by construction (RFC 8949 §4.2.1):
 * shortest arguments, definite lengths, preferred floats, and map keys sorted bytewise (the only
 * part that needs work at run time: keys are encoded first, then sorted).
 *
 * It also keeps the reader's nesting limit (ContentLimits.maxDepth): an array, map or tag that
 * would open a level deeper than maxDepth is a `depth-limit` ContentError, so nothing is encoded
 * that the decoder with the same limits refuses (and a cyclic value fails cleanly instead of
 * overflowing the stack). Generated writers announce a container's item count and never say
 * where it ends, so the writer counts: it keeps the number of items still due in every open
 * container and closes a container when its last item is written.
 */
import { allocBytes } from '@mimikit/bytes';
import { ContentError } from './errors.ts';
import { DEFAULT_CONTENT_LIMITS } from './limits.ts';
import { isLimit, numberToHalf, preferredFloatSize } from './reader.ts';
import { CborFloat, CborSimple, CborTag } from './values.ts';

const utf8 = new TextEncoder();
const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

export class CborWriter {
  buf: Uint8Array;
  p = 0;
  /** Byte length of the last text string written (`.size` on tstr counts bytes). */
  lastLen = 0;
  /** Deepest nesting of arrays, maps and tags allowed (ContentLimits.maxDepth). */
  maxDepth: number = DEFAULT_CONTENT_LIMITS.maxDepth;
  /** Open containers: the number of containers being written. */
  depth = 0;
  /**
   * Items still due in the innermost open container; negative at the top level, where it never
   * reaches 0. A field rather than the top of `outer`: it changes on every item written.
   */
  private left = -1;
  /** `left` of each enclosing container, saved when a container inside it was opened. */
  private readonly outer: number[] = [];
  private dv: DataView | undefined;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  /** Opens a container of `items` items (2 per map pair, 1 for a tag's content). */
  private open(items: number): void {
    if (this.depth >= this.maxDepth) throw new ContentError('depth-limit', -1, `nesting deeper than ${this.maxDepth}`);
    if (items === 0) return this.item();
    this.outer[this.depth++] = this.left;
    this.left = items;
  }

  /** One complete data item was written: it counts towards its container. */
  private item(): void {
    if (--this.left === 0) this.close();
  }

  /** The innermost container is complete, which is one item of the container around it (and so on). */
  private close(): void {
    let d = this.depth;
    let left: number;
    do left = this.outer[--d]! - 1;
    while (left === 0);
    this.depth = d;
    this.left = left;
  }

  /** Created on first use: most content has no floats or integers above 2^32. */
  private get view(): DataView {
    return (this.dv ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  private ensure(n: number): void {
    if (this.p + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.p + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.p));
    this.buf = next;
    this.dv = undefined;
  }

  /** A data item's initial byte and shortest argument; a container's count opens it. */
  head(major: number, n: number): void {
    this.writeHead(major, n);
    if (major < 4) this.item();
    else this.open(major === 4 ? n : major === 5 ? 2 * n : 1);
  }

  /** Initial byte and shortest argument, not yet counted as an item (the callers count). */
  private writeHead(major: number, n: number): void {
    this.ensure(9);
    const b = this.buf;
    const m = major << 5;
    if (n < 24) {
      b[this.p++] = m | n;
    } else if (n < 0x100) {
      b[this.p] = m | 24;
      b[this.p + 1] = n;
      this.p += 2;
    } else if (n < 0x10000) {
      b[this.p] = m | 25;
      b[this.p + 1] = n >>> 8;
      b[this.p + 2] = n;
      this.p += 3;
    } else if (n < 0x100000000) {
      b[this.p] = m | 26;
      this.view.setUint32(this.p + 1, n);
      this.p += 5;
    } else {
      b[this.p] = m | 27;
      const view = this.view;
      view.setUint32(this.p + 1, Math.floor(n / 4294967296));
      view.setUint32(this.p + 5, n >>> 0);
      this.p += 9;
    }
  }

  /** writeHead for a bigint argument. */
  private bigHead(major: number, n: bigint): void {
    if (n <= MAX_SAFE_BIG) return this.writeHead(major, Number(n));
    if (n > 0xffffffffffffffffn) throw new ContentError('invalid-value', -1, `${n} does not fit in 64 bits`);
    this.ensure(9);
    this.buf[this.p] = (major << 5) | 27;
    this.view.setBigUint64(this.p + 1, n);
    this.p += 9;
  }

  /** Unsigned integer (checked). */
  uint(n: number | bigint): void {
    if (typeof n === 'bigint') {
      if (n < 0n) throw new ContentError('invalid-value', -1, `${n} is not an unsigned integer`);
      this.bigHead(0, n);
    } else {
      if (!Number.isSafeInteger(n) || n < 0) throw new ContentError('invalid-value', -1, `${n} is not an unsigned integer`);
      this.writeHead(0, n);
    }
    this.item();
  }

  int(n: number | bigint): void {
    if (typeof n === 'bigint') {
      if (n >= 0n) this.bigHead(0, n);
      else this.bigHead(1, -1n - n);
    } else {
      if (!Number.isSafeInteger(n)) throw new ContentError('invalid-value', -1, `${n} is not an integer`);
      if (n >= 0) this.writeHead(0, n);
      else this.writeHead(1, -1 - n);
    }
    this.item();
  }

  bytes(v: Uint8Array): void {
    if (!(v instanceof Uint8Array)) throw new ContentError('invalid-value', -1, 'expected a Uint8Array');
    this.writeHead(2, v.length);
    this.ensure(v.length);
    this.buf.set(v, this.p);
    this.p += v.length;
    this.item();
  }

  text(s: string): void {
    if (typeof s !== 'string') throw new ContentError('invalid-value', -1, 'expected a string');
    const len = s.length;
    // Short ASCII strings (media types, URIs, language tags) are copied directly: no native call.
    if (len < 256) {
      this.ensure(len + 2);
      const b = this.buf;
      const headLen = len < 24 ? 1 : 2;
      let i = 0;
      const at = this.p + headLen;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) break;
        b[at + i] = c;
      }
      if (i === len) {
        if (headLen === 1) b[this.p] = 0x60 | len;
        else {
          b[this.p] = 0x78;
          b[this.p + 1] = len;
        }
        this.p = at + len;
        this.lastLen = len;
        this.item();
        return;
      }
    }
    // A lone surrogate would be replaced by U+FFFD: refuse it rather than change the text.
    if (!s.isWellFormed()) throw new ContentError('invalid-value', -1, 'text contains a lone surrogate (not valid Unicode)');
    // Worst case 3 bytes per UTF-16 unit; write after a provisional head, then fix the head.
    this.ensure(len * 3 + 9);
    const headAt = this.p;
    const headLen = len * 3 < 24 ? 1 : len * 3 < 0x100 ? 2 : len * 3 < 0x10000 ? 3 : 5;
    const { written } = utf8.encodeInto(s, this.buf.subarray(headAt + headLen));
    const needed = written < 24 ? 1 : written < 0x100 ? 2 : written < 0x10000 ? 3 : 5;
    if (needed !== headLen) this.buf.copyWithin(headAt + needed, headAt + headLen, headAt + headLen + written);
    this.p = headAt;
    this.writeHead(3, written);
    this.p = headAt + needed + written;
    this.lastLen = written;
    this.item();
  }

  array(n: number): void {
    this.writeHead(4, n);
    this.open(n);
  }

  map(n: number): void {
    this.writeHead(5, n);
    this.open(2 * n);
  }

  tag(t: number | bigint): void {
    if (typeof t === 'bigint') this.bigHead(6, t);
    else this.writeHead(6, t);
    this.open(1);
  }

  bool(v: boolean): void {
    if (typeof v !== 'boolean') throw new ContentError('invalid-value', -1, 'expected a boolean');
    this.ensure(1);
    this.buf[this.p++] = v ? 0xf5 : 0xf4;
    this.item();
  }

  null(): void {
    this.ensure(1);
    this.buf[this.p++] = 0xf6;
    this.item();
  }

  /** One complete data item, already encoded (its own nesting was checked when it was written). */
  raw(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.p);
    this.p += v.length;
    this.item();
  }

  float(v: number): void {
    this.ensure(9);
    const size = preferredFloatSize(v);
    if (size === 2) {
      this.buf[this.p] = 0xf9;
      this.view.setUint16(this.p + 1, numberToHalf(v)!);
    } else if (size === 4) {
      this.buf[this.p] = 0xfa;
      this.view.setFloat32(this.p + 1, v);
    } else {
      this.buf[this.p] = 0xfb;
      this.view.setFloat64(this.p + 1, v);
    }
    this.p += size + 1;
    this.item();
  }

  /** Any value of the generic data model (CDDL `any`), deterministically. */
  any(v: unknown): void {
    if (v === null) return this.null();
    if (v === undefined) {
      this.ensure(1);
      this.buf[this.p++] = 0xf7;
      return this.item();
    }
    switch (typeof v) {
      case 'boolean':
        return this.bool(v);
      case 'bigint':
        return this.int(v);
      case 'number':
        return Number.isInteger(v) && Number.isSafeInteger(v) && !Object.is(v, -0) ? this.int(v) : this.float(v);
      case 'string':
        return this.text(v);
      default:
        break;
    }
    if (v instanceof Uint8Array) return this.bytes(v);
    if (v instanceof CborFloat) return this.float(v.value);
    if (v instanceof CborTag) {
      this.tag(v.tag);
      return this.any(v.value);
    }
    if (v instanceof CborSimple) {
      this.ensure(2);
      if (v.value < 24) this.buf[this.p++] = 0xe0 | v.value;
      else {
        this.buf[this.p++] = 0xf8;
        this.buf[this.p++] = v.value;
      }
      return this.item();
    }
    if (Array.isArray(v)) {
      this.array(v.length);
      for (const x of v) this.any(x);
      return;
    }
    if (v instanceof Map)
      return this.sortedMap(
        v,
        (w, k) => w.any(k),
        (w, x) => w.any(x),
      );
    throw new ContentError('invalid-value', -1, `cannot encode ${Object.prototype.toString.call(v)} as CBOR`);
  }

  /**
   * A map with keys in bytewise order of their encodings; duplicate encodings are an error. Keys
   * are written in place first: maps that come from a decoder are already in order, so the sort
   * (which needs every key encoded separately) runs only when an out-of-order key shows up.
   */
  sortedMap<K, V>(m: Map<K, V>, key: (w: CborWriter, k: K) => void, value: (w: CborWriter, v: V, k: K) => void): void {
    if (!(m instanceof Map)) throw new ContentError('invalid-value', -1, 'expected a Map');
    const start = this.p;
    const depth = this.depth;
    const left = this.left;
    this.map(m.size);
    let prevStart = -1;
    let prevEnd = -1;
    for (const [k, v] of m) {
      const ks = this.p;
      key(this, k);
      if (prevStart >= 0) {
        const c = compareRange(this.buf, prevStart, prevEnd, ks, this.p);
        if (c >= 0) {
          // Start over: the map is still open (its value is due), its container is dropped.
          this.p = start;
          this.depth = depth;
          this.left = left;
          return this.sortedMapSlow(m, key, value);
        }
      }
      prevStart = ks;
      prevEnd = this.p;
      value(this, v, k);
    }
  }

  private sortedMapSlow<K, V>(m: Map<K, V>, key: (w: CborWriter, k: K) => void, value: (w: CborWriter, v: V, k: K) => void): void {
    const entries: Array<{ k: Uint8Array; v: V; key: K }> = [];
    const kw = new CborWriter(64);
    // Keys sit one level inside this map: they get what is left of the nesting allowance.
    kw.maxDepth = this.maxDepth - this.depth - 1;
    for (const [k, v] of m) {
      kw.p = 0;
      key(kw, k);
      entries.push({ k: kw.buf.slice(0, kw.p), v, key: k });
    }
    entries.sort((a, b) => compareBytes(a.k, b.k));
    for (let i = 1; i < entries.length; i++) {
      if (compareBytes(entries[i - 1]!.k, entries[i]!.k) === 0) throw new ContentError('duplicate-key', -1, 'two map keys have the same encoding');
    }
    this.map(entries.length);
    for (const e of entries) {
      this.raw(e.k);
      value(this, e.v, e.key);
    }
  }

  /**
   * Writes one value (`items` data items) with `write` into a scratch writer and appends it, or returns false when
   * `write` refuses the value (any ContentError but a limit) and leaves this writer as it was:
   * an ordered choice writes the first alternative that takes the value (RFC 8610 §2).
   */
  attempt(write: (w: CborWriter) => void, items = 1): boolean {
    const scratch = new CborWriter(64);
    scratch.maxDepth = this.maxDepth - this.depth;
    try {
      write(scratch);
    } catch (e) {
      if (!(e instanceof ContentError) || isLimit(e.kind)) throw e;
      return false;
    }
    // `items` data items (the members of a group spliced into an array), already encoded.
    const bytes = scratch.finish();
    this.ensure(bytes.length);
    this.buf.set(bytes, this.p);
    this.p += bytes.length;
    for (let i = 0; i < items; i++) this.item();
    return true;
  }

  /** The encoded bytes (a copy, so the writer can be reused). */
  finish(): Uint8Array {
    const out = allocBytes(this.p);
    out.set(this.buf.subarray(0, this.p));
    return out;
  }

  /** Starts over, keeping the buffer. */
  reset(): void {
    this.p = 0;
    this.lastLen = 0;
    this.depth = 0;
    this.left = -1;
  }
}

/** Bytewise comparison of buf[as, ae) with buf[bs, be). */
function compareRange(buf: Uint8Array, as: number, ae: number, bs: number, be: number): number {
  const la = ae - as;
  const lb = be - bs;
  const n = Math.min(la, lb);
  for (let i = 0; i < n; i++) {
    const d = buf[as + i]! - buf[bs + i]!;
    if (d !== 0) return d;
  }
  return la - lb;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
