/**
 * The third-party CDDL corpora (issue 15 point 2): the table of docs/content.md is what the
 * generators and the validator do on them today, and every example that validates and whose rule
 * got a codec round-trips through that codec, byte for byte. The few that do not are listed in
 * known-round-trip-failures.json with the reason; the list must match exactly, so a fix (or a new
 * failure) shows up here.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPORA_DIR, constructOf, corpusNames, renderTable, runCorpus, tableIn, type CorpusManifest, type CorpusResult } from './corpora.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const known = JSON.parse(readFileSync(new URL('./known-round-trip-failures.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;

const results: CorpusResult[] = [];
beforeAll(async () => {
  for (const name of corpusNames()) results.push(await runCorpus(name));
}, 300_000);

describe('third-party CDDL corpora', () => {
  it('every corpus names its source and licence, and lists only files it has', () => {
    expect(corpusNames()).toEqual(
      readdirSync(join(ROOT, CORPORA_DIR), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort((a, b) => corpusNames().indexOf(a) - corpusNames().indexOf(b)),
    );
    for (const corpus of corpusNames()) {
      const dir = join(ROOT, CORPORA_DIR, corpus);
      const source = readFileSync(join(dir, 'SOURCE.md'), 'utf8');
      expect(source, corpus).toMatch(/## Licence/);
      const manifest = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as CorpusManifest;
      for (const unit of manifest.units) {
        for (const f of [...unit.files, ...unit.examples.map((e) => e.file)]) expect(existsSync(join(dir, f)), `${corpus}/${f}`).toBe(true);
      }
    }
  });

  it('the table in docs/content.md is the one the corpora give today (npm run corpora rewrites it)', () => {
    const table = renderTable(results);
    const doc = tableIn(readFileSync(join(ROOT, 'docs/content.md'), 'utf8'));
    expect(doc, `docs/content.md has drifted; run npm run corpora. The table today:\n${table}\n`).toBe(table);
  });

  it('every example that validates and has a codec round-trips, but for the known failures', () => {
    const failing: Record<string, string[]> = {};
    for (const r of results) {
      const files = r.units.flatMap((u) => u.roundTripFailures).map((line) => line.slice(`${CORPORA_DIR}/${r.corpus}/`.length).split(':')[0]!);
      if (files.length) failing[r.corpus] = files.sort();
    }
    const expected = Object.fromEntries(Object.entries(known).map(([corpus, files]) => [corpus, Object.keys(files).sort()]));
    const why = results.flatMap((r) => r.units.flatMap((u) => u.roundTripFailures)).join('\n');
    expect(failing, `round-trip failures (list a real limitation in known-round-trip-failures.json with its reason):\n${why}`).toEqual(expected);
  });

  it('the MIMI content versions the generator tracks (-06, -07) round-trip all their examples', () => {
    for (const corpus of ['mimi-content-06', 'mimi-content-07']) {
      const r = results.find((x) => x.corpus === corpus)!;
      const [unit] = r.units;
      expect(unit!.examples, corpus).toBeGreaterThan(0);
      expect(unit!.roundTripped, corpus).toBe(unit!.examples);
    }
  });

  it('blockers are grouped by construct: names, quoted text and numbers differ, the limitation does not', () => {
    expect(constructOf("Foo: the key 1 has no cut; write '1 ^ =>'")).toBe(constructOf("bar-baz: the key 27 has no cut; write '27 ^ =>'"));
    expect(constructOf('control .cbor is not supported by the validator')).toBe('control .cbor is not supported by the validator');
  });
});
