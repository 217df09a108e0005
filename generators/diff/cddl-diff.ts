/**
 * `mimi spec diff` for CDDL (RFC 8610): what changes in the CBOR bytes between two versions of the
 * content format, rule by rule, reported with the `cddl-*` rules of rules.json.
 *
 * Both versions are read as one set of rules each (all .cddl files of a side together: drafts split
 * their CDDL over files that use each other's rules and repeat shared ones), then:
 * - rules are matched by name; a rule gone from the old version whose definition reappears under a
 *   new name is a rename, not a removal and an addition;
 * - each pair of definitions is compared structurally: CBOR arrays positionally (members aligned by
 *   label with an LCS, so an insertion is one finding, not a change of every later member), maps by
 *   key, type choices and enumerations as sets of alternatives and values;
 * - a rule whose own definition did not change but which uses, directly or not, a rule that changed
 *   on the wire (an ERR or WARN WIRE finding) is reported once, naming its direct causes;
 * - a rule whose definition means the same but is written differently is reported as a text change.
 *
 * The comparison works on a normalised IR: `/=` and `//=` extensions merged into their rule,
 * redundant parentheses and inline groups dropped, prelude aliases (`bytes`, `text`, `nil`) spelled
 * one way. Parentheses or `text` for `tstr` are therefore text changes, not type changes.
 * CDDL has no request or response direction: findings leave `direction` unset.
 */
import { renderEntries, renderEntry, renderOccurrence, renderType, renderType1, renderType2, renderValue } from '../cddl/render.ts';
import type { CddlSpec, Group, GroupEntry, Occurrence, Provenance, Rule, Type, Type1, Type2 } from '../cddl/ir.ts';
import { inFileNameOrder } from '../cddl/file-name-order.ts';
import { CDDL_PRELUDE } from '../cddl/parse/prelude.ts';
import { alignByKey, alignmentRuns, matchByKey, pairInOrder } from '../common/align.ts';
import { locationOf } from '../report/location.ts';
import type { RawFinding } from '../report/model.ts';
import { changesWire } from './rules.ts';
import type { SpecSet } from './spec-set.ts';

/** The rules this differ reports (typed, so a misspelt id fails to compile rather than in finalize). */
type CddlRuleId =
  | 'cddl-rule-added'
  | 'cddl-rule-removed'
  | 'cddl-rule-renamed'
  | 'cddl-array-member-inserted'
  | 'cddl-array-member-removed'
  | 'cddl-array-member-renamed'
  | 'cddl-member-type-changed'
  | 'cddl-type-choice-narrowed'
  | 'cddl-type-choice-widened'
  | 'cddl-value-renumbered'
  | 'cddl-size-changed'
  | 'cddl-map-key-removed'
  | 'cddl-map-required-key-added'
  | 'cddl-map-optional-key-added'
  | 'cddl-occurrence-changed'
  | 'cddl-type-changed-via-dependency'
  | 'cddl-definition-text-changed';

export function diffCddl(oldSide: SpecSet, newSide: SpecSet): RawFinding[] {
  // A side without CDDL (a TLS-only draft, an OpenAPI file) is a different kind of input, not a
  // version that removed every rule.
  if (oldSide.cddl.length === 0 || newSide.cddl.length === 0) return [];
  const old = loadVersion(oldSide.cddl);
  const next = loadVersion(newSide.cddl);
  // A rule that did not parse in the other version is neither removed nor added (nor renamed):
  // what that version says about it is unknown.
  const unparsedInNew = (name: string) => newSide.unparsed?.has(name) ?? false;
  const unparsedInOld = (name: string) => oldSide.unparsed?.has(name) ?? false;
  const renames = findRenames(old, next, unparsedInNew, unparsedInOld);
  const renamedTo = new Set(renames.values());
  const out: RawFinding[] = [];
  /** Findings about each rule's own definition, by its name in the new version (old name if removed). */
  const own = new Map<string, RawFinding[]>();
  const record = (name: string, findings: RawFinding[]): void => {
    own.set(name, findings);
    for (const item of findings) out.push(item);
  };

  for (const o of old.defs.values()) {
    const n = next.defs.get(o.name);
    if (n) record(n.name, new DefComparer(old, next, renames, o, n).run());
    else if (!renames.has(o.name) && !unparsedInNew(o.name))
      record(o.name, [ruleFinding('cddl-rule-removed', o.name, `Rule \`${o.name}\` was removed.`, o, undefined)]);
  }
  for (const [from, to] of renames) {
    const o = old.defs.get(from)!;
    const n = next.defs.get(to)!;
    record(to, [ruleFinding('cddl-rule-renamed', from, `Rule \`${from}\` was renamed to \`${to}\`; its definition is unchanged.`, o, n)]);
  }
  for (const n of next.defs.values()) {
    if (!old.defs.has(n.name) && !renamedTo.has(n.name) && !unparsedInOld(n.name))
      out.push(ruleFinding('cddl-rule-added', n.name, `Rule \`${n.name}\` was added.`, undefined, n));
  }
  for (const item of dependencyFindings(old, next, renames, own)) out.push(item);
  return out;
}

// ---------------------------------------------------------------- one version's rules

type Container = 'array' | 'map';
type Body = { kind: 'type'; type: Type } | { kind: 'group'; group: Group };

/** A rule as the version defines it: all its definitions merged, normalised. */
interface Def {
  name: string;
  params: string[];
  body: Body;
  /** The CDDL text of every definition that contributed, one per line. */
  text: string;
  provenance: Provenance;
}

interface Version {
  defs: Map<string, Def>;
  /** Whether each group rule's members are array positions or map entries, as the rules using it say. */
  containers: Map<string, Container>;
}

