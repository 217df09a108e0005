/**
 * Pass: CDDL rules → codec shapes (shape.ts). Rules are first merged (`/=` and `//=` additions,
 * identical repeats), references to value rules (`single = 1`) and to integer enumerations are
 * inlined so that choices such as `baseDispos / $extDispos / unknownDispos` become one integer with
 * allowed ranges, and keyless references to group rules are expanded in place.
 */
import { diagnosticAt, type Diagnostic } from '../../common/diagnostics.ts';
import type { CddlSpec, Group, GroupEntry, GroupRule, Provenance, Rule, Type, Type1, Type2, TypeRule, Value } from '../ir.ts';
import type { IntRange, RecordField, RecordShape, Shape } from '../shape.ts';

export interface LoweredRule {
  name: string;
  rule: TypeRule;
  shape: Shape;
  /** Names of an integer enumeration's members (`&( unspecified: 0, … )`), for a const object. */
  enumMembers?: Array<{ name: string; value: number }>;
  /** Set for value rules (`single = 1`). */
  literal?: Value;
}

export interface LoweredSpec {
  name: string;
  rules: LoweredRule[];
  diagnostics: Diagnostic[];
}

class LowerError extends Error {
  constructor(
    readonly at: Provenance,
    message: string,
  ) {
    super(message);
  }
}

const UINT_MAX_BY_SIZE = (n: number): number | bigint => (n >= 7 ? 2n ** BigInt(8 * n) - 1n : 2 ** (8 * n) - 1);

