/**
 * Sequences: one or more values of one type back to back, with nothing between them (a /notify
 * body carrying several FanoutMessages). TLS-PL structs are self-delimiting, so no framing is
 * needed: each value ends where its reader stops, and the next begins there.
 */
import { concatBytes } from '@mimikit/bytes';
import type { Codec, CodecContext, DecodeOptions } from './codec.ts';
import { DecodeError } from './errors.ts';
import { Reader } from './reader.ts';

/**
 * Decodes `bytes` as one or more `codec` values back to back, strictly: the limits apply to the
 * whole input, the last value must end at its last byte, and an empty input is a `truncated`
 * DecodeError. An error's offset is within `bytes` and its path starts with the value's index,
 * e.g. `FanoutMessage[2].timestamp`.
 */
export function decodeSequence<T>(codec: Codec<T>, bytes: Uint8Array, options?: DecodeOptions): T[] {
  let r: Reader | undefined;
  const values: T[] = [];
  try {
    r = new Reader(bytes, options?.limits);
    if (r.remaining === 0) r.fail('truncated', `a sequence of ${codec.name} needs at least one value`);
    while (r.remaining > 0) {
      const at = r.p;
      try {
        values.push(codec.read(r, options?.context));
      } catch (err) {
        if (err instanceof DecodeError) throw err.within(`[${values.length}]`);
        throw new DecodeError('internal', r.p, err instanceof Error ? err.message : String(err), [`[${values.length}]`]);
      }
      // A value that consumed nothing would repeat forever (a type that can be empty).
      if (r.p === at) r.fail('zero-size-element', `${codec.name}[${values.length - 1}] occupies no bytes`);
    }
    return values;
  } catch (err) {
    if (err instanceof DecodeError) throw err.within(codec.name);
    throw new DecodeError('internal', r?.p ?? 0, err instanceof Error ? err.message : String(err), [codec.name]);
  }
}

/** Encodes `values` back to back (the inverse of decodeSequence); an empty array is a TypeError. */
export function encodeSequence<T>(codec: Codec<T>, values: readonly T[], context?: CodecContext): Uint8Array {
  if (values.length === 0) throw new TypeError(`a sequence of ${codec.name} needs at least one value`);
  return concatBytes(values.map((v) => codec.encode(v, context)));
}
