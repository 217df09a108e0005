/**
 * The CI slice of the fuzzer (docs/fuzzing.md): every target for a fixed number of iterations,
 * with a seed that changes every run (so CI explores) unless FUZZ_SEED is set (to replay one).
 * Contract only in process: only the typed error escapes, accepted input re-encodes identically,
 * diagnostics are located. The heap check runs in a child `node --expose-gc` on a sample of the
 * codec targets. No time is asserted: budgets are checked by `npm run fuzz` only.
 *
 * Iterations are sized so that the slice stays well under two minutes on two busy cores (20 s
 * measured within a full `npm test`):
 * FUZZ_ITERATIONS (codecs) and FUZZ_TEXT_ITERATIONS (parsers) change them.
 */
import { describe, expect, it } from 'vitest';
import { runFuzzChild } from './child.ts';
import { showInput, TargetRun, type Finding } from './engine.ts';
import { freshSeed, Rng } from './rng.ts';
import { allTargets } from './targets/index.ts';

const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) >>> 0 : freshSeed();
const ITERATIONS = { bytes: Number(process.env.FUZZ_ITERATIONS ?? 250), text: Number(process.env.FUZZ_TEXT_ITERATIONS ?? 30) };
/** Codec targets whose amplification inputs the heap check measures: the known worst, and some at random. */
const HEAP_ALWAYS = ['mls/MLSMessage', 'mls/Commit', 'mls/Credential', 'mimi-content/mimiContent'];
const HEAP_RANDOM = 8;

const replay = `replay with FUZZ_SEED=${seed} npx vitest run test/fuzz/slice.test.ts, or npm run fuzz -- --seed ${seed} --iterations N --target NAME`;

function describeFinding(f: Finding): string {
  return `${f.target}: ${f.failure}: ${f.detail.slice(0, 300)}\n    input: ${showInput(f.input)}${f.context ? ` context ${JSON.stringify(f.context)}` : ''} (iteration ${f.iteration})`;
}

const groups = new Map<string, string[]>();
for (const t of allTargets()) {
  const group = t.name.split('/')[0]!;
  groups.set(group, [...(groups.get(group) ?? []), t.name]);
}

describe(`fuzz slice, seed ${seed}`, () => {
  for (const [group, names] of groups) {
    it(`${group}: ${names.length} targets keep their contract on mutated input`, () => {
      const findings: Finding[] = [];
      let inputs = 0;
      for (const t of allTargets().filter((x) => names.includes(x.name))) {
        const run = new TargetRun(t, { runSeed: seed, checkTime: false, minimizeEvaluations: 300 });
        findings.push(...run.iterate(0, ITERATIONS[t.kind]));
        inputs += run.stats.iterations;
      }
      expect(inputs).toBe(names.length * ITERATIONS[allTargets().find((x) => x.name === names[0])!.kind]);
      expect(findings.map(describeFinding), replay).toEqual([]);
    }, 300_000);
  }

  it('heap: amplification inputs of sampled codec targets retain at most 32 bytes per input byte', () => {
    const codecs = allTargets()
      .filter((t) => t.kind === 'bytes')
      .map((t) => t.name);
    const rng = new Rng(seed);
    const sample = new Set(HEAP_ALWAYS);
    while (sample.size < HEAP_ALWAYS.length + HEAP_RANDOM) sample.add(rng.pick(codecs));
    const { json } = runFuzzChild(['--heap-only', '--no-save', '--iterations', '0', '--seed', String(seed), '--target', [...sample].join(',')]);
    const report = json as { findings: Array<{ target: string; detail: string }>; stats: Array<{ heap: unknown[] }> };
    expect(report.stats.length).toBe(sample.size);
    expect(report.stats.some((s) => s.heap.length > 0)).toBe(true);
    expect(
      report.findings.map((f) => `${f.target}: ${f.detail}`),
      replay,
    ).toEqual([]);
  }, 300_000);
});
