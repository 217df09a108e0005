/**
 * A CDDL instance validator (RFC 8610): does a decoded CBOR data item match a rule of some parsed
 * CDDL specs? It walks the CDDL IR (../cddl/ir.ts) directly rather than the codec shapes of
 * ../cddl/passes/lower.ts, because the shapes are what the content *generator* supports (and
 * lowering is lenient where a codec can be: `uri` becomes a plain text string there), while a
 * validator must follow the CDDL as written, for any draft version.
 *
 * The prelude of RFC 8610 Appendix D is itself CDDL (below), so `uri` is `#6.32(tstr)`, `bool` is
 * `false / true`, and only the major types `#0`…`#7` and `any` are built in.
 *
 * Covered: type choices, group choices `//`, occurrences (`?`, `*`, `+`, `n*m`) with backtracking
 * in arrays, keyless references to group rules, `~` unwrapping in groups, maps (bareword, value and
 * type keys, with cut), enumerations `&( … )` / `&name`, sockets (an undefined socket has no
 * alternatives), tags, ranges, generic rules, and the controls `.size`, `.default`, `.lt`, `.le`,
 * `.gt`, `.ge`, `.eq`, `.ne`. `.size` is the byte length of a bstr or tstr, the byte width of an
 * unsigned integer (`uint .size 4` is below 2^32), and for any other item (`any .size (0..4095)`
 * on an array, say) the length of its encoding. Other controls are reported as unsupported.
 *
 * Values come from cbor2's `decode` with {@link DECODE_OPTIONS}: boxed numbers keep their encoding
 * (so 1 and 1.0 differ), maps are always `Map`s and tags stay `Tag`s.
 */
import { renderType, renderType1, renderType2, renderValue } from '../cddl/render.ts';
import { encode, getEncoded, Simple, Tag } from 'cbor2';
import { toHex } from '@mimikit/bytes';
import type { CddlSpec, Group, GroupEntry, GroupRule, Provenance, Type, Type1, Type2, TypeRule, Value } from '../cddl/ir.ts';
import { preludeRules as prelude } from '../cddl/prelude-rules.ts';

/** Decode options the validator expects (see the module comment). */
/** Messages name the failed type's outer shape; the path says where inside it. */
const BRIEF = { brief: true } as const;

export const DECODE_OPTIONS = { boxed: true, preferMap: true, ignoreGlobalTags: true } as const;

// ---- results ----

/**
 * One step of the path into the data item: an array index (a number), or a map key in CBOR
 * diagnostic notation (a string such as `"name"` or `1`), with the CDDL member name if any.
 */
export interface PathStep {
  at: number | string;
  label?: string;
}

export interface Mismatch {
  path: PathStep[];
  /** What the CDDL wanted there (alternatives), and what the data has. */
  expected: string[];
  found: string;
  /** Set when the item has the right type but breaks a constraint (size, range, value). */
  detail?: string;
  /** The CDDL construct that did not match. */
  at?: Provenance;
}

/**
 * `/6/4 (nestedPart.contentType)`: the index path (map keys in their CBOR diagnostic form), then
 * the member names where the CDDL has them.
 */
export function formatPath(path: readonly PathStep[]): string {
  if (path.length === 0) return '/ (the whole item)';
  const pointer = path.map((s) => `/${s.at}`).join('');
  if (!path.some((s) => s.label)) return pointer;
  const labels = path.map((s, i) => (s.label ? `${i ? '.' : ''}${s.label}` : `[${s.at}]`)).join('');
  return `${pointer} (${labels})`;
}

export function formatMismatch(m: Mismatch): string {
  return m.detail ?? `expected ${[...new Set(m.expected)].join(' or ')}, found ${m.found}`;
}

/** Thrown for CDDL the validator cannot check (an unsupported control, an undefined name). */
export class CddlUnsupported extends Error {
  constructor(
    message: string,
    readonly at?: Provenance,
  ) {
    super(message);
  }
}

// ---- data items ----

type Item =
  | { k: 'uint' | 'nint'; n: bigint }
  | { k: 'float'; n: number; width: 16 | 32 | 64 | null }
  | { k: 'bstr'; bytes: Uint8Array }
  | { k: 'tstr'; s: string }
  | { k: 'array'; items: unknown[] }
  | { k: 'map'; pairs: Array<[unknown, unknown]> }
  | { k: 'tag'; tag: bigint; contents: unknown }
  | { k: 'simple'; value: number };

