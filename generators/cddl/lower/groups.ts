/**
 * Groups → shapes: arrays (a list of one repeated element, or a record of positional fields ending
 * in an optional group choice of tagged variants), maps of the form `{* key => value}` (others:
 * struct-map.ts), and
 * integer enumerations (`&( a: 0, b: 1 )`). Keyless references to group rules are expanded in
 * place first (`expand`).
 */
import type { Group, GroupEntry, Provenance } from '../ir.ts';
import { exactInt } from '../passes/int-bounds.ts';
import type { IntRange, RecordField, RecordShape, Shape } from '../shape.ts';
import { compact, fail, type LowerContext } from './context.ts';
import { lowerStructMap } from './struct-map.ts';

/** Group choices with keyless references to group rules expanded in place. */
export function expand(ctx: LowerContext, g: Group, at: Provenance): GroupEntry[][] {
  return g.choices.map((seq) =>
    seq.flatMap((e): GroupEntry[] => {
      const name = groupRefName(ctx, e);
      if (name === null) return [e];
      const rule = ctx.groups.get(name)!;
      if (rule.group.choices.length !== 1) return [{ kind: 'inline', group: rule.group, provenance: e.provenance }];
      if (ctx.recursive.has(name)) return fail(e.provenance, `'${name}' is defined through itself`);
      return ctx.deeper(e.provenance, () => expand(ctx, rule.group, at)[0]!);
    }),
  );
}

function groupRefName(ctx: LowerContext, e: GroupEntry): string | null {
  if (e.occurrence) return null;
  if (e.kind === 'groupRef') return ctx.groups.has(e.name) ? e.name : null;
  if (e.kind === 'member' && !e.key && e.type.options.length === 1) {
    const b = e.type.options[0]!;
    if (!b.range && !b.control && b.base.kind === 'ref' && ctx.groups.has(b.base.name)) return b.base.name;
  }
  return null;
}

export function enumShape(ctx: LowerContext, g: Group, at: Provenance): { shape: Shape; members: Array<{ name: string; value: number }> } {
  const ranges: IntRange[] = [];
  const members: Array<{ name: string; value: number }> = [];
  for (const e of expand(ctx, g, at).flat()) {
    if (e.kind !== 'member') return fail(at, 'an enumeration holds members only');
    const s = ctx.lowerType(e.type);
    if (s.k === 'literal' && s.value.kind === 'int') {
      const n = compact(exactInt(s.value));
      ranges.push({ min: n, max: n });
      if (e.key?.kind === 'bareword') {
        if (typeof n !== 'number')
          return fail(e.provenance, `enumeration member '${e.key.name}' is ${n}, beyond 2^53-1: its generated constant would be rounded`);
        members.push({ name: e.key.name, value: n });
      }
    } else if (s.k === 'int' && s.ranges) for (const r of s.ranges) ranges.push(r);
    else return fail(at, 'enumeration members must be integers or integer ranges');
  }
  return { shape: { k: 'int', signed: ranges.some((r) => Number(r.min) < 0), ranges, big: false }, members };
}

export function lowerArray(ctx: LowerContext, g: Group, at: Provenance): Shape {
  const choices = expand(ctx, g, at);
  if (choices.length !== 1) return fail(at, 'an array whose top level is a group choice is not supported yet');
  const seq = choices[0]!;
  if (seq.length === 1 && seq[0]!.occurrence && seq[0]!.kind === 'member' && !seq[0]!.key) {
    const o = seq[0]!.occurrence!;
    return { k: 'list', element: ctx.lowerType(seq[0]!.type), min: o.min, max: o.max };
  }
  const record: RecordShape = { fields: [], variants: null };
  seq.forEach((e, i) => {
    if (e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1)) {
      fail(e.provenance, 'optional or repeated members inside a positional array are not supported yet');
    }
    if (e.kind === 'inline') {
      if (i !== seq.length - 1) fail(e.provenance, 'a group choice must be the last part of an array');
      record.variants = lowerVariants(ctx, e.group, e.provenance);
      return;
    }
    if (e.kind !== 'member') return fail(e.provenance, 'unexpected group reference');
    if (e.key && e.key.kind !== 'bareword') fail(e.provenance, 'array members take name labels only');
    record.fields.push({ name: e.key?.kind === 'bareword' ? e.key.name : `_${i}`, shape: ctx.lowerType(e.type) });
  });
  return { k: 'record', record };
}

function lowerVariants(ctx: LowerContext, g: Group, at: Provenance): RecordShape['variants'] {
  const choices = expand(ctx, g, at);
  let tagField: string | null = null;
  const variants = choices.map((seq) => {
    const [first, ...rest] = seq;
    if (first?.kind !== 'member' || first.key?.kind !== 'bareword') {
      return fail(at, 'each alternative must start with a named member holding a literal');
    }
    const tag = ctx.lowerType(first.type);
    if (tag.k !== 'literal') return fail(first.provenance, `'${first.key.name}' must be a literal to tell the alternatives apart`);
    if (tagField !== null && tagField !== first.key.name)
      fail(first.provenance, `alternatives start with different members ('${tagField}', '${first.key.name}')`);
    tagField = first.key.name;
    const fields: RecordField[] = rest.map((e, i) => {
      if (e.kind !== 'member' || e.occurrence) return fail(e.provenance, 'alternatives hold plain members only');
      return { name: e.key?.kind === 'bareword' ? e.key.name : `_${i + 1}`, shape: ctx.lowerType(e.type) };
    });
    const label =
      first.type.options[0]?.base.kind === 'ref'
        ? (first.type.options[0].base as { name: string }).name
        : String(tag.value.kind === 'int' ? tag.value.value : '');
    return { tag: tag.value, fields, label };
  });
  const seen = new Set(variants.map((v) => JSON.stringify(v.tag)));
  if (seen.size !== variants.length) fail(at, 'two alternatives start with the same literal');
  return { tagField: tagField!, variants };
}

export function lowerMap(ctx: LowerContext, g: Group, at: Provenance): Shape {
  const seq = g.choices.length === 1 ? g.choices[0]! : null;
  const e = seq?.length === 1 ? seq[0]! : null;
  if (e?.kind === 'member' && e.key?.kind === 'type' && e.occurrence?.min === 0 && e.occurrence.max === null) {
    return { k: 'table', key: ctx.lowerType(e.key.type), value: ctx.lowerType(e.type) };
  }
  if (g.choices.length !== 1) return fail(at, "a map whose top level is a group choice ('//') is not supported by the content generator yet");
  return lowerStructMap(ctx, g.choices[0]!, at);
}
