/**
 * The example validator on the RFC 8610 map constructs of issue 15 (point 2): cuts, fixed keys
 * mixed with wildcards, choice-from-group and sockets, as RFC 8610 defines them (the generated
 * codec's reading is tested against the same values in test/content/rfc8610-constructs.test.ts).
 */
import { decode, encode } from 'cbor2';
import { describe, expect, it } from 'vitest';
import { parseCddl } from '../cddl/parse/parser.ts';
import { CddlValidator, DECODE_OPTIONS, formatMismatch } from './cddl-validate.ts';

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