const FLOAT_WIDTH: Record<number, 16 | 32 | 64> = { 249: 16, 250: 32, 251: 64 };

function classify(v: unknown): Item {
  if (v === false) return { k: 'simple', value: 20 };
  if (v === true) return { k: 'simple', value: 21 };
  if (v === null) return { k: 'simple', value: 22 };
  if (v === undefined) return { k: 'simple', value: 23 };
  if (v instanceof Simple) return { k: 'simple', value: v.value };
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Number || v instanceof BigInt) {
    const raw = (v as { valueOf(): number | bigint }).valueOf();
    const first = getEncoded(v)?.[0];
    const major = first === undefined ? null : first >> 5;
    const isInt = major === null ? typeof raw === 'bigint' || Number.isInteger(raw) : major === 0 || major === 1;
    if (!isInt) return { k: 'float', n: Number(raw), width: first === undefined ? null : (FLOAT_WIDTH[first] ?? null) };
    const n = BigInt(raw);
    return { k: n < 0n ? 'nint' : 'uint', n };
  }
  if (typeof v === 'string' || v instanceof String) return { k: 'tstr', s: String(v) };
  if (v instanceof Uint8Array) return { k: 'bstr', bytes: v };
  if (Array.isArray(v)) return { k: 'array', items: v };
  if (v instanceof Map) return { k: 'map', pairs: [...v.entries()] };
  if (v instanceof Tag) return { k: 'tag', tag: BigInt(v.tag.valueOf()), contents: v.contents };
  if (typeof v === 'object') return { k: 'map', pairs: Object.entries(v as object) };
  throw new CddlUnsupported(`cannot classify a ${typeof v} as a CBOR data item`);
}

const SIMPLE_NAMES: Record<number, string> = { 20: 'false', 21: 'true', 22: 'null', 23: 'undefined' };

function describe(v: unknown): string {
  const i = classify(v);
  switch (i.k) {
    case 'uint':
    case 'nint':
      return `${i.k === 'uint' ? 'uint' : 'nint'} ${i.n}`;
    case 'float':
      return `float${i.width ?? ''} ${i.n}`;
    case 'bstr':
      return `bstr of ${i.bytes.length} byte${i.bytes.length === 1 ? '' : 's'}`;
    case 'tstr':
      return `tstr ${JSON.stringify(i.s.length > 40 ? `${i.s.slice(0, 37)}…` : i.s)}`;
    case 'array':
      return `array of ${i.items.length}`;
    case 'map':
      return `map of ${i.pairs.length}`;
    case 'tag':
      return `tag ${i.tag}`;
    case 'simple':
      return SIMPLE_NAMES[i.value] ?? `simple(${i.value})`;
  }
}

function encodedSize(v: unknown): number {
  return (getEncoded(v) ?? encode(v)).length;
}

// ---- the validator ----

/** Generic parameters bound at a use site, each with the bindings of that site. */
interface Env {
  readonly vars: ReadonlyMap<string, { type: Type; env: Env }>;
}
const EMPTY_ENV: Env = { vars: new Map() };

type Result = Mismatch | null;
type Cont = (pos: number) => Result;

const MAX_DEPTH = 400;

/**
 * Orders two mismatches: the one that got further into the data wins (deeper path, or a later
 * array position at the same depth), then one about a constraint over one about the type.
 */
function better(a: Mismatch, b: Mismatch): number {
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) {
    const x = a.path[i]!.at;
    const y = b.path[i]!.at;
    if (typeof x === 'number' && typeof y === 'number' && x !== y) return x - y;
  }
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return (a.detail ? 1 : 0) - (b.detail ? 1 : 0);
}

/** The best of several mismatches; type mismatches at the same place merge their expectations. */
function best(ms: Mismatch[]): Mismatch | null {
  let top: Mismatch | undefined;
  for (const m of ms) {
    const c = top ? better(m, top) : 1;
    if (c > 0) top = m;
    else if (top && c === 0 && !m.detail && !top.detail && samePath(m.path, top.path)) top = { ...top, expected: [...top.expected, ...m.expected] };
  }
  return top ?? null;
}

function samePath(a: PathStep[], b: PathStep[]): boolean {
  return a.length === b.length && a.every((s, i) => s.at === b[i]!.at);
}

export class CddlValidator {
  private readonly types = new Map<string, TypeRule>();
  private readonly groups = new Map<string, GroupRule>();
  private depth = 0;

