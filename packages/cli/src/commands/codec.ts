import type { Command } from 'commander';
import type { CodecFlags } from '../codec/run.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * `mimi codec …`: decode, encode and inspect TLS-PL values with the generated codecs. Only the
 * commands are registered here; each action loads its implementation (codec/run.ts) when it runs.
 */
export function registerCodecCommands(program: Command): void {
  const codec = program.command('codec').description('decode, encode and inspect wire values with the generated codecs');
  const run = () => import('../codec/run.ts');

  codec
    .command('decode')
    .description('decode hex to JSON (docs/json-mapping.md); without --hex, one hex string per stdin line')
    .requiredOption('--spec <spec>', 'mls, mimi-protocol, mimi-room-policy, or a .tls file')
    .requiredOption('--type <type>', 'TLS-PL type name, e.g. MLSMessage')
    .option('--hex <hex>', 'the encoded value')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (flags: CodecFlags) => (await run()).decode(flags));

  codec
    .command('encode')
    .description('encode JSON to hex; without --json, one JSON value per stdin line')
    .requiredOption('--spec <spec>', 'mls, mimi-protocol, mimi-room-policy, or a .tls file')
    .requiredOption('--type <type>', 'TLS-PL type name')
    .option('--json <json>', 'the value as JSON')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (flags: CodecFlags) => (await run()).encode(flags));

  codec
    .command('inspect')
    .description('annotated dump with byte offsets (default: an MLSMessage)')
    .argument('<hex>', 'the encoded value')
    .option('--spec <spec>', 'spec of the type', 'mls')
    .option('--type <type>', 'TLS-PL type name', 'MLSMessage')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (hex: string, flags: CodecFlags) => (await run()).inspect(hex, flags));
}
