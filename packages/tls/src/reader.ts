/**
 * A cursor over the input bytes, used by generated decoders. Every read checks the remaining input
 * first, so no read can go past the end of the buffer and no length field can make the decoder
 * loop beyond what the input holds. Byte strings are returned as subarrays of the input (zero
 * copy): decoded values alias the input buffer.
 *
 * Memory: the reader methods that generated code calls once per allocated value charge that
 * value's heap cost (HEAP_COST) against a budget proportional to the input: enter() per struct
 * object, vectorEnd()/rangedVectorEnd() per array, opaqueV()/fixed()/upTo() per byte-string
 * view, u64() per bigint. Tiny elements (an empty certificate is one byte and ~160 heap bytes)
 * therefore end in an `allocation-limit` DecodeError instead of exhausting the heap.
 */
import { allocationBudget, HEAP_COST, overBudgetDetail } from '@mimikit/bytes';
import { DecodeError } from './errors.ts';
import { decodeLimits, type DecodeLimits } from './limits.ts';

// The charges as plain numbers: the hot paths (enter, opaqueV) then carry a constant.
const OBJECT = HEAP_COST.object;
const VIEW = HEAP_COST.view;
const ARRAY = HEAP_COST.array;
const EMPTY_ARRAY = HEAP_COST.emptyArray;
const BIGINT = HEAP_COST.bigint;

export class Reader {
  /** The whole input. */
  readonly b: Uint8Array;
  /** Current position. */
  p = 0;
  /** Current struct nesting depth. */
  depth = 0;
  readonly maxDepth: number;
  /** Estimated heap bytes the decoded value may still take (see DecodeLimits.allocationPerInputByte). */
  allocationLeft: number;
  private view: DataView | undefined;

  /** `limits` may be partial: a limit left out or undefined keeps its default. */
  constructor(bytes: Uint8Array, limits?: Partial<DecodeLimits>) {
    const l = decodeLimits(limits);
    if (bytes.length > l.maxInputBytes) {
      throw new DecodeError('size-limit', 0, `input of ${bytes.length} bytes exceeds the limit of ${l.maxInputBytes}`);
    }
    this.b = bytes;
    this.maxDepth = l.maxDepth;
    this.allocationLeft = allocationBudget(bytes.length, l.allocationPerInputByte, l.allocationBase);
  }

  get remaining(): number {
    return this.b.length - this.p;
  }

  fail(kind: ConstructorParameters<typeof DecodeError>[0], detail: string, at: number = this.p): never {
    throw new DecodeError(kind, at, detail);
  }

  /** Charges the heap cost of one value the caller is about to build. `at`: where that value starts. */
  private charge(cost: number, at: number): void {
    if ((this.allocationLeft -= cost) < 0) this.overBudget(at);
  }

  private overBudget(at: number): never {
    return this.fail('allocation-limit', overBudgetDetail(this.b.length), at);
  }

  private need(n: number): void {
    if (this.b.length - this.p < n) {
      this.fail('truncated', `need ${n} byte${n === 1 ? '' : 's'}, ${this.b.length - this.p} left`);
    }
  }

  u8(): number {
    if (this.p >= this.b.length) this.need(1);
    return this.b[this.p++]!;
  }