/** Specs in file-name order (file-name-order.ts), so that a draft and a spec directory pick the same definition. */
function loadVersion(specs: readonly CddlSpec[]): Version {
  const byName = new Map<string, Rule[]>();
  for (const spec of inFileNameOrder(specs)) {
    for (const rule of spec.rules) {
      const list = byName.get(rule.name);
      if (list) list.push(rule);
      else byName.set(rule.name, [rule]);
    }
  }
  const defined = new Set(byName.keys());
  const defs = new Map<string, Def>();
  for (const [name, rules] of byName) defs.set(name, mergeRules(rules, defined));
  return { defs, containers: groupContainers(defs) };
}

/**
 * One rule from its definitions: the first `=` in file-name order, then in file order (later `=`
 * ones are the repeats drafts make in each file, or a duplicate: an error, which the side's
 * `side-has-errors` note counts), extended by every `/=` or `//=` of the same kind.
 */
function mergeRules(rules: readonly Rule[], defined: ReadonlySet<string>): Def {
  const base = rules.find((r) => r.assign === '=') ?? rules[0]!;
  const extensions = rules.filter((r) => r !== base && r.assign !== '=' && r.kind === base.kind);
  const body: Body =
    base.kind === 'type'
      ? { kind: 'type', type: normType({ options: [base.type, ...extensions.map((r) => (r as typeof base).type)].flatMap((t) => t.options) }, defined) }
      : { kind: 'group', group: normGroup({ choices: [base.group, ...extensions.map((r) => (r as typeof base).group)].flatMap((g) => g.choices) }, defined) };
  return { name: base.name, params: base.params ?? [], body, text: [base, ...extensions].map((r) => r.text).join('\n'), provenance: base.provenance };
}

/** Prelude names that are another prelude type under a second name (RFC 8610 Appendix D). */
const PRELUDE_ALIASES: Readonly<Record<string, string>> = { bytes: 'bstr', text: 'tstr', nil: 'null' };

function normType(t: Type, defined: ReadonlySet<string>): Type {
  return { options: t.options.flatMap((o) => normType1(o, defined)) };
}

function normType1(o: Type1, defined: ReadonlySet<string>): Type1[] {
  // `a / (b / c)` is `a / b / c`.
  if (o.base.kind === 'paren' && !o.range && !o.control) return normType(o.base.type, defined).options;
  const out: Type1 = { base: normType2(o.base, defined), provenance: o.provenance };
  if (o.range) out.range = { inclusive: o.range.inclusive, to: normType2(o.range.to, defined) };
  if (o.control) out.control = { name: o.control.name, arg: normType2(o.control.arg, defined) };
  return [out];
}

function normType2(t: Type2, defined: ReadonlySet<string>): Type2 {
  const args = (a: Type[] | undefined) => (a ? { args: a.map((x) => normType(x, defined)) } : {});
  switch (t.kind) {
    case 'ref': {
      const name = defined.has(t.name) ? t.name : (PRELUDE_ALIASES[t.name] ?? t.name);
      return { kind: 'ref', name, ...args(t.args) };
    }
    case 'unwrap':
    case 'enumRef':
      return { ...t, ...args(t.args) };
    case 'paren': {
      const inner = normType(t.type, defined);
      const only = inner.options.length === 1 ? inner.options[0]! : undefined;
      // `.size (16)`: parentheses around a lone type2 say nothing.
      return only && !only.range && !only.control ? only.base : { kind: 'paren', type: inner };
    }
    case 'map':
    case 'array':
    case 'enum':
      return { ...t, group: normGroup(t.group, defined) };
    case 'tag':
      return { ...t, type: normType(t.type, defined) };
    default:
      return t;
  }
}

function normGroup(g: Group, defined: ReadonlySet<string>): Group {
  return { choices: g.choices.map((entries) => entries.flatMap((e) => normEntry(e, defined))) };
}

function normEntry(e: GroupEntry, defined: ReadonlySet<string>): GroupEntry[] {
  // `1*1` is what no indicator says.
  const occurrence = e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1) ? { occurrence: e.occurrence } : {};
  switch (e.kind) {
    case 'member': {
      const key = e.key?.kind === 'type' ? { key: { ...e.key, type: normType(e.key.type, defined) } } : e.key ? { key: e.key } : {};
      return [{ kind: 'member', ...occurrence, ...key, type: normType(e.type, defined), provenance: e.provenance }];
    }
    case 'groupRef':
      return [
        { kind: 'groupRef', ...occurrence, name: e.name, ...(e.args ? { args: e.args.map((a) => normType(a, defined)) } : {}), provenance: e.provenance },
      ];
    case 'inline': {
      const group = normGroup(e.group, defined);
      // `( a, b )` without an occurrence is just its members.
      if (!('occurrence' in occurrence) && group.choices.length === 1) return group.choices[0]!;
      return [{ kind: 'inline', ...occurrence, group, provenance: e.provenance }];
    }
  }
}

/**
 * Array or map, for each group rule used inside one (`NullPart` in `[ … ( NullPart // … ) ]`),
 * following group rules used in group rules. A group rule nothing places counts as a map when it
 * has a key that only maps have (`=>`, a value), as an array otherwise.
 */
function groupContainers(defs: ReadonlyMap<string, Def>): Map<string, Container> {
  const found = new Map<string, Container>();
  const pending: Array<[Group, Container]> = [];
  const visitGroup = (g: Group, container: Container | undefined): void => {
    for (const e of g.choices.flat()) {
      const name = groupNameOf(e, defs);
      if (name && container && !found.has(name)) {
        found.set(name, container);
        pending.push([(defs.get(name)!.body as { group: Group }).group, container]);
      }
      if (e.kind === 'member') visitType(e.type);
      if (e.kind === 'inline') visitGroup(e.group, container);
    }
  };
  const visitType = (t: Type): void => {
    for (const o of t.options) {
      const b = o.base;
      if (b.kind === 'array' || b.kind === 'map') visitGroup(b.group, b.kind);
      else if (b.kind === 'paren' || b.kind === 'tag') visitType(b.type);
    }
  };
  for (const def of defs.values()) {
    if (def.body.kind === 'type') visitType(def.body.type);
    else visitGroup(def.body.group, undefined);
  }
  for (let next = pending.pop(); next; next = pending.pop()) visitGroup(...next);
  for (const def of defs.values()) {
    if (def.body.kind === 'group' && !found.has(def.name)) {
      const mapOnly = def.body.group.choices.flat().some((e) => e.kind === 'member' && e.key !== undefined && e.key.kind !== 'bareword');
      found.set(def.name, mapOnly ? 'map' : 'array');
    }
  }
  return found;
}

