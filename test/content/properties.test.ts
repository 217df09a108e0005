/**
 * Property tests of the generated content codecs (generated/mimi-content), for every rule of every
 * spec/content/*.cddl file, with values drawn from the lowered shapes (./arbitrary.ts), the covering
 * samples of each rule first (./covering.ts: every alternative of its choices, variants and
 * enumerations; lengths 23/24, 255/256, 65535/65536 wherever the rule has an unbounded string,
 * list or table), then random ones; each rule's test then checks on what it ran that every
 * alternative was taken and every boundary length written and read. The seed is the run's
 * (test/setup/seed.ts, in the suite names; FC_SEED=<seed> replays):
 *  - decode(encode(v)) deep-equals v; encoding is deterministic (twice the same bytes, and the
 *    decoded value re-encodes to the same bytes); the generated TypeBox schema accepts v;
 *  - cbor2 as reference: our bytes equal cbor2's core deterministic encoding of the same generic
 *    data, and cbor2 in CDE decoding mode accepts them and re-encodes them unchanged;
 * and mutation tests: mutated encodings of the draft's examples (and of generated values) either
 * decode to a value that re-encodes to exactly those bytes, or fail with a located ContentError.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Value from 'typebox/value';
import type { TSchema } from 'typebox';
import { decode as cbor2Decode, encode as cbor2Encode } from 'cbor2';
import { toHex } from '@mimikit/bytes';
import { CborTag, ContentError, type ContentCodec, type ContentLimits } from '@mimikit/cbor';
import * as content from '@mimikit/mimi-content';
import { codecs } from '@mimikit/mimi-content';
import { EDN_ENCODE_OPTIONS } from '@mimikit/content/edn';
import { tsName } from '../../generators/cddl/emit/emit-content.ts';
import {
  arbitraryOf,
  boundaryCases,
  canonicalInt,
  contentSpecs,
  INT_EDGES,
  REF_ENCODE_OPTIONS,
  ruleShapes,
  toCbor2,
  toGeneric,
} from '../support/content-arbitrary.ts';
import { loadExamples } from '../support/content-examples.ts';
import { cborHeads, choicesIn, ownChoiceTargets } from '../support/content-coverage.ts';
import { coveringContentSamples, ROUNDS } from '../support/content-covering.ts';
import { RUN_SEED, SEED_LABEL, seedFor } from '../setup/run-seed.ts';

const RUNS = Number(process.env.FC_RUNS ?? 50);
const seed = RUN_SEED;

function codecOf(rule: string): ContentCodec<unknown> {
  const c = (codecs as Record<string, ContentCodec<unknown> | undefined>)[rule];
  if (c === undefined) throw new Error(`no codec for rule ${rule}`);
  return c;
}

function schemaOf(rule: string): TSchema {
  const s = (content as Record<string, unknown>)[`${tsName(rule)}Schema`];
  if (s === undefined) throw new Error(`no ${tsName(rule)}Schema export for rule ${rule}`);
  return s as TSchema;
}

/** cbor2 decoding in core deterministic mode, keeping float-ness and tags as they are. */
const CBOR2_CDE_DECODE = { cde: true, boxed: true, preferMap: true, ignoreGlobalTags: true } as const;

