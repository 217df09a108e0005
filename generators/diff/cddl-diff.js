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
import { renderEntries, renderEntry, renderOccurrence, renderType, renderType1, renderType2, renderValue } from "../cddl/render.js";
import { CDDL_PRELUDE } from "../cddl/parse/prelude.js";
import { alignByKey, alignmentRuns, matchByKey, pairInOrder } from "./align.js";
import { locationOf } from "./location.js";
import { findingRule, levelOf } from "./rules.js";
export function diffCddl(oldSide, newSide) {
    // A side without CDDL (a TLS-only draft, an OpenAPI file) is a different kind of input, not a
    // version that removed every rule.
    if (oldSide.cddl.length === 0 || newSide.cddl.length === 0)
        return [];
    const old = loadVersion(oldSide.cddl);
    const next = loadVersion(newSide.cddl);
    // A rule that did not parse in the other version is neither removed nor added (nor renamed):
    // what that version says about it is unknown.
    const unparsedInNew = (name) => newSide.unparsed?.has(name) ?? false;
    const unparsedInOld = (name) => oldSide.unparsed?.has(name) ?? false;
    const renames = findRenames(old, next, unparsedInNew, unparsedInOld);
    const renamedTo = new Set(renames.values());
    const out = [];
    /** Findings about each rule's own definition, by its name in the new version (old name if removed). */
    const own = new Map();
    const record = (name, findings) => {
        own.set(name, findings);
        for (const item of findings)
            out.push(item);
    };
    for (const o of old.defs.values()) {
        const n = next.defs.get(o.name);
        if (n)
            record(n.name, new DefComparer(old, next, renames, o, n).run());
        else if (!renames.has(o.name) && !unparsedInNew(o.name))
            record(o.name, [ruleFinding('cddl-rule-removed', o.name, `Rule \`${o.name}\` was removed.`, o, undefined)]);
    }
    for (const [from, to] of renames) {
        const o = old.defs.get(from);
        const n = next.defs.get(to);
        record(to, [ruleFinding('cddl-rule-renamed', from, `Rule \`${from}\` was renamed to \`${to}\`; its definition is unchanged.`, o, n)]);
    }
    for (const n of next.defs.values()) {
        if (!old.defs.has(n.name) && !renamedTo.has(n.name) && !unparsedInOld(n.name))
            out.push(ruleFinding('cddl-rule-added', n.name, `Rule \`${n.name}\` was added.`, undefined, n));
    }
    for (const item of dependencyFindings(old, next, renames, own))
        out.push(item);
    return out;
}
function loadVersion(specs) {
    const byName = new Map();
    for (const spec of specs) {
        for (const rule of spec.rules) {
            const list = byName.get(rule.name);
            if (list)
                list.push(rule);
            else
                byName.set(rule.name, [rule]);
        }
    }
    const defined = new Set(byName.keys());
    const defs = new Map();
    for (const [name, rules] of byName)
        defs.set(name, mergeRules(rules, defined));
    return { defs, containers: groupContainers(defs) };
}
/**
 * One rule from its definitions: the first `=` (later `=` ones are the repeats drafts make in each
 * file, or a duplicate the linter reports), extended by every `/=` or `//=` of the same kind.
 */
