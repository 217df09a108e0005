/**
 * The TLS-PL differ of `mimi spec diff`: compares what the bytes will be in two versions of a
 * draft's TLS presentation-language definitions, like buf breaking or oasdiff, and reports
 * RawFindings with the `tls-*` rules of rules.json (finalize.ts levels and sorts them).
 *
 * - Declarations pair by name; a name that disappears while another with the same shape appears
 *   (tls-shape.ts) is a rename, not a removal and an addition.
 * - Struct members align with an LCS on their names (align.ts). What the LCS leaves over is a move
 *   (the same name elsewhere), a rename or a discriminator change (in the other's place in the same
 *   gap), or an insertion or a removal. Select arms pair by case label, enum values by name and then by number.
 * - A declaration with no change of its own that contains a type changed on the wire gets
 *   `tls-type-changed-via-dependency`, naming the contained types as its causes.
 *
 * Subjects are dotted paths: `Type`, `Type.field`, `Type.select(field).case.field`, `Enum.value`;
 * a finding about something renamed names it by its old name, everything else by its new name.
 */
import type { Declaration, EnumDecl, EnumValue, Field, LengthEncoding, Member, Provenance, Select, SelectArm, TypeRef } from '../tls/ir.ts';
import { operationFacts } from '../lint/openapi-lint.ts';
import { alignByKey, alignmentRuns, pairInOrder } from '../common/align.ts';
import { locationOf } from '../report/location.ts';
import type { Direction, RawFinding } from '../report/model.ts';
import { changesWire } from './rules.ts';
import type { SpecSet } from './spec-set.ts';
import { declShape, discriminatorLabel, indexSide, membersShape, namedRefs, SAME_NAME, typeShape, type TlsSide, type TypeNameMap } from './tls-shape.ts';

type TlsRuleId = `tls-${string}`;

interface Ctx {
  old: TlsSide;
  new: TlsSide;
  /** An old type name as the new version calls it. */
  oldName: TypeNameMap;
  /** An old type or enum value name as the new version calls it: texts differing only so are not a text change. */
  oldIdentifier: TypeNameMap;
}

/** Where a finding is in each version. */
interface Where {
  old?: Provenance;
  new?: Provenance;
}

/** A member's subject and its position in both versions. */
interface At {
  subject: string;
  old: Provenance;
  new: Provenance;
}

type Emit = (rule: TlsRuleId, subject: string, message: string, where: Where) => void;

/** The findings about one declaration (a pair, or one that was added or removed), before texts and direction. */
interface DeclReport {
  old?: Declaration;
  new?: Declaration;
  findings: RawFinding[];
}

export function diffTls(oldSide: SpecSet, newSide: SpecSet): RawFinding[] {
  const old = indexSide(oldSide);
  const neu = indexSide(newSide);
  const renames = matchRenamedTypes(old, neu);
  const pairs = pairDeclarations(old, neu, renames);
  const identifiers = renamedIdentifiers(renames, pairs);
  const ctx: Ctx = {
    old,
    new: neu,
    oldName: (name) => renames.get(name) ?? name,
    oldIdentifier: (name) => identifiers.get(name) ?? name,
  };
  const reports = pairs.map((pair) => diffPair(ctx, pair));
  const directionOf = directionFinder(oldSide, newSide, old, neu);
  addViaDependency(ctx, reports, directionOf);
  return reports.flatMap((r) => r.findings.map((f) => complete(f, r, directionOf(r))));
}

// ---------------------------------------------------------------- declarations

interface Pair {
  old?: Declaration;
  new?: Declaration;
  renamed: boolean;
}

/**
 * Old declarations in source order, then the new ones. A declaration that one version owns and the
 * other imports (moved into a built-in package, or out of one) is compared, not added or removed.
 */
function pairDeclarations(old: TlsSide, neu: TlsSide, renames: ReadonlyMap<string, string>): Pair[] {
  const pairs: Pair[] = [];
  for (const [name, o] of old.decls) {
    const renamed = renames.get(name);
    if (renamed !== undefined) pairs.push({ old: o, new: neu.decls.get(renamed), renamed: true });
    else pairs.push({ old: o, new: neu.decls.get(name) ?? neu.symbols.get(name), renamed: false });
  }
  const renamedTo = new Set(renames.values());
  for (const [name, n] of neu.decls) {
    if (old.decls.has(name) || renamedTo.has(name)) continue;
    pairs.push({ old: old.symbols.get(name), new: n, renamed: false });
  }
  return pairs;
}

