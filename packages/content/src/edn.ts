/**
 * CBOR Extended Diagnostic Notation (EDN: RFC 8610 Appendix G, draft-ietf-cbor-edn-literals) for
 * the subset the MIMI content draft's examples use, on top of cbor2's data model.
 *
 * Supported:
 *  - integers (decimal, `0x`, `0o`, `0b`, negative; beyond ±(2^53−1) as bigint), floats (`1.5`,
 *    `1e3`, `-0.0`, `Infinity`, `-Infinity`, `NaN`); encoding indicators `_i`, `_0`…`_3` on
 *    numbers are honored (cbor2 boxed numbers);
 *  - `"text"` and `'bytes'` strings (JSON escapes, `\'`, `\u{…}`), `h'…'` (hex; whitespace,
 *    `#` and `/…/` comments inside) and `b64'…'` (base64 or base64url) byte strings, and their
 *    concatenation with `+` (the first string gives the type; bytes joined to text must be UTF-8);
 *  - arrays `[…]`, maps `{k: v, …}` (keys of any type, insertion order kept, duplicates rejected),
 *    tags `N(…)`, embedded CBOR `<<…>>`, `true` `false` `null` `undefined` `simple(N)`;
 *  - comments `# … end of line` and `/ … /`; commas between items are optional and a trailing
 *    comma is allowed (the draft's examples omit commas and end lists with one).
 * Not supported (EdnError): indefinite lengths (`[_ …]`, `(_ …)`), other application prefixes
 * (`dt'…'`, `ip'…'` …), hex floats, encoding indicators on tags and lengths.
 *
 * Values: number | bigint | string | Uint8Array | unknown[] | Map | cbor2 `Tag` | cbor2 `Simple` |
 * boolean | null | undefined. A float literal with an integral value (`1.0`, `1e3`) is a cbor2
 * boxed number (`encodedNumber(v, 'f')`) so that it stays a float on the wire.
 */
import { diagnose, encode, encodedNumber, Simple, Tag } from 'cbor2';
import { concatBytes, decodeUtf8, encodeUtf8, fromHex, toHex } from '@mimikit/bytes';

/** What an EdnError is about: bad syntax, or arrays/maps/tags nested deeper than allowed. */
export type EdnErrorKind = 'syntax' | 'nesting-too-deep';

/** An error in EDN text, located at a 1-based line and column (UTF-16 code units). */
export class EdnError extends Error {
  readonly line: number;
  readonly col: number;
  readonly offset: number;
  readonly reason: string;
  readonly kind: EdnErrorKind;
  constructor(reason: string, line: number, col: number, offset: number, kind: EdnErrorKind = 'syntax') {
    super(`${line}:${col}: ${reason}`);
    this.name = 'EdnError';
    this.reason = reason;
    this.line = line;
    this.col = col;
    this.offset = offset;
    this.kind = kind;
  }
}

/**
 * How deeply arrays, maps, tags, embedded CBOR `<<…>>` and `simple(…)` may nest in EDN text. The
 * same as the content codecs' default `maxDepth` (32), so what parses here can also be decoded by
 * them; the draft's examples nest 5 levels. Deeper text is an EdnError of kind `nesting-too-deep`
 * at the bracket that goes too deep, instead of a stack overflow.
 */
export const EDN_MAX_NESTING = 32;

export interface EdnOptions {
  /** Default EDN_MAX_NESTING. */
  maxNesting?: number;
}

/**
 * Options for RFC 8949 §4.2.1 core deterministic encoding: cbor2's `cde` set (preferred
 * serialization, map keys sorted bytewise by their encoding), except that the encodings of boxed
 * numbers are kept: that is how EDN float literals with integral values and explicit encoding
 * indicators reach the wire (cbor2's `encodedNumber` documentation asks for exactly this).
 */
export const EDN_ENCODE_OPTIONS = { cde: true, ignoreOriginalEncoding: false } as const;

const HEX = /^[0-9a-fA-F]$/;
const B64 = /^[A-Za-z0-9+/\-_]$/;
const strictUtf8 = { decode: decodeUtf8 }; // @mimikit/bytes: exact, a leading U+FEFF is kept

