/**
 * The example validator on the RFC 8610 map constructs of issue 15 (point 2): cuts, fixed keys
 * mixed with wildcards, choice-from-group and sockets, as RFC 8610 defines them (the generated
 * codec's reading is tested against the same values in test/content/rfc8610-constructs.test.ts).
 */
import { decode, encode, Tag } from 'cbor2';
import { describe, expect, it } from 'vitest';
import { parseCddl } from '../cddl/parse/parser.ts';
import { RFC_CDDL_EXAMPLES } from '../cddl/parse/rfc-examples.fixture.ts';
import { CddlUnsupported, CddlValidator, DECODE_OPTIONS, formatMismatch } from './cddl-validate.ts';

function validator(...lines: string[]): (value: unknown, rule: string) => string | null {
  const { spec, diagnostics } = parseCddl(lines.join('\n'), 'test.cddl');
  expect(diagnostics).toEqual([]);
  const v = new CddlValidator([spec]);
  return (value, rule) => {
    const m = v.validate(decode(encode(value), DECODE_OPTIONS), rule);
    return m && formatMismatch(m);
  };
}

describe('CddlValidator: cuts in maps (RFC 8610 §3.5.4)', () => {
  const check = validator('cut = { ? 1 ^ => int, * int => any }', 'colon = { ? 1: int, * int => any }', 'nocut = { ? 1 => int, * int => any }');

  it('a key with a cut (`^ =>` or `:`) whose value does not match fails; without a cut the wildcard takes the entry', () => {
    const entry = new Map([[1, 'text']]);
    expect(check(entry, 'cut')).toMatch(/int/);
    expect(check(entry, 'colon')).toMatch(/int/);
    expect(check(entry, 'nocut')).toBeNull();
    expect(check(new Map([[1, 5]]), 'colon')).toBeNull();
  });
});

describe('CddlValidator: fixed keys with wildcards, choice-from-group, sockets', () => {
  const check = validator(
    'm = { ? 1: color, topic: bstr, * tstr => any, * nint => any }',
    'color = &(red: 1, green: 2)',
    'open = { ? 1: tstr, $$ext }',
    '$$ext //= ( ? 10: uint )',
    'p = [ $priority ]',
    '$priority /= 0 / 1',
  );

  it('takes optional fixed keys and the wildcards, and refuses an entry neither takes', () => {
    expect(
      check(
        new Map<unknown, unknown>([
          [1, 2],
          [-3, 'x'],
          ['topic', new Uint8Array(1)],
          ['ext', 0],
        ]),
        'm',
      ),
    ).toBeNull();
    expect(
      check(
        new Map<unknown, unknown>([
          ['topic', new Uint8Array(1)],
          [7, 0],
        ]),
        'm',
      ),
    ).toMatch(/unexpected map key uint 7/);
    expect(
      check(
        new Map<unknown, unknown>([
          [1, 3],
          ['topic', new Uint8Array(1)],
        ]),
        'm',
      ),
    ).toBe('expected color, found uint 3');
    expect(check(new Map<unknown, unknown>([[1, 1]]), 'm')).toMatch(/missing map key "topic"/);
  });

  it('knows a socket by its plugs: a value no plug describes fails', () => {
    expect(check(new Map<unknown, unknown>([[10, 3]]), 'open')).toBeNull();
    expect(check(new Map<unknown, unknown>([[11, 3]]), 'open')).toMatch(/unexpected map key uint 11/);
    expect(check([1], 'p')).toBeNull();
    expect(check([2], 'p')).not.toBeNull();
  });
});

// ---- the RFCs' own examples (fixtures quoted with attribution in rfc-examples.fixture.ts) ----

function example(rfc: string, name: string): string {
  const found = RFC_CDDL_EXAMPLES.find((e) => e.rfc === rfc && e.name === name);
  if (!found) throw new Error(`no example ${rfc} ${name}`);
  return found.cddl;
}

