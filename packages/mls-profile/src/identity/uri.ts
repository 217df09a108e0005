/**
 * MIMI URIs (draft-mahy-mimi-identity-05 §"Representation of identifiers using URIs", lines
 * 235-282; draft-ietf-mimi-protocol-06 lines 232-245): `mimi://<domain>[/<kind>/<id>…]`, where
 * the first path segment says what the identifier names.
 *
 * | kind      | form                                              | draft line |
 * |-----------|---------------------------------------------------|------------|
 * | provider  | `mimi://a.example`                                | id-05 265  |
 * | user      | `mimi://a.example/u/alice`                        | id-05 266  |
 * | pseudonym | `mimi://a.example/p/crazykoala75`                 | id-05 267  |
 * | client    | `mimi://a.example/d/ClientA1`, `…/d/alice/ClientA1` | id-05 268 |
 * | room      | `mimi://a.example/r/clubhouse`                    | id-05 269  |
 * | group     | `mimi://a.example/g/TII9t5viBrXiXc` (MLS group)   | id-05 270  |
 * | team      | `mimi://a.example/t/engineering`                  | id-05 271  |
 *
 * Neither draft has an ABNF or a scheme registration (identity-05 line 232 points to the protocol
 * draft, which has none), so the grammar here is RFC 3986 narrowed by what the drafts say:
 *
 *  - scheme `mimi`, compared case-insensitively, canonical lower-case (RFC 3986 §3.1, §6.2.2.1);
 *  - `//` authority that is only a `host`, and that host a DNS domain name: protocol-06 lines
 *    232-234 ("each provider is represented by a domain name in the `host` production of the
 *    `authority`… Specific hosts or servers are represented by domain names, but not by MIMI
 *    URIs"). So: no userinfo, no port (a port names a server, not a provider), no IP literal or
 *    IPv4 address. Hostname syntax (RFC 1123 LDH labels of 1-63 octets, at most 253 in all, no
 *    leading or trailing hyphen, no empty label, hence no trailing root dot), top-level label not
 *    numeric (RFC 3696 §2; this also keeps IPv4 addresses out). Canonical lower-case.
 *    IDNA: A-labels (`xn--…`) are accepted when they decode (RFC 3492) to a non-ASCII label that
 *    encodes back to the same A-label under UTS #46 (what the WHATWG URL parser does: a little
 *    more permissive than IDNA2008). U-labels (`bücher.example`) are rejected with `bad-domain`,
 *    the error naming the A-label to use instead: a MIMI URI is a URI, not an IRI, and the
 *    identifier's bytes (in credentials, group IDs, franking) must not depend on who converted.
 *    `mimi://local.invalid/…` (id-05 lines 277-281) is an ordinary domain here.
 *  - no query, no fragment: neither draft gives them a meaning for identifiers;
 *  - path segments are RFC 3986 `segment-nz` (pchar: unreserved / pct-encoded / sub-delims / ":"
 *    / "@"); empty segments (`//`, a trailing `/`) and the dot-segments `.` and `..` (which RFC
 *    3986 §5.2.4 would remove) are rejected. Canonical form per RFC 3986 §6.2.2: upper-case hex
 *    in percent-encodings, percent-encoded unreserved characters decoded (`%7e` → `~`, `%41` →
 *    `A`); every other percent-encoding is kept, since `%2B` and `+` are different URIs. Raw
 *    non-ASCII characters are rejected (percent-encode their UTF-8 bytes);
 *  - the kind segment is case-sensitive like all of the path (`/U/alice` is `unknown-kind`);
 *    unknown kinds are rejected (protocol-06 line 1024 has `mimi://b.example/b/bob`, a typo);
 *  - one identifier segment after u, p, r, g, t; one or two after d (`/d/ClientA1`,
 *    `/d/alice/ClientA1`: id-05 lines 250, 268); the provider form has no path at all
 *    (`mimi://a.example/` is `empty-segment`).
 *
 * Identifier fields (`user`, `client`, `room`…) hold the canonical *percent-encoded* segment, so
 * that nothing is lost; `decodeSegment` gives the text, `encodeSegment` builds a segment from text.
 * The HTTP path segment that carries a whole MIMI URI is another encoding (encodeURIComponent of
 * the URI text): `@mimikit/transport`'s encodePathSegment(uri.text), not this module's business.
 *
 * Every failure is a MimiUriError with a code and the offset (UTF-16 code units) in the input.
 */
