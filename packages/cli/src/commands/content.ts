import type { Command } from 'commander';
import { ContentError, type ContentCodec } from '@mimikit/cbor';
import { codecs } from '@mimikit/mimi-content';
import { cborToEdn, ednToCbor, EdnError } from '@mimikit/content/edn';
import { fromHex, toHex } from '@mimikit/tls';
import { contentFromJson, contentToJson, ContentJsonError, type Json } from '../content/json.ts';
import { prettyContent } from '../content/pretty.ts';
import { contentRules } from '../content/shapes.ts';
import { runInputs } from '../inputs.ts';

interface ContentFlags {
  rule: string;
  hex?: string;
  json?: string;
  edn?: string | boolean;
  input?: 'json' | 'edn';
}

function errorJson(err: unknown): string {
  if (err instanceof ContentError) return JSON.stringify({ error: err.toJSON() });
  if (err instanceof ContentJsonError) return JSON.stringify({ error: { kind: 'invalid-json', path: err.path, message: err.message } });
  if (err instanceof EdnError) return JSON.stringify({ error: { kind: 'invalid-edn', line: err.line, col: err.col, message: err.message } });
  return JSON.stringify({ error: { kind: 'invalid-input', message: err instanceof Error ? err.message : String(err) } });
}

function codecOf(rule: string): ContentCodec<unknown> {
  // Own entries only: `--rule toString` must not find Object.prototype's toString.
  if (!Object.hasOwn(codecs, rule)) throw new Error(`no content rule ${JSON.stringify(rule)} (have: ${Object.keys(codecs).join(', ')})`);
  return (codecs as Record<string, ContentCodec<unknown>>)[rule]!;
}

/** `mimi content …`: MIMI content (CBOR) ↔ JSON and EDN, validated by the generated codecs. */
export function registerContentCommands(program: Command): void {
  const content = program.command('content').description('decode, encode and inspect MIMI content (CBOR) with the generated codecs');
  const ruleOption = ['--rule <rule>', 'CDDL rule: mimiContent, MessageDerivedValues, MessageStatusReport, …', 'mimiContent'] as const;

  content
    .command('decode')
    .description('CBOR hex → JSON (docs/content.md), or EDN with --edn; without --hex, one hex value per stdin line')
    .option(...ruleOption)
    .option('--hex <hex>', 'the CBOR bytes')
    .option('--edn', 'print CBOR diagnostic notation instead of JSON')
    .action(async (flags: ContentFlags) => {
      const codec = codecOf(flags.rule);
      const shape = contentRules().get(flags.rule)!.shape;
      await runInputs(flags.hex, (hex, multiline) => {
        try {
          const bytes = fromHex(hex);
          const value = codec.decode(bytes);
          if (flags.edn) return { ok: true, out: multiline ? cborToEdn(bytes) : cborToEdn(bytes).replace(/\s*\n\s*/g, ' ') };
          return { ok: true, out: JSON.stringify(contentToJson(shape, value), null, multiline ? 2 : undefined) };
        } catch (err) {
          return { ok: false, out: errorJson(err) };
        }
      });
    });

  content
    .command('encode')
    .description('JSON (or EDN) → validated, deterministic CBOR hex; without --json/--edn, one value per stdin line')
    .option(...ruleOption)
    .option('--json <json>', 'the value as JSON')
    .option('--edn <edn>', 'the value as CBOR diagnostic notation (EDN)')
    .option('--input <format>', 'format of stdin lines: json or edn', 'json')
    .action(async (flags: ContentFlags) => {
      const codec = codecOf(flags.rule);
      const shape = contentRules().get(flags.rule)!.shape;
      const edn = typeof flags.edn === 'string' || flags.input === 'edn';
      await runInputs(typeof flags.edn === 'string' ? flags.edn : flags.json, (text) => {
        try {
          // EDN goes through the codec too, so what is printed is valid content and deterministic.
          const value = edn ? codec.decode(ednToCbor(text)) : contentFromJson(shape, JSON.parse(text) as Json);
          return { ok: true, out: toHex(codec.encode(value)) };
        } catch (err) {
          return { ok: false, out: errorJson(err) };
        }
      });
    });

  content
    .command('inspect')
    .description('annotated hex dump like the draft\'s .pretty files, with the rule\'s member names')
    .argument('<hex>', 'the CBOR bytes')
    .option(...ruleOption)
    .action((hex: string, flags: ContentFlags) => {
      const bytes = fromHex(hex);
      try {
        codecOf(flags.rule).decode(bytes);
        process.stdout.write(`${prettyContent(bytes, flags.rule)}\n`);
      } catch (err) {
        process.stderr.write(`${errorJson(err)}\n`);
        if (err instanceof ContentError) process.stdout.write(`${prettyContent(bytes, null)}\n`);
        process.exitCode = 1;
      }
    });
}
