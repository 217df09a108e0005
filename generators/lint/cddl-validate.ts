/**
 * A CDDL instance validator (RFC 8610): does a decoded CBOR data item match a rule of some parsed
 * CDDL specs? It walks the CDDL IR (../cddl/ir.ts) directly rather than the codec shapes of
 * ../cddl/passes/lower.ts, because the shapes are what the content *generator* supports (a codec
 * keeps what an open socket may add, for one), while a validator must follow the CDDL as written,
 * for any draft version.
 *
 * The prelude of RFC 8610 Appendix D is itself CDDL (../cddl/prelude-rules.ts), so `uri` is `#6.32(tstr)`, `bool` is
 * `false / true`, and only the major types `#0`…`#7` and `any` are built in.
 *
 * Covered: type choices, group choices `//`, occurrences (`?`, `*`, `+`, `n*m`) with backtracking
 * in arrays (bounded by {@link MAX_VALIDATION_STEPS}), keyless references to group rules, `~`
 * unwrapping in groups (and of a tagged type in a type position), maps (bareword, value and type
 * keys, with cut; entries matched whatever their order), enumerations `&( … )` / `&name`, sockets
 * (an undefined type socket has no alternatives; an undefined group socket `$$x` is the empty
 * group), tags (also RFC 9682 `#6.<type>(…)` and `#7.<type>`), ranges, generic rules, and every
 * control operator of RFC 8610 (`.size`, `.bits`, `.regexp`, `.cbor`, `.cborseq`, `.within`,
 * `.and`, `.lt` … `.ne`, `.default`), RFC 9165 (`.plus`, `.cat`, `.det` as constants, `.abnf`,
 * `.abnfb` through ./abnf.ts, `.feature`, recorded in {@link CddlValidator.featuresUsed}) and RFC
 * 9741 (`.b64u`, `.b64c`, their `-sloppy` forms, `.b32`, `.h32`, `.hex`, `.hexlc`, `.hexuc`,
 * `.b45`, `.base10`, `.printf` through ./printf.ts, `.json`, `.join`). `.size` is the byte length
 * of a bstr or tstr, the byte width of an unsigned integer (`uint .size 4` is below 2^32), and for
 * any other item (`any .size (0..4095)` on an array, say) the length of its encoding. What the
 * validator cannot check (an unknown control, a recursive or prose ABNF rule, a `.printf` float
 * conversion or two adjacent conversions, an over-long `.regexp` input, a `.join` with adjacent
 * variable parts, a run past the step budget) throws {@link CddlUnsupported} with the
 * CDDL's position, which callers report as unchecked rather than valid or invalid.
 *
 * Values come from cbor2's `decode` with {@link DECODE_OPTIONS}: boxed numbers keep their encoding
 * (so 1 and 1.0 differ), maps are always `Map`s and tags stay `Tag`s.
 */
import { renderType, renderType1, renderType2, renderValue } from '../cddl/render.ts';
import { decode, decodeSequence, encode, getEncoded, Simple, Tag } from 'cbor2';
import { toHex } from '@mimikit/bytes';
import { catLiteral, ComputedLiteralError, plusLiteral } from '../cddl/computed-literals.ts';
import { AbnfError, AbnfMatcher } from './abnf.ts';
import { PrintfError, readPrintf } from './printf.ts';
import { decodeTextEncoding, parseBase10, TEXT_ENCODINGS } from '@mimikit/cbor/text-encodings';
import type { CddlSpec, Group, GroupEntry, GroupRule, Provenance, Type, Type1, Type2, TypeRule, Value } from '../cddl/ir.ts';
import { preludeRules as prelude } from '../cddl/prelude-rules.ts';
import { xsdRegexpSource } from '../cddl/xsd-regexp.ts';

/** Decode options the validator expects (see the module comment). */
/** Messages name the failed type's outer shape; the path says where inside it. */
const BRIEF = { brief: true } as const;

export const DECODE_OPTIONS = { boxed: true, preferMap: true, ignoreGlobalTags: true } as const;

