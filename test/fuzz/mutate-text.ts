/**
 * Text mutations for the spec and EDN parsers: blind edits (delete, duplicate, repeat a line,
 * splice lines of another seed, truncate) and the hostile shapes a draft author or a peer can
 * write: deep brackets, long unterminated definitions, huge numbers, comment terminators, names
 * that are Object.prototype members, one name used for another (self-reference, cycles), a byte
 * order mark, CRLF line ends, NUL and lone surrogates. The language-specific parts (its tokens,
 * how it nests, how a definition stays open) come from the parser's TextFormat.
 */
import type { Rng } from './rng.ts';
import type { Seed } from './target.ts';

export interface TextFormat {
  /** Tokens of the language worth inserting anywhere. */
  readonly tokens: readonly string[];
  /** A construct nested `depth` levels deep (complete, or left open when `open`). */
  deep(depth: number, open: boolean): string;
  /** One line of a definition that never ends, written `lines` times after its opening. */
  unterminated(lines: number): string;
}

/** Largest text a mutation may produce (characters). */
export const MAX_MUTATED_CHARS = 128 * 1024;

const HOSTILE = [
  '*/',
  '/*',
  '//',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '\u2028',
  '\r',
  '\t',
  '"',
  "'",
  '\\',
  '99999999999999999999999999999999',
  `0x${'f'.repeat(40)}`,
  '-0',
  '1e999',
  '18446744073709551616',
  '4294967296',
  '9007199254740993',
];
const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

type TextEdit = (rng: Rng, t: string, other: string, format: TextFormat) => string;

const at = (rng: Rng, t: string) => rng.below(t.length + 1);

/** A position at the start of a line (where a new definition may begin). */
function lineStart(rng: Rng, t: string): number {
  const p = at(rng, t);
  const nl = t.lastIndexOf('\n', p - 1);
  return nl + 1;
}

const EDITS: readonly TextEdit[] = [
  function deleteRange(rng, t) {
    const s = at(rng, t);
    return t.slice(0, s) + t.slice(s + rng.smallSize(t.length - s));
  },
  function duplicateRange(rng, t) {
    const s = at(rng, t);
    const piece = t.slice(s, s + rng.smallSize(t.length - s));
    const p = at(rng, t);
    return t.slice(0, p) + piece + t.slice(p);
  },
  function insertToken(rng, t, _o, f) {
    const p = at(rng, t);
    const tok = rng.chance(0.5) ? rng.pick(f.tokens) : rng.pick(HOSTILE);
    return t.slice(0, p) + (rng.chance(0.5) ? ` ${tok} ` : tok) + t.slice(p);
  },
  function renameToPrototypeMember(rng, t) {
    const names = [...t.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
    if (!names.length) return t;
    const m = rng.pick(names);
    const to = rng.pick(NAMES);
    // Every occurrence of the name, so that definitions and uses stay consistent.
    return rng.chance(0.5) ? t.split(m[0]).join(to) : t.slice(0, m.index) + to + t.slice(m.index + m[0].length);
  },
  function swapName(rng, t) {
    // One name used where another was: makes rules and types refer to themselves or each other.
    const names = [...t.matchAll(/[A-Za-z_$][A-Za-z0-9_$.-]*/g)];
    if (names.length < 2) return t;
    const m = rng.pick(names);
    return t.slice(0, m.index) + rng.pick(names)[0] + t.slice(m.index + m[0].length);
  },
  function repeatLine(rng, t) {
    const lines = t.split('\n');
    const i = rng.below(lines.length);
    const times = rng.chance(0.85) ? rng.between(2, 50) : rng.between(50, 5000);
    lines.splice(i, 0, ...Array<string>(times).fill(lines[i] ?? ''));
    return lines.join('\n');
  },
  function spliceLines(rng, t, other) {
    const a = t.split('\n');
    const b = other.split('\n');
    const from = rng.below(b.length);
    a.splice(rng.below(a.length + 1), 0, ...b.slice(from, from + rng.smallSize(b.length - from)));
    return a.join('\n');
  },
  function truncate(rng, t) {
    return t.slice(0, at(rng, t));
  },
  function deep(rng, t, _o, f) {
    const depth = rng.chance(0.7) ? rng.between(10, 200) : rng.between(200, 20000);
    const p = lineStart(rng, t);
    return `${t.slice(0, p) + f.deep(depth, rng.chance(0.3))}\n${t.slice(p)}`;
  },
  function unterminated(rng, t, _o, f) {
    const lines = rng.chance(0.7) ? rng.between(10, 500) : rng.between(500, 5000);
    const p = rng.chance(0.5) ? t.length : lineStart(rng, t);
    return `${t.slice(0, p)}\n${f.unterminated(lines)}${t.slice(p)}`;
  },
  function byteOrderMark(_rng, t) {
    return `\uFEFF${t}`;
  },
  function crlf(_rng, t) {
    return t.replace(/\r?\n/g, '\r\n');
  },
];

/** One mutated text from `seeds`: one to four edits of one seed. */
export function mutateText(rng: Rng, seeds: readonly Seed<string>[], format: TextFormat): Seed<string> {
  const seed = rng.pick(seeds);
  let t = seed.data;
  const n = rng.between(1, 4);
  for (let i = 0; i < n; i++) {
    t = rng.pick(EDITS)(rng, t, rng.pick(seeds).data, format);
    if (t.length > MAX_MUTATED_CHARS) t = t.slice(0, MAX_MUTATED_CHARS);
  }
  return { data: t, origin: seed.origin };
}

/** The seeds of a text target: whole files, and their blank-line-separated chunks (faster to mutate). */
export function textSeeds(files: ReadonlyArray<{ text: string; origin: string }>): Seed<string>[] {
  const out: Seed<string>[] = [];
  const seen = new Set<string>();
  const add = (data: string, origin: string) => {
    if (data.trim() === '' || seen.has(data)) return;
    seen.add(data);
    out.push({ data, origin });
  };
  for (const f of files) {
    add(f.text, f.origin);
    for (const [i, chunk] of f.text.split(/\n\s*\n/).entries()) add(chunk, `${f.origin} chunk ${i}`);
  }
  return out;
}
