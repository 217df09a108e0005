/**
 * `npm run mutate -- [--scope NAME]... [--files GLOB]... [--changed [REF]] [--concurrency N]
 *                    [--incremental] [--record] [--min-score P] [--plan] [--list]`
 *
 * Mutation testing with StrykerJS (vitest runner, per-test coverage) of the security-relevant
 * modules (test/mutation/scopes.ts), one scope after another, each against its own tests:
 *   --scope NAME    one scope (repeatable); none given: every scope (the full pass, slow)
 *   --files GLOB    mutate these files instead (repeatable); with --scope, against that scope's
 *                   tests, else against the tests vitest finds related to them
 *   --changed [REF] only the lines of scope files changed since REF's merge base (default
 *                   origin/main, else main), committed or not: the pass to run before a review
 *   --incremental   reuse the previous run's results for unchanged code and tests (Stryker's
 *                   incremental mode, kept in reports/mutation/<scope>/incremental.json)
 *   --record        write the results to test/mutation/scores.json and survivors.md
 *   --min-score P   exit 1 when a scope scores below P% once listed equivalent mutants are set aside
 *   --plan          print what each job would mutate and which tests it would run, and stop
 *
 * Runs at nice 10 with one test runner by default (the machine is shared); property tests use a
 * fixed fast-check seed (FC_SEED=1 unless set) so that two runs of the same code agree. Sandboxes go
 * to .stryker-tmp/, reports to reports/mutation/<scope>/ (html and json), both gitignored.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join, resolve } from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { changedLines, intersect, type Lines } from './changed.ts';
import { readEquivalents } from './equivalent.ts';
import { record } from './record.ts';
import { SCOPES, scopeByName, type FunctionsOf, type Scope } from './scopes.ts';
import { formatSummary, summarize, type RunSummary } from './summary.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface Options {
  scopes: Scope[];
  files: string[];
  changed?: string;
  concurrency: number;
  incremental: boolean;
  record: boolean;
  plan: boolean;
  minScore?: number;
}

interface Job {
  name: string;
  mutate: string[];
  /** Test files to run; undefined: those vitest finds related to the mutated files. */
  tests?: string[];
}

class UsageError extends Error {}

const USAGE =
  'usage: npm run mutate -- [--scope NAME]... [--files GLOB]... [--changed [REF]] [--concurrency N] [--incremental] [--record] [--min-score P] [--plan] [--list]';

function parseArgs(argv: string[]): Options | 'list' {
  const o: Options = { scopes: [], files: [], concurrency: 1, incremental: false, record: false, plan: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '--list':
        return 'list';
      case '--scope': {
        const name = value();
        const scope = scopeByName(name);
        if (!scope) throw new UsageError(`unknown scope "${name}"; scopes: ${SCOPES.map((s) => s.name).join(', ')}`);
        o.scopes.push(scope);
        break;
      }
      case '--files':
        o.files.push(value());
        break;
      case '--changed':
        o.changed = argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--') ? argv[++i]! : defaultBase();
        break;
      case '--concurrency':
        o.concurrency = positiveInteger(arg, value());
        break;
      case '--min-score':
        o.minScore = Number(value());
        if (!(o.minScore >= 0 && o.minScore <= 100)) throw new UsageError('--min-score takes a percentage from 0 to 100');
        break;
      case '--incremental':
        o.incremental = true;
        break;
      case '--record':
        o.record = true;
        break;
      case '--plan':
        o.plan = true;
        break;
      default:
        throw new UsageError(`unknown argument "${arg}"`);
    }
  }
  if (o.files.length > 0 && o.changed !== undefined) throw new UsageError('--files and --changed exclude each other');
  if (o.files.length > 0 && o.scopes.length > 1) throw new UsageError('--files takes at most one --scope (whose tests to run)');
  if (o.record && (o.files.length > 0 || o.changed !== undefined)) throw new UsageError('--record records whole scopes only');
  return o;
}

