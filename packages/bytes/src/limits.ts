/**
 * The resource limits of the TLS and CBOR decoders, one vocabulary for both. Every length is
 * checked against the remaining input first, so no length field can make a decoder read or loop
 * beyond the input; these limits bound what the input itself can make a decoder do: how large it
 * may be, how deep it may nest, and how much heap the decoded value may take (an input of tiny
 * elements, such as a vector of empty certificates, would otherwise cost ~160 heap bytes per input
 * byte). Each codec has its own defaults (@mimikit/tls DEFAULT_LIMITS, @mimikit/cbor
 * DEFAULT_CONTENT_LIMITS) and past a limit fails with the LimitErrorKind of the same name.
 */
export interface CodecLimits {
  /** Maximum nesting (`depth-limit`): TLS struct values, CBOR arrays, maps and tags. */
  maxDepth: number;
  /** Maximum total input size in bytes (`size-limit`). */
  maxInputBytes: number;
  /**
   * Estimated heap bytes the decoded value may take per input byte: the values a decoder builds are
   * charged what V8 spends on them (HEAP_COST), and the decode fails with `allocation-limit` past
   * `allocationBase + allocationPerInputByte × input length`. `Infinity` turns the budget off.
   */
  allocationPerInputByte: number;
  /** The part of the allocation budget every input gets, so that small inputs are never refused. */
  allocationBase: number;
}

/**
 * Merging a caller's partial limits with the defaults, shared by the TLS and CBOR codecs. Each
 * limit the caller left out, or set to undefined, keeps its default: an explicit `undefined` must
 * not switch a limit off. A value that is not a number >= 0 is a RangeError, because NaN would
 * make every `>` comparison false and so turn the limit off too. `Infinity` is allowed: that is
 * how a caller turns a limit off on purpose.
 */
export function resolveLimits<T extends Record<keyof T, number>>(defaults: Readonly<T>, given: Partial<T> | undefined, what: string): Readonly<T> {
  if (!given || given === defaults) return defaults;
  const out: T = { ...defaults };
  for (const name of Object.keys(defaults) as Array<keyof T>) {
    const v = given[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !(v >= 0)) throw new RangeError(`${what}.${String(name)} must be a number >= 0, got ${String(v)}`);
    out[name] = v;
  }
  return out;
}
