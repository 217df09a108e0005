/**
 * The byte-string-as-text encodings of the CDDL controls in RFC 9741 §2.1 (`.b64u`, `.b64c`,
 * their `-sloppy` forms, `.b32`, `.h32`, `.hex`, `.hexlc`, `.hexuc`, `.b45`) and the integer
 * numeral of `.base10` (§2.2). Decoding is strict as RFC 9741 requires: only the operator's own
 * alphabet, padding exactly where RFC 4648 puts it (`.b64c`) or nowhere (the others), and unused
 * trailing bits zero (except `-sloppy`). Node's Buffer decoders are lenient on all of these, hence
 * the hand-written decoder. It lives in the runtime because both the CDDL validator
 * (generators/lint/cddl-validate.ts) and generated content codecs (`text .b64u bytes`) check text
 * with it.
 */

const B64C = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const H32 = '0123456789ABCDEFGHIJKLMNOPQRSTUV';
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

/** The RFC 9741 control names this module decodes. */
export const TEXT_ENCODINGS: ReadonlySet<string> = new Set(['b64u', 'b64u-sloppy', 'b64c', 'b64c-sloppy', 'b32', 'h32', 'hex', 'hexlc', 'hexuc', 'b45']);

/**
 * RFC 4648 base 2^bits with `alphabet`: the bytes, or null when `text` is not a strict encoding.
 * `padded`: the text is padded with `=` to a whole quantum (required then).
 */
function decodeBase(text: string, alphabet: string, bits: 4 | 5 | 6, padded: boolean, sloppy: boolean): Uint8Array | null {
  let body = text;
  if (padded) {
    const quantum = bits === 6 ? 4 : 8;
    if (text.length % quantum !== 0) return null;
    body = text.replace(/=+$/, '');
    const pad = text.length - body.length;
    // The padding is exactly what completes the last quantum, no more.
    if (pad !== (quantum - (body.length % quantum)) % quantum) return null;
  }
  const leftover = (body.length * bits) % 8;
  if (leftover >= bits) return null; // a character that carries no whole byte's bits
  const out = new Uint8Array(Math.floor((body.length * bits) / 8));
  let acc = 0;
  let have = 0;
  let n = 0;
  for (const ch of body) {
    const v = alphabet.indexOf(ch);
    if (v < 0) return null;
    acc = ((acc << bits) | v) & 0xffff;
    have += bits;
    if (have >= 8) {
      have -= 8;
      out[n++] = (acc >> have) & 0xff;
    }
  }
  if (!sloppy && have > 0 && (acc & ((1 << have) - 1)) !== 0) return null;
  return out;
}

/** RFC 9285 base45: pairs of bytes as three characters, a last single byte as two. */
function decodeBase45(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out: number[] = [];
  for (let i = 0; i < text.length; i += 3) {
    const digits = [...text.slice(i, i + 3)].map((c) => B45.indexOf(c));
    if (digits.some((d) => d < 0)) return null;
    const [c = 0, d = 0, e = 0] = digits;
    const n = c + d * 45 + e * 45 * 45;
    if (digits.length === 3) {
      if (n > 0xffff) return null;
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) return null;
      out.push(n);
    }
  }
  return Uint8Array.from(out);
}

/** The bytes `text` encodes under the RFC 9741 control `name`, or null when it is not a strict encoding. */
export function decodeTextEncoding(name: string, text: string): Uint8Array | null {
  switch (name) {
    case 'b64u':
    case 'b64u-sloppy':
      return decodeBase(text, B64U, 6, false, name.endsWith('sloppy'));
    case 'b64c':
    case 'b64c-sloppy':
      return decodeBase(text, B64C, 6, true, name.endsWith('sloppy'));
    case 'b32':
      return decodeBase(text, B32, 5, false, false);
    case 'h32':
      return decodeBase(text, H32, 5, false, false);
    case 'hex':
      // Either case, also mixed within one string.
      return decodeBase(text.toLowerCase(), '0123456789abcdef', 4, false, false);
    case 'hexlc':
      return decodeBase(text, '0123456789abcdef', 4, false, false);
    case 'hexuc':
      return decodeBase(text, '0123456789ABCDEF', 4, false, false);
    case 'b45':
      return decodeBase45(text);
    default:
      return null;
  }
}

/** `.base10`: the integer a decimal numeral `0|-?[1-9][0-9]*` stands for, or null. */
export function parseBase10(text: string): bigint | null {
  return /^(?:0|-?[1-9][0-9]*)$/.test(text) ? BigInt(text) : null;
}
