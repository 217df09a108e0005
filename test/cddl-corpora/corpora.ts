/**
 * Issue 15 point 2's proof on CDDL mimikit did not write: every corpus of
 * test/fixtures/cddl-corpora/ (published IETF CDDL and the test corpora of the CDDL reference
 * tools, each with its SOURCE.md and licence) is parsed, its examples validated, codecs generated
 * and loaded, and every example that validates round-tripped through its rule's codec.
 *
 * A corpus is described by its corpus.json: units, each one CDDL text made by concatenating files
 * in the order the corpus' own Makefile does (EAT and CoRIM build one file from many), plus the
 * examples for that text. Each file is parsed on its own so that diagnostics keep their
 * file:line:col, and the rules of a unit are then merged into one spec: concatenation, but located.
 *
 * What cannot be parsed, lowered, emitted or validated is collected by construct (the diagnostic's
 * message with the rule names taken out), so the table shows what blocks the most rules and
 * examples. Nothing here works around an unsupported construct: the numbers are what the
 * generators and the validator do today.
 *
 * Codecs are emitted with the content generator (emitContentPackage), bundled with esbuild (one
 * build per corpus, the runtime packages left external) and imported, so a codec counts as
 * generated only when its module loads.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decode, encode } from 'cbor2';
import { build } from 'esbuild';
import { ednToCbor } from '@mimikit/content/edn';
import { fromHex } from '@mimikit/bytes';
import type { Diagnostic } from '../../generators/common/diagnostics.ts';
import { emitContentPackage } from '../../generators/cddl/emit/emit-package.ts';
import { CDDL_IR_VERSION, type CddlSpec, type Provenance } from '../../generators/cddl/ir.ts';
import type { LoweredRule, LoweredSpec } from '../../generators/cddl/lowered.ts';
import { parseCddl } from '../../generators/cddl/parse/parser.ts';
import { checkContentNames } from '../../generators/cddl/passes/check-names.ts';
import { lowerSpec } from '../../generators/cddl/passes/lower.ts';
import { CddlUnsupported, CddlValidator, DECODE_OPTIONS, formatMismatch, formatPath } from '../../generators/lint/cddl-validate.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
export const CORPORA_DIR = 'test/fixtures/cddl-corpora';

// ---- the manifests ----

export interface ExampleManifest {
  /** Relative to the corpus folder: .cbor (bytes), .hex, .diag/.edn (CBOR diagnostic notation), .json (cose-wg/Examples: output.cbor). */
  file: string;
  /** The rule the example is an instance of; default: the unit's root(s). */
  rule?: string;
  /** `invalid`: the corpus ships the example as one that must be rejected (anweiss/cddl's `bad-*`). */
  expect?: 'invalid';
}

export interface UnitManifest {
  name: string;
  /** Concatenated in this order (the corpus' build order). */
  files: string[];
  /** `each-file`: the first type rule of each file is a root (MIMI content); default: the first type rule of the unit. */
  roots?: 'each-file';
  /**
   * cddlc's `;# import <spec> as <ns>` (CoRIM): namespace → the imported spec's files. The rules the
   * unit names as `ns.rule`, and the rules those call, are added under the `ns.` prefix.
   */
  imports?: Record<string, string[]>;
  examples: ExampleManifest[];
}

export interface CorpusManifest {
  title: string;
  units: UnitManifest[];
}

// ---- results ----

export type Stage = 'parse' | 'generate' | 'validate' | 'example';

/** One construct (or error) that stopped rules or examples, with where it was first seen. */
export interface Blocker {
  stage: Stage;
  construct: string;
  /** Rules (parse, generate) or examples (validate, example) it stopped. */
  count: number;
  sample: string;
}

export interface UnitResult {
  name: string;
  files: number;
  filesParsed: number;
  /** Type rules (sockets excepted): what could become a codec. */
  typeRules: number;
  codecs: number;
  examples: number;
  /** Examples whose validation agreed with the corpus (valid ones accepted, `expect: invalid` ones rejected). */
  examplesAgreed: number;
  /** Valid examples whose rule has a loaded codec. */
  roundTripCandidates: number;
  roundTripped: number;
  /** Lines: one per example that did not validate or round-trip, and why. */
  notes: string[];
  /** Examples that validate and have a codec but do not round-trip (the invariant's failures). */
  roundTripFailures: string[];
}

