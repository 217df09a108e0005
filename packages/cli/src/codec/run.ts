/** The actions of `mimi codec …` (registered in commands/codec.ts). */
import { CodecError, fromHex, toHex } from '@mimikit/bytes';
import type { CodecContext } from '@mimikit/tls';
import { inspectValue } from '@mimikit/tls/inspect';
import { fromJson, JsonMappingError, toJson, type Json } from '@mimikit/tls/json';
import { UsageError } from '../exit-codes.ts';
import { runInputs } from '../inputs.ts';
import { loadCodecs } from './load-codecs.ts';

export interface CodecFlags {
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
    if (i <= 0) throw new UsageError(`--context takes name=value, got '${p}'`);
    const raw = p.slice(i + 1);
    return [p.slice(0, i), /^\d+$/.test(raw) ? Number(raw) : raw];
  });
  // fromEntries defines own properties: `--context __proto__=x` is a (useless) name, not a prototype.
  return Object.fromEntries(entries) as CodecContext;
}

function errorJson(err: unknown): Json {
  // DecodeError, EncodeError and HexError (odd number of hex digits, at its length): kind, offset, message.
  if (err instanceof CodecError) return { error: err.toJSON() };
  if (err instanceof JsonMappingError) return { error: { kind: 'invalid-json', path: err.path, message: err.message } };
  return { error: { kind: 'invalid-input', message: err instanceof Error ? err.message : String(err) } };
}

export async function decode(flags: CodecFlags): Promise<void> {
  const { codec: get } = await loadCodecs(flags.spec);
  const c = await get(flags.type);
  const context = parseContext(flags.context);
  await runInputs(flags.hex, (hex, multiline) => {
    try {
      return { ok: true, out: JSON.stringify(toJson(c.decode(fromHex(hex), { context })), null, multiline ? 2 : undefined) };
    } catch (err) {
      return { ok: false, out: JSON.stringify(errorJson(err)) };
    }
  });
}

export async function encode(flags: CodecFlags): Promise<void> {
  const { descriptors, codec: get } = await loadCodecs(flags.spec);
  const c = await get(flags.type);
  const context = parseContext(flags.context);
  await runInputs(flags.json, (text) => {
    try {
      const value = fromJson(descriptors, flags.type, JSON.parse(text) as Json);
      return { ok: true, out: toHex(c.encode(value, context)) };
    } catch (err) {
      return { ok: false, out: JSON.stringify(errorJson(err)) };
    }
  });
}

export async function inspect(hex: string, flags: CodecFlags): Promise<void> {
  const { descriptors, codec: get } = await loadCodecs(flags.spec);
  const c = await get(flags.type);
  const context = parseContext(flags.context);
  try {
    // Malformed hex is a value that fails (exit 1), as in decode.
    const bytes = fromHex(hex);
    const value = c.decode(bytes, { context });
    process.stdout.write(`${inspectValue(descriptors, flags.type, value, bytes).join('\n')}\n`);
  } catch (err) {
    process.stdout.write(`${JSON.stringify(errorJson(err), null, 2)}\n`);
    process.exitCode = 1;
  }
}
