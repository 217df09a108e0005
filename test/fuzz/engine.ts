/**
 * The fuzz loop of one target: iteration i of run seed S mutates one seed with the generator of
 * (S, target, i), checks the contract, and (when asked) the time budget; a violation is minimised
 * and reported once per key. The heap phase measures the target's amplification inputs.
 *
 * The same engine runs in the runner's worker (with a watchdog and the heap check) and inside
 * vitest for the CI slice (contract only: vitest forbids nothing, but the project forbids timed
 * assertions, and vitest's threads cannot run `--expose-gc`).
 */
import { toHex } from '@mimikit/bytes';
import { HEAP_BYTES_PER_INPUT_BYTE, HEAP_FLOOR_BYTES, HEAP_INPUT_BYTES, timeBudgetMs } from './budget.ts';
import { heapAvailable, measureAmplified } from './heap.ts';
import { minimize } from './minimize.ts';
import { Rng } from './rng.ts';
import { isViolation, keyOf, type FailureClass, type GrowRecipe, type Input, type Outcome, type Seed, type Target, type Violation } from './target.ts';

export interface Finding {
  target: string;
  failure: FailureClass;
  detail: string;
  /** keyOf the violation: one finding per target and key. */
  key: string;
  /** The minimised input (for a heap finding: the small base of the recipe). */
  input: Input;
  originalSize: number;
  context?: Record<string, string>;
  runSeed: number;
  /** The iteration that produced the input (-1: the heap phase). */
  iteration: number;
  origin: string;
  recipe?: GrowRecipe;
}

/** Told before and after each input, so a watchdog can see which one is running and for how long. */
export interface Heartbeat {
  begin(iteration: number, size: number): void;
  end(): void;
}

export interface EngineOptions {
  runSeed: number;
  /** Check the time budget (the runner does; the vitest slice does not). */
  checkTime: boolean;
  heartbeat?: Heartbeat;
  /** Evaluations delta debugging may spend on one finding. */
  minimizeEvaluations?: number;
}

export interface TargetStats {
  target: string;
  iterations: number;
  accepted: number;
  rejected: number;
  findings: number;
  slowestMsPerKiB: number;
  /** Wall time spent in this target: seeds, iterations, minimising, heap phase. */
  ms: number;
  heap: Array<{ shape: string; size: number; retained: number; overBudget: boolean }>;
}

/** At most this many distinct findings of one failure class per target and run. */
const MAX_FINDINGS_PER_CLASS = 3;
const RETRIES_WHEN_SLOW = 3;
/** Minimising a slow input: few evaluations (each costs the input's time) and a 1.5× margin over the budget. */
const SLOW_EVALUATIONS = 16;
const SLOW_MARGIN = 1.5;

export class TargetRun<I extends Input = Input> {
  readonly stats: TargetStats;
  private readonly seeds: Seed<I>[];
  private readonly keys = new Set<string>();
  private readonly perClass = new Map<FailureClass, number>();

  constructor(
    readonly target: Target<I>,
    private readonly options: EngineOptions,
  ) {
    const t0 = performance.now();
    this.seeds = target.seeds();
    if (!this.seeds.length) throw new Error(`fuzz target ${target.name} has no seeds`);
    this.stats = { target: target.name, iterations: 0, accepted: 0, rejected: 0, findings: 0, slowestMsPerKiB: 0, ms: performance.now() - t0, heap: [] };
  }

  /** The input of iteration i: what the runner regenerates after the watchdog killed a worker. */
  inputOf(iteration: number): Seed<I> {
    return this.target.mutate(Rng.forIteration(this.options.runSeed, this.target.name, iteration), this.seeds);
  }

  /** Iterations [from, to); returns the findings (already minimised). */
  iterate(from: number, to: number): Finding[] {
    const start = performance.now();
    const findings: Finding[] = [];
    for (let i = from; i < to; i++) {
      const input = this.inputOf(i);
      const size = input.data.length;
      this.options.heartbeat?.begin(i, size);
      const t0 = performance.now();
      let outcome = this.target.check(input.data, input.context);
      const ms = performance.now() - t0;
      this.options.heartbeat?.end();
      this.stats.iterations++;
      if (!isViolation(outcome) && this.options.checkTime) outcome = this.timed(input, outcome, ms);
      if (isViolation(outcome)) {
        const f = this.report(outcome, input, i);
        if (f) findings.push(f);
      } else if (outcome.accepted) this.stats.accepted++;
      else this.stats.rejected++;
    }
    this.stats.ms += performance.now() - start;
    return findings;
  }