function mergeRules(rules, defined) {
    const base = rules.find((r) => r.assign === '=') ?? rules[0];
    const extensions = rules.filter((r) => r !== base && r.assign !== '=' && r.kind === base.kind);
    const body = base.kind === 'type'
        ? { kind: 'type', type: normType({ options: [base.type, ...extensions.map((r) => r.type)].flatMap((t) => t.options) }, defined) }
        : { kind: 'group', group: normGroup({ choices: [base.group, ...extensions.map((r) => r.group)].flatMap((g) => g.choices) }, defined) };
    return { name: base.name, params: base.params ?? [], body, text: [base, ...extensions].map((r) => r.text).join('\n'), provenance: base.provenance };
}
/** Prelude names that are another prelude type under a second name (RFC 8610 Appendix D). */
const PRELUDE_ALIASES = { bytes: 'bstr', text: 'tstr', nil: 'null' };
function normType(t, defined) {
    return { options: t.options.flatMap((o) => normType1(o, defined)) };
}
function normType1(o, defined) {
    // `a / (b / c)` is `a / b / c`.
    if (o.base.kind === 'paren' && !o.range && !o.control)
        return normType(o.base.type, defined).options;
    const out = { base: normType2(o.base, defined), provenance: o.provenance };
    if (o.range)
        out.range = { inclusive: o.range.inclusive, to: normType2(o.range.to, defined) };
    if (o.control)
        out.control = { name: o.control.name, arg: normType2(o.control.arg, defined) };
    return [out];
}
function normType2(t, defined) {
    const args = (a) => (a ? { args: a.map((x) => normType(x, defined)) } : {});
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
            const only = inner.options.length === 1 ? inner.options[0] : undefined;
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
function normGroup(g, defined) {
    return { choices: g.choices.map((entries) => entries.flatMap((e) => normEntry(e, defined))) };
}
function normEntry(e, defined) {
    // `1*1` is what no indicator says.
    const occurrence = e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1) ? { occurrence: e.occurrence } : {};
    switch (e.kind) {
        case 'member': {
            const key = e.key?.kind === 'type' ? { key: { ...e.key, type: normType(e.key.type, defined) } } : e.key ? { key: e.key } : {};
            return [{ kind: 'member', ...occurrence, ...key, type: normType(e.type, defined), provenance: e.provenance }];
        }
        case 'groupRef':
            return [{ kind: 'groupRef', ...occurrence, name: e.name, ...(e.args ? { args: e.args.map((a) => normType(a, defined)) } : {}), provenance: e.provenance }];
        case 'inline': {
            const group = normGroup(e.group, defined);
            // `( a, b )` without an occurrence is just its members.
            if (!('occurrence' in occurrence) && group.choices.length === 1)
                return group.choices[0];
            return [{ kind: 'inline', ...occurrence, group, provenance: e.provenance }];
        }
    }
}
/**
 * Array or map, for each group rule used inside one (`NullPart` in `[ … ( NullPart // … ) ]`),
 * following group rules used in group rules. A group rule nothing places counts as a map when it
 * has a key that only maps have (`=>`, a value), as an array otherwise.
 */
function groupContainers(defs) {
    const found = new Map();
    const pending = [];
    const visitGroup = (g, container) => {
        for (const e of g.choices.flat()) {
            const name = groupNameOf(e, defs);
            if (name && container && !found.has(name)) {
                found.set(name, container);
                pending.push([defs.get(name).body.group, container]);
            }
            if (e.kind === 'member')
                visitType(e.type);
            if (e.kind === 'inline')
                visitGroup(e.group, container);
        }
    };
    const visitType = (t) => {
        for (const o of t.options) {
            const b = o.base;
            if (b.kind === 'array' || b.kind === 'map')
                visitGroup(b.group, b.kind);
            else if (b.kind === 'paren' || b.kind === 'tag')
                visitType(b.type);
        }
    };
    for (const def of defs.values()) {
        if (def.body.kind === 'type')
            visitType(def.body.type);
        else
            visitGroup(def.body.group, undefined);
    }
    for (let next = pending.pop(); next; next = pending.pop())
        visitGroup(...next);
    for (const def of defs.values()) {
        if (def.body.kind === 'group' && !found.has(def.name)) {
            const mapOnly = def.body.group.choices.flat().some((e) => e.kind === 'member' && e.key !== undefined && e.key.kind !== 'bareword');
            found.set(def.name, mapOnly ? 'map' : 'array');
        }
    }
    return found;
}
/** The group rule a keyless entry splices in, if it names one. */
function groupNameOf(e, defs) {
    let name;
    if (e.kind === 'groupRef')
        name = e.name;
    else if (e.kind === 'member' && !e.key && e.type.options.length === 1) {
        const o = e.type.options[0];
        if (o.base.kind === 'ref' && !o.range && !o.control)
            name = o.base.name;
    }
    return name !== undefined && defs.get(name)?.body.kind === 'group' ? name : undefined;
}
// ---------------------------------------------------------------- renames and dependencies
/**
 * Rules gone from the old version whose definition is an added rule's: renamed. Repeated because a
 * rename can make the definitions of the rules that use the renamed rule equal in turn.
 */