/**
 * Old names that are gone paired with new names of the same shape. Repeated until nothing new
 * matches, because a type renamed together with a type it refers to has the same shape only once
 * the other rename is known.
 */
function matchRenamedTypes(old: TlsSide, neu: TlsSide): Map<string, string> {
  const removed = [...old.decls].filter(([name]) => !neu.decls.has(name) && !neu.symbols.has(name));
  const added = [...neu.decls].filter(([name]) => !old.decls.has(name) && !old.symbols.has(name));
  const renames = new Map<string, string>();
  // A reference to the declaration itself (a recursive type) is the same under either name.
  const SELF = '#self';
  for (let grew = true; grew; ) {
    grew = false;
    const taken = new Set(renames.values());
    const candidates = added
      .filter(([name]) => !taken.has(name))
      .map(([name, d]) => ({ name, shape: declShape(neu, d, { names: true, typeName: (t) => (t === name ? SELF : t) }) }));
    for (const [name, d] of removed) {
      if (renames.has(name)) continue;
      const shape = declShape(old, d, { names: true, typeName: (t) => (t === name ? SELF : (renames.get(t) ?? t)) });
      const match = candidates.find((c) => c.shape === shape && !taken.has(c.name));
      if (!match) continue;
      renames.set(name, match.name);
      taken.add(match.name);
      grew = true;
    }
  }
  return renames;
}

/**
 * Renamed types and enum values, old name → new name. A value name renamed differently in two
 * enums is left out: the texts using it are compared as written.
 */
function renamedIdentifiers(renames: ReadonlyMap<string, string>, pairs: readonly Pair[]): Map<string, string> {
  const out = new Map(renames);
  const ambiguous = new Set<string>();
  for (const { old: o, new: n } of pairs) {
    if (o?.kind !== 'enum' || n?.kind !== 'enum') continue;
    for (const [from, to] of renamedValues(o, n)) {
      if (out.has(from) && out.get(from) !== to) ambiguous.add(from);
      out.set(from, to);
    }
  }
  for (const name of ambiguous) out.delete(name);
  return out;
}

function diffPair(ctx: Ctx, pair: Pair): DeclReport {
  const report: DeclReport = { findings: [] };
  if (pair.old) report.old = pair.old;
  if (pair.new) report.new = pair.new;
  const emit: Emit = (rule, subject, message, where) => report.findings.push({ rule, domain: 'tls', subject, message, ...locations(where) });
  const { old: o, new: n } = pair;
  const unparsedOld = n && !o ? ctx.old.unparsed.get(n.name) : undefined;
  const unparsedNew = o && !n ? ctx.new.unparsed.get(o.name) : undefined;
  if (unparsedOld) {
    report.findings.push({
      rule: 'tls-definition-unparsable',
      domain: 'tls',
      subject: n!.name,
      message: `${describeDecl(n!)} does not parse in the old version, so it cannot be compared`,
      old: unparsedOld,
      new: locationOf(n!.provenance),
    });
  } else if (unparsedNew) {
    report.findings.push({
      rule: 'tls-definition-unparsable',
      domain: 'tls',
      subject: o!.name,
      message: `${describeDecl(o!)} does not parse in the new version, so it cannot be compared`,
      old: locationOf(o!.provenance),
      new: unparsedNew,
    });
  } else if (!o && n) {
    emit('tls-type-added', n.name, `${describeDecl(n)} added`, { new: n.provenance });
  } else if (o && !n) {
    emit('tls-type-removed', o.name, `${describeDecl(o)} removed`, { old: o.provenance });
  } else if (o && n && pair.renamed) {
    emit('tls-type-renamed', o.name, `${describeDecl(o)} renamed to \`${n.name}\``, { old: o.provenance, new: n.provenance });
  } else if (o && n) {
    diffDeclaration(ctx, o, n, emit);
    // A member present in one version only is still located in both: at its declaration in the other.
    for (const f of report.findings) {
      f.old ??= locationOf(o.provenance);
      f.new ??= locationOf(n.provenance);
    }
    if (report.findings.length === 0 && normalizeText(o.text, ctx.oldIdentifier) !== normalizeText(n.text, SAME_NAME)) {
      emit('tls-definition-text-changed', n.name, `the text of ${describeDecl(n)} changed, its meaning did not`, { old: o.provenance, new: n.provenance });
    }
  }
  return report;
}