export interface CorpusResult {
  corpus: string;
  title: string;
  /** Distinct CDDL files of the corpus (imported ones included), and how many parsed without error. */
  files: number;
  filesParsed: number;
  /** Rule definitions parsed in the corpus' distinct files. */
  rules: number;
  units: UnitResult[];
  blockers: Blocker[];
}

// ---- running ----

/** The blocker of a rule whose own CDDL is fine but which calls a rule that got no codec: a consequence, not a cause. */
const BLOCKED_THROUGH_ANOTHER_RULE = 'calls a rule that got no codec';

/** The corpora present, in name order. */
export function corpusNames(): string[] {
  const index = JSON.parse(readFileSync(join(ROOT, CORPORA_DIR, 'corpora.json'), 'utf8')) as { corpora: string[] };
  return index.corpora;
}

interface Codec {
  encode(v: unknown): Uint8Array;
  decode(b: Uint8Array): unknown;
}

/** A unit parsed, lowered and emitted, before its codecs are loaded. */
interface PreparedUnit {
  manifest: UnitManifest;
  spec: CddlSpec;
  roots: string[];
  typeRules: string[];
  filesParsed: number;
  emitted: Array<{ path: string; content: string }>;
  /** Rules emitted into the package. */
  generated: Set<string>;
}

class BlockerTally {
  private readonly byKey = new Map<string, Blocker>();
  add(stage: Stage, construct: string, sample: string, count = 1): void {
    const key = `${stage}\u0000${construct}`;
    const prior = this.byKey.get(key);
    if (prior) prior.count += count;
    else this.byKey.set(key, { stage, construct, count, sample });
  }
  list(): Blocker[] {
    return [...this.byKey.values()].sort((a, b) => b.count - a.count || a.stage.localeCompare(b.stage) || a.construct.localeCompare(b.construct));
  }
}

/**
 * A diagnostic's message as a construct: rule and member names, quoted source text and numbers are
 * what differ between two occurrences of the same limitation, so they are replaced by placeholders.
 */