describe(`content codec properties (every rule of spec/content/*.cddl; ${SEED_LABEL})`, () => {
  it('the reference encode options match the EDN module', () => {
    expect(REF_ENCODE_OPTIONS).toEqual(EDN_ENCODE_OPTIONS);
  });

  it('every lowered rule has a codec and a schema', () => {
    const names = contentSpecs.flatMap((s) => s.rules.map((r) => r.name));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      expect(codecOf(n).name).toBe(n);
      schemaOf(n);
    }
    expect(new Set(names)).toEqual(new Set(Object.keys(codecs)));
  });

  it(`the covering rounds (${ROUNDS}) reach every alternative of the widest choice`, () => {
    const widths = new Map<string, number>();
    for (const name of ruleShapes.keys()) {
      for (const t of ownChoiceTargets(name)) {
        const site = t.slice(0, t.lastIndexOf(' '));
        widths.set(site, (widths.get(site) ?? 0) + 1);
      }
    }
    expect(Math.max(...widths.values())).toBeLessThanOrEqual(ROUNDS);
    expect(widths.get('range NestedPart.disposition')).toBe(10);
  });

  for (const spec of contentSpecs) {
    for (const rule of spec.rules) {
      it(`${spec.name}: ${rule.name} round-trips, is deterministic, validates, matches cbor2; covers every alternative and length`, () => {
        const codec = codecOf(rule.name);
        const schema = schemaOf(rule.name);
        const shape = ruleShapes.get(rule.name)!;
        const covering = coveringContentSamples(rule.name, codec, seedFor(`content ${rule.name}`));
        const choices = new Set<string>();
        const heads = new Map<number, Set<bigint>>();
        fc.assert(
          fc.property(arbitraryOf(rule.name), (v) => {
            const bytes = codec.encode(v);
            const h = toHex(bytes);
            for (const k of choicesIn(rule.name, v)) choices.add(k);
            for (const { major, argument } of cborHeads(bytes)) heads.set(major, (heads.get(major) ?? new Set()).add(argument));
            expect(toHex(codec.encode(v)), 'encode twice').toBe(h);
            const back = codec.decode(bytes);
            expect(back, `decode(${h})`).toStrictEqual(v);
            expect(toHex(codec.encode(back)), `re-encode of decode(${h})`).toBe(h);
            expect(Value.Check(schema, v), `schema accepts generated value (${h})`).toBe(true);
            expect(Value.Check(schema, back), `schema accepts decoded value (${h})`).toBe(true);
            // Reference encoder: the same generic data, core deterministic, by cbor2.
            const ref = cbor2Encode(toCbor2(toGeneric(shape, v)), REF_ENCODE_OPTIONS);
            expect(h, 'cbor2 CDE encoding of the same data').toBe(toHex(ref));
            // Reference decoder: cbor2 in CDE mode accepts our bytes and re-encodes them unchanged.
            const viaCbor2 = cbor2Encode(cbor2Decode(bytes, CBOR2_CDE_DECODE), REF_ENCODE_OPTIONS);
            expect(toHex(viaCbor2), 'cbor2 decode → encode').toBe(h);
          }),
          // fast-check counts examples in numRuns: the random runs come on top of them.
          { numRuns: RUNS + covering.samples.length, seed, examples: covering.samples.map((v) => [v]) },
        );
        expect(
          covering.targets.filter((t) => !choices.has(t)),
          `alternatives never taken (${SEED_LABEL})`,
        ).toEqual([]);
        for (const [major, ns] of covering.lengths) {
          expect(
            ns.filter((n) => !heads.get(major)?.has(BigInt(n))),
            `major type ${major}: lengths never written (${SEED_LABEL})`,
          ).toEqual([]);
        }
      });
    }
  }
});

describe('constraint boundaries (every rule): in-bounds values round-trip, out-of-bounds ones are refused both ways', () => {
  let total = 0;
  for (const spec of contentSpecs) {
    for (const rule of spec.rules) {
      const cases = boundaryCases(ruleShapes.get(rule.name)!);
      total += cases.length;
      if (cases.length === 0) continue;
      it(`${spec.name}: ${rule.name} (${cases.length} cases)`, () => {
        const codec = codecOf(rule.name);
        const shape = ruleShapes.get(rule.name)!;
        const schema = schemaOf(rule.name);
        for (const c of cases) {
          // The same data encoded by cbor2 (no schema checks there).
          let generic: unknown;
          try {
            generic = toGeneric(shape, c.value);
          } catch {
            generic = c.value; // a scalar rule given a value its shape refuses (a wrong literal)
          }
          const ref = cbor2Encode(toCbor2(generic), REF_ENCODE_OPTIONS);
          if (c.valid) {
            const bytes = codec.encode(c.value);
            expect(toHex(bytes), c.what).toBe(toHex(ref));
            expect(codec.decode(bytes), c.what).toStrictEqual(c.value);
            expect(Value.Check(schema, c.value), `schema: ${c.what}`).toBe(true);
            continue;
          }
          expect(Value.Check(schema, c.value), `schema refuses ${c.what}`).toBe(false);
          for (const [dir, run] of [
            ['encode', () => codec.encode(c.value)],
            ['decode', () => codec.decode(ref)],
          ] as const) {
            let err: unknown;
            try {
              run();
            } catch (e) {
              err = e;
            }
            expect(err, `${dir} of ${c.what} (${toHex(ref)}) must fail`).toBeInstanceOf(ContentError);
            const ce = err as ContentError;
            expect(['invalid-value', 'wrong-type', 'no-matching-choice'], `${dir} of ${c.what}: ${ce.message}`).toContain(ce.kind);
            expect(ce.path[0], `${dir} of ${c.what}: ${ce.message}`).toBe(rule.name);
            if (dir === 'decode') expect(ce.offset).toBeGreaterThanOrEqual(0);
          }
        }
      });
    }
  }
  it('has cases', () => {
    expect(total).toBeGreaterThan(100);
  });
});

