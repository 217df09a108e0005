/** How IR names become TypeScript identifiers in generated code. */
import type { Declaration } from '../ir.ts';
import { pascal } from '../passes/walk.ts';

/**
 * Type names stay as the draft writes them (`MLSMessage`, `HPKEPublicKey`); the drafts'
 * lower-case value declarations (`ratchet_tree`, `external_senders`) become PascalCase types.
 */
export function tsIdent(decl: Pick<Declaration, 'name' | 'kind'> & { declares?: 'type' | 'value' }): string {
  return decl.kind === 'alias' && decl.declares === 'value' ? pascal(decl.name) : decl.name;
}

export function prop(obj: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${obj}.${name}` : `${obj}[${JSON.stringify(name)}]`;
}

export function propKey(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

export function optProp(obj: string, name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `${obj}?.${name}` : `${obj}?.[${JSON.stringify(name)}]`;
}
