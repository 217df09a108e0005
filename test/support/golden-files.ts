/**
 * The golden files of the tests: generator output and report formats committed for review, written
 * by `npm run generate` and checked by `npm run generate -- --check` (the npm script passes this
 * module to `mimi generate --derived`), so one command refreshes every derived file. The tests that use them check
 * behaviour (the golden code runs, the formats escape and count correctly); they do not compare the
 * files again.
 *
 * - test/golden/features/: the TLS generator's output for test/golden/features.tls;
 * - test/transport/fixtures/golden/: the OpenAPI generator's output for fixtures/mini.yaml, and the
 *   client and server once fixtures/report-operation.yaml is added to it;
 * - test/diff/__snapshots__/: every report format of the sample diff and lint reports.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePackage, formatReport, FORMATS, loadTlsEmitter, parseTls, type DerivedFile, type Format } from '@mimikit/generators';
import { generateMini, withReportOperation } from './openapi-mini.ts';
import { SAMPLE_LINT_REPORT, SAMPLE_REPORT } from './sample-report.ts';

export const FEATURES_TLS = 'test/golden/features.tls';
/** The provenance the features goldens are emitted with (no draft behind them). */
export const FEATURES_INPUT = { name: 'features', file: FEATURES_TLS, sha256: 'fixture', draft: 'features', version: '00' };
const FORMAT_EXTENSION: Record<Format, string> = {
  text: 'txt',
  json: 'json',
  markdown: 'md',
  html: 'html',
  junit: 'junit.xml',
  'github-actions': 'github-actions.txt',
};

async function tlsGoldens(root: string): Promise<DerivedFile[]> {
  const { spec } = parseTls(readFileSync(join(root, FEATURES_TLS), 'utf8'), FEATURES_TLS, 'features');
  const { emitPackage } = await loadTlsEmitter();
  const files = emitPackage(compilePackage('features', [spec]), [FEATURES_INPUT]);
  return files.map((f) => ({ path: `test/golden/features/${f.path}`, content: f.content }));
}

async function openApiGoldens(root: string): Promise<DerivedFile[]> {
  const dir = 'test/transport/fixtures/golden';
  const mini = await generateMini(readFileSync(join(root, 'test/transport/fixtures/mini.yaml'), 'utf8'));
  const withReport = await generateMini(withReportOperation());
  const of = (files: ReadonlyArray<{ path: string; content: string }>, name: string) => files.find((f) => f.path === `src/${name}.ts`)?.content ?? '';
  return [
    ...mini.files.map((f) => ({ path: `${dir}/mini.${f.path.slice('src/'.length)}.snap`, content: f.content })),
    { path: `${dir}/mini-with-report.client.ts.snap`, content: of(withReport.files, 'client') },
    { path: `${dir}/mini-with-report.server.ts.snap`, content: of(withReport.files, 'server') },
  ];
}

function reportGoldens(): DerivedFile[] {
  const dir = 'test/diff/__snapshots__';
  return [
    ...FORMATS.map((format) => ({ path: `${dir}/report.${FORMAT_EXTENSION[format]}`, content: formatReport(SAMPLE_REPORT, format) })),
    { path: `${dir}/report.color.txt`, content: formatReport(SAMPLE_REPORT, 'text', { color: true }) },
    ...(['text', 'markdown'] as const).map((format) => ({
      path: `${dir}/report-lint.${FORMAT_EXTENSION[format]}`,
      content: formatReport(SAMPLE_LINT_REPORT, format),
    })),
  ];
}

export async function derivedFiles(root: string): Promise<DerivedFile[]> {
  return [...(await tlsGoldens(root)), ...(await openApiGoldens(root)), ...reportGoldens()];
}
