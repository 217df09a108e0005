/**
 * Tokeniser for CDDL (RFC 8610 Appendix B, with the RFC 9682 string escapes).
 *
 * Comments (`;` to end of line) are not tokens, but each token carries the comments between it and
 * the previous token, so the parser can include a rule's trailing comment in its text and pick up
 * the extractor's `; source: …` provenance lines. The lexer never fails: a character outside the
 * language becomes an `unknown` token, and a malformed literal becomes a token marked `invalid`
 * (after a diagnostic), so the parser can report in context and recover.
 *
 * Literals are decoded here: text strings carry their value, byte strings their bytes as lowercase
 * hex. Numbers are left as written; the parser converts them (and reports bad ones in context).
 */

import { encodeUtf8, toHex } from '@mimikit/bytes';
import type { Diagnostic } from '../../common/diagnostics.ts';
import { LexCursor, type CoreToken, type LexedComment } from '../../common/lexer-core.ts';

export type TokenKind =
  /** A name: `uint`, `encoded-cbor`, `$socket`, `$$group-socket`. */
  | 'ident'
  /** Anything number-like as written: `12`, `-1`, `0x1F`, `0b101`, `1.5e3`, also malformed `007`, `12ab`. */
  | 'number'
  /** `"…"`; `value` is the decoded text. */
  | 'text'
  /** `'…'`, `h'…'`, `b64'…'`; `value` is the bytes as lowercase hex. */
  | 'bytes'
  /** `#`, `#6`, `#6.1001`, `#0.5`: major type and optional argument. */
  | 'hash'
  /** `.size`, `.default`, …: a control operator (`text` includes the dot). */
  | 'control'
  | 'punct'
  | 'unknown'
  | 'eof';

/** A `;` comment (`text` without the `;`). */
export interface Comment extends LexedComment {
  /** Offsets into the source of the whole comment, `;` included. */
  offset: number;
  end: number;
}

export interface Token extends CoreToken<Comment> {
  kind: TokenKind;
  /** Decoded text (`text` tokens) or lowercase hex (`bytes` tokens). */
  value?: string;
  /** The lexer already reported this token as malformed. */
  invalid?: boolean;
}

/** RFC 8610 `id`: EALPHA *(*("-" / ".") (EALPHA / DIGIT)), except that `..` always ends a name. */
const IDENT = /[A-Za-z@_$](?:[-.]*[A-Za-z0-9@_$])*/y;
const HEX_NUMBER = /-?0[xX][0-9a-fA-F]*(?:\.[0-9a-fA-F]+)?(?:[pP][+-]?[0-9]+)?/y;
const BIN_NUMBER = /-?0[bB][01]*/y;
const DEC_NUMBER = /-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const NUMBER_TAIL = /[A-Za-z0-9_]*/y;
/**
 * `#`, `#m`, `#m.uint` (the uint may be hex or binary, RFC 8610 `uint`), and `#6.` / `#7.` right
 * before `<` (RFC 9682 `head-number = uint / ("<" type ">")`: the parser reads the type).
 */
const HASH = /#(?:[0-9](?:\.(?:0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+|(?=<)))?)?/y;
const CONTROL = /\.[A-Za-z@_$](?:[-.]*[A-Za-z0-9@_$])*/y;

/**
 * The name at the start of `match`, cut before any `..`: RFC 8610 lets names contain dots, but
 * `min..max` is far more likely a range than one name.
 */
function cutAtRange(match: string): string {
  const dots = match.indexOf('..');
  return dots === -1 ? match : match.slice(0, dots).replace(/[-.]+$/, '');
}
/** Longest first. */
const PUNCTUATION = ['//=', '...', '//', '/=', '=>', '..', '=', '/', '(', ')', '{', '}', '[', ']', '<', '>', ',', ':', '^', '?', '*', '+', '~', '&'];

