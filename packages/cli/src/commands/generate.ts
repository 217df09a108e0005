import type { Command } from 'commander';
import type { GenerateFlags } from '../generate/run.ts';
import { REPO_ROOT } from '../root.ts';

/**
 * `mimi generate [--check] [--derived <module>…]`: regenerate generated/ and the derived files from
 * spec/. Only the command is registered here: the action (generate/run.ts) and the generators with
 * it load when it runs.
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('regenerate generated/ and the derived files (report schema, endpoint table of docs/transport.md) from spec/')
    .option('--check', 'write nothing; exit 1 and list the files when generated/ or a derived file is stale')
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .option(
      '--derived <module>',
      "also write (or check) the files the module's derivedFiles(root) export returns; repeatable",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .action(async (opts: GenerateFlags) => (await import('../generate/run.ts')).generate(opts));
}
