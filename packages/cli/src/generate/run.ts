/** The action of `mimi generate` (registered in commands/generate.ts). */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateAll, SpecError, type DerivedFile } from '@mimikit/generators';
import { EXIT_FINDINGS, EXIT_UNUSABLE } from '../exit-codes.ts';
import { printDiagnostics } from '../report.ts';

export interface GenerateFlags {
  check?: boolean;
  root: string;
  derived: string[];
}

type DeriveFn = (root: string) => Promise<readonly DerivedFile[]>;

/**
 * The `derivedFiles(root)` export of a module named with --derived (the repository's test goldens:
 * `npm run generate` passes test/support/golden-files.ts), loaded at run time so that the CLI
 * itself imports no test code.
 */
export async function loadDerived(path: string): Promise<DeriveFn> {
  const mod = (await import(pathToFileURL(resolve(path)).href)) as { derivedFiles?: unknown };
  if (typeof mod.derivedFiles !== 'function') throw new Error(`${path} has no derivedFiles(root) export`);
  return mod.derivedFiles as DeriveFn;
}

export async function generate(opts: GenerateFlags): Promise<void> {
  const t0 = performance.now();
  try {
    const derive = await Promise.all(opts.derived.map(loadDerived));
    const extra = async (root: string) => (await Promise.all(derive.map((d) => d(root)))).flat();
    const result = await generateAll(opts.root, { check: opts.check ?? false, extra });
    printDiagnostics(result.diagnostics.filter((d) => d.severity === 'warning' && process.env.MIMI_VERBOSE));
    const ms = Math.round(performance.now() - t0);
    if (opts.check) {
      if (result.changed.length) {
        process.stderr.write(`generated files are stale; run \`npm run generate\`. Files that differ:\n${result.changed.map((f) => `  ${f}\n`).join('')}`);
        process.exitCode = EXIT_FINDINGS;
      } else {
        process.stdout.write(`generated files are up to date (${result.files} files, ${ms} ms)\n`);
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