export function lex(source: string, file: string): { tokens: Token[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cur = new LexCursor<Token>(source);

  const report = (at: { line: number; col: number }, code: string, message: string, hint?: string): void => {
    const d: Diagnostic = { file, line: at.line, col: at.col, severity: 'error', code, message };
    if (hint !== undefined) d.hint = hint;
    diagnostics.push(d);
  };

  while (!cur.done) {
    const { i, line, col } = cur;
    const c = source[i] as string;

    if (/\s/.test(c)) {
      cur.advance(1);
      continue;
    }

    if (c === ';') {
      const stop = cur.endOfLine();
      cur.comment({ text: source.slice(i + 1, stop).trim(), line, col, offset: i, end: stop });
      cur.advance(stop - i);
      continue;
    }

    if (c === '"') {
      const { length, value, invalid } = lexText(source, i, { line, col }, report);
      cur.push('text', length, invalid ? { value, invalid } : { value });
      continue;
    }

    // Byte strings: 'text', h'hex', b64'base64'. Checked before names since `h` and `b64` are names too.
    const qualifier = c === "'" ? '' : /^(?:h|b64)'/.exec(source.slice(i, i + 4))?.[0].slice(0, -1);
    if (qualifier !== undefined) {
      const { length, value, invalid } = lexBytes(source, i, qualifier, { line, col }, report);
      cur.push('bytes', length, invalid ? { value, invalid } : { value });
      continue;
    }

    IDENT.lastIndex = i;
    const ident = IDENT.exec(source);
    if (ident) {
      cur.push('ident', cutAtRange(ident[0]).length);
      continue;
    }

    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      const digitsAt = c === '-' ? i + 1 : i;
      const radix = source[digitsAt] === '0' ? source[digitsAt + 1] : undefined;
      const pattern = radix === 'x' || radix === 'X' ? HEX_NUMBER : radix === 'b' || radix === 'B' ? BIN_NUMBER : DEC_NUMBER;
      pattern.lastIndex = i;
      const m = pattern.exec(source);
      let length = m ? m[0].length : 1;
      // Glue letters and digits that follow (`12ab`, `0x1g`) so the parser reports one bad number.
      NUMBER_TAIL.lastIndex = i + length;
      length += NUMBER_TAIL.exec(source)?.[0].length ?? 0;
      cur.push('number', length);
      continue;
    }

    if (c === '#') {
      HASH.lastIndex = i;
      cur.push('hash', HASH.exec(source)?.[0].length ?? 1);
      continue;
    }

    if (c === '.' && source[i + 1] !== '.') {
      CONTROL.lastIndex = i;
      const control = CONTROL.exec(source);
      if (control) {
        cur.push('control', 1 + cutAtRange(control[0].slice(1)).length);
        continue;
      }
    }

    const punct = PUNCTUATION.find((p) => source.startsWith(p, i));
    if (punct) {
      cur.push('punct', punct.length);
      continue;
    }

    cur.push('unknown', 1);
  }

  return { tokens: cur.finish(), diagnostics };
}

type Report = (at: { line: number; col: number }, code: string, message: string, hint?: string) => void;

/** RFC 9682 SESC: JSON's escapes (and `\'` in byte strings only, BCHAR), plus `\u` below. */
const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/**
 * Characters RFC 9682 keeps out of string literals (SCHAR, BCHAR): C0 controls other than a line
 * break in a byte string, DEL and the C1 controls; they are invisible in a draft, so a reader
 * cannot tell what the literal holds.
 */
function forbiddenInString(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return (c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f);
}

/**
 * The `\u` escape at body[k] (`\uXXXX`, `\uHHHH\uLLLL`, `\u{X…}`), per RFC 9682 `hexchar`: a Unicode
 * scalar value, so a surrogate code point is only accepted as the high half of a JSON-style pair.
 */
function unicodeEscape(body: string, k: number): { text: string; length: number } | null {
  const rest = body.slice(k + 2, k + 16);
  const braced = /^\{([0-9a-fA-F]+)\}/.exec(rest);
  if (braced) {
    const digits = (braced[1] as string).replace(/^0+(?=.)/, '');
    const code = digits.length <= 6 ? parseInt(digits, 16) : Number.NaN;
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || Number.isNaN(code)) return null;
    return { text: String.fromCodePoint(code), length: 2 + braced[0].length };
  }
  const plain = /^[0-9a-fA-F]{4}/.exec(rest);
  if (!plain) return null;
  const code = parseInt(plain[0], 16);
  if (code >= 0xdc00 && code <= 0xdfff) return null;
  if (code < 0xd800 || code > 0xdbff) return { text: String.fromCodePoint(code), length: 6 };
  const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(rest.slice(4));
  if (!low) return null;
  return { text: String.fromCodePoint(0x10000 + ((code - 0xd800) << 10) + (parseInt(low[1] as string, 16) - 0xdc00)), length: 12 };
}

/**
 * Decodes the escapes of a string body (RFC 9682 SESC; `\'` too in a byte string). Returns the
 * decoded text; reports bad escapes and forbidden characters at their position (`at` is the
 * position of body[0]).
 */