function diffDeclaration(ctx: Ctx, o: Declaration, n: Declaration, emit: Emit): void {
  if (o.kind === 'struct' && n.kind === 'struct') diffMembers(ctx, o.members, n.members, n.name, emit);
  else if (o.kind === 'enum' && n.kind === 'enum') diffEnum(o, n, emit);
  else if (o.kind === 'alias' && n.kind === 'alias') diffType(ctx, o.type, n.type, { subject: n.name, old: o.provenance, new: n.provenance }, emit);
  else emit('tls-type-kind-changed', n.name, `\`${n.name}\` changed from ${kindWord(o)} to ${kindWord(n)}`, { old: o.provenance, new: n.provenance });
}

function kindWord(d: Declaration): string {
  if (d.kind === 'alias') return d.declares === 'type' ? 'type alias' : 'typed value';
  return d.kind;
}

function describeDecl(d: Declaration): string {
  return `${kindWord(d)} \`${d.name}\``;
}

/**
 * The text as far as meaning goes: comments dropped, whitespace only where it separates two words,
 * and old names as the new version calls them (a renamed type or value is reported once, on itself).
 */
function normalizeText(text: string, typeName: TypeNameMap): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/ ?([^\w\s]) ?/g, '$1')
    .replace(/\b[A-Za-z_]\w*\b/g, typeName)
    .trim();
}

// ---------------------------------------------------------------- struct members

/**
 * Members align by key (field name, or what a select switches on) with an LCS (align.ts). A key
 * the LCS leaves over on both sides is a member that moved; what is left in a gap is a member that
 * took another's place (diffGap), or one inserted or removed.
 */
function diffMembers(ctx: Ctx, olds: readonly Member[], news: readonly Member[], container: string, emit: Emit): void {
  const key = (m: Member, side: 'old' | 'new') => memberKey(m, side === 'old' ? ctx.oldName : SAME_NAME);
  const runs = alignmentRuns(alignByKey(olds, news, key));
  const gaps = runs.flatMap((r) => (r.kind === 'gap' ? [r] : []));
  const moves = pairInOrder(
    gaps.flatMap((g) => g.removed),
    gaps.flatMap((g) => g.added),
    (i, j) => key(olds[i]!, 'old') === key(news[j]!, 'new'),
  );
  for (const r of runs) if (r.kind === 'same') diffMember(ctx, olds[r.old]!, news[r.new]!, container, emit);
  for (const [i, j] of moves.pairs) {
    const o = olds[i]!;
    const n = news[j]!;
    emit('tls-struct-field-reordered', memberSubject(container, n), `${describeMember(n)} moved from position ${i + 1} to ${j + 1} of ${container}`, {
      old: o.provenance,
      new: n.provenance,
    });
    diffMember(ctx, o, n, container, emit);
  }
  const movedOld = new Set(moves.pairs.map(([i]) => i));
  const movedNew = new Set(moves.pairs.map(([, j]) => j));
  for (const g of gaps) {
    const removed = g.removed.filter((i) => !movedOld.has(i));
    const added = g.added.filter((j) => !movedNew.has(j));
    diffGap(ctx, olds, news, removed, added, container, emit);
  }
}

/**
 * In a gap, a new member takes an old one's place when both are fields of the same type (a
 * rename) or both are selects (now switching on something else). Fields are positional on the
 * wire, so when as many fields are left on each side, each took the place of the one at its
 * position: a rename whose type change is reported on its own, not a removal plus an insertion.
 * The rest was inserted or removed.
 */
