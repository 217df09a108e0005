/**
 * The codec contract, the same for TLS and CBOR: decode returns a value or throws the codec's
 * typed error (not of kind `internal`, with an offset inside the input and a path that starts at
 * the type), and an accepted input re-encodes to exactly its own bytes.
 */
import { toHex } from '@mimikit/bytes';
import { describeThrown, type Outcome, type Violation } from './target.ts';

/** What DecodeError and ContentError have in common. */
export interface TypedCodecError {
  kind: string;
  offset: number;
  path: string[];
  detail: string;
  message: string;
}

/**
 * `keyAt`, when given, names a round-trip failure by what sits at the first differing byte (the
 * CBOR target says "float", so that every non-canonical NaN is one finding).
 */
export function checkCodecContract(
  typeName: string,
  data: Uint8Array,
  decode: (data: Uint8Array) => unknown,
  encode: (value: unknown) => Uint8Array,
  isTyped: (err: unknown) => err is TypedCodecError,
  keyAt?: (data: Uint8Array, offset: number) => string | undefined,
): Outcome {
  let value: unknown;
  try {
    value = decode(data);
  } catch (err) {
    if (!isTyped(err)) return { failure: 'foreign-exception', detail: describeThrown(err) };
    if (err.kind === 'internal') return { failure: 'internal-error', detail: err.message, key: err.detail };
    if (!Number.isInteger(err.offset) || err.offset < 0 || err.offset > data.length)
      return { failure: 'malformed-error', detail: `offset ${err.offset} outside [0, ${data.length}]: ${err.message}` };
    if (err.path[0] !== typeName) return { failure: 'malformed-error', detail: `path does not start at ${typeName}: ${err.message}` };
    return { accepted: false };
  }
  let again: Uint8Array;
  try {
    again = encode(value);
  } catch (err) {
    return {
      failure: 'round-trip',
      detail: `accepted, but the value does not encode: ${describeThrown(err)}`,
      key: `encode throws ${err instanceof Error ? err.name : ''}`,
    };
  }
  const outcome = sameBytes(data, again);
  if (!keyAt || !('offset' in outcome)) return outcome;
  const key = keyAt(data, outcome.offset);
  return key ? { ...outcome, key } : outcome;
}

/** Accepted when the re-encoding is the input; else a round-trip violation keyed by where they first differ. */
export function sameBytes(input: Uint8Array, again: Uint8Array): Outcome | (Violation & { offset: number }) {
  let i = 0;
  while (i < input.length && i < again.length && input[i] === again[i]) i++;
  if (i === input.length && i === again.length) return { accepted: true };
  const was = toHex(input.subarray(i, i + 4));
  const now = toHex(again.subarray(i, i + 1));
  return {
    failure: 'round-trip',
    detail: `accepted, but re-encodes differently from byte ${i} (input ${was}…, re-encoding ${toHex(again.subarray(i, i + 4))}…): ${abbreviate(toHex(again))}`,
    key: `${was} re-encoded as ${now}`,
    offset: i,
  };
}

export function abbreviate(hex: string): string {
  return hex.length > 200 ? `${hex.slice(0, 200)}… (${hex.length / 2} bytes)` : hex;
}
