/**
 * Codec errors. Decoding has exactly one failure type, DecodeError, with one `kind` per wire
 * violation (as tls_codec and mls-rs-codec do), the byte offset where it was detected and the type
 * path that led there, e.g. `MLSMessage.welcome.secrets[3].new_member`.
 *
 * The path is built while the error unwinds: each generated reader records which member it is in
 * and prepends it on the way out, so the successful path pays for no bookkeeping.
 */

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
  /** Nesting deeper than DecodeLimits.maxDepth. */
  | 'depth-limit'
  /** Input larger than DecodeLimits.maxInputBytes. */
  | 'size-limit'
  /**
   * The decoded value would take more heap than the input's allocation budget allows
   * (DecodeLimits.allocationPerInputByte, allocationBase): too many tiny elements.
   */
  | 'allocation-limit'
  /** A select needs a context value that the caller did not supply. */
  | 'missing-context'
  /** Anything else a decoder ran into (a bug in mimikit); still reported, never thrown raw. */
  | 'internal';

/**
 * What DecodeError and EncodeError share: a kind, a detail, and a type path built outermost-first
 * while the error unwinds through generated code.
 */
abstract class CodecPathError<K extends string> extends Error {
  readonly kind: K;
  /** Type path segments, outermost first: ['MLSMessage', 'welcome', 'secrets', '[3]', 'new_member']. */
  readonly path: string[];
  readonly detail: string;

  protected constructor(name: string, kind: K, detail: string, path: string[]) {
    super('');
    this.name = name;
    this.kind = kind;
    this.detail = detail;
    this.path = path;
  }

  /** The path as one string: `MLSMessage.welcome.secrets[3].new_member`. */
  get typePath(): string {
    let out = '';
    for (const seg of this.path) out += seg.startsWith('[') || out === '' ? seg : `.${seg}`;
    return out;
  }

  /** Prepends a path segment while the error unwinds through the generated readers and writers. */
  within(segment: string): this {
    if (segment !== '') this.path.unshift(segment);
    this.message = this.describe();
    return this;
  }

  protected abstract describe(): string;
}

export class DecodeError extends CodecPathError<DecodeErrorKind> {
  /** Byte offset in the top-level input where the violation was detected. */
  readonly offset: number;

  constructor(kind: DecodeErrorKind, offset: number, detail: string, path: string[] = []) {
    super('DecodeError', kind, detail, path);
    this.offset = offset;
    this.message = this.describe();
  }

  toJSON(): { kind: DecodeErrorKind; offset: number; path: string; message: string } {
    return { kind: this.kind, offset: this.offset, path: this.typePath, message: this.detail };
  }

  protected describe(): string {
    return `${this.kind} at byte ${this.offset}${this.path.length ? ` in ${this.typePath}` : ''}: ${this.detail}`;
  }
}

export type EncodeErrorKind =
  /** A value outside its type's range: integer width, enum name, array length, vector bounds. */
  | 'invalid-value'
  /** A select discriminator with no matching arm, or an arm's fields missing. */
  | 'unknown-select-case'
  /** A select needs a context value that the caller did not supply. */
  | 'missing-context';

/** A value that cannot be encoded as its type says. Carries the type path like DecodeError. */
export class EncodeError extends CodecPathError<EncodeErrorKind> {
  constructor(kind: EncodeErrorKind, detail: string, path: string[] = []) {
    super('EncodeError', kind, detail, path);
    this.message = this.describe();
  }

  toJSON(): { kind: EncodeErrorKind; path: string; message: string } {
    return { kind: this.kind, path: this.typePath, message: this.detail };
  }

  protected describe(): string {
    return `${this.kind}${this.path.length ? ` in ${this.typePath}` : ''}: ${this.detail}`;
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
