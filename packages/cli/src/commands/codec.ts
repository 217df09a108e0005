import type { Command } from 'commander';
import { DecodeError, EncodeError, fromHex, toHex, type CodecContext } from '@mimikit/tls';
import { fromJson, JsonMappingError, toJson, type Json } from '@mimikit/generators';
import { inspectValue } from '../codec/inspect.ts';
import { loadCodecs } from '../codec/load-codecs.ts';
import { runInputs } from '../inputs.ts';

interface CodecFlags {
  spec: string;
  type: string;
  hex?: string;
  json?: string;
  context?: string[];
}

/** `--context name=value` (repeatable): values a select needs from outside the value. */
function parseContext(pairs: string[] | undefined): CodecContext | undefined {
  if (!pairs?.length) return undefined;
  const entries = pairs.map((p): [string, string | number] => {
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`--context takes name=value, got '${p}'`);
    const raw = p.slice(i + 1);
    return [p.slice(0, i), /^\d+$/.test(raw) ? Number(raw) : raw];
  });
  // fromEntries defines own properties: `--context __proto__=x` is a (useless) name, not a prototype.
  return Object.fromEntries(entries) as CodecContext;
}

function errorJson(err: unknown): Json {
  if (err instanceof DecodeError) return { error: err.toJSON() };
  if (err instanceof EncodeError) return { error: err.toJSON() };
  if (err instanceof JsonMappingError) return { error: { kind: 'invalid-json', path: err.path, message: err.message } };
  return { error: { kind: 'invalid-input', message: err instanceof Error ? err.message : String(err) } };
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `mimi codec …`: decode, encode and inspect TLS-PL values with the generated codecs. */
export function registerCodecCommands(program: Command): void {
  const codec = program.command('codec').description('decode, encode and inspect wire values with the generated codecs');

  codec
    .command('decode')
    .description('decode hex to JSON (docs/json-mapping.md); without --hex, one hex string per stdin line')
    .requiredOption('--spec <spec>', 'mls, mimi-protocol, mimi-room-policy, or a .tls file')
    .requiredOption('--type <type>', 'TLS-PL type name, e.g. MLSMessage')
    .option('--hex <hex>', 'the encoded value')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (flags: CodecFlags) => {
      const { codec: get } = await loadCodecs(flags.spec);
      const c = get(flags.type);
      const context = parseContext(flags.context);
      const one = (hex: string, multiline: boolean): { ok: boolean; out: string } => {
        try {
          return { ok: true, out: JSON.stringify(toJson(c.decode(fromHex(hex), { context })), null, multiline ? 2 : undefined) };
        } catch (err) {
          return { ok: false, out: JSON.stringify(errorJson(err)) };
        }
      };
      await runInputs(flags.hex, one);
    });

  codec
    .command('encode')
    .description('encode JSON to hex; without --json, one JSON value per stdin line')
    .requiredOption('--spec <spec>', 'mls, mimi-protocol, mimi-room-policy, or a .tls file')
    .requiredOption('--type <type>', 'TLS-PL type name')
    .option('--json <json>', 'the value as JSON')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (flags: CodecFlags) => {
      const { pkg, codec: get } = await loadCodecs(flags.spec);
      const c = get(flags.type);
      const context = parseContext(flags.context);
      const one = (text: string): { ok: boolean; out: string } => {
        try {
          const value = fromJson(pkg, flags.type, JSON.parse(text) as Json);
          return { ok: true, out: toHex(c.encode(value, context)) };
        } catch (err) {
          return { ok: false, out: JSON.stringify(errorJson(err)) };
        }
      };
      await runInputs(flags.json, one);
    });

  codec
    .command('inspect')
    .description('annotated dump with byte offsets (default: an MLSMessage)')
    .argument('<hex>', 'the encoded value')
    .option('--spec <spec>', 'spec of the type', 'mls')
    .option('--type <type>', 'TLS-PL type name', 'MLSMessage')
    .option('--context <name=value>', 'a context value for selects outside the type (repeatable)', collect)
    .action(async (hex: string, flags: CodecFlags) => {
      const { pkg, codec: get } = await loadCodecs(flags.spec);
      const bytes = fromHex(hex);
      try {
        const value = get(flags.type).decode(bytes, { context: parseContext(flags.context) });
        process.stdout.write(`${inspectValue(pkg, flags.type, value, bytes).join('\n')}\n`);
      } catch (err) {
        process.stdout.write(`${JSON.stringify(errorJson(err), null, 2)}\n`);
        process.exitCode = 1;
      }
    });
}
