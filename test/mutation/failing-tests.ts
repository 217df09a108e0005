/**
 * For the scripts that apply one mutant at a time to the working tree (audit.ts,
 * test/diff/rule-level-mutants.ts): put a mutated file in place for one vitest run, and the full
 * names of the tests that failed in it (a mutant is killed when the list is not empty).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

interface VitestJson {
  numFailedTestSuites: number;
  testResults: Array<{ name: string; status: string; message?: string; assertionResults: Array<{ fullName: string; status: string }> }>;
}

/**
 * Names of the failing tests of `files` (paths relative to `root`); `outFile` is where vitest
 * writes its JSON report (removed afterwards). A test file that fails to load counts as a failing
 * test named after the file, so a mutant that breaks an import is reported, not hidden.
 */
export function failingTests(root: string, files: readonly string[], outFile: string, testNamePattern?: string): string[] {
  const args = ['vitest', 'run', ...files, '--reporter=json', `--outputFile=${outFile}`, ...(testNamePattern ? ['-t', testNamePattern] : [])];
  const r = spawnSync('npx', args, { cwd: root, encoding: 'utf8', env: { ...process.env, FC_SEED: process.env.FC_SEED ?? '1' } });
  if (r.error) throw r.error;
  let report: VitestJson;
  try {
    report = JSON.parse(readFileSync(outFile, 'utf8')) as VitestJson;
  } catch {
    throw new Error(`vitest wrote no report (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  } finally {
    rmSync(outFile, { force: true });
  }
  return report.testResults.flatMap((t) => {
    const failed = t.assertionResults.filter((a) => a.status === 'failed').map((a) => a.fullName);
    return failed.length === 0 && t.status === 'failed' ? [`${t.name}: ${t.message ?? 'failed to run'}`] : failed;
  });
}

/**
 * Runs `fn` with the file at `path` holding `text`, then puts the original back: after `fn`,
 * whatever it throws, and on Ctrl-C (exit 130), so that an interrupted run leaves no mutant behind.
 */
export function withFileText<T>(path: string, text: string, fn: () => T): T {
  const original = readFileSync(path, 'utf8');
  const restore = () => writeFileSync(path, original);
  const onInterrupt = () => {
    restore();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  writeFileSync(path, text);
  try {
    return fn();
  } finally {
    restore();
    process.removeListener('SIGINT', onInterrupt);
  }
}
