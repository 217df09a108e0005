/**
 * Checks a draft's CBOR examples against the draft's own CDDL: every `*.cbor` of an examples folder
 * (as in spec/content/examples, whose `examples.json` index may also name an example's rule) must
 * be an instance of one of the CDDL's root rules.
 *
 * Which rule an example is for: `options.rules[name]` when the caller knows; otherwise the root
 * rules are tried (`options.roots`, by default the first type rule of each spec file: mimiContent,
 * MessageDerivedValues and MessageStatusReport for draft-ietf-mimi-content) and the example is
 * valid when one of them accepts it. When none does, the diagnostic is for the closest root: the
 * one most of whose top-level members line up with the example's elements (in order, allowing
 * for members added or removed), then the one the validator got furthest into.
 *
 * The specs must be the CDDL of the same draft version as the examples (parsed with parseCddl from
 * that draft's files), not the generated codecs, which follow the current version.
 *
 * Codes:
 * - `example-invalid` (error): the file is not well-formed CBOR, or no candidate rule accepts it;
 *   the message gives the path into the item and the reason, the hint the CDDL position.
 * - `example-missing` (error): examples.json lists a .cbor file that is not there (or is not JSON).
 * - `example-unchecked` (warning): the CDDL uses something the validator does not support, or a
 *   rule named in `options.rules` is not defined.
 * All are placed at line 1 of the example file (of examples.json for `example-missing`).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'cbor2';
import { diagnosticAt, sortDiagnostics, type Diagnostic } from '../common/diagnostics.ts';
import type { CddlSpec, Provenance } from '../cddl/ir.ts';
import { CddlUnsupported, CddlValidator, DECODE_OPTIONS, formatMismatch, formatPath, type Mismatch } from './cddl-validate.ts';

export interface ExampleLintOptions {
  /** The folder as shown in diagnostics (default: `dir` as given), e.g. `spec/content/examples`. */
  displayDir?: string;
  /** Example name (file name without `.cbor`) → the rule it is an instance of. */
  rules?: Readonly<Record<string, string>>;
  /** Rules an example may be an instance of when `rules` does not say (default: each spec's first type rule). */
  roots?: readonly string[];
}

interface IndexEntry {
  name: string;
  files?: string[];
  rule?: string;
}

/** The root rules of some specs: the first type rule of each file (RFC 8610: a spec's first rule is its root). */
export function rootRules(specs: readonly CddlSpec[]): string[] {
  const roots: string[] = [];
  for (const s of specs) {
    const first = s.rules.find((r) => r.kind === 'type' && !r.name.startsWith('$'));
    if (first && !roots.includes(first.name)) roots.push(first.name);
  }
  return roots;
}

/**
 * The examples of a folder: those examples.json lists (with the rule an entry names, if any), then
 * every other *.cbor of the folder; and the .cbor files the index lists that are not there.
 */
export function exampleFiles(dir: string): { examples: Array<{ name: string; file: string; rule?: string }>; missing: string[]; unreadable: boolean } {
  const examples: Array<{ name: string; file: string; rule?: string }> = [];
  const missing: string[] = [];
  let unreadable = false;
  const indexPath = join(dir, 'examples.json');
  if (existsSync(indexPath)) {
    let index: { examples?: IndexEntry[] } = {};
    try {
      index = JSON.parse(readFileSync(indexPath, 'utf8')) as { examples?: IndexEntry[] };
    } catch {
      unreadable = true;
    }
    for (const e of Array.isArray(index.examples) ? index.examples : []) {
      const file = (e.files ?? [`${e.name}.cbor`]).find((f) => f.endsWith('.cbor'));
      if (!file) continue;
      if (!existsSync(join(dir, file))) missing.push(file);
      else examples.push(e.rule ? { name: e.name, file, rule: e.rule } : { name: e.name, file });
    }
  }
  const listed = new Set(examples.map((e) => e.file));
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.cbor') && !listed.has(f))
    .sort()) {
    examples.push({ name: file.replace(/\.cbor$/, ''), file });
  }
  return { examples, missing, unreadable };
}

export function lintExamples(dir: string, specs: readonly CddlSpec[], options: ExampleLintOptions = {}): Diagnostic[] {
  if (!existsSync(dir)) return [];
  const shown = (options.displayDir ?? dir).replace(/\/$/, '');
  const out: Diagnostic[] = [];
  const { examples, missing, unreadable } = exampleFiles(dir);
  if (unreadable) {
    out.push(
      diagnosticAt(
        { file: `${shown}/examples.json`, line: 1, col: 1 },
        'error',
        'example-missing',
        'examples.json is not a JSON index of examples; checking every .cbor of the folder',
      ),
    );
  }
  for (const file of missing) {
    out.push(
      diagnosticAt(
        { file: `${shown}/examples.json`, line: 1, col: 1 },
        'error',
        'example-missing',
        `examples.json lists ${file}, which is not in ${shown}`,
        'restore the file, or remove it from the index',
      ),
    );
  }
  const validator = new CddlValidator(specs);
  const roots = [...(options.roots ?? rootRules(specs))];
  for (const ex of examples) {
    const rule = options.rules?.[ex.name] ?? ex.rule;
    for (const item of lintExample(
      `${shown}/${ex.file}`,
      new Uint8Array(readFileSync(join(dir, ex.file))),
      validator,
      rule ? [rule] : roots,
      rule === undefined,
    ))
      out.push(item);
  }
  return sortDiagnostics(out);
}

/**
 * One example: its bytes against the candidate rules (valid when one accepts it). `inferred`
 * says the candidates are the root rules rather than a rule the caller named.
 */