import { decodeUtf8OrNull, hexDigitValue } from '@mimikit/bytes';

export const MIMI_URI_KINDS = ['provider', 'user', 'pseudonym', 'client', 'room', 'group', 'team'] as const;
export type MimiUriKind = (typeof MIMI_URI_KINDS)[number];

interface UriBase {
  /** Canonical lower-case domain (A-labels for internationalised names). */
  readonly domain: string;
  /** The canonical URI text: what `formatMimiUri` returns, what credentials and comparisons use. */
  readonly text: string;
}
export interface ProviderUri extends UriBase {
  readonly kind: 'provider';
}
export interface UserUri extends UriBase {
  readonly kind: 'user';
  readonly user: string;
}
export interface PseudonymUri extends UriBase {
  readonly kind: 'pseudonym';
  readonly pseudonym: string;
}
export interface ClientUri extends UriBase {
  readonly kind: 'client';
  readonly client: string;
  /** The user segment of the `/d/{user}/{client}` form; absent in `/d/{client}`. */
  readonly user?: string;
}
export interface RoomUri extends UriBase {
  readonly kind: 'room';
  readonly room: string;
}
export interface GroupUri extends UriBase {
  readonly kind: 'group';
  readonly group: string;
}
export interface TeamUri extends UriBase {
  readonly kind: 'team';
  readonly team: string;
}

export type MimiUri = ProviderUri | UserUri | PseudonymUri | ClientUri | RoomUri | GroupUri | TeamUri;
export type MimiUriOf<K extends MimiUriKind> = Extract<MimiUri, { kind: K }>;

type WithoutText<T> = T extends unknown ? Omit<T, 'text'> : never;
/** What `formatMimiUri` takes: a MimiUri without its text (a MimiUri with one is fine too). */
export type MimiUriInit = WithoutText<MimiUri>;

export type MimiUriErrorCode =
  /** The input is not a string. */
  | 'not-a-string'
  /** No `mimi:` scheme (any case) at the start. */
  | 'not-mimi-scheme'
  /** `mimi:` not followed by `//`. */
  | 'missing-authority'
  | 'userinfo-not-allowed'
  | 'port-not-allowed'
  /** Not a DNS domain name: empty, bad character, U-label, bad A-label, IP address, too long… */
  | 'bad-domain'
  | 'query-not-allowed'
  | 'fragment-not-allowed'
  /** `//` in the path or a trailing `/`. */
  | 'empty-segment'
  /** A first path segment other than u, p, d, r, g, t. */
  | 'unknown-kind'
  /** The kind needs one more identifier segment. */
  | 'missing-segment'
  /** More segments than the kind has. */
  | 'extra-segments'
  /** A character that is not an RFC 3986 pchar (space, `[`, non-ASCII…). */
  | 'bad-segment'
  /** `%` not followed by two hex digits. */
  | 'bad-percent-encoding'
  /** A `.` or `..` segment (also as `%2E`). */
  | 'dot-segment'
  /** decodeSegment: percent-encoded bytes that are not UTF-8; encodeSegment: a lone surrogate. */
  | 'bad-utf8'
  /** parseMimiUri(text, kind): a valid MIMI URI of another kind. */
  | 'wrong-kind';

export class MimiUriError extends Error {
  readonly code: MimiUriErrorCode;
  /** Offset in `input` (UTF-16 code units) where the problem is. */
  readonly offset: number;
  readonly input: string;
  readonly detail: string;
  constructor(code: MimiUriErrorCode, offset: number, input: string, detail: string) {
    super(`${code} at offset ${offset} of ${JSON.stringify(input.length > 200 ? `${input.slice(0, 200)}…` : input)}: ${detail}`);
    this.name = 'MimiUriError';
    this.code = code;
    this.offset = offset;
    this.input = input;
    this.detail = detail;
  }
}