  u16(): number {
    this.need(2);
    const b = this.b;
    const p = this.p;
    this.p = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  u24(): number {
    this.need(3);
    const b = this.b;
    const p = this.p;
    this.p = p + 3;
    return (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }

  u32(): number {
    this.need(4);
    const b = this.b;
    const p = this.p;
    this.p = p + 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  u64(): bigint {
    this.need(8);
    this.charge(BIGINT, this.p);
    this.view ??= new DataView(this.b.buffer, this.b.byteOffset, this.b.byteLength);
    const v = this.view.getBigUint64(this.p);
    this.p += 8;
    return v;
  }

  /** RFC 9420 §2.1.2 varint: rejects prefix 0b11 and non-minimal encodings. */
  varint(): number {
    const start = this.p;
    const first = this.u8();
    const prefix = first >> 6;
    if (prefix === 0) return first;
    if (prefix === 1) {
      const v = ((first & 0x3f) << 8) | this.u8();
      if (v < 0x40) this.fail('varint-non-minimal', `value ${v} encoded in 2 bytes`, start);
      return v;
    }
    if (prefix === 2) {
      this.need(3);
      const b = this.b;
      const p = this.p;
      this.p = p + 3;
      const v = ((first & 0x3f) << 24) + ((b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!);
      if (v < 0x4000) this.fail('varint-non-minimal', `value ${v} encoded in 4 bytes`, start);
      return v;
    }
    return this.fail('varint-reserved-prefix', `varint prefix 0b11 (first byte 0x${first.toString(16)}) is invalid`, start);
  }

  /** Reads a `<V>` length and returns where the vector ends. Charges the array the caller builds. */
  vectorEnd(): number {
    const at = this.p;
    const end = this.varintEnd();
    this.charge(end === this.p ? EMPTY_ARRAY : ARRAY, at);
    return end;
  }

  /** The end of a `<V>`-length-prefixed range, checked against the input. */
  private varintEnd(): number {
    const at = this.p;
    const n = this.varint();
    if (n > this.b.length - this.p) {
      this.fail('truncated', `vector of ${n} bytes, ${this.b.length - this.p} left`, at);
    }
    return this.p + n;
  }

  /**
   * Reads a fixed-width `<min..max>` length and returns where the vector ends. Charges an array:
   * generated code also calls this before upTo() for ranged byte strings, which are then charged
   * a view on top (an over-estimate that only makes the budget stricter).
   */
  rangedVectorEnd(width: 1 | 2 | 3 | 4, min: number, max: number): number {
    const at = this.p;
    const n = width === 1 ? this.u8() : width === 2 ? this.u16() : width === 3 ? this.u24() : this.u32();
    if (n < min || n > max) this.fail('length-out-of-range', `length ${n} outside <${min}..${max}>`, at);
    if (n > this.b.length - this.p) this.fail('truncated', `vector of ${n} bytes, ${this.b.length - this.p} left`, at);
    this.charge(n === 0 ? EMPTY_ARRAY : ARRAY, at);
    return this.p + n;
  }

  /**
   * Where a fixed-size array of non-byte elements (`uint16 x[4]`) of `byteLength` bytes ends, for
   * an array built from it: checks the input holds it and charges the array. (Generated code of
   * this version computes `r.p + byteLength` itself, which leaves such arrays uncharged.)
   */
  fixedArrayEnd(byteLength: number): number {
    this.need(byteLength);
    this.charge(byteLength === 0 ? EMPTY_ARRAY : ARRAY, this.p);
    return this.p + byteLength;
  }

  /** Checks that a vector's elements ended exactly at its declared end. */
  endVector(end: number): void {
    if (this.p !== end) this.fail('vector-overrun', `last element ends at byte ${this.p}, vector ends at byte ${end}`);
  }

  /** `<V>` byte string. */
  opaqueV(): Uint8Array {
    this.charge(VIEW, this.p);
    const end = this.varintEnd();
    // The constructor, not subarray(): same view, without the species lookup (measured ~35% faster).
    const v = new Uint8Array(this.b.buffer, this.b.byteOffset + this.p, end - this.p);
    this.p = end;
    return v;
  }

  /** Exactly n bytes (`opaque x[n]`). */
  fixed(n: number): Uint8Array {
    this.need(n);
    this.charge(VIEW, this.p);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }

  /** Byte string up to `end` (ranged vectors of opaque). */
  upTo(end: number): Uint8Array {
    this.charge(VIEW, this.p);
    const v = this.b.subarray(this.p, end);
    this.p = end;
    return v;
  }

  /** The presence octet of optional<T>. */
  present(): boolean {
    const v = this.u8();
    if (v > 1) this.fail('invalid-optional', `presence octet ${v}, expected 0 or 1`, this.p - 1);
    return v === 1;
  }

  /** `opaque padding[length_of_padding]`: the rest of the input, all zero. Returns its length. */
  padding(): number {
    const b = this.b;
    for (let i = this.p; i < b.length; i++) {
      if (b[i] !== 0) this.fail('nonzero-padding', `padding byte 0x${b[i]!.toString(16)}`, i);
    }
    const n = b.length - this.p;
    this.p = b.length;
    return n;
  }

  /** Starts a struct value: counts towards the nesting depth and charges its object. */
  enter(): void {
    if (++this.depth > this.maxDepth) this.fail('depth-limit', `nesting deeper than ${this.maxDepth}`);
    this.charge(OBJECT, this.p);
  }

  leave(): void {
    this.depth--;
  }

  /** Top level: nothing may follow the value. */
  finish(): void {
    if (this.p !== this.b.length) this.fail('trailing-bytes', `${this.b.length - this.p} bytes after the value`);
  }
}