type Str = { kind: 'text'; value: string } | { kind: 'bytes'; value: Uint8Array };

class Parser {
  private i = 0;
  /** Arrays, maps, tags, `<<…>>` and `simple(…)` open around the current position. */
  private depth = 0;
  constructor(
    private readonly src: string,
    private readonly maxNesting: number,
  ) {}

  fail(reason: string, at = this.i, kind: EdnErrorKind = 'syntax'): never {
    let line = 1;
    let lineStart = 0;
    for (let k = 0; k < at && k < this.src.length; k++) {
      if (this.src[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    throw new EdnError(reason, line, at - lineStart + 1, at, kind);
  }

  /** Parses one nesting level opened at the current position. */
  private nested<T>(parse: () => T): T {
    if (this.depth >= this.maxNesting) {
      this.fail(`${this.describe()} opens nesting level ${this.depth + 1}; at most ${this.maxNesting} levels are allowed`, this.i, 'nesting-too-deep');
    }
    this.depth++;
    const value = parse();
    this.depth--;
    return value;
  }

  private peek(k = 0): string {
    return this.src[this.i + k] ?? '';
  }

  private describe(at = this.i): string {
    const c = this.src[at];
    return c === undefined ? 'end of input' : JSON.stringify(c);
  }

  /** Skips whitespace and comments. */
  ws(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#') {
        while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
      } else if (c === '/') {
        const start = this.i;
        const end = this.src.indexOf('/', this.i + 1);
        if (end < 0) this.fail('unterminated / comment /', start);
        this.i = end + 1;
      } else return;
    }
  }

  parseDocument(): unknown {
    this.ws();
    if (this.i >= this.src.length) this.fail('expected a value, found end of input');
    const v = this.item();
    this.ws();
    if (this.i < this.src.length) this.fail(`unexpected ${this.describe()} after the value`);
    return v;
  }

  /** Items separated by optional commas up to `close`; a trailing comma is allowed. */
  private list<T>(close: string, one: () => T): T[] {
    const out: T[] = [];
    this.ws();
    while (!this.src.startsWith(close, this.i)) {
      if (this.i >= this.src.length) this.fail(`expected ${JSON.stringify(close)}, found end of input`);
      if (this.peek() === ',') this.fail(out.length ? 'two commas in a row' : `unexpected "," after the opening bracket`);
      out.push(one());
      this.ws();
      if (this.peek() === ',') {
        this.i++;
        this.ws();
      }
    }
    this.i += close.length;
    return out;
  }

  item(): unknown {
    const c = this.peek();
    if (c === '[' || c === '{' || (c === '<' && this.peek(1) === '<')) return this.nested(() => this.scalarOrContainer());
    return this.scalarOrContainer();
  }

  private scalarOrContainer(): unknown {
    const start = this.i;
    const c = this.peek();
    if (c === '[') {
      this.i++;
      if (this.peek() === '_') this.fail('indefinite-length arrays are not supported');
      return this.list(']', () => this.item());
    }
    if (c === '{') {
      this.i++;
      if (this.peek() === '_') this.fail('indefinite-length maps are not supported');
      const map = new Map<unknown, unknown>();
      const seen = new Set<string>();
      this.list('}', () => {
        const keyAt = this.i;
        const key = this.item();
        this.ws();
        if (this.peek() !== ':') this.fail(`expected ":" after a map key, found ${this.describe()}`);
        this.i++;
        this.ws();
        const value = this.item();
        const id = toHex(encode(key, EDN_ENCODE_OPTIONS));
        if (seen.has(id)) this.fail('duplicate map key', keyAt);
        seen.add(id);
        map.set(key, value);
        return null;
      });
      return map;
    }
    if (c === '<' && this.peek(1) === '<') {
      this.i += 2;
      const items = this.list('>>', () => this.item());
      return concatBytes(items.map((v) => encode(v, EDN_ENCODE_OPTIONS)));
    }
    if (c === '(') this.fail(this.peek(1) === '_' ? 'indefinite-length strings are not supported' : 'unexpected "("');
    if (c === '"' || c === "'" || /[a-z]/.test(c)) {
      const word = /^[a-z][a-z0-9]*/.exec(this.src.slice(this.i))?.[0] ?? '';
      if (c === '"' || c === "'" || this.src[this.i + word.length] === "'") return this.strings();
      this.i += word.length;
      switch (word) {
        case 'true':
          return true;
        case 'false':
          return false;
        case 'null':
          return null;
        case 'undefined':
          return undefined;
        case 'simple': {
          if (this.peek() !== '(') this.fail('expected "(" after simple');
          const { nAt, n } = this.nested(() => {
            this.i++;
            this.ws();
            const at = this.i;
            const value = this.item();
            this.ws();
            if (this.peek() !== ')') this.fail(`expected ")", found ${this.describe()}`);
            this.i++;
            return { nAt: at, n: value };
          });
          if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 255 || (n >= 24 && n <= 31))
            this.fail('simple(N) needs N in 0..23 or 32..255', nAt);
          if (n === 20) return false;
          if (n === 21) return true;
          if (n === 22) return null;
          if (n === 23) return undefined;
          return new Simple(n);
        }
        default:
          this.fail(`unknown word ${JSON.stringify(word)}`, start);
      }
    }
    if (c === '-' || c === '+' || /[0-9]/.test(c) || this.src.startsWith('Infinity', this.i) || this.src.startsWith('NaN', this.i)) return this.number();
    this.fail(`unexpected ${this.describe()}`);
  }