/** A validator over CDDL text; `check` gives the mismatch message or null, `unchecked` the CddlUnsupported. */
function over(...sources: string[]) {
  const { spec, diagnostics } = parseCddl(sources.join('\n'), 'test.cddl');
  expect(diagnostics).toEqual([]);
  const v = new CddlValidator([spec]);
  const check = (value: unknown, rule: string): string | null => {
    const m = v.validate(decode(encode(value), DECODE_OPTIONS), rule);
    return m && formatMismatch(m);
  };
  const unchecked = (value: unknown, rule: string): CddlUnsupported => {
    try {
      v.validate(decode(encode(value), DECODE_OPTIONS), rule);
    } catch (err) {
      if (err instanceof CddlUnsupported) return err;
      throw err;
    }
    throw new Error(`${rule} was checked`);
  };
  return { check, unchecked, validator: v };
}

const map = (...entries: Array<[unknown, unknown]>) => new Map<unknown, unknown>(entries);
const hex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('CddlValidator: RFC 8610 examples', () => {
  it('group choices in a map (§2.2.2 delivery)', () => {
    const { check } = over(example('RFC 8610', 'Choices #6'));
    expect(check(map(['street', 'Main'], ['number', 3], ['name', 'X'], ['zip-code', 1]), 'address')).toBeNull();
    expect(check(map(['po-box', 7], ['name', 'X'], ['zip-code', 1]), 'address')).toBeNull();
    expect(check(map(['per-pickup', true]), 'address')).toBeNull();
    expect(check(map(['po-box', 7], ['street', 'Main'], ['name', 'X'], ['zip-code', 1]), 'address')).not.toBeNull();
    expect(check(map(['per-pickup', false]), 'address')).not.toBeNull();
  });

  it('integer and float ranges, with names as bounds (§2.2.2.1)', () => {
    const { check } = over(example('RFC 8610', 'Ranges #7'), example('RFC 8610', 'Ranges #8').replace(/BAD.*\n/g, ''));
    expect(check(255, 'byte')).toBeNull();
    expect(check(256, 'byte1')).toMatch(/outside 0\.\.\.first-non-byte/);
    expect(check(5, 'int-range')).toBeNull();
    expect(check(5.5, 'int-range')).not.toBeNull();
    expect(check(5.5, 'float-range')).toBeNull();
    expect(check(5, 'float-range')).not.toBeNull();
    expect(check(10.5, 'numeric-range')).not.toBeNull();
    const bad = over(example('RFC 8610', 'Ranges #8'));
    expect(bad.unchecked(5, 'BAD-range1').message).toMatch(/integer and a float bound is not defined/);
    expect(bad.unchecked(5, 'BAD-range2').at).toMatchObject({ line: 4 });
    expect(over('t = "a".."b"').unchecked('a', 't').message).toMatch(/"a" is not a number/);
  });

  it('choice from a group, &name and &( … ) (§2.2.2.2)', () => {
    const { check } = over(example('RFC 8610', 'Turning a group into a choice #9'));
    expect(check(7, 'terminal-color')).toBeNull();
    expect(check(8, 'terminal-color')).not.toBeNull();
    expect(check(8, 'extended-color')).toBeNull();
    expect(check(3, 'extended-color')).toBeNull();
  });

  it('nested tags (§2.2.3)', () => {
    const { check } = over(example('RFC 8610', 'Representation Types #10'));
    expect(check(new Tag(55799, new Tag(998, 'oats')), 'my_breakfast')).toBeNull();
    expect(check(new Tag(55799, new Tag(999, [1, 'oats'])), 'my_breakfast')).toBeNull();
    expect(check(new Tag(55799, new Tag(999, [2, 'oats'])), 'my_breakfast')).not.toBeNull();
    expect(check(new Tag(998, 'oats'), 'my_breakfast')).not.toBeNull();
  });

  it('occurrences of a group in an array (§3.4)', () => {
    const { check } = over(example('RFC 8610', 'Arrays #13'));
    expect(check(['a', 1], 'one-or-two-people')).toBeNull();
    expect(check(['a', 1, 'b', 2], 'one-or-two-people')).toBeNull();
    expect(check(['a', 1, 'b', 2, 'c', 3], 'one-or-two-people')).not.toBeNull();
    expect(check([], 'unlimited-people')).toBeNull();
    expect(check(['a', 1], 'at-least-two-people')).not.toBeNull();
    expect(check(['a', 1, 'b'], 'unlimited-people')).not.toBeNull();
  });

  it('computed keys that are arrays, and tables (§3.5.1, §3.5.2)', () => {
    const { check } = over(example('RFC 8610', 'Structs #17'));
    const base: Array<[unknown, unknown]> = [
      ['sample-point', 1],
      ['samples', [1.5]],
    ];
    expect(check(map(...base, [['scale', 'acme'], [[0.5, 1.5]]]), 'located-samples')).toBeNull();
    expect(check(map(...base, [['scale', 'acme'], []]), 'located-samples')).not.toBeNull();
    const squares = over(example('RFC 8610', 'Tables #20')).check;
    expect(squares(map([4, 2.5]), 'square-roots')).toBeNull();
    expect(squares(map(['4', 2.5]), 'square-roots')).not.toBeNull();
  });

  it('cuts: `=>` lets the wildcard take a mismatched optional key, `^ =>` and `:` do not (§3.5.4)', () => {
    const entry = map(['optional-key', 'not an int']);
    expect(over(example('RFC 8610', 'Cuts in Maps #24')).check(entry, 'extensible-map-example')).toBeNull();
    expect(over(example('RFC 8610', 'Cuts in Maps #25')).check(entry, 'extensible-map-example')).toMatch(/int/);
    expect(over(example('RFC 8610', 'Cuts in Maps #26')).check(entry, 'extensible-map-example')).toMatch(/int/);
    expect(over(example('RFC 8610', 'Cuts in Maps #27')).check(entry, 'extensible-map-example')).toMatch(/int/);
  });

  it('unwrapping an array into an array, and a tag into its content (§3.7)', () => {
    const { check } = over(example('RFC 8610', 'Unwrapping #32'));
    expect(check([1, 'a', new Uint8Array(0), 1.5], 'advanced-header')).toBeNull();
    expect(check([1, 'a', new Uint8Array(0), 7], 'advanced-header')).toBeNull();
    expect(check([1, 'a', new Uint8Array(0), new Tag(1, 7)], 'advanced-header')).not.toBeNull();
    expect(check([1, 'a', 7], 'advanced-header')).not.toBeNull();
  });

  it('.size on byte strings and unsigned integers (§3.8.1)', () => {
    const { check } = over(example('RFC 8610', 'Control operator .size #33'), example('RFC 8610', 'Control operator .size #34'));
    expect(check([[hex('61')], hex('01020304'), new Uint8Array(16)], 'full-address')).toBeNull();
    expect(check([[new Uint8Array(64)], hex('01020304'), new Uint8Array(16)], 'full-address')).toMatch(/bstr of 64 bytes/);
    expect(check(16777215, 'audio_sample')).toBeNull();
    expect(check(16777216, 'audio_sample')).toMatch(/does not fit in 3 bytes/);
  });

  it('.bits on a byte string and an unsigned integer (§3.8.2)', () => {
    const { check } = over(example('RFC 8610', 'Control operator .bits #35'));
    expect(check(hex('f101'), 'tcpflagbytes')).toBeNull(); // ns, data offset 4..7, fin
    expect(check(hex('02'), 'tcpflagbytes')).toMatch(/bit 1 is set/);
    expect(check(7, 'rwxbits')).toBeNull();
    expect(check(8, 'rwxbits')).toMatch(/bit 3 is set/);
    expect(check('7', 'rwxbits')).not.toBeNull();
  });

  it('.regexp matches the whole text (§3.8.3)', () => {
    const { check } = over(example('RFC 8610', 'Control operator .regexp #36'));
    expect(check('N1@CH57HF.4Znqe0.dYJRN.igjf', 'nai')).toBeNull();
    expect(check('N1@CH57HF', 'nai')).toMatch(/does not match/);
    expect(check('x N1@CH57HF.4Znqe0', 'nai')).toMatch(/does not match/);
  });

  it('.within with a type socket (§3.8.5)', () => {
    const { check } = over(example('RFC 8610', 'Control operators .within and .and #37'));
    expect(check([3, 'thin', ['cheese']], 'message')).toBeNull();
    expect(check([4, 'penne', 'pesto', true], 'message')).toBeNull();
    expect(check([5, 'x'], 'message')).not.toBeNull();
  });

  it('.ge, .gt and .default (§3.8.6)', () => {
    const { check } = over(
      example('RFC 8610', 'Control operators .lt, .le, .gt, .ge, .eq, .ne, and .default #38'),
      example('RFC 8610', 'Control operators .lt, .le, .gt, .ge, .eq, .ne, and .default #39'),
    );
    expect(check(0, 'speed')).toBeNull();
    expect(check(-0.5, 'speed')).toMatch(/does not satisfy number \.ge 0/);
    expect(check(map(['time', 1], ['displayed-step', 2]), 'timer')).toBeNull();
    expect(check(map(['time', 1], ['displayed-step', 0]), 'timer')).not.toBeNull();
  });

  it('group sockets filled in other places, and a wildcard socket (§3.9)', () => {
    const tcp = over(example('RFC 8610', 'Socket/Plug #40')).check;
    expect(tcp(map(['seq', 1], ['ack', 2], ['sack', [1, 2, 3, 4]]), 'tcp-header')).toBeNull();
    expect(tcp(map(['seq', 1], ['ack', 2], ['sack-permitted', true]), 'tcp-header')).toBeNull();
    expect(tcp(map(['seq', 1], ['ack', 2], ['sack', [1]]), 'tcp-header')).not.toBeNull();
    expect(tcp(map(['seq', 1], ['ack', 2], ['window', 3]), 'tcp-header')).toMatch(/unexpected map key/);
    const personal = over(example('RFC 8610', 'Socket/Plug #41')).check;
    expect(personal(map(['displayName', 'A'], ['firstName', 'B'], ['favorite-salsa', 'hot'], ['shoesize', 42]), 'PersonalData')).toBeNull();
    expect(personal(map(['shoesize', 'large']), 'PersonalData')).not.toBeNull();
  });

  it('generics with literal and range arguments (§3.10)', () => {
    const { check } = over(example('RFC 8610', 'Generics #42'));
    expect(check(map(['type', 'reboot'], ['value', 'now']), 'messages')).toBeNull();
    expect(check(map(['type', 'sleep'], ['value', 100]), 'messages')).toBeNull();
    expect(check(map(['type', 'sleep'], ['value', 101]), 'messages')).not.toBeNull();
    expect(check(map(['type', 'sleep'], ['value', 'now']), 'messages')).not.toBeNull();
  });

  it('Appendix H: RFC 7071 reputons in both spellings, and ~uri in the JCR examples', () => {
    const reputon = map(['rater', 'a'], ['assertion', 'b'], ['rated', 'c'], ['rating', 0.5], ['sample-size', 3], ['x-ext', [1]]);
    const object = map(['application', 'mail'], ['reputons', [reputon]]);
    for (const n of ['Appendix H, RFC 7071 #1', 'Appendix H, RFC 7071 #2']) {
      const { check } = over(example('RFC 8610', n));
      expect(check(object, 'reputation-object')).toBeNull();
      expect(check(map(['application', 'mail'], ['reputons', [map(['rater', 'a'])]]), 'reputation-object')).not.toBeNull();
    }
    const image = (url: unknown) =>
      map([
        'Image',
        map(['Width', 800], ['Height', 600], ['Title', 'View'], ['Thumbnail', map(['Width', 100], ['Height', 125], ['Url', url])], ['IDs', [1, 2]]),
      ]);
    for (const n of ['Appendix H, Examples from JSON Content Rules #4', 'Appendix H, Examples from JSON Content Rules #5']) {
      const { check } = over(example('RFC 8610', n));
      expect(check(image('http://www.example.com/image/481989943'), 'root')).toBeNull();
      expect(check(image(new Tag(32, 'http://x')), 'root')).not.toBeNull();
    }
  });
});