  /** The outcome, or a `slow` violation when the best of a few runs is over the budget. */
  private timed(input: Seed<I>, outcome: Outcome, ms: number): Outcome {
    const size = input.data.length;
    const budget = timeBudgetMs(this.target.kind, size);
    let best = ms;
    for (let k = 0; best > budget && k < RETRIES_WHEN_SLOW; k++) best = Math.min(best, this.timeOnce(input));
    this.stats.slowestMsPerKiB = Math.max(this.stats.slowestMsPerKiB, (best * 1024) / Math.max(size, 1024));
    if (best <= budget) return outcome;
    return {
      failure: 'slow',
      detail: `${best.toFixed(0)} ms for ${size} ${this.target.kind === 'text' ? 'characters' : 'bytes'} (budget ${budget.toFixed(0)} ms)`,
      key: 'over the time budget',
    };
  }

  private timeOnce(input: Seed<I>): number {
    const t0 = performance.now();
    this.target.check(input.data, input.context);
    return performance.now() - t0;
  }

  private report(v: Violation, input: Seed<I>, iteration: number): Finding | undefined {
    const key = keyOf(v);
    const count = this.perClass.get(v.failure) ?? 0;
    if (this.keys.has(key) || count >= MAX_FINDINGS_PER_CLASS) return undefined;
    this.keys.add(key);
    this.perClass.set(v.failure, count + 1);
    this.stats.findings++;
    const same = (candidate: I): boolean => {
      if (v.failure === 'slow') {
        // One timing per candidate, with a margin against noise: a slow input is slow to try too.
        return this.timeOnce({ ...input, data: candidate }) > SLOW_MARGIN * timeBudgetMs(this.target.kind, candidate.length);
      }
      const o = this.target.check(candidate, input.context);
      return isViolation(o) && keyOf(o) === key;
    };
    const evaluations = v.failure === 'slow' ? SLOW_EVALUATIONS : (this.options.minimizeEvaluations ?? 2000);
    const small = minimize(input.data, same, evaluations);
    const final = this.target.check(small, input.context);
    const detail = isViolation(final) ? final.detail : v.detail;
    return {
      target: this.target.name,
      failure: v.failure,
      detail,
      key,
      input: small,
      originalSize: input.data.length,
      ...(input.context ? { context: input.context } : {}),
      runSeed: this.options.runSeed,
      iteration,
      origin: input.origin,
    };
  }

  /** Heap retained by the target's amplification inputs (skipped without --expose-gc). */
  heap(): Finding[] {
    if (!heapAvailable()) return [];
    const start = performance.now();
    const rng = Rng.forIteration(this.options.runSeed, this.target.name, -1);
    const findings: Finding[] = [];
    for (const input of this.target.amplified(HEAP_INPUT_BYTES, rng)) {
      const m = measureAmplified(this.target, input);
      this.stats.heap.push({ shape: input.shape, size: m.size, retained: m.retained, overBudget: m.overBudget });
      if (!m.overBudget) continue;
      const key = `heap: ${input.recipe.unit}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      this.stats.findings++;
      findings.push({
        target: this.target.name,
        failure: 'heap',
        detail: `${m.retained} bytes retained for ${m.size} input bytes (${(m.retained / m.size).toFixed(1)} per byte; budget ${HEAP_BYTES_PER_INPUT_BYTE} per byte + ${HEAP_FLOOR_BYTES}): ${input.shape}`,
        key,
        input: input.base,
        originalSize: m.size,
        ...(input.context ? { context: input.context } : {}),
        runSeed: this.options.runSeed,
        iteration: -1,
        origin: input.shape,
        recipe: input.recipe,
      });
    }
    this.stats.ms += performance.now() - start;
    return findings;
  }
}

/** An input as the report shows it: hex for bytes, JSON for text, abbreviated. */
export function showInput(input: Input): string {
  const s = typeof input === 'string' ? JSON.stringify(input) : toHex(input);
  return s.length > 160 ? `${s.slice(0, 160)}… (${input.length} ${typeof input === 'string' ? 'chars' : 'bytes'})` : s;
}