describe('integer and map edge cases (deterministic)', () => {
  // Every argument-size boundary of major types 0 and 1, as `any` and as an `int` table key.
  for (const b of INT_EDGES) {
    it(`int ${b}: decodes to ${typeof canonicalInt(b)} and re-encodes identically`, () => {
      const ref = cbor2Encode(b, REF_ENCODE_OPTIONS);
      const h = toHex(ref);
      const value = codecOf('value');
      const name = codecOf('name');
      expect(value.decode(ref), `value.decode(${h})`).toStrictEqual(canonicalInt(b));
      expect(toHex(value.encode(value.decode(ref))), `value: re-encode of ${h}`).toBe(h);
      expect(name.decode(ref), `name.decode(${h})`).toStrictEqual(canonicalInt(b));
      expect(toHex(name.encode(name.decode(ref))), `name: re-encode of ${h}`).toBe(h);
      const ext = new CborTag(1001, new Map([[canonicalInt(b), 'x']]));
      const extBytes = cbor2Encode(toCbor2(ext), REF_ENCODE_OPTIONS);
      const et = codecOf('ExtendedTime');
      expect(toHex(et.encode(et.decode(extBytes))), `ExtendedTime: re-encode of ${toHex(extBytes)}`).toBe(toHex(extBytes));
    });
  }

  it('map keys with the same encoding are refused, in and out of order', () => {
    const value = codecOf('value');
    const et = codecOf('ExtendedTime');
    for (const m of [
      new Map<unknown, unknown>([
        [1, 'a'],
        [1n, 'b'],
      ]),
      new Map<unknown, unknown>([
        ['b', 0],
        ['a', 1],
        ['b' + '', 2],
        [1n, 3],
        [1, 4],
      ]),
      new Map<unknown, unknown>([
        [2, 0],
        [1, 1],
        [1n, 2],
      ]),
    ]) {
      for (const [codec, v] of [
        [value, m],
        [et, new CborTag(1001, m)],
      ] as const) {
        let err: unknown;
        try {
          codec.encode(v);
        } catch (e) {
          err = e;
        }
        expect(err, `${codec.name}.encode of keys ${[...m.keys()].map(String).join(',')}`).toBeInstanceOf(ContentError);
        expect((err as ContentError).kind).toBe('duplicate-key');
      }
    }
  });

  it('maps given out of order encode sorted, with values following their keys', () => {
    const value = codecOf('value');
    const m = new Map<unknown, unknown>([
      ['bb', 1],
      [
        -1,
        new Map([
          [3, 'c'],
          [2, 'b'],
        ]),
      ],
      ['a', 2],
      [10, [1]],
      [new Uint8Array([1]), 3],
      [100, 4],
    ]);
    const bytes = value.encode(m);
    expect(toHex(bytes)).toBe(toHex(cbor2Encode(toCbor2(m), REF_ENCODE_OPTIONS)));
    expect(value.decode(bytes)).toStrictEqual(m);
  });
});

// ---- mutation --------------------------------------------------------------------------------

const examples = loadExamples();
const SPECIAL = [0x00, 0x17, 0x18, 0x1f, 0x5f, 0x7f, 0x9f, 0xbf, 0xf6, 0xff];

/** Offsets of the initial byte of every data item of well-formed CBOR (any of the examples). */
function heads(b: Uint8Array): number[] {
  return cborHeads(b).map((h) => h.offset);
}

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; bytes: Uint8Array }
  | { op: 'overwrite'; at: number; byte: number }
  | { op: 'length'; head: number; delta: number };

function mutationArb(len: number): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: Math.max(0, len - 1) });
  return fc.oneof(
    fc.record({ op: fc.constant('flip' as const), at, bit: fc.nat({ max: 7 }) }),
    fc.record({ op: fc.constant('truncate' as const), at }),
    fc.record({
      op: fc.constant('append' as const),
      bytes: fc.oneof(
        fc.uint8Array({ minLength: 1, maxLength: 3 }),
        fc.constantFrom(...SPECIAL).map((x) => Uint8Array.of(x)),
      ),
    }),
    fc.record({ op: fc.constant('overwrite' as const), at, byte: fc.constantFrom(...SPECIAL) }),
    fc.record({ op: fc.constant('length' as const), head: fc.nat(), delta: fc.constantFrom(-2, -1, 1, 2, 24, -24) }),
  );
}

