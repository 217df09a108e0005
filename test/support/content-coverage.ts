/**
 * What a content property run exercised, measured on the values and bytes it actually used:
 *
 * - `choicesIn(rule, value)`: every alternative taken, as keys `choice <site> <i>` (a `/` choice:
 *   the first alternative the value has the shape of, as the decoder tries them), `variant <site>
 *   <label>` (a record with variants: cardinality) and `range <site> <i>` (an integer with several
 *   ranges, i.e. an enumeration: disposition, status). Sites are paths from the rule that holds
 *   them (`NestedPart.cardinality`), the same at every nesting level;
 * - `ownChoiceTargets(rule)`: every alternative of the rule's own shape (refs not followed: each
 *   rule is a test of its own);
 * - `cborHeads(bytes)`: every data item head of well-formed definite-length CBOR with its major
 *   type and argument, so a test can see which length arguments it wrote and read;
 * - `lengthTargets(rule)`: per major type (2 bstr, 3 tstr, 4 array, 5 map), the boundary lengths
 *   (23/24, 255/256, 65535/65536) that a value of the rule can have somewhere (refs followed), and
 *   that the covering samples (./covering.ts) must therefore produce.
 */
import type { Shape } from '../../generators/cddl/shape.ts';
import { CBOR_LENGTH_BOUNDARIES, hasShape, recursive, ruleShapes } from './content-arbitrary.ts';