  constructor(specs: readonly CddlSpec[]) {
    for (const rule of specs.flatMap((s) => s.rules)) {
      if (rule.kind === 'group') {
        const prior = this.groups.get(rule.name);
        if (!prior) this.groups.set(rule.name, rule);
        else if (rule.assign === '//=') this.groups.set(rule.name, { ...prior, group: { choices: [...prior.group.choices, ...rule.group.choices] } });
      } else {
        const prior = this.types.get(rule.name);
        if (!prior) this.types.set(rule.name, rule);
        else if (rule.assign === '/=') this.types.set(rule.name, { ...prior, type: { options: [...prior.type.options, ...rule.type.options] } });
      }
    }
    for (const r of prelude()) if (!this.types.has(r.name) && !this.groups.has(r.name)) this.types.set(r.name, r);
  }

  has(name: string): boolean {
    return this.types.has(name);
  }

  /** Null when `value` matches the type rule `ruleName`, else where and why it does not. */
  validate(value: unknown, ruleName: string): Mismatch | null {
    const rule = this.types.get(ruleName);
    if (!rule) throw new CddlUnsupported(`'${ruleName}' is not a type rule of the specs`);
    this.depth = 0;
    return this.type(rule.type, value, [], EMPTY_ENV);
  }

  /** Whether `value` matches a type (unsupported CDDL counts as no match). */
  matchesType(t: Type, value: unknown): boolean {
    try {
      this.depth = 0;
      return this.type(t, value, [], EMPTY_ENV) === null;
    } catch (err) {
      if (err instanceof CddlUnsupported) return false;
      throw err;
    }
  }

  /**
   * The leading plain members of a rule `name = [ … ]` (first group choice, up to the first entry
   * that is not a member), or null when the rule is not an array.
   */
  topLevelMembers(ruleName: string): Array<Extract<GroupEntry, { kind: 'member' }>> | null {
    const options = this.types.get(ruleName)?.type.options;
    const base = options?.length === 1 && !options[0]!.control ? options[0]!.base : undefined;
    if (base?.kind !== 'array') return null;
    const out: Array<Extract<GroupEntry, { kind: 'member' }>> = [];
    for (const e of base.group.choices[0] ?? []) {
      if (e.kind !== 'member' || this.groupRefName(e) || this.unwrapped(e)) break;
      out.push(e);
    }
    return out;
  }

  // -- types --

  private type(t: Type, v: unknown, path: PathStep[], env: Env): Result {
    const misses: Mismatch[] = [];
    for (const o of t.options) {
      const r = this.type1(o, v, path, env);
      if (r === null) return null;
      misses.push(r);
    }
    return best(misses) ?? this.miss(path, '(no alternatives)', v, t.options[0]?.provenance);
  }

  private type1(t: Type1, v: unknown, path: PathStep[], env: Env): Result {
    if (t.range) return this.range(t, v, path, env);
    const r = this.type2(t.base, v, path, env, t.provenance);
    // `bstr .size 16` on a null: say what was wanted in full.
    if (r !== null) return t.control && !r.detail && samePath(r.path, path) ? { ...r, expected: [renderType1(t, BRIEF)] } : r;
    if (!t.control) return null;
    return this.control(t, v, path, env);
  }

  private miss(path: PathStep[], expected: string, v: unknown, at: Provenance | undefined, detail?: string): Mismatch {
    const m: Mismatch = { path, expected: [expected], found: describe(v) };
    if (detail !== undefined) m.detail = detail;
    if (at) m.at = at;
    return m;
  }

  private type2(t: Type2, v: unknown, path: PathStep[], env: Env, at: Provenance): Result {
    if (++this.depth > MAX_DEPTH) throw new CddlUnsupported('the rules recurse without consuming data', at);
    try {
      return this.type2Inner(t, v, path, env, at);
    } finally {
      this.depth--;
    }
  }

