/**
 * Checks over parsed CDDL specs that the grammar cannot make: names that are used but defined
 * nowhere, rules defined twice, keys repeated in one map (or labels in one array), repeated names
 * or values in an enumeration, and rules nothing uses.
 *
 * The specs are linted together (a draft's CDDL is often split over several files that use each
 * other's rules). Codes:
 * - `undefined-rule` (error): a reference to a name that is neither defined, nor in the RFC 8610
 *   prelude, nor a socket (`$name`, `$$name`: undefined sockets are extension points).
 * - `duplicate-rule` (error): a name defined twice with `=`, differently.
 * - `repeated-rule` (warning): a name defined twice with `=`, identically (same IR minus provenance
 *   and text), as drafts do when each file repeats a shared definition.
 * - `duplicate-key` (error): two members of one group choice with the same bareword or value key
 *   (in a map, `name:` and `"name":` are the same key; in an array the bareword labels must differ),
 *   or two members of an enumeration `&( … )` with the same name or the same value.
 * - `unused-rule` (warning): a rule no other rule uses; the first rule of each file is its root and
 *   counts as used. Sockets are never unused.
 * - `recursive-rule` (error): a rule defined through itself with no array, map or tag in between
 *   (`a = a`, `a = b` / `b = a`), which has no finite value (passes/rule-cycles.ts).
 * - `invalid-range` (error): an integer range that is empty (`5..1`, `1...1`) or has a bound outside
 *   the CBOR integers, -2^64..2^64-1 (`0..18446744073709551616`); bounds that are value rules count.
 * - `invalid-size` (error): `.size` beyond 8 bytes on `uint`, or a negative or empty length.
 */

import { renderType1, renderValue } from '../cddl/render.ts';
import { sortDiagnostics, diagnosticAt, type Diagnostic } from '../common/diagnostics.ts';
import { didYouMean } from '../common/suggestions.ts';
import type { CddlSpec, Group, GroupEntry, Provenance, Rule, Type, Type1, Type2, Value } from '../cddl/ir.ts';
import { CDDL_PRELUDE } from '../cddl/parse/prelude.ts';
import { exactInt, intSizeProblem, lengthSizeProblem, rangeProblem } from '../cddl/passes/int-bounds.ts';
import { findRuleCycles } from '../cddl/passes/rule-cycles.ts';

export function lintCddl(specs: CddlSpec[]): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const rules = specs.flatMap((s) => s.rules);
  const defined = new Map<string, Rule[]>();
  for (const rule of rules) {
    const list = defined.get(rule.name);
    if (list) list.push(rule);
    else defined.set(rule.name, [rule]);
  }

  checkDefinitions(defined, diagnostics);
  for (const c of findRuleCycles(rules)) diagnostics.push(c.diagnostic);

  const literal = literalResolver(defined);
  const used = new Set<string>();
  for (const rule of rules) {
    const params = new Set(rule.params ?? []);
    const visit = (name: string, at: Provenance): void => {
      if (params.has(name)) return;
      if (name !== rule.name) used.add(name);
      if (defined.has(name) || CDDL_PRELUDE.has(name) || name.startsWith('$')) return;
      const suggestion = didYouMean(name, [...defined.keys(), ...CDDL_PRELUDE]);
      diagnostics.push(
        diagnosticAt(
          at,
          'error',
          'undefined-rule',
          `'${name}' is not defined (used in rule '${rule.name}')`,
          suggestion ? `did you mean '${suggestion}'?` : `define it with '${name} = …', or use a prelude type`,
        ),
      );
    };
    walkRule(rule, {
      reference: visit,
      group: (group, context) => checkKeys(group, context, rule.name, diagnostics),
      type1: (t1) => checkIntegers(t1, literal, rule.name, diagnostics),
    });
  }

  const roots = new Set(specs.map((s) => s.rules[0]?.name).filter((n): n is string => n !== undefined));
  for (const [name, list] of defined) {
    if (used.has(name) || roots.has(name) || name.startsWith('$')) continue;
    const first = list[0] as Rule;
    diagnostics.push(diagnosticAt(first.provenance, 'warning', 'unused-rule', `rule '${name}' is never used`, 'remove it, or use it from another rule'));
  }
  return sortDiagnostics(diagnostics);
}

// ---- definitions ----