  private number(): unknown {
    const start = this.i;
    const rest = this.src.slice(this.i);
    if (rest.startsWith('NaN')) {
      this.i += 3;
      return this.indicator(NaN, true, start);
    }
    const sign = rest[0] === '-' ? -1 : 1;
    const signLen = rest[0] === '-' || rest[0] === '+' ? 1 : 0;
    const body = rest.slice(signLen);
    if (body.startsWith('Infinity')) {
      this.i += signLen + 8;
      return this.indicator(sign * Infinity, true, start);
    }
    const based = /^0([xob])([0-9a-fA-F]+)/.exec(body);
    if (based) {
      const digits = based[2] ?? '';
      const prefix = based[1] ?? 'x';
      if (/^[.pP]/.test(body.slice(based[0].length))) this.fail('hex floats are not supported', start);
      const valid = prefix === 'x' ? /^[0-9a-fA-F]+$/ : prefix === 'o' ? /^[0-7]+$/ : /^[01]+$/;
      if (!valid.test(digits)) this.fail(`invalid digits for 0${prefix}`, start + signLen + 2);
      this.i += signLen + based[0].length;
      return this.indicator(this.int(BigInt(`0${prefix}${digits}`), sign), false, start);
    }
    const dec = /^(\d+)(\.\d+)?([eE][+-]?\d+)?/.exec(body);
    if (!dec) this.fail('expected a number', start);
    this.i += signLen + dec[0].length;
    if (dec[2] !== undefined || dec[3] !== undefined) {
      const v = Number(rest.slice(0, signLen + dec[0].length));
      return this.indicator(v, true, start);
    }
    return this.indicator(this.int(BigInt(dec[1] ?? '0'), sign), false, start);
  }

  private int(magnitude: bigint, sign: number): number | bigint {
    const v = sign < 0 ? -magnitude : magnitude;
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  }

