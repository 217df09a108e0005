/**
 * MIMI identities: URIs (draft-mahy-mimi-identity-05, draft-ietf-mimi-protocol-06), URIs as MLS
 * basic credentials, and the authentication service.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import type { AuthenticationService, Credential } from 'ts-mls';
import { describe, expect, it } from 'vitest';
import { decodePathSegment, encodePathSegment } from '@mimikit/transport/identifiers';
import {
  type ClientUri,
  clientUriOfCredential,
  credentialFor,
  decodeSegment,
  encodeSegment,
  formatMimiUri,
  isUri,
  type AuthRejectCode,
  type AuthService,
  mimiAuthService,
  MimiCredentialError,
  type MimiCredentialErrorCode,
  type MimiUri,
  mimiUri,
  MimiUriError,
  type MimiUriErrorCode,
  type MimiUriInit,
  parseDomain,
  parseMimiUri,
  providerOf,
  sameProvider,
  sameUri,
  uriOfCredential,
  userOfClient,
  type UserUri,
  type VerifyOutcome,
} from '../src/identity/index.ts';

const DRAFTS = fileURLToPath(new URL('../../../spec/drafts/', import.meta.url));
const utf8 = new TextEncoder();

function uriError(f: () => unknown): MimiUriError {
  try {
    f();
  } catch (e) {
    if (e instanceof MimiUriError) return e;
    throw new Error(`expected a MimiUriError, got ${String(e)}`);
  }
  throw new Error('expected a MimiUriError, got a result');
}

function credentialError(f: () => unknown): MimiCredentialError {
  try {
    f();
  } catch (e) {
    if (e instanceof MimiCredentialError) return e;
    throw new Error(`expected a MimiCredentialError, got ${String(e)}`);
  }
  throw new Error('expected a MimiCredentialError, got a result');
}

describe('draft examples', () => {
  /** Every MIMI URI in draft-mahy-mimi-identity-05 (line), with the fields it parses to. */
  const identity05: Array<[line: number, text: string, fields: MimiUriInit]> = [
    [248, 'mimi://example.com', { kind: 'provider', domain: 'example.com' }],
    [249, 'mimi://example.com/u/juliet', { kind: 'user', domain: 'example.com', user: 'juliet' }],
    [250, 'mimi://example.com/d/juliet/balcony', { kind: 'client', domain: 'example.com', user: 'juliet', client: 'balcony' }],
    [255, 'mimi://irc.example.com', { kind: 'provider', domain: 'irc.example.com' }],
    [256, 'mimi://irc.example.com/u/juliet', { kind: 'user', domain: 'irc.example.com', user: 'juliet' }],
    [257, 'mimi://irc.example.com/u/jcapulet1583@example.com', { kind: 'user', domain: 'irc.example.com', user: 'jcapulet1583@example.com' }],
    [258, 'mimi://irc.example.com/r/local_announcements_channel', { kind: 'room', domain: 'irc.example.com', room: 'local_announcements_channel' }],
    [259, 'mimi://irc.example.com/r/projectX', { kind: 'room', domain: 'irc.example.com', room: 'projectX' }],
    [265, 'mimi://a.example', { kind: 'provider', domain: 'a.example' }],
    [266, 'mimi://a.example/u/alice', { kind: 'user', domain: 'a.example', user: 'alice' }],
    [267, 'mimi://a.example/p/crazykoala75', { kind: 'pseudonym', domain: 'a.example', pseudonym: 'crazykoala75' }],
    [268, 'mimi://a.example/d/ClientA1', { kind: 'client', domain: 'a.example', client: 'ClientA1' }],
    [268, 'mimi://a.example/d/alice/ClientA1', { kind: 'client', domain: 'a.example', user: 'alice', client: 'ClientA1' }],
    [269, 'mimi://a.example/r/clubhouse', { kind: 'room', domain: 'a.example', room: 'clubhouse' }],
    [270, 'mimi://a.example/g/TII9t5viBrXiXc', { kind: 'group', domain: 'a.example', group: 'TII9t5viBrXiXc' }],
    [271, 'mimi://a.example/t/engineering', { kind: 'team', domain: 'a.example', team: 'engineering' }],
    [281, 'mimi://local.invalid/u/alice.smith', { kind: 'user', domain: 'local.invalid', user: 'alice.smith' }],
    [508, 'mimi://example.com/d/SvPfLlwBQi-6oddVRrkqpw/04c7', { kind: 'client', domain: 'example.com', user: 'SvPfLlwBQi-6oddVRrkqpw', client: '04c7' }],
    [509, 'mimi://example.com/u/alice.smith', { kind: 'user', domain: 'example.com', user: 'alice.smith' }],
    [633, 'mimi://example.com/u/alice_smith', { kind: 'user', domain: 'example.com', user: 'alice_smith' }],
    [690, 'mimi://example.com/u/a_smith', { kind: 'user', domain: 'example.com', user: 'a_smith' }],
  ];

  it.each(identity05)('draft-mahy-mimi-identity-05 line %i: %s', (_line, text, fields) => {
    const u = parseMimiUri(text);
    expect(u).toEqual({ ...fields, text });
    expect(formatMimiUri(u)).toBe(text);
    expect(formatMimiUri(fields)).toBe(text);
  });

  /** Every mimi:// URI in the protocol and content drafts in spec/drafts parses, except one typo. */
  it.each(['draft-ietf-mimi-protocol-06.md', 'draft-ietf-mimi-content-07.md'])('every URI in %s', (file) => {
    const lines = readFileSync(`${DRAFTS}${file}`, 'utf8').split('\n');
    const seen: string[] = [];
    const failures: string[] = [];
    lines.forEach((line, i) => {
      for (const m of line.matchAll(/mimi:\/\/[A-Za-z0-9.-]+(?:\/[A-Za-z0-9._~%@-]+)*/g)) {
        seen.push(m[0]);
        try {
          const u = parseMimiUri(m[0]);
          expect(u.text).toBe(m[0]);
        } catch (e) {
          failures.push(`${i + 1}: ${(e as MimiUriError).code} ${m[0]}`);
        }
      }
    });
    expect(seen.length).toBeGreaterThan(10);
    // protocol-06 line 1024: "adding Bob (`mimi://b.example/b/bob`)", a typo for /u/bob.
    expect(failures).toEqual(file.includes('protocol') ? ['1024: unknown-kind mimi://b.example/b/bob'] : []);
  });

  it('protocol-06 examples have the kinds the text gives them', () => {
    expect(parseMimiUri('mimi://a.example/g/clubhouse')).toMatchObject({ kind: 'group', group: 'clubhouse' }); // line 244
    expect(parseMimiUri('mimi://hub.example/r/Rl33FWLCYWOwxHrYnpWDQg')).toMatchObject({ kind: 'room', domain: 'hub.example' }); // line 1226
    expect(parseMimiUri('mimi://b.example/u/alice', 'user').user).toBe('alice'); // line 1225
  });
});