export function lowerSpec(spec: CddlSpec): LoweredSpec {
  const diagnostics: Diagnostic[] = [];
  const types = new Map<string, TypeRule>();
  const groups = new Map<string, GroupRule>();
  for (const rule of spec.rules) merge(rule, types, groups, diagnostics);

  const lowering = new Set<string>();
  const inlineCache = new Map<string, Shape | null>();

  const fail = (at: Provenance, message: string): never => {
    throw new LowerError(at, message);
  };

  /** The literal a value rule stands for, or null. */
  const literalOf = (name: string): Value | null => {
    const r = types.get(name);
    const o = r?.type.options;
    if (!o || o.length !== 1 || o[0]!.range || o[0]!.control) return null;
    const b = o[0]!.base;
    return b.kind === 'value' ? b.value : b.kind === 'ref' ? literalOf(b.name) : null;
  };

  const intValue = (t2: Type2, at: Provenance): number | bigint => {
    const v = t2.kind === 'value' ? t2.value : t2.kind === 'ref' ? literalOf(t2.name) : null;
    if (!v || v.kind !== 'int') return fail(at, 'range bounds must be integers');
    return v.big !== undefined ? BigInt(v.big) : v.value;
  };

  /** Shape of a named rule when it should be inlined (integers, literals), else null. */
  const inlineShape = (name: string): Shape | null => {
    if (inlineCache.has(name)) return inlineCache.get(name)!;
    const r = types.get(name);
    if (!r || lowering.has(name)) return null;
    lowering.add(name);
    let s: Shape | null = null;
    try {
      const full = lowerType(r.type);
      s = full.k === 'int' || full.k === 'literal' ? full : null;
    } catch {
      s = null;
    } finally {
      lowering.delete(name);
    }
    inlineCache.set(name, s);
    return s;
  };

  const lowerType = (t: Type): Shape => {
    const shapes = t.options.map(lowerType1).filter((s): s is Shape => s !== null);
    if (shapes.length === 0) return fail(t.options[0]!.provenance, 'no alternative left (only undefined sockets)');
    return mergeChoice(shapes);
  };

  const prelude = (name: string, at: Provenance): Shape | null | undefined => {
    switch (name) {
      case 'uint':
      case 'unsigned':
        return { k: 'int', signed: false, ranges: null, big: true };
      case 'nint':
        return { k: 'int', signed: true, ranges: [{ min: -(2n ** 64n), max: -1 }], big: true };
      case 'int':
      case 'integer':
        return { k: 'int', signed: true, ranges: null, big: true };
      case 'bstr':
      case 'bytes':
        return { k: 'bstr', min: 0, max: null };
      case 'tstr':
      case 'text':
      case 'tdate':
      case 'uri':
        return { k: 'tstr', min: 0, max: null };
      case 'bool':
        return { k: 'bool' };
      case 'null':
      case 'nil':
        return { k: 'null' };
      case 'any':
        return { k: 'any', maxSize: null };
      case 'float':
      case 'float16':
      case 'float32':
      case 'float64':
      case 'float16-32':
      case 'float32-64':
      case 'number':
        return { k: 'float' };
      case 'true':
      case 'false':
      case 'undefined':
        return fail(at, `prelude type '${name}' is not supported by the content generator yet`);
      default:
        return undefined;
    }
  };

  const lowerType1 = (t1: Type1): Shape | null => {
    let s = lowerType2(t1.base, t1.provenance);
    if (s === null) return null;
    if (t1.range) {
      const min = intValue(t1.base, t1.provenance);
      let max = intValue(t1.range.to, t1.provenance);
      if (!t1.range.inclusive) max = typeof max === 'bigint' ? max - 1n : max - 1;
      s = { k: 'int', signed: Number(min) < 0, ranges: [{ min, max }], big: typeof max === 'bigint' || max > Number.MAX_SAFE_INTEGER };
    }
    if (t1.control) s = applyControl(s, t1.control.name, t1.control.arg, t1.provenance);
    return s;
  };

  const applyControl = (s: Shape, name: string, arg: Type2, at: Provenance): Shape => {
    if (name === 'default') return s;
    if (name !== 'size') return fail(at, `control .${name} is not supported by the content generator yet`);
    let min: number;
    let max: number;
    const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0]! : null;
    if (inner?.range) {
      min = Number(intValue(inner.base, at));
      max = Number(intValue(inner.range.to, at)) - (inner.range.inclusive ? 0 : 1);
    } else {
      min = max = Number(intValue(inner ? inner.base : arg, at));
    }
    switch (s.k) {
      case 'bstr':
      case 'tstr':
        return { ...s, min, max };
      case 'int': {
        if (min !== max || s.signed) return fail(at, '.size on integers takes one byte count');
        const top = UINT_MAX_BY_SIZE(max);
        return { k: 'int', signed: false, ranges: [{ min: 0, max: top }], big: max >= 7 };
      }
      case 'any':
        return { k: 'any', maxSize: max };
      default:
        return fail(at, `.size does not apply to ${s.k}`);
    }
  };

  const lowerType2 = (t2: Type2, at: Provenance): Shape | null => {
    switch (t2.kind) {
      case 'value':
        return { k: 'literal', value: t2.value };
      case 'paren':
        return lowerType(t2.type);
      case 'any':
        return { k: 'any', maxSize: null };
      case 'array':
        return lowerArray(t2.group, at);
      case 'map':
        return lowerMap(t2.group, at);
      case 'tag':
        if (t2.tag === null) return fail(at, 'a tag needs a number');
        return { k: 'tag', tag: t2.tag, inner: lowerType(t2.type) };
      case 'enum':
        return enumShape(t2.group, at).shape;
      case 'enumRef': {
        const g = groups.get(t2.name);
        if (!g) return fail(at, `&${t2.name}: no group rule of that name`);
        return enumShape(g.group, at).shape;
      }
      case 'ref': {
        if (t2.args?.length) return fail(at, 'generic rules are not supported by the content generator yet');
        const p = prelude(t2.name, at);
        if (p !== undefined) return p;
        if (t2.name.startsWith('$') && !types.has(t2.name)) return null; // an empty socket adds nothing
        if (!types.has(t2.name)) return fail(at, `'${t2.name}' is not defined`);
        const lit = literalOf(t2.name);
        if (lit) return { k: 'literal', value: lit };
        return inlineShape(t2.name) ?? { k: 'ref', name: t2.name };
      }
      default:
        return fail(at, `${t2.kind} is not supported by the content generator yet`);
    }
  };

  const enumShape = (g: Group, at: Provenance): { shape: Shape; members: Array<{ name: string; value: number }> } => {
    const ranges: IntRange[] = [];
    const members: Array<{ name: string; value: number }> = [];
    for (const e of expand(g, at).flat()) {
      if (e.kind !== 'member') return fail(at, 'an enumeration holds members only');
      const s = lowerType(e.type);
      if (s.k === 'literal' && s.value.kind === 'int') {
        ranges.push({ min: s.value.value, max: s.value.value });
        if (e.key?.kind === 'bareword') members.push({ name: e.key.name, value: s.value.value });
      } else if (s.k === 'int' && s.ranges) ranges.push(...s.ranges);
      else return fail(at, 'enumeration members must be integers or integer ranges');
    }
    return { shape: { k: 'int', signed: ranges.some((r) => Number(r.min) < 0), ranges, big: false }, members };
  };

  /** Group choices with keyless references to group rules expanded in place. */
  const expand = (g: Group, at: Provenance): GroupEntry[][] =>
    g.choices.map((seq) =>
      seq.flatMap((e): GroupEntry[] => {
        const name = groupRefName(e);
        if (name === null) return [e];
        const rule = groups.get(name)!;
        if (rule.group.choices.length !== 1) return [{ kind: 'inline', group: rule.group, provenance: e.provenance }];
        return expand(rule.group, at)[0]!;
      }),
    );

  const groupRefName = (e: GroupEntry): string | null => {
    if (e.occurrence) return null;
    if (e.kind === 'groupRef') return groups.has(e.name) ? e.name : null;
    if (e.kind === 'member' && !e.key && e.type.options.length === 1) {
      const b = e.type.options[0]!;
      if (!b.range && !b.control && b.base.kind === 'ref' && groups.has(b.base.name)) return b.base.name;
    }
    return null;
  };

  const lowerArray = (g: Group, at: Provenance): Shape => {
    const choices = expand(g, at);
    if (choices.length !== 1) return fail(at, 'an array whose top level is a group choice is not supported yet');
    const seq = choices[0]!;
    if (seq.length === 1 && seq[0]!.occurrence && seq[0]!.kind === 'member' && !seq[0]!.key) {
      const o = seq[0]!.occurrence!;
      return { k: 'list', element: lowerType(seq[0]!.type), min: o.min, max: o.max };
    }
    const record: RecordShape = { fields: [], variants: null };
    seq.forEach((e, i) => {
      if (e.occurrence && !(e.occurrence.min === 1 && e.occurrence.max === 1)) {
        fail(e.provenance, 'optional or repeated members inside a positional array are not supported yet');
      }
      if (e.kind === 'inline') {
        if (i !== seq.length - 1) fail(e.provenance, 'a group choice must be the last part of an array');
        record.variants = lowerVariants(e.group, e.provenance);
        return;
      }
      if (e.kind !== 'member') return fail(e.provenance, 'unexpected group reference');
      if (e.key && e.key.kind !== 'bareword') fail(e.provenance, 'array members take name labels only');
      record.fields.push({ name: e.key?.kind === 'bareword' ? e.key.name : `_${i}`, shape: lowerType(e.type) });
    });
    return { k: 'record', record };
  };

  const lowerVariants = (g: Group, at: Provenance): RecordShape['variants'] => {
    const choices = expand(g, at);
    let tagField: string | null = null;
    const variants = choices.map((seq) => {
      const [first, ...rest] = seq;
      if (!first || first.kind !== 'member' || first.key?.kind !== 'bareword') {
        return fail(at, 'each alternative must start with a named member holding a literal');
      }
      const tag = lowerType(first.type);
      if (tag.k !== 'literal') return fail(first.provenance, `'${first.key.name}' must be a literal to tell the alternatives apart`);
      if (tagField !== null && tagField !== first.key.name) fail(first.provenance, `alternatives start with different members ('${tagField}', '${first.key.name}')`);
      tagField = first.key.name;
      const fields: RecordField[] = rest.map((e, i) => {
        if (e.kind !== 'member' || e.occurrence) return fail(e.provenance, 'alternatives hold plain members only');
        return { name: e.key?.kind === 'bareword' ? e.key.name : `_${i + 1}`, shape: lowerType(e.type) };
      });
      const label = first.type.options[0]?.base.kind === 'ref' ? (first.type.options[0].base as { name: string }).name : String(tag.value.kind === 'int' ? tag.value.value : '');
      return { tag: tag.value, fields, label };
    });
    const seen = new Set(variants.map((v) => JSON.stringify(v.tag)));
    if (seen.size !== variants.length) fail(at, 'two alternatives start with the same literal');
    return { tagField: tagField!, variants };
  };

  const lowerMap = (g: Group, at: Provenance): Shape => {
    const seq = g.choices.length === 1 ? g.choices[0]! : null;
    const e = seq?.length === 1 ? seq[0]! : null;
    if (e?.kind === 'member' && e.key?.kind === 'type' && e.occurrence?.min === 0 && e.occurrence.max === null) {
      return { k: 'table', key: lowerType(e.key.type), value: lowerType(e.type) };
    }
    return fail(at, 'only maps of the form {* key => value} are supported by the content generator yet');
  };

  const mergeChoice = (shapes: Shape[]): Shape => {
    if (shapes.length === 1) return shapes[0]!;
    // Integers and integer literals merge into one integer with allowed ranges.
    const ints = shapes.filter((s) => s.k === 'int' || (s.k === 'literal' && s.value.kind === 'int'));
    const rest = shapes.filter((s) => !ints.includes(s));
    const out: Shape[] = [];
    if (ints.length > 1) {
      const ranges: IntRange[] = [];
      let unbounded = false;
      let big = false;
      let signed = false;
      for (const s of ints) {
        if (s.k === 'literal' && s.value.kind === 'int') ranges.push({ min: s.value.value, max: s.value.value });
        else if (s.k === 'int') {
          big ||= s.big;
          signed ||= s.signed;
          if (s.ranges) ranges.push(...s.ranges);
          else unbounded = true;
        }
      }
      signed ||= ranges.some((r) => Number(r.min) < 0);
      out.push({ k: 'int', signed, ranges: unbounded ? null : ranges, big });
    } else out.push(...ints);
    out.push(...rest);
    if (out.length === 1) return out[0]!;
    return { k: 'choice', options: out };
  };

  const rules: LoweredRule[] = [];
  for (const r of types.values()) {
    if (r.name.startsWith('$')) continue;
    try {
      const shape = lowerType(r.type);
      const lowered: LoweredRule = { name: r.name, rule: r, shape };
      const only = r.type.options.length === 1 ? r.type.options[0]! : null;
      if (only?.base.kind === 'enum' && !only.range && !only.control) lowered.enumMembers = enumShape(only.base.group, only.provenance).members;
      const lit = literalOf(r.name);
      if (lit) lowered.literal = lit;
      rules.push(lowered);
    } catch (err) {
      if (!(err instanceof LowerError)) throw err;
      diagnostics.push(diagnosticAt(err.at, 'error', 'unsupported-cddl', `${r.name}: ${err.message}`));
    }
  }
  return { name: spec.name, rules, diagnostics };
}