function findRenames(old, next, unparsedInNew, unparsedInOld) {
    const renames = new Map();
    const removed = [...old.defs.values()].filter((d) => !next.defs.has(d.name) && !unparsedInNew(d.name));
    const added = [...next.defs.values()].filter((d) => !old.defs.has(d.name) && !unparsedInOld(d.name));
    for (let found = true; found;) {
        const taken = new Set(renames.values());
        const from = removed.filter((d) => !renames.has(d.name));
        const to = added.filter((d) => !taken.has(d.name));
        const m = matchByKey(from, to, (d, side) => canon({ params: d.params, body: d.body }, side === 'old' ? renames : undefined));
        for (const [i, j] of m.pairs)
            renames.set(from[i].name, to[j].name);
        found = m.pairs.length > 0;
    }
    return renames;
}
/** A finding that matters to peers: WIRE at ERR or WARN (the causes `cddl-type-changed-via-dependency` follows). */
function changesTheWire(f) {
    const rule = findingRule(f.rule);
    return rule.category === 'WIRE' && levelOf(rule, f.direction) !== 'INFO';
}
/**
 * `cddl-type-changed-via-dependency` for every rule of both versions with no finding of its own that
 * uses, directly or through other rules, a rule that changed on the wire. Its causes are the rules
 * it uses directly that changed or lead to a change, not counting paths back through itself (in
 * `NestedPart` → `MultiPart` → `NestedPart`, `MultiPart` is not a cause of `NestedPart`).
 */
