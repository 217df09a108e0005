/**
 * `npm run bench -- diff`: how long an editor waits for `mimi spec diff` on two full protocol drafts and
 * for `mimi spec lint` on one, from markdown in (read, extract TLS-PL and CDDL, parse, compile
 * against the built-in packages, diff or lint, render the text report). Goal: under 1 s each.
 *
 * Baseline, in the same process: a plain line diff of the same two markdown files with the same
 * LCS (what iddiff shows an editor: text, not bytes), so the ratio says what the wire comparison
 * costs on top of looking at the text at all.
 *
 * Method: one cold run of each (the first in this process after the modules are loaded: what a CLI
 * invocation pays, module loading aside), then warm runs for `rounds` rounds; medians reported.
 * Separately, the wall time of the whole command (`node bin/mimi.js spec diff …`) as a child
 * process, which includes Node start-up and loading the TypeScript sources.
 *
 * Also: extraction and parsing of a hostile draft (one unterminated 304 KB definition), which
 * took 52 s when the extractor rescanned the statement at every line break.
 *
 * Prints; writes no files. Not a test: nothing here asserts anything.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { alignByKey, diffSpecSets, extractTls, formatReport, loadSide, parseTls, runSpecLint } from '@mimikit/generators';
import { median, processWallMs } from './measure.ts';

/** A draft whose TLS fence holds one definition that never ends: 304 KB of `  1 2 3` lines. */
const HOSTILE_DRAFT = `# Hostile\n\n~~~ tls\nuint8 a\n${'  1 2 3\n'.repeat(38_000)}~~~\n`;

export interface DiffBenchOptions {
  root: string;
  /** Warm rounds per task; the median is reported. */
  rounds?: number;
  /** The two drafts to compare (repo-relative); the second is also the one linted. */
  oldDraft?: string;
  newDraft?: string;
}

export interface DiffBenchRow {
  task: string;
  coldMs: number;
  warmMs: number;
  /** Warm time / the baseline's warm time. */
  vsBaseline: number | null;
  /** Wall time of the same command as a child process (node start-up and TS loading included). */
  commandMs: number | null;
}

export interface DiffBenchResult {
  node: string;
  inputs: { oldDraft: string; newDraft: string; oldLines: number; newLines: number; findings: number; lintFindings: number };
  rounds: number;
  rows: DiffBenchRow[];
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function commandMs(root: string, args: string[]): number {
  return processWallMs([join(root, 'bin/mimi.js'), ...args], root);
}

export async function runDiffBench(options: DiffBenchOptions): Promise<DiffBenchResult> {
  const root = options.root;
  const rounds = options.rounds ?? 15;
  const oldDraft = options.oldDraft ?? 'test/fixtures/drafts/draft-ietf-mimi-protocol-05.md';
  const newDraft = options.newDraft ?? 'spec/drafts/draft-ietf-mimi-protocol-06.md';

  let findings = 0;
  let lintFindings = 0;
  const tasks: Record<string, () => Promise<unknown>> = {
    'line diff of the markdown (baseline)': async () => {
      const a = readFileSync(join(root, oldDraft), 'utf8').split('\n');
      const b = readFileSync(join(root, newDraft), 'utf8').split('\n');
      return alignByKey(a, b, (l) => l).length;
    },
    'mimi spec diff (two drafts, text report)': async () => {
      const [o, n] = await Promise.all([oldDraft, newDraft].map((d) => loadSide(join(root, d), { root, cwd: root })));
      const report = diffSpecSets(o!, n!);
      findings = report.findings.length;
      return formatReport(report, 'text').length;
    },
    'mimi spec lint (one draft, text report)': async () => {
      const report = await runSpecLint(root, join(root, newDraft));
      lintFindings = report.findings.length;
      return formatReport(report, 'text').length;
    },
    // The input that made extraction quadratic (52 s at this size before it was made linear).
    [`extract + parse a hostile draft (${(HOSTILE_DRAFT.length / 1024).toFixed(0)} KB: one unterminated definition)`]: async () =>
      parseTls(extractTls(HOSTILE_DRAFT, 'draft-hostile-00.md', []).tls, 'draft-hostile.tls').diagnostics.length,
  };
  const names = Object.keys(tasks);
  const cold = new Map<string, number>();
  for (const name of names) cold.set(name, await time(tasks[name]!));
  const warm = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) for (const name of names) warm.get(name)!.push(await time(tasks[name]!));

  const baseline = median(warm.get(names[0]!)!);
  const commands: Record<string, string[] | null> = {
    [names[0]!]: null,
    [names[1]!]: ['spec', 'diff', oldDraft, newDraft],
    [names[2]!]: ['spec', 'lint', newDraft, '--fail-on', 'ERR'],
    [names[3]!]: null,
  };
  const rows = names.map((task, i) => {
    const args = commands[task];
    const w = median(warm.get(task)!);
    return {
      task,
      coldMs: cold.get(task)!,
      warmMs: w,
      vsBaseline: i === 0 ? null : w / baseline,
      commandMs: args ? median([0, 1, 2].map(() => commandMs(root, args))) : null,
    };
  });
  return {
    node: process.version,
    inputs: {
      oldDraft,
      newDraft,
      oldLines: readFileSync(join(root, oldDraft), 'utf8').split('\n').length,
      newLines: readFileSync(join(root, newDraft), 'utf8').split('\n').length,
      findings,
      lintFindings,
    },
    rounds,
    rows,
  };
}

export function formatDiffBench(r: DiffBenchResult): string {
  const i = r.inputs;
  return [
    `Diff/lint benchmark (Node ${r.node}; cold = first run in this process, warm = median of ${r.rounds} runs; command = median wall time of 3 child processes)`,
    `inputs: ${i.oldDraft} (${i.oldLines} lines) → ${i.newDraft} (${i.newLines} lines); ${i.findings} diff findings, ${i.lintFindings} lint findings`,
    '',
    '| task | cold ms | warm ms | warm / baseline | command ms |',
    '|---|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.task} | ${x.coldMs.toFixed(1)} | ${x.warmMs.toFixed(1)} | ${x.vsBaseline === null ? '1.00 (baseline)' : x.vsBaseline.toFixed(2)} | ${x.commandMs === null ? '' : x.commandMs.toFixed(0)} |`,
    ),
    '',
    'goal: under 1000 ms each for diff and lint from markdown in.',
    '',
  ].join('\n');
}