function diffGap(ctx: Ctx, olds: readonly Member[], news: readonly Member[], removed: number[], added: number[], container: string, emit: Emit): void {
  const byShape = pairInOrder(removed, added, (i, j) => tookPlace(ctx, olds[i]!, news[j]!));
  const isField = (m: Member) => m.kind === 'field';
  const replaced =
    byShape.removed.length === byShape.added.length && [...byShape.removed.map((i) => olds[i]!), ...byShape.added.map((j) => news[j]!)].every(isField)
      ? { pairs: byShape.removed.map((i, k): [number, number] => [i, byShape.added[k]!]), removed: [], added: [] }
      : byShape;
  const placed = { pairs: [...byShape.pairs, ...replaced.pairs], removed: replaced.removed, added: replaced.added };
  for (const [i, j] of placed.pairs) diffInPlace(ctx, olds[i]!, news[j]!, j, container, emit);
  for (const j of placed.added) {
    const n = news[j]!;
    emit('tls-struct-field-inserted', memberSubject(container, n), `${describeMember(n)} inserted at position ${j + 1} of ${container}`, { new: n.provenance });
  }
  for (const i of placed.removed) {
    const o = olds[i]!;
    emit('tls-struct-field-removed', memberSubject(container, o), `${describeMember(o)} removed from position ${i + 1} of ${container}`, { old: o.provenance });
  }
}

function tookPlace(ctx: Ctx, o: Member, n: Member): boolean {
  if (o.kind === 'select' || n.kind === 'select') return o.kind === n.kind;
  return typeShape(ctx.old, o.type, { names: true, typeName: ctx.oldName }) === typeShape(ctx.new, n.type, { names: true, typeName: SAME_NAME });
}

/** `n`, at position `j`, in the place of `o`: a renamed field, or a select on something else. */
function diffInPlace(ctx: Ctx, o: Member, n: Member, j: number, container: string, emit: Emit): void {
  // An anonymous arm field is named after its case label: the arm's findings cover a new label.
  if (o.kind === 'field' && n.kind === 'field' && !(o.anonymous && n.anonymous)) {
    const message = `field \`${o.name}\` renamed to \`${n.name}\` at position ${j + 1} of ${container}`;
    emit('tls-struct-field-renamed', `${container}.${o.name}`, message, { old: o.provenance, new: n.provenance });
  }
  diffMember(ctx, o, n, container, emit);
}

function memberKey(m: Member, typeName: TypeNameMap): string {
  return m.kind === 'field' ? `field ${m.name}` : `select ${discriminatorLabel(m, typeName)}`;
}

function memberSubject(container: string, m: Member): string {
  return m.kind === 'field' ? `${container}.${m.name}` : `${container}.select(${discriminatorLabel(m)})`;
}

function describeMember(m: Member): string {
  return m.kind === 'field' ? `field \`${m.name}\`` : `select on \`${discriminatorLabel(m)}\``;
}

function diffMember(ctx: Ctx, o: Member, n: Member, container: string, emit: Emit): void {
  if (o.kind === 'field' && n.kind === 'field') diffField(ctx, o, n, container, emit);
  else if (o.kind === 'select' && n.kind === 'select') diffSelect(ctx, o, n, container, emit);
}

function diffField(ctx: Ctx, o: Field, n: Field, container: string, emit: Emit): void {
  const at: At = { subject: `${container}.${n.name}`, old: o.provenance, new: n.provenance };
  if (!sameFixedValue(ctx, o, n)) emit('tls-fixed-value-changed', at.subject, fixedValueChange(o.fixedValue, n.fixedValue), at);
  diffType(ctx, o.type, n.type, at, emit);
}

/** Equal, or the same enum value under a name the enum renamed (reported on the enum). */
function sameFixedValue(ctx: Ctx, o: Field, n: Field): boolean {
  if (o.fixedValue === n.fixedValue) return true;
  if (typeof o.fixedValue !== 'string' || o.type.kind !== 'named' || n.type.kind !== 'named') return false;
  return valueRenames(ctx, o.type.name, n.type.name).get(o.fixedValue) === n.fixedValue;
}

function fixedValueChange(o: string | number | undefined, n: string | number | undefined): string {
  if (o === undefined) return `fixed value \`${n}\` added`;
  if (n === undefined) return `fixed value \`${o}\` removed`;
  return `fixed value \`${o}\` → \`${n}\``;
}

