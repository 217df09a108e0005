/** The codecs' round-trip check: an accepted input must re-encode to exactly its own bytes. */
import { toHex } from '@mimikit/tls';
import type { Outcome } from './target.ts';

/** Accepted when the re-encoding is the input; else a round-trip violation keyed by where they first differ. */
export function sameBytes(input: Uint8Array, again: Uint8Array): Outcome {
  let i = 0;
  while (i < input.length && i < again.length && input[i] === again[i]) i++;
  if (i === input.length && i === again.length) return { accepted: true };
  const was = toHex(input.subarray(i, i + 4));
  const now = toHex(again.subarray(i, i + 1));
  return {
    failure: 'round-trip',
    detail: `accepted, but re-encodes differently from byte ${i} (input ${was}…, re-encoding ${toHex(again.subarray(i, i + 4))}…): ${abbreviate(toHex(again))}`,
    key: `${was} re-encoded as ${now}`,
  };
}

export function abbreviate(hex: string): string {
  return hex.length > 200 ? `${hex.slice(0, 200)}… (${hex.length / 2} bytes)` : hex;
}