describe('canonical form', () => {
  it.each([
    ['MIMI://A.EXAMPLE/u/alice', 'mimi://a.example/u/alice'],
    ['Mimi://a.Example', 'mimi://a.example'],
    ['mimi://XN--BCHER-KVA.example/r/x', 'mimi://xn--bcher-kva.example/r/x'],
    ['mimi://a.example/u/%7ealice', 'mimi://a.example/u/~alice'],
    ['mimi://a.example/u/%7Ealice', 'mimi://a.example/u/~alice'],
    ['mimi://a.example/u/%41%2d%5F%2E', 'mimi://a.example/u/A-_.'],
    ['mimi://a.example/u/a%2bb%c3%a9', 'mimi://a.example/u/a%2Bb%C3%A9'],
    ['mimi://a.example/u/a+b', 'mimi://a.example/u/a+b'],
    ['mimi://a.example/%75/alice', 'mimi://a.example/u/alice'],
    ['mimi://a.example/d/%61lice/Client%2fA1', 'mimi://a.example/d/alice/Client%2FA1'],
    ["mimi://a.example/r/!$&'()*+,;=:@", "mimi://a.example/r/!$&'()*+,;=:@"],
  ])('%s → %s', (input, canonical) => {
    const u = parseMimiUri(input);
    expect(u.text).toBe(canonical);
    expect(formatMimiUri(u)).toBe(canonical);
    expect(parseMimiUri(canonical)).toEqual(u);
  });

  it('%2B and + stay different identifiers, %7E and ~ are the same', () => {
    expect(sameUri(parseMimiUri('mimi://a.example/u/a%2Bb'), parseMimiUri('mimi://a.example/u/a+b'))).toBe(false);
    expect(sameUri(parseMimiUri('mimi://a.example/u/%7Ea'), parseMimiUri('mimi://A.example/u/~a'))).toBe(true);
  });

  it('segments encode and decode text', () => {
    expect(encodeSegment('alice smith/ü+@')).toBe('alice%20smith%2F%C3%BC+@');
    expect(decodeSegment('alice%20smith%2F%C3%BC+@')).toBe('alice smith/ü+@');
    expect(parseMimiUri(`mimi://a.example/u/${encodeSegment('José')}`, 'user').user).toBe('Jos%C3%A9');
    expect(decodeSegment(parseMimiUri('mimi://a.example/u/Jos%c3%a9', 'user').user)).toBe('José');
    expect(encodeSegment('😀')).toBe('%F0%9F%98%80');
  });

  it('the HTTP path segment of a URI (@mimikit/transport) carries the canonical text unchanged', () => {
    const u = parseMimiUri('MIMI://A.example/d/alice/Client%2fA1');
    const seg = encodePathSegment(u.text);
    expect(seg).toBe('mimi%3A%2F%2Fa.example%2Fd%2Falice%2FClient%252FA1');
    expect(parseMimiUri(decodePathSegment(seg))).toEqual(u);
  });

  it('parseDomain canonicalises a bare domain', () => {
    expect(parseDomain('A.Example')).toBe('a.example');
    expect(uriError(() => parseDomain('a_b.example'))).toMatchObject({ code: 'bad-domain', offset: 1 });
  });
});