const KIND_BY_SEGMENT: Readonly<Record<string, Exclude<MimiUriKind, 'provider'>>> = {
  u: 'user',
  p: 'pseudonym',
  d: 'client',
  r: 'room',
  g: 'group',
  t: 'team',
};
const SEGMENT_BY_KIND: Readonly<Record<Exclude<MimiUriKind, 'provider'>, string>> = {
  user: 'u',
  pseudonym: 'p',
  client: 'd',
  room: 'r',
  group: 'g',
  team: 't',
};
/** Identifier fields after the kind segment, in path order; a client's user is optional (first of two). */
const FIELDS: Readonly<Record<Exclude<MimiUriKind, 'provider'>, readonly string[]>> = {
  user: ['user'],
  pseudonym: ['pseudonym'],
  client: ['user', 'client'],
  room: ['room'],
  group: ['group'],
  team: ['team'],
};

// ---------------------------------------------------------------------------------------------
// Character classes (RFC 3986 §2.2, §2.3, §3.3)

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
/**
 * The byte a percent-encoding at s[i] (a '%') stands for, or -1 when the two characters after it
 * are not hex digits. No bounds check is needed: past the end of `s`, charCodeAt gives NaN, and a
 * segment inside a URI ends before a '/', '?' or '#': none of them is a hex digit.
 */
function percentByte(s: string, i: number): number {
  const hi = hexDigitValue(s.charCodeAt(i + 1));
  const lo = hexDigitValue(s.charCodeAt(i + 2));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}
function isUnreserved(c: number): boolean {
  return isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x2e || c === 0x5f || c === 0x7e;
}
/** pchar minus pct-encoded: unreserved / sub-delims / ":" / "@". */
function isPcharLiteral(c: number): boolean {
  // sub-delims: ! $ & ' ( ) * + , ; =
  return isUnreserved(c) || c === 0x21 || c === 0x24 || (c >= 0x26 && c <= 0x2c) || c === 0x3b || c === 0x3d || c === 0x3a || c === 0x40;
}

function describeChar(s: string, i: number): string {
  const cp = s.codePointAt(i)!;
  if (cp === 0x20) return 'a space';
  if (cp < 0x20 || cp === 0x7f) return `control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  if (cp > 0x7f) return `non-ASCII character ${JSON.stringify(String.fromCodePoint(cp))}`;
  return `'${String.fromCharCode(cp)}'`;
}

// ---------------------------------------------------------------------------------------------
// Segments

/**
 * The canonical form of s[start, end) as one path segment, or a MimiUriError located in `input`
 * (offsets shifted by `shift`: format builds segments before placing them).
 */
function canonicalSegment(s: string, start: number, end: number, input: string, shift: number, what: string): string {
  if (start === end) throw new MimiUriError('empty-segment', start + shift, input, `${what} is empty`);
  let out = '';
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const byte = percentByte(s, i);
      if (byte < 0) throw new MimiUriError('bad-percent-encoding', i + shift, input, `'%' not followed by two hex digits in ${what}`);
      out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
      i += 2;
    } else if (isPcharLiteral(c)) {
      out += s[i];
    } else {
      const hint = c === 0x2f ? ' (percent-encode it as %2F)' : c > 0x7f ? ' (percent-encode its UTF-8 bytes)' : '';
      throw new MimiUriError('bad-segment', i + shift, input, `${describeChar(s, i)} is not allowed in ${what}${hint}`);
    }
  }
  if (out === '.' || out === '..') throw new MimiUriError('dot-segment', start + shift, input, `${what} is the dot-segment '${out}'`);
  return out;
}

/**
 * A segment from text: UTF-8, percent-encoding every character that is not an RFC 3986 pchar
 * (unreserved, sub-delims, ':' and '@' stay as they are), upper-case hex: a canonical segment.
 * Throws MimiUriError: 'empty-segment' for '', 'dot-segment' for '.' and '..', 'bad-utf8' for a
 * lone surrogate (offset in `text`).
 */
export function encodeSegment(text: string): string {
  if (text === '') throw new MimiUriError('empty-segment', 0, text, 'empty segment');
  if (text === '.' || text === '..') throw new MimiUriError('dot-segment', 0, text, `'${text}' is a dot-segment`);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out += isPcharLiteral(c) ? text[i] : `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
      continue;
    }
    const cp = text.codePointAt(i)!;
    if (cp >= 0xd800 && cp <= 0xdfff) throw new MimiUriError('bad-utf8', i, text, 'lone surrogate: not encodable as UTF-8');
    // encodeURIComponent of one code point: its UTF-8 bytes, upper-case hex.
    const ch = String.fromCodePoint(cp);
    out += encodeURIComponent(ch);
    i += ch.length - 1;
  }
  return out;
}