  private type2Inner(t: Type2, v: unknown, path: PathStep[], env: Env, at: Provenance): Result {
    const item = classify(v);
    switch (t.kind) {
      case 'any':
        return null;
      case 'value':
        return valueMatches(t.value, item) ? null : this.miss(path, renderValue(t.value), v, at);
      case 'paren':
        return this.type(t.type, v, path, env);
      case 'ref': {
        const bound = env.vars.get(t.name);
        if (bound) return this.type(bound.type, v, path, bound.env);
        const rule = this.types.get(t.name);
        if (!rule) {
          if (t.name.startsWith('$')) return this.miss(path, `${t.name} (a socket with no alternatives)`, v, at);
          if (this.groups.has(t.name)) throw new CddlUnsupported(`group '${t.name}' is used as a type`, at);
          // A defect of the CDDL (lintCddl reports it as undefined-rule): nothing matches it.
          return this.miss(path, `${t.name} (which the CDDL does not define)`, v, at);
        }
        const r = this.type(rule.type, v, path, this.bind(rule, t.args, env, at));
        // Name the rule rather than its prelude spelling (`uint`, not `#0`).
        return r && !r.detail && samePath(r.path, path) ? { ...r, expected: [renderType2(t, BRIEF)], at } : r;
      }
      case 'major':
        return this.major(t.major, t.arg, item) ? null : this.miss(path, renderType2(t, BRIEF), v, at);
      case 'tag': {
        if (item.k !== 'tag' || (t.tag !== null && item.tag !== BigInt(t.tag))) return this.miss(path, renderType2(t, BRIEF), v, at);
        return this.type(t.type, item.contents, path, env);
      }
      case 'array': {
        if (item.k !== 'array') return this.miss(path, '[…] (array)', v, at);
        const items = item.items;
        const list = this.homogeneous(t.group);
        if (list) return this.list(list, items, path, env, at);
        return this.seq(t.group.choices, items, 0, path, env, at, (pos) =>
          pos === items.length
            ? null
            : {
                path: [...path, { at: pos }],
                expected: ['end of array'],
                found: describe(items[pos]),
                detail: `unexpected element ${pos} (${describe(items[pos])}): the array has ${items.length} elements, the rule ends after ${pos}`,
                at,
              },
        );
      }
      case 'map': {
        if (item.k !== 'map') return this.miss(path, '{…} (map)', v, at);
        return this.mapGroup(t.group, item.pairs, path, env, at);
      }
      case 'enum':
        return this.enumeration(t.group, v, path, env, at, '&(…)');
      case 'enumRef': {
        const g = this.groups.get(t.name);
        if (!g) throw new CddlUnsupported(`&${t.name}: no group rule of that name`, at);
        return this.enumeration(g.group, v, path, this.bind(g, t.args, env, at), at, `&${t.name}`);
      }
      case 'unwrap':
        throw new CddlUnsupported(`~${t.name} outside a group is not supported`, at);
    }
  }

  private bind(rule: TypeRule | GroupRule, args: Type[] | undefined, env: Env, at: Provenance): Env {
    const params = rule.params ?? [];
    if (params.length !== (args?.length ?? 0)) throw new CddlUnsupported(`'${rule.name}' takes ${params.length} generic argument(s)`, at);
    if (params.length === 0) return EMPTY_ENV;
    return { vars: new Map(params.map((p, i) => [p, { type: args![i]!, env }])) };
  }

  private major(major: number, arg: number | null, item: Item): boolean {
    switch (major) {
      case 0:
        return item.k === 'uint';
      case 1:
        return item.k === 'nint';
      case 2:
        return item.k === 'bstr';
      case 3:
        return item.k === 'tstr';
      case 4:
        return item.k === 'array';
      case 5:
        return item.k === 'map';
      case 6:
        return item.k === 'tag' && (arg === null || item.tag === BigInt(arg));
      case 7:
        if (arg === null) return item.k === 'simple' || item.k === 'float';
        if (arg >= 25 && arg <= 27) return item.k === 'float' && (item.width === null || item.width === 16 << (arg - 25));
        return item.k === 'simple' && item.value === arg;
      default:
        return false;
    }
  }

  private enumeration(g: Group, v: unknown, path: PathStep[], env: Env, at: Provenance, shown: string): Result {
    const misses: Mismatch[] = [];
    const options: string[] = [];
    const walk = (group: Group, e: Env): boolean => {
      for (const choice of group.choices) {
        for (const entry of choice) {
          if (entry.kind === 'member') {
            const ref = this.groupRefName(entry);
            if (ref) {
              if (walk(this.groups.get(ref)!.group, e)) return true;
              continue;
            }
            const r = this.type(entry.type, v, path, e);
            if (r === null) return true;
            misses.push(r);
            options.push(entry.key?.kind === 'bareword' ? `${entry.key.name}: ${renderType(entry.type, BRIEF)}` : renderType(entry.type, BRIEF));
          } else if (entry.kind === 'groupRef') {
            const rule = this.groups.get(entry.name);
            if (!rule) throw new CddlUnsupported(`'${entry.name}' is not a group rule`, entry.provenance);
            if (walk(rule.group, this.bind(rule, entry.args, e, entry.provenance))) return true;
          } else if (walk(entry.group, e)) return true;
        }
      }
      return false;
    };
    if (walk(g, env)) return null;
    const deeper = best(misses);
    if (deeper?.detail && !samePath(deeper.path, path)) return deeper;
    const list = options.join(', ');
    return { path, expected: [shown === '&(…)' ? `&(${list.length > 80 ? `${list.slice(0, 77)}…` : list})` : shown], found: describe(v), at };
  }