  /** Applies an encoding indicator (`_i`, `_0`…`_3`) after a number, if any. */
  private indicator(v: number | bigint, float: boolean, start: number): unknown {
    if (this.peek() === '(' && !float) return this.nested(() => this.tag(v, start));
    if (this.peek() !== '_') {
      if (float && typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0)) return encodedNumber(v, 'f');
      return v;
    }
    const ind = /^_([i0-3])/.exec(this.src.slice(this.i))?.[1];
    if (ind === undefined) this.fail('expected an encoding indicator _i, _0, _1, _2 or _3');
    this.i += 2;
    if (this.peek() === '(') this.fail('encoding indicators on tags are not supported');
    try {
      if (float) {
        if (ind === 'i' || ind === '0') this.fail(`_${ind} is not a float encoding`, start);
        return encodedNumber(v, ind === '1' ? 'f16' : ind === '2' ? 'f32' : 'f64');
      }
      const enc = ({ i: 'i0', '0': 'i8', '1': 'i16', '2': 'i32', '3': 'i64' } as const)[ind as 'i' | '0' | '1' | '2' | '3'];
      const boxed = enc === 'i64' ? encodedNumber(v, 'i64') : encodedNumber(v, enc);
      encode(boxed, EDN_ENCODE_OPTIONS);
      return boxed;
    } catch (err) {
      if (err instanceof EdnError) throw err;
      this.fail(`the number does not fit encoding indicator _${ind}: ${err instanceof Error ? err.message : String(err)}`, start);
    }
  }

  private tag(n: number | bigint, start: number): Tag {
    if (typeof n === 'number' ? n < 0 : n < 0n) this.fail('a tag number must not be negative', start);
    if (typeof n === 'bigint' && n > 0xffffffffffffffffn) this.fail('a tag number must fit in 64 bits', start);
    this.i++; // (
    this.ws();
    const content = this.item();
    this.ws();
    if (this.peek() !== ')') this.fail(`expected ")" to close tag ${n}, found ${this.describe()}`);
    this.i++;
    return new Tag(n, content);
  }

  /** One string or several joined with `+`. */
  private strings(): string | Uint8Array {
    const first = this.string();
    const parts: Str[] = [first];
    for (;;) {
      const save = this.i;
      this.ws();
      if (this.peek() !== '+') {
        this.i = save;
        break;
      }
      this.i++;
      this.ws();
      const c = this.peek();
      if (!(c === '"' || c === "'" || /[a-z]/.test(c))) this.fail('expected a string after "+"');
      parts.push(this.string());
    }
    if (parts.length === 1) return first.value;
    if (first.kind === 'bytes') return concatBytes(parts.map((p) => (p.kind === 'bytes' ? p.value : encodeUtf8(p.value))));
    let text = '';
    for (const p of parts) {
      if (p.kind === 'text') text += p.value;
      else {
        try {
          text += strictUtf8.decode(p.value);
        } catch {
          this.fail('a byte string joined to a text string must be valid UTF-8');
        }
      }
    }
    return text;
  }

  private string(): Str {
    const start = this.i;
    const c = this.peek();
    if (c === '"') return { kind: 'text', value: this.quoted('"') };
    if (c === "'") return { kind: 'bytes', value: encodeUtf8(this.quoted("'")) };
    const prefix = /^[a-z][a-z0-9]*/.exec(this.src.slice(this.i))?.[0] ?? '';
    this.i += prefix.length;
    if (this.peek() !== "'") this.fail(`expected "'" after ${prefix}`);
    if (prefix === 'h') return { kind: 'bytes', value: this.hexString() };
    if (prefix === 'b64') return { kind: 'bytes', value: this.b64String() };
    this.fail(`application-extension ${prefix}'…' is not supported`, start);
  }

  /** The content of a `"…"` or `'…'` string, escapes resolved. */
  private quoted(q: '"' | "'"): string {
    const open = this.i;
    this.i++;
    let out = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail(`unterminated string`, open);
      if (c === q) {
        this.i++;
        return out;
      }
      if (c === '\r') {
        this.i++;
        continue;
      }
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      const e = this.src[this.i + 1];
      const at = this.i;
      this.i += 2;
      switch (e) {
        case '"':
        case "'":
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          if (this.peek() === '{') {
            const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(this.src.slice(this.i));
            const cp = m ? parseInt(m[1] ?? '', 16) : -1;
            if (!m || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('invalid \\u{…} escape', at);
            out += String.fromCodePoint(cp);
            this.i += m[0].length;
            break;
          }
          const unit = (k: number): number => {
            const h = this.src.slice(k, k + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('invalid \\u escape: four hex digits expected', at);
            return parseInt(h, 16);
          };
          const u = unit(this.i);
          this.i += 4;
          if (u >= 0xd800 && u <= 0xdbff) {
            if (!this.src.startsWith('\\u', this.i)) this.fail('a high surrogate escape must be followed by a low surrogate escape', at);
            const lo = unit(this.i + 2);
            if (lo < 0xdc00 || lo > 0xdfff) this.fail('a high surrogate escape must be followed by a low surrogate escape', at);
            this.i += 6;
            out += String.fromCharCode(u, lo);
          } else if (u >= 0xdc00 && u <= 0xdfff) this.fail('lone low surrogate escape', at);
          else out += String.fromCharCode(u);
          break;
        }
        default:
          this.fail(`invalid escape \\${e ?? ''}`, at);
      }
    }
  }

  /** `h'…'`: hex digit pairs, with whitespace and `#` / `/…/` comments anywhere between digits. */
  private hexString(): Uint8Array {
    const open = this.i;
    this.i++;
    const digits: string[] = [];
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail("unterminated h'…'", open);
      if (c === "'") {
        this.i++;
        break;
      }
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.i++;
      else if (c === '#') {
        while (this.i < this.src.length && this.src[this.i] !== '\n' && this.src[this.i] !== "'") this.i++;
        // A `#` comment inside h'…' runs to the end of the line; a quote ends the string anyway.
      } else if (c === '/') {
        const end = this.src.indexOf('/', this.i + 1);
        if (end < 0) this.fail("unterminated / comment / inside h'…'");
        this.i = end + 1;
      } else if (HEX.test(c)) {
        digits.push(c);
        this.i++;
      } else this.fail(`invalid character ${JSON.stringify(c)} in h'…'`);
    }
    if (digits.length % 2) this.fail("odd number of hex digits in h'…'", open - 1);
    return fromHex(digits.join(''));
  }

  /** `b64'…'`: base64 or base64url, padding optional, whitespace ignored. */
  private b64String(): Uint8Array {
    const open = this.i;
    this.i++;
    let s = '';
    for (;;) {
      const c = this.src[this.i];
      if (c === undefined) this.fail("unterminated b64'…'", open);
      this.i++;
      if (c === "'") break;
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
      if (c === '=' || B64.test(c)) s += c;
      else this.fail(`invalid character ${JSON.stringify(c)} in b64'…'`, this.i - 1);
    }
    const body = s.replace(/=+$/, '');
    if (body.includes('=') || body.length % 4 === 1) this.fail("malformed base64 in b64'…'", open - 3);
    const std = body.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
    const out = new Uint8Array(bin.length);
    for (let k = 0; k < bin.length; k++) out[k] = bin.charCodeAt(k);
    return out;
  }
}

