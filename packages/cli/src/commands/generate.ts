import type { Command } from 'commander';
import { performance } from 'node:perf_hooks';
import { generateAll, SpecError } from '@mimikit/generators';
import { printDiagnostics } from '../report.ts';
import { REPO_ROOT } from '../root.ts';

/** `mimi generate [--check]`: regenerate generated/ from spec/. */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('regenerate generated/ from spec/')
    .option('--check', 'write nothing; exit 1 and list the files when generated/ is stale')
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .action(async (opts: { check?: boolean; root: string }) => {
      const t0 = performance.now();
      try {
        const result = await generateAll(opts.root, { check: opts.check ?? false });
        printDiagnostics(result.diagnostics.filter((d) => d.severity === 'warning' && process.env.MIMI_VERBOSE));
        const ms = Math.round(performance.now() - t0);
        if (opts.check) {
          if (result.changed.length) {
            process.stderr.write(`generated/ is stale; run \`npm run generate\`. Files that differ:\n${result.changed.map((f) => `  ${f}\n`).join('')}`);
            process.exitCode = 1;
          } else {
            process.stdout.write(`generated/ is up to date (${result.files} files, ${ms} ms)\n`);
          }
        } else {
          process.stdout.write(`generated ${result.files} files, ${result.changed.length} changed (${ms} ms)\n`);
        }
      } catch (err) {
        if (!(err instanceof SpecError)) throw err;
        printDiagnostics(err.diagnostics);
        process.exitCode = 1;
      }
    });
}
