/**
 * Generic rules (RFC 8610 §3.10): `message<t, v> = [type: t, value: v]` is instantiated where it
 * is used, `message<1, tstr>`, by substituting the arguments for the parameters in a copy of the
 * rule's IR, which is then lowered like any type or group written in place. So each use becomes
 * its own shape (its own helper codec), and the generic rule itself has no codec.
 */
import type { Group, Provenance, Type } from '../ir.ts';
import { fail } from './context.ts';

/** `params` bound to `args`, or a located error when their numbers differ. */
export function bindParams(name: string, params: readonly string[] | undefined, args: readonly Type[] | undefined, at: Provenance): Map<string, Type> {
  const p = params ?? [];
  const a = args ?? [];
  if (p.length !== a.length) {
    return fail(
      at,
      p.length === 0 ? `'${name}' is not generic: it takes no arguments` : `'${name}<${p.join(', ')}>' takes ${p.length} argument(s), ${a.length} given`,
    );
  }
  return new Map(p.map((x, i) => [x, a[i]!]));
}

/** A copy of `node` with every parameter reference replaced by its argument (in parentheses). */
export function substitute<T extends Type | Group>(node: T, bindings: ReadonlyMap<string, Type>): T {
  if (bindings.size === 0) return node;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    if (o.kind === 'ref' && typeof o.name === 'string' && !o.args && bindings.has(o.name)) {
      const arg = bindings.get(o.name)!;
      // A plain name stays a name (`* extension-socket` bound to `$$ext` is still a group socket).
      const only = arg.options.length === 1 ? arg.options[0]! : null;
      return only && !only.range && !only.control && only.base.kind === 'ref' ? only.base : { kind: 'paren', type: arg };
    }
    if (o.kind === 'groupRef' && typeof o.name === 'string' && !o.args && bindings.has(o.name)) {
      // A parameter standing for a group entry: the argument, as a keyless member.
      return { kind: 'member', ...(o.occurrence ? { occurrence: o.occurrence } : {}), type: bindings.get(o.name)!, provenance: o.provenance };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = k === 'provenance' ? v : walk(v);
    return out;
  };
  return walk(node) as T;
}
