import type { Command } from 'commander';

/** `mimi generate [--check]`: regenerate generated/ from spec/. */
export function registerGenerateCommand(program: Command): void {
  program.command('generate').description('regenerate generated/ from spec/').option('--check', 'exit 1 and list files when generated/ is stale');
}