function applyMutation(b: Uint8Array, m: Mutation): Uint8Array {
  const out = Uint8Array.from(b);
  switch (m.op) {
    case 'flip':
      if (m.at < out.length) out[m.at]! ^= 1 << m.bit;
      return out;
    case 'truncate':
      return out.subarray(0, Math.min(m.at, out.length));
    case 'append': {
      const r = new Uint8Array(out.length + m.bytes.length);
      r.set(out);
      r.set(m.bytes, out.length);
      return r;
    }
    case 'overwrite':
      if (m.at < out.length) out[m.at] = m.byte;
      return out;
    case 'length': {
      // Edit the argument of a string, array or map head (its length), or of any head if none.
      let hs: number[];
      try {
        hs = heads(b);
      } catch {
        hs = [];
      }
      const sized = hs.filter((h) => h < b.length && [2, 3, 4, 5].includes(b[h]! >> 5));
      const pool = sized.length > 0 ? sized : hs;
      if (pool.length === 0) return out;
      const h = pool[m.head % pool.length]!;
      const ai = out[h]! & 31;
      if (ai < 24) out[h] = (out[h]! & 0xe0) | Math.max(0, Math.min(31, ai + m.delta));
      else if (ai <= 27 && h + 1 < out.length) out[h + 2 ** (ai - 24)] = (out[h + 2 ** (ai - 24)]! + m.delta) & 0xff;
      return out;
    }
  }
}

interface Outcome {
  accepted: number;
  rejected: Map<string, number>;
}

/** Decodes mutated bytes: a value that re-encodes to the same bytes, or a well-formed ContentError. */
function checkDecode(codec: ContentCodec<unknown>, bytes: Uint8Array, limits: Partial<ContentLimits> | undefined, outcome: Outcome): void {
  const h = toHex(bytes);
  let v: unknown;
  try {
    v = codec.decode(bytes, limits ? { limits } : undefined);
  } catch (e) {
    if (!(e instanceof ContentError)) throw new Error(`${codec.name}.decode(${h}) threw a ${(e as Error)?.constructor?.name}: ${String(e)}`);
    expect(e.kind, `${codec.name}.decode(${h}): ${e.message}`).not.toBe('internal');
    expect(e.offset, `offset of ${e.message} for ${h}`).toBeGreaterThanOrEqual(0);
    expect(e.offset, `offset of ${e.message} for ${h}`).toBeLessThanOrEqual(bytes.length);
    expect(e.path[0], `path of ${e.message} for ${h}`).toBe(codec.name);
    expect(e.typePath.startsWith(codec.name), `typePath of ${e.message}`).toBe(true);
    outcome.rejected.set(e.kind, (outcome.rejected.get(e.kind) ?? 0) + 1);
    return;
  }
  outcome.accepted++;
  expect(toHex(codec.encode(v)), `${codec.name}.decode(${h}) accepted; re-encoding`).toBe(h);
  // What we accept is core deterministic CBOR for cbor2 as well.
  expect(toHex(cbor2Encode(cbor2Decode(bytes, CBOR2_CDE_DECODE), REF_ENCODE_OPTIONS)), `cbor2 on accepted ${h}`).toBe(h);
}

const MUTATION_RUNS = Number(process.env.FC_MUTATION_RUNS ?? 200);

describe('mutated examples decode to a faithful value or fail with a located ContentError', () => {
  const outcome: Outcome = { accepted: 0, rejected: new Map() };
  for (const ex of examples) {
    it(`${ex.name} (${ex.rule}, ${ex.cbor.length} bytes)`, () => {
      const codec = codecOf(ex.rule);
      expect(heads(ex.cbor).length).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.array(mutationArb(ex.cbor.length), { minLength: 1, maxLength: 3 }), (ms) => {
          const bytes = ms.reduce(applyMutation, ex.cbor);
          checkDecode(codec, bytes, undefined, outcome);
          checkDecode(codec, bytes, { maxDepth: 4 }, outcome);
        }),
        { numRuns: MUTATION_RUNS, seed },
      );
    });
  }
  it('saw both outcomes and many kinds of errors', (ctx) => {
    const seen = outcome.accepted + [...outcome.rejected.values()].reduce((a, b) => a + b, 0);
    if (seen < examples.length * MUTATION_RUNS * 2) ctx.skip(); // some example tests were filtered out or failed
    expect(outcome.accepted).toBeGreaterThan(0);
    expect(outcome.rejected.size, [...outcome.rejected].join(' ')).toBeGreaterThanOrEqual(8);
  });
});

describe('mutated generated values decode faithfully or fail with a located ContentError', () => {
  for (const rule of ['mimiContent', 'MessageDerivedValues', 'MessageStatusReport']) {
    it(rule, () => {
      const codec = codecOf(rule);
      const outcome: Outcome = { accepted: 0, rejected: new Map() };
      fc.assert(
        fc.property(
          arbitraryOf(rule).chain((v) => {
            const bytes = codec.encode(v);
            return fc.tuple(fc.constant(bytes), fc.array(mutationArb(bytes.length), { minLength: 1, maxLength: 2 }));
          }),
          ([bytes, ms]) => {
            const mutated = ms.reduce(applyMutation, bytes);
            checkDecode(codec, mutated, undefined, outcome);
            checkDecode(codec, mutated, { maxDepth: 4 }, outcome);
          },
        ),
        { numRuns: 150, seed },
      );
    });
  }
});