// ---------------------------------------------------------------- types

function diffType(ctx: Ctx, o: TypeRef, n: TypeRef, at: At, emit: Emit): void {
  const change = `\`${renderType(ctx.old, o)}\` → \`${renderType(ctx.new, n)}\``;
  if (o.kind === 'optional' && n.kind === 'optional') return diffType(ctx, o.element, n.element, at, emit);
  if (n.kind === 'optional') {
    emit('tls-optional-added', at.subject, change, at);
    return diffType(ctx, o, n.element, at, emit);
  }
  if (o.kind === 'optional') {
    emit('tls-optional-removed', at.subject, change, at);
    return diffType(ctx, o.element, n, at, emit);
  }
  if (o.kind === 'vector' && n.kind === 'vector') {
    diffLength(o.length, n.length, at, emit);
    return diffType(ctx, o.element, n.element, at, emit);
  }
  if (o.kind === 'array' && n.kind === 'array') {
    if (o.byteLength !== n.byteLength) emit('tls-array-size-changed', at.subject, `array size ${o.byteLength} → ${n.byteLength} bytes`, at);
    return diffType(ctx, o.element, n.element, at, emit);
  }
  if ((o.kind === 'array' || o.kind === 'vector') && (n.kind === 'array' || n.kind === 'vector')) {
    emit('tls-array-vector-changed', at.subject, change, at);
    return diffType(ctx, o.element, n.element, at, emit);
  }
  if (o.kind === 'uint' && n.kind === 'uint') {
    if (o.bits !== n.bits) emit('tls-integer-width-changed', at.subject, `uint${o.bits} → uint${n.bits}`, at);
    return;
  }
  if ((o.kind === 'opaque' || o.kind === 'padding') && o.kind === n.kind) return;
  if (diffInline(ctx, o, n, at, emit)) return;
  if (o.kind === 'named' && n.kind === 'named' && ctx.oldName(o.name) === n.name) return;
  emit('tls-field-type-changed', at.subject, change, at);
}

/**
 * An inline struct on either side is compared member by member, here: it has no findings of its
 * own, and an inline struct turned into a named one of the same shape changes no byte.
 */
function diffInline(ctx: Ctx, o: TypeRef, n: TypeRef, at: At, emit: Emit): boolean {
  const om = structMembers(ctx.old, o);
  const nm = structMembers(ctx.new, n);
  if (!om || !nm || !(om.inline || nm.inline)) return false;
  diffMembers(ctx, om.members, nm.members, at.subject, emit);
  return true;
}

function structMembers(side: TlsSide, t: TypeRef): { members: Member[]; inline: boolean } | undefined {
  if (t.kind === 'struct') return { members: t.members, inline: true };
  if (t.kind !== 'named') return undefined;
  const hoisted = side.hoisted.get(t.name);
  if (hoisted) return { members: hoisted.members, inline: true };
  const d = side.symbols.get(t.name);
  return d?.kind === 'struct' ? { members: d.members, inline: false } : undefined;
}

function diffLength(o: LengthEncoding, n: LengthEncoding, at: At, emit: Emit): void {
  const prefix = (l: LengthEncoding) => (l.kind === 'varint' ? 'varint' : l.width);
  if (prefix(o) !== prefix(n)) {
    emit('tls-vector-length-prefix-changed', at.subject, `length prefix ${describeLength(o)} → ${describeLength(n)}`, at);
  } else if (o.kind === 'fixed' && n.kind === 'fixed' && (o.min !== n.min || o.max !== n.max)) {
    emit('tls-vector-bounds-changed', at.subject, `length bounds \`<${o.min}..${o.max}>\` → \`<${n.min}..${n.max}>\``, at);
  }
}

function describeLength(l: LengthEncoding): string {
  if (l.kind === 'varint') return '`<V>` (varint)';
  return `\`<${l.min}..${l.max}>\` (${l.width} byte${l.width === 1 ? '' : 's'})`;
}