/**
 * The text of a segment: percent-encodings decoded as UTF-8. Throws MimiUriError:
 * 'bad-percent-encoding', 'bad-segment' (a character that is not a pchar), 'bad-utf8' (located at
 * the start of the run of percent-encodings that is not UTF-8).
 */
export function decodeSegment(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; ) {
    const c = segment.charCodeAt(i);
    if (c !== 0x25) {
      if (!isPcharLiteral(c)) throw new MimiUriError('bad-segment', i, segment, `${describeChar(segment, i)} is not allowed in a segment`);
      out += segment[i];
      i++;
      continue;
    }
    const runStart = i;
    const bytes: number[] = [];
    // Past the end, charCodeAt gives NaN: the run ends there.
    while (segment.charCodeAt(i) === 0x25) {
      const byte = percentByte(segment, i);
      if (byte < 0) throw new MimiUriError('bad-percent-encoding', i, segment, "'%' not followed by two hex digits");
      bytes.push(byte);
      i += 3;
    }
    // Exact decoding: %EF%BB%BF stays a U+FEFF, so decodeSegment and encodeSegment round-trip and
    // `%EF%BB%BFbob` never reads as `bob`.
    const text = decodeUtf8OrNull(Uint8Array.from(bytes));
    if (text === null) throw new MimiUriError('bad-utf8', runStart, segment, 'percent-encoded bytes are not UTF-8');
    out += text;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Domains

const MAX_DOMAIN = 253;
const MAX_LABEL = 63;

/**
 * The canonical form of a domain name at s[start, end), or a 'bad-domain' MimiUriError located in
 * `input` (offsets shifted by `shift`).
 */
function canonicalDomain(s: string, start: number, end: number, input: string, shift: number): string {
  const fail = (at: number, detail: string): never => {
    throw new MimiUriError('bad-domain', at + shift, input, detail);
  };
  if (start === end) fail(start, 'empty domain');
  // Characters first, so that a U-label or an IP literal gets the message that fits it.
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isAlpha(c) || isDigit(c) || c === 0x2d || c === 0x2e) continue;
    if (c > 0x7f) {
      const ascii = toAsciiDomain(s.slice(start, end));
      fail(i, `${describeChar(s, i)}: a MIMI URI takes the A-label form of an internationalised domain${ascii ? ` (${ascii})` : ''}`);
    }
    if (c === 0x5b) fail(i, 'an IP literal is not a domain name');
    if (c === 0x25) fail(i, 'percent-encoding is not allowed in a domain name');
    fail(i, `${describeChar(s, i)} is not allowed in a domain name (letters, digits, '-', '.')`);
  }
  if (end - start > MAX_DOMAIN) fail(start + MAX_DOMAIN, `domain longer than ${MAX_DOMAIN} characters`);
  const host = s.slice(start, end).toLowerCase();
  let labelStart = 0;
  for (let j = 0; j <= host.length; j++) {
    if (j < host.length && host.charCodeAt(j) !== 0x2e) continue;
    const label = host.slice(labelStart, j);
    const at = start + labelStart;
    if (label === '') fail(at, 'empty label (leading, trailing or doubled dot)');
    if (label.length > MAX_LABEL) fail(at + MAX_LABEL, `label longer than ${MAX_LABEL} characters`);
    if (label.startsWith('-')) fail(at, 'label starts with a hyphen');
    if (label.endsWith('-')) fail(at + label.length - 1, 'label ends with a hyphen');
    if (label.startsWith('xn--') && !isALabel(label)) fail(at, `'${label}' is not a valid A-label (punycode of a non-ASCII label, as IDNA encodes it)`);
    labelStart = j + 1;
  }
  const topLevel = host.slice(host.lastIndexOf('.') + 1);
  if (/^(?:[0-9]+|0x[0-9a-f]*)$/.test(topLevel)) fail(start + host.length - topLevel.length, 'numeric top-level label: an IP address is not a domain name');
  return host;
}

