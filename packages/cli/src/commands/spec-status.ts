import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractAll, loadContentSpecs, lintCddl, loadPackages } from '@mimikit/generators';
import { REPO_ROOT } from '../root.ts';

/**
 * `mimi spec status`: per draft, how many definitions were extracted, how many codecs are
 * generated, how many errata were applied, and which references are still unresolved. Spec files
 * the drafts no longer produce (an include a new version dropped) are marked `stale` and listed,
 * from a dry run of `mimi spec extract`: `npm run generate` would still read them.
 */
export function registerSpecStatus(spec: Command): void {
  spec
    .command('status')
    .description('per draft: definitions found, generated, errata applied, unresolved references')
    .option('--json', 'print JSON')
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .action(async (opts: { json?: boolean; root?: string }) => {
      const root = resolve(opts.root ?? REPO_ROOT);
      const dryRun = await extractAll(root, { write: false });
      const stale = new Set([...dryRun.content.flatMap((c) => c.files), ...dryRun.stale].filter((f) => f.content === null).map((f) => f.path));
      const { packages, diagnostics } = loadPackages(root);
      const rows = packages.flatMap((pkg) =>
        pkg.specs.map((s) => {
          const file = `spec/tls/${s.name}.tls`;
          const text = readFileSync(join(root, file), 'utf8');
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
            stale: stale.has(file),
          };
        }),
      );
      // CDDL specs (spec/content): one row per file, generated into mimi-content.
      const content = loadContentSpecs(root);
      const lint = lintCddl(content.specs);
      for (const [i, spec] of content.specs.entries()) {
        const file = content.inputs[i]!.file;
        const errors = [...content.diagnostics, ...lint].filter((d) => d.file === file && d.severity === 'error');
        rows.push({
          draft: `${content.inputs[i]!.source} (${spec.name}.cddl)`,
          package: 'mimi-content',
          definitions: spec.rules.length,
          generated: errors.length ? 0 : content.lowered[i]!.rules.length,
          errata: 0,
          unresolved: lint.filter((d) => d.file === file && d.code === 'undefined-rule').map((d) => d.message),
          errors: errors.length,
          stale: stale.has(file),
        });
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      } else {
        const head = ['draft', 'package', 'definitions', 'generated', 'errata', 'unresolved', 'errors'];
        const table = [
          head,
          ...rows.map((r) =>
            [r.stale ? `${r.draft} [stale]` : r.draft, r.package, r.definitions, r.generated, r.errata, r.unresolved.length, r.errors].map(String),
          ),
        ];
        const widths = head.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
        for (const row of table) process.stdout.write(`${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}\n`);
        for (const r of rows) for (const u of r.unresolved) process.stdout.write(`  ${r.draft}: ${u}\n`);
        for (const path of [...stale].sort())
          process.stdout.write(`stale: ${path} is no longer produced by the drafts in spec/drafts (\`mimi spec extract\` removes it)\n`);
        for (const d of dryRun.diagnostics.filter((x) => x.code === 'unmanaged-output')) process.stdout.write(`unmanaged: ${d.file}: ${d.message}\n`);
        process.stdout.write('generated: codecs emitted; CDDL group rules (NullPart, SinglePart, …) are inlined into the rules that use them.\n');
      }
      if (rows.some((r) => r.errors > 0)) process.exitCode = 1;
    });
}
