/**
 * How CDDL rule names become TypeScript identifiers in generated code, and which identifiers a
 * generated content module already uses (so that no rule may take them: see
 * passes/check-names.ts and docs/content.md, "Names").
 */
import { pascal } from '../../common/names.ts';

/**
 * CDDL names may hold `-`, `.`, `@` and `$` (`key-id`, `tstr.size`): those other than `$` become
 * word breaks and the result PascalCase (`key-id` → `KeyId`). Two rules that come out the same
 * are refused (`name-collision`), never numbered apart.
 */
export function tsName(rule: string): string {
  return pascal(rule.replace(/[^A-Za-z0-9_$]/g, '_'));
}

/** Every module-level name the emitter declares for a rule. */
export function declaredNames(rule: string): string[] {
  const id = tsName(rule);
  return [id, `${id}Schema`, `read${id}`, `write${id}`, `${id}Codec`];
}

/** What generated content modules import from @mimikit/cbor, its schema helpers and typebox. */
export const CBOR_RUNTIME = ['CborReader', 'CborWriter', 'CborTag', 'ContentError', 'defineContentCodec', 'rethrowIn'] as const;
/** Runtime classes that generated code names only as types (parameter types), never as values. */
export const CBOR_RUNTIME_TYPES: ReadonlySet<string> = new Set(['CborReader', 'CborWriter']);
export const SCHEMA_HELPERS = ['bytesSchema', 'textSchema', 'mapSchema', 'tagSchema', 'anySchema'] as const;
/**
 * The name a generated module imports TypeBox's `Type` under: `Type`, or, in a package with a rule
 * whose type is named `Type` (CoSWID's `type = 29`), `typebox`, which no rule can take (rule types
 * are PascalCase, and the lower-case names are `read…` and `write…`).
 */
export function typeboxName(ruleNames: Iterable<string>): string {
  for (const name of ruleNames) if (declaredNames(name).includes('Type')) return 'typebox';
  return 'Type';
}

/** The RFC 9741 decoder of @mimikit/cbor/text-encodings that `text .b64u bytes` checks call. */
export const TEXT_DECODER = 'decodeTextEncoding';

/**
 * Names a generated content module uses besides its rules': imports, its `defs` table, the
 * globals its code calls, and the parameters and locals of generated functions.
 */
export const CONTENT_MODULE_NAMES: ReadonlySet<string> = new Set([
  ...CBOR_RUNTIME,
  ...SCHEMA_HELPERS,
  TEXT_DECODER,
  'ContentCodec',
  'TSchema',
  'defs',
  'hexBytes',
  'String',
  'Array',
  'Map',
  'Number',
  'Uint8Array',
  'Object',
  'r',
  'w',
  'v',
  'o',
  'f',
  'n',
  'x',
  'd',
  'a',
  'i',
  'm',
  'k',
  'b',
  'e',
  't',
  'at',
  'ps',
  'pe',
  'ks',
  'where',
  'tag',
]);