export function constructOf(message: string): string {
  return message
    .replace(/^[^\s:'"]+: /, '')
    .replace(/'[^']*'/g, (q) => (/^'[.$&~#^/]|^'\/\/'|^'\.\.\.?'/.test(q) ? q : "'…'"))
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\b\d+\b/g, 'N')
    .replace(/\s+/g, ' ')
    .trim();
}

function located(at: Provenance | { file: string; line: number; col: number } | undefined): string {
  return at ? `${at.file}:${at.line}:${at.col}` : '(no location)';
}

/** The source line a diagnostic points at, for the blocker's sample. */
function sourceLine(at: { file: string; line: number }): string {
  try {
    return (readFileSync(join(ROOT, at.file), 'utf8').split('\n')[at.line - 1] ?? '').trim();
  } catch {
    return '';
  }
}

function sampleOf(d: Diagnostic): string {
  const line = sourceLine(d);
  return `${d.file}:${d.line}:${d.col}: ${d.message}${line ? ` — \`${line.slice(0, 100)}\`` : ''}`;
}

/** Every `{ k: 'ref', name }` a shape mentions: the rules its codec calls. */
function shapeRefs(value: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const v of value) shapeRefs(v, out);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.k === 'ref' && typeof o.name === 'string') out.add(o.name);
    for (const v of Object.values(o)) shapeRefs(v, out);
  }
  return out;
}

/** Keeps the rules whose codec only calls rules that are kept, dropping the others (and saying why). */
function closeOverRefs(rules: LoweredRule[], dropped: Map<string, string>): LoweredRule[] {
  let kept = rules;
  for (;;) {
    const names = new Set(kept.map((r) => r.name));
    const next = kept.filter((r) => {
      const missing = [...shapeRefs(r.shape, new Set())].find((n) => !names.has(n));
      if (missing !== undefined) dropped.set(r.name, missing);
      return missing === undefined;
    });
    if (next.length === kept.length) return kept;
    kept = next;
  }
}

function prepareUnit(corpus: string, manifest: UnitManifest, index: number, tally: BlockerTally): PreparedUnit {
  const rules: CddlSpec['rules'] = [];
  const roots: string[] = [];
  let filesParsed = 0;
  for (const file of manifest.files) {
    const display = `${CORPORA_DIR}/${corpus}/${file}`;
    const { spec, diagnostics } = parseCddl(readFileSync(join(ROOT, display), 'utf8'), display, `unit${index}`);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) filesParsed++;
    for (const d of errors) tally.add('parse', `${d.code}: ${constructOf(d.message)}`, sampleOf(d));
    rules.push(...spec.rules);
    if (manifest.roots === 'each-file') {
      const first = spec.rules.find((r) => r.kind === 'type' && !r.name.startsWith('$'));
      if (first && !roots.includes(first.name)) roots.push(first.name);
    }
  }
  for (const [ns, files] of Object.entries(manifest.imports ?? {})) {
    rules.push(...importedRules(corpus, ns, files, rules, tally));
  }
  const spec: CddlSpec = { irVersion: CDDL_IR_VERSION, name: `unit${index}`, rules };
  if (manifest.roots !== 'each-file') {
    const first = rules.find((r) => r.kind === 'type' && !r.name.startsWith('$'));
    if (first) roots.push(first.name);
  }
  const typeRules = [...new Set(rules.filter((r) => r.kind === 'type' && !r.name.startsWith('$')).map((r) => r.name))];

  const lowered = lowerSpec(spec);
  for (const d of lowered.diagnostics.filter((x) => x.severity === 'error')) tally.add('generate', `${d.code}: ${constructOf(d.message)}`, sampleOf(d));
  // Names the generated code cannot carry stop the whole package in emitContentPackage: leave
  // those rules out (counted as blocked) so that the others still get their codecs.
  const badNames = new Set<string>();
  for (const d of checkContentNames([lowered])) {
    const r = lowered.rules.find((x) => x.rule.provenance.file === d.file && x.rule.provenance.line === d.line && x.rule.provenance.col === d.col);
    if (r && !badNames.has(r.name)) {
      badNames.add(r.name);
      tally.add('generate', `${d.code}: ${constructOf(d.message)}`, sampleOf(d));
    }
  }
  const dropped = new Map<string, string>();
  let kept = closeOverRefs(
    lowered.rules.filter((r) => !badNames.has(r.name)),
    dropped,
  );
  let emitted = emitRules(spec.name, kept);
  if (!emitted.ok) {
    // The emitter gave up on the file: find the rules it gives up on, one at a time.
    const bad = new Map<string, string>();
    for (const r of kept) {
      const one = emitRules(spec.name, closure(r, kept));
      if (!one.ok) bad.set(r.name, one.message);
    }
    // The rules that fail on their own account, not because a rule they call does.
    const culprits = [...bad].filter(([name]) => closure(kept.find((r) => r.name === name)!, kept).every((r) => r.name === name || !bad.has(r.name)));
    for (const [name, message] of culprits) {
      const r = kept.find((x) => x.name === name)!;
      tally.add('generate', `emit: ${constructOf(message)}`, `${located(r.rule.provenance)}: ${name}: ${message}`);
    }
    kept = closeOverRefs(
      kept.filter((r) => !bad.has(r.name)),
      dropped,
    );
    emitted = emitRules(spec.name, kept);
  }
  for (const [name, missing] of dropped) {
    const r = lowered.rules.find((x) => x.name === name);
    if (r && !kept.includes(r)) tally.add('generate', BLOCKED_THROUGH_ANOTHER_RULE, `${located(r.rule.provenance)}: ${name} calls ${missing}`);
  }
  return {
    manifest,
    spec,
    roots,
    typeRules,
    filesParsed,
    emitted: emitted.ok ? emitted.files : [],
    generated: new Set(emitted.ok ? kept.map((r) => r.name) : []),
  };
}

/** Every name a piece of the CDDL IR refers to (types, groups, sockets, generic rules). */
function irRefs(value: unknown, visit: (ref: { kind: 'ref'; name: string }) => void): void {
  if (Array.isArray(value)) for (const v of value) irRefs(v, visit);
  else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.kind === 'ref' && typeof o.name === 'string') visit(o as { kind: 'ref'; name: string });
    for (const v of Object.values(o)) irRefs(v, visit);
  }
}

/**
 * What cddlc adds for `;# import <spec> as <ns>`: the imported spec's rules that `rules` name as
 * `ns.x`, with the rules they call, renamed `ns.x` (and their references with them) so that they
 * cannot collide with the importing spec's own names.
 */
function importedRules(corpus: string, ns: string, files: readonly string[], rules: CddlSpec['rules'], tally: BlockerTally): CddlSpec['rules'] {
  const own: CddlSpec['rules'] = [];
  for (const file of files) {
    const display = `${CORPORA_DIR}/${corpus}/${file}`;
    const { spec, diagnostics } = parseCddl(readFileSync(join(ROOT, display), 'utf8'), display, ns);
    for (const d of diagnostics.filter((x) => x.severity === 'error')) tally.add('parse', `${d.code}: ${constructOf(d.message)}`, sampleOf(d));
    own.push(...spec.rules);
  }
  const defined = new Set(own.map((r) => r.name));
  const wanted = new Set<string>();
  const todo: string[] = [];
  const want = (name: string) => {
    if (defined.has(name) && !wanted.has(name)) {
      wanted.add(name);
      todo.push(name);
    }
  };
  irRefs(rules, (ref) => {
    if (ref.name.startsWith(`${ns}.`)) want(ref.name.slice(ns.length + 1));
  });
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    for (const r of own) if (r.name === name) irRefs(r, (ref) => want(ref.name));
  }
  return own
    .filter((r) => wanted.has(r.name))
    .map((r) => {
      const copy = structuredClone(r);
      copy.name = `${ns}.${r.name}`;
      irRefs(copy, (ref) => {
        if (defined.has(ref.name)) ref.name = `${ns}.${ref.name}`;
      });
      return copy;
    });
}

/** The rule and every rule its codec calls, among `rules`. */
function closure(rule: LoweredRule, rules: readonly LoweredRule[]): LoweredRule[] {
  const byName = new Map(rules.map((r) => [r.name, r]));
  const out = new Map<string, LoweredRule>([[rule.name, rule]]);
  const todo = [rule];
  for (let r = todo.pop(); r; r = todo.pop()) {
    for (const n of shapeRefs(r.shape, new Set())) {
      const dep = byName.get(n);
      if (dep && !out.has(n)) {
        out.set(n, dep);
        todo.push(dep);
      }
    }
  }
  return [...out.values()];
}

function emitRules(name: string, rules: LoweredRule[]): { ok: true; files: Array<{ path: string; content: string }> } | { ok: false; message: string } {
  const spec: LoweredSpec = { name, rules, diagnostics: [] };
  const result = emitContentPackage(name, [spec], [{ name, file: `${name}.cddl`, sha256: '', source: name }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  return errors.length ? { ok: false, message: errors.map((d) => d.message).join('; ') } : { ok: true, files: result.files };
}

/** The example's bytes, by its file's extension. */
function exampleBytes(path: string): Uint8Array {
  const text = () => readFileSync(path, 'utf8');
  if (path.endsWith('.cbor')) return new Uint8Array(readFileSync(path));
  if (path.endsWith('.hex')) return fromHex(text().replace(/\s+/g, ''));
  if (path.endsWith('.diag') || path.endsWith('.edn')) return ednToCbor(text());
  if (path.endsWith('.json')) {
    const cbor = (JSON.parse(text()) as { output?: { cbor?: unknown } }).output?.cbor;
    if (typeof cbor !== 'string') throw new Error('no output.cbor in the JSON example');
    return fromHex(cbor.toLowerCase());
  }
  throw new Error(`unknown example format: ${path}`);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether the bytes are already deterministically encoded (RFC 8949 §4.2.1), as cbor2 sees them. */
function isDeterministic(bytes: Uint8Array): boolean {
  try {
    return sameBytes(encode(decode(bytes, DECODE_OPTIONS), { cde: true }), bytes);
  } catch {
    return false;
  }
}

/** Bundles every unit's generated package with esbuild and imports each one's `codecs`. */
async function loadCodecs(units: PreparedUnit[]): Promise<Array<Record<string, Codec>>> {
  const withCode = units.map((u, i) => ({ u, i })).filter(({ u }) => u.emitted.length > 0);
  if (withCode.length === 0) return units.map(() => ({}));
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-corpora-'));
  try {
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const { u, i } of withCode) {
      for (const f of u.emitted) {
        const path = join(dir, `unit${i}`, f.path);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, f.content);
      }
    }
    await build({
      entryPoints: withCode.map(({ i }) => ({ in: join(dir, `unit${i}/src/index.ts`), out: `unit${i}` })),
      outdir: join(dir, 'out'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      // The runtime packages stay imports: resolved (and cached) once by the importer, not copied into every bundle.
      external: ['@mimikit/*', 'typebox', 'typebox/*', 'cbor2'],
      outExtension: { '.js': '.mjs' },
      logLevel: 'silent',
    });
    const out: Array<Record<string, Codec>> = units.map(() => ({}));
    for (const { i } of withCode) {
      const mod = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'out', `unit${i}.mjs`)).href)) as { codecs: Record<string, Codec> };
      out[i] = mod.codecs;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err);
}