function positiveInteger(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a positive integer`);
  return n;
}

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function defaultBase(): string {
  try {
    git(['rev-parse', '--verify', '--quiet', 'origin/main']);
    return 'origin/main';
  } catch {
    return 'main';
  }
}

/** Files matching a glob (git pathspec glob magic: `**` spans directories), untracked ones included. */
function filesOf(glob: string): string[] {
  return git(['ls-files', '--cached', '--others', '--exclude-standard', '--', `:(glob)${glob}`])
    .split('\n')
    .filter(Boolean);
}

/**
 * A scope's test globs as the list of files Stryker's `testFiles` gets: the files of the globs
 * minus those of the `!` globs (Stryker's own testFiles matching has no exclusions).
 */
function testFilesOf(globs: readonly string[]): string[] {
  const excluded = new Set(globs.filter((g) => g.startsWith('!')).flatMap((g) => filesOf(g.slice(1))));
  return [...new Set(globs.filter((g) => !g.startsWith('!')).flatMap(filesOf))].filter((f) => !excluded.has(f));
}

/** The lines of each named top-level function: from its `function` line to its closing `}`. */
function functionLines(entry: FunctionsOf): Lines[] {
  const lines = readFileSync(join(ROOT, entry.file), 'utf8').split('\n');
  return entry.functions.map((name): Lines => {
    const start = lines.findIndex((l) => new RegExp(`^(export )?(async )?function\\*? ?${name}\\b`).test(l));
    const end = start < 0 ? -1 : lines.findIndex((l, i) => i > start && l === '}');
    if (start < 0 || end < 0) throw new Error(`test/mutation/scopes.ts: no top-level function ${name} in ${entry.file}`);
    return [start + 1, end + 1];
  });
}

/** Stryker's `mutate` entries: globs, and `file:from-to` for line ranges. */
const ranged = (file: string, lines: readonly Lines[]) => lines.map(([from, to]) => `${file}:${from}-${to}`);

function mutateGlobs(scope: Scope): string[] {
  return scope.mutate.flatMap((m) => (typeof m === 'string' ? [m] : ranged(m.file, functionLines(m))));
}

/** A scope's entries cut down to the changed lines. */
function changedPart(scope: Scope, changed: ReadonlyMap<string, Lines[]>): string[] {
  return scope.mutate.flatMap((m) => {
    if (typeof m === 'string') return filesOf(m).flatMap((f) => ranged(f, changed.get(f) ?? []));
    const lines = changed.get(m.file) ?? [];
    return ranged(
      m.file,
      functionLines(m).flatMap((fn) => intersect(lines, fn)),
    );
  });
}

function jobs(o: Options): Job[] {
  if (o.files.length > 0) {
    const scope = o.scopes[0];
    return [{ name: scope?.name ?? 'files', mutate: o.files, ...(scope ? { tests: scope.tests } : {}) }];
  }
  const scopes = o.scopes.length > 0 ? o.scopes : SCOPES;
  if (o.changed === undefined) return scopes.map((s) => ({ name: s.name, mutate: mutateGlobs(s), tests: s.tests }));
  const changed = changedLines(ROOT, o.changed);
  return scopes.flatMap((s) => {
    const mutate = changedPart(s, changed);
    return mutate.length > 0 ? [{ name: s.name, mutate, tests: s.tests }] : [];
  });
}

async function runJob(job: Job, o: Options): Promise<RunSummary> {
  const reports = `reports/mutation/${job.name}`;
  const stryker = new Stryker({
    configFile: 'stryker.config.json',
    mutate: job.mutate,
    ...(job.tests ? { testFiles: testFilesOf(job.tests), vitest: { configFile: 'test/mutation/vitest.config.ts', related: false } } : {}),
    concurrency: o.concurrency,
    incremental: o.incremental,
    incrementalFile: `${reports}/incremental.json`,
    htmlReporter: { fileName: `${reports}/index.html` },
    jsonReporter: { fileName: `${reports}/mutation.json` },
  });
  const results = await stryker.runMutationTest();
  return summarize(ROOT, results, readEquivalents(ROOT));
}

/** The commit a scope ran on; `+changes` when its mutated files or its tests differ from it. */
function commitLabel(job: Job): string {
  const head = git(['rev-parse', '--short', 'HEAD']).trim();
  const paths = [...new Set(job.mutate.map((m) => m.replace(/:\d+-\d+$/, ''))), ...(job.tests ?? [])]
    .filter((p) => !p.startsWith('!'))
    .map((p) => `:(glob)${p}`);
  return git(['status', '--porcelain', '--', ...paths]).trim() === '' ? head : `${head}+changes`;
}

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2));
  if (parsed === 'list') {
    for (const s of SCOPES)
      console.log(`${s.name.padEnd(12)} ${s.what}\n${' '.repeat(13)}mutate: ${mutateGlobs(s).join(' ')}\n${' '.repeat(13)}tests:  ${s.tests.join(' ')}`);
    return 0;
  }
  process.chdir(ROOT);
  process.env.FC_SEED ??= '1';
  try {
    setPriority(10); // inherited by Stryker's workers
  } catch {
    // Not permitted (some containers): run at the current priority.
  }
  const todo = jobs(parsed);
  if (todo.length === 0) {
    console.log('mutate: no scope file changed; nothing to mutate');
    return 0;
  }
  if (parsed.plan) {
    for (const job of todo)
      console.log(`${job.name}\n  mutate: ${job.mutate.join(' ')}\n  tests:  ${job.tests?.join(' ') ?? '(related to the mutated files)'}`);
    return 0;
  }
  const summaries: Array<[string, RunSummary]> = [];
  for (const job of todo) {
    console.log(`\nmutate: ${job.name}: ${job.mutate.join(' ')}`);
    const started = Date.now();
    const summary = await runJob(job, parsed);
    console.log(`mutate: ${job.name} took ${Math.round((Date.now() - started) / 1000)} s`);
    summaries.push([job.name, summary]);
    if (parsed.record) record(ROOT, job.name, { date: new Date().toISOString().slice(0, 10), commit: commitLabel(job), ...summary });
  }
  console.log('');
  for (const [name, s] of summaries) console.log(formatSummary(name, s));
  const below = parsed.minScore === undefined ? [] : summaries.filter(([, s]) => s.scoreWithoutEquivalent < parsed.minScore!);
  for (const [name, s] of below) console.error(`mutate: ${name} scores ${s.scoreWithoutEquivalent}%, below --min-score ${parsed.minScore}`);
  return below.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      console.error(`mutate: ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(err);
    process.exit(1);
  },
);
