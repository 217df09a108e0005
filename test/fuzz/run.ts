/**
 * `npm run fuzz -- [--minutes N | --seconds N | --iterations N] [--target NAME]... [--seed S]
 *                  [--list] [--replay [FIXTURE...]] [--no-heap] [--heap-only] [--no-save] [--json]`
 *
 * Mutation fuzzing of every top-level codec and spec parser (see docs/fuzzing.md). The targets
 * run in a worker thread under a watchdog: an input still running at its deadline (or a worker
 * that runs out of heap) is recorded as a hang (out-of-memory) with the input, regenerated here
 * from (seed, target, iteration), and the worker is restarted after it. Findings are printed and
 * kept as regression fixtures under test/fixtures/fuzz (one per package and key). Started with
 * `node --expose-gc --conditions=mimikit-source --import tsx` (the `fuzz` script), so that the heap check can collect garbage.
 */
import { Worker } from 'node:worker_threads';
import { watchdogMs } from './budget.ts';
import { showInput, TargetRun, type Finding, type TargetStats } from './engine.ts';
import { knownGroups, loadFixtures, saveFixture } from './fixtures.ts';
import { heapAvailable } from './heap.ts';
import { replayFixture } from './replay.ts';
import { freshSeed } from './rng.ts';
import { allTargets, selectTargets, targetByName } from './targets/index.ts';
import type { WorkerJob, WorkerMessage } from './worker.ts';
import { HEARTBEAT_SLOTS } from './worker.ts';

interface Options {
  seconds?: number;
  iterations?: number;
  targets: string[];
  seed: number;
  list: boolean;
  replay?: string[];
  heap: boolean;
  fuzz: boolean;
  save: boolean;
  json: boolean;
}

/** A bad command line or target name: printed as one message, exit code 2. */
class UsageError extends Error {}

const USAGE =
  'usage: npm run fuzz -- [--minutes N | --seconds N | --iterations N] [--target NAME]... [--seed S] [--list] [--replay [FIXTURE...]] [--no-heap] [--heap-only] [--no-save] [--json]';

function parseArgs(argv: string[]): Options {
  const o: Options = { targets: [], seed: freshSeed(), list: false, heap: true, fuzz: true, save: true, json: false };
  const num = (i: number, flag: string) => {
    const v = Number(argv[i]);
    if (!Number.isFinite(v) || v < 0) throw new UsageError(`${flag} needs a number\n${USAGE}`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--minutes') o.seconds = num(++i, a) * 60;
    else if (a === '--seconds') o.seconds = num(++i, a);
    else if (a === '--iterations') o.iterations = Math.floor(num(++i, a));
    else if (a === '--target') o.targets.push(...(argv[++i] ?? '').split(',').filter(Boolean));
    else if (a === '--seed') o.seed = num(++i, a) >>> 0;
    else if (a === '--list') o.list = true;
    else if (a === '--replay') {
      o.replay = [];
      while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('--')) o.replay.push(argv[++i]!);
    } else if (a === '--no-heap') o.heap = false;
    else if (a === '--heap-only') o.fuzz = false;
    else if (a === '--no-save') o.save = false;
    else if (a === '--json') o.json = true;
    else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown option ${a}\n${USAGE}`);
  }
  if (o.seconds === undefined && o.iterations === undefined) o.seconds = 60;
  return o;
}

function replay(paths: string[], json: boolean): number {
  const fixtures = loadFixtures().filter((f) => !paths.length || paths.some((p) => f.path.includes(p)));
  const results = fixtures.map((f) => replayFixture(f, { time: true, heap: true }));
  if (json) console.log(JSON.stringify(results));
  else for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.path} (${r.target}): ${r.detail}`);
  if (!json)
    console.log(
      `${results.filter((r) => r.ok).length} of ${results.length} fixtures pass${heapAvailable() ? '' : ' (heap not checked: run with node --expose-gc)'}`,
    );
  return results.every((r) => r.ok) ? 0 : 1;
}

