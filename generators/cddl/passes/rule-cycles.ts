/**
 * Rules defined through themselves with no array, map or tag in between: `a = a`, `a = b` with
 * `b = a`, `a = int / a`, `g = (x: int, g)`. Such a rule has no finite value of its own (each
 * level adds no data item), and a tool that follows it, as the content generator's lowering does,
 * recurses for ever. Recursion through a container (`tree = [* tree]`, `t = #6.1(t)`) is fine: each
 * level is a data item, which decoders count against their depth limit.
 *
 * The check builds the graph of such "unguarded" references between rule names and reports every
 * rule of each strongly connected component that has a cycle (`recursive-rule`, an error at the
 * rule's first definition). Iterative throughout, so a chain of thousands of rules cannot overflow
 * the stack of the check itself.
 */
import { diagnosticAt, type Diagnostic } from '../../common/diagnostics.ts';
import type { Group, Rule, Type, Type2 } from '../ir.ts';

/** Controls whose argument is a nested data item (encoded CBOR), not a value of this one. */
const NESTING_CONTROLS = new Set(['cbor', 'cborseq']);

/** A rule in a cycle without a container, and the error that says so. */
export interface RuleCycle {
  name: string;
  diagnostic: Diagnostic;
}

export function findRuleCycles(rules: readonly Rule[]): RuleCycle[] {
  const first = new Map<string, Rule>();
  const order = new Map<string, number>();
  const edges = new Map<string, Set<string>>();
  for (const rule of rules) {
    if (!first.has(rule.name)) {
      first.set(rule.name, rule);
      order.set(rule.name, order.size);
    }
    const out = edges.get(rule.name) ?? new Set<string>();
    edges.set(rule.name, out);
    const params = new Set(rule.params ?? []);
    for (const name of unguardedReferences(rule)) if (!params.has(name)) out.add(name);
  }
  const found: RuleCycle[] = [];
  for (const component of stronglyConnected(edges)) {
    const [only] = component;
    if (component.length === 1 && !edges.get(only!)?.has(only!)) continue;
    const members = [...component].sort((a, b) => order.get(a)! - order.get(b)!);
    for (const name of members) {
      const others = members.filter((m) => m !== name);
      const through =
        others.length === 0
          ? ''
          : ` through ${others.length === 1 ? 'rule' : 'rules'} ${others
              .slice(0, 5)
              .map((m) => `'${m}'`)
              .join(', ')}${others.length > 5 ? ` and ${others.length - 5} more` : ''}`;
      found.push({
        name,
        diagnostic: diagnosticAt(
          first.get(name)!.provenance,
          'error',
          'recursive-rule',
          `rule '${name}' refers to itself${through} with no array, map or tag in between: it has no finite value, and a codec for it would recurse without reading any data`,
          `put the recursion inside an array, map or tag (as in '${name} = int / [* ${name}]'), or remove it`,
        ),
      });
    }
  }
  return found;
}

/** Names a rule uses outside any array, map, tag or embedded CBOR (generic arguments aside). */
function unguardedReferences(rule: Rule): string[] {
  const names: string[] = [];
  const types: Type[] = rule.kind === 'type' ? [rule.type] : [];
  const groups: Group[] = rule.kind === 'group' ? [rule.group] : [];
  const visitType2 = (t: Type2): void => {
    switch (t.kind) {
      case 'ref':
      case 'unwrap': // `~a` splices a's content in: the brackets of `a` do not count
      case 'enumRef':
        names.push(t.name);
        return;
      case 'paren':
        types.push(t.type);
        return;
      case 'enum':
        groups.push(t.group);
        return;
      default:
        return; // values, maps, arrays, tags, major types, any
    }
  };
  while (types.length > 0 || groups.length > 0) {
    const type = types.pop();
    if (type) {
      for (const option of type.options) {
        visitType2(option.base);
        if (option.range) visitType2(option.range.to);
        if (option.control && !NESTING_CONTROLS.has(option.control.name)) visitType2(option.control.arg);
      }
      continue;
    }
    for (const choice of groups.pop()!.choices) {
      for (const entry of choice) {
        if (entry.kind === 'groupRef') names.push(entry.name);
        else if (entry.kind === 'inline') groups.push(entry.group);
        else {
          if (entry.key?.kind === 'type') types.push(entry.key.type);
          types.push(entry.type);
        }
      }
    }
  }
  return names;
}

/** Tarjan's strongly connected components, without recursion. */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const enter = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const to = step.value;
        if (!edges.has(to)) continue; // prelude types and undefined names end here
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.reverse());
      }
    }
  }
  return components;
}
