/**
 * `npm run faults -- --repeat 20`: runs each fault scenario (test/provider-faults/*.test.ts) again
 * and again, each run a fresh vitest process with a fresh seed (MIMIKIT_FAULT_SEED), and prints
 * the passes per scenario with the wall time and the seeds of the runs that failed (replay one with
 * `MIMIKIT_FAULT_SEED=<seed> npx vitest run test/provider-faults/<scenario>.test.ts`). The output
 * of a failed run is kept in a log file, named in the summary. Exit 1 when any run failed.
 *
 * Options: --repeat N (default 10), --scenario NAME (repeatable; default all), --jobs N (runs at
 * once, default 1: each run is five provider processes and a PostgreSQL cluster).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshSeed } from '../fuzz/rng.ts';
import { DEFAULT_PORT_RANGE } from '@mimikit/provider';
import { portRangeSlice } from '../support/free-port.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const VITEST = join(ROOT, 'node_modules', '.bin', 'vitest');

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '10' },
    scenario: { type: 'string', multiple: true },
    jobs: { type: 'string', default: '1' },
  },
  strict: true,
});
const positive = (name: string, text: string, max: number): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be an integer from 1 to ${max}, got ${JSON.stringify(text)}`);
  return n;
};
const repeat = positive('repeat', values.repeat, 10_000);
const jobs = positive('jobs', values.jobs, 16);
const all = readdirSync(HERE)
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => f.slice(0, -'.test.ts'.length))
  .sort();
const scenarios = values.scenario ?? all;
for (const s of scenarios) if (!all.includes(s)) throw new Error(`no scenario ${s}; there are: ${all.join(', ')}`);

interface Run {
  scenario: string;
  seed: number;
  passed: boolean;
  ms: number;
  log?: string;
}

const logDir = mkdtempSync(join(tmpdir(), 'mimikit-faults-'));
let logsKept = 0;

/**
 * One run of `scenario` in a fresh vitest process. Job `job`'s runs pick loopback ports from a
 * range of their own (MIMIKIT_PORT_RANGE, a slice of the default one): runs of two jobs at once
 * restart providers on ports the other must not take.
 */
function runOnce(scenario: string, job: number): Promise<Run> {
  const seed = freshSeed();
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(VITEST, ['run', `test/provider-faults/${scenario}.test.ts`], {
      cwd: ROOT,
      env: { ...process.env, MIMIKIT_FAULT_SEED: String(seed), FORCE_COLOR: '0', MIMIKIT_PORT_RANGE: portRangeSlice(DEFAULT_PORT_RANGE, job, jobs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const run: Run = { scenario, seed, passed: code === 0, ms: Date.now() - started };
      if (!run.passed) {
        run.log = join(logDir, `${scenario}-${seed}.log`);
        writeFileSync(run.log, output);
        logsKept++;
      }
      resolve(run);
    });
  });
}

// Round after round of every scenario: each scenario's passes build up alike, and a flaky one shows early.
const queue = Array.from({ length: repeat }, () => scenarios).flat();
const runs: Run[] = [];
const started = Date.now();
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async (_, job) => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const run = await runOnce(next, job);
      runs.push(run);
      const done = runs.filter((r) => r.scenario === run.scenario).length;
      process.stdout.write(
        `${run.scenario} ${done}/${repeat}: ${run.passed ? 'pass' : 'FAIL'} (seed ${run.seed}, ${(run.ms / 1000).toFixed(1)} s)${run.log ? ` log ${run.log}` : ''}\n`,
      );
    }
  }),
);

process.stdout.write(`\n${'scenario'.padEnd(24)} passed  wall time  per run (mean, max)  failing seeds\n`);
for (const s of scenarios) {
  const mine = runs.filter((r) => r.scenario === s);
  const passed = mine.filter((r) => r.passed).length;
  const total = mine.reduce((t, r) => t + r.ms, 0);
  const max = Math.max(...mine.map((r) => r.ms));
  const failing = mine.filter((r) => !r.passed).map((r) => r.seed);
  process.stdout.write(
    `${s.padEnd(24)} ${`${passed}/${mine.length}`.padStart(6)}  ${`${(total / 1000).toFixed(0)} s`.padStart(9)}  ${`${(total / mine.length / 1000).toFixed(1)} s, ${(max / 1000).toFixed(1)} s`.padStart(19)}  ${failing.join(' ') || '-'}\n`,
  );
}
process.stdout.write(`all: ${runs.filter((r) => r.passed).length}/${runs.length} passed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
if (logsKept === 0) rmSync(logDir, { recursive: true, force: true });
else process.stdout.write(`logs of the failed runs: ${logDir}\n`);
process.exitCode = runs.every((r) => r.passed) ? 0 : 1;
