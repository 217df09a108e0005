/** Lowercase hex, the JSON and CLI form of byte strings. */
import { Buffer } from 'node:buffer';

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Strict: even length, hex digits only (whitespace is not accepted silently). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError(`not a hex string: ${hex.length > 40 ? `${hex.slice(0, 40)}…` : hex}`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