function dependencyFindings(old, next, renames, own) {
    const oldNameOf = new Map([...old.defs.keys()].filter((k) => next.defs.has(k)).map((k) => [k, k]));
    for (const [from, to] of renames)
        oldNameOf.set(to, from);
    const seeds = new Set([...own].filter(([, fs]) => fs.some(changesTheWire)).map(([name]) => name));
    const uses = new Map([...oldNameOf.keys()].map((name) => [name, referencesOf(next.defs.get(name))]));
    const reachesSeed = (from, avoid) => {
        const seen = new Set([avoid]);
        const stack = [from];
        for (let name = stack.pop(); name !== undefined; name = stack.pop()) {
            if (seen.has(name))
                continue;
            if (seeds.has(name))
                return true;
            seen.add(name);
            for (const item of uses.get(name) ?? [])
                stack.push(item);
        }
        return false;
    };
    const out = [];
    for (const [name, refs] of uses) {
        if ((own.get(name)?.length ?? 0) > 0)
            continue;
        const causes = [...refs].filter((r) => reachesSeed(r, name));
        if (causes.length === 0)
            continue;
        const o = old.defs.get(oldNameOf.get(name));
        const n = next.defs.get(name);
        const names = causes.map((c) => `\`${c}\``).join(', ');
        const message = `Rule \`${name}\` is unchanged, but ${causes.length === 1 ? 'the rule' : 'rules'} ${names} it uses changed on the wire.`;
        out.push({ ...ruleFinding('cddl-type-changed-via-dependency', name, message, o, n), causes });
    }
    return out;
}
const REF_KINDS = new Set(['ref', 'unwrap', 'enumRef', 'groupRef']);
/** Names a definition uses (types, groups, enumerations, unwrapped rules), its generic parameters aside. */
function referencesOf(def) {
    const out = new Set();
    const walk = (node) => {
        if (Array.isArray(node))
            node.forEach(walk);
        else if (node && typeof node === 'object') {
            const o = node;
            if (REF_KINDS.has(o['kind']) && typeof o['name'] === 'string' && !def.params.includes(o['name']))
                out.add(o['name']);
            for (const [k, v] of Object.entries(o))
                if (k !== 'provenance')
                    walk(v);
        }
    };
    walk(def.body);
    return out;
}
function ruleFinding(rule, subject, message, o, n) {
    const f = { rule, domain: 'cddl', subject, message };
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
const ONCE = { min: 1, max: 1 };
/** Compares the old and the new definition of one rule; `run` returns the findings. */
class DefComparer {
    oldVersion;
    newVersion;
    renames;
    o;
    n;
    findings = [];
    constructor(oldVersion, newVersion, renames, o, n) {
        this.oldVersion = oldVersion;
        this.newVersion = newVersion;
        this.renames = renames;
        this.o = o;
        this.n = n;
    }
    run() {
        const { o, n } = this;
        const at = { path: n.name, old: o.provenance, new: n.provenance };
        if (o.params.join() !== n.params.join()) {
            this.emit('cddl-member-type-changed', at, `The generic parameters of \`${n.name}\` changed from <${o.params.join(', ')}> to <${n.params.join(', ')}>.`);
        }
        else if (o.body.kind === 'type' && n.body.kind === 'type') {
            this.compareType(o.body.type, n.body.type, at);
        }
        else if (o.body.kind === 'group' && n.body.kind === 'group') {
            this.compareGroup(o.body.group, n.body.group, this.containerOf(n.name), at);
        }
        else {
            this.emit('cddl-member-type-changed', at, `Rule \`${n.name}\` changed from a ${o.body.kind} to a ${n.body.kind}.`);
        }
        // Only a rule the comparison found nothing in can be a mere rewording.
        if (this.findings.length === 0 && sourceText(o.text) !== sourceText(n.text)) {
            this.emit('cddl-definition-text-changed', at, `The CDDL text of \`${n.name}\` changed without changing what it accepts.`);
        }
        return this.findings;
    }
    // ---- types
    compareType(o, n, at) {
        if (this.same(o, n))
            return;
        if (o.options.length === 1 && n.options.length === 1)
            this.compareType1(o.options[0], n.options[0], at);
        else
            this.compareOptions(o.options, n.options, at);
    }
    /**
     * Type choices as sets: integer literals and ranges as one set of values (however split into
     * alternatives), other alternatives matched by content, and a changed alternative (the same kind
     * of array, map, tag, …) compared inside; the rest is lost (narrowed) or gained (widened).
     */
    compareOptions(o, n, at) {
        const m = matchByKey(o, n, (x, side) => this.key(x, side));
        const ints = (list, idx) => idx.map((i) => intervalOf(list[i])).filter((x) => x !== undefined);
        const values = intSetChange(ints(o, m.removed), ints(n, m.added));
        const rest = pairInOrder(m.removed.filter((i) => !intervalOf(o[i])), m.added.filter((j) => !intervalOf(n[j])), (i, j) => this.comparable(o[i], n[j]));
        for (const [i, j] of rest.pairs)
            this.compareType1(o[i], n[j], at);
        this.choiceChanged(at, [...values.lost, ...rest.removed.map((i) => code(renderType1(o[i])))], [...values.gained, ...rest.added.map((j) => code(renderType1(n[j])))]);
    }
    /** One narrowed and one widened finding at most per place, naming everything lost or gained. */
    choiceChanged(at, lost, gained) {
        if (lost.length)
            this.emit('cddl-type-choice-narrowed', at, `\`${at.path}\` no longer allows ${lost.join(', ')}.`);
        if (gained.length)
            this.emit('cddl-type-choice-widened', at, `\`${at.path}\` now also allows ${gained.join(', ')}.`);
    }
    /** Whether two alternatives are one alternative changed, rather than one lost and another gained. */
    comparable(o, n) {
        const a = o.base;
        const b = n.base;
        if (a.kind === 'ref' && b.kind === 'ref')
            return this.sameName(a.name, b.name) || this.preludeRelation(a.name, b.name) !== undefined;
        if (a.kind === 'tag' && b.kind === 'tag')
            return a.tag === b.tag;
        return a.kind === b.kind && ['array', 'map', 'enum', 'paren'].includes(a.kind);
    }
    compareType1(o, n, at) {
        if (this.same(o, n))
            return;
        const a = intervalOf(o);
        const b = intervalOf(n);
        if (a && b) {
            if (!o.range && !n.range)
                this.emit('cddl-value-renumbered', at, `\`${at.path}\` changed value from ${showIntervals([a])} to ${showIntervals([b])}.`);
            else {
                const change = intSetChange([a], [b]);
                this.choiceChanged(at, change.lost, change.gained);
            }
            return;
        }
        if (!this.same({ base: o.base, range: o.range }, { base: n.base, range: n.range })) {
            if (o.range || n.range)
                this.typeChanged(at, renderType1({ ...o, control: undefined }), renderType1({ ...n, control: undefined }));
            else
                this.compareType2(o.base, n.base, at);
        }
        if (!this.same(o.control ?? null, n.control ?? null))
            this.compareControls(o.control, n.control, at);
    }
    /** `.size` gained, lost or changed is a size change; any other control (`.bits`, `.regexp`, …) a type change. */
    compareControls(o, n, at) {
        if (o?.name === 'size' || n?.name === 'size') {
            const size = (c) => (c?.name === 'size' ? code(renderType2(c.arg)) : 'none');
            this.emit('cddl-size-changed', at, `The \`.size\` of \`${at.path}\` changed from ${size(o)} to ${size(n)}.`);
        }
        else {
            const show = (c) => (c ? code(`.${c.name} ${renderType2(c.arg)}`) : 'none');
            this.emit('cddl-member-type-changed', at, `The control of \`${at.path}\` changed from ${show(o)} to ${show(n)}.`);
        }
    }
    compareType2(o, n, at) {
        if (this.same(o, n))
            return;
        if (o.kind === 'value' && n.kind === 'value' && o.value.kind === n.value.kind) {
            this.emit('cddl-value-renumbered', at, `\`${at.path}\` changed value from ${renderValue(o.value)} to ${renderValue(n.value)}.`);
        }
        else if (o.kind === 'ref' && n.kind === 'ref') {
            this.compareRefs(o, n, at);
        }
        else if ((o.kind === 'array' && n.kind === 'array') || (o.kind === 'map' && n.kind === 'map')) {
            this.compareGroup(o.group, n.group, o.kind, at);
        }
        else if (o.kind === 'enum' && n.kind === 'enum') {
            this.compareEnum(o.group, n.group, at);
        }
        else if ((o.kind === 'tag' && n.kind === 'tag' && o.tag === n.tag) || (o.kind === 'paren' && n.kind === 'paren')) {
            this.compareType(o.type, n.type, at);
        }
        else {
            this.typeChanged(at, renderType2(o), renderType2(n));
        }
    }
    compareRefs(o, n, at) {
        if (this.sameName(o.name, n.name) && (o.args?.length ?? 0) === (n.args?.length ?? 0)) {
            (o.args ?? []).forEach((arg, i) => this.compareType(arg, n.args[i], at));
            return;
        }
        const relation = this.sameName(o.name, n.name) ? undefined : this.preludeRelation(o.name, n.name);
        if (relation === 'narrower')
            this.emit('cddl-type-choice-narrowed', at, `\`${at.path}\` is now \`${n.name}\`, narrower than \`${o.name}\`.`);
        else if (relation === 'wider')
            this.emit('cddl-type-choice-widened', at, `\`${at.path}\` is now \`${n.name}\`, wider than \`${o.name}\`.`);
        else
            this.typeChanged(at, renderType2(o), renderType2(n));
    }
    /** For two prelude types (not redefined by the spec): whether the new one allows a subset or a superset of the old one's values. */
    preludeRelation(from, to) {
        if (this.oldVersion.defs.has(from) || this.newVersion.defs.has(to))
            return undefined;
        const a = preludeValues(from);
        const b = preludeValues(to);
        if (!a || !b)
            return undefined;
        if (b.every((x) => a.includes(x)))
            return 'narrower';
        if (a.every((x) => b.includes(x)))
            return 'wider';
        return undefined;
    }
    // ---- groups
    compareGroup(o, n, container, at) {
        if (this.same(o, n))
            return;
        if (o.choices.length === 1 && n.choices.length === 1) {
            this.compareEntries(o.choices[0], n.choices[0], container, at);
            return;
        }
        // Group choices (`a // b`) as a set, like type choices; a choice whose first member keeps its
        // key is the same choice changed.
        const m = matchByKey(o.choices, n.choices, (c, side) => this.key(c, side));
        const first = (c, side) => (c[0] ? this.entryKey(c[0], container, side) : '');
        const rest = pairInOrder(m.removed, m.added, (i, j) => first(o.choices[i], 'old') === first(n.choices[j], 'new'));
        for (const [i, j] of rest.pairs)
            this.compareEntries(o.choices[i], n.choices[j], container, at);
        const show = (c) => `the group choice ${code(`(${renderEntries(c)})`)}`;
        this.choiceChanged(at, rest.removed.map((i) => show(o.choices[i])), rest.added.map((j) => show(n.choices[j])));
    }
    compareEntries(o, n, container, at) {
        if (container === 'map')
            this.compareMap(o, n, at);
        else
            this.compareArray(o, n, at);
    }
    /** CBOR arrays are positional: members are aligned by label (by content when unlabelled) so an insertion is one finding. */
    compareArray(o, n, at) {
        for (const run of alignmentRuns(alignByKey(o, n, (e, side) => this.entryKey(e, 'array', side)))) {
            if (run.kind === 'same')
                this.compareEntry(o[run.old], n[run.new], 'array', this.memberPlace(at, [o, run.old], [n, run.new]));
            else
                this.compareArrayGap(o, run.removed, n, run.added, at);
        }
    }
    /**
     * Members removed and added at one place: a pair of the same type is one member renamed; an
     * unlabelled pair is one member whose type changed; anything else was removed or inserted.
     */
    compareArrayGap(o, removed, n, added, at) {
        const byType = alignByKey(removed.map((i) => o[i]), added.map((j) => n[j]), (e, side) => this.key(unlabelled(e), side));
        const left = [];
        const right = [];
        for (const s of byType) {
            if (s.kind === 'removed')
                left.push(removed[s.old]);
            else if (s.kind === 'added')
                right.push(added[s.new]);
            else {
                const i = removed[s.old];
                const j = added[s.new];
                const place = this.memberPlace(at, [o, i], [n, j]);
                const from = labelOf(o[i]);
                const to = labelOf(n[j]);
                if (from !== to) {
                    this.emit('cddl-array-member-renamed', place, `The member at index ${j} of \`${at.path}\` was renamed from ${showLabel(from)} to ${showLabel(to)}.`);
                }
                this.compareEntry(o[i], n[j], 'array', place);
            }
        }
        const rest = pairInOrder(left, right, (i, j) => labelOf(o[i]) === undefined && labelOf(n[j]) === undefined);
        for (const [i, j] of rest.pairs)
            this.compareEntry(o[i], n[j], 'array', this.memberPlace(at, [o, i], [n, j]));
        for (const i of rest.removed) {
            this.emit('cddl-array-member-removed', this.memberPlace(at, [o, i], undefined), `${code(renderEntry(o[i]))} was removed from the array \`${at.path}\` (it was at index ${i}).`);
        }
        for (const j of rest.added) {
            this.emit('cddl-array-member-inserted', this.memberPlace(at, undefined, [n, j]), `${code(renderEntry(n[j]))} was inserted into the array \`${at.path}\` at index ${j}.`);
        }
    }
    /** Maps by key: what keys were lost or gained, and what changed under the keys both have. */
    compareMap(o, n, at) {
        const m = matchByKey(o, n, (e, side) => this.entryKey(e, 'map', side));
        const place = (e, oldE, newE) => ({
            path: `${at.path}{${mapKeyText(e)}}`,
            old: oldE?.provenance ?? at.old,
            new: newE?.provenance ?? at.new,
        });
        for (const [i, j] of m.pairs)
            this.compareEntry(o[i], n[j], 'map', place(o[i], o[i], n[j]));
        for (const i of m.removed) {
            const e = o[i];
            this.emit('cddl-map-key-removed', place(e, e, undefined), `Key ${code(mapKeyText(e))} was removed from the map \`${at.path}\`.`);
        }
        for (const j of m.added) {
            const e = n[j];
            const required = (e.occurrence ?? ONCE).min >= 1;
            this.emit(required ? 'cddl-map-required-key-added' : 'cddl-map-optional-key-added', place(e, undefined, e), `${required ? 'Required' : 'Optional'} key ${code(renderEntry(e))} was added to the map \`${at.path}\`.`);
        }
    }
    compareEntry(o, n, container, at) {
        if (!this.same(o.occurrence ?? ONCE, n.occurrence ?? ONCE)) {
            this.emit('cddl-occurrence-changed', at, `\`${at.path}\` changed occurrence from ${showOccurrence(o.occurrence)} to ${showOccurrence(n.occurrence)}.`);
        }
        if (o.kind === 'member' && n.kind === 'member')
            this.compareType(o.type, n.type, at);
        else if (o.kind === 'inline' && n.kind === 'inline')
            this.compareGroup(o.group, n.group, container, at);
        else if (!this.same(unlabelled(o), unlabelled(n)))
            this.typeChanged(at, renderEntry(unlabelled(o)), renderEntry(unlabelled(n)));
    }
    /**
     * `&( a: 1, b: 2 )` as a set of named values: a name with a new value is renumbered; a name gone
     * (gained) narrows (widens) the choice unless its value is still (already) allowed under another
     * name, which changes no byte.
     */
    compareEnum(o, n, at) {
        const oldMembers = enumMembers(o);
        const newMembers = enumMembers(n);
        const allInts = (ms) => merge(ms.flatMap((x) => x.values ?? []));
        const m = matchByKey(oldMembers, newMembers, (x) => x.name);
        for (const [i, j] of m.pairs) {
            const a = oldMembers[i];
            const b = newMembers[j];
            this.compareType(a.type, b.type, { path: `${at.path}.${a.name}`, old: a.provenance, new: b.provenance });
        }
        // Whether every value of `x` is among those of `others` (of the other version).
        const allowed = (x, side, others, othersSide) => x.values ? subtract(merge(x.values), allInts(others)).length === 0 : others.some((y) => this.key(y.type, othersSide) === this.key(x.type, side));
        for (const i of m.removed) {
            const x = oldMembers[i];
            if (!allowed(x, 'old', newMembers, 'new')) {
                this.emit('cddl-type-choice-narrowed', { path: `${at.path}.${x.name}`, old: x.provenance, new: at.new }, `\`${at.path}\` no longer allows \`${x.name}\` (${code(renderType(x.type))}).`);
            }
        }
        for (const j of m.added) {
            const x = newMembers[j];
            if (!allowed(x, 'new', oldMembers, 'old')) {
                this.emit('cddl-type-choice-widened', { path: `${at.path}.${x.name}`, old: at.old, new: x.provenance }, `\`${at.path}\` now also allows \`${x.name}\` (${code(renderType(x.type))}).`);
            }
        }
    }
    // ---- helpers
    containerOf(name) {
        return this.newVersion.containers.get(name) ?? this.oldVersion.containers.get(name) ?? 'array';
    }
    /** The content of an IR node as a string, references of the old version renamed. */
    key(node, side) {
        return canon(node, side === 'old' ? this.renames : undefined);
    }
    same(o, n) {
        return this.key(o, 'old') === this.key(n, 'new');
    }
    sameName(o, n) {
        return (this.renames.get(o) ?? o) === n;
    }
    /** What identifies a group entry: its label in an array, its key in a map, else its content. */
    entryKey(e, container, side) {
        if (container === 'array') {
            const label = labelOf(e);
            return label !== undefined ? `label:${label}` : `entry:${this.key(unlabelled(e), side)}`;
        }
        if (e.kind !== 'member' || !e.key)
            return `entry:${this.key({ ...e, occurrence: undefined }, side)}`;
        const k = e.key;
        // In a map `name:` is the text key "name".
        if (k.kind === 'bareword')
            return `text:${k.name}`;
        if (k.kind === 'value')
            return k.value.kind === 'text' ? `text:${k.value.value}` : `value:${canon(k.value)}`;
        return `type:${this.key(k.type, side)}`;
    }
    /** `Rule.label` for a labelled array member (the old label when both have one), `Rule[i]` otherwise. */
    memberPlace(at, o, n) {
        const oldE = o && o[0][o[1]];
        const newE = n && n[0][n[1]];
        const label = (oldE && labelOf(oldE)) ?? (newE && labelOf(newE));
        const suffix = label !== undefined ? `.${label}` : `[${(n ?? o)?.[1]}]`;
        return { path: `${at.path}${suffix}`, old: oldE?.provenance ?? at.old, new: newE?.provenance ?? at.new };
    }
    typeChanged(at, from, to) {
        this.emit('cddl-member-type-changed', at, `The type of \`${at.path}\` changed from ${code(from)} to ${code(to)}.`);
    }
    emit(rule, at, message) {
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
function canon(node, rename) {
    const strip = (x) => {
        if (Array.isArray(x))
            return x.map(strip);
        if (!x || typeof x !== 'object')
            return x;
        const o = x;
        const out = {};
        for (const k of Object.keys(o).sort()) {
            if (k === 'provenance' || k === 'text' || o[k] === undefined)
                continue;
            out[k] = k === 'name' && rename && REF_KINDS.has(o['kind']) ? (rename.get(o[k]) ?? o[k]) : strip(o[k]);
        }
        return out;
    };
    return JSON.stringify(strip(node));
}
function labelOf(e) {
    return e.kind === 'member' && e.key?.kind === 'bareword' ? e.key.name : undefined;
}
/** The entry without its array label and occurrence: what it holds. */
function unlabelled(e) {
    if (e.kind !== 'member')
        return { ...e, occurrence: undefined };
    const { key, ...rest } = e;
    return key?.kind === 'bareword' ? { ...rest, occurrence: undefined } : { ...e, occurrence: undefined };
}
function showLabel(label) {
    return label === undefined ? 'no label' : `\`${label}\``;
}
function enumMembers(g) {
    return g.choices.flat().flatMap((e) => {
        if (e.kind !== 'member')
            return [];
        const ints = e.type.options.map(intervalOf);
        const values = ints.every((x) => x !== undefined) ? ints : undefined;
        return [{ name: labelOf(e) ?? renderType(e.type), type: e.type, values, provenance: e.provenance }];
    });
}
function intValue(t) {
    return t.kind === 'value' && t.value.kind === 'int' ? BigInt(t.value.big ?? t.value.value) : undefined;
}
/** The integers an alternative allows, when it is an integer literal or a range of two. */
function intervalOf(o) {
    if (o.control)
        return undefined;
    const lo = intValue(o.base);
    if (lo === undefined)
        return undefined;
    if (!o.range)
        return [lo, lo];
    const hi = intValue(o.range.to);
    if (hi === undefined)
        return undefined;
    return [lo, o.range.inclusive ? hi : hi - 1n];
}
/** Sorted, disjoint, non-adjacent intervals covering the same integers. */
function merge(list) {
    const sorted = list.filter(([lo, hi]) => lo <= hi).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const out = [];
    for (const [lo, hi] of sorted) {
        const last = out[out.length - 1];
        if (last && lo <= last[1] + 1n)
            last[1] = hi > last[1] ? hi : last[1];
        else
            out.push([lo, hi]);
    }
    return out;
}
/** The integers of `a` that `b` lacks. */
function subtract(a, b) {
    let rest = a.map(([lo, hi]) => [lo, hi]);
    for (const [c, d] of b) {
        rest = rest.flatMap(([x, y]) => {
            if (d < x || c > y)
                return [[x, y]];
            const pieces = [];
            if (x < c)
                pieces.push([x, c - 1n]);
            if (y > d)
                pieces.push([d + 1n, y]);
            return pieces;
        });
    }
    return rest;
}
/** The integers lost and gained between two sets, as text for a message. */
function intSetChange(o, n) {
    const lost = subtract(merge(o), merge(n));
    const gained = subtract(merge(n), merge(o));
    return { lost: lost.length ? [showIntervals(lost)] : [], gained: gained.length ? [showIntervals(gained)] : [] };
}
function showIntervals(list) {
    return list.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}..${hi}`)).join(', ');
}
// ---- prelude
/**
 * The prelude types as sets of elementary CBOR values (RFC 8610 Appendix D), to tell a narrowing
 * (`int` → `uint`) from an unrelated change (`int` → `tstr`). `any` holds everything.
 */
const PRELUDE_VALUES = {
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
function preludeValues(name) {
    if (!CDDL_PRELUDE.has(name))
        return undefined;
    return name === 'any' ? ANY_VALUE : PRELUDE_VALUES[name];
}
// ---- text
/**
 * The rule's text without comments and with each run of white space as one blank: equal for two
 * texts that differ only in comments, indentation or line breaks.
 */
function sourceText(text) {
    let out = '';
    let quote;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            out += c;
            if (c === '\\')
                out += text[++i] ?? '';
            else if (c === quote)
                quote = undefined;
        }
        else if (c === '"' || c === "'") {
            quote = c;
            out += c;
        }
        else if (c === ';') {
            while (i + 1 < text.length && text[i + 1] !== '\n')
                i++;
        }
        else {
            out += c;
        }
    }
    return out.replace(/\s+/g, ' ').trim();
}
function showOccurrence(o) {
    return o ? `\`${renderOccurrence(o)}\`` : 'exactly once';
}
/** How a map key shows in a subject: `name`, `1`, `tstr` for `* tstr => …`. */
function mapKeyText(e) {
    if (e.kind !== 'member' || !e.key)
        return renderEntry({ ...e, occurrence: undefined });
    const k = e.key;
    if (k.kind === 'bareword')
        return k.name;
    if (k.kind === 'value')
        return k.value.kind === 'text' ? k.value.value : renderValue(k.value);
    return renderType(k.type);
}
/** Inline code in a message, long definitions cut short. */
function code(s) {
    return `\`${s.length > 80 ? `${s.slice(0, 77)}…` : s}\``;
}
//# sourceMappingURL=cddl-diff.js.map