describe('CddlValidator: RFC 9165 examples', () => {
  it('.plus computes keys from a generic base (§2.1)', () => {
    const { check } = over(example('RFC 9165', 'Numeric Addition #1'));
    expect(check(map([0, 1], [1, 2], [3, 4], [4, 5]), 'rect')).toBeNull();
    expect(check(map([0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 0]), 'rect')).toBeNull();
    expect(check(map([0, 1], [3, 4], [4, 5]), 'rect')).toMatch(/missing map key/);
    expect(check(map([0, 1], [1, 2], [3, 4], [4, 5], [6, 0]), 'rect')).toMatch(/unexpected map key uint 6/);
  });

  it('.cat builds the same text as the escaped literal (§2.2)', () => {
    const { check } = over(example('RFC 9165', 'String Concatenation #2'));
    expect(check('foo\n  bar\n  baz\n', 'a')).toBeNull();
    expect(check('foo\n  bar\n  baz\n', 'b')).toBeNull();
    expect(check('foo', 'a')).not.toBeNull();
  });

  it('.abnfb with a .det-built grammar: object identifiers as bytes (§2.3, §3)', () => {
    for (const n of ['String Concatenation with Dedenting #3', 'String Concatenation with Dedenting #4']) {
      const { check } = over(example('RFC 9165', n));
      expect(check(hex('2b0601040182370a0301'), 'oid')).toBeNull(); // 1.3.6.1.4.1.311.10.3.1
      expect(check(hex('2b0681'), 'oid')).toMatch(/does not match the ABNF/); // arc left open
      expect(check(new Uint8Array(0), 'oid')).not.toBeNull();
    }
    expect(over(example('RFC 9165', 'String Concatenation with Dedenting #3')).check(new Uint8Array(0), 'roid')).toBeNull();
  });

  it('.abnf with RFC 3339 inside tags 0 and 1004 (§3)', () => {
    const { check } = over(example('RFC 9165', 'Embedded ABNF #5'));
    expect(check(new Tag(0, '1985-04-12T23:20:50.52Z'), 'Tag0')).toBeNull();
    expect(check(new Tag(0, '1996-12-19T16:39:57-08:00'), 'Tag0')).toBeNull();
    expect(check(new Tag(0, '1985-04-12'), 'Tag0')).toMatch(/does not match the ABNF/);
    expect(check(new Tag(1004, '1985-04-12'), 'Tag1004')).toBeNull();
    expect(check(new Tag(1004, '1985-4-12'), 'Tag1004')).not.toBeNull();
  });

  it('.feature accepts the instance and records the feature used (§4)', () => {
    const person = over(example('RFC 9165', 'Features #7'));
    expect(person.check(map(['name', 'A'], ['bloodgroup', 'O']), 'person')).toBeNull();
    expect(person.validator.featuresUsed.size).toBe(0);
    expect(person.check(map(['name', 'A'], ['shoesize', 'large']), 'person')).toBeNull();
    expect([...person.validator.featuresUsed]).toEqual(['"further-person-extension"']);
    const senml = over(example('RFC 9165', 'Features #9'));
    expect(senml.check(map([2, 1.5]), 'SenML-Record')).toBeNull();
    expect([...senml.validator.featuresUsed]).toContain('"cbor"');
    expect(senml.check(map([3, 1.5]), 'SenML-Record')).not.toBeNull();
    const types = over(example('RFC 9165', 'Features #8'));
    expect(types.check(map(), 'allowed-types')).toBeNull();
    expect([...types.validator.featuresUsed]).toEqual(['"allowed-type-extension"']);
  });
});