/** The group rule a keyless entry splices in, if it names one. */
function groupNameOf(e: GroupEntry, defs: ReadonlyMap<string, Def>): string | undefined {
  let name: string | undefined;
  if (e.kind === 'groupRef') name = e.name;
  else if (e.kind === 'member' && !e.key && e.type.options.length === 1) {
    const o = e.type.options[0]!;
    if (o.base.kind === 'ref' && !o.range && !o.control) name = o.base.name;
  }
  return name !== undefined && defs.get(name)?.body.kind === 'group' ? name : undefined;
}

// ---------------------------------------------------------------- renames and dependencies

/**
 * Rules gone from the old version whose definition is an added rule's: renamed. Repeated because a
 * rename can make the definitions of the rules that use the renamed rule equal in turn.
 */
function findRenames(old: Version, next: Version, unparsedInNew: (name: string) => boolean, unparsedInOld: (name: string) => boolean): Map<string, string> {
  const renames = new Map<string, string>();
  const removed = [...old.defs.values()].filter((d) => !next.defs.has(d.name) && !unparsedInNew(d.name));
  const added = [...next.defs.values()].filter((d) => !old.defs.has(d.name) && !unparsedInOld(d.name));
  for (let found = true; found; ) {
    const taken = new Set(renames.values());
    const from = removed.filter((d) => !renames.has(d.name));
    const to = added.filter((d) => !taken.has(d.name));
    const m = matchByKey(from, to, (d, side) => canon({ params: d.params, body: d.body }, side === 'old' ? renames : undefined));
    for (const [i, j] of m.pairs) renames.set(from[i]!.name, to[j]!.name);
    found = m.pairs.length > 0;
  }
  return renames;
}

/** A finding that matters to peers: WIRE at ERR or WARN (the causes `cddl-type-changed-via-dependency` follows). */
/**
 * `cddl-type-changed-via-dependency` for every rule of both versions with no finding of its own that
 * uses, directly or through other rules, a rule that changed on the wire. Its causes are the rules
 * it uses directly that changed or lead to a change, not counting paths back through itself (in
 * `NestedPart` → `MultiPart` → `NestedPart`, `MultiPart` is not a cause of `NestedPart`).
 */
function dependencyFindings(old: Version, next: Version, renames: ReadonlyMap<string, string>, own: ReadonlyMap<string, RawFinding[]>): RawFinding[] {
  const oldNameOf = new Map([...old.defs.keys()].filter((k) => next.defs.has(k)).map((k) => [k, k]));
  for (const [from, to] of renames) oldNameOf.set(to, from);
  const seeds = new Set([...own].filter(([, fs]) => fs.some((f) => changesWire(f.rule, f.direction))).map(([name]) => name));
  const uses = new Map([...oldNameOf.keys()].map((name) => [name, referencesOf(next.defs.get(name)!)]));
  const reachesSeed = (from: string, avoid: string): boolean => {
    const seen = new Set([avoid]);
    const stack = [from];
    for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
      if (seen.has(name)) continue;
      if (seeds.has(name)) return true;
      seen.add(name);
      for (const item of uses.get(name) ?? []) stack.push(item);
    }
    return false;
  };
  const out: RawFinding[] = [];
  for (const [name, refs] of uses) {
    if ((own.get(name)?.length ?? 0) > 0) continue;
    const causes = [...refs].filter((r) => reachesSeed(r, name));
    if (causes.length === 0) continue;
    const o = old.defs.get(oldNameOf.get(name)!)!;
    const n = next.defs.get(name)!;
    const names = causes.map((c) => `\`${c}\``).join(', ');
    const message = `Rule \`${name}\` is unchanged, but ${causes.length === 1 ? 'the rule' : 'rules'} ${names} it uses changed on the wire.`;
    out.push({ ...ruleFinding('cddl-type-changed-via-dependency', name, message, o, n), causes });
  }
  return out;
}

const REF_KINDS = new Set(['ref', 'unwrap', 'enumRef', 'groupRef']);

/** Names a definition uses (types, groups, enumerations, unwrapped rules), its generic parameters aside. */
function referencesOf(def: Def): Set<string> {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (REF_KINDS.has(o.kind as string) && typeof o.name === 'string' && !def.params.includes(o.name)) out.add(o.name);
      for (const [k, v] of Object.entries(o)) if (k !== 'provenance') walk(v);
    }
  };
  walk(def.body);
  return out;
}

function ruleFinding(rule: CddlRuleId, subject: string, message: string, o: Def | undefined, n: Def | undefined): RawFinding {
  const f: RawFinding = { rule, domain: 'cddl', subject, message };
  if (o) {
    f.old = locationOf(o.provenance);
    f.oldText = o.text;
  }
  if (n) {
    f.new = locationOf(n.provenance);
    f.newText = n.text;
  }
  return f;
}

// ---------------------------------------------------------------- comparing two definitions

/** Where a comparison is: the subject path and the nearest source position in each version. */
interface Place {
  path: string;
  old: Provenance;
  new: Provenance;
}

const ONCE: Occurrence = { min: 1, max: 1 };

/** Compares the old and the new definition of one rule; `run` returns the findings. */
class DefComparer {
  private readonly findings: RawFinding[] = [];