function shapeOf(rule: string): Shape {
  const s = ruleShapes.get(rule);
  if (s === undefined) throw new Error(`no CDDL rule named ${rule}`);
  return s;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Index of the range of a multi-range integer that holds v. */
function rangeIndex(s: Extract<Shape, { k: 'int' }>, v: unknown): number {
  const b = typeof v === 'bigint' ? v : BigInt(v as number);
  return s.ranges!.findIndex((r) => b >= BigInt(r.min) && b <= BigInt(r.max));
}

export function choicesIn(rule: string, value: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (s: Shape, v: unknown, site: string): void => {
    switch (s.k) {
      case 'int':
        if (s.ranges !== null && s.ranges.length > 1) out.add(`range ${site} ${rangeIndex(s, v)}`);
        return;
      case 'ref':
        walk(shapeOf(s.name), v, s.name);
        return;
      case 'choice': {
        const i = s.options.findIndex((o) => hasShape(o, v));
        out.add(`choice ${site} ${i}`);
        if (i >= 0) walk(s.options[i]!, v, `${site}/${i}`);
        return;
      }
      case 'record': {
        if (!isObj(v)) return;
        for (const f of s.record.fields) walk(f.shape, v[f.name], `${site}.${f.name}`);
        const vs = s.record.variants;
        if (vs === null) return;
        const variant = vs.variants.find((x) => hasShape({ k: 'literal', value: x.tag }, v[vs.tagField]));
        out.add(`variant ${site}.${vs.tagField} ${variant?.label ?? '?'}`);
        for (const f of variant?.fields ?? []) walk(f.shape, v[f.name], `${site}.${f.name}`);
        return;
      }
      case 'list':
        if (Array.isArray(v)) for (const x of v) walk(s.element, x, `${site}[]`);
        return;
      case 'table':
        if (v instanceof Map) {
          for (const [k, x] of v) {
            walk(s.key, k, `${site}{key}`);
            walk(s.value, x, `${site}{}`);
          }
        }
        return;
      case 'tag':
        if (isObj(v) && 'value' in v) walk(s.inner, v.value, `${site}#`);
        return;
      default:
        return;
    }
  };
  walk(shapeOf(rule), value, rule);
  return out;
}

export function ownChoiceTargets(rule: string): string[] {
  const out: string[] = [];
  const visit = (s: Shape, site: string): void => {
    switch (s.k) {
      case 'int':
        if (s.ranges !== null && s.ranges.length > 1) s.ranges.forEach((_, i) => out.push(`range ${site} ${i}`));
        return;
      case 'choice':
        s.options.forEach((o, i) => {
          out.push(`choice ${site} ${i}`);
          visit(o, `${site}/${i}`);
        });
        return;
      case 'record': {
        for (const f of s.record.fields) visit(f.shape, `${site}.${f.name}`);
        const vs = s.record.variants;
        for (const v of vs?.variants ?? []) {
          out.push(`variant ${site}.${vs!.tagField} ${v.label}`);
          for (const f of v.fields) visit(f.shape, `${site}.${f.name}`);
        }
        return;
      }
      case 'list':
        visit(s.element, `${site}[]`);
        return;
      case 'table':
        visit(s.key, `${site}{key}`);
        visit(s.value, `${site}{}`);
        return;
      case 'tag':
        visit(s.inner, `${site}#`);
        return;
      default:
        return;
    }
  };
  visit(shapeOf(rule), rule);
  return [...new Set(out)];
}

export interface CborHead {
  offset: number;
  major: number;
  /** Bytes of the argument after the initial byte: 0 (in the initial byte), 1, 2, 4 or 8. */
  width: 0 | 1 | 2 | 4 | 8;
  argument: bigint;
}

/** Every data item head of well-formed, definite-length CBOR, in order. */
export function cborHeads(b: Uint8Array): CborHead[] {
  const out: CborHead[] = [];
  let p = 0;
  const item = (): void => {
    if (!(p < b.length)) throw new Error('not well-formed');
    const offset = p;
    const major = b[p]! >> 5;
    const ai = b[p]! & 31;
    p++;
    const width = ai < 24 ? 0 : ((1 << (ai - 24)) as 1 | 2 | 4 | 8);
    let argument = ai < 24 ? BigInt(ai) : 0n;
    for (let i = 0; i < width; i++) argument = (argument << 8n) | BigInt(b[p + i]!);
    p += width;
    out.push({ offset, major, width, argument });
    if (major === 7) return;
    const n = Number(argument);
    if (major === 2 || major === 3) p += n;
    else if (major === 4) for (let i = 0; i < n; i++) item();
    else if (major === 5) for (let i = 0; i < 2 * n; i++) item();
    else if (major === 6) item();
  };
  while (p < b.length) item();
  return out;
}

/** Major type → boundary lengths a value of `rule` can have there (see the header). */
export function lengthTargets(rule: string): Map<number, number[]> {
  const want = new Map<number, Set<number>>();
  const add = (major: number, min: number, max: number | null): void => {
    for (const n of CBOR_LENGTH_BOUNDARIES) {
      if (n < min || (max !== null && n > max)) continue;
      want.set(major, (want.get(major) ?? new Set()).add(n));
    }
  };
  const seen = new Set<string>();
  const visit = (s: Shape, stack: readonly string[]): void => {
    switch (s.k) {
      case 'bstr':
        add(2, s.min, s.max);
        return;
      case 'tstr':
        add(3, s.min, s.max);
        return;
      case 'ref':
        if (seen.has(s.name)) return;
        seen.add(s.name);
        visit(shapeOf(s.name), [...stack, s.name]);
        return;
      case 'choice':
        for (const o of s.options) visit(o, stack);
        return;
      case 'record':
        for (const f of [...s.record.fields, ...(s.record.variants?.variants.flatMap((v) => v.fields) ?? [])]) visit(f.shape, stack);
        return;
      case 'list':
        // Lists and tables of elements that recurse stay short (steered counts would multiply), as
        // in the generator.
        if (!recursive(s.element, stack)) add(4, s.min, Math.min(s.max ?? Infinity, 256));
        visit(s.element, stack);
        return;
      case 'table':
        if (!recursive(s.value, stack)) add(5, 0, 256);
        visit(s.key, stack);
        visit(s.value, stack);
        return;
      case 'tag':
        visit(s.inner, stack);
        return;
      default:
        return;
    }
  };
  visit({ k: 'ref', name: rule }, []);
  return new Map([...want].map(([m, ns]) => [m, [...ns].sort((a, b) => a - b)]));
}