  private range(t: Type1, v: unknown, path: PathStep[], env: Env): Result {
    const lo = this.literal(t.base, env, t.provenance);
    const hi = this.literal(t.range!.to, env, t.provenance);
    const shown = renderType1(t, BRIEF);
    const item = classify(v);
    const isInt = lo.kind === 'int' && hi.kind === 'int';
    if (isInt ? item.k !== 'uint' && item.k !== 'nint' : item.k !== 'float') return this.miss(path, shown, v, t.provenance);
    const n = (item as { n: number | bigint }).n;
    const low = numeric(lo);
    const high = numeric(hi);
    const ok = n >= low && (t.range!.inclusive ? n <= high : n < high);
    return ok ? null : this.miss(path, shown, v, t.provenance, `${describe(v)} is outside ${shown}`);
  }

  /** The literal a range bound or control argument stands for (a value, or a name for one). */
  private literal(t: Type2, env: Env, at: Provenance): Value {
    if (t.kind === 'value') return t.value;
    if (t.kind === 'paren' && t.type.options.length === 1 && !t.type.options[0]!.range && !t.type.options[0]!.control) {
      return this.literal(t.type.options[0]!.base, env, at);
    }
    if (t.kind === 'ref') {
      const bound = env.vars.get(t.name);
      const type = bound?.type ?? this.types.get(t.name)?.type;
      const only = type?.options.length === 1 ? type.options[0]! : undefined;
      if (only && !only.range && !only.control) return this.literal(only.base, bound?.env ?? EMPTY_ENV, at);
    }
    throw new CddlUnsupported(`${renderType2(t, BRIEF)} is not a literal value`, at);
  }

