/**
 * A strict CBOR reader for generated content decoders. It accepts only core deterministic
 * encoding (RFC 8949 §4.2.1): shortest arguments, definite lengths, preferred floats, map keys in
 * bytewise order without duplicates. mimikit rejects other encodings instead of canonicalising
 * them, because message IDs and franking hash the exact bytes: two encodings of "the same" content
 * must not both be accepted (docs/content.md). Every read checks the remaining input first.
 *
 * Memory: each reader method that produces a value the caller keeps charges that value's heap
 * cost (HEAP_COST) against a budget proportional to the input (ContentLimits): array() and map()
 * the container with all its slots (the item count is known up front), tag() the CborTag,
 * bytes() the view, text() the string, and the bigint, float and simple-value paths their
 * objects. Past the budget the decode fails with `allocation-limit`.
 */
import { allocationBudget, decodeUtf8, HEAP_COST, overBudgetDetail } from '@mimikit/bytes';
import { ContentError, type ContentErrorKind } from './errors.ts';
import { contentLimits, type ContentLimits } from './limits.ts';
import { CborFloat, CborSimple, CborTag } from './values.ts';

const MAJOR_NAMES = ['uint', 'nint', 'bstr', 'tstr', 'array', 'map', 'tag', 'simple/float'];

export class CborReader {
  readonly b: Uint8Array;
  p = 0;
  depth = 0;
  /** Byte length of the last byte or text string read (`.size` on tstr counts bytes). */
  lastLen = 0;
  readonly maxDepth: number;
  /** Estimated heap bytes the decoded value may still take (see ContentLimits.allocationPerInputByte). */
  allocationLeft: number;
  private view: DataView | undefined;

  /** `limits` may be partial: a limit left out or undefined keeps its default. */
  constructor(bytes: Uint8Array, limits?: Partial<ContentLimits>) {
    const l = contentLimits(limits);
    if (bytes.length > l.maxInputBytes) {
      throw new ContentError('size-limit', 0, `input of ${bytes.length} bytes exceeds the limit of ${l.maxInputBytes}`);
    }
    this.b = bytes;
    this.maxDepth = l.maxDepth;
    this.allocationLeft = allocationBudget(bytes.length, l.allocationPerInputByte, l.allocationBase);
  }

  fail(kind: ContentErrorKind, detail: string, at: number = this.p): never {
    throw new ContentError(kind, at, detail);
  }

  /** Charges the heap cost of one value the caller is about to build. `at`: where its data item starts. */
  private charge(cost: number, at: number): void {
    if ((this.allocationLeft -= cost) < 0) this.overBudget(at);
  }

  private overBudget(at: number): never {
    return this.fail('allocation-limit', overBudgetDetail(this.b.length), at);
  }

