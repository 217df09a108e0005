/**
 * Maps with fixed keys → `struct` shapes: `{ ? 1: int, kid: bstr, * tstr => any }` (RFC 8610
 * §3.5). A member whose key is one value (`1:`, `"kid":`, bareword `kid:`, `1 ^ =>`, or a type key
 * that names a value rule, `alg => int` with `alg = 1`) is a fixed key, a property of the generated
 * type; `*` members with a computed key (`* tstr => any`) take the map's other entries, kept under
 * STRUCT_REST; a group socket `$$name` (RFC 8610 §3.9) opens the map to entries a later plug may
 * add, so unknown entries are kept rather than refused.
 *
 * A fixed key written with `:` or `^ =>` is a cut (RFC 8610 §3.5.4): an entry with that key and a
 * value of another type is refused. A fixed key written `1 => int` (no cut) that a computed key or
 * a group socket also takes lets such an entry fall through to them instead: its field is marked
 * `uncut`, and the codec tries the member's value first and keeps the entry among the others when
 * it does not fit (COSE's `header_map`: `? 1 => int / tstr` beside `* label => values`).
 */
import { STRUCT_REST, type ShapeValue, type StructShapeDescriptor } from '@mimikit/cbor/shapes';
import type { Group, GroupEntry, MemberKey, Provenance } from '../ir.ts';
import { exactInt } from '../passes/int-bounds.ts';
import type { Shape } from '../shape.ts';
import { fail, type LowerContext } from './context.ts';
import { splicedGroup } from './splice.ts';

type Member = Extract<GroupEntry, { kind: 'member' }>;

/** `any => any`: what a group socket lets a later plug add. */
const OPEN: StructShapeDescriptor['rest'][number] = { key: { k: 'any', maxSize: null }, value: { k: 'any', maxSize: null } };

/** One alternative of a map (mapAlternatives): its members, and `'socket'` where a group socket stands. */
export type MapMembers = Array<Member | 'socket'>;

export function lowerStructMap(ctx: LowerContext, members: MapMembers, at: Provenance): Shape {
  const struct: StructShapeDescriptor = { fields: [], rest: [] };
  const byKey = new Map<string, string>();
  const uncut: StructShapeDescriptor['fields'] = [];
  for (const e of members) {
    if (e === 'socket') {
      if (!struct.rest.includes(OPEN)) struct.rest.push(OPEN);
      continue;
    }
    const occ = e.occurrence ?? { min: 1, max: 1 };
    const keys = fixedKeys(ctx, e.key!);
    if (keys === null) {
      if (occ.min !== 0 || occ.max !== null) {
        return fail(e.provenance, "a member with a computed key must be written '* key => value' (any number of entries) to become a codec");
      }
      struct.rest.push({ key: ctx.lowerType((e.key as Extract<MemberKey, { kind: 'type' }>).type), value: ctx.lowerType(e.type) });
      continue;
    }
    // `? iss-claim-label => …` with `iss-claim-label = "iss" / 1` (EAT): a key that is one of several
    // values is that many fixed keys, each optional. (The codec lets a map hold both; the CDDL
    // means at most one, which only a `?` member or a socket plug, optional anyway, comes close to.)
    if (keys.length > 1 && occ.min !== 0)
      return fail(e.provenance, `the key is one of ${keys.length} values, so it can occur once in a map, not at least ${occ.min} times`);
    for (const fixed of keys) addField(ctx, struct, byKey, uncut, e, occ, fixed);
  }
  const majors = new Map<number, number>();
  struct.rest.forEach((r, i) => {
    if (r === OPEN) return; // the socket's entries are what no other member takes
    for (const m of keyMajors(r.key)) {
      if (majors.has(m)) fail(at, 'two computed keys of the map start with the same CBOR major type, so a codec cannot tell which one an entry belongs to');
      majors.set(m, i);
    }
  });
  for (const field of uncut) {
    const { key } = field;
    const rest = struct.rest[majors.get(key.kind === 'text' ? 3 : key.kind === 'int' && key.value < 0 ? 1 : 0) ?? -1];
    if (rest && keyMayBe(rest.key, key)) field.uncut = true;
  }
  return { k: 'struct', struct };
}