/** Parses one EDN value into cbor2's data model. Throws EdnError. */
export function parseEdn(text: string, options: EdnOptions = {}): unknown {
  return new Parser(text, options.maxNesting ?? EDN_MAX_NESTING).parseDocument();
}

/** EDN → CBOR, core deterministic (RFC 8949 §4.2.1; see EDN_ENCODE_OPTIONS). Throws EdnError. */
export function ednToCbor(text: string, options: EdnOptions = {}): Uint8Array {
  return encode(parseEdn(text, options), EDN_ENCODE_OPTIONS);
}

/** CBOR → diagnostic notation (cbor2 `diagnose`): one line, parseable by parseEdn. */
export function cborToEdn(bytes: Uint8Array): string {
  return diagnose(bytes);
}

/**
 * The `# key = value` lines of the comment block that opens an example (before its first value):
 * `# message ID = h'01ad…\n#                bcc7…'` → `{ 'message ID': "h'01ad… bcc7…'" }`.
 * A value whose quote is still open continues on the next comment lines (joined with one space),
 * so an `h'…'` value is itself EDN: `parseEdn(v)` gives its bytes. Lines without `=` (titles) and
 * lines after the block are ignored; keys are trimmed, values too.
 */
export function ednHeaderComments(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let open: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      if (open === null) continue;
      break;
    }
    if (!line.startsWith('#')) break;
    const body = line.replace(/^#+/, '').trim();
    if (open !== null) {
      out[open] = `${out[open] ?? ''} ${body}`;
      if (quotesBalanced(out[open] ?? '')) open = null;
      continue;
    }
    const m = /^([^=]*[^=\s])\s*=\s*(.*)$/.exec(body);
    if (!m) continue;
    const key = m[1] ?? '';
    const value = m[2] ?? '';
    out[key] = value;
    if (!quotesBalanced(value)) open = key;
  }
  return out;
}

function quotesBalanced(s: string): boolean {
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    if (s[k] === '\\') k++;
    else if (s[k] === "'") n++;
  }
  return n % 2 === 0;
}