  private control(t: Type1, v: unknown, path: PathStep[], env: Env): Result {
    const { name, arg } = t.control!;
    const shown = renderType1(t, BRIEF);
    const item = classify(v);
    switch (name) {
      case 'default':
        return null;
      case 'size': {
        let min: number | bigint;
        let max: number | bigint;
        const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0]! : null;
        if (inner?.range) {
          min = numeric(this.literal(inner.base, env, t.provenance));
          max = numeric(this.literal(inner.range.to, env, t.provenance));
          if (!inner.range.inclusive) max = typeof max === 'bigint' ? max - 1n : max - 1;
        } else {
          min = max = numeric(this.literal(arg, env, t.provenance));
        }
        if (item.k === 'uint') {
          // `uint .size n`: fits in n bytes.
          const ok = item.n < 256n ** BigInt(max);
          return ok ? null : this.miss(path, shown, v, t.provenance, `${describe(v)} does not fit in ${max} byte${max === 1 ? '' : 's'} (${shown})`);
        }
        const [size, what] =
          item.k === 'bstr'
            ? [item.bytes.length, 'bstr of']
            : item.k === 'tstr'
              ? [new TextEncoder().encode(item.s).length, 'tstr of']
              : [encodedSize(v), `${describe(v)} encoded in`];
        const ok = size >= min && size <= max;
        return ok
          ? null
          : this.miss(
              path,
              shown,
              v,
              t.provenance,
              `${what} ${size} byte${size === 1 ? '' : 's'}, ${shown} wants ${min === max ? `exactly ${min}` : `${min} to ${max}`}`,
            );
      }
      case 'lt':
      case 'le':
      case 'gt':
      case 'ge':
      case 'eq':
      case 'ne': {
        const lit = this.literal(arg, env, t.provenance);
        let ok: boolean;
        if ((lit.kind === 'int' || lit.kind === 'float') && (item.k === 'uint' || item.k === 'nint' || item.k === 'float')) {
          const a = item.n;
          const b = numeric(lit);
          // biome-ignore lint/suspicious/noDoubleEquals: a is a number or a bigint, b a number: == compares them by value across the two types, === would not
          ok = { lt: a < b, le: a <= b, gt: a > b, ge: a >= b, eq: a == b, ne: a != b }[name];
        } else if (name === 'eq' || name === 'ne') {
          ok = valueMatches(lit, item) === (name === 'eq');
        } else {
          throw new CddlUnsupported(`.${name} on ${describe(v)}`, t.provenance);
        }
        return ok ? null : this.miss(path, shown, v, t.provenance, `${describe(v)} does not satisfy ${shown}`);
      }
      default:
        throw new CddlUnsupported(`control .${name} is not supported by the validator`, t.provenance);
    }
  }

  // -- groups in arrays --

  /** A keyless member that names a group rule (the parser leaves those as members). */
  private groupRefName(e: GroupEntry): string | null {
    if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
    const b = e.type.options[0]!;
    return !b.range && !b.control && b.base.kind === 'ref' && this.groups.has(b.base.name) && !this.types.has(b.base.name) ? b.base.name : null;
  }

  /** `~name` as a group entry: the group inside the array or map rule `name`. */
  private unwrapped(e: GroupEntry): { group: Group; env: Env; name: string } | null {
    if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
    const b = e.type.options[0]!;
    if (b.range || b.control || b.base.kind !== 'unwrap') return null;
    const rule = this.types.get(b.base.name);
    const only = rule?.type.options.length === 1 ? rule.type.options[0]!.base : undefined;
    if (!rule || !only || (only.kind !== 'array' && only.kind !== 'map')) {
      throw new CddlUnsupported(`~${b.base.name}: only array and map rules can be unwrapped`, e.provenance);
    }
    return { group: only.group, env: this.bind(rule, b.base.args, EMPTY_ENV, e.provenance), name: b.base.name };
  }

  /** `[* T]`, `[2* T]`: one member, repeated; matched in a loop rather than by backtracking. */
  private homogeneous(g: Group): Extract<GroupEntry, { kind: 'member' }> | null {
    const only = g.choices.length === 1 && g.choices[0]!.length === 1 ? g.choices[0]![0]! : null;
    if (only?.kind !== 'member' || !only.occurrence || this.groupRefName(only) || this.unwrapped(only)) return null;
    return only;
  }

  private list(e: Extract<GroupEntry, { kind: 'member' }>, items: unknown[], path: PathStep[], env: Env, at: Provenance): Result {
    const { min, max } = e.occurrence!;
    const label = e.key?.kind === 'bareword' ? e.key.name : undefined;
    for (let i = 0; i < items.length; i++) {
      const here = [...path, label === undefined ? { at: i } : { at: i, label }];
      if (max !== null && i >= max) {
        return {
          path: here,
          expected: ['end of array'],
          found: describe(items[i]),
          detail: `unexpected element ${i} (${describe(items[i])}): the array has ${items.length} elements, the rule allows at most ${max}`,
          at,
        };
      }
      const r = this.type(e.type, items[i], here, env);
      if (r) return atMember(r, here, e.provenance);
    }
    if (items.length < min) {
      return {
        path: [...path, { at: items.length }],
        expected: [renderType(e.type, BRIEF)],
        found: 'end of array',
        detail: `missing element ${items.length}: the array ends after ${items.length} element${items.length === 1 ? '' : 's'}, the rule wants at least ${min}`,
        at: e.provenance,
      };
    }
    return null;
  }

  private seq(choices: GroupEntry[][], items: unknown[], pos: number, path: PathStep[], env: Env, at: Provenance, k: Cont): Result {
    const misses: Mismatch[] = [];
    for (const choice of choices) {
      const r = this.entries(choice, 0, items, pos, path, env, at, k);
      if (r === null) return null;
      misses.push(r);
    }
    return best(misses) ?? k(pos);
  }

  private entries(entries: GroupEntry[], i: number, items: unknown[], pos: number, path: PathStep[], env: Env, at: Provenance, k: Cont): Result {
    const e = entries[i];
    if (!e) return k(pos);
    const occ = e.occurrence ?? { min: 1, max: 1 };
    const next: Cont = (p) => this.entries(entries, i + 1, items, p, path, env, at, k);
    return this.repeat(e, occ.min, occ.max, 0, items, pos, path, env, at, next);
  }

  /** Matches `e` between min and max times (greedy, backtracking), then continues with k. */
  private repeat(
    e: GroupEntry,
    min: number,
    max: number | null,
    count: number,
    items: unknown[],
    pos: number,
    path: PathStep[],
    env: Env,
    at: Provenance,
    k: Cont,
  ): Result {
    const misses: Mismatch[] = [];
    if (max === null || count < max) {
      const r = this.once(e, items, pos, path, env, at, (p) =>
        p === pos && count >= min
          ? { path: [...path, { at: p }], expected: ['progress'], found: 'nothing', detail: 'an empty group repeats', at: e.provenance }
          : this.repeat(e, min, max, count + 1, items, p, path, env, at, k),
      );
      if (r === null) return null;
      misses.push(r);
    }
    if (count >= min) {
      const r = k(pos);
      if (r === null) return null;
      misses.push(r);
    }
    return best(misses);
  }

  private once(e: GroupEntry, items: unknown[], pos: number, path: PathStep[], env: Env, at: Provenance, k: Cont): Result {
    if (e.kind === 'inline') return this.seq(e.group.choices, items, pos, path, env, at, k);
    if (e.kind === 'groupRef') {
      const rule = this.groups.get(e.name);
      if (!rule) throw new CddlUnsupported(`'${e.name}' is not a group rule`, e.provenance);
      return this.seq(rule.group.choices, items, pos, path, this.bind(rule, e.args, env, e.provenance), at, k);
    }
    const ref = this.groupRefName(e);
    if (ref) return this.seq(this.groups.get(ref)!.group.choices, items, pos, path, EMPTY_ENV, at, k);
    const unwrapped = this.unwrapped(e);
    if (unwrapped) return this.seq(unwrapped.group.choices, items, pos, path, unwrapped.env, at, k);
    const label = e.key?.kind === 'bareword' ? e.key.name : undefined;
    const step: PathStep = label === undefined ? { at: pos } : { at: pos, label };
    if (pos >= items.length) {
      return {
        path: [...path, step],
        expected: [renderType(e.type, BRIEF)],
        found: 'end of array',
        detail: `missing element ${pos}${label ? ` (${label})` : ''}: the array ends after ${items.length} element${items.length === 1 ? '' : 's'}, the rule wants ${renderType(e.type, BRIEF)} next`,
        at: e.provenance,
      };
    }
    const here = [...path, step];
    const r = this.type(e.type, items[pos], here, env);
    return r ? atMember(r, here, e.provenance) : k(pos + 1);
  }

  // -- groups in maps --

  private mapGroup(g: Group, pairs: Array<[unknown, unknown]>, path: PathStep[], env: Env, at: Provenance): Result {
    const misses: Mismatch[] = [];
    for (const choice of g.choices) {
      const used = new Set<number>();
      const soft: Mismatch[] = [];
      let r = this.mapEntries(choice, pairs, used, path, env, soft);
      if (r === null) {
        const left = pairs.findIndex((_, i) => !used.has(i));
        if (left < 0) return null;
        const key = pairs[left]![0];
        const step = keyStep(key);
        // A key a member took but whose value did not match (no cut): that mismatch says more.
        r = best(soft.filter((m) => m.path[path.length]?.at === step)) ?? {
          path: [...path, { at: step }],
          expected: ['no further keys'],
          found: describe(key),
          detail: `unexpected map key ${describe(key)}: no member of the map's group takes it`,
          at,
        };
      }
      misses.push(r);
    }
    return best(misses);
  }

  /** Matches a map group's entries; value mismatches under keys without cut go to `soft`. */
  private mapEntries(entries: GroupEntry[], pairs: Array<[unknown, unknown]>, used: Set<number>, path: PathStep[], env: Env, soft: Mismatch[]): Result {
    for (const e of entries) {
      const occ = e.occurrence ?? { min: 1, max: 1 };
      const member = e.kind === 'member' && !this.groupRefName(e) && !this.unwrapped(e) ? e : null;
      if (!member) {
        // A group inside the map: matched whole, up to max times (greedy, no backtracking).
        let count = 0;
        let last: Result = null;
        while (occ.max === null || count < occ.max) {
          const trial = new Set(used);
          last = this.mapSubgroup(e, pairs, trial, path, env, soft);
          if (last !== null) break;
          const progressed = trial.size > used.size;
          for (const i of trial) used.add(i);
          count++;
          if (!progressed) break;
        }
        if (count < occ.min) {
          return (
            last ?? { path, expected: ['a group'], found: 'no match', detail: `the map lacks a group the rule requires ${occ.min} times`, at: e.provenance }
          );
        }
        continue;
      }
      let count = 0;
      let failure: Mismatch | null = null;
      for (let i = 0; i < pairs.length && (occ.max === null || count < occ.max); i++) {
        if (used.has(i)) continue;
        const [key, value] = pairs[i]!;
        if (!this.keyMatches(member, key, env)) continue;
        const step: PathStep = member.key?.kind === 'bareword' ? { at: keyStep(key), label: member.key.name } : { at: keyStep(key) };
        const here = [...path, step];
        const r = atMember(this.type(member.type, value, here, env), here, member.provenance);
        if (r === null) {
          used.add(i);
          count++;
        } else {
          failure = best([failure, r].filter((m): m is Mismatch => m !== null));
          const cut = member.key?.kind !== 'type' || member.key.cut;
          if (cut) return failure;
          soft.push(r);
        }
      }
      if (count < occ.min) {
        return (
          failure ?? {
            path,
            expected: [member.key ? showKey(member.key) : '(keyless member)'],
            found: 'no such key',
            detail: `missing map key ${member.key ? showKey(member.key) : '(keyless member)'}${occ.min > 1 ? ` (at least ${occ.min})` : ''}`,
            at: member.provenance,
          }
        );
      }
    }
    return null;
  }

  private mapSubgroup(e: GroupEntry, pairs: Array<[unknown, unknown]>, used: Set<number>, path: PathStep[], env: Env, soft: Mismatch[]): Result {
    let group: Group;
    let e2 = env;
    if (e.kind === 'inline') group = e.group;
    else if (e.kind === 'groupRef') {
      const rule = this.groups.get(e.name);
      if (!rule) throw new CddlUnsupported(`'${e.name}' is not a group rule`, e.provenance);
      group = rule.group;
      e2 = this.bind(rule, e.args, env, e.provenance);
    } else {
      const ref = this.groupRefName(e);
      const unwrapped = this.unwrapped(e);
      if (ref) {
        group = this.groups.get(ref)!.group;
        e2 = EMPTY_ENV;
      } else {
        group = unwrapped!.group;
        e2 = unwrapped!.env;
      }
    }
    const misses: Mismatch[] = [];
    for (const choice of group.choices) {
      const trial = new Set(used);
      const r = this.mapEntries(choice, pairs, trial, path, e2, soft);
      if (r === null) {
        for (const i of trial) used.add(i);
        return null;
      }
      misses.push(r);
    }
    return best(misses);
  }

  private keyMatches(member: Extract<GroupEntry, { kind: 'member' }>, key: unknown, env: Env): boolean {
    const k = member.key;
    if (!k) return false;
    const item = classify(key);
    if (k.kind === 'bareword') return item.k === 'tstr' && item.s === k.name;
    if (k.kind === 'value') return valueMatches(k.value, item);
    return this.type(k.type, key, [], env) === null;
  }
}