/** A type as TLS-PL writes it, for messages; inline structs are abbreviated. */
function renderType(side: TlsSide, t: TypeRef): string {
  switch (t.kind) {
    case 'uint':
      return `uint${t.bits}`;
    case 'opaque':
      return 'opaque';
    case 'padding':
      return 'opaque[length_of_padding]';
    case 'named':
      return side.hoisted.has(t.name) ? 'struct {…}' : t.name;
    case 'struct':
      return 'struct {…}';
    case 'vector':
      return `${renderType(side, t.element)}<${t.length.kind === 'varint' ? 'V' : `${t.length.min}..${t.length.max}`}>`;
    case 'array':
      return `${renderType(side, t.element)}[${t.byteLength}]`;
    case 'optional':
      return `optional<${renderType(side, t.element)}>`;
  }
}

// ---------------------------------------------------------------- selects

function diffSelect(ctx: Ctx, o: Select, n: Select, container: string, emit: Emit): void {
  const label = discriminatorLabel(n);
  const subject = `${container}.select(${label})`;
  if (discriminatorLabel(o, ctx.oldName) !== label) {
    const message = `select discriminator \`${discriminatorLabel(o)}\` → \`${label}\``;
    emit('tls-select-discriminator-changed', subject, message, { old: o.provenance, new: n.provenance });
  }
  diffArms(ctx, o, n, subject, emit);
}

interface ArmLabel {
  /** The label compared: a case label (old ones under the names the enum now gives them) or `default`. */
  key: string;
  /** The label as written in its version. */
  shown: string;
  arm: SelectArm;
}

function armLabels(sel: Select, translate: (label: string) => string): ArmLabel[] {
  return sel.arms.flatMap((arm) => {
    const labels = arm.cases.map((c) => ({ key: translate(String(c)), shown: String(c), arm }));
    return arm.isDefault ? [...labels, { key: 'default', shown: 'default', arm }] : labels;
  });
}

/**
 * Arms pair by case label. A new label with no old partner is an arm renumbered when an old label
 * that is gone had the same wire content, else an arm added; old labels left over were removed.
 */
function diffArms(ctx: Ctx, o: Select, n: Select, subject: string, emit: Emit): void {
  const renamedValues = valueRenames(ctx, o.discriminator.resolved?.enumName, n.discriminator.resolved?.enumName);
  const olds = armLabels(o, (l) => renamedValues.get(l) ?? l);
  const news = armLabels(n, (l) => l);
  const oldByKey = firstByKey(olds);
  const newByKey = firstByKey(news);
  const compared = new Set<string>();
  const compare = (ol: ArmLabel, nl: ArmLabel) => {
    const id = `${o.arms.indexOf(ol.arm)}/${n.arms.indexOf(nl.arm)}`;
    if (compared.has(id)) return;
    compared.add(id);
    diffMembers(ctx, ol.arm.members, nl.arm.members, `${subject}.${nl.shown}`, emit);
  };
  const oldShape = memo((arm: SelectArm) => membersShape(ctx.old, arm.members, { names: false, typeName: ctx.oldName }));
  const newShape = memo((arm: SelectArm) => membersShape(ctx.new, arm.members, { names: false, typeName: SAME_NAME }));
  const renumbered = new Set<string>();
  for (const nl of news) {
    const ol = oldByKey.get(nl.key);
    if (ol) {
      compare(ol, nl);
      continue;
    }
    const from = olds.find((c) => !newByKey.has(c.key) && !renumbered.has(c.key) && oldShape(c.arm) === newShape(nl.arm));
    if (from) {
      renumbered.add(from.key);
      const message = `the arm of case \`${from.shown}\` now answers to case \`${nl.shown}\``;
      emit('tls-select-arm-renumbered', `${subject}.${from.shown}`, message, { old: from.arm.provenance, new: nl.arm.provenance });
      compare(from, nl);
    } else {
      emit('tls-select-arm-added', `${subject}.${nl.shown}`, `case \`${nl.shown}\` added to the select on \`${discriminatorLabel(n)}\``, {
        new: nl.arm.provenance,
      });
    }
  }
  for (const ol of olds) {
    if (newByKey.has(ol.key) || renumbered.has(ol.key)) continue;
    emit('tls-select-arm-removed', `${subject}.${ol.shown}`, `case \`${ol.shown}\` removed from the select on \`${discriminatorLabel(o)}\``, {
      old: ol.arm.provenance,
    });
  }
}

