/** The action of `mimi generate` (registered in commands/generate.ts). */
import { performance } from 'node:perf_hooks';
import { SpecError } from '../../../../generators/common/diagnostics.ts';
import { EXIT_FINDINGS, EXIT_UNUSABLE } from '../exit-codes.ts';
import { printDiagnostics } from '../report.ts';

export async function generate(opts: { check?: boolean; root: string }): Promise<void> {
  const t0 = performance.now();
  const { generateAll } = await import('../../../../generators/generate.ts');
  try {
    const result = await generateAll(opts.root, { check: opts.check ?? false });
    printDiagnostics(result.diagnostics.filter((d) => d.severity === 'warning' && process.env.MIMI_VERBOSE));
    const ms = Math.round(performance.now() - t0);
    if (opts.check) {
      if (result.changed.length) {
        process.stderr.write(`generated/ is stale; run \`npm run generate\`. Files that differ:\n${result.changed.map((f) => `  ${f}\n`).join('')}`);
        process.exitCode = EXIT_FINDINGS;
      } else {
        process.stdout.write(`generated/ is up to date (${result.files} files, ${ms} ms)\n`);
      }
    } else {
      process.stdout.write(`generated ${result.files} files, ${result.changed.length} changed (${ms} ms)\n`);
    }
  } catch (err) {
    if (!(err instanceof SpecError)) throw err;
    printDiagnostics(err.diagnostics);
    // A spec that does not compile is input the generator cannot use (docs/cli.md, exit codes).
    process.exitCode = EXIT_UNUSABLE;
  }
}