/**
 * Bytes inside an item (`.cbor`, `.cborseq`) are decoded with a depth limit: the outer item was
 * already decoded, and the embedded one must not let a small example build a deep structure that
 * the recursive matcher then walks.
 */
const EMBEDDED_DECODE_OPTIONS = { ...DECODE_OPTIONS, maxDepth: 64 } as const;

/** RFC 9165 controls that compute a constant out of target and controller. */
const COMPUTED: ReadonlySet<string> = new Set(['plus', 'cat', 'det']);

/**
 * JS regexps backtrack, so a hostile `.regexp` can take exponential time in the input length;
 * longer texts are not matched (reported as unchecked) rather than risk a hang.
 */
const MAX_REGEXP_INPUT = 4096;

/**
 * How many type and group-entry match attempts one `validate` may make. Choices and occurrences
 * in arrays backtrack (RFC 8610's PEG-like matching explores alternatives), which is exponential
 * for adversarial CDDL and data; past the budget the item is reported as unchecked.
 */
export const MAX_VALIDATION_STEPS = 1_000_000;

function utf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

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
  private steps = 0;
  /** The group entry being matched in an array, for the location of a budget stop. */
  private entryAt: Provenance | undefined;
  private readonly regexps = new Map<string, RegExp>();
  private readonly abnfs = new Map<string, AbnfMatcher>();
  /**
   * The RFC 9165 `.feature` names (controllers, in CDDL notation) the last `validate` went
   * through on its way to the result (a feature on a choice that did not match may be counted).
   */
  readonly featuresUsed = new Set<string>();

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
    this.steps = 0;
    this.entryAt = undefined;
    this.featuresUsed.clear();
    try {
      return this.type(rule.type, value, [], EMPTY_ENV);
    } catch (err) {
      // Backtracking over a long array nests one call per element: a stack overflow is a limit
      // of this validator, reported like any unchecked construct rather than a crash.
      if (err instanceof RangeError) throw new CddlUnsupported(`the item is too large or deep for the validator (${err.message})`, rule.provenance);
      throw err;
    }
  }

  /** Whether `value` matches a type (unsupported CDDL counts as no match). */
  matchesType(t: Type, value: unknown): boolean {
    try {
      this.depth = 0;
      this.steps = 0;
      return this.type(t, value, [], EMPTY_ENV) === null;
    } catch (err) {
      if (err instanceof CddlUnsupported || err instanceof RangeError) return false;
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
    // `"foo" .cat "bar"` stands for "foobar": its target alone is not what the item must match.
    if (t.control && COMPUTED.has(t.control.name)) return this.control(t, v, path, env);
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

  /** Counts one match attempt; past the budget, stops at the array entry being matched (or `at`). */
  private step(at: Provenance): void {
    if (++this.steps > MAX_VALIDATION_STEPS) {
      throw new CddlUnsupported(
        `validation stopped after ${MAX_VALIDATION_STEPS} steps: the choices and occurrences here backtrack too much for this item`,
        this.entryAt ?? at,
      );
    }
  }

  private type2(t: Type2, v: unknown, path: PathStep[], env: Env, at: Provenance): Result {
    this.step(at);
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
      case 'major': {
        if (t.numberType) return this.computedMajor(t.major, t.numberType, v, item, path, env, at) ? null : this.miss(path, renderType2(t, BRIEF), v, at);
        return this.major(t.major, t.arg, item, v, at) ? null : this.miss(path, renderType2(t, BRIEF), v, at);
      }
      case 'tag': {
        if (item.k !== 'tag' || (t.tag !== null && item.tag !== BigInt(t.tag))) return this.miss(path, renderType2(t, BRIEF), v, at);
        // RFC 9682 `#6.<type>(…)`: the tag number is an instance of the type.
        if (t.numberType && this.type(t.numberType, item.tag, [], env) !== null) return this.miss(path, renderType2(t, BRIEF), v, at);
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
      case 'unwrap': {
        // RFC 8610 §3.7: unwrapping a tagged type in a type position leaves the tag's content type.
        const rule = this.types.get(t.name);
        const only = rule?.type.options.length === 1 ? rule.type.options[0]! : undefined;
        if (rule && only && !only.range && !only.control && only.base.kind === 'tag') {
          return this.type(only.base.type, v, path, this.bind(rule, t.args, env, at));
        }
        throw new CddlUnsupported(
          `~${t.name} as a type: only a tagged type unwraps to a type (an array or map unwraps to a group, which belongs in a group)`,
          at,
        );
      }
    }
  }

  /**
   * RFC 9682 `#7.<type>`: a simple value (0..23, 32..255) or, for 24..31, the additional
   * information of a float (25: float16, 26: float32, 27: float64) that is an instance of the type.
   */
  private computedMajor(major: number, numberType: Type, v: unknown, item: Item, path: PathStep[], env: Env, at: Provenance): boolean {
    if (major !== 7) throw new CddlUnsupported(`#${major}.<…>: only #6 and #7 take a computed number`, at);
    let n: number | null = null;
    if (item.k === 'simple') n = item.value;
    else if (item.k === 'float') n = item.width === null ? null : { 16: 25, 32: 26, 64: 27 }[item.width];
    if (n === null) return false;
    return this.type(numberType, BigInt(n), path, env) === null;
  }

  private bind(rule: TypeRule | GroupRule, args: Type[] | undefined, env: Env, at: Provenance): Env {
    const params = rule.params ?? [];
    if (params.length !== (args?.length ?? 0)) throw new CddlUnsupported(`'${rule.name}' takes ${params.length} generic argument(s)`, at);
    if (params.length === 0) return EMPTY_ENV;
    return { vars: new Map(params.map((p, i) => [p, { type: args![i]!, env }])) };
  }

  /**
   * `#m` and `#m.n`. For major types 0 to 5 the number is the head's additional information
   * (RFC 8610 §3.6: `#0.24` is an unsigned integer written with a one-byte argument), read from
   * the item's encoding; for 6 it is the tag number and for 7 the simple value or float width.
   */
  private major(major: number, arg: number | null, item: Item, v: unknown, at: Provenance): boolean {
    const kinds = ['uint', 'nint', 'bstr', 'tstr', 'array', 'map'] as const;
    const kind = kinds[major];
    if (kind !== undefined) {
      if (item.k !== kind) return false;
      if (arg === null) return true;
      const head = v !== null && typeof v === 'object' ? getEncoded(v)?.[0] : undefined;
      if (head === undefined)
        throw new CddlUnsupported(`#${major}.${arg}: the item's encoding is not known, so its additional information cannot be checked`, at);
      return (head & 0x1f) === arg;
    }
    switch (major) {
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
            if (this.emptySocket(entry)) continue;
            const ref = this.groupRefName(entry);
            if (ref) {
              if (walk(this.groups.get(ref)!.group, this.groupRefEnv(entry, e))) return true;
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
    for (const bound of [lo, hi]) if (bound.kind !== 'int' && bound.kind !== 'float') numeric(bound, t.provenance);
    if (!isInt && (lo.kind === 'int' || hi.kind === 'int')) {
      throw new CddlUnsupported(`${shown}: a range with an integer and a float bound is not defined (RFC 8610 §2.2.2.1)`, t.provenance);
    }
    if (isInt ? item.k !== 'uint' && item.k !== 'nint' : item.k !== 'float') return this.miss(path, shown, v, t.provenance);
    const n = (item as { n: number | bigint }).n;
    const low = numeric(lo, t.provenance);
    const high = numeric(hi, t.provenance);
    const ok = n >= low && (t.range!.inclusive ? n <= high : n < high);
    return ok ? null : this.miss(path, shown, v, t.provenance, `${describe(v)} is outside ${shown}`);
  }

  /** The literal a range bound or control argument stands for (a value, or a name for one). */
  private literal(t: Type2, env: Env, at: Provenance): Value {
    if (t.kind === 'value') return t.value;
    if (t.kind === 'paren' && t.type.options.length === 1) return this.constant(t.type.options[0]!, env, at);
    if (t.kind === 'ref') {
      const bound = env.vars.get(t.name);
      const type = bound?.type ?? this.types.get(t.name)?.type;
      const only = type?.options.length === 1 ? type.options[0]! : undefined;
      if (only) return this.constant(only, bound?.env ?? EMPTY_ENV, at);
    }
    throw new CddlUnsupported(`${renderType2(t, BRIEF)} is not a literal value`, at);
  }

  /**
   * The constant a Type1 stands for: a literal, or RFC 9165's `.plus`, `.cat`, `.det` of two
   * constants (a range or any other control is not a constant).
   */
  private constant(t: Type1, env: Env, at: Provenance): Value {
    if (t.range) throw new CddlUnsupported(`${renderType1(t, BRIEF)} is a range, not a literal value`, at);
    if (!t.control) return this.literal(t.base, env, at);
    const { name, arg } = t.control;
    if (!COMPUTED.has(name)) throw new CddlUnsupported(`${renderType1(t, BRIEF)} is not a literal value`, at);
    const a = this.literal(t.base, env, at);
    const b = this.literal(arg, env, at);
    try {
      return name === 'plus' ? plusLiteral(a, b) : catLiteral(a, b, name === 'det');
    } catch (err) {
      if (err instanceof ComputedLiteralError) throw new CddlUnsupported(`${renderType1(t, BRIEF)}: ${err.message}`, t.provenance);
      throw err;
    }
  }

  /** The text of a controller that must be a text or byte string constant (`.regexp`, `.abnf`). */
  private constantText(arg: Type2, env: Env, t: Type1): string {
    const c = this.literal(arg, env, t.provenance);
    if (c.kind === 'text') return c.value;
    if (c.kind === 'bytes') return Buffer.from(c.hex, 'hex').toString('utf8');
    throw new CddlUnsupported(`the controller of .${t.control!.name} must be a string, not ${renderValue(c)}`, t.provenance);
  }

  private control(t: Type1, v: unknown, path: PathStep[], env: Env): Result {
    const { name, arg } = t.control!;
    const shown = renderType1(t, BRIEF);
    const item = classify(v);
    const fail = (detail: string): Mismatch => this.miss(path, shown, v, t.provenance, detail);
    switch (name) {
      case 'default':
        return null;
      case 'feature': {
        // RFC 9165 §4: the instance uses a feature; matching is the target's alone, the use is recorded.
        let feature: string;
        try {
          feature = renderValue(this.literal(arg, env, t.provenance));
        } catch (err) {
          if (!(err instanceof CddlUnsupported)) throw err;
          feature = renderType2(arg, BRIEF);
        }
        this.featuresUsed.add(feature);
        return null;
      }
      case 'size':
        return this.size(t, v, item, path, env, shown);
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
          const b = numeric(lit, t.provenance);
          // biome-ignore lint/suspicious/noDoubleEquals: a is a number or a bigint, b a number: == compares them by value across the two types, === would not
          ok = { lt: a < b, le: a <= b, gt: a > b, ge: a >= b, eq: a == b, ne: a != b }[name];
        } else if (name === 'eq' || name === 'ne') {
          ok = valueMatches(lit, item) === (name === 'eq');
        } else {
          throw new CddlUnsupported(`.${name} on ${describe(v)}`, t.provenance);
        }
        return ok ? null : fail(`${describe(v)} does not satisfy ${shown}`);
      }
      case 'and':
      case 'within': {
        // RFC 8610 §3.8.5: the item must match the controller as well as the target.
        const r = this.type2(arg, v, path, env, t.provenance);
        return r && !r.detail && samePath(r.path, path) ? { ...r, expected: [shown] } : r;
      }
      case 'bits':
        return this.bits(t, v, item, path, env, shown);
      case 'regexp': {
        if (item.k !== 'tstr') return this.miss(path, shown, v, t.provenance);
        const re = this.regexp(this.constantText(arg, env, t), t);
        if (item.s.length > MAX_REGEXP_INPUT) {
          throw new CddlUnsupported(
            `a text of ${item.s.length} characters is too long to match against .regexp safely (at most ${MAX_REGEXP_INPUT})`,
            t.provenance,
          );
        }
        return re.test(item.s) ? null : fail(`${describe(v)} does not match ${shown}`);
      }
      case 'cbor':
      case 'cborseq': {
        if (item.k !== 'bstr') return this.miss(path, shown, v, t.provenance);
        let inner: unknown;
        try {
          inner = name === 'cbor' ? decode(item.bytes, EMBEDDED_DECODE_OPTIONS) : [...decodeSequence(item.bytes, EMBEDDED_DECODE_OPTIONS)];
        } catch (err) {
          return fail(`the bytes are not ${name === 'cbor' ? 'one well-formed CBOR data item' : 'a well-formed CBOR sequence'}: ${(err as Error).message}`);
        }
        // `.cborseq`: the sequence's items are matched as the elements of the controller (an array type).
        return this.type2(arg, inner, [...path, { at: name === 'cbor' ? '(.cbor)' : '(.cborseq)' }], env, t.provenance);
      }
      case 'plus':
      case 'cat':
      case 'det': {
        const c = this.constant(t, env, t.provenance);
        return valueMatches(c, item) ? null : this.miss(path, renderValue(c), v, t.provenance);
      }
      case 'abnf':
      case 'abnfb': {
        if (item.k !== 'tstr' && item.k !== 'bstr') return this.miss(path, shown, v, t.provenance);
        const matcher = this.abnf(this.constantText(arg, env, t), t);
        let input: Iterable<number>;
        if (name === 'abnfb') input = item.k === 'bstr' ? item.bytes : new TextEncoder().encode(item.s);
        else if (item.k === 'tstr') input = [...item.s].map((c) => c.codePointAt(0)!);
        else {
          const text = utf8(item.bytes);
          if (text === null) return fail(`${describe(v)} is not UTF-8, which .abnf reads`);
          input = [...text].map((c) => c.codePointAt(0)!);
        }
        let ok: boolean;
        try {
          ok = matcher.matches(input);
        } catch (err) {
          if (err instanceof AbnfError) throw new CddlUnsupported(`.${name}: ${err.message}`, t.provenance);
          throw err;
        }
        return ok ? null : fail(`${describe(v)} does not match the ABNF of ${shown}`);
      }
      case 'json': {
        if (item.k !== 'tstr') return this.miss(path, shown, v, t.provenance);
        let parsed: unknown;
        try {
          parsed = JSON.parse(item.s, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? new Map(Object.entries(x)) : x));
        } catch (err) {
          return fail(`the text is not JSON: ${(err as Error).message}`);
        }
        return this.type2(arg, parsed, [...path, { at: '(.json)' }], env, t.provenance);
      }
      case 'base10': {
        if (item.k !== 'tstr') return this.miss(path, shown, v, t.provenance);
        const n = parseBase10(item.s);
        if (n === null) return fail(`${describe(v)} is not a decimal integer numeral (0|-?[1-9][0-9]*)`);
        return this.type2(arg, n, [...path, { at: '(.base10)' }], env, t.provenance);
      }
      case 'join':
        return this.join(t, v, item, path, env, shown);
      case 'printf':
        return this.printf(t, v, item, path, env, shown);
      default: {
        if (TEXT_ENCODINGS.has(name)) {
          if (item.k !== 'tstr') return this.miss(path, shown, v, t.provenance);
          const bytes = decodeTextEncoding(name, item.s);
          if (bytes === null) return fail(`${describe(v)} is not strict .${name} text (RFC 9741)`);
          return this.type2(arg, bytes, [...path, { at: `(.${name})` }], env, t.provenance);
        }
        throw new CddlUnsupported(`control .${name} is not a control operator the validator knows`, t.provenance);
      }
    }
  }

  /** `.size`: byte length of a string, byte width of a uint, else the encoded length (see the module comment). */
  private size(t: Type1, v: unknown, item: Item, path: PathStep[], env: Env, shown: string): Result {
    const arg = t.control!.arg;
    let min: number | bigint;
    let max: number | bigint;
    const inner = arg.kind === 'paren' && arg.type.options.length === 1 ? arg.type.options[0]! : null;
    if (inner?.range) {
      min = numeric(this.literal(inner.base, env, t.provenance), t.provenance);
      max = numeric(this.literal(inner.range.to, env, t.provenance), t.provenance);
      if (!inner.range.inclusive) max = typeof max === 'bigint' ? max - 1n : max - 1;
    } else {
      min = max = numeric(this.literal(arg, env, t.provenance), t.provenance);
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

  /**
   * `.bits` (RFC 8610 §3.8.2): every bit set in a uint, or in a bstr (bit n is
   * `bytes[n >> 3] & (1 << (n & 7))`), must be a number the controller allows.
   */
  private bits(t: Type1, v: unknown, item: Item, path: PathStep[], env: Env, shown: string): Result {
    const set: bigint[] = [];
    if (item.k === 'uint') {
      for (let n = item.n, i = 0n; n > 0n; n >>= 1n, i++) if (n & 1n) set.push(i);
    } else if (item.k === 'bstr') {
      item.bytes.forEach((byte, at) => {
        for (let b = 0; b < 8; b++) if (byte & (1 << b)) set.push(BigInt(at * 8 + b));
      });
    } else {
      return this.miss(path, shown, v, t.provenance);
    }
    for (const bit of set) {
      if (this.type2(t.control!.arg, bit, path, env, t.provenance) !== null) {
        return this.miss(path, shown, v, t.provenance, `bit ${bit} is set in ${describe(v)}, which ${shown} does not allow`);
      }
    }
    return null;
  }

  /**
   * `.join` (RFC 9741 §3.1): the string is the concatenation of the controller array's elements.
   * Matched the way RFC 9741 recommends: constant elements are markers located in the string, the
   * variable elements take the text between them (at most one variable element between markers).
   */
  /**
   * The elements of an array controller (`.join`, `.printf`): `[a, b]` written in place, in
   * parentheses, or named by a rule or a generic parameter, with the bindings they are read in.
   * Only plain elements (no occurrence, key type or group) can be lined up with a text.
   */
  private controllerArray(arg: Type2, env: Env, t: Type1): { entries: Array<Extract<GroupEntry, { kind: 'member' }>>; env: Env } {
    let node: Type2 | undefined = arg;
    let at = env;
    for (let hops = 0; node && hops < MAX_DEPTH; hops++) {
      if (node.kind === 'array') {
        const entries: GroupEntry[] | null = node.group.choices.length === 1 ? node.group.choices[0]! : null;
        if (entries?.every((e) => e.kind === 'member' && !e.occurrence && e.key?.kind !== 'type' && !this.groupRefName(e) && !this.emptySocket(e))) {
          return { entries: entries as Array<Extract<GroupEntry, { kind: 'member' }>>, env: at };
        }
        break;
      }
      const type: Type | undefined =
        node.kind === 'paren' ? node.type : node.kind === 'ref' ? (at.vars.get(node.name)?.type ?? this.types.get(node.name)?.type) : undefined;
      if (node.kind === 'ref') at = at.vars.get(node.name)?.env ?? EMPTY_ENV;
      const only: Type2 | undefined = type?.options.length === 1 && !type.options[0]!.range && !type.options[0]!.control ? type.options[0]!.base : undefined;
      node = only;
    }
    throw new CddlUnsupported(
      `.${t.control!.name} with ${renderType2(arg, BRIEF)}: only an array of plain elements (no occurrences or groups) can be checked`,
      t.provenance,
    );
  }

  private join(t: Type1, v: unknown, item: Item, path: PathStep[], env: Env, shown: string): Result {
    if (item.k !== 'tstr' && item.k !== 'bstr') return this.miss(path, shown, v, t.provenance);
    const { entries, env: inner } = this.controllerArray(t.control!.arg, env, t);
    const whole = item.k === 'tstr' ? Buffer.from(item.s, 'utf8') : Buffer.from(item.bytes);
    const parts = entries.map((e) => {
      const only = e.type.options.length === 1 ? e.type.options[0]! : undefined;
      try {
        const c = only ? this.constant(only, inner, e.provenance) : undefined;
        return c && (c.kind === 'text' || c.kind === 'bytes')
          ? { e, marker: c.kind === 'text' ? Buffer.from(c.value, 'utf8') : Buffer.from(c.hex, 'hex') }
          : { e };
      } catch (err) {
        if (err instanceof CddlUnsupported) return { e };
        throw err;
      }
    });
    let pos = 0;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.marker) {
        if (!whole.subarray(pos, pos + part.marker.length).equals(part.marker))
          return this.miss(path, shown, v, t.provenance, `${describe(v)} does not match ${shown} at byte ${pos}`);
        pos += part.marker.length;
        continue;
      }
      const next = parts[i + 1];
      if (next && !next.marker) throw new CddlUnsupported(`.join: two variable elements in a row cannot be told apart`, t.provenance);
      const end = next?.marker ? whole.indexOf(next.marker, pos) : whole.length;
      if (end < 0)
        return this.miss(
          path,
          shown,
          v,
          t.provenance,
          `${describe(v)} lacks the ${JSON.stringify(next!.marker!.toString())} that ${shown} puts after element ${i}`,
        );
      const piece = whole.subarray(pos, end);
      const value = item.k === 'tstr' ? utf8(piece) : new Uint8Array(piece);
      const r = value === null ? this.miss(path, shown, v, t.provenance) : this.type(part.e.type, value, [...path, { at: `(.join ${i})` }], inner);
      if (r) return r;
      pos = end;
    }
    return pos === whole.length ? null : this.miss(path, shown, v, t.provenance, `${describe(v)} goes on after the last element of ${shown}`);
  }

  /**
   * `.printf` (RFC 9741 §2.3): the text is what C's printf writes for the controller array's
   * format and values; read back by ./printf.ts, each value then matched against its element.
   */
  private printf(t: Type1, v: unknown, item: Item, path: PathStep[], env: Env, shown: string): Result {
    if (item.k !== 'tstr') return this.miss(path, shown, v, t.provenance);
    const { entries, env: inner } = this.controllerArray(t.control!.arg, env, t);
    const [head, ...args] = entries;
    const format = head?.type.options.length === 1 ? this.constant(head.type.options[0]!, inner, head.provenance) : undefined;
    if (format?.kind !== 'text')
      throw new CddlUnsupported(`.printf: the first element of ${renderType2(t.control!.arg, BRIEF)} must be the format text`, t.provenance);
    let values: Array<bigint | string> | null;
    try {
      values = readPrintf(format.value, item.s);
    } catch (err) {
      if (err instanceof PrintfError) throw new CddlUnsupported(`.printf ${JSON.stringify(format.value)}: ${err.message}`, t.provenance);
      throw err;
    }
    if (values === null) return this.miss(path, shown, v, t.provenance, `${describe(v)} is not printed by the format ${JSON.stringify(format.value)}`);
    if (values.length !== args.length) {
      throw new CddlUnsupported(`.printf ${JSON.stringify(format.value)} has ${values.length} conversion(s) for ${args.length} value(s)`, t.provenance);
    }
    for (const [i, arg] of args.entries()) {
      const r = this.type(arg.type, values[i], [...path, { at: `(.printf ${i + 1})` }], inner);
      if (r) return r;
    }
    return null;
  }

  /** XSD regexps (RFC 8610 §3.8.3) are anchored; `u` makes JS read them by code point. */
  private regexp(pattern: string, t: Type1): RegExp {
    let re = this.regexps.get(pattern);
    if (!re) {
      // The generator's reading of the pattern (needless escapes like `\:` dropped), so that both agree.
      const r = xsdRegexpSource(pattern);
      if (!('source' in r)) throw new CddlUnsupported(`.regexp ${JSON.stringify(pattern)}${r.problem}`, t.provenance);
      re = new RegExp(r.source, 'u');
      this.regexps.set(pattern, re);
    }
    return re;
  }

  private abnf(controller: string, t: Type1): AbnfMatcher {
    let m = this.abnfs.get(controller);
    if (!m) {
      try {
        m = AbnfMatcher.compile(controller);
      } catch (err) {
        if (err instanceof AbnfError) throw new CddlUnsupported(`.${t.control!.name}: ${err.message}`, t.provenance);
        throw err;
      }
      this.abnfs.set(controller, m);
    }
    return m;
  }

  // -- groups in arrays --

  /** A keyless member that names a group rule (the parser leaves those as members). */
  private groupRefName(e: GroupEntry): string | null {
    if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
    const b = e.type.options[0]!;
    return !b.range && !b.control && b.base.kind === 'ref' && this.groups.has(b.base.name) && !this.types.has(b.base.name) ? b.base.name : null;
  }

  /** The generic bindings of a keyless group reference `name<args>` made in `env`. */
  private groupRefEnv(e: GroupEntry, env: Env): Env {
    const b = (e as Extract<GroupEntry, { kind: 'member' }>).type.options[0]!.base as Extract<Type2, { kind: 'ref' }>;
    return this.bind(this.groups.get(b.name)!, b.args, env, e.provenance);
  }

  /**
   * A keyless `$$name` entry with no `//=` plug anywhere: a group socket nobody has filled yet,
   * which RFC 8610 §3.9 leaves open for extension; it stands for the empty group, so a map or
   * array that names it matches as if the entry were not there.
   */
  private emptySocket(e: GroupEntry): boolean {
    if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return false;
    const b = e.type.options[0]!;
    return !b.range && !b.control && b.base.kind === 'ref' && b.base.name.startsWith('$$') && !this.groups.has(b.base.name) && !this.types.has(b.base.name);
  }

  /** `~name` as a group entry: the group inside the array or map rule `name`. */
  private unwrapped(e: GroupEntry, env: Env = EMPTY_ENV): { group: Group; env: Env; name: string } | null {
    if (e.kind !== 'member' || e.key || e.type.options.length !== 1) return null;
    const b = e.type.options[0]!;
    if (b.range || b.control || b.base.kind !== 'unwrap') return null;
    const rule = this.types.get(b.base.name);
    const only = rule?.type.options.length === 1 ? rule.type.options[0]!.base : undefined;
    // `~tagged` unwraps to a type: the entry is an element of that type (see type2).
    if (only?.kind === 'tag') return null;
    if (!rule || !only || (only.kind !== 'array' && only.kind !== 'map')) {
      throw new CddlUnsupported(`~${b.base.name}: only array and map rules can be unwrapped`, e.provenance);
    }
    return { group: only.group, env: this.bind(rule, b.base.args, env, e.provenance), name: b.base.name };
  }

  /** `[* T]`, `[2* T]`: one member, repeated; matched in a loop rather than by backtracking. */
  private homogeneous(g: Group): Extract<GroupEntry, { kind: 'member' }> | null {
    const only = g.choices.length === 1 && g.choices[0]!.length === 1 ? g.choices[0]![0]! : null;
    if (only?.kind !== 'member' || !only.occurrence || this.groupRefName(only) || this.emptySocket(only) || this.unwrapped(only)) return null;
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
    this.entryAt = e.provenance;
    this.step(e.provenance);
    if (this.emptySocket(e)) return k(pos);
    if (e.kind === 'inline') return this.seq(e.group.choices, items, pos, path, env, at, k);
    if (e.kind === 'groupRef') {
      const rule = this.groups.get(e.name);
      if (!rule) throw new CddlUnsupported(`'${e.name}' is not a group rule`, e.provenance);
      return this.seq(rule.group.choices, items, pos, path, this.bind(rule, e.args, env, e.provenance), at, k);
    }
    const ref = this.groupRefName(e);
    if (ref) return this.seq(this.groups.get(ref)!.group.choices, items, pos, path, this.groupRefEnv(e, env), at, k);
    const unwrapped = this.unwrapped(e, env);
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
      if (this.emptySocket(e)) continue;
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
      const unwrapped = this.unwrapped(e, env);
      if (ref) {
        group = this.groups.get(ref)!.group;
        e2 = this.groupRefEnv(e, env);
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

function numeric(v: Value, at: Provenance): number | bigint {
  if (v.kind === 'int') return v.big !== undefined ? BigInt(v.big) : BigInt(v.value);
  if (v.kind === 'float') return v.value;
  throw new CddlUnsupported(`${renderValue(v)} is not a number`, at);
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
