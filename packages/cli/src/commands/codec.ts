import type { Command } from 'commander';

/** `mimi codec …`: decode, encode and inspect TLS-PL values with the generated codecs. */
export function registerCodecCommands(program: Command): void {
  const codec = program.command('codec').description('decode, encode and inspect wire values');
  void codec;
}