/** The A-label form of a domain by UTS #46 (WHATWG URL), or undefined. Only for messages. */
function toAsciiDomain(domain: string): string | undefined {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Whether `xn--…` is what IDNA makes of the label it decodes to. The round trip also refuses a
 * decoding that is empty or all ASCII (IDNA encodes no such label): the A-label of an ASCII label
 * is that label, shorter than `label`, which holds the basic code points and more.
 */
function isALabel(label: string): boolean {
  const u = punycodeDecode(label.slice(4));
  return u !== null && toAsciiDomain(u) === label;
}

/**
 * RFC 3492 decoding of the part after `xn--`, for isALabel, whose round trip (IDNA encoding the
 * result must give the label back) is what decides; null when it cannot decode. So this decoder
 * does not repeat checks the round trip makes:
 *  - the label is lower-case LDH (canonicalDomain checked it), so the digits after the last '-'
 *    are a-z and 0-9 only. A '-' first and last (`xn---abc`) is read as a delimiter with no basic
 *    code points before it, where RFC 3492 reads it as a bad digit: either way no IDNA encoding
 *    starts with '-', so the round trip refuses it;
 *  - RFC 3492's overflow checks are for fixed-width integers. Here numbers are doubles, exact to
 *    2^53, and a label has at most 59 digits: an `i` that grows past what fits makes `n` leave
 *    the Unicode range, which is refused before String.fromCodePoint could throw. A decoded
 *    surrogate is no error here: no IDNA encoding holds one, so the round trip refuses it.
 */
function punycodeDecode(input: string): string | null {
  const BASE = 36,
    TMIN = 1,
    TMAX = 26,
    SKEW = 38,
    DAMP = 700;
  const out: number[] = [];
  const b = input.lastIndexOf('-');
  for (let j = 0; j < b; j++) out.push(input.charCodeAt(j));
  let n = 128;
  let bias = 72;
  let i = 0;
  for (let idx = b + 1; idx < input.length; ) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (idx >= input.length) return null;
      const c = input.charCodeAt(idx++);
      const digit = isDigit(c) ? c - 22 : c - 0x61;
      i += digit * w;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (digit < t) break;
      w *= BASE - t;
    }
    const len = out.length + 1;
    let delta = Math.floor((i - oldi) / (oldi === 0 ? DAMP : 2));
    delta += Math.floor(delta / len);
    let k = 0;
    while (delta > ((BASE - TMIN) * TMAX) >> 1) {
      delta = Math.floor(delta / (BASE - TMIN));
      k += BASE;
    }
    bias = k + Math.floor(((BASE - TMIN + 1) * delta) / (delta + SKEW));
    n += Math.floor(i / len);
    i %= len;
    if (n > 0x10ffff) return null;
    out.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...out);
}

/**
 * The canonical form of a domain name as a MIMI URI authority: lower-case, hostname syntax,
 * A-labels only. Throws MimiUriError 'bad-domain' with the offset in `text`.
 */
export function parseDomain(text: string): string {
  if (typeof text !== 'string') throw new MimiUriError('not-a-string', 0, String(text), `expected a string, got ${typeof text}`);
  return canonicalDomain(text, 0, text.length, text, 0);
}

// ---------------------------------------------------------------------------------------------
// Parse and format

/**
 * Parses and validates a MIMI URI, returning its canonical form. With `kind`, a valid URI of
 * another kind is a 'wrong-kind' error (at the kind segment, or the end for a provider URI).
 */