describe('CddlValidator: RFC 9682 and RFC 9741 examples', () => {
  it('the escaped, JSON-escaped and plain spellings of one string are the same value (RFC 9682 §2.2)', () => {
    const { check } = over(example('RFC 9682', 'String examples (escapes)'));
    const s = "Domino's \u{1F073} + \u2318";
    const b = new TextEncoder().encode(s);
    expect(check([s, s, s, b, b, b], 'start')).toBeNull();
    expect(check([s, s, s, s, b, b], 'start')).not.toBeNull();
  });

  it('a tag number out of a range, #6.<type> (RFC 9682 §3.2)', () => {
    const { check } = over(example('RFC 9682', 'Non-literal Tag Numbers, Simple Values'), 'ct = ct-tag<uint>');
    expect(check(new Tag(1668546817, 1), 'ct')).toBeNull();
    expect(check(new Tag(1668612095, 1), 'ct')).toBeNull();
    expect(check(new Tag(1668546816, 1), 'ct')).toMatch(/expected ct-tag<uint>, found tag 1668546816/);
    expect(check(new Tag(1668546816, 1), 'ct-tag-number')).not.toBeNull();
    expect(over('d = [#6.<1..2>(int), #7.<20>]').check([new Tag(3, 1), false], 'd')).toBe('expected #6.<1..2>(int), found tag 3');
    expect(check(new Tag(1668546817, 'x'), 'ct')).not.toBeNull();
  });

  it('.base10, .json and .join (RFC 9741 §2.2, §2.4, §3.1)', () => {
    const sid = over(example('RFC 9741', 'Numerals #2')).check;
    expect(sid('9223372036854775807', 'yang-json-sid')).toBeNull();
    expect(sid('9223372036854775808', 'yang-json-sid')).not.toBeNull();
    expect(sid('0123', 'yang-json-sid')).toMatch(/not a decimal integer numeral/);
    const claims = over(example('RFC 9741', 'JSON Values #5')).check;
    expect(claims('{"iss": "me", "exp": "soon"}', 'embedded-claims')).toBeNull();
    expect(claims('{"iss": 1, "exp": "soon"}', 'embedded-claims')).not.toBeNull();
    expect(claims('{"iss": ', 'embedded-claims')).toMatch(/not JSON/);
    const ip = over(example('RFC 9741', 'Join #6')).check;
    expect(ip('192.0.2.1', 'legacy-ip-address')).toBeNull();
    expect(ip('192.0.2.256', 'legacy-ip-address')).not.toBeNull();
    expect(ip('192.0.2', 'legacy-ip-address')).not.toBeNull();
    expect(ip('192.0.2.1.', 'legacy-ip-address')).not.toBeNull();
  });

  it('.printf reads the text back through the format and checks each value (RFC 9741 §2.3)', () => {
    const alg19 = over(example('RFC 9741', 'Printf-style Formatting #3')).check;
    expect(alg19('0x0013', 'my_alg_19')).toBeNull();
    expect(alg19('0x13', 'my_alg_19')).toMatch(/not printed by the format "0x%04x"/);
    expect(alg19('0x0014', 'my_alg_19')).not.toBeNull();
    const any = over(example('RFC 9741', 'Printf-style Formatting #4')).check;
    expect(any('0x0013', 'any_alg')).toBeNull();
    expect(any('0x0001', 'any_alg')).toBeNull();
    expect(any('0x1234', 'any_alg')).not.toBeNull();
    expect(any('0x00g1', 'any_alg')).not.toBeNull();
  });

  it('.printf formats it cannot read back are unchecked at the control, not valid or invalid', () => {
    const { unchecked } = over('f = text .printf (["%f", 1.5])', 'l = text .printf (["%ld", 1])', 'adjacent = text .printf (["%d%d", 1, 2])');
    expect(unchecked('1.500000', 'f').message).toMatch(/floating-point conversion/);
    expect(unchecked('1', 'l').message).toMatch(/length modifier .* not allowed/);
    expect(unchecked('12', 'adjacent').message).toMatch(/nothing between them/);
    expect(unchecked('12', 'adjacent').at).toMatchObject({ line: 3 });
  });
});

