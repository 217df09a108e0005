import type { Command } from 'commander';
import type { ContentFlags } from '../content/run.ts';

/**
 * `mimi content …`: MIMI content (CBOR) ↔ JSON and EDN, validated by the generated codecs. Only the
 * commands are registered here; each action loads its implementation (content/run.ts) when it runs.
 */
export function registerContentCommands(program: Command): void {
  const content = program.command('content').description('decode, encode and inspect MIMI content (CBOR) with the generated codecs');
  // `--type` is the word `mimi codec` uses; `--rule` (the CDDL word) stays for existing scripts.
  const typeOption = ['--type <rule>', 'CDDL rule: mimiContent (default), MessageDerivedValues, MessageStatusReport, …'] as const;
  const ruleOption = ['--rule <rule>', 'the same as --type'] as const;
  const specOption = ['--spec <file>', 'a .cddl file of your own (compiled into the cache folder, docs/cli.md) instead of the built-in content rules'] as const;
  const run = () => import('../content/run.ts');

  content
    .command('decode')
    .description('CBOR hex → JSON (docs/content.md), or EDN with --edn; without --hex, one hex value per stdin line')
    .option(...typeOption)
    .option(...ruleOption)
    .option(...specOption)
    .option('--hex <hex>', 'the CBOR bytes')
    .option('--edn', 'print CBOR diagnostic notation instead of JSON')
    .action(async (flags: ContentFlags) => (await run()).decode(flags));

  content
    .command('encode')
    .description('JSON (or EDN) → validated, deterministic CBOR hex; without --json/--edn, one value per stdin line')
    .option(...typeOption)
    .option(...ruleOption)
    .option(...specOption)
    .option('--json <json>', 'the value as JSON')
    .option('--edn <edn>', 'the value as CBOR diagnostic notation (EDN)')
    .option('--input <format>', 'format of stdin lines: json or edn', 'json')
    .action(async (flags: ContentFlags) => (await run()).encode(flags));

  content
    .command('inspect')
    .description("annotated hex dump like the draft's .pretty files, with the rule's member names")
    .argument('<hex>', 'the CBOR bytes')
    .option(...typeOption)
    .option(...ruleOption)
    .option(...specOption)
    .action(async (hex: string, flags: ContentFlags) => (await run()).inspect(hex, flags));
}
