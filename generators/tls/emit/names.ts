/**
 * How IR names become TypeScript identifiers in generated code, and which identifiers a generated
 * module already uses (so that no declaration may take them: see passes/check-names.ts and
 * docs/tls-dialect.md, "Names").
 */
import type { Declaration } from '../ir.ts';
import { pascal } from '../../common/names.ts';

/**
 * Type names stay as the draft writes them (`MLSMessage`, `HPKEPublicKey`); the drafts'
 * lower-case value declarations (`ratchet_tree`, `external_senders`) become PascalCase types.
 */
export function tsIdent(decl: Pick<Declaration, 'name' | 'kind'> & { declares?: 'type' | 'value' }): string {
  return decl.kind === 'alias' && decl.declares === 'value' ? pascal(decl.name) : decl.name;
}

/** Every module-level name the emitter declares for a declaration. */
export function declaredNames(decl: Pick<Declaration, 'name' | 'kind'> & { declares?: 'type' | 'value' }): string[] {
  const id = tsIdent(decl);
  const names = [id, `read${id}`, `size${id}`, `write${id}`, `${id}Codec`];
  if (decl.kind === 'enum') names.push(`${id}_byValue`);
  return names;
}

/** What generated modules import from @mimikit/tls (values, then types). */
export const RUNTIME = [
  'EncodeError',
  'defineCodec',
  'rethrowWithin',
  'rethrowEncodeWithin',
  'decodeContext',
  'encodeContext',
  'opaqueVSize',
  'fixedBytesSize',
  'rangedLength',
  'paddingSize',
  'fixedVectorSize',
  'varintPrefixedSize',
] as const;
/** Reader and Writer appear only as parameter types in generated code. */
export const RUNTIME_TYPES = ['Reader', 'Writer', 'Codec', 'CodecContext'] as const;

/**
 * Names a generated module uses besides its declarations: its runtime imports, the globals its
 * code calls, and the parameters and locals of generated functions (an enum's constant is used
 * inside its own writer, next to `w`, `v` and `n`).
 */
export const TLS_MODULE_NAMES: ReadonlySet<string> = new Set([
  ...RUNTIME,
  ...RUNTIME_TYPES,
  'String',
  'Object',
  'Array',
  'Record',
  'Uint8Array',
  'r',
  'w',
  'v',
  'z',
  'n',
  's',
  'o',
  'f',
  'e',
  'a',
  'i',
  'ctx',
  'end',
]);

/** Generated helper functions are named `read_<shape>`, `size_<shape>`, `write_<shape>`. */
export function isHelperName(name: string): boolean {
  return /^(?:read|size|write)_/.test(name);
}