  constructor(
    private readonly oldVersion: Version,
    private readonly newVersion: Version,
    private readonly renames: ReadonlyMap<string, string>,
    private readonly o: Def,
    private readonly n: Def,
  ) {}

  run(): RawFinding[] {
    const { o, n } = this;
    const at: Place = { path: n.name, old: o.provenance, new: n.provenance };
    if (o.params.join() !== n.params.join()) {
      this.emit('cddl-member-type-changed', at, `The generic parameters of \`${n.name}\` changed from <${o.params.join(', ')}> to <${n.params.join(', ')}>.`);
    } else if (o.body.kind === 'type' && n.body.kind === 'type') {
      this.compareType(o.body.type, n.body.type, at);
    } else if (o.body.kind === 'group' && n.body.kind === 'group') {
      this.compareGroup(o.body.group, n.body.group, this.containerOf(n.name), at);
    } else {
      this.emit('cddl-member-type-changed', at, `Rule \`${n.name}\` changed from a ${o.body.kind} to a ${n.body.kind}.`);
    }
    // Only a rule the comparison found nothing in can be a mere rewording.
    if (this.findings.length === 0 && sourceText(o.text) !== sourceText(n.text)) {
      this.emit('cddl-definition-text-changed', at, `The CDDL text of \`${n.name}\` changed without changing what it accepts.`);
    }
    return this.findings;
  }

  // ---- types

  private compareType(o: Type, n: Type, at: Place): void {
    if (this.same(o, n)) return;
    if (o.options.length === 1 && n.options.length === 1) this.compareType1(o.options[0]!, n.options[0]!, at);
    else this.compareOptions(o.options, n.options, at);
  }

  /**
   * Type choices as sets: integer literals and ranges as one set of values (however split into
   * alternatives), other alternatives matched by content, and a changed alternative (the same kind
   * of array, map, tag, …) compared inside; the rest is lost (narrowed) or gained (widened).
   */
  private compareOptions(o: Type1[], n: Type1[], at: Place): void {
    const m = matchByKey(o, n, (x, side) => this.key(x, side));
    const ints = (list: Type1[], idx: number[]) => idx.map((i) => intervalOf(list[i]!)).filter((x): x is Interval => x !== undefined);
    const values = intSetChange(ints(o, m.removed), ints(n, m.added));
    const rest = pairInOrder(
      m.removed.filter((i) => !intervalOf(o[i]!)),
      m.added.filter((j) => !intervalOf(n[j]!)),
      (i, j) => this.comparable(o[i]!, n[j]!),
    );
    for (const [i, j] of rest.pairs) this.compareType1(o[i]!, n[j]!, at);
    this.choiceChanged(
      at,
      [...values.lost, ...rest.removed.map((i) => code(renderType1(o[i]!)))],
      [...values.gained, ...rest.added.map((j) => code(renderType1(n[j]!)))],
    );
  }

  /** One narrowed and one widened finding at most per place, naming everything lost or gained. */
  private choiceChanged(at: Place, lost: string[], gained: string[]): void {
    if (lost.length) this.emit('cddl-type-choice-narrowed', at, `\`${at.path}\` no longer allows ${lost.join(', ')}.`);
    if (gained.length) this.emit('cddl-type-choice-widened', at, `\`${at.path}\` now also allows ${gained.join(', ')}.`);
  }

  /** Whether two alternatives are one alternative changed, rather than one lost and another gained. */
  private comparable(o: Type1, n: Type1): boolean {
    const a = o.base;
    const b = n.base;
    if (a.kind === 'ref' && b.kind === 'ref') return this.sameName(a.name, b.name) || this.preludeRelation(a.name, b.name) !== undefined;
    if (a.kind === 'tag' && b.kind === 'tag') return a.tag === b.tag;
    return a.kind === b.kind && ['array', 'map', 'enum', 'paren'].includes(a.kind);
  }

  private compareType1(o: Type1, n: Type1, at: Place): void {
    if (this.same(o, n)) return;
    const a = intervalOf(o);
    const b = intervalOf(n);
    if (a && b) {
      if (!o.range && !n.range) this.emit('cddl-value-renumbered', at, `\`${at.path}\` changed value from ${showIntervals([a])} to ${showIntervals([b])}.`);
      else {
        const change = intSetChange([a], [b]);
        this.choiceChanged(at, change.lost, change.gained);
      }
      return;
    }
    if (!this.same({ base: o.base, range: o.range }, { base: n.base, range: n.range })) {
      if (o.range || n.range) this.typeChanged(at, renderType1({ ...o, control: undefined }), renderType1({ ...n, control: undefined }));
      else this.compareType2(o.base, n.base, at);
    }
    if (!this.same(o.control ?? null, n.control ?? null)) this.compareControls(o.control, n.control, n.base, at);
  }

  /**
   * A restricting control (`.size`, `.regexp`, `.le`, …) gained narrows the values allowed, one lost
   * widens them; a `.size` (or a bound `.lt`/`.le`/`.gt`/`.ge`) whose values contain the other
   * version's narrowed or widened too (`tstr` → `tstr .size (0..64)`, `.size (0..64)` →
   * `.size (0..128)`). Other `.size` changes are size changes; any other control change a type change.
   */
  private compareControls(o: Type1['control'], n: Type1['control'], base: Type2, at: Place): void {
    const show = (c: Type1['control']) => (c ? code(`.${c.name} ${renderType2(c.arg)}`) : 'no control');
    const relation = controlRelation(o, n, base);
    const change = !o ? `now requires ${show(n)}` : !n ? `no longer requires ${show(o)}` : `changed ${show(o)} to ${show(n)}`;
    if (relation === 'narrower') this.emit('cddl-type-choice-narrowed', at, `\`${at.path}\` ${change}: it allows fewer values.`);
    else if (relation === 'wider') this.emit('cddl-type-choice-widened', at, `\`${at.path}\` ${change}: it allows more values.`);
    else if (o?.name === 'size' || n?.name === 'size') {
      const size = (c: Type1['control']) => (c?.name === 'size' ? code(renderType2(c.arg)) : 'none');
      this.emit('cddl-size-changed', at, `The \`.size\` of \`${at.path}\` changed from ${size(o)} to ${size(n)}.`);
    } else {
      this.emit('cddl-member-type-changed', at, `The control of \`${at.path}\` changed from ${show(o)} to ${show(n)}.`);
    }
  }