function checkDefinitions(defined: Map<string, Rule[]>, diagnostics: Diagnostic[]): void {
  for (const [name, list] of defined) {
    const assigned: Array<{ rule: Rule; shape: string }> = [];
    for (const rule of list) {
      if (rule.assign !== '=') continue;
      const shape = JSON.stringify(strip(rule));
      const same = assigned.find((a) => a.shape === shape);
      const first = (assigned[0] as { rule: Rule } | undefined)?.rule;
      if (same) {
        diagnostics.push(
          diagnosticAt(
            rule.provenance,
            'warning',
            'repeated-rule',
            `rule '${name}' is defined again, identically (first at ${at(same.rule.provenance)})`,
            'remove the repeated definition',
          ),
        );
      } else if (first) {
        diagnostics.push(
          diagnosticAt(
            rule.provenance,
            'error',
            'duplicate-rule',
            `rule '${name}' is defined twice with '=', differently (first at ${at(first.provenance)})`,
            `rename one of them; to add alternatives to the first, write '${name} ${rule.kind === 'group' ? '//=' : '/='} …'`,
          ),
        );
      }
      assigned.push({ rule, shape });
    }
  }
}

/** The IR without provenance and text: what two definitions are compared on. */
function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) if (k !== 'provenance' && k !== 'text') out[k] = strip(v);
    return out;
  }
  return node;
}

function at(p: Provenance): string {
  return `${p.file}:${p.line}:${p.col}`;
}

// ---- integers ----

/** The value a type stands for when it is a literal or names a chain of value rules (`max = 255`), else null. */
function literalResolver(defined: ReadonlyMap<string, Rule[]>): (t: Type2) => Value | null {
  return (t) => {
    const seen = new Set<string>();
    let cur = t;
    while (cur.kind === 'ref' && !seen.has(cur.name)) {
      seen.add(cur.name);
      const rules = defined.get(cur.name);
      const only = rules?.length === 1 && rules[0]!.kind === 'type' && rules[0]!.type.options.length === 1 ? rules[0]!.type.options[0]! : undefined;
      if (!only || only.range || only.control) return null;
      cur = only.base;
    }
    return cur.kind === 'value' ? cur.value : null;
  };
}

/** Prelude integer types that `.size` limits to a byte width. */
const SIZED_INTEGERS = new Set(['uint', 'unsigned']);
/** Prelude types whose `.size` is a length in bytes. */
const SIZED_LENGTHS = new Set(['bstr', 'bytes', 'tstr', 'text', 'any']);

function checkIntegers(t1: Type1, literal: (t: Type2) => Value | null, ruleName: string, diagnostics: Diagnostic[]): void {
  if (t1.range) {
    const min = literal(t1.base);
    const max = literal(t1.range.to);
    const problem = min?.kind === 'int' && max?.kind === 'int' ? rangeProblem(exactInt(min), exactInt(max), t1.range.inclusive) : null;
    if (problem)
      diagnostics.push(
        diagnosticAt(t1.provenance, 'error', 'invalid-range', `range '${renderType1(t1)}' in rule '${ruleName}': ${problem.message}`, problem.hint),
      );
  }
  if (t1.control?.name !== 'size' || t1.base.kind !== 'ref') return;
  const arg = t1.control.arg;
  const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0]! : undefined;
  const lo = literal(inner ? inner.base : arg);
  const hi = inner?.range ? literal(inner.range.to) : lo;
  if (lo?.kind !== 'int' || hi?.kind !== 'int') return;
  const min = exactInt(lo);
  const max = exactInt(hi) - (inner?.range && !inner.range.inclusive ? 1n : 0n);
  // An empty `(a..b)` is already an invalid-range of its own.
  const lengths = SIZED_LENGTHS.has(t1.base.name) && min <= max;
  const problem = SIZED_INTEGERS.has(t1.base.name) && !inner?.range ? intSizeProblem(min) : lengths ? lengthSizeProblem(min, max) : null;
  if (problem) diagnostics.push(diagnosticAt(t1.provenance, 'error', 'invalid-size', `'${renderType1(t1)}' in rule '${ruleName}': ${problem}`));
}

// ---- keys ----

type GroupContext = 'map' | 'array' | 'group' | 'enum';

function checkKeys(group: Group, context: GroupContext, ruleName: string, diagnostics: Diagnostic[]): void {
  for (const choice of group.choices) {
    const entries = flatten(choice);
    if (context === 'enum') {
      checkEnum(entries, ruleName, diagnostics);
      continue;
    }
    const seen = new Map<string, GroupEntry>();
    for (const entry of entries) {
      if (entry.kind !== 'member' || !entry.key || entry.key.kind === 'type') continue;
      let id: string;
      let shown: string;
      if (entry.key.kind === 'bareword') {
        // In a map `name:` is the text key "name"; in an array it is a label.
        id = context === 'array' ? `label:${entry.key.name}` : `value:${JSON.stringify({ kind: 'text', value: entry.key.name })}`;
        shown = `'${entry.key.name}'`;
      } else {
        if (context === 'array') continue;
        id = `value:${JSON.stringify(entry.key.value)}`;
        shown = renderValue(entry.key.value);
      }
      const first = seen.get(id);
      if (first) {
        const inWhat = context === 'array' ? 'array' : context === 'map' ? 'map' : 'group';
        diagnostics.push(
          diagnosticAt(
            entry.provenance,
            'error',
            'duplicate-key',
            `duplicate key ${shown} in ${inWhat} of rule '${ruleName}' (first at ${first.provenance.line}:${first.provenance.col})`,
            'remove or rename one of the two members',
          ),
        );
      } else {
        seen.set(id, entry);
      }
    }
  }
}