describe('CddlValidator: every control operator', () => {
  it('RFC 9741 base encodings are strict (alphabet, padding, zero trailing bits) except -sloppy', () => {
    const { check } = over(
      'u = text .b64u bytes',
      'us = text .b64u-sloppy bytes',
      'c = text .b64c bytes',
      'b32 = text .b32 bytes',
      'h32 = text .h32 bytes',
      'x = text .hex bytes',
      'xl = text .hexlc bytes',
      'xu = text .hexuc bytes',
      'b45 = text .b45 bytes',
      "foobar = text .b64u 'foobar'",
    );
    expect(check('Zm9vYmFy', 'foobar')).toBeNull();
    expect(check('Zm9vYmE', 'foobar')).not.toBeNull();
    expect(check('Zg', 'u')).toBeNull();
    expect(check('Zh', 'u')).toMatch(/not strict \.b64u/);
    expect(check('Zh', 'us')).toBeNull();
    expect(check('Zg==', 'u')).not.toBeNull();
    expect(check('-_8', 'u')).toBeNull();
    expect(check('+/8=', 'c')).toBeNull();
    expect(check('+/8', 'c')).not.toBeNull();
    expect(check('-_8=', 'c')).not.toBeNull();
    expect(check('MZXW6YTBOI', 'b32')).toBeNull();
    expect(check('mzxw6ytboi', 'b32')).not.toBeNull();
    expect(check('CPNMUOJ1E8', 'h32')).toBeNull();
    expect(check('0aFF', 'x')).toBeNull();
    expect(check('0aff', 'xl')).toBeNull();
    expect(check('0aFF', 'xl')).not.toBeNull();
    expect(check('0AFF', 'xu')).toBeNull();
    expect(check('0a', 'xu')).not.toBeNull();
    expect(check('abc', 'x')).not.toBeNull();
    expect(check('BB8', 'b45')).toBeNull(); // "AB", RFC 9285 §4.3
    expect(check('%69 VD92EX0', 'b45')).toBeNull(); // "Hello!!"
    expect(check('GGW', 'b45')).not.toBeNull(); // 65536 + … does not fit two bytes
  });

  it('.cbor and .cborseq decode the bytes and match the controller; malformed bytes are a mismatch', () => {
    const { check } = over('c = bstr .cbor [* int]', 's = bstr .cborseq [* int]');
    expect(check(hex('820102'), 'c')).toBeNull();
    expect(check(hex('8201'), 'c')).toMatch(/not one well-formed CBOR data item/);
    expect(check(hex('820161'), 'c')).not.toBeNull();
    expect(check(hex('010203'), 's')).toBeNull();
    expect(check(hex('0161'), 's')).not.toBeNull();
    expect(check(hex(`${'81'.repeat(100)}00`), 'c')).toMatch(/not one well-formed/);
  });

  it('.and, .lt, .le, .gt, .eq, .ne, .det, #7.<type>', () => {
    const { check } = over(
      'and = uint .and (0..9)',
      'lt = int .lt 3',
      'le = int .le 3',
      'gt = float .gt 1.5',
      'eq = tstr .eq "x"',
      'ne = uint .ne 0',
      'det = "  a\\n   b" .det "  c"',
      'b = #7.<20..21>',
      'f16 = #7.<25>',
    );
    expect(check(9, 'and')).toBeNull();
    expect(check(10, 'and')).not.toBeNull();
    expect(check(2, 'lt')).toBeNull();
    expect(check(3, 'lt')).not.toBeNull();
    expect(check(3, 'le')).toBeNull();
    expect(check(1.75, 'gt')).toBeNull();
    expect(check(1.5, 'gt')).not.toBeNull();
    expect(check('x', 'eq')).toBeNull();
    expect(check('y', 'eq')).not.toBeNull();
    expect(check(0, 'ne')).not.toBeNull();
    expect(check('a\n b' + 'c', 'det')).toBeNull();
    expect(check(true, 'b')).toBeNull();
    expect(check(null, 'b')).not.toBeNull();
    expect(check(1.5, 'f16')).toBeNull();
    expect(check(1.1, 'f16')).not.toBeNull();
  });

  it('.abnf reports a recursive grammar, a prose value and an undefined rule as unchecked, at the control', () => {
    const { unchecked } = over(
      'rec = text .abnf "g\\ng = \\"(\\" *g \\")\\""',
      'prose = text .abnf "x\\nx = <anything>"',
      'undef = text .abnf "x\\nx = DIGIT"',
    );
    expect(unchecked('()', 'rec').message).toMatch(/'g' is recursive/);
    expect(unchecked('a', 'prose').message).toMatch(/prose value/);
    expect(unchecked('1', 'undef').message).toMatch(/'digit' is not defined/);
    expect(unchecked('1', 'undef').at).toMatchObject({ line: 3 });
  });

  it('an unknown control and a too long .regexp input are unchecked, not valid', () => {
    const { unchecked, check } = over('u = tstr .frobnicate 3', 'r = tstr .regexp "(a|a)*b"');
    expect(unchecked('x', 'u').message).toMatch(/\.frobnicate is not a control operator the validator knows/);
    expect(check('aab', 'r')).toBeNull();
    expect(unchecked('a'.repeat(5000), 'r').message).toMatch(/too long/);
  });
});