function unescapeText(body: string, at: { line: number; col: number }, report: Report, quote: '"' | "'"): { value: string; invalid: boolean } {
  let out = '';
  let invalid = false;
  let line = at.line;
  let col = at.col;
  let k = 0;
  const step = (n: number): void => {
    for (let j = 0; j < n && k < body.length; j++) {
      if (body[k] === '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
      k++;
    }
  };
  while (k < body.length) {
    const ch = body[k] as string;
    if (ch !== '\\') {
      if (forbiddenInString(ch) && !(quote === "'" && ch === '\r' && body[k + 1] === '\n')) {
        const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
        report(
          { line, col },
          'invalid-character',
          `control character ${code} in a string literal`,
          `write it as an escape, e.g. '\\u{${code.slice(2)}}' (RFC 9682)`,
        );
        invalid = true;
      }
      out += ch;
      step(1);
      continue;
    }
    const e = body[k + 1] ?? '';
    const simple = e === "'" && quote === "'" ? "'" : SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      step(2);
      continue;
    }
    if (e === 'u') {
      const unicode = unicodeEscape(body, k);
      if (unicode) {
        out += unicode.text;
        step(unicode.length);
        continue;
      }
      report(
        { line, col },
        'invalid-escape',
        `invalid Unicode escape '${body.slice(k, k + 12).split(/\s/)[0]}' in string literal`,
        'write \\uXXXX, a surrogate pair \\uD83D\\uDE00, or \\u{X…} with a Unicode scalar value (not D800-DFFF, at most 10FFFF)',
      );
      invalid = true;
      step(2);
      continue;
    }
    report(
      { line, col },
      'invalid-escape',
      `invalid escape '\\${e}' in ${quote === '"' ? 'text' : 'byte'} string literal`,
      e === "'"
        ? "a text string needs no escape for ': write ' alone"
        : `use one of \\" ${quote === "'" ? "\\' " : ''}\\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX \\u{X…}, or write '\\\\' for a backslash`,
    );
    invalid = true;
    out += e;
    step(2);
  }
  return { value: out, invalid };
}

/** `"…"`: ends at the closing quote; a line break or end of input first means it is unterminated. */
function lexText(source: string, start: number, at: { line: number; col: number }, report: Report): { length: number; value: string; invalid: boolean } {
  let k = start + 1;
  while (k < source.length && source[k] !== '"' && source[k] !== '\n') k += source[k] === '\\' && source[k + 1] !== '\n' ? 2 : 1;
  const closed = source[k] === '"';
  const body = source.slice(start + 1, Math.min(k, source.length));
  const decoded = unescapeText(body, { line: at.line, col: at.col + 1 }, report, '"');
  if (!closed) {
    report(at, 'unterminated-string', "unterminated text string: '\"' has no closing '\"' on the same line", "close the string with '\"'");
    return { length: k - start, value: decoded.value, invalid: true };
  }
  return { length: k + 1 - start, value: decoded.value, invalid: decoded.invalid };
}

/**
 * `'…'`, `h'…'`, `b64'…'`. Byte strings may span lines (RFC 8610 BCHAR includes CRLF); when no
 * closing quote follows at all, the string is taken to end at the end of its line.
 */
function lexBytes(
  source: string,
  start: number,
  qualifier: string,
  at: { line: number; col: number },
  report: Report,
): { length: number; value: string; invalid: boolean } {
  const open = start + qualifier.length;
  let k = open + 1;
  while (k < source.length && source[k] !== "'") k += source[k] === '\\' ? 2 : 1;
  const closed = k < source.length;
  if (!closed) {
    const eol = source.indexOf('\n', open);
    k = eol === -1 ? source.length : eol;
  }
  const body = source.slice(open + 1, Math.min(k, source.length));
  const length = (closed ? k + 1 : k) - start;
  const bodyAt = { line: at.line, col: at.col + qualifier.length + 1 };
  if (!closed) {
    report(at, 'unterminated-string', `unterminated byte string: '${qualifier}'' has no closing quote`, "close the byte string with '''");
  }
  // RFC 9682: escapes are processed first for every kind of byte string; h'…' and b64'…' then read
  // the result as digits (so a `\'` in a comment between hex digits is fine).
  const decoded = unescapeText(body, bodyAt, report, "'");
  let hex = '';
  let invalid = !closed || decoded.invalid;
  if (qualifier === '') {
    hex = toHex(encodeUtf8(decoded.value));
  } else {
    // Whitespace and comments (`;` or `#` to end of line, `/ … /`) may stand between the digits.
    const digits = decoded.value
      .replace(/[;#][^\n]*/g, '')
      .replace(/\/[^/]*\//g, '')
      .replace(/\s+/g, '');
    if (qualifier === 'h') {
      const bad = /[^0-9a-fA-F]/.exec(digits);
      if (bad) {
        report(at, 'invalid-bytes', `invalid character '${bad[0]}' in hex byte string`, 'a hex byte string holds only 0-9, a-f, blanks and comments');
        invalid = true;
      } else if (digits.length % 2 !== 0) {
        report(at, 'invalid-bytes', `hex byte string has an odd number of digits (${digits.length})`, 'each byte needs two hex digits');
        invalid = true;
      } else {
        hex = digits.toLowerCase();
      }
    } else {
      const normal = digits.replace(/-/g, '+').replace(/_/g, '/');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normal) || normal.replace(/=+$/, '').length % 4 === 1) {
        report(at, 'invalid-bytes', "invalid base64 in b64'…' byte string", 'use the base64 or base64url alphabet');
        invalid = true;
      } else {
        hex = toHex(Buffer.from(normal, 'base64'));
      }
    }
  }
  return { length, value: hex, invalid };
}