  private dv(): DataView {
    return (this.view ??= new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength));
  }

  peekByte(): number {
    if (this.p >= this.b.length) this.fail('truncated', 'expected a data item, input ended');
    return this.b[this.p]!;
  }

  /**
   * Reads an initial byte of the given major type and its argument (shortest form enforced).
   * Arguments above 2^53 are refused here; `bigArgument` reads those.
   */
  head(major: number, what: string): number {
    const at = this.p;
    const ib = this.peekByte();
    if (ib >> 5 !== major) this.fail('wrong-type', `expected ${what}, found ${MAJOR_NAMES[ib >> 5]}`, at);
    this.p++;
    const ai = ib & 31;
    if (ai < 24) return ai;
    return this.argument(ai, at);
  }

  private argument(ai: number, at: number): number {
    const b = this.b;
    const p = this.p;
    switch (ai) {
      case 24: {
        if (p + 1 > b.length) this.fail('truncated', 'argument needs 1 byte', at);
        const v = b[p]!;
        this.p = p + 1;
        if (v < 24) this.fail('non-shortest', `${v} encoded with a 1-byte argument`, at);
        return v;
      }
      case 25: {
        if (p + 2 > b.length) this.fail('truncated', 'argument needs 2 bytes', at);
        const v = (b[p]! << 8) | b[p + 1]!;
        this.p = p + 2;
        if (v < 256) this.fail('non-shortest', `${v} encoded with a 2-byte argument`, at);
        return v;
      }
      case 26: {
        if (p + 4 > b.length) this.fail('truncated', 'argument needs 4 bytes', at);
        const v = this.dv().getUint32(p);
        this.p = p + 4;
        if (v < 65536) this.fail('non-shortest', `${v} encoded with a 4-byte argument`, at);
        return v;
      }
      case 27: {
        this.p = at;
        const [hi, lo] = this.u64Parts();
        if (hi >= 0x200000) this.fail('invalid-value', 'value too large here', at);
        return hi * 4294967296 + lo;
      }
      case 31:
        return this.fail('indefinite-length', 'indefinite-length items are not core deterministic', at);
      default:
        return this.fail('malformed', `reserved additional information ${ai}`, at);
    }
  }

  /** An unsigned integer of any size: a number up to 2^53-1, a bigint above. */
  uintAny(): number | bigint {
    // 0x1b (major type 0, 8-byte argument) is the one head that can exceed 2^53 - 1; head()
    // reads the others and refuses other major types.
    if (this.peekByte() !== 0x1b) return this.head(0, 'uint');
    const at = this.p;
    const [hi, lo] = this.u64Parts();
    if (hi < 0x200000) return hi * 4294967296 + lo;
    this.charge(HEAP_COST.bigint, at);
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /** `uint .size 8`: always a bigint. */
  uint64(): bigint {
    const at = this.p;
    const v = this.uintAny();
    // uintAny charged the bigint it built
    if (typeof v === 'bigint') return v;
    this.charge(HEAP_COST.bigint, at);
    return BigInt(v);
  }

  /**
   * The two 32-bit halves of an 8-byte argument (initial byte at the cursor), checked for
   * shortest form. Numbers, not one bigint: most 64-bit values (millisecond timestamps, file
   * sizes) fit in 53 bits, and bigint arithmetic is what made them slow.
   */
  private u64Parts(): [number, number] {
    const at = this.p;
    if (at + 9 > this.b.length) this.fail('truncated', 'argument needs 8 bytes', at);
    const dv = this.dv();
    const hi = dv.getUint32(at + 1);
    const lo = dv.getUint32(at + 5);
    this.p = at + 9;
    if (hi === 0) this.fail('non-shortest', `${lo} encoded with an 8-byte argument`, at);
    return [hi, lo];
  }

  uint(): number {
    return this.head(0, 'uint');
  }

  /** int: major type 0 or 1. */
  int(): number | bigint {
    const ib = this.peekByte();
    if (ib >> 5 === 0) return this.uintAny();
    // As in uintAny, only 0x3b can go past the safe integers; head() refuses other major types.
    if (ib !== 0x3b) return -1 - this.head(1, 'int');
    const at = this.p;
    const [hi, lo] = this.u64Parts();
    // -1 - v is a safe integer for v up to 2^53 - 2. From hi = 2^21 on, v >= 2^53 even rounded,
    // so the one comparison also keeps imprecise sums out.
    const v = hi * 4294967296 + lo;
    if (v <= 9007199254740990) return -1 - v;
    this.charge(HEAP_COST.bigint, at);
    return -1n - ((BigInt(hi) << 32n) | BigInt(lo));
  }

  bytes(): Uint8Array {
    const at = this.p;
    const n = this.head(2, 'bstr');
    if (n > this.b.length - this.p) this.fail('truncated', `byte string of ${n} bytes, ${this.b.length - this.p} left`, at);
    this.charge(HEAP_COST.view, at);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    this.lastLen = n;
    return v;
  }

  text(): string {
    const at = this.p;
    const n = this.head(3, 'tstr');
    if (n > this.b.length - this.p) this.fail('truncated', `text string of ${n} bytes, ${this.b.length - this.p} left`, at);
    // "" and one-character strings are V8 constants: nothing to charge.
    if (n > 1) this.charge(HEAP_COST.string + HEAP_COST.stringByte * n, at);
    const b = this.b;
    const start = this.p;
    this.p += n;
    this.lastLen = n;
    // Very short ASCII strings (language tags) are built in the pass that checks them; from about
    // 8 bytes on, the native decoder is faster (measured: 18 ns vs 103 ns at 2 bytes, 270 ns vs
    // 103 ns at 24).
    if (n < 8) {
      let s = '';
      let i = start;
      const end = start + n;
      for (; i < end; i++) {
        const c = b[i]!;
        if (c > 0x7f) break;
        s += String.fromCharCode(c);
      }
      if (i === end) return s;
    }
    try {
      // Not TextDecoder's default: that would drop a leading U+FEFF, so `63 efbbbf` would read as "".
      return decodeUtf8(b.subarray(start, start + n));
    } catch {
      return this.fail('invalid-utf8', 'text string is not valid UTF-8', at);
    }
  }

  /**
   * Array header: the member count. Counts towards the nesting depth; call leave() after.
   * Charges an array of that many members (or the object a record-like array becomes: less).
   */
  array(): number {
    const at = this.p;
    const n = this.head(4, 'array');
    if (n > this.b.length - this.p) this.fail('truncated', `array of ${n} items, ${this.b.length - this.p} bytes left`, at);
    this.enter(at);
    this.charge(n === 0 ? HEAP_COST.emptyArray : HEAP_COST.array + HEAP_COST.arrayElement * n, at);
    return n;
  }

  /** Map header: the pair count. Counts towards the nesting depth; charges a Map of that many entries. */
  map(): number {
    const at = this.p;
    const n = this.head(5, 'map');
    if (n * 2 > this.b.length - this.p) this.fail('truncated', `map of ${n} pairs, ${this.b.length - this.p} bytes left`, at);
    this.enter(at);
    this.charge(HEAP_COST.map + HEAP_COST.mapEntry * n, at);
    return n;
  }

  /** Tag number; charges the CborTag the caller builds. */
  tag(): number {
    const at = this.p;
    const t = this.head(6, 'tag');
    this.charge(HEAP_COST.smallObject, at);
    return t;
  }

  enter(at: number = this.p): void {
    if (++this.depth > this.maxDepth) this.fail('depth-limit', `nesting deeper than ${this.maxDepth}`, at);
  }

  leave(): void {
    this.depth--;
  }

  bool(): boolean {
    const ib = this.peekByte();
    if (ib === 0xf4 || ib === 0xf5) {
      this.p++;
      return ib === 0xf5;
    }
    return this.fail('wrong-type', 'expected bool');
  }

  /** Consumes a null and returns true, or returns false and consumes nothing. */
  isNull(): boolean {
    // Past the end of the input the read is undefined, which is not 0xf6.
    if (this.b[this.p] === 0xf6) {
      this.p++;
      return true;
    }
    return false;
  }

  null(): null {
    if (!this.isNull()) this.fail('wrong-type', 'expected null');
    return null;
  }

  /**
   * Checks that a map key's encoded bytes [start, end) come after those of the previous key, which
   * start at prevStart, in bytewise order. Both are complete data items, and CBOR data items are
   * self-delimiting (no item's encoding is a proper prefix of another's), so two keys differ within
   * the new key's bytes unless they are the same key.
   */
  keyOrder(prevStart: number, start: number, end: number): void {
    const b = this.b;
    for (let i = 0; i < end - start; i++) {
      const x = b[prevStart + i]!;
      const y = b[start + i]!;
      if (x < y) return;
      if (x > y) this.fail('unsorted-keys', 'map keys are not in bytewise order', start);
    }
    this.fail('duplicate-key', 'the same map key appears twice', start);
  }

  /** Any data item (CDDL `any`), fully checked for deterministic encoding. */
  any(): unknown {
    const at = this.p;
    const ib = this.peekByte();
    const major = ib >> 5;
    switch (major) {
      case 0:
      case 1:
        return this.int();
      case 2:
        return this.bytes();
      case 3:
        return this.text();
      case 4: {
        const n = this.array();
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.any());
        this.leave();
        return out;
      }
      case 5: {
        const n = this.map();
        const out = new Map<unknown, unknown>();
        let ps = 0;
        for (let i = 0; i < n; i++) {
          const ks = this.p;
          const k = this.any();
          if (i > 0) this.keyOrder(ps, ks, this.p);
          ps = ks;
          out.set(k, this.any());
        }
        this.leave();
        return out;
      }
      case 6: {
        const t = this.tag();
        this.enter(at);
        const v = this.any();
        this.leave();
        return new CborTag(t, v);
      }
      default:
        return this.simpleOrFloat();
    }
  }

  private simpleOrFloat(): unknown {
    const at = this.p;
    const ib = this.b[this.p++]!;
    const ai = ib & 31;
    if (ai < 20) {
      this.charge(HEAP_COST.smallObject, at);
      return new CborSimple(ai);
    }
    switch (ai) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 24: {
        if (this.p >= this.b.length) this.fail('truncated', 'simple value needs 1 byte', at);
        const v = this.b[this.p++]!;
        if (v < 32) this.fail('malformed', `simple value ${v} in two bytes`, at);
        this.charge(HEAP_COST.smallObject, at);
        return new CborSimple(v);
      }
      case 25:
      case 26:
      case 27:
        return this.float(ai, at);
      case 31:
        return this.fail('malformed', 'unexpected break', at);
      default:
        return this.fail('malformed', `reserved additional information ${ai}`, at);
    }
  }

  /** A float data item (major type 7, 16/32/64 bits) as a number. */
  floatValue(): number {
    const at = this.p;
    const ib = this.peekByte();
    if (ib !== 0xf9 && ib !== 0xfa && ib !== 0xfb) this.fail('wrong-type', 'expected a float', at);
    this.p++;
    const v = this.float(ib & 31, at);
    return v instanceof CborFloat ? v.value : v;
  }

  private float(ai: number, at: number): number | CborFloat {
    const size = ai === 25 ? 2 : ai === 26 ? 4 : 8;
    if (this.p + size > this.b.length) this.fail('truncated', `float needs ${size} bytes`, at);
    const dv = this.dv();
    const v = size === 2 ? halfToNumber(dv.getUint16(this.p)) : size === 4 ? dv.getFloat32(this.p) : dv.getFloat64(this.p);
    // Every NaN payload and sign reads as the one JS NaN, which encodes as f97e00: accepting another
    // NaN encoding would give two wire forms of one value. Wider NaNs fail as non-preferred below.
    if (size === 2 && Number.isNaN(v) && dv.getUint16(this.p) !== 0x7e00) {
      this.fail('non-canonical-nan', `NaN encoded as f9${dv.getUint16(this.p).toString(16)}; the deterministic NaN is f97e00`, at);
    }
    this.p += size;
    if (preferredFloatSize(v) !== size) this.fail('non-preferred-float', `${v} is not in its shortest float form`, at);
    if (Number.isInteger(v)) {
      this.charge(HEAP_COST.smallObject, at);
      return new CborFloat(v);
    }
    this.charge(HEAP_COST.heapNumber, at);
    return v;
  }

  /**
   * Reads one value with `read`, or, when the data item is not of that shape (any ContentError but
   * a limit), puts the reader back where it was and returns null: the ordered choices of CDDL
   * (RFC 8610 §2: a group or type choice matches its first alternative that fits, and an
   * occurrence takes as many items as fit, left to right). The allocation budget spent by a failed
   * attempt stays spent, so that backtracking cannot make a decode do unbounded work.
   */
  attempt<T>(read: (r: CborReader) => T): { value: T } | null {
    const p = this.p;
    const depth = this.depth;
    try {
      return { value: read(this) };
    } catch (e) {
      if (!(e instanceof ContentError) || isLimit(e.kind)) throw e;
      this.p = p;
      this.depth = depth;
      return null;
    }
  }

  /** Top level: nothing may follow the value. */
  finish(): void {
    if (this.p !== this.b.length) this.fail('trailing-bytes', `${this.b.length - this.p} bytes after the value`);
  }
}