/** Adds the member `e` under the fixed key `fixed` to `struct`; a located failure when it cannot be. */
function addField(
  ctx: LowerContext,
  struct: StructShapeDescriptor,
  byKey: Map<string, string>,
  uncut: StructShapeDescriptor['fields'],
  e: Member,
  occ: { min: number; max: number | null },
  fixed: { name: string; key: ShapeValue },
): void {
  if (fixed.key.kind !== 'int' && fixed.key.kind !== 'text')
    return fail(e.provenance, `the fixed key ${show(fixed.key)}: a codec's fixed keys are integers or text strings`);
  // A map holds each key at most once, so `* 1: int` can only mean `? 1: int`.
  if (occ.min > 1) return fail(e.provenance, `the fixed key ${show(fixed.key)} can occur once in a map, not at least ${occ.min} times`);
  const id = JSON.stringify(fixed.key);
  if (byKey.has(id)) return fail(e.provenance, `the key ${show(fixed.key)} is in the map twice ('${byKey.get(id)}' and '${fixed.name}')`);
  if (struct.fields.some((f) => f.name === fixed.name)) return fail(e.provenance, `two keys of the map are named '${fixed.name}'`);
  if (fixed.name === STRUCT_REST) return fail(e.provenance, `'${STRUCT_REST}' names the map's other entries in the generated type`);
  byKey.set(id, fixed.name);
  const field = { name: fixed.name, key: fixed.key, optional: occ.min === 0, shape: ctx.lowerType(e.type) };
  struct.fields.push(field);
  if (e.key?.kind === 'type' && !e.key.cut) uncut.push(field);
}

/** The most alternatives the group choices of one map may make. */
const MAX_MAP_ALTERNATIVES = 64;

/**
 * The map's alternatives, each a list of members: keyless references to group rules and unwrapped
 * `~rule`s are spliced in, group choices (`//`, in a group rule or in parentheses) and optional
 * groups (`? ( … )`: with and without) make one alternative each, in the order the CDDL gives
 * them (the order a decoder tries them). Several plugs of a group socket are merged, each plug's
 * members optional, and `'socket'` stands where the socket does.
 */
export function mapAlternatives(ctx: LowerContext, g: Group, at: Provenance): MapMembers[] {
  return g.choices.flatMap((choice) => sequenceAlternatives(ctx, choice, at));
}

function sequenceAlternatives(ctx: LowerContext, entries: readonly GroupEntry[], at: Provenance): MapMembers[] {
  let alternatives: MapMembers[] = [[]];
  const then = (options: MapMembers[]) => {
    alternatives = alternatives.flatMap((a) => options.map((o) => [...a, ...o]));
    if (alternatives.length > MAX_MAP_ALTERNATIVES) fail(at, `the group choices of this map make more than ${MAX_MAP_ALTERNATIVES} alternatives`);
  };
  for (const e of entries) {
    if (e.kind === 'member' && e.key) {
      // `latitude => number` with `latitude = JC<"latitude", 1>` (EAT): a required member whose key
      // is one of several values is a choice, one alternative per key.
      const keys = !e.occurrence || (e.occurrence.min === 1 && e.occurrence.max === 1) ? fixedKeys(ctx, e.key) : null;
      if (keys && keys.length > 1) then(keys.map((k) => [{ ...e, key: { kind: 'value', value: k.key } }]));
      else then([[e]]);
      continue;
    }
    const name = e.kind === 'groupRef' ? e.name : e.kind === 'member' ? keylessName(e) : null;
    if (name?.startsWith('$$')) {
      then([socketMembers(ctx, e, name, at)]);
      continue;
    }
    const spliced = e.kind === 'inline' ? { name: '(…)', group: e.group } : splicedGroup(ctx, e);
    if (spliced === null) {
      if (name !== null && !ctx.groups.has(name) && ctx.types.has(name))
        return fail(e.provenance, `'${name}' is not a group rule, so it cannot stand in a map without a key`);
      return fail(e.provenance, 'a map member needs a key');
    }
    if (ctx.recursive.has(spliced.name)) return fail(e.provenance, `'${spliced.name}' is defined through itself`);
    const inner = ctx.deeper(e.provenance, () => mapAlternatives(ctx, spliced.group, at));
    const occ = e.occurrence;
    if (!occ || (occ.min === 1 && occ.max === 1)) then(inner);
    else if (occ.min === 0 && occ.max === 1) then([...inner, []]);
    else {
      // `* ( tstr => any )`: a repeated group of one computed-key member is that member repeated.
      const only = inner.length === 1 && inner[0]!.length === 1 ? inner[0]![0]! : null;
      if (only === null || only === 'socket' || only.key?.kind !== 'type' || fixedKey(ctx, only.key) !== null) {
        return fail(e.provenance, 'a repeated group inside a map is supported when it holds one member with a computed key (`* (tstr => any)`)');
      }
      then([[{ ...only, occurrence: { min: 0, max: null } }]]);
    }
  }
  return alternatives;
}