  private compareType2(o: Type2, n: Type2, at: Place): void {
    if (this.same(o, n)) return;
    if (o.kind === 'value' && n.kind === 'value' && o.value.kind === n.value.kind) {
      this.emit('cddl-value-renumbered', at, `\`${at.path}\` changed value from ${renderValue(o.value)} to ${renderValue(n.value)}.`);
    } else if (o.kind === 'ref' && n.kind === 'ref') {
      this.compareRefs(o, n, at);
    } else if ((o.kind === 'array' && n.kind === 'array') || (o.kind === 'map' && n.kind === 'map')) {
      this.compareGroup(o.group, n.group, o.kind, at);
    } else if (o.kind === 'enum' && n.kind === 'enum') {
      this.compareEnum(o.group, n.group, at);
    } else if ((o.kind === 'tag' && n.kind === 'tag' && o.tag === n.tag) || (o.kind === 'paren' && n.kind === 'paren')) {
      this.compareType(o.type, n.type, at);
    } else {
      this.typeChanged(at, renderType2(o), renderType2(n));
    }
  }

  private compareRefs(o: Extract<Type2, { kind: 'ref' }>, n: Extract<Type2, { kind: 'ref' }>, at: Place): void {
    if (this.sameName(o.name, n.name) && (o.args?.length ?? 0) === (n.args?.length ?? 0)) {
      (o.args ?? []).forEach((arg, i) => this.compareType(arg, n.args![i]!, at));
      return;
    }
    const relation = this.sameName(o.name, n.name) ? undefined : this.preludeRelation(o.name, n.name);
    if (relation === 'narrower') this.emit('cddl-type-choice-narrowed', at, `\`${at.path}\` is now \`${n.name}\`, narrower than \`${o.name}\`.`);
    else if (relation === 'wider') this.emit('cddl-type-choice-widened', at, `\`${at.path}\` is now \`${n.name}\`, wider than \`${o.name}\`.`);
    else this.typeChanged(at, renderType2(o), renderType2(n));
  }

  /** For two prelude types (not redefined by the spec): whether the new one allows a subset or a superset of the old one's values. */
  private preludeRelation(from: string, to: string): 'narrower' | 'wider' | undefined {
    if (this.oldVersion.defs.has(from) || this.newVersion.defs.has(to)) return undefined;
    const a = preludeValues(from);
    const b = preludeValues(to);
    if (!a || !b) return undefined;
    if (b.every((x) => a.includes(x))) return 'narrower';
    if (a.every((x) => b.includes(x))) return 'wider';
    return undefined;
  }

  // ---- groups

  private compareGroup(o: Group, n: Group, container: Container, at: Place): void {
    if (this.same(o, n)) return;
    if (o.choices.length === 1 && n.choices.length === 1) {
      this.compareEntries(o.choices[0]!, n.choices[0]!, container, at);
      return;
    }
    // Group choices (`a // b`) as a set, like type choices; a choice whose first member keeps its
    // key is the same choice changed.
    const m = matchByKey(o.choices, n.choices, (c, side) => this.key(c, side));
    const first = (c: GroupEntry[], side: 'old' | 'new') => (c[0] ? this.entryKey(c[0], container, side) : '');
    const rest = pairInOrder(m.removed, m.added, (i, j) => first(o.choices[i]!, 'old') === first(n.choices[j]!, 'new'));
    for (const [i, j] of rest.pairs) this.compareEntries(o.choices[i]!, n.choices[j]!, container, at);
    const show = (c: GroupEntry[]) => `the group choice ${code(`(${renderEntries(c)})`)}`;
    this.choiceChanged(
      at,
      rest.removed.map((i) => show(o.choices[i]!)),
      rest.added.map((j) => show(n.choices[j]!)),
    );
  }

  private compareEntries(o: GroupEntry[], n: GroupEntry[], container: Container, at: Place): void {
    if (container === 'map') this.compareMap(o, n, at);
    else this.compareArray(o, n, at);
  }

  /** CBOR arrays are positional: members are aligned by label (by content when unlabelled) so an insertion is one finding. */
  private compareArray(o: GroupEntry[], n: GroupEntry[], at: Place): void {
    for (const run of alignmentRuns(alignByKey(o, n, (e, side) => this.entryKey(e, 'array', side)))) {
      if (run.kind === 'same') this.compareEntry(o[run.old]!, n[run.new]!, 'array', this.memberPlace(at, [o, run.old], [n, run.new]));
      else this.compareArrayGap(o, run.removed, n, run.added, at);
    }
  }

