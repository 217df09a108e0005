/**
 * What the values a decoder builds cost on V8's heap, for the allocation budgets of the TLS and
 * CBOR readers. A decoder that checks every length against the remaining input still allocates
 * far more than the input when the elements are tiny: an empty certificate is one input byte and
 * an object plus a Uint8Array view (~160 heap bytes). The readers charge these estimates against
 * a budget proportional to the input (`allocationBudget`) and refuse the input when it runs out.
 *
 * Measured on Node 20 (V8 11.3, x64, no pointer compression) with `node --expose-gc`: heapUsed
 * after gc() around 10^5 live values of each kind. Each charge includes SLOT, the reference that
 * holds the value (an array element or a property; 8 bytes, up to 12 with array growth slack), so
 * that an element of a vector is fully paid for by the charge for what it is.
 */

/** A reference in an array or object, with the growth slack of an array that was pushed to. */
const SLOT = 12;

export const HEAP_COST = {
  /** `{}` with up to 4 properties (in-object; more add ~10 bytes each, about one per input byte). */
  object: 56 + SLOT,
  /** `[]` that stays empty (JSArray header only). */
  emptyArray: 32 + SLOT,
  /**
   * `[]` after its first push: header plus a 17-slot backing store (V8 grows capacity to
   * 1.5 n + 16), 184 bytes. Later elements cost 8 bytes each, 12 right after a growth.
   */
  array: 184 + SLOT,
  /** One more element of an array whose count is known up front (CBOR): 8 bytes plus growth slack. */
  arrayElement: SLOT,
  /** A Uint8Array view on the input (JSTypedArray: ~95 bytes, the bytes themselves are shared). */
  view: 96 + SLOT,
  /** A bigint of up to 64 bits (24-32 bytes). */
  bigint: 32 + SLOT,
  /** A boxed double (HeapNumber), e.g. a non-integral float. */
  heapNumber: 16 + SLOT,
  /** An instance of a small class (CborTag, CborSimple, CborFloat): 40 bytes, 56 with a double field. */
  smallObject: 56 + SLOT,
  /** An empty Map (184 bytes: it starts with room for a few entries). */
  map: 184 + SLOT,
  /** One Map entry: ~28 bytes amortised, 56 right after the table doubled. */
  mapEntry: 56,
  /** A string's header (a short string is 24-32 bytes in all). */
  string: 32 + SLOT,
  /**
   * Per UTF-8 byte of a string's text: at most 2 heap bytes (one non-Latin-1 character makes V8
   * store the whole string with 2 bytes per character, ASCII included).
   */
  stringByte: 2,
} as const;

/**
 * The budget of estimated heap bytes for decoding `inputLength` bytes: `base` for every input
 * (so small inputs are never refused), plus `perInputByte` for each input byte.
 */
export function allocationBudget(inputLength: number, perInputByte: number, base: number): number {
  return base + perInputByte * inputLength;
}

/** The detail of an `allocation-limit` error, the same for both codecs. */
export function overBudgetDetail(inputLength: number): string {
  return `the decoded value would take more heap than the allocation budget of this ${inputLength}-byte input allows (too many small elements)`;
}
