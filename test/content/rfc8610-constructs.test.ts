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
import { decode, encode, Tag } from 'cbor2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CborTag } from '@mimikit/cbor';
import { prettyContent } from '@mimikit/cbor/inspect';
import { contentFromJson, contentToJson } from '@mimikit/cbor/json';
import { formatDiagnostic } from '../../generators/common/diagnostics.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { lintCddl } from '../../generators/lint/cddl-lint.ts';
import { CddlValidator, DECODE_OPTIONS } from '../../generators/lint/cddl-validate.ts';
import type { CddlSpec } from '../../generators/cddl/ir.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const FIXTURE = 'test/fixtures/cddl/editors-copy-content.cddl';
const text = readFileSync(join(ROOT, FIXTURE), 'utf8');
const { spec, diagnostics } = parseCddl(text, FIXTURE, 'editors-copy');
const validator = new CddlValidator([spec]);

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

/** A generated content package, written to a temporary folder and imported. */
interface Generated {
  dir: string;
  codecs: Record<string, Codec>;
}

/** Lowers, emits, writes and imports the package of one parsed spec; expects no diagnostics. */
async function generate(parsed: CddlSpec, file: string): Promise<Generated> {
  const lowered = lowerSpec(parsed);
  expect(lowered.diagnostics.map(formatDiagnostic)).toEqual([]);
  const emitted = emitContentPackage(parsed.name, [lowered], [{ name: parsed.name, file, sha256: '', source: parsed.name }]);
  expect(emitted.diagnostics.map(formatDiagnostic)).toEqual([]);
  const out = mkdtempSync(join(tmpdir(), 'mimikit-rfc8610-'));
  symlinkSync(join(ROOT, 'node_modules'), join(out, 'node_modules'), 'dir');
  for (const f of emitted.files) {
    mkdirSync(dirname(join(out, 'pkg', f.path)), { recursive: true });
    writeFileSync(join(out, 'pkg', f.path), f.content);
  }
  return { dir: out, codecs: (await import(join(out, 'pkg/src/index.ts'))).codecs as Record<string, Codec> };
}

let dir = '';
let codecs: Record<string, Codec> = {};