/** A group socket's members: every plug's members, optional (the plug not taken), after `'socket'`. */
function socketMembers(ctx: LowerContext, e: GroupEntry, name: string, at: Provenance): MapMembers {
  const out: MapMembers = ['socket'];
  const rule = ctx.groups.get(name);
  if (!rule) return out; // an empty socket: legal, adds nothing but the openness
  // `* $$ext` (CoRIM's measurement-values-map, with one plug): the socket's group may be absent,
  // so its plugs are optional, as they are when there are several of them (one plug taken or another).
  const several = rule.group.choices.length > 1 || (e.occurrence?.min ?? 1) === 0;
  for (const choice of rule.group.choices) {
    // Each of several plugs is optional (the plug not taken); made so before its group is
    // distributed, so that a key of several values becomes optional fields, not a group choice.
    const plug = several
      ? choice.map((m) => (m.kind === 'member' && m.key && (m.occurrence?.max ?? 1) === 1 ? { ...m, occurrence: { min: 0, max: 1 } } : m))
      : choice;
    const alternatives = ctx.deeper(e.provenance, () => sequenceAlternatives(ctx, plug, at));
    if (alternatives.length !== 1) return fail(e.provenance, `a plug of '${name}' holds a group choice; plugs of a group socket must be plain members`);
    for (const m of alternatives[0]!) {
      if (m === 'socket') out.push(m);
      // `$$SUIT_Parameters //= (suit-parameter-custom => …)` with `suit-parameter-custom = nint`: the
      // socket admits any entry already, so a plug with a computed key types some of those
      // entries, as many as the map holds: `* key => value`.
      else if (m.key?.kind === 'type' && fixedKeys(ctx, m.key) === null) out.push({ ...m, occurrence: { min: 0, max: null } });
      else out.push(several ? { ...m, occurrence: { min: 0, max: 1 } } : m);
    }
  }
  return out;
}

function keylessName(e: Member): string | null {
  const only = e.type.options.length === 1 ? e.type.options[0]! : null;
  return only && !only.range && !only.control && only.base.kind === 'ref' && !only.base.args ? only.base.name : null;
}

/**
 * The fixed keys a member takes, with their property names: one (fixedKey), or, for a key naming a
 * choice of integer and text values (`iss-claim-label = JC<"iss", 1>`), each value, named
 * `<rule>-<value>`; null for a computed key.
 */
function fixedKeys(ctx: LowerContext, key: MemberKey): Array<{ name: string; key: ShapeValue }> | null {
  const one = fixedKey(ctx, key);
  if (one !== null) return [one];
  if (key.kind !== 'type' || key.type.options.length !== 1) return null;
  const only = key.type.options[0]!;
  const rule = only.base.kind === 'ref' && !only.range && !only.control ? ctx.types.get(only.base.name) : undefined;
  if (!rule || only.base.kind !== 'ref') return null;
  // The rule's own type: a reference to it lowers to a reference, not to its values.
  const s = only.base.args ? ctx.lowerType(key.type) : ctx.deeper(only.provenance, () => ctx.lowerType(rule.type));
  if (s.k !== 'choice' || !s.options.every((o) => o.k === 'literal' && (o.value.kind === 'int' || o.value.kind === 'text'))) return null;
  const name = only.base.name;
  return s.options.map((o) => {
    const value = (o as Extract<Shape, { k: 'literal' }>).value;
    return { name: `${name}-${valueName(value)}`, key: value };
  });
}