export function lintExample(file: string, bytes: Uint8Array, validator: CddlValidator, candidates: readonly string[], inferred = true): Diagnostic[] {
  const at = { file, line: 1, col: 1 };
  let value: unknown;
  try {
    value = decode(bytes, DECODE_OPTIONS);
  } catch (err) {
    return [diagnosticAt(at, 'error', 'example-invalid', `${file} is not well-formed CBOR: ${(err as Error).message}`, 'regenerate the .cbor from its .edn')];
  }
  const defined = candidates.filter((r) => validator.has(r));
  const out: Diagnostic[] = [];
  for (const r of candidates.filter((c) => !validator.has(c))) {
    out.push(diagnosticAt(at, 'warning', 'example-unchecked', `${file} cannot be checked against '${r}': the CDDL defines no such type rule`));
  }
  if (defined.length === 0) return out;
  const failures: Array<{ rule: string; miss: Mismatch; alignment: Alignment }> = [];
  const unsupported: Array<{ rule: string; err: CddlUnsupported }> = [];
  for (const rule of defined) {
    try {
      const miss = validator.validate(value, rule);
      if (miss === null) return out;
      failures.push({ rule, miss, alignment: align(validator, value, rule) });
    } catch (err) {
      if (!(err instanceof CddlUnsupported)) throw err;
      unsupported.push({ rule, err });
    }
  }
  for (const { rule, err } of unsupported) {
    out.push(
      diagnosticAt(
        at,
        'warning',
        'example-unchecked',
        `${file} cannot be checked against '${rule}': ${err.message}`,
        err.at ? `the CDDL in question is at ${where(err.at)}` : undefined,
      ),
    );
  }
  if (failures.length === 0) return out;
  // The closest candidate: most top-level members matched, then the furthest the validator got.
  let top = failures[0]!;
  for (const f of failures.slice(1)) {
    const a = f.alignment.matched;
    const b = top.alignment.matched;
    if (a > b || (a === b && furtherThan(f.miss, top.miss))) top = f;
  }
  const others = defined.filter((r) => r !== top.rule);
  const which = inferred && defined.length > 1 ? ` (the closest of its possible rules; ${others.join(', ')} do not match either)` : '';
  const { lacking, extra, matched } = top.alignment;
  // Worth saying when members were added or removed, not for one element in the wrong place.
  const skew = lacking.length + extra.length >= 2 && !(lacking.length === 1 && extra.length === 1);
  const shape =
    matched > 0 && skew
      ? `lined up with ${top.rule}, the example ${[lacking.length ? `has no element for ${lacking.join(', ')}` : '', extra.length ? `has element${extra.length === 1 ? '' : 's'} ${extra.map((x) => `/${x}`).join(', ')} that fit${extra.length === 1 ? 's' : ''} no member` : ''].filter(Boolean).join(' and ')}`
      : '';
  const hint = [
    top.miss.at ? `the CDDL is at ${where(top.miss.at)}` : '',
    shape,
    inferred && defined.length > 1 ? 'name the rule of each example to check it against that rule only' : '',
  ]
    .filter(Boolean)
    .join('; ');
  out.push(
    diagnosticAt(
      at,
      'error',
      'example-invalid',
      `${file} is not a valid ${top.rule}${which}: at ${formatPath(top.miss.path)}: ${formatMismatch(top.miss)}`,
      hint || undefined,
    ),
  );
  return out;
}

function where(p: Provenance): string {
  return `${p.file}:${p.line}:${p.col}`;
}

function furtherThan(a: Mismatch, b: Mismatch): boolean {
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) {
    const x = a.path[i]!.at;
    const y = b.path[i]!.at;
    if (typeof x === 'number' && typeof y === 'number' && x !== y) return x > y;
  }
  return a.path.length > b.path.length;
}

/**
 * How an example's top-level array lines up with a rule's top-level members: the longest
 * alignment (in order, skipping on either side) of elements to members whose type each element
 * matches on its own. Tells which root an invalid example was meant for even when members were
 * added or removed between draft versions, and names what does not line up.
 */
interface Alignment {
  matched: number;
  /** Members with no element (optional and repeated members left out). */
  lacking: string[];
  /** Indexes of elements that line up with no member. */
  extra: number[];
}

function align(validator: CddlValidator, value: unknown, rule: string): Alignment {
  const members = Array.isArray(value) ? validator.topLevelMembers(rule) : null;
  if (!members || !Array.isArray(value)) return { matched: 0, lacking: [], extra: [] };
  const m = members.length;
  const n = value.length;
  const fits = members.map((mem) => value.map((v) => validator.matchesType(mem.type, v)));
  // lcs[i][j]: best alignment of members[i..] with value[j..].
  const lcs = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  for (let i = m - 1; i >= 0; i--) {
    for (let j = n - 1; j >= 0; j--) {
      const row = lcs[i]!;
      row[j] = Math.max(lcs[i + 1]![j]!, row[j + 1]!, fits[i]![j] ? lcs[i + 1]![j + 1]! + 1 : 0);
    }
  }
  const lacking: string[] = [];
  const extra: number[] = [];
  let i = 0;
  let j = 0;
  while (i < m || j < n) {
    if (i < m && j < n && fits[i]![j] && lcs[i]![j] === lcs[i + 1]![j + 1]! + 1) {
      i++;
      j++;
    } else if (i < m && (j >= n || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      const mem = members[i]!;
      if (!mem.occurrence || mem.occurrence.min > 0) lacking.push(mem.key?.kind === 'bareword' ? mem.key.name : `member ${i}`);
      i++;
    } else {
      extra.push(j);
      j++;
    }
  }
  return { matched: lcs[0]![0]!, lacking, extra };
}
