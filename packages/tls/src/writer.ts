/**
 * Exact-size encoding. Generated encoders run in two passes over the value: a size pass that
 * returns the total size and records, in pre-order, the content length of every vector whose
 * elements vary in size; then a write pass into one buffer of exactly that size, which reads those
 * lengths back in the same order. Nothing is measured twice and the output is allocated once.
 */
import { allocBytes } from '@mimikit/bytes';
import { EncodeError } from './errors.ts';
import { VARINT_MAX } from './varint.ts';

export class Writer {
  readonly buf: Uint8Array;
  p = 0;
  /** Vector content lengths recorded by the size pass, in pre-order. */
  readonly sizes: number[];
  /** Next entry of `sizes` to use. */
  zi = 0;
  private view: DataView | undefined;

  constructor(size: number, sizes: number[]) {
    this.buf = allocBytes(size);
    this.sizes = sizes;
  }

  /** The content length the size pass recorded for the next variable vector. */
  nextSize(): number {
    return this.sizes[this.zi++]!;
  }

  u8(v: number): void {
    if ((v & 0xff) !== v) throw new EncodeError('invalid-value', `${v} is not a uint8`);
    this.buf[this.p++] = v;
  }

  u16(v: number): void {
    if ((v & 0xffff) !== v) throw new EncodeError('invalid-value', `${v} is not a uint16`);
    const b = this.buf;
    b[this.p] = v >>> 8;
    b[this.p + 1] = v;
    this.p += 2;
  }

  u24(v: number): void {
    if ((v & 0xffffff) !== v) throw new EncodeError('invalid-value', `${v} is not a uint24`);
    const b = this.buf;
    b[this.p] = v >>> 16;
    b[this.p + 1] = v >>> 8;
    b[this.p + 2] = v;
    this.p += 3;
  }

  u32(v: number): void {
    if (v >>> 0 !== v) throw new EncodeError('invalid-value', `${v} is not a uint32`);
    const b = this.buf;
    b[this.p] = v >>> 24;
    b[this.p + 1] = v >>> 16;
    b[this.p + 2] = v >>> 8;
    b[this.p + 3] = v;
    this.p += 4;
  }

  u64(v: bigint): void {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn) {
      throw new EncodeError('invalid-value', `${String(v)} is not a uint64 (bigint)`);
    }
    this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.view.setBigUint64(this.p, v);
    this.p += 8;
  }

  /** Minimal RFC 9420 varint. */
  varint(v: number): void {
    const b = this.buf;
    if (v >>> 0 !== v) throw new EncodeError('invalid-value', `${v} is not a vector length`);
    if (v < 0x40) {
      b[this.p++] = v;
    } else if (v < 0x4000) {
      b[this.p] = 0x40 | (v >>> 8);
      b[this.p + 1] = v;
      this.p += 2;
    } else if (v <= VARINT_MAX) {
      b[this.p] = 0x80 | (v >>> 24);
      b[this.p + 1] = v >>> 16;
      b[this.p + 2] = v >>> 8;
      b[this.p + 3] = v;
      this.p += 4;
    } else {
      throw new EncodeError('invalid-value', `vector of ${v} bytes exceeds the varint maximum ${VARINT_MAX}`);
    }
  }

  bytes(v: Uint8Array): void {
    this.buf.set(v, this.p);
    this.p += v.length;
  }

  /** `<V>` byte string. */
  opaqueV(v: Uint8Array): void {
    this.varint(v.length);
    this.buf.set(v, this.p);
    this.p += v.length;
  }

  /** Zero bytes (padding). */
  zeros(n: number): void {
    this.p += n; // the buffer is zero-filled on allocation
  }
}

/** Size of a `<V>` byte string; checks the type at the same time (size runs before any write). */
export function opaqueVSize(v: Uint8Array): number {
  if (!(v instanceof Uint8Array)) throw new EncodeError('invalid-value', 'expected a Uint8Array');
  const n = v.length;
  if (n > VARINT_MAX) throw new EncodeError('invalid-value', `vector of ${n} bytes exceeds the varint maximum ${VARINT_MAX}`);
  return (n < 0x40 ? 1 : n < 0x4000 ? 2 : 4) + n;
}

/** Size of an `opaque x[n]` value: checks it is a Uint8Array of exactly n bytes. */
export function fixedBytesSize(v: Uint8Array, n: number): number {
  if (!(v instanceof Uint8Array) || v.length !== n) {
    throw new EncodeError('invalid-value', `expected exactly ${n} bytes, got ${v instanceof Uint8Array ? v.length : typeof v}`);
  }
  return n;
}

/** Checks a `<min..max>` vector's content length against its bounds. */
export function rangedLength(n: number, min: number, max: number): number {
  if (n < min || n > max) throw new EncodeError('invalid-value', `length ${n} outside <${min}..${max}>`);
  return n;
}

/** Size of a padding value (a count of zero bytes). */
export function paddingSize(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new EncodeError('invalid-value', `padding length ${n} is not a non-negative integer`);
  return n;
}

/** Size of a `<V>` vector of elements with a fixed wire size. */
export function fixedVectorSize(items: readonly unknown[], elementSize: number): number {
  if (!Array.isArray(items)) throw new EncodeError('invalid-value', 'expected an array');
  return varintPrefixedSize(items.length * elementSize);
}

/** Size of `n` content bytes behind a `<V>` length; rejects content the varint cannot count. */
export function varintPrefixedSize(n: number): number {
  if (n > VARINT_MAX) throw new EncodeError('invalid-value', `vector of ${n} bytes exceeds the varint maximum ${VARINT_MAX}`);
  return (n < 0x40 ? 1 : n < 0x4000 ? 2 : 4) + n;
}
