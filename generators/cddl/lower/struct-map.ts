/**
 * Maps with fixed keys → `struct` shapes: `{ ? 1: int, kid: bstr, * tstr => any }` (RFC 8610
 * §3.5). A member whose key is one value (`1:`, `"kid":`, bareword `kid:`, `1 ^ =>`, or a type key
 * that names a value rule, `alg => int` with `alg = 1`) is a fixed key, a property of the generated
 * type; `*` members with a computed key (`* tstr => any`) take the map's other entries, kept under
 * STRUCT_REST; a group socket `$$name` (RFC 8610 §3.9) opens the map to entries a later plug may
 * add, so unknown entries are kept rather than refused.
 *
 * A codec reads a fixed key and then its value, so a fixed key is always a cut (RFC 8610 §3.5.4):
 * an entry with that key and a value of another type is refused. Written with `:` or `^ =>`, that
 * is what the CDDL says. A fixed key written `1 => int` (no cut) that a computed key also takes
 * would let such an entry fall through to the computed member instead; the codec cannot do that,
 * so it is an `unsupported-cddl` error that says to add the cut.
 */
import { STRUCT_REST, type ShapeValue, type StructShapeDescriptor } from '@mimikit/cbor/shapes';
import type { GroupEntry, MemberKey, Provenance } from '../ir.ts';
import { exactInt } from '../passes/int-bounds.ts';
import type { Shape } from '../shape.ts';
import { fail, type LowerContext } from './context.ts';

type Member = Extract<GroupEntry, { kind: 'member' }>;

/** `any => any`: what a group socket lets a later plug add. */
const OPEN: StructShapeDescriptor['rest'][number] = { key: { k: 'any', maxSize: null }, value: { k: 'any', maxSize: null } };

export function lowerStructMap(ctx: LowerContext, entries: readonly GroupEntry[], at: Provenance): Shape {
  const struct: StructShapeDescriptor = { fields: [], rest: [] };
  const byKey = new Map<string, string>();
  const uncut: Array<{ member: Member; key: ShapeValue }> = [];
  for (const e of flatten(ctx, entries, at)) {
    if (e === 'socket') {
      if (!struct.rest.includes(OPEN)) struct.rest.push(OPEN);
      continue;
    }
    const occ = e.occurrence ?? { min: 1, max: 1 };
    const fixed = fixedKey(ctx, e.key!);
    if (fixed === null) {
      if (occ.min !== 0 || occ.max !== null) {
        return fail(e.provenance, "a member with a computed key must be written '* key => value' (any number of entries) to become a codec");
      }
      struct.rest.push({ key: ctx.lowerType((e.key as Extract<MemberKey, { kind: 'type' }>).type), value: ctx.lowerType(e.type) });
      continue;
    }
    if (fixed.key.kind !== 'int' && fixed.key.kind !== 'text')
      return fail(e.provenance, `the fixed key ${show(fixed.key)}: a codec's fixed keys are integers or text strings`);
    if (occ.max !== 1)
      return fail(e.provenance, `the fixed key ${show(fixed.key)} can occur once in a map, not ${occ.max === null ? 'any number of' : occ.max} times`);
    const id = JSON.stringify(fixed.key);
    if (byKey.has(id)) return fail(e.provenance, `the key ${show(fixed.key)} is in the map twice ('${byKey.get(id)}' and '${fixed.name}')`);
    if (struct.fields.some((f) => f.name === fixed.name)) return fail(e.provenance, `two keys of the map are named '${fixed.name}'`);
    if (fixed.name === STRUCT_REST) return fail(e.provenance, `'${STRUCT_REST}' names the map's other entries in the generated type`);
    byKey.set(id, fixed.name);
    struct.fields.push({ name: fixed.name, key: fixed.key, optional: occ.min === 0, shape: ctx.lowerType(e.type) });
    if (e.key?.kind === 'type' && !e.key.cut) uncut.push({ member: e, key: fixed.key });
  }
  const majors = new Map<number, number>();
  struct.rest.forEach((r, i) => {
    if (r === OPEN) return; // the socket's entries are what no other member takes
    for (const m of keyMajors(r.key)) {
      if (majors.has(m)) fail(at, 'two computed keys of the map start with the same CBOR major type, so a codec cannot tell which one an entry belongs to');
      majors.set(m, i);
    }
  });
  for (const { member, key } of uncut) {
    const rest = struct.rest[majors.get(key.kind === 'text' ? 3 : key.kind === 'int' && key.value < 0 ? 1 : 0) ?? -1];
    if (rest && keyMayBe(rest.key, key)) {
      fail(
        member.provenance,
        `the key ${show(key)} has no cut, so an entry with that key and another value would belong to the computed key; write '${show(key)} ^ =>' or '${show(key)}:' to make the codec's reading the CDDL's`,
      );
    }
  }
  return { k: 'struct', struct };
}

