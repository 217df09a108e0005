/**
 * CDDL types → codec shapes (shape.ts), for one spec's merged rules: the recursion over types that
 * the group and control helpers call back into (LowerContext). References to value rules
 * (`single = 1`) and to integer rules are inlined, so that a choice such as
 * `baseDispos / $extDispos / unknownDispos` becomes one integer with allowed ranges; any other
 * reference stays a reference to that rule's own codec. Integers are exact bigints; what a CBOR
 * codec cannot represent is a LowerError (int-bounds.ts), and the recursion stops at
 * MAX_LOWERING_DEPTH.
 */
import type { GroupRule, Provenance, Type, Type1, Type2, TypeRule, Value } from '../ir.ts';
import { CBOR_INT_MAX, CBOR_INT_MIN, exactInt, rangeProblem } from '../passes/int-bounds.ts';
import type { Shape } from '../shape.ts';
import { CDDL_PRELUDE as preludeNames } from '../parse/prelude.ts';
import { preludeRule } from '../prelude-rules.ts';
import { compact, fail, isCompactNumber, MAX_LOWERING_DEPTH, type LowerContext } from './context.ts';
import { enumShape, lowerArray, lowerMap } from './groups.ts';
import { mergeChoice } from './merge-choice.ts';
import { preludeShape } from './prelude-shapes.ts';
import { applyControl } from './controls.ts';
import { bindParams, substitute } from './generics.ts';
import { majorShape } from './major-shapes.ts';
import { unwrapGroup } from './splice.ts';

export class ShapeLowering implements LowerContext {
  private depth = 0;
  /** Rules being inlined right now (a rule met again inside itself is not inlined). */
  private readonly inlining = new Set<string>();
  private readonly inlineCache = new Map<string, Shape | null>();
  private readonly literals = new Map<string, Value | null>();
  /** The `.feature` names met since the last takeFeatures (the rule being lowered uses them). */
  private features = new Set<string>();

  constructor(
    readonly types: ReadonlyMap<string, TypeRule>,
    readonly groups: ReadonlyMap<string, GroupRule>,
    readonly recursive: ReadonlySet<string>,
  ) {}

  deeper<T>(at: Provenance, lower: () => T): T {
    if (this.depth >= MAX_LOWERING_DEPTH) {
      return fail(
        at,
        `types and the rules they use nest more than ${MAX_LOWERING_DEPTH} levels deep (a group that contains itself through an array or map, or a very long chain of rules): the content generator does not support this`,
      );
    }
    this.depth++;
    try {
      return lower();
    } finally {
      this.depth--;
    }
  }

  /**
   * The literal a value rule stands for (`single = 1`, `one = single`), or null. Follows the chain
   * of rules without recursion, remembering every answer.
   */
  literalOf(name: string, at: Provenance): Value | null {
    const chain = new Set<string>();
    let found: Value | null = null;
    for (let cur = name; ; ) {
      if (this.literals.has(cur)) {
        found = this.literals.get(cur)!;
        break;
      }
      if (this.recursive.has(cur) || chain.has(cur)) return fail(at, `'${cur}' is defined through itself`);
      chain.add(cur);
      const o = this.types.get(cur)?.type.options;
      const b = o?.length === 1 && !o[0]!.range && !o[0]!.control ? o[0]!.base : undefined;
      if (b?.kind === 'value') found = b.value;
      if (b?.kind !== 'ref') break;
      cur = b.name;
    }
    for (const c of chain) this.literals.set(c, found);
    return found;
  }

  intValue(t2: Type2, at: Provenance): bigint {
    const v = t2.kind === 'value' ? t2.value : t2.kind === 'ref' ? this.literalOf(t2.name, at) : null;
    if (v?.kind !== 'int') return fail(at, 'range bounds must be integers');
    return exactInt(v);
  }

  valueOf(t2: Type2, at: Provenance): Value {
    if (t2.kind === 'value') return t2.value;
    const s = this.lowerType({ options: [{ base: t2, provenance: at }] });
    if (s.k !== 'literal') return fail(at, 'a control argument here must be a single value (a literal or a rule that is one)');
    return s.value;
  }

