/**
 * `npm run bench -- cli`: cold start-up of the built `mimi` command (packages/cli/dist/bin.js, what
 * `npm install -g` runs), as wall time of whole processes against the named baseline `node -e 0`
 * (Node's own start-up on this machine). Issue 13's targets: `mimi --help` at most 3× the
 * baseline, `mimi codec decode --spec mls --type Sender --hex 0100000005` at most 4×.
 *
 * Method: `npm run build` first (incremental; skipped with --no-build, which needs a build already
 * there), one untimed run of every command (file system cache), then `rounds` rounds; each round
 * runs every command once, in an order that rotates from round to round, so load drift on a shared
 * machine hits all alike. The result per command is the median wall time over rounds; the ratio is
 * the median of per-round command/baseline ratios.
 *
 * Prints; writes no files besides the build's dist/. Not a test: nothing here asserts anything.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, pairedRatio, processWallMs } from './measure.ts';

export interface CliBenchOptions {
  /** Repository root (where `npm run build` runs and packages/cli/dist/bin.js is). */
  root: string;
  /** Timed rounds; the median is reported. */
  rounds?: number;
  /** Run `npm run build` first (default true). */
  build?: boolean;
}

interface Case {
  name: string;
  args: string[];
  /** The issue's limit on the ratio to the baseline, if any. */
  limit?: number;
}

export interface CliBenchRow {
  name: string;
  medianMs: number;
  /** Median of per-round ratios to the baseline. */
  ratio: number;
  limit: number | null;
  meets: boolean | null;
}

export interface CliBenchResult {
  node: string;
  rounds: number;
  bin: string;
  build: 'built' | 'skipped' | 'failed (the existing dist/ was measured)';
  baseline: { name: string; medianMs: number };
  rows: CliBenchRow[];
}

const DECODE = ['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', '0100000005'];

const CASES: readonly Case[] = [
  { name: 'mimi --help', args: ['--help'], limit: 3 },
  { name: 'mimi --version', args: ['--version'] },
  { name: `mimi ${DECODE.join(' ')}`, args: DECODE, limit: 4 },
];

export function runCliBench(opts: CliBenchOptions): CliBenchResult {
  const rounds = opts.rounds ?? 15;
  let build: CliBenchResult['build'] = 'skipped';
  if (opts.build ?? true) {
    const r = spawnSync('npm', ['run', 'build'], { cwd: opts.root, stdio: ['ignore', 'ignore', 'pipe'] });
    build = r.status === 0 ? 'built' : 'failed (the existing dist/ was measured)';
  }
  const bin = join(opts.root, 'packages/cli/dist/bin.js');
  if (!existsSync(bin)) throw new Error(`${bin} does not exist: the CLI is not built (run \`npm run build\`)`);
  // From a folder outside the checkout, as an installed command runs.
  const cwd = tmpdir();
  const commands = [['-e', '0'], ...CASES.map((c) => [bin, ...c.args])];
  for (const c of commands) processWallMs(c, cwd);
  const samples: number[][] = commands.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + round) % commands.length;
      samples[i]!.push(processWallMs(commands[i]!, cwd));
    }
  }
  const base = samples[0]!;
  return {
    node: process.version,
    rounds,
    bin,
    build,
    baseline: { name: 'node -e 0', medianMs: median(base) },
    rows: CASES.map((c, j) => {
      const s = samples[j + 1]!;
      const ratio = pairedRatio(s, base);
      return { name: c.name, medianMs: median(s), ratio, limit: c.limit ?? null, meets: c.limit === undefined ? null : ratio <= c.limit };
    }),
  };
}

export function formatCliBench(r: CliBenchResult): string {
  const lines = [
    `CLI start-up benchmark (Node ${r.node}; cold wall time of whole processes, median of ${r.rounds} rounds; build: ${r.build})`,
    `bin: ${r.bin}; baseline: \`${r.baseline.name}\`, ${r.baseline.medianMs.toFixed(1)} ms`,
    '',
    '| command | median ms | × baseline | limit | meets |',
    '|---|---:|---:|---:|:-:|',
    ...r.rows.map(
      (x) =>
        `| \`${x.name}\` | ${x.medianMs.toFixed(1)} | ${x.ratio.toFixed(2)} | ${x.limit === null ? '' : `${x.limit}×`} | ${x.meets === null ? '' : x.meets ? 'yes' : 'NO'} |`,
    ),
    '',
    '× baseline = median over rounds of command/baseline in the same round.',
  ];
  return `${lines.join('\n')}\n`;
}
