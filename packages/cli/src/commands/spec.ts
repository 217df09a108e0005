import type { Command } from 'commander';
import { registerSpecExtract } from './spec-extract.ts';
import { registerSpecIr } from './spec-ir.ts';
import { registerSpecStatus } from './spec-status.ts';

/** `mimi spec …`: extract, ir, status (lint and diff come with later issues). */
export function registerSpecCommands(program: Command): void {
  const spec = program.command('spec').description('work with the machine-readable definitions in spec/');
  registerSpecExtract(spec);
  registerSpecIr(spec);
  registerSpecStatus(spec);
}