  noteFeature(name: string): void {
    this.features.add(name);
  }

  /** The features noted since the last call, and starts over. */
  takeFeatures(): string[] {
    const out = [...this.features].sort();
    this.features = new Set();
    return out;
  }

  lowerType(t: Type): Shape {
    return this.deeper(t.options[0]!.provenance, () => {
      const shapes = t.options.map((o) => this.lowerType1(o)).filter((s): s is Shape => s !== null);
      if (shapes.length === 0) return fail(t.options[0]!.provenance, 'no alternative left (only undefined sockets)');
      return mergeChoice(shapes);
    });
  }

  /** The members of an integer enumeration (`&( unspecified: 0, … )`), for a const object. */
  enumMembers(t1: Type1): Array<{ name: string; value: number }> | undefined {
    if (t1.base.kind !== 'enum' || t1.range || t1.control) return undefined;
    return enumShape(this, t1.base.group, t1.provenance).members;
  }

  /** An integer a CBOR codec can carry (major type 0 or 1), exactly. */
  private literalShape(value: Value, at: Provenance): Shape {
    if (value.kind === 'int') {
      const n = exactInt(value);
      if (n < CBOR_INT_MIN || n > CBOR_INT_MAX) return fail(at, `integer ${n} is outside the CBOR integer range -18446744073709551616..18446744073709551615`);
    }
    return { k: 'literal', value };
  }

  /** Shape of a named rule when it should be inlined (integers, literals), else null. */
  private inlineShape(name: string): Shape | null {
    if (this.inlineCache.has(name)) return this.inlineCache.get(name)!;
    const r = this.types.get(name);
    if (!r || this.inlining.has(name)) return null;
    this.inlining.add(name);
    let s: Shape | null = null;
    try {
      const full = this.lowerType(r.type);
      s = full.k === 'int' || full.k === 'literal' ? full : null;
    } catch {
      s = null;
    } finally {
      this.inlining.delete(name);
    }
    this.inlineCache.set(name, s);
    return s;
  }

  private lowerType1(t1: Type1): Shape | null {
    let s = this.lowerType2(t1.base, t1.provenance);
    if (s === null) return null;
    if (t1.range && (this.isFloat(t1.base, t1.provenance) || this.isFloat(t1.range.to, t1.provenance))) {
      // `0.0..1.0`: a float between the bounds (RFC 8610 §3.6), checked on the value.
      const lo = this.valueOf(t1.base, t1.provenance);
      const hi = this.valueOf(t1.range.to, t1.provenance);
      if ((lo.kind !== 'int' && lo.kind !== 'float') || (hi.kind !== 'int' && hi.kind !== 'float')) return fail(t1.provenance, 'range bounds must be numbers');
      const ge: Shape = { k: 'check', inner: { k: 'float' }, check: { op: 'ge', value: lo.value } };
      s = { k: 'check', inner: ge, check: { op: t1.range.inclusive ? 'le' : 'lt', value: hi.value } };
    } else if (t1.range) {
      const min = this.intValue(t1.base, t1.provenance);
      const to = this.intValue(t1.range.to, t1.provenance);
      const problem = rangeProblem(min, to, t1.range.inclusive);
      if (problem) return fail(t1.provenance, `range ${min}${t1.range.inclusive ? '..' : '...'}${to}: ${problem.message}`);
      const max = t1.range.inclusive ? to : to - 1n;
      s = { k: 'int', signed: min < 0n, ranges: [{ min: compact(min), max: compact(max) }], big: !isCompactNumber(min) || !isCompactNumber(max) };
    }
    if (t1.control) s = applyControl(this, s, t1.control.name, t1.control.arg, t1.provenance);
    return s;
  }

  /** RFC 9682 `#6.<type>(…)`, `#7.<type>`: the number, when the type is one value. */
  private computedNumber(t: Type, what: string, at: Provenance): number {
    const s = this.lowerType(t);
    if (s.k === 'literal' && s.value.kind === 'int' && s.value.big === undefined && s.value.value >= 0) return s.value.value;
    return fail(
      at,
      `${what} with a type that is not one number (a range or choice of tag numbers) is not supported by the content generator: the codec reads one tag number`,
    );
  }

