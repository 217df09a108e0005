/**
 * Groups → shapes: arrays (a list of one repeated element; a record of positional members, some
 * optional or repeated, possibly ending in a group choice of tagged variants; or, for other group
 * choices, one array shape per alternative, tried in order), maps (`{* key => value}` here, maps
 * with fixed keys and their alternatives in struct-map.ts), and enumerations (`&( a: 0, b: 1 )`).
 * Keyless references to group rules and unwrapped rules are spliced in place first (splice.ts).
 */
import type { Group, GroupEntry, Provenance } from '../ir.ts';
import { exactInt } from '../passes/int-bounds.ts';
import type { IntRange, RecordField, RecordShape, Shape } from '../shape.ts';
import { compact, fail, LowerError, type LowerContext } from './context.ts';
import { expand, splicedGroup } from './splice.ts';
import { lowerStructMap, mapAlternatives } from './struct-map.ts';

export function enumShape(ctx: LowerContext, g: Group, at: Provenance): { shape: Shape; members: Array<{ name: string; value: number }> } {
  const ranges: IntRange[] = [];
  const members: Array<{ name: string; value: number }> = [];
  const entries = expand(ctx, g, at).flat();
  const shapes = entries.map((e) => (e.kind === 'member' ? ctx.lowerType(e.type) : fail(at, 'an enumeration holds members only')));
  // `&( a: "x", b: "y" )` and other non-integer enumerations: the choice of the members' values.
  if (shapes.some((s) => !(s.k === 'int' || (s.k === 'literal' && s.value.kind === 'int')))) return { shape: orderedChoice(shapes), members };
  for (const [i, e] of entries.entries()) {
    if (e.kind !== 'member') return fail(at, 'an enumeration holds members only');
    const s = shapes[i]!;
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
  // `[ a // b ]`: a choice of arrays, tried in order (RFC 8610: the first alternative that matches).
  if (choices.length !== 1) return orderedChoice(choices.map((seq) => arraySequence(ctx, seq, at)));
  return arraySequence(ctx, choices[0]!, at);
}

/** The most alternatives that distributing group choices over a sequence may produce. */
const MAX_ALTERNATIVES = 64;

/** An array of one sequence of entries: a list, a record, or a choice of records. */
function arraySequence(ctx: LowerContext, seq: GroupEntry[], at: Provenance): Shape {
  if (seq.length === 1 && seq[0]!.occurrence && seq[0]!.kind === 'member' && !seq[0]!.key) {
    const o = seq[0]!.occurrence!;
    return { k: 'list', element: ctx.lowerType(seq[0]!.type), min: o.min, max: o.max };
  }
  const firstChoice = seq.findIndex((e) => e.kind === 'inline' && !e.occurrence);
  if (firstChoice >= 0) {
    const inline = seq[firstChoice] as Extract<GroupEntry, { kind: 'inline' }>;
    const last = firstChoice === seq.length - 1;
    // A trailing group choice whose alternatives start with a literal: a record with variants.
    if (last && inline.group.choices.length > 1 && seq.every((e) => !e.occurrence)) {
      const variants = tryLower(() => lowerVariants(ctx, inline.group, inline.provenance));
      if (variants) return { k: 'record', record: { fields: recordFields(ctx, seq.slice(0, -1)), variants } };
    }
    // Otherwise the choice is distributed: one array per alternative, tried in order.
    const alternatives = expand(ctx, inline.group, at).map((alt) => [...seq.slice(0, firstChoice), ...alt, ...seq.slice(firstChoice + 1)]);
    if (alternatives.length === 1) return arraySequence(ctx, alternatives[0]!, at);
    if (alternatives.length > MAX_ALTERNATIVES)
      return fail(inline.provenance, `the group choices of this array make more than ${MAX_ALTERNATIVES} alternatives`);
    return orderedChoice(alternatives.map((alt) => ctx.deeper(inline.provenance, () => arraySequence(ctx, alt, at))));
  }
  return { k: 'record', record: { fields: recordFields(ctx, seq), variants: null } };
}

/** A choice whose nested choices are flattened into it (so that each alternative is tried in order). */
function orderedChoice(options: Shape[]): Shape {
  const flat = options.flatMap((o) => (o.k === 'choice' ? o.options : [o]));
  return flat.length === 1 ? flat[0]! : { k: 'choice', options: flat };
}

function tryLower<T>(lower: () => T): T | null {
  try {
    return lower();
  } catch (e) {
    if (e instanceof LowerError) return null;
    throw e;
  }
}

/**
 * The positional members of an array: plain ones, optional and repeated ones (`? x`, `* x`,
 * `1*3 x`; taken greedily when reading), and repeated groups (`* (key, value)`, `* pair`) whose
 * members stand in the array in place.
 */
function recordFields(ctx: LowerContext, seq: readonly GroupEntry[]): RecordField[] {
  const names = new Set<string>();
  return seq.map((e, i) => {
    const occurrence = e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1) ? e.occurrence : undefined;
    // In an array a member's key is only a label (RFC 8610 §3.4): barewords and text keys name the property.
    const key = e.kind === 'member' ? e.key : undefined;
    const name = key?.kind === 'bareword' ? key.name : key?.kind === 'value' && key.value.kind === 'text' ? key.value.value : `_${i}`;
    if (names.has(name)) return fail(e.provenance, `two members of the array are named '${name}'`);
    names.add(name);
    // A group socket in an array (`* $$SUIT_Digest-extensions`) is open, as in a map: the items it
    // stands for, known plugs or not, are kept as read.
    if (socketName(e)?.startsWith('$$')) return { name, shape: { k: 'any', maxSize: null }, ...(occurrence ? { occurrence } : {}) };
    const group = e.kind === 'inline' ? { name: '(…)', group: e.group } : splicedGroup(ctx, e);
    if (group) {
      if (ctx.recursive.has(group.name)) return fail(e.provenance, `'${group.name}' is defined through itself`);
      const inner = flatAlternatives(ctx, group.group, e.provenance);
      const records: Shape[] = inner.map((seq) => ({
        k: 'record',
        record: { fields: ctx.deeper(e.provenance, () => recordFields(ctx, seq)), variants: null },
      }));
      // `[ + ( condition // directive ) ]` (SUIT): each repetition one of the alternatives, tried
      // in order. They must take the same number of items, so that the array's count says how
      // many repetitions there are.
      const sizes = new Set(records.map((r) => (r.k === 'record' && r.record.fields.every((f) => !f.occurrence && !f.spliced) ? r.record.fields.length : -1)));
      if (sizes.size !== 1 || sizes.has(-1)) {
        return fail(
          e.provenance,
          'the alternatives of a group choice repeated inside an array must each be the same number of plain members, to become a codec',
        );
      }
      const shape: Shape = records.length === 1 ? records[0]! : { k: 'choice', options: records };
      return { name, shape, spliced: true, ...(occurrence ? { occurrence } : {}) };
    }
    if (e.kind !== 'member') return fail(e.provenance, 'unexpected group reference');
    return { name, shape: ctx.lowerType(e.type), ...(occurrence ? { occurrence } : {}) };
  });
}