function firstByKey<T extends { key: string }>(items: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of items) if (!out.has(x.key)) out.set(x.key, x);
  return out;
}

function memo<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const cache = new Map<K, V>();
  return (k) => {
    if (!cache.has(k)) cache.set(k, f(k));
    return cache.get(k) as V;
  };
}

// ---------------------------------------------------------------- enums

interface EnumMatch {
  /** Same name (the number may differ). */
  same: Array<[EnumValue, EnumValue]>;
  /** Same number, new name. */
  renamed: Array<[EnumValue, EnumValue]>;
  added: EnumValue[];
  removed: EnumValue[];
}

function matchEnumValues(o: EnumDecl, n: EnumDecl): EnumMatch {
  const newByName = new Map<string, EnumValue>();
  for (const v of n.values) if (!newByName.has(v.name)) newByName.set(v.name, v);
  const oldNames = new Set(o.values.map((v) => v.name));
  const same: EnumMatch['same'] = [];
  const renamed: EnumMatch['renamed'] = [];
  const removed: EnumValue[] = [];
  const newOnly = n.values.filter((v) => !oldNames.has(v.name));
  const renamedTo = new Set<EnumValue>();
  for (const ov of o.values) {
    const nv = newByName.get(ov.name);
    if (nv) {
      same.push([ov, nv]);
      continue;
    }
    const to = newOnly.find((v) => v.value === ov.value && !renamedTo.has(v));
    if (to) {
      renamed.push([ov, to]);
      renamedTo.add(to);
    } else {
      removed.push(ov);
    }
  }
  return { same, renamed, added: newOnly.filter((v) => !renamedTo.has(v)), removed };
}

/** Old value name → new value name of an enum's renamed values. */
function renamedValues(o: EnumDecl, n: EnumDecl): Map<string, string> {
  return new Map(matchEnumValues(o, n).renamed.map(([ov, nv]) => [ov.name, nv.name]));
}

/** The same for enums named in each version (a select's discriminator, a field's type); empty unless both are enums. */
function valueRenames(ctx: Ctx, oldEnum: string | null | undefined, newEnum: string | null | undefined): Map<string, string> {
  const o = oldEnum ? ctx.old.symbols.get(oldEnum) : undefined;
  const n = newEnum ? ctx.new.symbols.get(newEnum) : undefined;
  return o?.kind === 'enum' && n?.kind === 'enum' ? renamedValues(o, n) : new Map();
}

function diffEnum(o: EnumDecl, n: EnumDecl, emit: Emit): void {
  const both = { old: o.provenance, new: n.provenance };
  if (o.width !== n.width) {
    emit('tls-enum-width-changed', n.name, `width ${o.width} → ${n.width} byte${n.width === 1 ? '' : 's'} (maximum ${o.max} → ${n.max})`, both);
  } else if (o.max !== n.max) {
    emit('tls-enum-max-changed', n.name, `maximum ${o.max} → ${n.max}`, both);
  }
  const m = matchEnumValues(o, n);
  for (const [ov, nv] of m.same) {
    if (ov.value === nv.value) continue;
    emit('tls-enum-value-renumbered', `${n.name}.${nv.name}`, `\`${nv.name}\` renumbered ${ov.value} → ${nv.value}`, {
      old: ov.provenance,
      new: nv.provenance,
    });
  }
  for (const [ov, nv] of m.renamed) {
    emit('tls-enum-value-renamed', `${n.name}.${ov.name}`, `value ${ov.value} renamed \`${ov.name}\` → \`${nv.name}\``, {
      old: ov.provenance,
      new: nv.provenance,
    });
  }
  for (const nv of m.added) {
    const rule = n.open ? 'tls-open-enum-value-added' : 'tls-enum-value-added';
    emit(rule, `${n.name}.${nv.name}`, `value \`${nv.name}(${nv.value})\` added to ${n.open ? 'open' : 'closed'} enum ${n.name}`, { new: nv.provenance });
  }
  for (const ov of m.removed) {
    emit('tls-enum-value-removed', `${n.name}.${ov.name}`, `value \`${ov.name}(${ov.value})\` removed from enum ${n.name}`, { old: ov.provenance });
  }
}

