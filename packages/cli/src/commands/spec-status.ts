import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPackages } from '../../../../generators/tls/load.ts';
import { REPO_ROOT } from '../root.ts';

/**
 * `mimi spec status`: per draft, how many definitions were extracted, how many codecs are
 * generated, how many errata were applied, and which references are still unresolved.
 */
export function registerSpecStatus(spec: Command): void {
  spec
    .command('status')
    .description('per draft: definitions found, generated, errata applied, unresolved references')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const { packages, diagnostics } = loadPackages(REPO_ROOT);
      const rows = packages.flatMap((pkg) =>
        pkg.specs.map((s) => {
          const file = `spec/tls/${s.name}.tls`;
          const text = readFileSync(join(REPO_ROOT, file), 'utf8');
          const header = /from (\S+)\.md/.exec(text)?.[1] ?? s.name;
          const unresolved = diagnostics.filter((d) => d.file === file && d.code === 'undefined-type');
          const errors = diagnostics.filter((d) => d.file === file && d.severity === 'error');
          return {
            draft: header,
            package: pkg.name,
            definitions: s.declarations.filter((d) => !d.text.startsWith('/* inline struct')).length,
            generated: errors.length ? 0 : s.declarations.length,
            errata: (text.match(/^\/\/ erratum /gm) ?? []).length,
            unresolved: unresolved.map((d) => d.message),
            errors: errors.length,
          };
        }),
      );
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        const head = ['draft', 'package', 'definitions', 'generated', 'errata', 'unresolved', 'errors'];
        const table = [head, ...rows.map((r) => [r.draft, r.package, r.definitions, r.generated, r.errata, r.unresolved.length, r.errors].map(String))];
        const widths = head.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        for (const row of table) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
        for (const r of rows) for (const u of r.unresolved) process.stdout.write(`  ${r.draft}: ${u}\n`);
      }
      if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
    });
}