/** A mismatch of a member's item itself is shown at the member (not at the rule its type names). */
function atMember(r: Mismatch | null, here: PathStep[], at: Provenance): Mismatch | null {
  return r && samePath(r.path, here) ? { ...r, at } : r;
}

function keyStep(key: unknown): number | string {
  const i = classify(key);
  if (i.k === 'tstr') return JSON.stringify(i.s);
  if (i.k === 'uint' || i.k === 'nint') return `${i.n}`;
  if (i.k === 'bstr') return `h'${toHex(i.bytes)}'`;
  return `(${describe(key)})`;
}

function showKey(k: NonNullable<Extract<GroupEntry, { kind: 'member' }>['key']>): string {
  if (k.kind === 'bareword') return JSON.stringify(k.name);
  if (k.kind === 'value') return renderValue(k.value);
  return renderType(k.type, BRIEF);
}

function numeric(v: Value): number | bigint {
  if (v.kind === 'int') return v.big !== undefined ? BigInt(v.big) : BigInt(v.value);
  if (v.kind === 'float') return v.value;
  throw new CddlUnsupported(`${renderValue(v)} is not a number`);
}

function valueMatches(v: Value, item: Item): boolean {
  switch (v.kind) {
    case 'int':
      return (item.k === 'uint' || item.k === 'nint') && item.n === (v.big !== undefined ? BigInt(v.big) : BigInt(v.value));
    case 'float':
      return item.k === 'float' && item.n === v.value;
    case 'text':
      return item.k === 'tstr' && item.s === v.value;
    case 'bytes':
      return item.k === 'bstr' && toHex(item.bytes) === v.hex;
  }
}