export async function runCorpus(corpus: string): Promise<CorpusResult> {
  const dir = join(ROOT, CORPORA_DIR, corpus);
  const manifest = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as CorpusManifest;
  const tally = new BlockerTally();
  const prepared = manifest.units.map((u, i) => prepareUnit(corpus, u, i, tally));
  const codecs = await loadCodecs(prepared);

  const units: UnitResult[] = prepared.map((p, i) => {
    const loaded = codecs[i]!;
    const validator = new CddlValidator([p.spec]);
    const result: UnitResult = {
      name: p.manifest.name,
      files: p.manifest.files.length,
      filesParsed: p.filesParsed,
      typeRules: p.typeRules.length,
      codecs: p.typeRules.filter((r) => p.generated.has(r) && loaded[r] !== undefined).length,
      examples: p.manifest.examples.length,
      examplesAgreed: 0,
      roundTripCandidates: 0,
      roundTripped: 0,
      notes: [],
      roundTripFailures: [],
    };
    for (const ex of p.manifest.examples) {
      const where = `${CORPORA_DIR}/${corpus}/${ex.file}`;
      let bytes: Uint8Array;
      let value: unknown;
      try {
        bytes = exampleBytes(join(dir, ex.file));
        value = decode(bytes, DECODE_OPTIONS);
      } catch (err) {
        const message = describeError(err);
        tally.add('example', `unreadable example: ${constructOf(message)}`, `${where}: ${message}`);
        result.notes.push(`${where}: not read: ${message}`);
        continue;
      }
      const candidates = ex.rule ? [ex.rule] : p.roots;
      let accepted: string | undefined;
      let unsupported = false;
      let why = '';
      for (const rule of candidates) {
        try {
          const miss = validator.validate(value, rule);
          if (miss === null) {
            accepted = rule;
            break;
          }
          why ||= `${rule}: ${formatPath(miss.path)}: ${formatMismatch(miss)}`;
        } catch (err) {
          if (!(err instanceof CddlUnsupported)) throw err;
          tally.add('validate', `validator: ${constructOf(err.message)}`, `${where} (${rule}): ${err.message}${err.at ? ` at ${located(err.at)}` : ''}`);
          unsupported = true;
          why ||= `${rule}: unsupported by the validator: ${err.message}`;
        }
      }
      if (ex.expect === 'invalid') {
        // Rejected only counts when the validator could check every candidate rule.
        if (accepted !== undefined) result.notes.push(`${where}: accepted as ${accepted}, but the corpus ships it as invalid`);
        else if (unsupported) result.notes.push(`${where}: shipped as invalid; not checked: ${why}`);
        else result.examplesAgreed++;
        continue;
      }
      if (accepted === undefined) {
        result.notes.push(`${where}: not valid: ${why || 'no root rule'}`);
        continue;
      }
      result.examplesAgreed++;
      const codec = loaded[accepted];
      if (!codec) {
        result.notes.push(`${where}: valid as ${accepted}; no codec for ${accepted}`);
        continue;
      }
      result.roundTripCandidates++;
      try {
        const again = codec.encode(codec.decode(bytes));
        if (sameBytes(again, bytes)) result.roundTripped++;
        else result.roundTripFailures.push(`${where}: ${accepted}: re-encoded differently`);
      } catch (err) {
        const deterministic = isDeterministic(bytes) ? '' : ' (the example is not deterministically encoded, RFC 8949 §4.2.1)';
        result.roundTripFailures.push(`${where}: ${accepted}: ${describeError(err)}${deterministic}`);
      }
    }
    return result;
  });

  const distinctFiles = new Map<string, number>();
  const parsedFiles = new Set<string>();
  for (const p of prepared) {
    for (const f of [...p.manifest.files, ...Object.values(p.manifest.imports ?? {}).flat()]) {
      if (distinctFiles.has(f)) continue;
      const display = `${CORPORA_DIR}/${corpus}/${f}`;
      const parsed = parseCddl(readFileSync(join(ROOT, display), 'utf8'), display);
      distinctFiles.set(f, parsed.spec.rules.length);
      if (!parsed.diagnostics.some((d) => d.severity === 'error')) parsedFiles.add(f);
    }
  }
  return {
    corpus,
    title: manifest.title,
    files: distinctFiles.size,
    filesParsed: parsedFiles.size,
    rules: [...distinctFiles.values()].reduce((a, b) => a + b, 0),
    units,
    blockers: tally.list(),
  };
}

