/**
 * The printf formats of the CDDL control `.printf` (RFC 9741 §2.3): a C format string
 * (C17 7.21.6.1) without length modifiers, `%p` or `%n`, whose output a text string must be.
 *
 * The validator reads a text back rather than printing every value the controller allows (with
 * `hexlabel<1..20>` that would be twenty texts): {@link readPrintf} cuts the text at the format's
 * literal parts, parses each piece by its conversion, and prints the value again, so a text
 * matches only when it is exactly what printf would write for that value. The pieces are cut at
 * the first occurrence of the literal that follows them; two conversions with no literal between
 * them cannot be told apart and are refused, as are the floating-point conversions (`%f`, `%e`,
 * `%g`, `%a`) and a `*` width or precision, which this reader does not implement.
 */

/** A format this reader cannot use (or RFC 9741 does not allow). */
export class PrintfError extends Error {}

interface Conversion {
  flags: string;
  width: number;
  precision: number | null;
  conv: 'd' | 'i' | 'u' | 'x' | 'X' | 'o' | 's' | 'c';
}

type Part = string | Conversion;

const SPEC = /%([-+ #0]*)([0-9]*)(?:\.([0-9]*))?([a-zA-Z%*])/y;

function parseFormat(format: string): Part[] {
  const parts: Part[] = [''];
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      parts[parts.length - 1] += format.slice(i);
      break;
    }
    parts[parts.length - 1] += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format);
    if (!m) throw new PrintfError(`'${format.slice(pct, pct + 6)}' is not a printf conversion`);
    const [whole, flags = '', width = '', precision, conv = ''] = m;
    i = pct + whole.length;
    if (conv === '%' && whole === '%%') {
      parts[parts.length - 1] += '%';
      continue;
    }
    if ('hlLqjzt'.includes(conv)) throw new PrintfError(`the length modifier in '${whole}' is not allowed in .printf (RFC 9741 §2.3)`);
    if (conv === 'p' || conv === 'n') throw new PrintfError(`'%${conv}' is not allowed in .printf (RFC 9741 §2.3)`);
    if (conv === '*' || 'feEgGaA'.includes(conv))
      throw new PrintfError(`'${whole}' (a floating-point conversion or '*') is not supported by the .printf reader`);
    if (!'diuxXosc'.includes(conv)) throw new PrintfError(`'${whole}' is not a printf conversion`);
    if (parts.length > 1 && parts[parts.length - 1] === '') {
      throw new PrintfError(`two conversions with nothing between them ('${whole}') cannot be read back from a text`);
    }
    parts.push({ flags, width: Number(width || 0), precision: precision === undefined ? null : Number(precision || 0), conv: conv as Conversion['conv'] }, '');
  }
  return parts;
}

/** What printf writes for one conversion (C17 7.21.6.1, the integer, `s` and `c` conversions). */
function formatConversion(c: Conversion, value: bigint | string): string {
  let body: string;
  let prefix = '';
  if (c.conv === 's') {
    body = String(value);
    if (c.precision !== null) body = [...body].slice(0, c.precision).join('');
  } else if (c.conv === 'c') {
    body = String.fromCodePoint(Number(value));
  } else {
    const n = BigInt(value);
    const negative = n < 0n;
    const base = c.conv === 'x' || c.conv === 'X' ? 16 : c.conv === 'o' ? 8 : 10;
    let digits = (negative ? -n : n).toString(base);
    if (c.conv === 'X') digits = digits.toUpperCase();
    if (c.precision !== null) digits = c.precision === 0 && n === 0n ? '' : digits.padStart(c.precision, '0');
    if (c.flags.includes('#') && c.conv === 'o' && !digits.startsWith('0')) digits = `0${digits}`;
    if (c.flags.includes('#') && n !== 0n && (c.conv === 'x' || c.conv === 'X')) prefix = c.conv === 'x' ? '0x' : '0X';
    if (negative) prefix = `-${prefix}`;
    else if ((c.conv === 'd' || c.conv === 'i') && c.flags.includes('+')) prefix = `+${prefix}`;
    else if ((c.conv === 'd' || c.conv === 'i') && c.flags.includes(' ')) prefix = ` ${prefix}`;
    if (c.flags.includes('0') && !c.flags.includes('-') && c.precision === null) digits = digits.padStart(c.width - prefix.length, '0');
    body = prefix + digits;
  }
  const pad = Math.max(0, c.width - [...body].length);
  return c.flags.includes('-') ? body + ' '.repeat(pad) : ' '.repeat(pad) + body;
}

/** Reads one piece back: the value printf would have been given, or null when none prints as `piece`. */
function readPiece(c: Conversion, piece: string): bigint | string | null {
  let value: bigint | string;
  if (c.conv === 's') value = piece.trim() === '' ? '' : c.flags.includes('-') ? piece.replace(/ +$/, '') : piece.replace(/^ +/, '');
  else if (c.conv === 'c') {
    // The character is at the end of its padding, or at the start when left-justified.
    const chars = [...piece];
    const ch = c.flags.includes('-') ? chars[0] : chars[chars.length - 1];
    if (ch === undefined) return null;
    value = BigInt(ch.codePointAt(0)!);
  } else {
    const m = /^ *([-+ ]?)(?:0[xX])?([0-9a-fA-F]*) *$/.exec(piece);
    if (!m) return null;
    const base = c.conv === 'x' || c.conv === 'X' ? 16 : c.conv === 'o' ? 8 : 10;
    const digits = m[2] || '0';
    if (![...digits].every((d) => parseInt(d, 16) < base)) return null;
    const magnitude = [...digits].reduce((acc, d) => acc * BigInt(base) + BigInt(parseInt(d, 16)), 0n);
    value = m[1] === '-' ? -magnitude : magnitude;
  }
  return formatConversion(c, value) === piece ? value : null;
}

/**
 * The values a text was printed from with `format` (one per conversion: a bigint for the integer
 * and `c` conversions, a string for `s`), or null when printf cannot have written it. Throws
 * PrintfError for a format this reader cannot use.
 */
export function readPrintf(format: string, text: string): Array<bigint | string> | null {
  const parts = parseFormat(format);
  const first = parts[0] as string;
  if (!text.startsWith(first)) return null;
  let pos = first.length;
  const values: Array<bigint | string> = [];
  for (let i = 1; i < parts.length; i += 2) {
    const c = parts[i] as Conversion;
    const literal = parts[i + 1] as string;
    const last = i + 2 >= parts.length;
    const end = last ? text.length - literal.length : literal === '' ? -1 : text.indexOf(literal, pos);
    if (end < pos || (last && !text.endsWith(literal))) return null;
    const value = readPiece(c, text.slice(pos, end));
    if (value === null) return null;
    values.push(value);
    pos = end + literal.length;
  }
  return pos === text.length ? values : null;
}
