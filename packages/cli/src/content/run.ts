/** The actions of `mimi content …` (registered in commands/content.ts). */
import { ContentError, type ContentCodec } from '@mimikit/cbor';
import { prettyContent } from '@mimikit/cbor/inspect';
import { contentFromJson, contentToJson, JsonMappingError, MissingMembersError, type Json } from '@mimikit/cbor/json';
import { cborToEdn, ednToCbor, EdnError } from '@mimikit/content/edn';
import { codecs } from '@mimikit/mimi-content';
import { shapes } from '@mimikit/mimi-content/shapes';
import { CodecError, fromHex, toHex } from '@mimikit/bytes';
import { UsageError } from '../exit-codes.ts';
import { compileCustomContent, type ContentSpec } from './custom-spec.ts';
import { runInputs } from '../inputs.ts';
import { didYouMeanHint } from '../unknown-name.ts';

export interface ContentFlags {
  /** The rule (`--type`, or its older name `--rule`); default mimiContent. */
  type?: string;
  rule?: string;
  /** A custom .cddl file instead of the built-in content rules. */
  spec?: string;
  hex?: string;
  json?: string;
  edn?: string | boolean;
  input?: 'json' | 'edn';
}

function errorJson(err: unknown): string {
  // ContentError and HexError (odd number of hex digits, at its length): kind, offset, message.
  if (err instanceof CodecError) return JSON.stringify({ error: err.toJSON() });
  if (err instanceof MissingMembersError)
    return JSON.stringify({ error: { kind: 'missing-members', path: err.path, message: err.message, missing: err.missing } });
  if (err instanceof JsonMappingError) return JSON.stringify({ error: { kind: 'invalid-json', path: err.path, message: err.message } });
  if (err instanceof EdnError) return JSON.stringify({ error: { kind: 'invalid-edn', line: err.line, col: err.col, message: err.message } });
  return JSON.stringify({ error: { kind: 'invalid-input', message: err instanceof Error ? err.message : String(err) } });
}

/** The rules a command works with: the built-in content package's, or a custom .cddl file's. */
async function contentSpec(flags: ContentFlags): Promise<ContentSpec> {
  if (flags.spec === undefined) return { codecs: codecs as ContentSpec['codecs'], shapes };
  // The generators load here, as for compiling the file.
  const { existingInput } = await import('@mimikit/generators');
  return compileCustomContent(existingInput(flags.spec), flags.spec);
}

/** The rule named by `--type` or `--rule` (two different names are a usage error). */
function ruleName(flags: ContentFlags): string {
  if (flags.type !== undefined && flags.rule !== undefined && flags.type !== flags.rule)
    throw new UsageError(`--type ${flags.type} and --rule ${flags.rule} name different rules: give one of them`);
  return flags.type ?? flags.rule ?? 'mimiContent';
}

/** The rule's name and codec, and the shapes its JSON mapping and dump read. */
async function ruleOf(flags: ContentFlags): Promise<{ rule: string; codec: ContentCodec<unknown>; shapes: ContentSpec['shapes'] }> {
  const rule = ruleName(flags);
  const spec = await contentSpec(flags);
  // Own entries only: `--type toString` must not find Object.prototype's toString.
  if (!Object.hasOwn(spec.codecs, rule)) {
    const names = Object.keys(spec.codecs);
    throw new UsageError(`no content rule ${JSON.stringify(rule)} (${(await didYouMeanHint(rule, names)) ?? `have: ${names.join(', ')}`})`);
  }
  return { rule, codec: spec.codecs[rule]!, shapes: spec.shapes };
}

export async function decode(flags: ContentFlags): Promise<void> {
  const { rule, codec, shapes } = await ruleOf(flags);
  await runInputs(flags.hex, (hex, multiline) => {
    try {
      const bytes = fromHex(hex);
      const value = codec.decode(bytes);
      if (flags.edn) return { ok: true, out: multiline ? cborToEdn(bytes) : cborToEdn(bytes).replace(/\s*\n\s*/g, ' ') };
      return { ok: true, out: JSON.stringify(contentToJson(shapes, rule, value), null, multiline ? 2 : undefined) };
    } catch (err) {
      return { ok: false, out: errorJson(err) };
    }
  });
}

export async function encode(flags: ContentFlags): Promise<void> {
  const { rule, codec, shapes } = await ruleOf(flags);
  const edn = typeof flags.edn === 'string' || flags.input === 'edn';
  await runInputs(typeof flags.edn === 'string' ? flags.edn : flags.json, (text) => {
    try {
      // EDN goes through the codec too, so what is printed is valid content and deterministic.
      const value = edn ? codec.decode(ednToCbor(text)) : contentFromJson(shapes, rule, JSON.parse(text) as Json);
      return { ok: true, out: toHex(codec.encode(value)) };
    } catch (err) {
      return { ok: false, out: errorJson(err) };
    }
  });
}

export async function inspect(hex: string, flags: ContentFlags): Promise<void> {
  const { rule, codec, shapes } = await ruleOf(flags);
  let bytes: Uint8Array | undefined;
  try {
    // Malformed hex is a value that fails (exit 1), as in decode.
    bytes = fromHex(hex);
    codec.decode(bytes);
    process.stdout.write(`${prettyContent(shapes, bytes, rule)}\n`);
  } catch (err) {
    process.stderr.write(`${errorJson(err)}\n`);
    if (err instanceof ContentError && bytes) process.stdout.write(`${prettyContent(shapes, bytes, null)}\n`);
    process.exitCode = 1;
  }
}
