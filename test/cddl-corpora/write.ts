/**
 * `npm run corpora`: runs every corpus of test/fixtures/cddl-corpora (test/cddl-corpora/corpora.ts),
 * rewrites the table between the corpora-table markers of docs/content.md, and prints the details
 * (each unit, each example that did not validate or round-trip, every blocker with a sample) and the
 * blockers of all corpora ranked. `--check` only compares the table and exits 1 when it drifted.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusNames, rankBlockers, renderDetails, renderTable, runCorpus, tableIn, withTable } from './corpora.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const DOC = 'docs/content.md';

const results = [];
for (const name of corpusNames()) results.push(await runCorpus(name));
const table = renderTable(results);
const doc = readFileSync(join(ROOT, DOC), 'utf8');

process.stdout.write(`${renderDetails(results)}\n## All corpora: blockers, most frequent first\n\n`);
for (const b of rankBlockers(results)) process.stdout.write(`- [${b.stage}] ${b.count}× ${b.construct}\n  - ${b.sample}\n`);
process.stdout.write(`\n${table}\n`);

if (process.argv.includes('--check')) {
  if (tableIn(doc) !== table) {
    process.stderr.write(`${DOC}: the corpora table has drifted; run npm run corpora\n`);
    process.exitCode = 1;
  }
} else if (tableIn(doc) !== table) {
  writeFileSync(join(ROOT, DOC), withTable(doc, table));
  process.stderr.write(`${DOC}: corpora table rewritten\n`);
} else {
  process.stderr.write(`${DOC}: corpora table up to date\n`);
}