function merge(rule: Rule, types: Map<string, TypeRule>, groups: Map<string, GroupRule>, diagnostics: Diagnostic[]): void {
  if (rule.kind === 'group') {
    const prior = groups.get(rule.name);
    if (!prior) groups.set(rule.name, rule);
    else if (rule.assign === '//=') groups.set(rule.name, { ...prior, group: { choices: [...prior.group.choices, ...rule.group.choices] } });
    else if (!sameGroup(prior, rule)) diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `group '${rule.name}' is defined twice`));
    return;
  }
  const prior = types.get(rule.name);
  if (!prior) types.set(rule.name, rule);
  else if (rule.assign === '/=') types.set(rule.name, { ...prior, type: { options: [...prior.type.options, ...rule.type.options] } });
  else if (JSON.stringify(strip(prior.type)) !== JSON.stringify(strip(rule.type))) {
    diagnostics.push(diagnosticAt(rule.provenance, 'error', 'duplicate-rule', `'${rule.name}' is defined twice, differently`));
  }
}

function sameGroup(a: GroupRule, b: GroupRule): boolean {
  return JSON.stringify(strip(a.group)) === JSON.stringify(strip(b.group));
}

/** The IR without provenance, to compare definitions. */
function strip(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v) => (k === 'provenance' ? undefined : v)));
}