// ---------------------------------------------------------------- dependencies

/** Whether a finding changes the wire in a way a peer may notice (ERR or WARN for its direction). */
/**
 * Declarations with no finding of their own that contain, directly or through other declarations,
 * a type changed on the wire. Computed as a fixed point over the new version's references; the
 * causes named are the direct ones. A declaration with findings of its own that leave the wire
 * alone (a renamed field) passes the change on to the types that contain it, but gets no finding.
 */
function addViaDependency(ctx: Ctx, reports: DeclReport[], directionOf: (r: DeclReport) => Direction | undefined): void {
  // Every report has a declaration in at least one version; one removed is known by its old name.
  const changed = new Set(reports.filter((r) => r.findings.some((f) => changesWire(f.rule, directionOf(r)))).map((r) => (r.new ?? r.old)!.name));
  const inBoth = reports.flatMap((r) => (r.old && r.new ? [{ report: r, old: r.old, new: r.new, refs: namedRefs(ctx.new, r.new) }] : []));
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of inBoth) {
      if (changed.has(d.new.name) || !d.refs.some((ref) => changed.has(ref))) continue;
      changed.add(d.new.name);
      grew = true;
    }
  }
  for (const { report, old, new: n, refs } of inBoth) {
    const causes = refs.filter((ref) => ref !== n.name && changed.has(ref));
    if (report.findings.length > 0 || causes.length === 0) continue;
    report.findings.push({
      rule: 'tls-type-changed-via-dependency',
      domain: 'tls',
      subject: n.name,
      message: `\`${n.name}\` is unchanged but contains ${causes.map((c) => `\`${c}\``).join(', ')}, changed on the wire`,
      ...locations({ old: old.provenance, new: n.provenance }),
      causes,
    });
  }
}

// ---------------------------------------------------------------- direction and output

/**
 * Which way a declaration's values travel, from the OpenAPI bodies naming TLS types
 * (`x-mimi-tls-type`) in either version: reachable only from request bodies → `request`, only
 * from response bodies → `response`, else `unknown`. Undefined when neither version has OpenAPI.
 */
function directionFinder(oldSet: SpecSet, newSet: SpecSet, old: TlsSide, neu: TlsSide): (r: DeclReport) => Direction | undefined {
  if (!oldSet.openapi && !newSet.openapi) return () => undefined;
  const request = new Set<string>();
  const response = new Set<string>();
  for (const [set, side] of [
    [oldSet, old],
    [newSet, neu],
  ] as const) {
    if (!set.openapi) continue;
    for (const op of operationFacts(set.openapi.doc)) {
      reach(
        side,
        op.request.map((m) => m.tlsType),
        request,
      );
      reach(
        side,
        op.responses.flatMap((r) => r.media.map((m) => m.tlsType)),
        response,
      );
    }
  }
  return (r) => {
    const names = r.old && r.new ? [r.old.name, r.new.name] : [(r.new ?? r.old)!.name];
    const inRequest = names.some((x) => request.has(x));
    const inResponse = names.some((x) => response.has(x));
    if (inRequest && !inResponse) return 'request';
    if (inResponse && !inRequest) return 'response';
    return 'unknown';
  };
}

/** Adds to `into` the named types and every type they contain. */
function reach(side: TlsSide, roots: ReadonlyArray<string | undefined>, into: Set<string>): void {
  const todo = roots.filter((x): x is string => x !== undefined);
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (into.has(name)) continue;
    into.add(name);
    const d = side.symbols.get(name);
    if (d) for (const item of namedRefs(side, d)) todo.push(item);
  }
}

function locations(where: Where): Pick<RawFinding, 'old' | 'new'> {
  const out: Pick<RawFinding, 'old' | 'new'> = {};
  if (where.old) out.old = locationOf(where.old);
  if (where.new) out.new = locationOf(where.new);
  return out;
}

function complete(f: RawFinding, r: DeclReport, direction: Direction | undefined): RawFinding {
  const out: RawFinding = { ...f };
  if (direction) out.direction = direction;
  if (r.old) out.oldText = r.old.text;
  if (r.new) out.newText = r.new.text;
  return out;
}
