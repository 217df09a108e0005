/** The codec object every generated content rule exports, wrapping its read and write functions. */
import { ContentError } from './errors.ts';
import { contentLimits, type ContentLimits } from './limits.ts';
import { CborReader } from './reader.ts';
import { CborWriter } from './writer.ts';

export interface ContentDecodeOptions {
  /** Limits to use instead of DEFAULT_CONTENT_LIMITS; one left out or undefined keeps its default. */
  limits?: Partial<ContentLimits>;
}

/** The same limits object: the encoder applies maxDepth, so it never writes what decode refuses. */
export type ContentEncodeOptions = ContentDecodeOptions;

export interface ContentCodec<T> {
  /** The CDDL rule name. */
  readonly name: string;
  /**
   * Deterministic CBOR (RFC 8949 §4.2.1). Throws ContentError for values outside the schema, and
   * `depth-limit` for nesting deeper than the decoder accepts (the same maxDepth).
   */
  encode(value: T, options?: ContentEncodeOptions): Uint8Array;
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
    encode(value: T, options?: ContentEncodeOptions): Uint8Array {
      const w = sharedBusy ? new CborWriter() : shared;
      sharedBusy = true;
      w.reset();
      try {
        w.maxDepth = contentLimits(options?.limits).maxDepth;
        write(w, value);
        return w.finish();
      } catch (err) {
        throw asContentError(err, name, -1);
      } finally {
        if (w === shared) sharedBusy = false;
      }
    },
    decode(bytes: Uint8Array, options?: ContentDecodeOptions): T {
      let r: CborReader | undefined;
      try {
        r = new CborReader(bytes, options?.limits);
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