describe('CddlValidator: limits and sockets', () => {
  it('an undefined type socket matches nothing; an undefined group socket is the empty group', () => {
    const { check } = over('t = [$undefined]', 'm = { a: int, * $$none }', 'a = [int, $$none]');
    expect(check([1], 't')).toMatch(/socket with no alternatives/);
    expect(check(map(['a', 1]), 'm')).toBeNull();
    expect(check([1], 'a')).toBeNull();
  });

  it('stops exponential backtracking with a located unchecked report', () => {
    const { unchecked } = over('x = [* (int // int, ? int), "end"]');
    const err = unchecked(
      Array.from({ length: 60 }, () => 1),
      'x',
    );
    expect(err.message).toMatch(/stopped after/);
    expect(err.at).toMatchObject({ file: 'test.cddl', line: 1 });
  });

  it('reports an array too long for backtracking as unchecked, not a stack overflow', () => {
    const { unchecked } = over('x = [* (int, tstr)]');
    const items = Array.from({ length: 200_000 }, (_, i) => (i % 2 ? 'a' : 1));
    expect(unchecked(items, 'x').message).toMatch(/too large or deep|stopped after/);
  });
});

describe('CddlValidator: major types with additional information', () => {
  it('#m.n for m in 0..5 checks the head of the encoded item (RFC 8610 §3.6)', () => {
    const { validator } = over('one-byte = #0.24', 'short-text = #3.1', 'any-map = #5');
    const check = (h: string, rule: string) => validator.validate(decode(hex(h), DECODE_OPTIONS), rule);
    expect(check('1818', 'one-byte')).toBeNull();
    expect(check('18ff', 'one-byte')).toBeNull();
    expect(check('05', 'one-byte')).not.toBeNull();
    expect(check('1900ff', 'one-byte')).not.toBeNull();
    expect(check('6161', 'short-text')).toBeNull();
    expect(check('780161', 'short-text')).not.toBeNull();
    expect(check('b8010101', 'any-map')).toBeNull();
  });
});
