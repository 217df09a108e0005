/**
 * The `mimi` command. Each command group lives in its own module under commands/ and registers
 * itself on the program; this file only wires them together and turns failures into exit codes.
 * Only the group a command line names is loaded (all of them for `mimi --help`): the groups pull
 * in generators, ts-morph, swagger-parser and the generated packages, and loading every one of
 * them on every start made `npm run generate` slower than it needs to be.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

/** The version of this package, as npm installed it (package.json beside src/). */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const VERSION_FLAGS = ['-V', '--version'];

type Register = (program: Command) => void;

const GROUPS: Record<string, () => Promise<Register>> = {
  spec: async () => (await import('./commands/spec.ts')).registerSpecCommands,
  codec: async () => (await import('./commands/codec.ts')).registerCodecCommands,
  content: async () => (await import('./commands/content.ts')).registerContentCommands,
  generate: async () => (await import('./commands/generate.ts')).registerGenerateCommand,
};

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('mimi')
    .description('mimikit: the IETF MIMI drafts as executable specs, codecs and tools')
    .version(VERSION, VERSION_FLAGS.join(', '), 'print the version of mimi')
    .exitOverride()
    .showHelpAfterError();
  const named = argv[2];
  // `mimi --version` needs no command group; any other unnamed group may be help, which lists all.
  const groups = named !== undefined && VERSION_FLAGS.includes(named) ? [] : named !== undefined && named in GROUPS ? [named] : Object.keys(GROUPS);
  for (const g of groups) (await GROUPS[g]!())(program);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`mimi: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
