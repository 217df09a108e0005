/**
 * The `mimi` command. Each command group lives in its own module under commands/ and registers
 * itself on the program; this file only wires them together and turns failures into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { registerSpecCommands } from './commands/spec.ts';
import { registerCodecCommands } from './commands/codec.ts';
import { registerContentCommands } from './commands/content.ts';
import { registerGenerateCommand } from './commands/generate.ts';
import { registerBenchCommand } from './commands/bench.ts';

export function buildProgram(): Command {
  const program = new Command('mimi')
    .description('mimikit: the IETF MIMI drafts as executable specs, codecs and tools')
    .exitOverride()
    .showHelpAfterError();
  registerSpecCommands(program);
  registerCodecCommands(program);
  registerContentCommands(program);
  registerGenerateCommand(program);
  registerBenchCommand(program);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`mimi: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