describe('errors: code, offset and detail', () => {
  const NOT_DOMAIN = "is not allowed in a domain name (letters, digits, '-', '.')";
  const NOT_A_LABEL = 'is not a valid A-label (punycode of a non-ASCII label, as IDNA encodes it)';
  const NUMERIC = 'numeric top-level label: an IP address is not a domain name';
  const NO_HEX = "'%' not followed by two hex digits in the user segment";
  const cases: Array<[input: string, code: MimiUriErrorCode, offset: number, detail: string]> = [
    ['', 'not-mimi-scheme', 0, "no URI scheme (expected 'mimi://')"],
    ['http://a.example/u/alice', 'not-mimi-scheme', 0, "scheme 'http' is not mimi"],
    ['mimix://a.example', 'not-mimi-scheme', 0, "scheme 'mimix' is not mimi"],
    [' mimi://a.example', 'not-mimi-scheme', 0, "no URI scheme (expected 'mimi://')"],
    ['a.example/u/alice', 'not-mimi-scheme', 0, "no URI scheme (expected 'mimi://')"],
    ['mimi:a.example/u/alice', 'missing-authority', 5, "'mimi:' must be followed by '//' and a domain"],
    ['mimi:/a.example', 'missing-authority', 5, "'mimi:' must be followed by '//' and a domain"],
    ['mimi:x/a.example', 'missing-authority', 5, "'mimi:' must be followed by '//' and a domain"],
    ['mimi://alice@a.example', 'userinfo-not-allowed', 7, 'a MIMI URI authority is a domain only: no userinfo (put user names in /u/…)'],
    ['mimi://a.example:443', 'port-not-allowed', 16, 'a MIMI URI names a provider by its domain, not a server: no port'],
    ['mimi://a.example:/u/alice', 'port-not-allowed', 16, 'a MIMI URI names a provider by its domain, not a server: no port'],
    ['mimi://:443', 'port-not-allowed', 7, 'a MIMI URI names a provider by its domain, not a server: no port'],
    ['mimi://', 'bad-domain', 7, 'empty domain'],
    ['mimi:///u/alice', 'bad-domain', 7, 'empty domain'],
    ['mimi://a_b.example', 'bad-domain', 8, `'_' ${NOT_DOMAIN}`],
    ['mimi://a b.example', 'bad-domain', 8, `a space ${NOT_DOMAIN}`],
    ['mimi://a\u007fb.example', 'bad-domain', 8, `control character U+007F ${NOT_DOMAIN}`],
    ['mimi://a.example./u/alice', 'bad-domain', 17, 'empty label (leading, trailing or doubled dot)'],
    ['mimi://.a.example', 'bad-domain', 7, 'empty label (leading, trailing or doubled dot)'],
    ['mimi://a..example', 'bad-domain', 9, 'empty label (leading, trailing or doubled dot)'],
    ['mimi://-a.example', 'bad-domain', 7, 'label starts with a hyphen'],
    ['mimi://a-.example', 'bad-domain', 8, 'label ends with a hyphen'],
    [
      'mimi://bücher.example',
      'bad-domain',
      8,
      'non-ASCII character "ü": a MIMI URI takes the A-label form of an internationalised domain (xn--bcher-kva.example)',
    ],
    // No A-label to suggest: UTS #46 refuses U+FFFD.
    ['mimi://a\ufffdb.example', 'bad-domain', 8, 'non-ASCII character "\ufffd": a MIMI URI takes the A-label form of an internationalised domain'],
    ['mimi://xn--zz.example', 'bad-domain', 7, `'xn--zz' ${NOT_A_LABEL}`], // not punycode
    ['mimi://xn--bcher-2pa.example', 'bad-domain', 7, `'xn--bcher-2pa' ${NOT_A_LABEL}`], // punycode of "bÜcher": not what IDNA produces
    ['mimi://xn---abc.example', 'bad-domain', 7, `'xn---abc' ${NOT_A_LABEL}`], // no IDNA encoding starts with '-'
    ['mimi://xn--abc-.example', 'bad-domain', 14, 'label ends with a hyphen'],
    ['mimi://xn--en32g.example', 'bad-domain', 7, `'xn--en32g' ${NOT_A_LABEL}`], // decodes to 0x110000, past Unicode
    ['mimi://xn--ib9b.example', 'bad-domain', 7, `'xn--ib9b' ${NOT_A_LABEL}`], // decodes to the surrogate U+D800
    ['mimi://a%2Eexample', 'bad-domain', 8, 'percent-encoding is not allowed in a domain name'],
    ['mimi://[::1]/u/alice', 'bad-domain', 7, 'an IP literal is not a domain name'],
    ['mimi://192.0.2.1/u/alice', 'bad-domain', 15, NUMERIC],
    ['mimi://a.example.42', 'bad-domain', 17, NUMERIC],
    ['mimi://localhost.0x7f', 'bad-domain', 17, NUMERIC],
    ['mimi://localhost.0x', 'bad-domain', 17, NUMERIC],
    [`mimi://${'a'.repeat(64)}.example`, 'bad-domain', 7 + 63, 'label longer than 63 characters'],
    [`mimi://${`${'a'.repeat(63)}.`.repeat(4)}example`, 'bad-domain', 7 + 253, 'domain longer than 253 characters'],
    ['mimi://a.example?x=1', 'query-not-allowed', 16, 'a MIMI URI has no query'],
    ['mimi://a.example/u/alice?x=1', 'query-not-allowed', 24, 'a MIMI URI has no query'],
    ['mimi://a.example#top', 'fragment-not-allowed', 16, 'a MIMI URI has no fragment'],
    ['mimi://a.example/r/clubhouse#m1', 'fragment-not-allowed', 28, 'a MIMI URI has no fragment'],
    ['mimi://a.example/', 'empty-segment', 17, 'empty path segment (trailing slash)'],
    ['mimi://a.example/u/alice/', 'empty-segment', 25, 'empty path segment (trailing slash)'],
    ['mimi://a.example//alice', 'empty-segment', 17, 'empty path segment (doubled slash)'],
    ['mimi://a.example/d//ClientA1', 'empty-segment', 19, 'empty path segment (doubled slash)'],
    ['mimi://a.example/b/bob', 'unknown-kind', 17, "unknown identifier kind 'b' (expected u, p, d, r, g or t)"],
    ['mimi://a.example/U/alice', 'unknown-kind', 17, "unknown identifier kind 'U' (expected u, p, d, r, g or t)"],
    ['mimi://a.example/user/alice', 'unknown-kind', 17, "unknown identifier kind 'user' (expected u, p, d, r, g or t)"],
    ['mimi://a.example/%75%2F', 'unknown-kind', 17, "unknown identifier kind 'u%2F' (expected u, p, d, r, g or t)"],
    ['mimi://a.example/%zz/x', 'bad-percent-encoding', 17, "'%' not followed by two hex digits in the kind segment"],
    ['mimi://a.example/./x', 'dot-segment', 17, "the kind segment is the dot-segment '.'"],
    ['mimi://a.example/u', 'missing-segment', 18, 'a user URI needs an identifier after /u/'],
    ['mimi://a.example/d', 'missing-segment', 18, 'a client URI needs an identifier after /d/'],
    ['mimi://a.example/u/alice/phone', 'extra-segments', 24, 'a user URI has one identifier segment after /u/'],
    ['mimi://a.example/r/a/b', 'extra-segments', 20, 'a room URI has one identifier segment after /r/'],
    ['mimi://a.example/d/alice/ClientA1/x', 'extra-segments', 33, 'a client URI has one or two identifier segments after /d/'],
    ['mimi://a.example/u/alice smith', 'bad-segment', 24, 'a space is not allowed in the user segment'],
    ['mimi://a.example/u/josé', 'bad-segment', 22, 'non-ASCII character "é" is not allowed in the user segment (percent-encode its UTF-8 bytes)'],
    ['mimi://a.example/u/[alice]', 'bad-segment', 19, "'[' is not allowed in the user segment"],
    ['mimi://a.example/u/a"b', 'bad-segment', 20, `'"' is not allowed in the user segment`],
    ['mimi://a.example/u/alice\n', 'bad-segment', 24, 'control character U+000A is not allowed in the user segment'],
    ['mimi://a.example/u/a\u001bb', 'bad-segment', 20, 'control character U+001B is not allowed in the user segment'],
    ['mimi://a.example/u/a\u007f', 'bad-segment', 20, 'control character U+007F is not allowed in the user segment'],
    ['mimi://a.example/r/%41%', 'bad-percent-encoding', 22, "'%' not followed by two hex digits in the room segment"],
    ['mimi://a.example/u/%', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/a%4', 'bad-percent-encoding', 20, NO_HEX],
    ['mimi://a.example/u/a%4z', 'bad-percent-encoding', 20, NO_HEX],
    ['mimi://a.example/u/a%zz', 'bad-percent-encoding', 20, NO_HEX],
    // Next to the hex digits in ASCII: ':' after '9', 'G' after 'F', '`' before 'a', 'g' after 'f';
    // and 'W', which a decoder checking only the upper bound of a-f would read as 0 (0x57 - 0x57).
    ['mimi://a.example/u/%:0', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/%0G', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/%0W', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/%`0', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/%0g', 'bad-percent-encoding', 19, NO_HEX],
    ['mimi://a.example/u/.', 'dot-segment', 19, "the user segment is the dot-segment '.'"],
    ['mimi://a.example/u/..', 'dot-segment', 19, "the user segment is the dot-segment '..'"],
    ['mimi://a.example/d/%2e%2E/x', 'dot-segment', 19, "the client segment is the dot-segment '..'"],
  ];
  it.each(cases)('%j → %s at %i', (input, code, offset, detail) => {
    const e = uriError(() => parseMimiUri(input));
    expect({ code: e.code, offset: e.offset, detail: e.detail, input: e.input }).toEqual({ code, offset, detail, input: input });
    // (A longer input is quoted in part: the next test.)
    if (input.length <= 200) expect(e.message).toBe(`${code} at offset ${offset} of ${JSON.stringify(input)}: ${detail}`);
    expect(e.name).toBe('MimiUriError');
  });

  it("'@' and ':' after the authority are path characters", () => {
    expect(parseMimiUri('mimi://a.example/u/x@y:z', 'user').user).toBe('x@y:z');
    expect(parseMimiUri('mimi://a.example/d/a:b/c@d', 'client')).toMatchObject({ user: 'a:b', client: 'c@d' });
  });

  it('the message quotes up to 200 characters of the input', () => {
    const at200 = 'x'.repeat(200);
    expect(uriError(() => parseMimiUri(at200)).message).toBe(`not-mimi-scheme at offset 0 of "${at200}": no URI scheme (expected 'mimi://')`);
    const e = uriError(() => parseMimiUri(`${at200}yz`));
    expect(e.message).toBe(`not-mimi-scheme at offset 0 of "${at200}…": no URI scheme (expected 'mimi://')`);
    expect(e.input).toBe(`${at200}yz`);
  });

  it('the boundaries of the domain: 253 characters and 63-character labels are fine, a top-level label that only starts with a digit is no number', () => {
    const label63 = 'a'.repeat(63);
    const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(61)}`;
    expect(parseMimiUri(`mimi://${name253}`).domain).toBe(name253);
    expect(parseDomain(name253.toUpperCase())).toBe(name253);
    for (const d of ['x.3com', 'x.0xg', 'x.1-a', '42.example']) expect(parseDomain(d)).toBe(d);
  });

  it('A-labels: what the WHATWG URL parser (UTS #46) makes of a non-ASCII name is accepted as it is', () => {
    const scripts = [...'éüßçøåñ', ...'αβγδλω', ...'жизнь', ...'中文網絡日本', ...'مثال', ...'हिन्दी', ...'한국어', ...'☃★♥', '😀', '🦀'];
    const name = fc.array(fc.oneof({ arbitrary: fc.constantFrom(...scripts), weight: 3 }, { arbitrary: fc.constantFrom(...'abz09'), weight: 1 }), {
      minLength: 1,
      maxLength: 20,
    });
    let checked = 0;
    fc.assert(
      fc.property(name, (chars) => {
        let host: string;
        try {
          host = new URL(`http://${chars.join('')}.example/`).hostname;
        } catch {
          return; // not a name UTS #46 allows
        }
        if (!host.startsWith('xn--')) return;
        checked++;
        expect(parseDomain(host)).toBe(host);
        expect(parseMimiUri(`mimi://${host}/u/a`).domain).toBe(host);
      }),
      { numRuns: 500 },
    );
    expect(checked).toBeGreaterThan(250);
    // Fixed ones: RFC 3492's bias adaptation at exactly its threshold (delta 455), basic code
    // points before the delimiter, a code point past the BMP.
    for (const [text, host] of [
      ['x本зåc9δж', 'xn--xc9-ula117akwac7773r'],
      ['bücher', 'xn--bcher-kva'],
      ['💩', 'xn--ls8h'],
    ]) {
      expect(new URL(`http://${text}/`).hostname).toBe(host);
      expect(parseDomain(`${host}.example`)).toBe(`${host}.example`);
    }
  });

  it('the leftmost problem is the one reported', () => {
    expect(uriError(() => parseMimiUri('mimi://a.example/x/%zz?q')).code).toBe('unknown-kind');
    expect(uriError(() => parseMimiUri('mimi://a.example/u/a b?q')).code).toBe('bad-segment');
  });

  it('a U-label error names the A-label', () => {
    expect(uriError(() => parseMimiUri('mimi://bücher.example/u/a')).detail).toContain('xn--bcher-kva.example');
  });

  /** What a MimiUriError says: code, offset, the input it locates the offset in, and why. */
  const failure = (f: () => unknown) => {
    const e = uriError(f);
    return { code: e.code, offset: e.offset, input: e.input, detail: e.detail };
  };

  it('wrong-kind with an expected kind', () => {
    expect(failure(() => parseMimiUri('mimi://a.example/u/alice', 'client'))).toEqual({
      code: 'wrong-kind',
      offset: 17,
      input: 'mimi://a.example/u/alice',
      detail: 'expected a client URI, got a user URI',
    });
    expect(failure(() => parseMimiUri('mimi://a.example', 'user'))).toEqual({
      code: 'wrong-kind',
      offset: 16,
      input: 'mimi://a.example',
      detail: 'expected a user URI, got a provider URI',
    });
  });

  it('not-a-string', () => {
    const notAString = { code: 'not-a-string', offset: 0, input: '42', detail: 'expected a string, got number' };
    expect(failure(() => parseMimiUri(42 as unknown as string))).toEqual(notAString);
    expect(failure(() => parseDomain(42 as unknown as string))).toEqual(notAString);
    expect(failure(() => mimiUri(null as unknown as MimiUriInit))).toEqual({
      code: 'not-a-string',
      offset: 0,
      input: 'null',
      detail: 'expected a MIMI URI object',
    });
    expect(failure(() => mimiUri('mimi://a.example' as unknown as MimiUriInit))).toEqual({
      code: 'not-a-string',
      offset: 0,
      input: 'mimi://a.example',
      detail: 'expected a MIMI URI object',
    });
  });

  it('segment codecs', () => {
    const encodes: Array<[text: string, code: MimiUriErrorCode, offset: number, detail: string]> = [
      ['', 'empty-segment', 0, 'empty segment'],
      ['.', 'dot-segment', 0, "'.' is a dot-segment"],
      ['..', 'dot-segment', 0, "'..' is a dot-segment"],
      ['ab\ud800', 'bad-utf8', 2, 'lone surrogate: not encodable as UTF-8'],
      ['\udfff', 'bad-utf8', 0, 'lone surrogate: not encodable as UTF-8'],
    ];
    for (const [text, code, offset, detail] of encodes)
      expect(
        failure(() => encodeSegment(text)),
        text,
      ).toEqual({ code, offset, input: text, detail });
    // The first code point past ASCII takes two UTF-8 bytes; DEL is ASCII, percent-encoded.
    expect(encodeSegment('\u0080\u007f')).toBe('%C2%80%7F');
    expect(encodeSegment('\ud7ff\ue000')).toBe('%ED%9F%BF%EE%80%80');

    const NO_HEX = "'%' not followed by two hex digits";
    const decodes: Array<[segment: string, code: MimiUriErrorCode, offset: number, detail: string]> = [
      ['ab%C3%28', 'bad-utf8', 2, 'percent-encoded bytes are not UTF-8'],
      ['%', 'bad-percent-encoding', 0, NO_HEX],
      ['a%4', 'bad-percent-encoding', 1, NO_HEX],
      ['a%4z', 'bad-percent-encoding', 1, NO_HEX],
      ['a%z4', 'bad-percent-encoding', 1, NO_HEX],
      ['a%41%', 'bad-percent-encoding', 4, NO_HEX],
      ['a b', 'bad-segment', 1, 'a space is not allowed in a segment'],
    ];
    for (const [segment, code, offset, detail] of decodes)
      expect(
        failure(() => decodeSegment(segment)),
        segment,
      ).toEqual({ code, offset, input: segment, detail });
    expect(decodeSegment('%41%42c')).toBe('ABc');
  });

  it('format validates fields, locating errors in the text it builds', () => {
    expect(formatMimiUri({ kind: 'user', domain: 'A.Example', user: '%7ealice' })).toBe('mimi://a.example/u/~alice');
    const user = (u: unknown) => () => formatMimiUri({ kind: 'user', domain: 'a.example', user: u as string });
    const cases: Array<[f: () => unknown, code: MimiUriErrorCode, offset: number, input: string, detail: string]> = [
      [user('a/b'), 'bad-segment', 20, 'mimi://a.example/u/a/b', "'/' is not allowed in the user segment (percent-encode it as %2F)"],
      [user('é'), 'bad-segment', 19, 'mimi://a.example/u/é', 'non-ASCII character "é" is not allowed in the user segment (percent-encode its UTF-8 bytes)'],
      [user(''), 'empty-segment', 19, 'mimi://a.example/u/', 'the user segment is empty'],
      [user('..'), 'dot-segment', 19, 'mimi://a.example/u/..', "the user segment is the dot-segment '..'"],
      [user('a%zz'), 'bad-percent-encoding', 20, 'mimi://a.example/u/a%zz', "'%' not followed by two hex digits in the user segment"],
      [user(undefined), 'missing-segment', 19, 'mimi://a.example/u/', 'no user'],
      [user(42), 'bad-segment', 19, 'mimi://a.example/u/', 'user is not a string'],
      [
        () => formatMimiUri({ kind: 'room', domain: 'a.example', room: 'x?y' }),
        'bad-segment',
        20,
        'mimi://a.example/r/x?y',
        "'?' is not allowed in the room segment",
      ],
      [
        () => formatMimiUri({ kind: 'client', domain: 'a.example', user: 'alice', client: undefined as unknown as string }),
        'missing-segment',
        25,
        'mimi://a.example/d/alice/',
        'no client',
      ],
      [
        () => formatMimiUri({ kind: 'provider', domain: 'a.example:80' }),
        'bad-domain',
        16,
        'mimi://a.example:80',
        "':' is not allowed in a domain name (letters, digits, '-', '.')",
      ],
      [
        () => formatMimiUri({ kind: 'provider', domain: 'A_B' }),
        'bad-domain',
        8,
        'mimi://A_B',
        "'_' is not allowed in a domain name (letters, digits, '-', '.')",
      ],
      [() => formatMimiUri({ kind: 'provider', domain: 42 as unknown as string }), 'bad-domain', 7, 'mimi://', 'domain is not a string'],
      [
        () => formatMimiUri({ kind: 'nope', domain: 'a.example' } as unknown as MimiUri),
        'unknown-kind',
        17,
        'mimi://a.example/nope',
        'unknown identifier kind "nope"',
      ],
      // A kind that only turns into a kind's name as a property key is no kind.
      [
        () => formatMimiUri({ kind: ['user'], domain: 'a.example', user: 'x' } as unknown as MimiUri),
        'unknown-kind',
        17,
        'mimi://a.example/user',
        'unknown identifier kind ["user"]',
      ],
    ];
    for (const [f, code, offset, input, detail] of cases) expect(failure(f), input).toEqual({ code, offset, input, detail });
  });
});

describe('helpers', () => {
  it('userOfClient', () => {
    const long = parseMimiUri('mimi://a.example/d/alice/ClientA1', 'client');
    expect(userOfClient(long)).toEqual(parseMimiUri('mimi://a.example/u/alice'));
    expect(userOfClient(parseMimiUri('mimi://a.example/d/ClientA1', 'client'))).toBeUndefined();
  });

  it('sameProvider, providerOf', () => {
    const a = parseMimiUri('mimi://a.example/u/alice');
    expect(sameProvider(a, parseMimiUri('MIMI://A.EXAMPLE/r/clubhouse'))).toBe(true);
    expect(sameProvider(a, parseMimiUri('mimi://b.example/u/alice'))).toBe(false);
    expect(providerOf(a)).toEqual(parseMimiUri('mimi://a.example'));
  });

  it('isUri guards', () => {
    const all = ['mimi://a.example/u/alice', 'mimi://a.example/d/alice/A1', 'mimi://a.example/u/bob', 'mimi://a.example'].map((t) => parseMimiUri(t));
    const users = all.filter(isUri('user'));
    expect(users.map((u) => u.user)).toEqual(['alice', 'bob']);
    const c = all[1]!;
    if (isUri('client', c)) expect(c.client).toBe('A1');
    else throw new Error('not a client');
    expect(isUri('room', c)).toBe(false);
    // What a JavaScript caller may pass where no URI is: false, not a TypeError.
    expect(isUri('user', undefined as unknown as MimiUri)).toBe(false);
  });

  it('mimiUri builds the object', () => {
    expect(mimiUri({ kind: 'client', domain: 'a.example', client: 'ClientA1' })).toEqual(parseMimiUri('mimi://a.example/d/ClientA1'));
  });
});

describe('properties', () => {
  const hex = (b: number, lower: boolean) => {
    const h = b.toString(16).padStart(2, '0');
    return `%${lower ? h : h.toUpperCase()}`;
  };
  const PCHAR = [...'ABCXYZabcxyz0189-._~', ..."!$&'()*+,;=:@"];
  const pct = fc.tuple(fc.integer({ min: 0, max: 255 }), fc.boolean()).map(([b, lower]) => hex(b, lower));
  const rawSegment = fc
    .array(fc.oneof({ arbitrary: fc.constantFrom(...PCHAR), weight: 4 }, { arbitrary: pct, weight: 1 }), { minLength: 1, maxLength: 12 })
    .map((a) => a.join(''))
    .filter((s) => !/^(?:\.|%2[eE]){1,2}$/.test(s));
  const label = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,8}[a-zA-Z0-9])?$/).filter((l) => !/^xn--/i.test(l));
  const tld = fc.oneof(fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,5}$/), fc.constantFrom('xn--bcher-kva', 'XN--55QX5D', 'xn--nxasmq6b'));
  const domain = fc.tuple(fc.array(label, { maxLength: 3 }), tld).map(([ls, t]) => [...ls, t].join('.'));
  const scheme = fc.constantFrom('mimi', 'MIMI', 'Mimi', 'mImI');
  const path = fc.oneof(
    fc.constant(''),
    fc.tuple(fc.constantFrom('u', 'p', 'r', 'g', 't', '%75', '%72'), rawSegment).map(([k, s]) => `/${k}/${s}`),
    fc.tuple(rawSegment, fc.option(rawSegment)).map(([a, b]) => (b === null ? `/d/${a}` : `/d/${a}/${b}`)),
  );
  const validUri = fc.tuple(scheme, domain, path).map(([s, d, p]) => `${s}://${d}${p}`);

  /** An independent oracle: RFC 3986 §6.2.2 normalisation of a URI this generator made. */
  const canonical = (text: string) => {
    const [, d, p] = /^[^:]+:\/\/([^/]*)(.*)$/.exec(text)!;
    const path = p!.replace(/%[0-9a-fA-F]{2}/g, (m) => {
      const c = String.fromCharCode(parseInt(m.slice(1), 16));
      return /[A-Za-z0-9\-._~]/.test(c) ? c : m.toUpperCase();
    });
    return `mimi://${d!.toLowerCase()}${path}`;
  };

  it('format(parse(x)) is a fixed point, and the canonical text is RFC 3986 normalisation', () => {
    fc.assert(
      fc.property(validUri, (x) => {
        const u = parseMimiUri(x);
        expect(u.text).toBe(canonical(x));
        expect(formatMimiUri(u)).toBe(u.text);
        expect(parseMimiUri(u.text)).toEqual(u);
        expect(mimiUri(u)).toEqual(u);
      }),
      { numRuns: 2000 },
    );
  });

  const isMimiUriError = (s: string) => {
    try {
      const u = parseMimiUri(s);
      expect(parseMimiUri(u.text)).toEqual(u);
    } catch (e) {
      if (!(e instanceof MimiUriError)) throw e;
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset).toBeLessThanOrEqual(s.length);
    }
  };

  it('random strings throw nothing but MimiUriError, located inside the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 60 }), isMimiUriError), { numRuns: 1000 });
    const uriish = fc.string({ unit: fc.constantFrom(...'mMiI:/.%aZ09-_~@?#[]: é\u0000xn-udprgt2Ee'), maxLength: 40 });
    fc.assert(
      fc.property(uriish, (s) => isMimiUriError(`mimi://${s}`)),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(validUri, fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), (x, at, ins) => {
        const i = at % (x.length + 1);
        isMimiUriError(x.slice(0, i) + ins + x.slice(i));
      }),
      { numRuns: 2000 },
    );
  });

  it('encodeSegment and decodeSegment are inverse', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }).filter((s) => s !== '.' && s !== '..'),
        (s) => {
          const seg = encodeSegment(s);
          expect(decodeSegment(seg)).toBe(s);
          expect(parseMimiUri(`mimi://a.example/u/${seg}`, 'user').user).toBe(seg);
        },
      ),
    );
  });

  it('random credential identities give nothing but MimiCredentialError', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      validUri.map((x) => utf8.encode(x)),
    );
    fc.assert(
      fc.property(bytes, (identity) => {
        try {
          const c = clientUriOfCredential({ credentialType: 'basic', identity } as Credential);
          expect(credentialFor(c).identity).toEqual(identity);
        } catch (e) {
          if (!(e instanceof MimiCredentialError)) throw e;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(identity.length);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('credentials', () => {
  it('round trip', () => {
    const c = credentialFor('mimi://a.example/d/alice/ClientA1');
    expect(c).toEqual({ credentialType: 'basic', identity: utf8.encode('mimi://a.example/d/alice/ClientA1') });
    expect(clientUriOfCredential(c)).toEqual(parseMimiUri('mimi://a.example/d/alice/ClientA1'));
    const u = parseMimiUri('MIMI://A.example/d/ClientA1', 'client');
    expect(new TextDecoder().decode(credentialFor(u).identity)).toBe('mimi://a.example/d/ClientA1');
    expect(credentialFor('MIMI://A.example/d/ClientA1')).toEqual(credentialFor(u));
  });

  it('credentialFor rejects what is not a client URI', () => {
    expect(uriError(() => credentialFor('mimi://a.example/u/alice'))).toMatchObject({ code: 'wrong-kind', offset: 17 });
    const asClient = parseMimiUri('mimi://a.example/u/alice') as unknown as ClientUri;
    const e = uriError(() => credentialFor(asClient));
    expect({ code: e.code, offset: e.offset, input: e.input, detail: e.detail }).toEqual({
      code: 'wrong-kind',
      offset: 0,
      input: 'mimi://a.example/u/alice',
      detail: 'expected a client URI, got a user URI',
    });
    expect(uriError(() => credentialFor({ kind: 'client', domain: 'a.example', client: 'a b', text: 'x' }))).toMatchObject({ code: 'bad-segment' });
  });

  it('errors with byte offsets and details', () => {
    const basic = (text: string | Uint8Array) => ({ credentialType: 'basic', identity: typeof text === 'string' ? utf8.encode(text) : text });
    const NOT_CANONICAL = 'the identity is not in canonical form (mimi://a.example/d/x)';
    const cases: Array<[credential: unknown, code: MimiCredentialErrorCode, offset: number, detail: string]> = [
      [null, 'malformed', 0, 'not a credential object'],
      ['mimi://a.example/d/x', 'malformed', 0, 'not a credential object'],
      [{ credentialType: 'x509', certificates: [] }, 'not-basic', 0, 'credential type "x509" is not basic'],
      [{ credentialType: 'basic' }, 'malformed', 0, 'a basic credential without identity bytes'],
      [basic(Uint8Array.of(0x6d, 0x69, 0xff, 0x6d)), 'bad-utf8', 2, 'the identity is not UTF-8 (at byte 2)'],
      // The first bad byte after a two-byte character; a character cut short by the end is bad there.
      [basic(Uint8Array.of(0x61, 0xc3, 0xa9, 0xff)), 'bad-utf8', 3, 'the identity is not UTF-8 (at byte 3)'],
      [basic(Uint8Array.of(0x61, 0xc3, 0xa9, 0xe2, 0x82)), 'bad-utf8', 5, 'the identity is not UTF-8 (at byte 5)'],
      [
        basic('mimi://é.example/d/x'),
        'bad-uri',
        7,
        'bad-domain: non-ASCII character "é": a MIMI URI takes the A-label form of an internationalised domain (xn--9ca.example)',
      ],
      [basic('mimi://a.example/d/x y'), 'bad-uri', 20, 'bad-segment: a space is not allowed in the client segment'],
      [basic('mimi://a.example/u/alice'), 'wrong-kind', 17, 'wrong-kind: expected a client URI, got a user URI'],
      [basic('mimi://A.example/d/x'), 'not-canonical', 7, NOT_CANONICAL],
      [basic('mimi://a.example/d/%78'), 'not-canonical', 19, NOT_CANONICAL],
      [basic('MIMI://a.example/d/x'), 'not-canonical', 0, NOT_CANONICAL],
    ];
    for (const [credential, code, offset, detail] of cases) {
      const e = credentialError(() => clientUriOfCredential(credential as Credential));
      expect({ code: e.code, offset: e.offset, detail: e.detail }, String(credential)).toEqual({ code, offset, detail });
      expect(e.message).toBe(`${code} at byte ${offset} of the credential identity: ${detail}`);
      expect(e.name).toBe('MimiCredentialError');
    }
    const bad = credentialError(() => clientUriOfCredential(basic('mimi://é.example/d/x')));
    expect(bad.uriError).toMatchObject({ code: 'bad-domain', offset: 7 });
  });

  it('a byte order mark before a canonical URI is not that URI: credential, auth service and segments keep it', async () => {
    const bom = (t: string) => Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8.encode(t)]);
    const identity = bom('mimi://a.example/d/alice/ClientA1');
    const e = credentialError(() => clientUriOfCredential({ credentialType: 'basic', identity }));
    expect(e).toMatchObject({ code: 'bad-uri', offset: 0 });
    expect(e.uriError).toMatchObject({ code: 'not-mimi-scheme', offset: 0 });
    expect(credentialError(() => uriOfCredential({ credentialType: 'basic', identity: bom('mimi://hub.example') }, 'provider'))).toMatchObject({
      code: 'bad-uri',
      offset: 0,
    });
    const auth = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
    expect(await auth({ credentialType: 'basic', identity }, Uint8Array.of(1))).toMatchObject({ ok: false, code: 'bad-client-uri' });
    // A percent-encoded BOM is a character of the segment, not nothing: the two URIs stay apart.
    expect(decodeSegment('%EF%BB%BFalice')).toBe('\uFEFFalice');
    expect(encodeSegment(decodeSegment('%EF%BB%BFalice'))).toBe('%EF%BB%BFalice');
    expect(sameUri(parseMimiUri('mimi://a.example/u/%EF%BB%BFalice'), parseMimiUri('mimi://a.example/u/alice'))).toBe(false);
  });

  it('uriOfCredential reads any kind (e.g. a franking agent names its provider)', () => {
    const c = { credentialType: 'basic', identity: utf8.encode('mimi://hub.example') };
    expect(uriOfCredential(c)).toEqual(parseMimiUri('mimi://hub.example'));
    expect(uriOfCredential(c, 'provider').domain).toBe('hub.example');
  });
});

describe('authentication service', () => {
  // Built by hand, as credentialFor builds them ('round trip' above): the describe body runs no
  // identity code, so each test is the only one charged with what it runs (test/mutation coverage).
  const basicCredential = (uri: string) => ({ credentialType: 'basic' as const, identity: utf8.encode(uri) });
  const alice1 = basicCredential('mimi://a.example/d/alice/ClientA1');
  const short = basicCredential('mimi://a.example/d/ClientA2');
  const bob1 = basicCredential('mimi://b.example/d/bob/ClientB1');
  const key = Uint8Array.of(1, 2, 3);
  const codeOf = async (p: Promise<{ ok: boolean; code?: string }>) => {
    const r = await p;
    return r.ok ? 'ok' : r.code;
  };

  it('accepts a client of a trusted domain', async () => {
    const auth = mimiAuthService({ domains: ['A.Example'], acceptUnverified: true });
    expect(await auth(alice1, key)).toEqual({
      ok: true,
      client: parseMimiUri('mimi://a.example/d/alice/ClientA1'),
      user: parseMimiUri('mimi://a.example/u/alice'),
    });
    expect(await auth(short)).toEqual({ ok: true, client: parseMimiUri('mimi://a.example/d/ClientA2') });
  });

  it('denies by default', async () => {
    const auth = mimiAuthService();
    expect(await auth(alice1, key)).toMatchObject({ ok: false, code: 'untrusted-domain' });
    const noVerify = mimiAuthService({ domains: ['a.example'] });
    expect(await auth(alice1, key)).toMatchObject({ ok: false, code: 'untrusted-domain' });
    expect(await noVerify(alice1, key)).toMatchObject({ ok: false, code: 'unverified' });
  });

  it('rejects bad credentials with exact codes', async () => {
    const auth = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
    const basic = (t: string) => ({ credentialType: 'basic', identity: utf8.encode(t) });
    expect(await codeOf(auth({ credentialType: 'x509', certificates: [new Uint8Array(3)] } as Credential))).toBe('unsupported-credential-type');
    expect(await codeOf(auth({ credentialType: 'basic' }))).toBe('malformed-credential');
    expect(await codeOf(auth(null as unknown as Credential))).toBe('malformed-credential');
    expect(await codeOf(auth(basic('alice')))).toBe('bad-client-uri');
    expect(await codeOf(auth({ credentialType: 'basic', identity: Uint8Array.of(0xff) }))).toBe('bad-client-uri');
    expect(await codeOf(auth(basic('mimi://a.example/u/alice')))).toBe('not-a-client');
    expect(await codeOf(auth(basic('mimi://A.EXAMPLE/d/ClientA1')))).toBe('not-canonical');
    expect(await codeOf(auth(bob1))).toBe('untrusted-domain');
    const r = await auth(basic('mimi://a.example/d/a b'));
    expect(r).toMatchObject({ ok: false, code: 'bad-client-uri' });
    expect(!r.ok && r.reason).toContain('bad-segment');
  });

  it('asks trust(domain) about domains not listed', async () => {
    const asked: string[] = [];
    const auth = mimiAuthService({
      domains: ['a.example'],
      trust: (d) => {
        asked.push(d);
        return d === 'b.example';
      },
      acceptUnverified: true,
    });
    expect(await codeOf(auth(alice1))).toBe('ok');
    expect(await codeOf(auth(bob1))).toBe('ok');
    expect(await codeOf(auth(credentialFor('mimi://c.example/d/c1')))).toBe('untrusted-domain');
    expect(asked).toEqual(['b.example', 'c.example']);
    const truthy = mimiAuthService({ trust: () => 'yes' as unknown as boolean, acceptUnverified: true });
    expect(await codeOf(truthy(alice1))).toBe('untrusted-domain');
    const throws = mimiAuthService({
      trust: async () => {
        throw new Error('dns down');
      },
      acceptUnverified: true,
    });
    expect(await throws(alice1)).toMatchObject({ ok: false, code: 'hook-failed', reason: 'trust(a.example): dns down' });
  });

  it('verify: the provider vouches for the credential and key', async () => {
    const claims: unknown[] = [];
    const auth = mimiAuthService({
      domains: ['a.example'],
      verify: (claim) => {
        claims.push(claim);
        if (claim.client.client === 'ClientA2') return { ok: true, user: 'mimi://a.example/u/alice' };
        if (claim.client.client === 'Revoked') return { ok: false, reason: 'revoked' };
        if (claim.client.client === 'Unknown') return false;
        if (claim.client.client === 'Boom') throw new Error('identity service unreachable');
        if (claim.client.client === 'Odd') return 'yes' as unknown as boolean;
        return true;
      },
    });
    expect(await auth(alice1, key)).toMatchObject({ ok: true });
    expect(claims[0]).toEqual({ credential: alice1, client: parseMimiUri('mimi://a.example/d/alice/ClientA1'), signaturePublicKey: key });
    expect(await auth(short, key)).toEqual({ ok: true, client: parseMimiUri('mimi://a.example/d/ClientA2'), user: parseMimiUri('mimi://a.example/u/alice') });
    expect(await auth(credentialFor('mimi://a.example/d/Revoked'))).toMatchObject({
      ok: false,
      code: 'verification-failed',
      reason: 'mimi://a.example/d/Revoked: revoked',
    });
    expect(await codeOf(auth(credentialFor('mimi://a.example/d/Unknown')))).toBe('verification-failed');
    expect(await codeOf(auth(credentialFor('mimi://a.example/d/Boom')))).toBe('hook-failed');
    expect(await codeOf(auth(credentialFor('mimi://a.example/d/Odd')))).toBe('hook-failed');
  });

  it('expectUser', async () => {
    let verifyCalls = 0;
    const reportUser = (u: string | undefined) =>
      mimiAuthService({
        domains: ['a.example', 'b.example'],
        expectUser: 'mimi://a.example/u/alice',
        verify: () => {
          verifyCalls++;
          return u === undefined ? true : { ok: true, user: u };
        },
      });
    expect(await codeOf(reportUser(undefined)(alice1))).toBe('ok');
    verifyCalls = 0;
    expect(await reportUser(undefined)(credentialFor('mimi://a.example/d/bob/B1'))).toMatchObject({ ok: false, code: 'user-mismatch' });
    expect(verifyCalls).toBe(0); // rejected before asking anyone
    expect(await codeOf(reportUser(undefined)(short))).toBe('user-unknown');
    expect(await codeOf(reportUser('mimi://a.example/u/alice')(short))).toBe('ok');
    expect(await codeOf(reportUser('mimi://a.example/u/bob')(short))).toBe('user-mismatch');
    expect(await codeOf(reportUser('mimi://a.example/u/bob')(alice1))).toBe('user-mismatch'); // URI and identity service disagree
    expect(await codeOf(reportUser('mimi://b.example/u/alice')(short))).toBe('user-mismatch'); // a user of another provider
    expect(await codeOf(reportUser('mimi://a.example/d/alice')(short))).toBe('hook-failed');
    expect(await codeOf(reportUser(undefined)(bob1))).toBe('user-mismatch');
    const unverified = mimiAuthService({ domains: ['a.example'], expectUser: parseMimiUri('mimi://a.example/u/alice', 'user'), acceptUnverified: true });
    expect(await codeOf(unverified(alice1))).toBe('ok');
    expect(await codeOf(unverified(short))).toBe('user-unknown');
  });

  it('verify naming a user of another provider is refused on its own, with no expectUser to catch it later', async () => {
    const reporting = (user: string) => mimiAuthService({ domains: ['a.example', 'b.example'], verify: () => ({ ok: true, user }) });
    // A client URI without a user segment: only the identity service says whose client it is.
    expect(await reporting('mimi://b.example/u/alice')(short)).toEqual({
      ok: false,
      code: 'user-mismatch',
      reason: 'verify says mimi://a.example/d/ClientA2 belongs to mimi://b.example/u/alice, a user of another provider',
    });
    expect(await reporting('mimi://a.example/u/alice')(short)).toEqual({
      ok: true,
      client: parseMimiUri('mimi://a.example/d/ClientA2'),
      user: parseMimiUri('mimi://a.example/u/alice'),
    });
  });

  it('otherCredentials: certificate-style credentials through a hook', async () => {
    const cert = { credentialType: 'x509', certificates: [utf8.encode('mimi://b.example/d/bob/B2')] } as Credential;
    const auth = mimiAuthService({
      domains: ['b.example'],
      otherCredentials: (c) => (c.credentialType === 'x509' ? new TextDecoder().decode((c as { certificates: Uint8Array[] }).certificates[0]) : null),
    });
    expect(await auth(cert)).toEqual({ ok: true, client: parseMimiUri('mimi://b.example/d/bob/B2'), user: parseMimiUri('mimi://b.example/u/bob') });
    expect(await codeOf(auth({ credentialType: 'x509', certificates: [utf8.encode('mimi://b.example/u/bob')] } as Credential))).toBe('not-a-client');
    expect(await codeOf(auth({ credentialType: 'x509', certificates: [utf8.encode('not a uri')] } as Credential))).toBe('bad-client-uri');
    expect(await codeOf(auth({ credentialType: 'custom' }))).toBe('unsupported-credential-type');
    expect(await codeOf(auth(bob1))).toBe('unverified'); // basic credentials still need verify
    const throws = mimiAuthService({
      domains: ['b.example'],
      otherCredentials: () => {
        throw new Error('bad chain');
      },
    });
    expect(await throws(cert)).toMatchObject({ ok: false, code: 'hook-failed', reason: 'otherCredentials: bad chain' });
  });

  it('every refusal has its code and a reason naming what was refused; a hostile credential or hook never makes the service throw', async () => {
    const te = new TextEncoder();
    const basic = (t: string) => ({ credentialType: 'basic', identity: te.encode(t) });
    const x509 = { credentialType: 'x509', certificates: [] } as Credential;
    const open = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
    const other = (r: unknown) => mimiAuthService({ domains: ['b.example'], otherCredentials: () => r as string });
    const verifying = (out: unknown) => mimiAuthService({ domains: ['a.example'], verify: () => out as VerifyOutcome });
    const expecting = (out: VerifyOutcome) => mimiAuthService({ domains: ['a.example'], expectUser: 'mimi://a.example/u/alice', verify: () => out });
    const throwingIdentity = {
      credentialType: 'basic',
      get identity(): Uint8Array {
        throw new Error('gone');
      },
    };
    const cases: Array<[what: string, service: AuthService, credential: unknown, code: AuthRejectCode, reason: string]> = [
      ['null', open, null, 'malformed-credential', 'not a credential'],
      ['undefined', open, undefined, 'malformed-credential', 'not a credential'],
      ['a string', open, 'mimi://a.example/d/x', 'malformed-credential', 'not a credential'],
      ['a credential type that is no string', open, { credentialType: 42 }, 'malformed-credential', 'not a credential'],
      ['an identity that throws when read', open, throwingIdentity, 'malformed-credential', 'Error: gone'],
      ['x509 with no hook for it', open, x509, 'unsupported-credential-type', 'credential type "x509" is not accepted'],
      [
        'basic without identity',
        open,
        { credentialType: 'basic' },
        'malformed-credential',
        'malformed at byte 0 of the credential identity: a basic credential without identity bytes',
      ],
      ['no URI', open, basic('alice'), 'bad-client-uri', "bad-uri at byte 0 of the credential identity: not-mimi-scheme: no URI scheme (expected 'mimi://')"],
      [
        'not UTF-8',
        open,
        { credentialType: 'basic', identity: Uint8Array.of(0xff) },
        'bad-client-uri',
        'bad-utf8 at byte 0 of the credential identity: the identity is not UTF-8 (at byte 0)',
      ],
      [
        'a user URI',
        open,
        basic('mimi://a.example/u/alice'),
        'not-a-client',
        'wrong-kind at byte 17 of the credential identity: wrong-kind: expected a client URI, got a user URI',
      ],
      [
        'not canonical',
        open,
        basic('mimi://A.EXAMPLE/d/ClientA1'),
        'not-canonical',
        'not-canonical at byte 7 of the credential identity: the identity is not in canonical form (mimi://a.example/d/ClientA1)',
      ],
      ['another provider', open, bob1, 'untrusted-domain', 'clients of b.example are not trusted'],
      [
        'unverified',
        mimiAuthService({ domains: ['a.example'] }),
        alice1,
        'unverified',
        'nothing verified that this credential belongs to mimi://a.example/d/alice/ClientA1 (give mimiAuthService a verify hook)',
      ],
      ['otherCredentials: not its type', other(null), x509, 'unsupported-credential-type', 'credential type "x509" is not accepted'],
      ['otherCredentials: undefined', other(undefined), x509, 'hook-failed', "otherCredentials: Cannot read properties of undefined (reading 'text')"],
      [
        'otherCredentials: a user URI',
        other('mimi://b.example/u/bob'),
        x509,
        'not-a-client',
        'otherCredentials: wrong-kind at offset 17 of "mimi://b.example/u/bob": expected a client URI, got a user URI',
      ],
      [
        'otherCredentials: no URI',
        other('not a uri'),
        x509,
        'bad-client-uri',
        'otherCredentials: not-mimi-scheme at offset 0 of "not a uri": no URI scheme (expected \'mimi://\')',
      ],
      ['verify: false', verifying(false), alice1, 'verification-failed', 'mimi://a.example/d/alice/ClientA1: not vouched for by its provider'],
      [
        'verify: ok false without reason',
        verifying({ ok: false }),
        alice1,
        'verification-failed',
        'mimi://a.example/d/alice/ClientA1: not vouched for by its provider',
      ],
      ['verify: null', verifying(null), alice1, 'hook-failed', 'verify returned object, not a VerifyOutcome'],
      ['verify: undefined', verifying(undefined), alice1, 'hook-failed', 'verify returned undefined, not a VerifyOutcome'],
      ['verify: no ok', verifying({}), alice1, 'hook-failed', 'verify returned object, not a VerifyOutcome'],
      ['verify: ok not true', verifying({ ok: 'yes' }), alice1, 'hook-failed', 'verify returned object, not a VerifyOutcome'],
      ['verify: a string', verifying('yes'), alice1, 'hook-failed', 'verify returned string, not a VerifyOutcome'],
      [
        'verify: throws',
        mimiAuthService({
          domains: ['a.example'],
          verify: () => {
            throw new Error('unreachable');
          },
        }),
        alice1,
        'hook-failed',
        'verify: unreachable',
      ],
      [
        'verify: a client as the user',
        verifying({ ok: true, user: 'mimi://a.example/d/alice' }),
        short,
        'hook-failed',
        'verify reported a user that is not a user URI: wrong-kind at offset 17 of "mimi://a.example/d/alice": expected a user URI, got a client URI',
      ],
      // The URI names alice, the identity service bob: refused on its own, with no expectUser.
      [
        'verify: another user than the URI names',
        verifying({ ok: true, user: 'mimi://a.example/u/bob' }),
        alice1,
        'user-mismatch',
        'verify says mimi://a.example/d/alice/ClientA1 belongs to mimi://a.example/u/bob, but the URI names mimi://a.example/u/alice',
      ],
      [
        'expectUser: the URI names bob',
        expecting(true),
        credentialFor('mimi://a.example/d/bob/B1'),
        'user-mismatch',
        'mimi://a.example/d/bob/B1 is a client of mimi://a.example/u/bob, not mimi://a.example/u/alice',
      ],
      [
        'expectUser: no one says whose',
        expecting(true),
        short,
        'user-unknown',
        'mimi://a.example/d/ClientA2 does not say whose client it is, and no verify hook did; expected mimi://a.example/u/alice',
      ],
      [
        'expectUser: verify says bob',
        expecting({ ok: true, user: 'mimi://a.example/u/bob' }),
        short,
        'user-mismatch',
        'mimi://a.example/d/ClientA2 is a client of mimi://a.example/u/bob, not mimi://a.example/u/alice',
      ],
    ];
    for (const [what, service, credential, code, reason] of cases)
      expect(await service(credential as Credential, key), what).toEqual({ ok: false, code, reason });
  });

  it('what hooks may return besides strings: a ClientUri from otherCredentials, a UserUri from verify, the user the URI names', async () => {
    const viaHook = mimiAuthService({ domains: ['b.example'], otherCredentials: () => parseMimiUri('mimi://b.example/d/bob/B2', 'client') });
    expect(await viaHook({ credentialType: 'x509', certificates: [] })).toEqual({
      ok: true,
      client: parseMimiUri('mimi://b.example/d/bob/B2'),
      user: parseMimiUri('mimi://b.example/u/bob'),
    });
    const userObject = mimiAuthService({ domains: ['a.example'], verify: () => ({ ok: true, user: parseMimiUri('mimi://a.example/u/alice', 'user') }) });
    expect(await userObject(short)).toEqual({ ok: true, client: parseMimiUri('mimi://a.example/d/ClientA2'), user: parseMimiUri('mimi://a.example/u/alice') });
    expect(await userObject(alice1)).toEqual({
      ok: true,
      client: parseMimiUri('mimi://a.example/d/alice/ClientA1'),
      user: parseMimiUri('mimi://a.example/u/alice'),
    });
  });

  it('rejects a bad configuration when it is made', () => {
    expect(() => mimiAuthService({ expectUser: parseMimiUri('mimi://a.example/d/alice') as unknown as UserUri })).toThrow(
      new TypeError('expectUser must be a user URI, got a client URI'),
    );
    expect(uriError(() => mimiAuthService({ domains: ['a.example', 'bad domain'] }))).toMatchObject({ code: 'bad-domain', offset: 3 });
    expect(uriError(() => mimiAuthService({ expectUser: 'mimi://a.example/d/alice' }))).toMatchObject({ code: 'wrong-kind' });
  });

  it('fits ts-mls AuthenticationService', async () => {
    const auth = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
    const as: AuthenticationService = { validateCredential: async (c, k) => (await auth(c, k)).ok };
    expect(await as.validateCredential(alice1, key)).toBe(true);
    expect(await as.validateCredential(bob1, key)).toBe(false);
    expect(await as.validateCredential({ credentialType: 'x509', certificates: [] }, key)).toBe(false);
  });
});