// ---- rendering ----

const sum = (units: readonly UnitResult[], f: (u: UnitResult) => number) => units.reduce((a, u) => a + f(u), 0);

/** The table of docs/content.md: one row per corpus. */
export function renderTable(results: readonly CorpusResult[]): string {
  const rows = results.map((r) => {
    const examples = sum(r.units, (u) => u.examples);
    const top = r.blockers
      .filter((b) => b.construct !== BLOCKED_THROUGH_ANOTHER_RULE)
      .slice(0, 3)
      .map((b) => `${b.construct.replace(/\|/g, '\\|')} (${b.count})`)
      .join('; ');
    return [
      r.corpus,
      String(r.rules),
      `${r.filesParsed}/${r.files} files`,
      examples ? `${sum(r.units, (u) => u.examplesAgreed)}/${examples}` : '—',
      `${sum(r.units, (u) => u.codecs)}/${sum(r.units, (u) => u.typeRules)}`,
      examples ? `${sum(r.units, (u) => u.roundTripped)}/${sum(r.units, (u) => u.roundTripCandidates)}` : '—',
      top || 'none',
    ];
  });
  return [
    '| corpus | CDDL rules | parsed | examples validated | codecs generated (rules) | examples round-tripped | unsupported constructs (most frequent) |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((c) => `| ${c.join(' | ')} |`),
  ].join('\n');
}

