import type { Command } from 'commander';
import { registerSpecChecks } from './spec-checks.ts';
import { registerSpecDiff } from './spec-diff.ts';
import { registerSpecExtract } from './spec-extract.ts';
import { registerSpecIr } from './spec-ir.ts';
import { registerSpecLint } from './spec-lint.ts';
import { registerSpecStatus } from './spec-status.ts';
import { registerSpecUpdate } from './spec-update.ts';

/** `mimi spec …`: update, add, extract, ir, status, lint, diff, checks. */
export function registerSpecCommands(program: Command): void {
  const spec = program.command('spec').description('work with the machine-readable definitions in spec/');
  registerSpecUpdate(spec);
  registerSpecExtract(spec);
  registerSpecIr(spec);
  registerSpecStatus(spec);
  registerSpecLint(spec);
  registerSpecDiff(spec);
  registerSpecChecks(spec);
}
