/**
 * Mutated valid inputs: a decoder either returns a value or throws a DecodeError whose offset lies
 * in the input and whose path starts at the codec's type name; it never throws anything else, never
 * reports an `internal` error (a foreign exception caught by the codec) and never hangs. An input
 * the strict decoder accepts is canonical: re-encoding the value gives the same bytes.
 *
 * Inputs: the RFC 9420 interop vectors (messages.json) and encodings of arbitrary values of every
 * declaration (drawn with seeds derived from the run's seed, so each run mutates other values). Mutations: bit flips, truncation, appended bytes, bytes overwritten with varint /
 * presence / enum edge values, and edits of the varint length fields found by recording where a
 * clean decode reads them (Reader.prototype.varint is wrapped for that decode only).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { DecodeError, Reader, type Codec } from '@mimikit/tls';
import { bytes, loadMessages, MESSAGE_KINDS, type MessageKind } from '../support/mls-vectors.ts';
import { SEED_LABEL, seedFor } from '../setup/run-seed.ts';
import { arbitraryOf, unsupportedReason } from '../support/tls-arbitrary.ts';
import { allDeclarations, codecsOf, packages } from '../support/tls-packages.ts';

interface Base {
  label: string;
  codec: Codec<unknown>;
  input: Uint8Array;
  context: Record<string, string>;
  /** Offsets of the first byte of every varint length read by a clean decode. */
  lengths: number[];
}

const SPECIAL = [0x00, 0x01, 0x02, 0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xc0, 0xff] as const;
const VECTOR_ENTRIES = 12;
const RUNS_PER_SOURCE = Number(process.env.PROPERTY_MUTATIONS ?? 2000);
const MAX_DECODE_MS = 1000;

function cleanDecode(codec: Codec<unknown>, input: Uint8Array, context: Record<string, string>): number[] {
  const proto = Reader.prototype as unknown as { varint: (this: Reader) => number };
  const original = proto.varint;
  const at: number[] = [];
  proto.varint = function (this: Reader) {
    at.push(this.p);
    return original.call(this);
  };
  try {
    codec.decode(input, { context });
  } finally {
    proto.varint = original;
  }
  return at;
}

function vectorBases(): Base[] {
  const mls = codecsOf(packages.find((p) => p.name === 'mls')!);
  const out: Base[] = [];
  for (const [i, v] of loadMessages().slice(0, VECTOR_ENTRIES).entries()) {
    for (const kind of Object.keys(MESSAGE_KINDS) as MessageKind[]) {
      const codec = mls[MESSAGE_KINDS[kind]]!;
      const input = bytes(v[kind]);
      out.push({ label: `messages.json[${i}].${kind}`, codec, input, context: {}, lengths: cleanDecode(codec, input, {}) });
    }
  }
  return out;
}

function arbitraryBases(): Base[] {
  const out: Base[] = [];
  for (const { pkg, decl, codec } of allDeclarations()) {
    if (!codec || unsupportedReason(pkg, decl.name)) continue;
    for (const [j, { value, context }] of fc
      .sample(arbitraryOf(pkg, decl.name), { numRuns: 2, seed: seedFor(`mutation ${pkg.name}/${decl.name}`) })
      .entries()) {
      const input = codec.encode(value, context);
      out.push({ label: `arbitrary ${pkg.name}/${decl.name} #${j}`, codec, input, context, lengths: cleanDecode(codec, input, context) });
    }
  }
  return out;
}

type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'append'; bytes: Uint8Array }
  | { op: 'overwrite'; at: number; value: number }
  | { op: 'length'; which: number; value: number }
  | { op: 'length-delta'; which: number; delta: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ op: fc.constant('overwrite' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...SPECIAL), fc.integer({ min: 0, max: 255 })) }),
  fc.record({ op: fc.constant('length' as const), which: fc.nat(), value: fc.constantFrom(...SPECIAL) }),
  fc.record({ op: fc.constant('length-delta' as const), which: fc.nat(), delta: fc.constantFrom(-2, -1, 1, 2, 40) }),
);

function mutate(base: Base, muts: Mutation[]): Uint8Array {
  let b = Uint8Array.from(base.input);
  for (const m of muts) {
    switch (m.op) {
      case 'flip':
        if (b.length) b[m.at % b.length]! ^= 1 << m.bit;
        break;
      case 'truncate':
        b = b.slice(0, b.length ? m.at % b.length : 0);
        break;
      case 'append': {
        const c = new Uint8Array(b.length + m.bytes.length);
        c.set(b);
        c.set(m.bytes, b.length);
        b = c;
        break;
      }
      case 'overwrite':
        if (b.length) b[m.at % b.length] = m.value;
        break;
      case 'length':
      case 'length-delta': {
        if (!base.lengths.length) break;
        const at = base.lengths[m.which % base.lengths.length]!;
        if (at >= b.length) break;
        b[at] = m.op === 'length' ? m.value : (b[at]! + m.delta) & 0xff;
        break;
      }
    }
  }
  return b;
}

const stats = { mutations: 0, accepted: 0, rejected: 0, maxMs: 0, kinds: new Map<string, number>() };

function check(base: Base, muts: Mutation[]): void {
  const input = mutate(base, muts);
  const repro = () => `${base.label} (${base.codec.name}, context ${JSON.stringify(base.context)}): input ${toHex(input)}`;
  const t0 = performance.now();
  let value: unknown;
  let error: unknown;
  try {
    value = base.codec.decode(input, { context: base.context });
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t0;
  stats.mutations++;
  stats.maxMs = Math.max(stats.maxMs, ms);
  expect(ms, `decode took ${ms.toFixed(0)} ms: ${repro()}`).toBeLessThan(MAX_DECODE_MS);
  if (error === undefined) {
    stats.accepted++;
    const again = base.codec.encode(value, base.context);
    expect(toHex(again), `accepted input is not canonical: ${repro()}`).toBe(toHex(input));
    return;
  }
  if (!(error instanceof DecodeError)) throw new Error(`non-DecodeError ${String(error)}: ${repro()}`);
  stats.rejected++;
  stats.kinds.set(error.kind, (stats.kinds.get(error.kind) ?? 0) + 1);
  expect(error.kind, `${error.message}: ${repro()}`).not.toBe('internal');
  expect(
    Number.isInteger(error.offset) && error.offset >= 0 && error.offset <= input.length,
    `offset ${error.offset} outside [0, ${input.length}] (${error.message}): ${repro()}`,
  ).toBe(true);
  expect(error.path[0], `path of ${error.message}: ${repro()}`).toBe(base.codec.name);
}

describe(`mutated inputs fail only with a well-formed DecodeError (${SEED_LABEL})`, () => {
  for (const [source, make] of [
    ['messages.json vectors', vectorBases],
    ['encodings of arbitrary values', arbitraryBases],
  ] as const) {
    it(source, () => {
      const bases = make();
      expect(bases.length).toBeGreaterThan(100);
      fc.assert(
        fc.property(fc.nat(bases.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (i, muts) => check(bases[i]!, muts)),
        { numRuns: RUNS_PER_SOURCE },
      );
    });
  }
});

afterAll(() => {
  const kinds = [...stats.kinds.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  console.log(
    `mutation: ${stats.mutations} mutated inputs, ${stats.accepted} accepted (canonical), ${stats.rejected} rejected (${kinds}); slowest decode ${stats.maxMs.toFixed(1)} ms`,
  );
});