  private isFloat(t2: Type2, at: Provenance): boolean {
    const v = t2.kind === 'value' ? t2.value : t2.kind === 'ref' && !preludeNames.has(t2.name) ? this.literalOf(t2.name, at) : null;
    return v?.kind === 'float';
  }

  private lowerType2(t2: Type2, at: Provenance): Shape | null {
    switch (t2.kind) {
      case 'value':
        return this.literalShape(t2.value, at);
      case 'paren':
        return this.lowerType(t2.type);
      case 'any':
        return { k: 'any', maxSize: null };
      case 'array':
        return lowerArray(this, t2.group, at);
      case 'map':
        return lowerMap(this, t2.group, at);
      case 'tag': {
        const tag = t2.tag ?? (t2.numberType ? this.computedNumber(t2.numberType, '#6.<type>', at) : null);
        if (tag === null) return fail(at, '#6(type), a tag of any number, is not supported by the content generator: the codec reads one tag number');
        return { k: 'tag', tag, inner: this.lowerType(t2.type) };
      }
      case 'major':
        return majorShape(t2.major, t2.arg ?? (t2.numberType ? this.computedNumber(t2.numberType, `#${t2.major}.<type>`, at) : null), at);
      case 'unwrap': {
        // `~name` as a type: the content of the tag `name` is (RFC 8610 §3.7); for a map or an
        // array, `~` only makes sense in a group, where splice.ts takes it.
        // `~uri` (EAT's `JC< text, ~uri >`): a prelude type unwraps like one the CDDL defines.
        const rule = this.types.get(t2.name) ?? preludeRule(t2.name);
        if (!rule) return fail(at, `~${t2.name}: no type rule of that name`);
        const t = substitute(rule.type, bindParams(t2.name, rule.params, t2.args, at));
        const only = t.options.length === 1 && !t.options[0]!.range && !t.options[0]!.control ? t.options[0]!.base : null;
        if (only?.kind === 'tag') return this.lowerType(only.type);
        unwrapGroup(this, t2.name, t2.args, at);
        return fail(at, `~${t2.name} unwraps a map or array into its group, which can only stand inside another map or array`);
      }
      case 'enum':
        return enumShape(this, t2.group, at).shape;
      case 'enumRef': {
        const g = this.groups.get(t2.name);
        if (!g) return fail(at, `&${t2.name}: no group rule of that name`);
        return enumShape(this, substitute(g.group, bindParams(t2.name, g.params, t2.args, at)), at).shape;
      }
      case 'ref': {
        const rule = this.types.get(t2.name);
        if (t2.args?.length || rule?.params?.length) {
          // A generic rule, instantiated here (generics.ts).
          if (!rule) return fail(at, this.groups.has(t2.name) ? `'${t2.name}' is not a generic type rule` : `'${t2.name}' is not defined`);
          const t = substitute(rule.type, bindParams(t2.name, rule.params, t2.args, at));
          return this.deeper(at, () => this.lowerType(t));
        }
        const p = preludeShape(this, t2.name, at);
        if (p !== undefined) return p;
        if (t2.name.startsWith('$') && !this.types.has(t2.name)) return null; // an empty socket adds nothing
        // A type socket is open to extension (RFC 8610 §3.9): the plugs known when generating,
        // tried first, then any other data item, kept as it was read (docs/content.md, "CDDL constructs").
        if (t2.name.startsWith('$')) {
          const plugs = this.deeper(at, () => this.lowerType(this.types.get(t2.name)!.type));
          return { k: 'choice', options: [...(plugs.k === 'choice' ? plugs.options : [plugs]), { k: 'any', maxSize: null }] };
        }
        if (!this.types.has(t2.name)) return fail(at, `'${t2.name}' is not defined`);
        const lit = this.literalOf(t2.name, at);
        if (lit) return this.literalShape(lit, at);
        return this.inlineShape(t2.name) ?? { k: 'ref', name: t2.name };
      }
    }
  }
}
