import { expect } from 'vitest';
import { DecodeError, EncodeError, type DecodeErrorKind, type EncodeErrorKind } from '../src/errors.ts';

/** Runs fn, asserts it throws a DecodeError, and returns it for further checks. */
export function decodeErr(fn: () => unknown): DecodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError, nothing was thrown');
}

export function encodeErr(fn: () => unknown): EncodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    return e as EncodeError;
  }
  throw new Error('expected an EncodeError, nothing was thrown');
}

export function expectDecodeError(fn: () => unknown, kind: DecodeErrorKind, offset?: number): DecodeError {
  const e = decodeErr(fn);
  expect(e.kind).toBe(kind);
  if (offset !== undefined) expect(e.offset).toBe(offset);
  return e;
}

export function expectEncodeError(fn: () => unknown, kind: EncodeErrorKind = 'invalid-value'): EncodeError {
  const e = encodeErr(fn);
  expect(e.kind).toBe(kind);
  return e;
}

export const u8a = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