  /**
   * Members removed and added at one place: a pair of the same type is one member renamed; an
   * unlabelled pair is one member whose type changed; anything else was removed or inserted.
   */
  private compareArrayGap(o: GroupEntry[], removed: number[], n: GroupEntry[], added: number[], at: Place): void {
    const byType = alignByKey(
      removed.map((i) => o[i]!),
      added.map((j) => n[j]!),
      (e, side) => this.key(unlabelled(e), side),
    );
    const left: number[] = [];
    const right: number[] = [];
    for (const s of byType) {
      if (s.kind === 'removed') left.push(removed[s.old]!);
      else if (s.kind === 'added') right.push(added[s.new]!);
      else this.compareInPlace(o, removed[s.old]!, n, added[s.new]!, at);
    }
    // Arrays are positional: when as many members are left on each side, each took the place of the
    // one at its position (a rename, if labelled, whose type change is reported on its own).
    // Otherwise only unlabelled members pair, in order.
    const rest =
      left.length === right.length
        ? { pairs: left.map((i, k): [number, number] => [i, right[k]!]), removed: [], added: [] }
        : pairInOrder(left, right, (i, j) => labelOf(o[i]!) === undefined && labelOf(n[j]!) === undefined);
    for (const [i, j] of rest.pairs) this.compareInPlace(o, i, n, j, at);
    for (const i of rest.removed) {
      this.emit(
        'cddl-array-member-removed',
        this.memberPlace(at, [o, i], undefined),
        `${code(renderEntry(o[i]!))} was removed from the array \`${at.path}\` (it was at index ${i}).`,
      );
    }
    for (const j of rest.added) {
      this.emit(
        'cddl-array-member-inserted',
        this.memberPlace(at, undefined, [n, j]),
        `${code(renderEntry(n[j]!))} was inserted into the array \`${at.path}\` at index ${j}.`,
      );
    }
  }

  /** `n[j]` in the place of `o[i]`: renamed when the labels differ, and compared. */
  private compareInPlace(o: GroupEntry[], i: number, n: GroupEntry[], j: number, at: Place): void {
    const place = this.memberPlace(at, [o, i], [n, j]);
    const from = labelOf(o[i]!);
    const to = labelOf(n[j]!);
    if (from !== to) {
      this.emit('cddl-array-member-renamed', place, `The member at index ${j} of \`${at.path}\` was renamed from ${showLabel(from)} to ${showLabel(to)}.`);
    }
    this.compareEntry(o[i]!, n[j]!, 'array', place);
  }

  /** Maps by key: what keys were lost or gained, and what changed under the keys both have. */
  private compareMap(o: GroupEntry[], n: GroupEntry[], at: Place): void {
    const m = matchByKey(o, n, (e, side) => this.entryKey(e, 'map', side));
    const place = (e: GroupEntry, oldE: GroupEntry | undefined, newE: GroupEntry | undefined): Place => ({
      path: `${at.path}{${mapKeyText(e)}}`,
      old: oldE?.provenance ?? at.old,
      new: newE?.provenance ?? at.new,
    });
    for (const [i, j] of m.pairs) this.compareEntry(o[i]!, n[j]!, 'map', place(o[i]!, o[i], n[j]));
    for (const i of m.removed) {
      const e = o[i]!;
      this.emit('cddl-map-key-removed', place(e, e, undefined), `Key ${code(mapKeyText(e))} was removed from the map \`${at.path}\`.`);
    }
    for (const j of m.added) {
      const e = n[j]!;
      const required = (e.occurrence ?? ONCE).min >= 1;
      this.emit(
        required ? 'cddl-map-required-key-added' : 'cddl-map-optional-key-added',
        place(e, undefined, e),
        `${required ? 'Required' : 'Optional'} key ${code(renderEntry(e))} was added to the map \`${at.path}\`.`,
      );
    }
  }

  private compareEntry(o: GroupEntry, n: GroupEntry, container: Container, at: Place): void {
    if (!this.same(o.occurrence ?? ONCE, n.occurrence ?? ONCE)) {
      this.emit('cddl-occurrence-changed', at, `\`${at.path}\` changed occurrence from ${showOccurrence(o.occurrence)} to ${showOccurrence(n.occurrence)}.`);
    }
    if (o.kind === 'member' && n.kind === 'member') this.compareType(o.type, n.type, at);
    else if (o.kind === 'inline' && n.kind === 'inline') this.compareGroup(o.group, n.group, container, at);
    else if (!this.same(unlabelled(o), unlabelled(n))) this.typeChanged(at, renderEntry(unlabelled(o)), renderEntry(unlabelled(n)));
  }

  /**
   * `&( a: 1, b: 2 )` as a set of named values: a name with a new value is renumbered; a name gone
   * (gained) narrows (widens) the choice unless its value is still (already) allowed under another
   * name, which changes no byte.
   */
  private compareEnum(o: Group, n: Group, at: Place): void {
    const oldMembers = enumMembers(o);
    const newMembers = enumMembers(n);
    const allInts = (ms: EnumMember[]) => merge(ms.flatMap((x) => x.values ?? []));
    const m = matchByKey(oldMembers, newMembers, (x) => x.name);
    for (const [i, j] of m.pairs) {
      const a = oldMembers[i]!;
      const b = newMembers[j]!;
      this.compareType(a.type, b.type, { path: `${at.path}.${a.name}`, old: a.provenance, new: b.provenance });
    }
    // Whether every value of `x` is among those of `others` (of the other version).
    const allowed = (x: EnumMember, side: 'old' | 'new', others: EnumMember[], othersSide: 'old' | 'new') =>
      x.values ? subtract(merge(x.values), allInts(others)).length === 0 : others.some((y) => this.key(y.type, othersSide) === this.key(x.type, side));
    for (const i of m.removed) {
      const x = oldMembers[i]!;
      if (!allowed(x, 'old', newMembers, 'new')) {
        this.emit(
          'cddl-type-choice-narrowed',
          { path: `${at.path}.${x.name}`, old: x.provenance, new: at.new },
          `\`${at.path}\` no longer allows \`${x.name}\` (${code(renderType(x.type))}).`,
        );
      }
    }
    for (const j of m.added) {
      const x = newMembers[j]!;
      if (!allowed(x, 'new', oldMembers, 'old')) {
        this.emit(
          'cddl-type-choice-widened',
          { path: `${at.path}.${x.name}`, old: at.old, new: x.provenance },
          `\`${at.path}\` now also allows \`${x.name}\` (${code(renderType(x.type))}).`,
        );
      }
    }
  }

  // ---- helpers

