import type { Command } from 'commander';

/** `mimi spec …`: extract, ir, status (lint and diff come with later issues). */
export function registerSpecCommands(program: Command): void {
  const spec = program.command('spec').description('work with the machine-readable definitions in spec/');
  void spec;
}
