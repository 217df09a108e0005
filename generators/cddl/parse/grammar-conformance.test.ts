/**
 * The CDDL parser against the grammar, production by production: RFC 8610 Appendix B as updated by
 * RFC 9682 Appendix A (empty data models, string literal escapes, computed tag numbers and simple
 * values). Every production has inputs it must accept without a diagnostic and inputs it must
 * reject with an error at a stated file:line:col and code. The productions' own examples from the
 * RFCs (RFC_CDDL_EXAMPLES) must all parse cleanly too.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../common/diagnostics.ts';
import { parseCddl } from './parser.ts';
import { RFC_CDDL_EXAMPLES } from './rfc-examples.fixture.ts';

interface Production {
  /** The ABNF production (RFC 9682 Appendix A names). */
  production: string;
  valid: string[];
  /** Source, and the start of its first diagnostic: `line:col: error: … [code]` as `line:col` and code. */
  invalid: Array<[source: string, at: string, code: string]>;
}

const GRAMMAR: Production[] = [
  { production: 'cddl = S *(rule S)', valid: ['', '; only a comment\n', 'a = 1\nb = 2\n'], invalid: [['= 1', '1:1', 'unexpected-token']] },
  {
    production: 'rule = typename [genericparm] S assignt S type / groupname [genericparm] S assigng S grpent',
    valid: ['a = int', 'g = (a: int)', 'g = a: int', 'g<t> = (a: t)', 'a<t> = [t]'],
    invalid: [
      ['a int', '1:3', 'missing-assignment'],
      ['a = ', '1:5', 'unexpected-token'],
    ],
  },
  {
    production: 'id = EALPHA *(*("-" / ".") (EALPHA / DIGIT))',
    valid: ['a.b-c = int', '$s = int', '$$g = (a: int)', '@x = 1', '_y = 2', 'a--b.c = 3'],
    invalid: [
      ['1a = int', '1:1', 'unexpected-token'],
      ['a- = int', '1:2', 'missing-assignment'],
    ],
  },
  {
    production: 'assignt = "=" / "/="',
    valid: ['$s /= int', 'a = 1\na /= 2'],
    invalid: [['$s /= a: int', '1:8', 'unexpected-token']],
  },
  {
    production: 'assigng = "=" / "//="',
    valid: ['$$g //= (a: int)', '$$g //= a: int', 'g //= (a: int // b: int)'],
    invalid: [['$$g //= ', '1:9', 'unexpected-token']],
  },
  {
    production: 'genericparm = "<" S id S *("," S id S ) ">"',
    valid: ['m<a, b> = [a, b]', 'm< a > = a'],
    invalid: [
      ['m<a,> = int', '1:5', 'unexpected-token'],
      ['m<1> = int', '1:3', 'unexpected-token'],
    ],
  },
  {
    production: 'genericarg = "<" S type1 S *("," S type1 S ) ">"',
    valid: ['x = m<int, tstr>', 'x = m<1..2>', 'x = m<bstr .size 2>'],
    invalid: [
      ['x = m<int,>', '1:11', 'unexpected-token'],
      ['x = m<int', '1:10', 'unexpected-token'],
    ],
  },
  { production: 'type = type1 *(S "/" S type1)', valid: ['x = int / tstr / 1'], invalid: [['x = int /', '1:10', 'unexpected-token']] },
  {
    production: 'type1 = type2 [S (rangeop / ctlop) S type2]',
    valid: ['x = 1..2', 'x = 0...a', 'x = bstr .size 3', 'x = tstr .regexp "a+"'],
    invalid: [
      ['x = 1..', '1:8', 'unexpected-token'],
      ['x = bstr .size', '1:15', 'unexpected-token'],
    ],
  },
  {
    production: 'type2 = value / typename [genericarg] / "(" S type S ")" / "{" S group S "}" / "[" S group S "]"',
    valid: ['x = 1', 'x = "a"', "x = h'00'", 'x = m<int>', 'x = (int / tstr)', 'x = {a: int}', 'x = [int]', 'x = {}', 'x = []'],
    invalid: [
      ['x = (int', '1:5', 'unclosed-bracket'],
      ['x = {a: int]', '1:12', 'mismatched-bracket'],
      ['x = ,', '1:5', 'unexpected-token'],
    ],
  },
  {
    production: 'type2 =/ "~" S typename [genericarg]',
    valid: ['x = [~h]', 'x = ~ t<int>'],
    invalid: [['x = ~1', '1:6', 'unexpected-token']],
  },
  {
    production: 'type2 =/ "&" S "(" S group S ")" / "&" S groupname [genericarg]',
    valid: ['x = &(a: 1, b: 2)', 'x = & ( a: 1 // b: 2 )', 'x = &g', 'x = &g<int>'],
    invalid: [
      ['x = &1', '1:6', 'unexpected-token'],
      ['x = &(a: 1', '1:6', 'unclosed-bracket'],
    ],
  },
  {
    production: 'type2 =/ "#" "6" ["." head-number] "(" S type S ")" ; head-number = uint / ("<" type ">")',
    valid: ['x = #6.32(tstr)', 'x = #6(any)', 'x = #6.0x20(tstr)', 'x = #6.0b1(int)', 'x = #6.<1..9>(int)', 'x = #6.<t>( int )', 'x = [#6.32 (tstr: int)]'],
    invalid: [
      ['x = #6.07(tstr)', '1:5', 'invalid-number'],
      ['x = #6.<1..9>', '1:14', 'unexpected-token'],
      ['x = #6.<1..9(int)', '1:13', 'unexpected-token'],
      ['x = #6.32 (tstr)', '1:11', 'unexpected-token'],
    ],
  },
  {
    production: 'type2 =/ "#" "7" ["." head-number] / "#" DIGIT ["." uint] / "#"',
    valid: ['x = #7.25', 'x = #7.<25>', 'x = #7.<20..21>', 'x = #0', 'x = #1.5', 'x = #', 'x = #2.0x18'],
    invalid: [
      ['x = #8', '1:5', 'invalid-major-type'],
      ['x = #0.<1>', '1:5', 'invalid-number'],
      ['x = #7.<25', '1:11', 'unexpected-token'],
    ],
  },
  {
    production: 'rangeop = "..." / ".."',
    valid: ['x = 1..2', 'x = 1...2', 'x = -1.5..1.5', 'x = min..max'],
    invalid: [['x = 1....2', '1:9', 'unknown-token']],
  },
  {
    production: 'ctlop = "." id',
    valid: ['x = int .lt 3', 'x = tstr .my-ctl.v2 1', 'x = bstr .cbor [* int]'],
    invalid: [['x = int . size 3', '1:9', 'unknown-token']],
  },
  {
    production: 'group = grpchoice *(S "//" S grpchoice) ; grpchoice = *(grpent optcom)',
    valid: ['x = [a: int // b: tstr, c: int]', 'x = [ // ]', 'g = (a: int // (b: int // c: int))'],
    invalid: [
      ['x = [a: int // , ]', '1:16', 'unexpected-token'],
      ['x = {a: int} // {b: int}', '1:14', 'unexpected-token'],
    ],
  },
  {
    production: 'grpent = [occur S] [memberkey S] type / [occur S] groupname [genericarg] / [occur S] "(" S group S ")"',
    valid: ['x = [? a: int]', 'x = [* g]', 'x = [+ (a: int, b: int)]', 'x = {* g<int>}', 'x = [(int)]'],
    invalid: [
      ['x = [? ? int]', '1:8', 'invalid-occurrence'],
      ['x = [a: ]', '1:9', 'unexpected-token'],
    ],
  },
  {
    production: 'memberkey = type1 S ["^" S] "=>" / bareword S ":" / value S ":"',
    valid: [
      'x = {int => int}',
      'x = {1..3 ^ => int}',
      'x = {a: int}',
      "x = {1: int, \"b\": int, h'01': int, -1: int, 1.5: int, 0x10: int, 'b': int}",
      'x = {(int / tstr) => int}',
    ],
    invalid: [
      ['x = {int / tstr => int}', '1:17', 'unexpected-token'],
      ['x = {a ^ : int}', '1:10', 'unexpected-token'],
    ],
  },
  {
    production: 'optcom = S ["," S]',
    valid: ['x = [int, tstr,]', 'x = [int tstr]', 'x = {a: int\n b: int}'],
    invalid: [['x = [int,, tstr]', '1:10', 'unexpected-token']],
  },
  {
    production: 'occur = [uint] "*" [uint] / "+" / "?"',
    valid: ['x = [2*3 int]', 'x = [0x2* int]', 'x = [*0b11 int]', 'x = [+ int]', 'x = [? int]', 'x = [* int]'],
    invalid: [
      ['x = [3*2 int]', '1:6', 'invalid-occurrence'],
      ['x = [*-1 int]', '1:7', 'invalid-occurrence'],
    ],
  },
  {
    production: 'uint = DIGIT1 *DIGIT / "0x" 1*HEXDIG / "0b" 1*BINDIG / "0"',
    valid: ['x = 0', 'x = 42', 'x = 0xFF', 'x = 0b1010', 'x = 18446744073709551615'],
    invalid: [
      ['x = 007', '1:5', 'invalid-number'],
      ['x = 0x', '1:5', 'invalid-number'],
      ['x = 0b12', '1:5', 'invalid-number'],
    ],
  },
  {
    production: 'number = hexfloat / (int ["." fraction] ["e" exponent ]) ; int = ["-"] uint',
    valid: ['x = -7', 'x = -0x10', 'x = 1.5', 'x = 1.5e+3', 'x = 1e3', 'x = 2E-2', 'x = -0x1.8p-1', 'x = 0x1p4'],
    invalid: [
      ['x = 1.', '1:6', 'unknown-token'],
      ['x = 1e', '1:5', 'invalid-number'],
      ['x = 0x1.8', '1:5', 'invalid-number'],
      ['x = 12ab', '1:5', 'invalid-number'],
    ],
  },
  {
    production: 'text = %x22 *SCHAR %x22 ; SCHAR, SESC and hexchar as updated by RFC 9682',
    valid: ['x = ""', 'x = "a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"', 'x = "\\u00e9\\u{1F600}\\u{0000000041}\\uD83D\\uDE00"', 'x = "it\'s"', 'x = "é 😀"'],
    invalid: [
      ['x = "a\\qb"', '1:7', 'invalid-escape'],
      ['x = "\\\'"', '1:6', 'invalid-escape'],
      ['x = "\\uD800"', '1:6', 'invalid-escape'],
      ['x = "\\uDC00"', '1:6', 'invalid-escape'],
      ['x = "\\u{D800}"', '1:6', 'invalid-escape'],
      ['x = "\\u{110000}"', '1:6', 'invalid-escape'],
      ['x = "\\u{}"', '1:6', 'invalid-escape'],
      ['x = "a\tb"', '1:7', 'invalid-character'],
      ['x = "\u0085"', '1:6', 'invalid-character'],
      ['x = "abc', '1:5', 'unterminated-string'],
    ],
  },
  {
    production: 'bytes = [bsqual] %x27 *BCHAR %x27 ; bsqual = "h" / "b64"',
    valid: ["x = ''", "x = 'a\\'b'", "x = h'00 ff'", "x = h'00 ; don\\'t\n ff'", "x = b64'AQID'", "x = b64'-_8'", "x = 'two\nlines'"],
    invalid: [
      ["x = h'0'", '1:5', 'invalid-bytes'],
      ["x = h'zz'", '1:5', 'invalid-bytes'],
      ["x = b64'*'", '1:5', 'invalid-bytes'],
      ["x = 'a\\qb'", '1:7', 'invalid-escape'],
      ["x = '\u007f'", '1:6', 'invalid-character'],
      ["x = h'00", '1:5', 'unterminated-string'],
    ],
  },
  {
    production: 'S = *WS ; WS = SP / NL ; NL = COMMENT / CRLF',
    valid: ['x = [ ; comment\n int ; another\r\n ]', 'x=[int]', ';\n;\nx = 1 ;'],
    invalid: [['x = [int] `', '1:11', 'unknown-token']],
  },
];

describe('CDDL grammar (RFC 8610 Appendix B, as updated by RFC 9682)', () => {
  for (const p of GRAMMAR) {
    it(p.production, () => {
      for (const source of p.valid) {
        expect(parseCddl(source, 'g.cddl').diagnostics.map(formatDiagnostic), source).toEqual([]);
      }
      for (const [source, at, code] of p.invalid) {
        const first = parseCddl(source, 'g.cddl').diagnostics[0];
        expect(first && `${first.line}:${first.col} ${first.severity} ${first.code}`, source).toBe(`${at} error ${code}`);
      }
    });
  }

  it('every CDDL example of RFC 8610, RFC 9165, RFC 9682 and RFC 9741 parses without a diagnostic', () => {
    expect(RFC_CDDL_EXAMPLES.length).toBeGreaterThan(60);
    for (const e of RFC_CDDL_EXAMPLES) {
      const { spec, diagnostics } = parseCddl(e.cddl, `${e.rfc} ${e.name}.cddl`);
      expect(diagnostics.map(formatDiagnostic), `${e.rfc} ${e.name}`).toEqual([]);
      expect(spec.rules.length, `${e.rfc} ${e.name}`).toBeGreaterThan(0);
    }
  });
});