  private containerOf(name: string): Container {
    return this.newVersion.containers.get(name) ?? this.oldVersion.containers.get(name) ?? 'array';
  }

  /** The content of an IR node as a string, references of the old version renamed. */
  private key(node: unknown, side: 'old' | 'new'): string {
    return canon(node, side === 'old' ? this.renames : undefined);
  }

  private same(o: unknown, n: unknown): boolean {
    return this.key(o, 'old') === this.key(n, 'new');
  }

  private sameName(o: string, n: string): boolean {
    return (this.renames.get(o) ?? o) === n;
  }

  /** What identifies a group entry: its label in an array, its key in a map, else its content. */
  private entryKey(e: GroupEntry, container: Container, side: 'old' | 'new'): string {
    if (container === 'array') {
      const label = labelOf(e);
      return label !== undefined ? `label:${label}` : `entry:${this.key(unlabelled(e), side)}`;
    }
    if (e.kind !== 'member' || !e.key) return `entry:${this.key({ ...e, occurrence: undefined }, side)}`;
    const k = e.key;
    // In a map `name:` is the text key "name".
    if (k.kind === 'bareword') return `text:${k.name}`;
    if (k.kind === 'value') return k.value.kind === 'text' ? `text:${k.value.value}` : `value:${canon(k.value)}`;
    return `type:${this.key(k.type, side)}`;
  }

  /** `Rule.label` for a labelled array member (the old label when both have one), `Rule[i]` otherwise. */
  private memberPlace(at: Place, o: [GroupEntry[], number] | undefined, n: [GroupEntry[], number] | undefined): Place {
    const oldE = o?.[0][o[1]];
    const newE = n?.[0][n[1]];
    const label = (oldE && labelOf(oldE)) ?? (newE && labelOf(newE));
    const suffix = label !== undefined ? `.${label}` : `[${(n ?? o)?.[1]}]`;
    return { path: `${at.path}${suffix}`, old: oldE?.provenance ?? at.old, new: newE?.provenance ?? at.new };
  }

  private typeChanged(at: Place, from: string, to: string): void {
    this.emit('cddl-member-type-changed', at, `The type of \`${at.path}\` changed from ${code(from)} to ${code(to)}.`);
  }

  private emit(rule: CddlRuleId, at: Place, message: string): void {
    this.findings.push({
      rule,
      domain: 'cddl',
      subject: at.path,
      message,
      old: locationOf(at.old),
      new: locationOf(at.new),
      oldText: this.o.text,
      newText: this.n.text,
    });
  }
}

// ---------------------------------------------------------------- IR helpers

/** Canonical JSON of an IR node without positions and source text (keys sorted), references renamed. */
function canon(node: unknown, rename?: ReadonlyMap<string, string>): string {
  const strip = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(strip);
    if (!x || typeof x !== 'object') return x;
    const o = x as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) {
      if (k === 'provenance' || k === 'text' || o[k] === undefined) continue;
      out[k] = k === 'name' && rename && REF_KINDS.has(o.kind as string) ? (rename.get(o[k] as string) ?? o[k]) : strip(o[k]);
    }
    return out;
  };
  return JSON.stringify(strip(node));
}

function labelOf(e: GroupEntry): string | undefined {
  return e.kind === 'member' && e.key?.kind === 'bareword' ? e.key.name : undefined;
}

/** The entry without its array label and occurrence: what it holds. */
function unlabelled(e: GroupEntry): GroupEntry {
  if (e.kind !== 'member') return { ...e, occurrence: undefined };
  const { key, ...rest } = e;
  return key?.kind === 'bareword' ? { ...rest, occurrence: undefined } : { ...e, occurrence: undefined };
}

function showLabel(label: string | undefined): string {
  return label === undefined ? 'no label' : `\`${label}\``;
}

interface EnumMember {
  name: string;
  type: Type;
  /** The integers it stands for, when it is an integer literal or range. */
  values: Interval[] | undefined;
  provenance: Provenance;
}

function enumMembers(g: Group): EnumMember[] {
  return g.choices.flat().flatMap((e): EnumMember[] => {
    if (e.kind !== 'member') return [];
    const ints = e.type.options.map(intervalOf);
    const values = ints.every((x) => x !== undefined) ? (ints as Interval[]) : undefined;
    return [{ name: labelOf(e) ?? renderType(e.type), type: e.type, values, provenance: e.provenance }];
  });
}

// ---- integer sets

/** Inclusive bounds. */
type Interval = [bigint, bigint];

function intValue(t: Type2): bigint | undefined {
  return t.kind === 'value' && t.value.kind === 'int' ? BigInt(t.value.big ?? t.value.value) : undefined;
}

/** The integers an alternative allows, when it is an integer literal or a range of two. */
function intervalOf(o: Pick<Type1, 'base' | 'range' | 'control'>): Interval | undefined {
  if (o.control) return undefined;
  const lo = intValue(o.base);
  if (lo === undefined) return undefined;
  if (!o.range) return [lo, lo];
  const hi = intValue(o.range.to);
  if (hi === undefined) return undefined;
  return [lo, o.range.inclusive ? hi : hi - 1n];
}

/** Sorted, disjoint, non-adjacent intervals covering the same integers. */
function merge(list: readonly Interval[]): Interval[] {
  const sorted = list.filter(([lo, hi]) => lo <= hi).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Interval[] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    // biome-ignore lint/complexity/useMathMinMax: bigints; Math.max takes numbers only
    if (last && lo <= last[1] + 1n) last[1] = hi > last[1] ? hi : last[1];
    else out.push([lo, hi]);
  }
  return out;
}

/** The integers of `a` that `b` lacks. */
function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let rest: Interval[] = a.map(([lo, hi]) => [lo, hi]);
  for (const [c, d] of b) {
    rest = rest.flatMap(([x, y]): Interval[] => {
      if (d < x || c > y) return [[x, y]];
      const pieces: Interval[] = [];
      if (x < c) pieces.push([x, c - 1n]);
      if (y > d) pieces.push([d + 1n, y]);
      return pieces;
    });
  }
  return rest;
}