/** Limit errors end a decode: an ordered choice does not try the next alternative after one. */
export function isLimit(kind: ContentErrorKind): boolean {
  return kind === 'depth-limit' || kind === 'size-limit' || kind === 'allocation-limit';
}

export function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  const sign = h & 0x8000 ? -1 : 1;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

const f32 = new Float32Array(1);

/** Size in bytes (2, 4 or 8) of the shortest float encoding that represents v exactly. */
export function preferredFloatSize(v: number): 2 | 4 | 8 {
  // NaN is never equal to itself (the check below would say 8); its one encoding is f97e00.
  if (Number.isNaN(v)) return 2;
  f32[0] = v;
  if (f32[0] !== v) return 8;
  return numberToHalf(v) !== null ? 2 : 4;
}

/** The half-precision bits of v when v is exactly representable, else null. */
export function numberToHalf(v: number): number | null {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  // The binary exponent, at least -14: below 2^-14 halves are subnormal (exponent field 0), and
  // zero (log2(0) is -Infinity) is one of them.
  const e = Math.max(Math.floor(Math.log2(a)), -14);
  if (e > 15) return null;
  // a = q * 2^(e - 10): q is the significand, 1024 to 2047 for a normal half (the leading 1 is the
  // exponent field's lowest bit), below 1024 for a subnormal one.
  const q = a * 2 ** (10 - e);
  return Number.isInteger(q) ? sign | (((e + 14) << 10) + q) : null;
}