export function parseMimiUri(text: string): MimiUri;
export function parseMimiUri<K extends MimiUriKind>(text: string, kind: K): MimiUriOf<K>;
export function parseMimiUri(text: string, kind?: MimiUriKind): MimiUri;
export function parseMimiUri(text: string, kind?: MimiUriKind): MimiUri {
  if (typeof text !== 'string') throw new MimiUriError('not-a-string', 0, String(text), `expected a string, got ${typeof text}`);
  const s = text;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(s);
  if (scheme?.[0].toLowerCase() !== 'mimi:') {
    throw new MimiUriError('not-mimi-scheme', 0, s, scheme ? `scheme '${scheme[0].slice(0, -1)}' is not mimi` : "no URI scheme (expected 'mimi://')");
  }
  if (s.charCodeAt(5) !== 0x2f || s.charCodeAt(6) !== 0x2f) throw new MimiUriError('missing-authority', 5, s, "'mimi:' must be followed by '//' and a domain");

  // Authority: up to the first '/', '?' or '#'.
  const authStart = 7;
  let authEnd = authStart;
  while (authEnd < s.length) {
    const c = s.charCodeAt(authEnd);
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
    authEnd++;
  }
  const authority = s.slice(authStart, authEnd);
  if (authority.includes('@'))
    throw new MimiUriError('userinfo-not-allowed', authStart, s, 'a MIMI URI authority is a domain only: no userinfo (put user names in /u/…)');
  const colon = authority.indexOf(':');
  // An IP literal's colons are no port: it gets the bad-domain error that fits it.
  if (colon >= 0 && !authority.startsWith('[')) {
    throw new MimiUriError('port-not-allowed', authStart + colon, s, 'a MIMI URI names a provider by its domain, not a server: no port');
  }
  const domain = canonicalDomain(s, authStart, authEnd, s, 0);

  // Path segments.
  let kindOf: Exclude<MimiUriKind, 'provider'> | undefined;
  let kindAt = s.length;
  const ids: string[] = [];
  let pos = authEnd;
  while (pos < s.length) {
    const c = s.charCodeAt(pos);
    if (c === 0x3f) throw new MimiUriError('query-not-allowed', pos, s, 'a MIMI URI has no query');
    if (c === 0x23) throw new MimiUriError('fragment-not-allowed', pos, s, 'a MIMI URI has no fragment');
    // c is '/': one more segment.
    const segStart = pos + 1;
    let segEnd = segStart;
    while (segEnd < s.length) {
      const d = s.charCodeAt(segEnd);
      if (d === 0x2f || d === 0x3f || d === 0x23) break;
      segEnd++;
    }
    if (segStart === segEnd) {
      throw new MimiUriError('empty-segment', segStart, s, segEnd === s.length ? 'empty path segment (trailing slash)' : 'empty path segment (doubled slash)');
    }
    if (kindOf === undefined) {
      const seg = canonicalSegment(s, segStart, segEnd, s, 0, 'the kind segment');
      const k = Object.hasOwn(KIND_BY_SEGMENT, seg) ? KIND_BY_SEGMENT[seg] : undefined;
      if (!k) throw new MimiUriError('unknown-kind', segStart, s, `unknown identifier kind '${seg}' (expected u, p, d, r, g or t)`);
      kindOf = k;
      kindAt = segStart;
    } else {
      const max = kindOf === 'client' ? 2 : 1;
      if (ids.length === max)
        throw new MimiUriError(
          'extra-segments',
          pos,
          s,
          `a ${kindOf} URI has ${max === 1 ? 'one identifier segment' : 'one or two identifier segments'} after /${SEGMENT_BY_KIND[kindOf]}/`,
        );
      ids.push(canonicalSegment(s, segStart, segEnd, s, 0, `the ${kindOf} segment`));
    }
    pos = segEnd;
  }
  if (kindOf !== undefined && ids.length === 0) {
    throw new MimiUriError('missing-segment', s.length, s, `a ${kindOf} URI needs an identifier after /${SEGMENT_BY_KIND[kindOf]}/`);
  }

  const uri = build(kindOf ?? 'provider', domain, ids);
  if (kind !== undefined && uri.kind !== kind) {
    throw new MimiUriError('wrong-kind', kindAt, s, `expected a ${kind} URI, got a ${uri.kind} URI`);
  }
  return uri;
}

