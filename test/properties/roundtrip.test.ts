/**
 * Round trip of every declaration of every generated package (iterated over the IR, so new types
 * are covered automatically): for arbitrary values v built from the IR (./arbitrary.ts),
 * decode(encode(v, ctx), {context: ctx}) deep-equals v, the encoding is exactly encodedSize(v)
 * bytes, and re-encoding the decoded value gives the same bytes.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/tls';
import { arbitraryOf, unsupportedReason } from './arbitrary.ts';
import { allDeclarations } from './packages.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
const entries = allDeclarations();
const stats = { types: 0, runs: 0, skipped: [] as string[], byKind: { struct: 0, enum: 0, alias: 0 } };

describe('round trip of every TLS-PL declaration', () => {
  for (const { pkg, decl, codec } of entries) {
    const reason = unsupportedReason(pkg, decl.name);
    if (reason) stats.skipped.push(`${pkg.name}/${decl.name}: ${reason}`);
    it.skipIf(reason !== null)(`${pkg.name} ${decl.kind} ${decl.name}`, () => {
      expect(codec, `generated codec for ${decl.name}`).toBeDefined();
      const c = codec!;
      fc.assert(
        fc.property(arbitraryOf(pkg, decl.name), ({ value, context }) => {
          const bytes = c.encode(value, context);
          expect(bytes.length).toBe(c.encodedSize(value, context));
          const back = c.decode(bytes, { context });
          expect(back).toStrictEqual(value);
          expect(toHex(c.encode(back, context))).toBe(toHex(bytes));
          stats.runs++;
        }),
        { numRuns: NUM_RUNS },
      );
      stats.types++;
      stats.byKind[decl.kind]++;
    });
  }

  it('covers every declaration (and reports totals)', () => {
    expect(entries.length).toBeGreaterThan(200);
  });
});

afterAll(() => {
  console.log(
    `round trip: ${stats.types}/${entries.length} declarations (${stats.byKind.struct} structs, ${stats.byKind.enum} enums, ${stats.byKind.alias} aliases), ${stats.runs} runs` +
      (stats.skipped.length ? `; skipped: ${stats.skipped.join('; ')}` : '; none skipped'),
  );
});
