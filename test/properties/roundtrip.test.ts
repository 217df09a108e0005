/**
 * Round trip of every declaration of every generated package (iterated over the IR, so new types
 * are covered automatically): for arbitrary values v built from the IR (./arbitrary.ts),
 * decode(encode(v, ctx), {context: ctx}) deep-equals v, the encoding is exactly encodedSize(v)
 * bytes, and re-encoding the decoded value gives the same bytes.
 *
 * Each declaration runs its covering samples first (./covering.ts: every select arm, every enum
 * value, `<V>` lengths 0, 63, 64, 16383 and 16384), then PROPERTY_RUNS random ones, and then checks
 * on what actually ran (the values walked along the IR, the lengths read by the decoder) that every
 * arm of its selects was taken, every value of an enum produced, and every varint width (1, 2 and 4
 * bytes; both sides of each boundary when it holds a byte string) read. The seed is the run's
 * (test/setup/seed.ts), in the suite name: FC_SEED=<seed> replays a run.
 */
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { SEED_LABEL, seedFor } from '../setup/run-seed.ts';
import { arbitraryOf, unsupportedReason } from '../support/tls-arbitrary.ts';
import { choicesOf, recordVarints, VARINT_BOUNDARIES, varintWidth } from '../support/tls-coverage.ts';
import { coveringSamples } from '../support/tls-covering.ts';
import { allDeclarations } from '../support/tls-packages.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const entries = allDeclarations();
const stats = {
  types: 0,
  runs: 0,
  skipped: [] as string[],
  byKind: { struct: 0, enum: 0, alias: 0 },
  targets: 0,
  covered: 0,
  choices: 0,
  widths: new Map<number, number>(),
  boundaries: new Map<number, number>(),
  largest: 0,
};

describe(`round trip of every TLS-PL declaration (${SEED_LABEL})`, () => {
  for (const { pkg, decl, codec } of entries) {
    const reason = unsupportedReason(pkg, decl.name);
    if (reason) stats.skipped.push(`${pkg.name}/${decl.name}: ${reason}`);
    it.skipIf(reason !== null)(`${pkg.name} ${decl.kind} ${decl.name}`, () => {
      expect(codec, `generated codec for ${decl.name}`).toBeDefined();
      const c = codec!;
      const covering = coveringSamples(pkg, decl.name, c, seedFor(`${pkg.name}/${decl.name}`));
      const choices = new Set<string>();
      const lengths = new Set<number>();
      fc.assert(
        fc.property(arbitraryOf(pkg, decl.name), (sample) => {
          const { value, context } = sample;
          const bytes = c.encode(value, context);
          expect(bytes.length).toBe(c.encodedSize(value, context));
          const { result: back, lengths: read } = recordVarints(() => c.decode(bytes, { context }));
          // isDeepStrictEqual first: toStrictEqual takes seconds on the 16 KiB samples; it only runs
          // to report a difference.
          if (!isDeepStrictEqual(back, value)) expect(back).toStrictEqual(value);
          expect(toHex(c.encode(back, context))).toBe(toHex(bytes));
          for (const k of choicesOf(pkg, decl.name, sample)) choices.add(k);
          for (const n of read) lengths.add(n);
          stats.largest = Math.max(stats.largest, bytes.length);
          stats.runs++;
        }),
        // fast-check counts examples in numRuns: the random runs come on top of them.
        { numRuns: NUM_RUNS + covering.samples.length, examples: covering.samples.map((s) => [s]) },
      );

      // What ran covered every arm / value and every length width this declaration has.
      expect(
        covering.targets.filter((t) => !choices.has(t)),
        `arms and values never produced (${SEED_LABEL})`,
      ).toEqual([]);
      const widths = new Set([...lengths].map(varintWidth));
      if (covering.vectors) expect([...widths].sort(), `varint widths read (${SEED_LABEL})`).toEqual([1, 2, 4]);
      if (covering.byteVectors)
        expect(
          VARINT_BOUNDARIES.filter((n) => !lengths.has(n)),
          `boundary lengths never read (${SEED_LABEL})`,
        ).toEqual([]);

      stats.types++;
      stats.byKind[decl.kind]++;
      stats.targets += covering.targets.length;
      stats.covered += covering.targets.filter((t) => choices.has(t)).length;
      stats.choices += choices.size;
      for (const w of widths) stats.widths.set(w, (stats.widths.get(w) ?? 0) + 1);
      for (const n of VARINT_BOUNDARIES) if (lengths.has(n)) stats.boundaries.set(n, (stats.boundaries.get(n) ?? 0) + 1);
    });
  }

  it('covers every declaration (and reports totals)', () => {
    expect(entries.length).toBeGreaterThan(200);
  });
});

afterAll(() => {
  const per = (m: Map<number, number>, keys: readonly number[], unit: string) => keys.map((k) => `${k}${unit} ${m.get(k) ?? 0}`).join(', ');
  console.log(
    `round trip (${SEED_LABEL}): ${stats.types}/${entries.length} declarations (${stats.byKind.struct} structs, ${stats.byKind.enum} enums, ${stats.byKind.alias} aliases), ${stats.runs} runs; ` +
      `own select arms and enum values covered ${stats.covered}/${stats.targets}, ${stats.choices} choices taken in all (nested ones included); ` +
      `declarations that read a varint of width ${per(stats.widths, [1, 2, 4], ' bytes')}; that read length ${per(stats.boundaries, VARINT_BOUNDARIES, '')}; ` +
      `largest encoding ${stats.largest} bytes` +
      (stats.skipped.length ? `; skipped: ${stats.skipped.join('; ')}` : '; none skipped'),
  );
});
