/**
 * Lowercase hex, the JSON and CLI form of byte strings, without Node's Buffer so that the codecs
 * run in a browser too. Parsing is strict: an odd length or a character that is not a hex digit
 * (whitespace, `0x`, a sign) is a HexError with the offending offset, never skipped or truncated
 * as Buffer.from(s, 'hex') does silently.
 */
import { CodecError } from './errors.ts';

export type HexErrorKind =
  /** The string has an odd number of characters; offset: its length. */
  | 'odd-length'
  /** A character that is not 0-9, a-f or A-F; offset: its index in the string. */
  | 'invalid-hex-digit';

/**
 * A string that is not hex. `offset` is a character index in that string, not a byte offset. The
 * detail (the message, and `message` in toJSON) says what is wrong first, with the length or the
 * position, then the string: `odd number of hex digits (3): abc`.
 */
export class HexError extends CodecError<HexErrorKind> {
  constructor(kind: HexErrorKind, offset: number, text: string) {
    const why = kind === 'odd-length' ? `odd number of hex digits (${offset})` : `not a hex digit at character ${offset}`;
    super('HexError', kind, offset, `${why}: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`, []);
  }

  protected override describe(): string {
    return this.detail;
  }
}

const DIGITS = '0123456789abcdef';
/** Byte → its two lowercase digits. */
const BYTE_TO_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) => DIGITS[b >> 4]! + DIGITS[b & 15]!);

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += BYTE_TO_HEX[bytes[i]!]!;
  return out;
}

/** The value of the hex digit with character code `c` (0-9, a-f, A-F), or -1 for any other character. */
export function hexDigitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30; // 0-9
  const lower = c | 0x20; // A-F → a-f; leaves other characters outside a-f
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** Strict: even length, hex digits only (upper or lower case). */
export function fromHex(hex: string): Uint8Array {
  if (hex.length % 2 !== 0) throw new HexError('odd-length', hex.length, hex);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigitValue(hex.charCodeAt(2 * i));
    const lo = hexDigitValue(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new HexError('invalid-hex-digit', hi < 0 ? 2 * i : 2 * i + 1, hex);
    out[i] = (hi << 4) | lo;
  }
  return out;
}