function checkEnum(entries: GroupEntry[], ruleName: string, diagnostics: Diagnostic[]): void {
  const names = new Map<string, GroupEntry>();
  const values = new Map<string, { entry: GroupEntry; name: string }>();
  for (const entry of entries) {
    if (entry.kind !== 'member') continue;
    const name = entry.key?.kind === 'bareword' ? entry.key.name : undefined;
    if (name !== undefined) {
      const first = names.get(name);
      if (first) {
        diagnostics.push(
          diagnosticAt(
            entry.provenance,
            'error',
            'duplicate-key',
            `duplicate name '${name}' in the enumeration of rule '${ruleName}' (first at ${first.provenance.line}:${first.provenance.col})`,
            'rename one of the two members',
          ),
        );
      } else {
        names.set(name, entry);
      }
    }
    const only = entry.type.options.length === 1 ? entry.type.options[0] : undefined;
    if (!only || only.range || only.control || only.base.kind !== 'value') continue;
    const id = JSON.stringify(only.base.value);
    const first = values.get(id);
    const label = name ?? renderValue(only.base.value);
    if (first) {
      diagnostics.push(
        diagnosticAt(
          entry.provenance,
          'error',
          'duplicate-key',
          `duplicate value ${renderValue(only.base.value)} in the enumeration of rule '${ruleName}': '${label}' and '${first.name}' (first at ${first.entry.provenance.line}:${first.entry.provenance.col})`,
          'give each member its own value',
        ),
      );
    } else {
      values.set(id, { entry, name: label });
    }
  }
}

/** Entries of one group choice, with single-choice inline groups spliced in. */
function flatten(entries: GroupEntry[]): GroupEntry[] {
  return entries.flatMap((e) => (e.kind === 'inline' && e.group.choices.length === 1 ? flatten(e.group.choices[0] as GroupEntry[]) : [e]));
}

// ---- walking ----

interface Visitor {
  /** A name used as a type, group, enumeration source or unwrapped type, at the nearest provenance. */
  reference(name: string, at: Provenance): void;
  /** Every group, with what holds it (`group`: a group rule, an inline group or a generic place). */
  group(group: Group, context: GroupContext, at: Provenance): void;
  /** Every alternative of every type. */
  type1(t1: Type1): void;
}

function walkRule(rule: Rule, visitor: Visitor): void {
  if (rule.kind === 'type') walkType(rule.type, visitor);
  else walkGroup(rule.group, 'group', visitor, rule.provenance);
}

function walkType(type: Type, visitor: Visitor): void {
  for (const option of type.options) {
    visitor.type1(option);
    walkType2(option.base, visitor, option.provenance);
    if (option.range) walkType2(option.range.to, visitor, option.provenance);
    if (option.control) walkType2(option.control.arg, visitor, option.provenance);
  }
}

function walkType2(t: Type2, visitor: Visitor, at: Provenance): void {
  switch (t.kind) {
    case 'ref':
    case 'unwrap':
    case 'enumRef':
      visitor.reference(t.name, at);
      for (const arg of t.args ?? []) walkType(arg, visitor);
      return;
    case 'paren':
      walkType(t.type, visitor);
      return;
    case 'tag':
      if (t.numberType) walkType(t.numberType, visitor);
      walkType(t.type, visitor);
      return;
    case 'map':
      walkGroup(t.group, 'map', visitor, at);
      return;
    case 'array':
      walkGroup(t.group, 'array', visitor, at);
      return;
    case 'enum':
      walkGroup(t.group, 'enum', visitor, at);
      return;
    case 'major':
      // RFC 9682 `#7.<type>`: the type names rules too.
      if (t.numberType) walkType(t.numberType, visitor);
      return;
    case 'value':
    case 'any':
      return;
  }
}

/**
 * Walks a group; `check` is false for a single-choice inline group, whose keys were checked with
 * the choice that holds it.
 */
function walkGroup(group: Group, context: GroupContext, visitor: Visitor, at: Provenance, check = true): void {
  if (check) visitor.group(group, context, at);
  for (const choice of group.choices) {
    for (const entry of choice) {
      switch (entry.kind) {
        case 'member':
          if (entry.key?.kind === 'type') walkType(entry.key.type, visitor);
          walkType(entry.type, visitor);
          break;
        case 'groupRef':
          visitor.reference(entry.name, entry.provenance);
          for (const arg of entry.args ?? []) walkType(arg, visitor);
          break;
        case 'inline':
          walkGroup(entry.group, context, visitor, entry.provenance, entry.group.choices.length > 1);
          break;
      }
    }
  }
}
