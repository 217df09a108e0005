/**
 * Pass: decide, for every select, where its discriminator lives.
 *
 * `select (Sender.sender_type)` inside Sender, `select (present)` and
 * `select (FramedContentTBS.content.sender.sender_type)` name fields of the struct being decoded
 * (possibly through nested structs): scope `own`. `select (PrivateMessage.content_type)` inside
 * PrivateMessageContent and `select (room.protocol)` name values outside it: scope `context`, to be
 * supplied by a containing struct or by the caller. The discriminator's enum is found by following
 * the path's types, or, for context values with no declared type (`room.protocol`), as the one enum
 * that holds every case label.
 */
import { diagnosticAt } from '../../common/diagnostics.ts';
import type { Declaration, EnumDecl, Member, Select, StructDecl, TypeRef } from '../ir.ts';
import { ownDeclarations, type TlsPackage } from '../model.ts';
import { allFields } from './walk.ts';

export function resolveSelects(pkg: TlsPackage): void {
  for (const decl of ownDeclarations(pkg)) {
    if (decl.kind !== 'struct') continue;
    for (const sel of selectsOf(decl.members)) resolveOne(pkg, decl, sel);
  }
}

export function* selectsOf(members: readonly Member[]): Generator<Select> {
  for (const m of members) {
    if (m.kind !== 'select') continue;
    yield m;
    for (const arm of m.arms) yield* selectsOf(arm.members);
  }
}

/** Follows aliases to the declaration that gives a type its wire form. */
export function underlying(pkg: TlsPackage, t: TypeRef): Declaration | TypeRef {
  let cur: TypeRef = t;
  for (let i = 0; i < 32 && cur.kind === 'named'; i++) {
    const d = pkg.symbols.get(cur.name)?.decl;
    if (!d) return cur;
    if (d.kind !== 'alias') return d;
    cur = d.type;
  }
  return cur;
}

function fieldOf(struct: StructDecl, name: string): TypeRef | undefined {
  for (const f of allFields(struct.members)) if (f.name === name) return f.type;
  return undefined;
}

/** Type at the end of a field path starting in `struct`, or undefined if the path does not exist. */
function followPath(pkg: TlsPackage, struct: StructDecl, path: string[]): TypeRef | undefined {
  let current: StructDecl = struct;
  let t: TypeRef | undefined;
  for (let i = 0; i < path.length; i++) {
    t = fieldOf(current, path[i]!);
    if (!t) return undefined;
    if (i < path.length - 1) {
      const u = underlying(pkg, t);
      if (!('kind' in u) || u.kind !== 'struct' || !('members' in u) || !('name' in u)) return undefined;
      current = u as StructDecl;
    }
  }
  return t;
}

function enumOf(pkg: TlsPackage, t: TypeRef | undefined): string | null {
  if (!t) return null;
  const u = underlying(pkg, t);
  return 'kind' in u && u.kind === 'enum' ? (u as EnumDecl).name : null;
}

function resolveOne(pkg: TlsPackage, struct: StructDecl, sel: Select): void {
  const path = sel.discriminator.path;
  const rel = path[0] === struct.name ? path.slice(1) : path;
  if (rel.length > 0 && fieldOf(struct, rel[0]!) !== undefined) {
    const t = followPath(pkg, struct, rel);
    if (!t) {
      pkg.diagnostics.push(
        diagnosticAt(sel.provenance, 'error', 'bad-select-path', `select path '${path.join('.')}' does not lead to a field of ${struct.name}`),
      );
      return;
    }
    sel.discriminator.resolved = { scope: 'own', fieldPath: rel, enumName: enumOf(pkg, t) };
    return;
  }
  if (path[0] === struct.name) {
    pkg.diagnostics.push(
      diagnosticAt(
        sel.provenance,
        'error',
        'bad-select-path',
        `${struct.name} has no field '${rel[0] ?? ''}' to select on`,
        'correct the select path with an erratum',
      ),
    );
    return;
  }
  // A value from outside the struct.
  let enumName: string | null = null;
  const outer = pkg.symbols.get(path[0]!)?.decl;
  if (outer?.kind === 'struct' && path.length > 1) enumName = enumOf(pkg, followPath(pkg, outer, path.slice(1)));
  enumName ??= enumByLabels(pkg, sel);
  sel.discriminator.resolved = { scope: 'context', contextName: path.join('.'), enumName };
}

function enumByLabels(pkg: TlsPackage, sel: Select): string | null {
  const labels = sel.arms.flatMap((a) => a.cases).filter((c): c is string => typeof c === 'string');
  if (labels.length === 0) return null;
  const candidates = [...pkg.symbols.values()]
    .map((s) => s.decl)
    .filter((d): d is EnumDecl => d.kind === 'enum' && labels.every((l) => d.values.some((v) => v.name === l)));
  if (candidates.length === 1) return candidates[0]!.name;
  // Several enums hold the labels (`mls10` is a Protocol and a ProtocolVersion): take the one
  // named like the value (`protocol` → Protocol).
  const last = sel.discriminator.path.at(-1)!.toLowerCase();
  const named = candidates.filter((d) => d.name.toLowerCase() === last);
  return named.length === 1 ? named[0]!.name : null;
}
