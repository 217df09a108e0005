/**
 * Group entries that stand for other groups, spliced in place (RFC 8610 §2.1, §3.7): keyless
 * references to group rules (with generic arguments substituted) and unwrapped map or array rules
 * (`~name`). Arrays (groups.ts) and maps (struct-map.ts) both splice through here.
 */
import type { Group, GroupEntry, Provenance, Type } from '../ir.ts';
import { preludeRule } from '../prelude-rules.ts';
import { fail, type LowerContext } from './context.ts';
import { bindParams, substitute } from './generics.ts';

/** Group choices with keyless references to group rules (and unwrapped `~rule`s) expanded in place. */
export function expand(ctx: LowerContext, g: Group, at: Provenance): GroupEntry[][] {
  return g.choices.map((seq) =>
    seq.flatMap((e): GroupEntry[] => {
      const spliced = e.occurrence ? null : splicedGroup(ctx, e);
      if (spliced === null) return [e];
      if (spliced.group.choices.length !== 1) return [{ kind: 'inline', group: spliced.group, provenance: e.provenance }];
      if (ctx.recursive.has(spliced.name)) return fail(e.provenance, `'${spliced.name}' is defined through itself`);
      return ctx.deeper(e.provenance, () => expand(ctx, spliced.group, at)[0]!);
    }),
  );
}

/**
 * The group a keyless entry stands for: a group rule (`Headers`, `pair<tstr>`, with generic
 * arguments substituted) or the group inside a map or array rule unwrapped with `~` (RFC 8610
 * §3.7); null for an ordinary member. Group sockets (`$$name`) are not spliced here.
 */
export function splicedGroup(ctx: LowerContext, e: GroupEntry): { name: string; group: Group } | null {
  if (e.kind === 'groupRef') {
    const rule = ctx.groups.get(e.name);
    return rule ? { name: e.name, group: substitute(rule.group, bindParams(e.name, rule.params, e.args, e.provenance)) } : null;
  }
  if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
  const b = e.type.options[0]!;
  if (b.range || b.control) return null;
  if (b.base.kind === 'ref' && ctx.groups.has(b.base.name)) {
    const rule = ctx.groups.get(b.base.name)!;
    return { name: b.base.name, group: substitute(rule.group, bindParams(b.base.name, rule.params, b.base.args, e.provenance)) };
  }
  // `1*~uri` (anweiss's DID context): unwrapping a tag gives a type, an array item, not a group.
  if (b.base.kind === 'unwrap' && !unwrapsTag(ctx, b.base.name)) return { name: b.base.name, group: unwrapGroup(ctx, b.base.name, b.base.args, e.provenance) };
  return null;
}

/** `~name`: the group of the map or array that rule `name` is (RFC 8610 §3.7). */
export function unwrapGroup(ctx: LowerContext, name: string, args: Type[] | undefined, at: Provenance): Group {
  const rule = ctx.types.get(name) ?? preludeRule(name);
  if (!rule) return fail(at, `~${name}: no type rule of that name`);
  const t = substitute(rule.type, bindParams(name, rule.params, args, at));
  const only = t.options.length === 1 && !t.options[0]!.range && !t.options[0]!.control ? t.options[0]!.base : null;
  if (only?.kind === 'map' || only?.kind === 'array') return only.group;
  if (only?.kind === 'ref' && !ctx.groups.has(only.name) && ctx.types.has(only.name)) return ctx.deeper(at, () => unwrapGroup(ctx, only.name, only.args, at));
  return fail(at, `~${name}: only a map, an array or a tag can be unwrapped, and '${name}' is none of them`);
}

/** Whether `~name` is the content of a tag (a type) rather than the group of a map or array. */
function unwrapsTag(ctx: LowerContext, name: string): boolean {
  const t = (ctx.types.get(name) ?? preludeRule(name))?.type;
  const only = t?.options.length === 1 && !t.options[0]!.range && !t.options[0]!.control ? t.options[0]!.base : null;
  return only?.kind === 'tag';
}
