/**
 * The RFC 8610 constructs an editor's copy of the content draft used (issue 15, point 2), end to
 * end on test/fixtures/cddl/editors-copy-content.cddl: parsed, linted, values checked by the
 * example validator, lowered, a codec generated, compiled and run, and a CBOR value round-tripped
 * through it. The validator (which follows the CDDL as written) and the generated codec must agree
 * on which values are valid, cuts and wildcards included.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { decode, encode } from 'cbor2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prettyContent } from '@mimikit/cbor/inspect';
import { contentFromJson, contentToJson } from '@mimikit/cbor/json';
import { formatDiagnostic } from '../../generators/common/diagnostics.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { lintCddl } from '../../generators/lint/cddl-lint.ts';
import { CddlValidator, DECODE_OPTIONS } from '../../generators/lint/cddl-validate.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURE = 'test/fixtures/cddl/editors-copy-content.cddl';
const text = readFileSync(join(ROOT, FIXTURE), 'utf8');
const { spec, diagnostics } = parseCddl(text, FIXTURE, 'editors-copy');
const validator = new CddlValidator([spec]);

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}
let dir = '';
let codecs: Record<string, Codec> = {};

beforeAll(async () => {
  const lowered = lowerSpec(spec);
  expect(lowered.diagnostics.map(formatDiagnostic)).toEqual([]);
  const emitted = emitContentPackage('editors-copy', [lowered], [{ name: 'editors-copy', file: FIXTURE, sha256: '', source: 'editors-copy' }]);
  expect(emitted.diagnostics.map(formatDiagnostic)).toEqual([]);
  dir = mkdtempSync(join(tmpdir(), 'mimikit-rfc8610-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const f of emitted.files) {
    mkdirSync(dirname(join(dir, 'pkg', f.path)), { recursive: true });
    writeFileSync(join(dir, 'pkg', f.path), f.content);
  }
  codecs = (await import(join(dir, 'pkg/src/index.ts'))).codecs as Record<string, Codec>;
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What the validator says of the value cbor2 encodes (null: valid). */
const check = (value: unknown, rule: string) => validator.validate(decode(encode(value), DECODE_OPTIONS), rule);

const salt = new Uint8Array(16).fill(1);
const topic = new Uint8Array([7]);

describe(`${FIXTURE}: an editor's map constructs, end to end`, () => {
  it('parses and lints clean', () => {
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(lintCddl([spec]).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('round-trips a map with fixed integer keys, a text key, optional members and wildcard entries', () => {
    // In deterministic order (RFC 8949 §4.2.1: bytewise by encoded key), as cbor2 keeps it.
    const wire = new Map<unknown, unknown>([
      [1, salt],
      [5, 2],
      [6, 1],
      [-3, 'private'],
      ['x-ext', [1, 2]],
      ['topicId', topic],
    ]);
    expect(check(wire, 'MimiContentMap')).toBeNull();
    const bytes = encode(wire);
    const value = codecs.MimiContentMap!.decode(bytes);
    expect(value).toEqual({
      '1': salt,
      '5': 2,
      '6': 1,
      topicId: topic,
      $rest: new Map<unknown, unknown>([
        [-3, 'private'],
        ['x-ext', [1, 2]],
      ]),
    });
    expect(codecs.MimiContentMap!.encode(value)).toEqual(bytes);
  });

  it('the codec refuses what the validator refuses: a cut key with a wrong value, an entry no member takes, a missing key', () => {
    const refused = [
      new Map<unknown, unknown>([[1, salt]]), // topicId missing
      new Map<unknown, unknown>([
        [1, salt],
        [2, 'not a MessageId'], // `? 2:` is a cut: `* tstr => any` cannot take it instead
        ['topicId', topic],
      ]),
      new Map<unknown, unknown>([
        [1, salt],
        [7, 0], // positive integer keys other than the fixed ones: no member takes them
        ['topicId', topic],
      ]),
      new Map<unknown, unknown>([
        [1, salt],
        [5, 9], // not a value of &(unspecified: 0, render: 1, reaction: 2)
        ['topicId', topic],
      ]),
    ];
    for (const wire of refused) {
      expect(check(wire, 'MimiContentMap')).not.toBeNull();
      expect(() => codecs.MimiContentMap!.decode(encode(wire))).toThrow(expect.objectContaining({ name: 'ContentError' }));
    }
  });

  it('keeps the entries of a map a group socket opens, and reads the plugs as members', () => {
    const wire = new Map<unknown, unknown>([
      [1, 'a'],
      [10, 5],
      [12, true],
      [h('00'), null],
    ]);
    expect(check(wire, 'MimiExtensible')).not.toBeNull(); // the validator knows only today's plugs…
    const value = codecs.MimiExtensible!.decode(encode(wire)); // …the codec keeps what a later plug may add
    expect(value).toEqual({
      '1': 'a',
      '10': 5,
      $rest: new Map<unknown, unknown>([
        [12, true],
        [h('00'), null],
      ]),
    });
    expect(codecs.MimiExtensible!.encode(value)).toEqual(encode(wire));
    expect(codecs.MimiClosed!.decode(encode(new Map([[2, 'kept']])))).toEqual({ $rest: new Map([[2, 'kept']]) });
  });

  it('writes in deterministic key order whatever the object order, and refuses a kept entry that shadows a fixed key', () => {
    const bytes = codecs.MimiContentMap!.encode({ topicId: topic, $rest: new Map([['a', 0]]), '1': salt });
    expect([...bytes.subarray(0, 2)]).toEqual([0xa3, 0x01]);
    expect(() => codecs.MimiContentMap!.encode({ '1': salt, topicId: topic, $rest: new Map([['topicId', 0]]) })).toThrow(/fixed key/);
  });

  it('maps to JSON and back (fixed keys as members, the rest as [key, value] pairs) and names the members in a dump', async () => {
    const { shapes } = await import(join(dir, 'pkg/src/shapes.ts'));
    const value = {
      '1': salt,
      topicId: topic,
      '5': 1,
      $rest: new Map<unknown, unknown>([
        [-3, 'p'],
        ['x-ext', h('00ff')],
      ]),
    };
    const json = contentToJson(shapes, 'MimiContentMap', value);
    expect(json).toEqual({
      '1': '01'.repeat(16),
      topicId: '07',
      '5': 1,
      $rest: [
        [-3, 'p'],
        ['x-ext', { bytes: '00ff' }],
      ],
    });
    expect(contentFromJson(shapes, 'MimiContentMap', JSON.parse(JSON.stringify(json)))).toEqual(value);
    expect(() => contentFromJson(shapes, 'MimiContentMap', { '1': '01' })).toThrow(/missing required member: \.topicId/);
    const dump = prettyContent(shapes, codecs.MimiContentMap!.encode(value), 'MimiContentMap');
    expect(dump).toMatch(/# 1: bytes\(16\)/);
    expect(dump).toMatch(/# topicId: bytes\(1\)/);
  });

  it('exports the enumeration from `&( … )` as named constants', async () => {
    const mod = await import(join(dir, 'pkg/src/editors-copy.ts'));
    expect(mod.Disposition).toEqual({ unspecified: 0, render: 1, reaction: 2 });
  });
});

function h(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));
}
