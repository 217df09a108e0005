import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../root.ts';
import { hasErrors, extractAll, pathArgument } from '@mimikit/generators';
import { printDiagnostics } from '../report.ts';

interface ExtractFlags {
  check?: boolean;
  root?: string;
}

/**
 * `mimi spec extract [drafts...] [--check] [--root DIR]`: regenerates spec/tls/*.tls, and the .cddl
 * files and examples of CDDL drafts (spec/content/…), from the drafts in spec/drafts (listed in
 * spec/drafts/drafts.json) and their errata in spec/errata.
 * Diagnostics go to stderr; any error sets exit code 1. With --check nothing is written and every
 * file that would change is reported (exit code 1 when any would).
 */
export function registerSpecExtract(spec: Command): void {
  spec
    .command('extract')
    .description('extract the TLS-PL and CDDL definitions (and CDDL examples) of the drafts in spec/drafts into spec/tls and spec/content')
    .argument('[drafts...]', 'draft files or names to extract (default: all in spec/drafts/drafts.json)')
    .option('--check', 'report files that would change, write nothing')
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .action(async (drafts: string[], flags: ExtractFlags) => {
      const root = resolve(flags.root ?? REPO_ROOT);
      const check = flags.check === true;
      // A draft named by a path that is nowhere (here, in the root, in spec/drafts) is a missing
      // file (exit 2); a bare name is looked up in drafts.json by extractAll.
      for (const d of drafts) pathArgument(d, [process.cwd(), root, join(root, 'spec/drafts')]);
      const result = await extractAll(root, { only: drafts, write: !check });
      printDiagnostics(result.diagnostics);
      let stale = 0;
      for (const d of result.drafts) {
        if (check) {
          if (d.changed) {
            stale++;
            process.stderr.write(`${d.tlsPath}: out of date (run \`mimi spec extract\`)\n`);
          }
        } else {
          process.stdout.write(`${d.changed ? 'wrote' : 'unchanged'} ${d.tlsPath} (${d.applied.length} errata)\n`);
        }
      }
      for (const c of result.content) {
        for (const f of c.files) {
          if (check) {
            if (f.changed) {
              stale++;
              process.stderr.write(`${f.path}: ${f.content === null ? 'no longer produced' : 'out of date'} (run \`mimi spec extract\`)\n`);
            }
          } else if (f.content === null) process.stdout.write(`removed ${f.path}\n`);
          else process.stdout.write(`${f.changed ? 'wrote' : 'unchanged'} ${f.path}\n`);
        }
        if (!check && c.applied.length) process.stdout.write(`${c.draftPath}: ${c.applied.length} errata applied\n`);
      }
      for (const f of result.stale) {
        if (check) {
          stale++;
          process.stderr.write(`${f.path}: no longer produced (run \`mimi spec extract\`)\n`);
        } else process.stdout.write(`removed ${f.path}\n`);
      }
      if (hasErrors(result.diagnostics) || stale > 0) process.exitCode = 1;
    });
}