/** The integers lost and gained between two sets, as text for a message. */
function intSetChange(o: readonly Interval[], n: readonly Interval[]): { lost: string[]; gained: string[] } {
  const lost = subtract(merge(o), merge(n));
  const gained = subtract(merge(n), merge(o));
  return { lost: lost.length ? [showIntervals(lost)] : [], gained: gained.length ? [showIntervals(gained)] : [] };
}

function showIntervals(list: readonly Interval[]): string {
  return list.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}..${hi}`)).join(', ');
}

// ---- controls

/**
 * Controls that only take values away from their base (RFC 8610 §3.8, RFC 9165): adding one
 * narrows, removing one widens. `.default`, `.feature` and the computing ones (`.plus`, `.cat`,
 * `.det`) are not among them: their changes stay type changes.
 */
const RESTRICTING_CONTROLS = new Set(['size', 'bits', 'regexp', 'cbor', 'cborseq', 'within', 'and', 'lt', 'le', 'gt', 'ge', 'eq', 'ne', 'abnf', 'abnfb']);

/** The most a `uint .size n` can hold (n bytes); RFC 8610 §3.8.1. */
const maxOfBytes = (n: bigint): bigint => 256n ** n - 1n;

/**
 * The values a control lets through, as integers: lengths for `.size` on strings, values for
 * `.size` on `uint` and for the bounds; undefined when its argument is not an integer or range.
 */
function controlValues(c: NonNullable<Type1['control']>, base: Type2): Interval[] | undefined {
  const arg: Pick<Type1, 'base' | 'range' | 'control'> = c.arg.kind === 'paren' && c.arg.type.options.length === 1 ? c.arg.type.options[0]! : { base: c.arg };
  const bounds = intervalOf(arg);
  if (!bounds) return undefined;
  const [lo, hi] = bounds;
  const INF = 2n ** 64n;
  switch (c.name) {
    case 'size':
      return base.kind === 'ref' && base.name === 'uint' ? [[0n, maxOfBytes(hi)]] : [[lo, hi]];
    case 'lt':
      return arg.range ? undefined : [[-INF, lo - 1n]];
    case 'le':
      return arg.range ? undefined : [[-INF, lo]];
    case 'gt':
      return arg.range ? undefined : [[lo + 1n, INF]];
    case 'ge':
      return arg.range ? undefined : [[lo, INF]];
    default:
      return undefined;
  }
}

/** Whether the new control lets through a subset (narrower) or a superset (wider) of what the old one does. */
function controlRelation(o: Type1['control'], n: Type1['control'], base: Type2): 'narrower' | 'wider' | undefined {
  if (!o) return n && RESTRICTING_CONTROLS.has(n.name) ? 'narrower' : undefined;
  if (!n) return RESTRICTING_CONTROLS.has(o.name) ? 'wider' : undefined;
  if (o.name !== n.name) return undefined;
  const a = controlValues(o, base);
  const b = controlValues(n, base);
  if (!a || !b) return undefined;
  if (subtract(b, a).length === 0) return 'narrower';
  if (subtract(a, b).length === 0) return 'wider';
  return undefined;
}

// ---- prelude

/**
 * The prelude types as sets of elementary CBOR values (RFC 8610 Appendix D), to tell a narrowing
 * (`int` → `uint`) from an unrelated change (`int` → `tstr`). `any` holds everything.
 */
const PRELUDE_VALUES: Readonly<Record<string, readonly string[]>> = {
  uint: ['uint'],
  nint: ['nint'],
  int: ['uint', 'nint'],
  biguint: ['biguint'],
  bignint: ['bignint'],
  bigint: ['biguint', 'bignint'],
  integer: ['uint', 'nint', 'biguint', 'bignint'],
  unsigned: ['uint', 'biguint'],
  bstr: ['bstr'],
  tstr: ['tstr'],
  float16: ['f16'],
  float32: ['f32'],
  float64: ['f64'],
  'float16-32': ['f16', 'f32'],
  'float32-64': ['f32', 'f64'],
  float: ['f16', 'f32', 'f64'],
  number: ['uint', 'nint', 'f16', 'f32', 'f64'],
  false: ['false'],
  true: ['true'],
  bool: ['false', 'true'],
  null: ['null'],
  undefined: ['undefined'],
};
const ANY_VALUE = [...new Set(Object.values(PRELUDE_VALUES).flat()), 'other'];

function preludeValues(name: string): readonly string[] | undefined {
  if (!CDDL_PRELUDE.has(name)) return undefined;
  return name === 'any' ? ANY_VALUE : PRELUDE_VALUES[name];
}

// ---- text

/**
 * The rule's text without comments and with each run of white space as one blank: equal for two
 * texts that differ only in comments, indentation or line breaks.
 */
function sourceText(text: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === ';') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else {
      out += c;
    }
  }
  return out.replace(/\s+/g, ' ').trim();
}

function showOccurrence(o: Occurrence | undefined): string {
  return o ? `\`${renderOccurrence(o)}\`` : 'exactly once';
}

/** How a map key shows in a subject: `name`, `1`, `tstr` for `* tstr => …`. */
function mapKeyText(e: GroupEntry): string {
  if (e.kind !== 'member' || !e.key) return renderEntry({ ...e, occurrence: undefined });
  const k = e.key;
  if (k.kind === 'bareword') return k.name;
  if (k.kind === 'value') return k.value.kind === 'text' ? k.value.value : renderValue(k.value);
  return renderType(k.type);
}

/** Inline code in a message, long definitions cut short. */
function code(s: string): string {
  return `\`${s.length > 80 ? `${s.slice(0, 77)}…` : s}\``;
}