/** The single key a member takes, and its property name; null for a computed key. */
function fixedKey(ctx: LowerContext, key: MemberKey): { name: string; key: ShapeValue } | null {
  if (key.kind === 'bareword') return { name: key.name, key: { kind: 'text', value: key.name } };
  if (key.kind === 'value') return { name: valueName(key.value), key: key.value };
  const only = key.type.options.length === 1 ? key.type.options[0]! : null;
  if (!only || only.range || only.control) return null;
  if (only.base.kind === 'value') return { name: valueName(only.base.value), key: only.base.value };
  // `&(class-id: 0) => T` (CoRIM): a choice-from-group of one named value is that key, named by its label.
  if (only.base.kind === 'enum') {
    const members = only.base.group.choices.length === 1 ? only.base.group.choices[0]! : [];
    const m = members.length === 1 ? members[0]! : null;
    const t = m?.kind === 'member' && m.type.options.length === 1 ? m.type.options[0]! : null;
    if (t && !t.range && !t.control && t.base.kind === 'value') {
      return { name: m?.kind === 'member' && m.key?.kind === 'bareword' ? m.key.name : valueName(t.base.value), key: t.base.value };
    }
    return null;
  }
  if (only.base.kind !== 'ref') return null;
  if (only.base.args) {
    // `iss-label => …` with `iss-label = JC<"iss", 1>` (EAT): a generic that is one value.
    const s = ctx.types.get(only.base.name)?.params ? ctx.lowerType(key.type) : null;
    return s?.k === 'literal' ? { name: only.base.name, key: s.value } : null;
  }
  const lit = ctx.types.has(only.base.name) ? literalOfRule(ctx, only.base.name) : null;
  return lit ? { name: only.base.name, key: lit } : null;
}

function literalOfRule(ctx: LowerContext, name: string): ShapeValue | null {
  const s = ctx.lowerType({ options: [{ base: { kind: 'ref', name }, provenance: ctx.types.get(name)!.provenance }] });
  return s.k === 'literal' ? s.value : null;
}

function valueName(v: ShapeValue): string {
  switch (v.kind) {
    case 'text':
      return v.value;
    case 'int':
      return v.big ?? String(v.value);
    case 'float':
      return String(v.value);
    case 'bytes':
      return `h'${v.hex}'`;
  }
}

function show(v: ShapeValue): string {
  return v.kind === 'text' ? JSON.stringify(v.value) : valueName(v);
}

/** The CBOR major types a computed key's values start with (`any`: every one). */
function keyMajors(s: Shape): number[] {
  switch (s.k) {
    case 'int':
      return s.signed ? [0, 1] : [0];
    case 'literal':
      return s.value.kind === 'text' ? [3] : s.value.kind === 'bytes' ? [2] : s.value.kind === 'float' ? [7] : s.value.value < 0 ? [1] : [0];
    case 'bstr':
      return [2];
    case 'tstr':
      return [3];
    case 'choice':
      return s.options.flatMap(keyMajors);
    default:
      return [0, 1, 2, 3, 4, 5, 6, 7];
  }
}

/** Whether a computed key may take the fixed key `v` (false only when it certainly cannot). */
function keyMayBe(s: Shape, v: ShapeValue): boolean {
  switch (s.k) {
    case 'int': {
      if (v.kind !== 'int') return false;
      const n = exactInt(v);
      return s.ranges === null || s.ranges.some((r) => n >= BigInt(r.min) && n <= BigInt(r.max));
    }
    case 'tstr':
      return v.kind === 'text';
    case 'literal':
      return JSON.stringify(s.value) === JSON.stringify(v);
    case 'choice':
      return s.options.some((o) => keyMayBe(o, v));
    default:
      return true;
  }
}
