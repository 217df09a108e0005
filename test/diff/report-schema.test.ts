/**
 * generators/report/report.schema.json, the published JSON Schema of `--format json` reports, is
 * generated from the TypeBox schema in generators/report/report-schema.ts (which the compiler checks
 * against model.ts); `npm run generate` writes it and `npm run generate -- --check` fails when the
 * committed JSON differs (generators/derived.ts). Here: the sample reports validate against it.
 */
import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../generators/report/format/index.ts';
import { EMPTY_REPORT, SAMPLE_LINT_REPORT, SAMPLE_REPORT } from '../support/sample-report.ts';

const SCHEMA_FILE = new URL('../../generators/report/report.schema.json', import.meta.url);

describe('report.schema.json', () => {
  const committed = () => JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

  it('is a draft 2020-12 schema', () => {
    const schema = committed();
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
  });

  it('accepts the JSON of the sample reports', () => {
    const schema = committed();
    for (const report of [SAMPLE_REPORT, SAMPLE_LINT_REPORT, EMPTY_REPORT]) {
      const json: unknown = JSON.parse(formatReport(report, 'json'));
      expect([...Value.Errors(schema, json)]).toEqual([]);
      expect(Value.Check(schema, json)).toBe(true);
    }
  });

  it('rejects reports that are not of this shape', () => {
    const schema = committed();
    // biome-ignore lint/suspicious/noExplicitAny: the test breaks arbitrary fields of the parsed report on purpose
    const json = () => JSON.parse(formatReport(SAMPLE_REPORT, 'json')) as Record<string, any>;
    // biome-ignore lint/suspicious/noExplicitAny: as above
    const broken: Array<[string, (r: Record<string, any>) => void]> = [
      ['another report version', (r) => (r.reportVersion = 2)],
      ['an unknown tool', (r) => (r.tool = 'mimi spec frob')],
      ['an unknown level', (r) => (r.findings[0].level = 'FATAL')],
      ['a short fingerprint', (r) => (r.findings[0].fingerprint = 'abc')],
      ['a missing message', (r) => delete r.findings[0].message],
      ['an unknown property', (r) => (r.findings[0].severity = 'high')],
      ['a location without a line', (r) => delete r.findings[0].old.line],
      ['a negative count', (r) => (r.summary.ERR = -1)],
      ['no sides', (r) => (r.sides = [])],
      ['a rule that is not kebab-case', (r) => (r.findings[0].rule = 'Tls_Type')],
    ];
    for (const [what, breakIt] of broken) {
      const r = json();
      breakIt(r);
      expect(Value.Check(schema, r), what).toBe(false);
    }
  });
});