/**
 * Node 20 does not apply the `--import tsx` hooks to a worker's entry module, so the worker starts
 * from a one-line script that registers tsx itself (as bin/mimi.js does) and then imports worker.ts.
 */
const WORKER_BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./worker.ts', import.meta.url).href)}); });`;
const WORKER_HEAP_MB = 2048;

interface Progress {
  next: Record<string, number>;
  heapDone: Set<string>;
  /** Statistics of the current worker, per target. */
  stats: Map<string, TargetStats>;
  /** Those of workers the watchdog stopped. */
  earlier: TargetStats[];
}

/** One target's statistics over every worker that ran it. */
function mergeStats(all: readonly TargetStats[]): TargetStats[] {
  const by = new Map<string, TargetStats>();
  for (const s of all) {
    const m = by.get(s.target);
    if (!m) by.set(s.target, { ...s, heap: [...s.heap] });
    else {
      m.iterations += s.iterations;
      m.accepted += s.accepted;
      m.rejected += s.rejected;
      m.findings += s.findings;
      m.ms += s.ms;
      m.slowestMsPerKiB = Math.max(m.slowestMsPerKiB, s.slowestMsPerKiB);
      m.heap.push(...s.heap);
    }
  }
  return [...by.values()];
}

/** Runs one worker over `targets` until it finishes; on a hang or out-of-memory, records it and restarts after it. */
async function fuzz(o: Options, targets: string[], onFinding: (f: Finding) => void): Promise<Progress> {
  const progress: Progress = { next: {}, heapDone: new Set(), stats: new Map(), earlier: [] };
  const deadline = o.seconds === undefined ? undefined : Date.now() + o.seconds * 1000;
  for (;;) {
    const heartbeat = new SharedArrayBuffer(4 * HEARTBEAT_SLOTS);
    const startedAt = new SharedArrayBuffer(8);
    const job: WorkerJob = {
      runSeed: o.seed,
      targets,
      ...(o.iterations !== undefined ? { iterations: o.iterations } : {}),
      ...(deadline !== undefined ? { deadline } : {}),
      heap: o.heap && heapAvailable(),
      fuzz: o.fuzz,
      next: progress.next,
      heapDone: [...progress.heapDone],
      heartbeat,
      startedAt,
    };
    const stopped = await new Promise<{ failure: 'hang' | 'out-of-memory'; detail: string } | undefined>((resolve, reject) => {
      const worker = new Worker(WORKER_BOOT, { eval: true, workerData: job, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      const beat = new Int32Array(heartbeat);
      const started = new Float64Array(startedAt);
      let settled = false;
      const settle = (v: { failure: 'hang' | 'out-of-memory'; detail: string } | undefined) => {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        resolve(v);
      };
      const watch = setInterval(() => {
        if (beat[3] !== 1) return;
        const target = targetByName(targets[beat[0]!]!);
        const limit = beat[1] === -1 ? 120_000 : watchdogMs(target.kind, beat[2]!);
        const ran = Date.now() - started[0]!;
        if (ran > limit) {
          settle({ failure: 'hang', detail: `still running after ${(ran / 1000).toFixed(0)} s (watchdog at ${(limit / 1000).toFixed(0)} s)` });
          void worker.terminate();
        }
      }, 250);
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'finding') onFinding(m.finding);
        else if (m.type === 'progress') {
          progress.next[m.target] = m.next;
          if (m.heapDone) progress.heapDone.add(m.target);
          progress.stats.set(m.target, m.stats);
        } else settle(undefined);
      });
      worker.on('error', (err: Error & { code?: string }) => {
        if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') settle({ failure: 'out-of-memory', detail: `the worker ran out of its ${WORKER_HEAP_MB} MiB heap` });
        else if (!settled) {
          settled = true;
          clearInterval(watch);
          reject(err);
        }
      });
      worker.on('exit', () => settle(undefined));
    });
    if (!stopped) return progress;
    progress.earlier.push(...progress.stats.values());
    progress.stats = new Map();
    // The worker was stopped on an input: name it, then go on after it.
    const beat = new Int32Array(heartbeat);
    const name = targets[beat[0]!]!;
    const iteration = beat[1]!;
    if (iteration === -1) {
      onFinding({
        target: name,
        failure: stopped.failure,
        detail: `heap phase: ${stopped.detail}`,
        key: `${stopped.failure}: heap phase`,
        input: new Uint8Array(0),
        originalSize: 0,
        runSeed: o.seed,
        iteration,
        origin: 'amplification inputs',
      });
      progress.heapDone.add(name);
    } else {
      const run = new TargetRun(targetByName(name), { runSeed: o.seed, checkTime: false });
      const input = run.inputOf(iteration);
      onFinding({
        target: name,
        failure: stopped.failure,
        detail: stopped.detail,
        key: `${stopped.failure}: watchdog`,
        input: input.data,
        originalSize: input.data.length,
        ...(input.context ? { context: input.context } : {}),
        runSeed: o.seed,
        iteration,
        origin: input.origin,
      });
      progress.next[name] = iteration + 1;
    }
    if (deadline !== undefined && Date.now() >= deadline) return progress;
  }
}