/** Builds the object from canonical parts (no validation). */
function build(kind: MimiUriKind, domain: string, ids: readonly string[]): MimiUri {
  const base = `mimi://${domain}`;
  if (kind === 'provider') return { kind, domain, text: base };
  const text = `${base}/${SEGMENT_BY_KIND[kind]}/${ids.join('/')}`;
  switch (kind) {
    case 'user':
      return { kind, domain, user: ids[0]!, text };
    case 'pseudonym':
      return { kind, domain, pseudonym: ids[0]!, text };
    case 'client':
      return ids.length === 2 ? { kind, domain, user: ids[0]!, client: ids[1]!, text } : { kind, domain, client: ids[0]!, text };
    case 'room':
      return { kind, domain, room: ids[0]!, text };
    case 'group':
      return { kind, domain, group: ids[0]!, text };
    case 'team':
      return { kind, domain, team: ids[0]!, text };
  }
}

/**
 * The canonical text of a MIMI URI from its parts. Fields are percent-encoded segments (as
 * parseMimiUri returns them; use encodeSegment for raw text); they are validated and
 * canonicalised like parsed input, and errors are located in the text being built.
 */
export function formatMimiUri(u: MimiUriInit): string {
  return mimiUri(u).text;
}

/** formatMimiUri, returning the canonical MimiUri object. */
export function mimiUri(u: MimiUriInit): MimiUri {
  if (typeof u !== 'object' || u === null) throw new MimiUriError('not-a-string', 0, String(u), 'expected a MIMI URI object');
  const kind = u.kind as string;
  const domainIn = (u as { domain?: unknown }).domain;
  let text = 'mimi://';
  if (typeof domainIn !== 'string') throw new MimiUriError('bad-domain', text.length, text, 'domain is not a string');
  const domain = canonicalDomain(domainIn, 0, domainIn.length, text + domainIn, text.length);
  text += domain;
  if (kind === 'provider') return build('provider', domain, []);
  if (typeof kind !== 'string' || !Object.hasOwn(SEGMENT_BY_KIND, kind)) {
    throw new MimiUriError('unknown-kind', text.length + 1, `${text}/${String(kind)}`, `unknown identifier kind ${JSON.stringify(kind)}`);
  }
  const k = kind as Exclude<MimiUriKind, 'provider'>;
  text += `/${SEGMENT_BY_KIND[k]}`;
  const ids: string[] = [];
  for (const field of FIELDS[k]) {
    const v = (u as unknown as Record<string, unknown>)[field];
    if (k === 'client' && field === 'user' && v === undefined) continue;
    text += '/';
    if (v === undefined) throw new MimiUriError('missing-segment', text.length, text, `no ${field}`);
    if (typeof v !== 'string') throw new MimiUriError('bad-segment', text.length, text, `${field} is not a string`);
    const seg = canonicalSegment(v, 0, v.length, text + v, text.length, `the ${field} segment`);
    ids.push(seg);
    text += seg;
  }
  return build(k, domain, ids);
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** The user URI in a `/d/{user}/{client}` client URI; undefined for the `/d/{client}` form. */
export function userOfClient(client: ClientUri): UserUri | undefined {
  if (client.user === undefined) return undefined;
  return { kind: 'user', domain: client.domain, user: client.user, text: `mimi://${client.domain}/u/${client.user}` };
}

/** The provider URI of any MIMI URI. */
export function providerOf(u: MimiUri): ProviderUri {
  return { kind: 'provider', domain: u.domain, text: `mimi://${u.domain}` };
}

/** Whether two MIMI URIs belong to the same provider (same canonical domain). */
export function sameProvider(a: MimiUri, b: MimiUri): boolean {
  return a.domain === b.domain;
}

/** Whether two MIMI URIs are equivalent (same canonical text). */
export function sameUri(a: MimiUri, b: MimiUri): boolean {
  return a.text === b.text;
}

/** A type guard for one kind: `uris.filter(isUri('user'))`, or `isUri('client', u)`. */
export function isUri<K extends MimiUriKind>(kind: K): (u: MimiUri) => u is MimiUriOf<K>;
export function isUri<K extends MimiUriKind>(kind: K, u: MimiUri): u is MimiUriOf<K>;
export function isUri<K extends MimiUriKind>(kind: K, ...u: [MimiUri?]): boolean | ((u: MimiUri) => u is MimiUriOf<K>) {
  if (u.length === 0) return (v: MimiUri): v is MimiUriOf<K> => v.kind === kind;
  return u[0]?.kind === kind;
}