beforeAll(async () => {
  ({ dir, codecs } = await generate(spec, FIXTURE));
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

/**
 * Every other RFC 8610 / RFC 9165 construct the content generator turns into a codec, on
 * test/fixtures/cddl/rfc8610-codecs.cddl: each rule's values round-trip through its generated
 * codec, and a value the CDDL does not allow is refused with a typed ContentError at its offset.
 */
const CONSTRUCTS = 'test/fixtures/cddl/rfc8610-codecs.cddl';
const constructs = parseCddl(readFileSync(join(ROOT, CONSTRUCTS), 'utf8'), CONSTRUCTS, 'rfc8610-codecs');

describe(`${CONSTRUCTS}: RFC 8610 constructs as codecs`, () => {
  let gen: Generated = { dir: '', codecs: {} };
  beforeAll(async () => {
    expect(constructs.diagnostics.map(formatDiagnostic)).toEqual([]);
    gen = await generate(constructs.spec, CONSTRUCTS);
  });
  afterAll(() => {
    if (gen.dir) rmSync(gen.dir, { recursive: true, force: true });
  });
  const codec = (rule: string): Codec => {
    const c = gen.codecs[rule];
    if (!c) throw new Error(`no codec for ${rule}`);
    return c;
  };
  /** `value` encodes to the deterministic encoding of `wire` (cbor2) and decodes back to itself. */
  const roundTrip = (rule: string, value: unknown, wire: unknown) => {
    const bytes = codec(rule).encode(value);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(encode(wire)).toString('hex'));
    expect(codec(rule).decode(bytes)).toEqual(value);
  };
  /** Decoding `wire` (a value cbor2 encodes) fails with that kind at that offset. */
  const refuses = (rule: string, wire: unknown, kind: string, offset: number) => {
    expect(() => codec(rule).decode(encode(wire))).toThrow(expect.objectContaining({ name: 'ContentError', kind, offset }));
  };
  const sorted = (...entries: Array<[unknown, unknown]>) => new Map(entries);

  it('group choices at the top of an array: the first alternative that matches', () => {
    roundTrip('point', { x: 1, y: 2 }, [1, 2]);
    roundTrip('point', { x: 1, y: 2, z: 3 }, [1, 2, 3]);
    refuses('point', [1], 'no-matching-choice', 0);
    // A value with a member no alternative has is not written as the first alternative without it.
    expect(() => codec('point').encode({ x: 1, y: 2, w: 3 })).toThrow(expect.objectContaining({ kind: 'no-matching-choice' }));
  });

  it('group choices at the top of a map, inside a map, and optional groups', () => {
    roundTrip('shape-map', { kind: 'circle', r: 2 }, sorted(['r', 2], ['kind', 'circle']));
    roundTrip('shape-map', { kind: 'rect', w: 1, h: 2 }, sorted(['h', 2], ['w', 1], ['kind', 'rect']));
    refuses('shape-map', sorted(['r', 2], ['kind', 'rect']), 'no-matching-choice', 0);
    roundTrip('key-or-name', { id: 1, key: h('01') }, sorted(['id', 1], ['key', h('01')]));
    roundTrip('key-or-name', { id: 1, name: 'x', lat: 1.5, lon: 2.5 }, sorted(['id', 1], ['lat', 1.5], ['lon', 2.5], ['name', 'x']));
    refuses('key-or-name', sorted(['id', 1], ['key', h('01')], ['name', 'x']), 'no-matching-choice', 0);
    refuses('key-or-name', sorted(['id', 1], ['lat', 1.5], ['key', h('01')]), 'no-matching-choice', 0); // lat without lon
  });

  it('a fixed key without a cut: a value of another type is kept with the other entries', () => {
    roundTrip('hdr', { '1': -7 }, sorted([1, -7]));
    roundTrip('hdr', { $rest: new Map([[1, h('00')]]) }, sorted([1, h('00')]));
    roundTrip('hdr', { '4': h('31'), $rest: new Map([['x', 1]]) }, sorted([4, h('31')], ['x', 1]));
    roundTrip('hdr', { $rest: new Map([[4, 'kid']]) }, sorted([4, 'kid']));
    refuses('hdr', sorted([h('00'), 1]), 'invalid-value', 1); // no member takes a byte-string key
  });

  it('optional and repeated members inside an array, taken greedily left to right', () => {
    roundTrip('header', { version: 1, ext: [] }, [1]);
    roundTrip('header', { version: 1, flags: 5, ext: ['a', 'b'] }, [1, 5, 'a', 'b']);
    roundTrip('header', { version: 1, ext: ['a'] }, [1, 'a']);
    refuses('header', [1, 5, 6], 'wrong-length', 3);
    refuses('header', [], 'wrong-length', 0);
    roundTrip(
      'pairs',
      {
        count: 2,
        _1: [
          { k: 'a', v: 1 },
          { k: 'b', v: 2 },
        ],
      },
      [2, 'a', 1, 'b', 2],
    );
    refuses('pairs', [0, 'a'], 'wrong-length', 2);
    expect(() => codec('header').encode({ version: 1, ext: 'a' })).toThrow(expect.objectContaining({ kind: 'wrong-type' }));
  });

  it('a repeated group choice inside an array: each repetition the first alternative that matches', () => {
    const value = {
      _0: [
        { 'cond-id': 1, rep: 5 },
        { 'dir-id': 2, arg: 'x' },
        { 'cond-id': 1, rep: 0 },
      ],
    };
    roundTrip('commands', value, [1, 5, 2, 'x', 1, 0]);
    refuses('commands', [1, 'x'], 'wrong-length', 1);
    refuses('commands', [1, 5, 3, 'x'], 'wrong-length', 3);
    expect(() => codec('commands').encode({ _0: [{ 'cond-id': 1, arg: 'x' }] })).toThrow(expect.objectContaining({ kind: 'no-matching-choice' }));
    const steps = {
      _0: [
        { 'check-b': 2, 'b-arg': 7 },
        { 'do-id': 3, 'do-arg': 'go' },
        { 'check-a': 1, 'a-arg': 0 },
      ],
    };
    roundTrip('steps', steps, [2, 7, 3, 'go', 1, 0]);
    refuses('steps', [4, 7], 'wrong-length', 1);
  });

  it('generic rules, instantiated where they are used', () => {
    roundTrip('hello', { type: 1, value: 'hi' }, [1, 'hi']);
    roundTrip('bye', { type: 2, value: 5 }, [2, 5]);
    refuses('hello', [2, 'hi'], 'invalid-value', 1);
    refuses('bye', [2, 'x'], 'wrong-type', 2);
    roundTrip('keyed', { key: 'k', val: 3 }, sorted(['key', 'k'], ['val', 3]));
    roundTrip('generic-key', { 'key-of': 'x' }, sorted([7, 'x']));
    expect(gen.codecs.message).toBeUndefined(); // the generic rule itself has no codec
  });

  it('issue 15 (EAT, CoRIM): ~ of a prelude type, keys of several values, socket plugs with computed keys, map-or-array choices, RFC 9741 text encodings, a `* $$socket` of one plug, a rule named type', () => {
    roundTrip('bare-uri', 'https://x/', 'https://x/');
    roundTrip('uris', ['https://x/', 'https://y/'], ['https://x/', 'https://y/']);
    refuses('uris', [], 'wrong-length', 0);
    roundTrip('claims', { lat: 5 }, sorted(['lat', 5]));
    roundTrip('claims', { 1: 5, 'iss-label-2': 'a' }, sorted([1, 5], [2, 'a']));
    roundTrip(
      'claims',
      {
        1: 5,
        'iss-label-iss': 'a',
        $rest: new Map<unknown, unknown>([
          [-1, true],
          [-7, false],
        ]),
      },
      sorted([1, 5], [-1, true], [-7, false], ['iss', 'a']),
    );
    refuses('claims', sorted(['iss', 'a']), 'no-matching-choice', 0);
    roundTrip('submodule', { 1: 'x' }, sorted([1, 'x']));
    roundTrip('submodule', { alg: -16, value: h('00') }, [-16, h('00')]);
    roundTrip('b64-digest', 'AAE', 'AAE');
    refuses('b64-digest', 'AAE=', 'invalid-value', 0);
    refuses('b64-digest', 'AAF', 'invalid-value', 0);
    roundTrip('hex-key', '00ff', '00ff');
    refuses('hex-key', '00FF', 'invalid-value', 0);
    refuses('hex-key', '00', 'invalid-value', 0);
    expect(() => codec('hex-key').encode('0')).toThrow(expect.objectContaining({ name: 'ContentError', kind: 'invalid-value' }));
    roundTrip('typed', { t: 29 }, sorted(['t', 29]));
    refuses('typed', sorted(['t', 30]), 'invalid-value', 3);
    expect(readFileSync(join(gen.dir, 'pkg/src/rfc8610-codecs.ts'), 'utf8')).toMatch(/^import typebox, \{ type TSchema \} from "typebox";$/m);
    roundTrip('ext-map', { a: 1 }, sorted(['a', 1]));
    roundTrip('ext-map', { a: 1, b: 'x' }, sorted(['a', 1], ['b', 'x']));
  });

  it('.and with a map, a generic argument that is a map, and `+ K => V` (CoRIM non-empty<M>)', () => {
    roundTrip('opts', { a: 1 }, sorted(['a', 1]));
    roundTrip('opts', { a: 1, b: 'x' }, sorted(['a', 1], ['b', 'x']));
    refuses('opts', new Map(), 'wrong-length', 0);
    refuses('opts', sorted(['c', 1]), 'invalid-value', 1);
    expect(() => codec('opts').encode({})).toThrow(expect.objectContaining({ kind: 'wrong-length' }));
  });

  it('keys named by a one-value choice-from-group, and a group socket as a generic argument (CoRIM entity-map)', () => {
    roundTrip('my-entity', { 'entity-name': 'a', role: [1] }, sorted([0, 'a'], [2, [1]]));
    roundTrip('my-entity', { 'entity-name': 'a', role: [1], $rest: new Map([[9, true]]) }, sorted([0, 'a'], [2, [1]], [9, true]));
    refuses('my-entity', sorted([0, 'a'], [2, []]), 'wrong-length', 5);
  });

  it('unwrap: the group of a map or array rule spliced in', () => {
    roundTrip('extended', { a: 1, b: 'x', c: true }, sorted(['a', 1], ['b', 'x'], ['c', true]));
    refuses('extended', sorted(['a', 1], ['b', 'x']), 'invalid-value', 0);
    roundTrip('longer', { p: 1, q: 2, r: 'z' }, [1, 2, 'z']);
    refuses('longer', [1, 2], 'wrong-length', 0);
  });

  it('.bits on integers and byte strings', () => {
    roundTrip('flags', 11, 11);
    refuses('flags', 4, 'invalid-value', 0);
    roundTrip('bitbytes', h('ff03'), h('ff03'));
    refuses('bitbytes', h('ff07'), 'invalid-value', 0);
    refuses('bitbytes', h('ff0001'), 'invalid-value', 0);
    expect(() => codec('flags').encode(16)).toThrow(expect.objectContaining({ kind: 'invalid-value' }));
  });

  it('.regexp: the whole text matches, and long texts are refused before matching', () => {
    roundTrip('word', 'abc-def', 'abc-def');
    refuses('word', 'Abc', 'invalid-value', 0);
    refuses('word', 'abc-', 'invalid-value', 0);
    refuses('word', 'a'.repeat(5000), 'invalid-value', 0);
    roundTrip('did', 'did:web:example.com', 'did:web:example.com');
    refuses('did', 'did:web', 'invalid-value', 0);
    roundTrip('day', '2026-09', '2026-09');
    roundTrip('day', '2026--0', '2026--0');
    refuses('day', '2026-15', 'invalid-value', 0);
    // The validator reads the pattern the same way (generators/cddl/xsd-regexp.ts).
    const v = new CddlValidator([constructs.spec]);
    expect(v.validate(decode(encode('2026-09'), DECODE_OPTIONS), 'day')).toBeNull();
    expect(v.validate(decode(encode('2026-15'), DECODE_OPTIONS), 'day')).not.toBeNull();
    expect(v.validate(decode(encode('did:web:x'), DECODE_OPTIONS), 'did')).toBeNull();
    roundTrip('labelled', { a: 1, _1: 'x' }, [1, 'x']);
    expect(() => codec('word').encode('no spaces')).toThrow(expect.objectContaining({ kind: 'invalid-value' }));
  });

  it('.cbor and .cborseq: the embedded CBOR is decoded and checked, the bytes are kept', () => {
    const inner = encode([1, 2]);
    roundTrip('embedded', inner, inner);
    refuses('embedded', encode([1]), 'no-matching-choice', 0);
    refuses('embedded', new Uint8Array([...inner, 0]), 'trailing-bytes', 0);
    expect(() => codec('embedded').encode(encode('x'))).toThrow(expect.objectContaining({ kind: 'no-matching-choice' }));
    roundTrip('embedded-seq', h('010203'), h('010203'));
    refuses('embedded-seq', h('0161'), 'wrong-type', 0);
  });

  it('.lt .le .gt .ge .eq .ne, .and, .within', () => {
    for (const [rule, ok, bad] of [
      ['small', 9, 10],
      ['small', -5, -6],
      ['byte-int', 255, 256],
      ['positive', 1, 0],
      ['at-least', -5, -6],
      ['ratio', 1.25, 1.5],
      ['not-zero', 1, 0],
      ['not-empty', 'a', ''],
      ['exactly', 7, 8],
      ['both', 100, 101],
    ] as const) {
      roundTrip(rule, ok, ok);
      refuses(rule, bad, 'invalid-value', 0);
    }
    roundTrip('tagged-and', new CborTag(1, 5), new Tag(1, 5));
    refuses('tagged-and', new Tag(1, 'x'), 'wrong-type', 1);
    refuses('tagged-and', new Tag(2, 5), 'invalid-value', 0);
  });

  it('.plus, .cat, .det are computed when generating; .default and .feature do not change the wire', async () => {
    roundTrip('three', 3, 3);
    refuses('three', 4, 'invalid-value', 0);
    roundTrip('greeting', 'hello, world', 'hello, world');
    roundTrip('indented', 'a\nb', 'a\nb');
    roundTrip('color', 'blue', 'blue'); // not filled in, not required to be the default
    roundTrip('exp', -1, -1);
    const mod = await import(join(gen.dir, 'pkg/src/rfc8610-codecs.ts'));
    expect(mod.Three).toBe(3);
    expect(readFileSync(join(gen.dir, 'pkg/src/rfc8610-codecs.ts'), 'utf8')).toMatch(/Uses the features 'experimental'/);
  });

  it('text enumerations are string unions', () => {
    roundTrip('fruit', 'pear', 'pear');
    refuses('fruit', 'fig', 'no-matching-choice', 0);
    roundTrip('dir', 's', 's');
    refuses('dir', 'e', 'no-matching-choice', 0);
  });

  it('sockets are open: the plugs of a type socket first, then any other data item, kept as read; a group socket in an array keeps the items', () => {
    roundTrip('pet', { name: 'x', kind: 'cat' }, sorted(['kind', 'cat'], ['name', 'x']));
    roundTrip('pet', { name: 'x', kind: { legs: 4 } }, sorted(['kind', [4]], ['name', 'x']));
    roundTrip('pet', { name: 'x', kind: 'dog' }, sorted(['kind', 'dog'], ['name', 'x']));
    roundTrip('pet', { name: 'x', kind: 42 }, sorted(['kind', 42], ['name', 'x']));
    roundTrip('digest', { alg: -16, value: h('00'), _2: ['ext', 5] }, [-16, h('00'), 'ext', 5]);
    roundTrip('digest', { alg: -16, value: h('00'), _2: [] }, [-16, h('00')]);
    refuses('pet', sorted(['kind', 'cat']), 'invalid-value', 0);
  });

  it('tags, ranges, major types and the prelude', () => {
    roundTrip('stamp', new CborTag(1, 5), new Tag(1, 5));
    roundTrip('computed-tag', new CborTag(42, 'x'), new Tag(42, 'x'));
    refuses('computed-tag', new Tag(43, 'x'), 'invalid-value', 0);
    refuses('stamp', new Tag(0, 5), 'invalid-value', 0);
    roundTrip('percent', 50, 50);
    refuses('percent', 101, 'invalid-value', 0);
    roundTrip('unit-float', 0.5, 0.5);
    refuses('unit-float', 1.5, 'invalid-value', 0);
    roundTrip('neg', -3, -3);
    refuses('neg', 3, 'invalid-value', 0);
    roundTrip('seven', 7, 7);
    roundTrip('yes', true, true);
    refuses('yes', false, 'invalid-value', 0);
    roundTrip('no', false, false);
    roundTrip('when', new CborTag(0, '2026-01-01T00:00:00Z'), new Tag(0, '2026-01-01T00:00:00Z'));
    refuses('when', '2026-01-01T00:00:00Z', 'wrong-type', 0);
    roundTrip('link', new CborTag(32, 'https://example.com/'), new Tag(32, 'https://example.com/'));
    roundTrip('big', new CborTag(3, h('01')), new Tag(3, h('01')));
    roundTrip('num', 1, 1);
    roundTrip('num', 1.5, 1.5);
    roundTrip('frac', new CborTag(4, { e10: -1, m: 15 }), new Tag(4, [-1, 15]));
    roundTrip('magic', h('cafe'), h('cafe'));
    refuses('magic', h('cafd'), 'invalid-value', 0);
  });

  it('maps optional and repeated array members to JSON and back, and names the fixed ones in a dump', async () => {
    const { shapes } = await import(join(gen.dir, 'pkg/src/shapes.ts'));
    const value = { version: 1, flags: 5, ext: ['a'] };
    const json = contentToJson(shapes, 'header', value);
    expect(json).toEqual({ version: 1, flags: 5, ext: ['a'] });
    expect(contentFromJson(shapes, 'header', { version: 1 })).toEqual({ version: 1, ext: [] });
    expect(contentFromJson(shapes, 'ratio', 1.25)).toBe(1.25);
    expect(prettyContent(shapes, codec('header').encode(value), 'header')).toMatch(/# version: unsigned\(1\)/);
  });
});

/** Constructs that cannot become a codec: each one a located `unsupported-cddl` error naming it. */
describe('constructs the content generator refuses, with their location', () => {
  const errors = (text: string) =>
    lowerSpec(parseCddl(text, 'x.cddl', 'x').spec)
      .diagnostics.filter((d) => d.code === 'unsupported-cddl')
      .map(formatDiagnostic);
  it.each([
    ['a = tstr .abnf "x"', /x\.cddl:1:5: .*\.abnf: checking text against an ABNF grammar/],
    ['a = undefined', /x\.cddl:1:5: .*'undefined'/],
    ['a = #6(any)', /x\.cddl:1:5: .*a tag of any number/],
    ['a = #7.24', /x\.cddl:1:5: .*simple values/],
    ['a = #6.<1..5>(tstr)', /x\.cddl:1:5: .*#6\.<type> with a type that is not one number/],
    ['a = tstr .regexp "[a-z-[aeiou]]"', /x\.cddl:1:5: .*class subtraction/],
    ['a = [* (b: int // c: tstr, d: int)]', /x\.cddl:1:\d+: .*same number of plain members/],
    ['a = { * (1: int) }', /x\.cddl:1:\d+: .*repeated group inside a map/],
  ])('%s', (text, message) => {
    expect(errors(text)).toEqual([expect.stringMatching(message)]);
  });
  it('refuses a rule that needs the codec of a refused rule, at its own location, instead of failing the file', () => {
    expect(errors('a = [b]\nb = tstr .abnf "x"\nc = [int]')).toEqual([
      expect.stringMatching(/^x\.cddl:2:5: .*b: control \.abnf/),
      expect.stringMatching(/^x\.cddl:1:1: .*a: uses 'b', which has no codec/),
    ]);
  });
});