async function main(argv: string[]): Promise<number> {
  const o = parseArgs(argv);
  if (o.list) {
    for (const t of allTargets()) console.log(`${t.name}\t${t.kind}`);
    return 0;
  }
  if (o.replay) return replay(o.replay, o.json);
  let targets: string[];
  try {
    targets = selectTargets(o.targets).map((t) => t.name);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const log = (s: string) => (o.json ? console.error(s) : console.log(s));
  const how = o.iterations !== undefined ? `${o.iterations} iterations per target` : `${o.seconds} s`;
  log(`fuzz: seed ${o.seed}, ${targets.length} targets, ${how}${o.heap && heapAvailable() ? ', heap check on' : ', heap check off'}`);
  const known = o.save ? knownGroups() : new Set<string>();
  const findings: Array<Finding & { fixture?: string }> = [];
  const progress = await fuzz(o, targets, (f) => {
    // A hang in the heap phase has no single input to keep (the amplification inputs are rebuilt by the target).
    const fixture = o.save && (f.iteration !== -1 || f.recipe) ? saveFixture(f, known) : undefined;
    findings.push(fixture ? { ...f, fixture } : f);
    log(
      `FINDING ${f.target}: ${f.failure}: ${f.detail.slice(0, 300)}\n  input (iteration ${f.iteration}, ${f.input.length} of ${f.originalSize}${f.recipe ? `, grown by ${JSON.stringify(f.recipe)}` : ''}): ${showInput(f.input)}${f.context ? `\n  context: ${JSON.stringify(f.context)}` : ''}${fixture ? `\n  kept as test/fixtures/fuzz/${fixture}` : ''}`,
    );
  });
  const stats = mergeStats([...progress.earlier, ...progress.stats.values()]);
  const iterations = stats.reduce((n, s) => n + s.iterations, 0);
  const heap = stats.flatMap((s) => s.heap.map((h) => ({ target: s.target, ...h, perByte: h.retained / h.size })));
  const worst = heap.sort((a, b) => b.perByte - a.perByte).slice(0, 5);
  log(`fuzz: ${iterations} inputs over ${stats.length} targets, ${heap.length} heap measurements, ${findings.length} findings (seed ${o.seed})`);
  for (const w of worst) log(`  heap ${w.perByte.toFixed(1)} B/byte ${w.target}: ${w.shape}`);
  const slowest = [...stats].sort((a, b) => b.ms - a.ms).slice(0, 8);
  log(`  most time: ${slowest.map((s) => `${s.target} ${(s.ms / 1000).toFixed(1)} s`).join(', ')}`);
  if (o.json) console.log(JSON.stringify({ seed: o.seed, iterations, stats, findings: findings.map((f) => ({ ...f, input: showInput(f.input) })) }));
  return findings.length ? 1 : 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(err.message);
  process.exitCode = 2;
}
