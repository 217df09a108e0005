/**
 * The codec object every generated type exports, and the two top-level entry points that wrap the
 * generated read/size/write functions: `decode` (strict: limits, trailing bytes, only DecodeError
 * escapes) and `encode` (size pass, one allocation, write pass).
 */
import { DecodeError, EncodeError } from './errors.ts';
import type { DecodeLimits } from './limits.ts';
import { Reader } from './reader.ts';
import { Writer } from './writer.ts';

/**
 * Values a select needs from outside the struct (`PrivateMessage.content_type` inside
 * PrivateMessageContent, `room.protocol`), keyed by the generated context name.
 */
export type CodecContext = Record<string, string | number>;

export interface DecodeOptions {
  /** Limits to use instead of DEFAULT_LIMITS; one left out or undefined keeps its default. */
  limits?: Partial<DecodeLimits>;
  context?: CodecContext;
}

export type ReadFn<T> = (r: Reader, ctx?: CodecContext) => T;
export type SizeFn<T> = (v: T, z: number[], ctx?: CodecContext) => number;
export type WriteFn<T> = (w: Writer, v: T, ctx?: CodecContext) => void;

export interface Codec<T> {
  /** The TLS-PL type name. */
  readonly name: string;
  /** Names of the context values this type's selects need (empty for most types). */
  readonly contextNames: readonly string[];
  /** Encodes exactly `encodedSize(v)` bytes. Throws EncodeError for values the type cannot hold. */
  encode(value: T, context?: CodecContext): Uint8Array;
  /** Strict decode of a complete value: anything left over is a DecodeError. */
  decode(bytes: Uint8Array, options?: DecodeOptions): T;
  encodedSize(value: T, context?: CodecContext): number;
  /** Building blocks for composing codecs (used by generated code). */
  readonly read: ReadFn<T>;
  readonly size: SizeFn<T>;
  readonly write: WriteFn<T>;
}

export function defineCodec<T>(name: string, read: ReadFn<T>, size: SizeFn<T>, write: WriteFn<T>, contextNames: readonly string[] = []): Codec<T> {
  return {
    name,
    contextNames,
    read,
    size,
    write,
    encode(value: T, context?: CodecContext): Uint8Array {
      try {
        const z: number[] = [];
        const n = size(value, z, context);
        const w = new Writer(n, z);
        write(w, value, context);
        return w.buf;
      } catch (err) {
        throw asEncodeError(err, name);
      }
    },
    decode(bytes: Uint8Array, options?: DecodeOptions): T {
      return decodeWith(name, read, bytes, options);
    },
    encodedSize(value: T, context?: CodecContext): number {
      try {
        return size(value, [], context);
      } catch (err) {
        throw asEncodeError(err, name);
      }
    },
  };
}

/**
 * A strict top-level decode of `bytes` with a reader function: the limits, no trailing bytes, and
 * only DecodeError escapes, its path starting with `typeName`. What `Codec.decode` does, for
 * readers that are not a generated codec's (a hub reading MLSMessages with its own proposal rule).
 */
export function decodeWith<T>(typeName: string, read: ReadFn<T>, bytes: Uint8Array, options?: DecodeOptions): T {
  let r: Reader | undefined;
  try {
    r = new Reader(bytes, options?.limits);
    const v = read(r, options?.context);
    r.finish();
    return v;
  } catch (err) {
    throw asDecodeError(err, typeName, r?.p ?? 0);
  }
}

function asDecodeError(err: unknown, typeName: string, offset: number): DecodeError {
  if (err instanceof DecodeError) return err.within(typeName);
  // A RangeError from a runaway recursion, or a bug: still a DecodeError, never a foreign exception.
  return new DecodeError('internal', offset, err instanceof Error ? err.message : String(err), [typeName]);
}

function asEncodeError(err: unknown, typeName: string): EncodeError {
  if (err instanceof EncodeError) return err.within(typeName);
  if (err instanceof DecodeError) return new EncodeError('invalid-value', err.detail, [typeName, ...err.path]);
  return new EncodeError('invalid-value', err instanceof Error ? err.message : String(err), [typeName]);
}

/** A context value a decoder's select needs; a DecodeError when the caller did not supply it. */
export function decodeContext(ctx: CodecContext | undefined, name: string, offset: number): string | number {
  const v = ctx?.[name];
  if (v === undefined) throw new DecodeError('missing-context', offset, `needs context value '${name}'`);
  return v;
}

/** The same for encoders. */
export function encodeContext(ctx: CodecContext | undefined, name: string): string | number {
  const v = ctx?.[name];
  if (v === undefined) throw new EncodeError('missing-context', `needs context value '${name}'`);
  return v;
}