/**
 * A group's alternatives with alternatives that are themselves a group choice (`( SUIT_Condition //
 * SUIT_Directive )`, each a `//=` group rule) flattened into it, in order.
 */
function flatAlternatives(ctx: LowerContext, g: Group, at: Provenance): GroupEntry[][] {
  return expand(ctx, g, at).flatMap((seq) => {
    const only = seq.length === 1 ? seq[0]! : null;
    return only?.kind === 'inline' && !only.occurrence ? ctx.deeper(only.provenance, () => flatAlternatives(ctx, only.group, at)) : [seq];
  });
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
  if (e?.kind === 'member' && e.key?.kind === 'type' && e.occurrence && e.occurrence.max === null) {
    const table: Shape = { k: 'table', key: ctx.lowerType(e.key.type), value: ctx.lowerType(e.type) };
    return e.occurrence.min > 0 ? { ...table, min: e.occurrence.min } : table;
  }
  // Group choices (`{ a // b }`, `{ x, (a // b) }`, `? ( … )`) make one map shape per
  // alternative, tried in order (RFC 8610: the first alternative that matches).
  const alternatives = mapAlternatives(ctx, g, at);
  if (alternatives.length > MAX_ALTERNATIVES) return fail(at, `the group choices of this map make more than ${MAX_ALTERNATIVES} alternatives`);
  return orderedChoice(alternatives.map((members) => lowerStructMap(ctx, members, at)));
}

/** The name a keyless entry refers to, if it is just a name. */
function socketName(e: GroupEntry): string | null {
  if (e.kind === 'groupRef') return e.name;
  if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
  const b = e.type.options[0]!;
  return !b.range && !b.control && b.base.kind === 'ref' ? b.base.name : null;
}
