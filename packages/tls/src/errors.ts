/**
 * Codec errors. Decoding has exactly one failure type, DecodeError, with one `kind` per wire
 * violation (as tls_codec and mls-rs-codec do), the byte offset where it was detected and the type
 * path that led there, e.g. `MLSMessage.welcome.secrets[3].new_member`. DecodeError and EncodeError
 * extend @mimikit/bytes CodecError, as the CBOR ContentError does: the same fields, message form
 * and JSON shape.
 */
import { CodecError, type LimitErrorKind } from '@mimikit/bytes';

export type DecodeErrorKind =
  /** Fewer bytes remain than the value needs. */
  | 'truncated'
  /** RFC 9420 §2.1.2: the varint prefix 0b11 is invalid. */
  | 'varint-reserved-prefix'
  /** RFC 9420 §2.1.2: a length must use the shortest varint encoding. */
  | 'varint-non-minimal'
  /** A vector length outside its declared bounds (`<min..max>`). */
  | 'length-out-of-range'
  /** A vector's elements do not end exactly at the vector's length. */
  | 'vector-overrun'
  /** A vector element that occupies no bytes (it could repeat forever). */
  | 'zero-size-element'
  /** The presence octet of `optional<T>` is neither 0 nor 1. */
  | 'invalid-optional'
  /** A value of a closed enum that the spec does not list. */
  | 'unknown-enum-value'
  /** A select discriminator with no matching arm. */
  | 'unknown-select-case'
  /** A field declared with a fixed value (`version = mls10`) carries another value. */
  | 'fixed-value-mismatch'
  /** RFC 9420 §6.3.1: padding must be all zero bytes. */
  | 'nonzero-padding'
  /** Bytes left over after a complete top-level value. */
  | 'trailing-bytes'
  /** Past one of DecodeLimits: `depth-limit`, `size-limit`, `allocation-limit`. */
  | LimitErrorKind
  /** A select needs a context value that the caller did not supply. */
  | 'missing-context'
  /** Anything else a decoder ran into (a bug in mimikit); still reported, never thrown raw. */
  | 'internal';

export class DecodeError extends CodecError<DecodeErrorKind> {
  constructor(kind: DecodeErrorKind, offset: number, detail: string, path: string[] = []) {
    super('DecodeError', kind, offset, detail, path);
  }
}

export type EncodeErrorKind =
  /** A value outside its type's range: integer width, enum name, array length, vector bounds. */
  | 'invalid-value'
  /** A select discriminator with no matching arm, or an arm's fields missing. */
  | 'unknown-select-case'
  /** A select needs a context value that the caller did not supply. */
  | 'missing-context';

/** A value that cannot be encoded as its type says. Carries the type path like DecodeError; its offset is -1. */
export class EncodeError extends CodecError<EncodeErrorKind> {
  constructor(kind: EncodeErrorKind, detail: string, path: string[] = []) {
    super('EncodeError', kind, -1, detail, path);
  }
}

/**
 * Re-throws `err` with `segment` prepended to its path. Generated code calls this from the one
 * catch block of each reader/writer; anything that is not a codec error becomes an `internal`
 * DecodeError so that no foreign exception escapes a decoder.
 */
export function rethrowWithin(err: unknown, segment: string, offset: number): never {
  if (err instanceof DecodeError || err instanceof EncodeError) throw err.within(segment);
  throw new DecodeError('internal', offset, err instanceof Error ? err.message : String(err), segment ? [segment] : []);
}

/**
 * The encoder's counterpart: a value of the wrong shape (a missing field, a string where a number
 * belongs) surfaces as an `invalid-value` EncodeError with its path, not as a TypeError.
 */
export function rethrowEncodeWithin(err: unknown, segment: string): never {
  if (err instanceof EncodeError) throw err.within(segment);
  throw new EncodeError('invalid-value', err instanceof Error ? err.message : String(err), segment ? [segment] : []);
}