/** Everything behind the table: per unit, each example's outcome, and every blocker with a sample. */
export function renderDetails(results: readonly CorpusResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    out.push(`## ${r.corpus}: ${r.title}`, '');
    for (const u of r.units) {
      out.push(
        `- unit ${u.name}: ${u.filesParsed}/${u.files} files parsed, ${u.codecs}/${u.typeRules} codecs, ${u.examplesAgreed}/${u.examples} examples validated, ${u.roundTripped}/${u.roundTripCandidates} round-tripped`,
      );
      for (const n of [...u.notes, ...u.roundTripFailures]) out.push(`  - ${n}`);
    }
    if (r.blockers.length) out.push('', 'Blockers (stage, count, construct, first seen):', '');
    for (const b of r.blockers) out.push(`- [${b.stage}] ${b.count}× ${b.construct}`, `  - ${b.sample}`);
    out.push('');
  }
  return out.join('\n');
}

/** Blockers over all corpora, most frequent first: what to support next. */
export function rankBlockers(results: readonly CorpusResult[]): Blocker[] {
  const tally = new BlockerTally();
  for (const r of results) for (const b of r.blockers) tally.add(b.stage, b.construct, `${r.corpus}: ${b.sample}`, b.count);
  return tally.list();
}

export const TABLE_START = '<!-- corpora-table:start -->';
export const TABLE_END = '<!-- corpora-table:end -->';

/** The table between the markers of a markdown text, or null when the markers are missing. */
export function tableIn(markdown: string): string | null {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) return null;
  return markdown.slice(start + TABLE_START.length, end).trim();
}

export function withTable(markdown: string, table: string): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`the markers ${TABLE_START} … ${TABLE_END} are missing`);
  return `${markdown.slice(0, start + TABLE_START.length)}\n${table}\n${markdown.slice(end)}`;
}
