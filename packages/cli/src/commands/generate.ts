import type { Command } from 'commander';
import { REPO_ROOT } from '../root.ts';

/**
 * `mimi generate [--check]`: regenerate generated/ from spec/. Only the command is registered
 * here: the action (generate/run.ts) and the generators with it load when it runs.
 */
export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description('regenerate generated/ from spec/')
    .option('--check', 'write nothing; exit 1 and list the files when generated/ is stale')
    .option('--root <dir>', 'repository root', REPO_ROOT)
    .action(async (opts: { check?: boolean; root: string }) => (await import('../generate/run.ts')).generate(opts));
}