/**
 * The map's members, with keyless references to group rules spliced in (several plugs of a group
 * socket are merged, each plug's members optional), and `'socket'` where a group socket stands.
 */
function flatten(ctx: LowerContext, entries: readonly GroupEntry[], at: Provenance): Array<Member | 'socket'> {
  const out: Array<Member | 'socket'> = [];
  for (const e of entries) {
    const name = e.kind === 'groupRef' ? e.name : e.kind === 'member' && !e.key ? keylessName(e) : null;
    if (e.kind === 'member' && e.key) {
      out.push(e);
      continue;
    }
    if (e.kind === 'inline') {
      if (e.group.choices.length !== 1 || e.occurrence)
        return fail(e.provenance, 'a group choice or an optional group inside a map is not supported by the content generator yet');
      out.push(...ctx.deeper(e.provenance, () => flatten(ctx, e.group.choices[0]!, at)));
      continue;
    }
    if (name === null) return fail(e.provenance, 'a map member needs a key');
    const socket = name.startsWith('$$');
    if (socket) out.push('socket');
    const rule = ctx.groups.get(name);
    if (!rule) {
      if (socket) continue; // an empty socket: legal, adds nothing but the openness
      return fail(e.provenance, `'${name}' is not a group rule, so it cannot stand in a map without a key`);
    }
    if (ctx.recursive.has(name)) return fail(e.provenance, `'${name}' is defined through itself`);
    if (e.occurrence && !socket) return fail(e.provenance, 'an optional or repeated group inside a map is not supported by the content generator yet');
    if (rule.group.choices.length !== 1 && !socket) {
      return fail(e.provenance, `'${name}' is a group choice; a group choice inside a map is not supported by the content generator yet`);
    }
    for (const choice of rule.group.choices) {
      const members = ctx.deeper(e.provenance, () => flatten(ctx, choice, at));
      // A socket's plugs are alternatives: each member may be missing (the plug not taken).
      for (const m of members) out.push(m !== 'socket' && socket && rule.group.choices.length > 1 ? { ...m, occurrence: { min: 0, max: 1 } } : m);
    }
  }
  return out;
}

function keylessName(e: Member): string | null {
  const only = e.type.options.length === 1 ? e.type.options[0]! : null;
  return only && !only.range && !only.control && only.base.kind === 'ref' && !only.base.args ? only.base.name : null;
}

/** The single key a member takes, and its property name; null for a computed key. */
function fixedKey(ctx: LowerContext, key: MemberKey): { name: string; key: ShapeValue } | null {
  if (key.kind === 'bareword') return { name: key.name, key: { kind: 'text', value: key.name } };
  if (key.kind === 'value') return { name: valueName(key.value), key: key.value };
  const only = key.type.options.length === 1 ? key.type.options[0]! : null;
  if (!only || only.range || only.control) return null;
  if (only.base.kind === 'value') return { name: valueName(only.base.value), key: only.base.value };
  if (only.base.kind !== 'ref' || only.base.args) return null;
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
