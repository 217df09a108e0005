/**
 * The `mimi` command. Each command group lives in its own module under commands/ and registers
 * its commands there; this file only wires them together and turns failures into exit codes
 * (exit-codes.ts). Start-up stays small: only the group a command line names is loaded, and a
 * group's registration loads no implementation (each action imports its module when it runs).
 * `mimi --help` loads the light registrations and describes the one group whose registration is
 * still heavy (spec: its commands import the generators) from the table below.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_OK, EXIT_UNUSABLE } from './exit-codes.ts';

/** The version of this package, as npm installed it (package.json beside src/ and dist/). */
const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const VERSION_FLAGS = ['-V', '--version'];

type Register = (program: Command) => void;

interface Group {
  register: () => Promise<Register>;
  /** Set for a group whose registration is heavy: `mimi --help` lists it by this description. */
  summary?: string;
}

const GROUPS: Record<string, Group> = {
  spec: { register: async () => (await import('./commands/spec.ts')).registerSpecCommands, summary: 'work with the machine-readable definitions in spec/' },
  codec: { register: async () => (await import('./commands/codec.ts')).registerCodecCommands },
  content: { register: async () => (await import('./commands/content.ts')).registerContentCommands },
  generate: { register: async () => (await import('./commands/generate.ts')).registerGenerateCommand },
  provider: { register: async () => (await import('./commands/provider.ts')).registerProviderCommands },
  pki: { register: async () => (await import('./commands/pki.ts')).registerPkiCommands },
  demo: { register: async () => (await import('./commands/demo.ts')).registerDemoCommand },
};

const isGroup = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(GROUPS, name);

export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('mimi')
    .description('mimikit: the IETF MIMI drafts as executable specs, codecs and tools')
    .version(VERSION, VERSION_FLAGS.join(', '), 'print the version of mimi')
    // `mimi --version` only before a command: after one, `--version NN` is that command's
    // (`mimi spec update draft.md --version 08`), not the program's.
    .enablePositionalOptions()
    .exitOverride()
    .showHelpAfterError();
  const named = argv[2] === 'help' ? argv[3] : argv[2];
  // `mimi --version` needs no command group; a named group is loaded whole; anything else may be
  // help (or an unknown command, which help answers), which lists every group.
  if (named !== undefined && VERSION_FLAGS.includes(named)) return program;
  if (isGroup(named)) {
    (await GROUPS[named]!.register())(program);
    return program;
  }
  for (const [name, group] of Object.entries(GROUPS)) {
    if (group.summary) program.command(name).description(group.summary);
    else (await group.register())(program);
  }
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (err) {
    // Help and --version end with exit code 0; every other commander error is a usage error
    // (unknown command or option, missing argument), which commander itself would exit 1 with.
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_UNUSABLE;
    process.stderr.write(`mimi: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT_UNUSABLE;
  }
}
