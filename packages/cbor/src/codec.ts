/** The codec object every generated content rule exports, wrapping its read and write functions. */
import { ContentError } from './errors.ts';
import { DEFAULT_CONTENT_LIMITS, type ContentLimits } from './limits.ts';
import { CborReader } from './reader.ts';
import { CborWriter } from './writer.ts';

export interface ContentDecodeOptions {
  limits?: Partial<ContentLimits>;
}

export interface ContentCodec<T> {
  /** The CDDL rule name. */
  readonly name: string;
  /** Deterministic CBOR (RFC 8949 §4.2.1). Throws ContentError for values outside the schema. */
  encode(value: T): Uint8Array;
  /** Strict decode and validation in one pass; anything left over is an error. */
  decode(bytes: Uint8Array, options?: ContentDecodeOptions): T;
  readonly read: (r: CborReader) => T;
  readonly write: (w: CborWriter, v: T) => void;
}

/**
 * One writer shared by every encode: its buffer grows to the largest content seen and is reused,
 * so an encode allocates only its result. Encoders never call encode themselves, so the writer is
 * never in use twice at once; the guard makes a violation of that visible instead of corrupting.
 */
const shared = new CborWriter(1024);
let sharedBusy = false;

export function defineContentCodec<T>(name: string, read: (r: CborReader) => T, write: (w: CborWriter, v: T) => void): ContentCodec<T> {
  return {
    name,
    read,
    write,
    encode(value: T): Uint8Array {
      const w = sharedBusy ? new CborWriter() : shared;
      sharedBusy = true;
      w.reset();
      try {
        write(w, value);
        return w.finish();
      } catch (err) {
        throw asContentError(err, name, -1);
      } finally {
        if (w === shared) sharedBusy = false;
      }
    },
    decode(bytes: Uint8Array, options?: ContentDecodeOptions): T {
      const limits = options?.limits
        ? {
            maxDepth: options.limits.maxDepth ?? DEFAULT_CONTENT_LIMITS.maxDepth,
            maxInputBytes: options.limits.maxInputBytes ?? DEFAULT_CONTENT_LIMITS.maxInputBytes,
          }
        : DEFAULT_CONTENT_LIMITS;
      let r: CborReader | undefined;
      try {
        r = new CborReader(bytes, limits);
        const v = read(r);
        r.finish();
        return v;
      } catch (err) {
        throw asContentError(err, name, r?.p ?? 0);
      }
    },
  };
}

function asContentError(err: unknown, name: string, offset: number): ContentError {
  if (err instanceof ContentError) return err.within(name);
  return new ContentError('internal', offset, err instanceof Error ? err.message : String(err), [name]);
}
