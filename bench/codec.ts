/**
 * `npm run bench -- codec`: decode+encode throughput of the generated @mimikit/mls codecs against ts-mls
 * 1.6.4's hand-written codecs, on the same messages.json bytes (300 entries per kind), in the same
 * process; plus a memcpy ceiling (`Uint8Array.prototype.slice` of the same bytes) for scale, and the
 * time a full regeneration takes (in process, and one cold CLI run).
 *
 * Method: every implementation runs every kind once for JIT warm-up (so call sites that serve
 * several kinds, like MLSMessage, are warmed polymorphically for both sides alike). Then `rounds`
 * timed rounds; within a round, each kind's three implementations run back to back, each for a
 * fixed time slice, in an order that rotates from round to round. The result per cell is the
 * median over rounds; the ratio is the median of the per-round ours/ts-mls ratios (each pair ran
 * back to back, so load drift on a shared machine largely cancels). One operation = decode one
 * structure + encode it again.
 *
 * Prints; writes no files. Not a test: nothing here asserts anything.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { codecs } from '@mimikit/mls';
import type { Codec } from '@mimikit/tls';
import { generateAll } from '@mimikit/generators';
import { bytes, loadMessages, MESSAGE_KINDS, type MessageKind } from '../test/support/mls-vectors.ts';
import { TS_MLS_CODECS } from '../test/support/ts-mls-codecs.ts';
import { fmtOps, geomean, median, pairedRatio, sampleRounds } from './measure.ts';

export interface CodecBenchOptions {
  /** Repository root (for the generator timings). */
  root?: string;
  /** Timed rounds per cell; the median is reported. */
  rounds?: number;
  /** Length of one timed slice, ms. */
  sliceMs?: number;
  /** Warm-up per implementation and kind, ms. */
  warmupMs?: number;
  /** In-process generator runs (after one untimed warm-up run). */
  generateRuns?: number;
  /** Skip the cold `node bin/mimi.js generate --check` run. */
  skipCold?: boolean;
}

export interface CodecBenchRow {
  kind: MessageKind;
  type: string;
  entries: number;
  /** Mean encoded size over the entries, bytes. */
  bytes: number;
  ours: number;
  tsMls: number;
  /** ours / ts-mls (> 1: ours is faster): median over rounds of the per-round ratio. */
  ratio: number;
  memcpy: number;
}

export interface CodecBenchResult {
  node: string;
  method: { rounds: number; sliceMs: number; warmupMs: number; unit: string };
  rows: CodecBenchRow[];
  summary: { minRatio: number; minKind: MessageKind; maxRatio: number; maxKind: MessageKind; geomeanRatio: number };
  generate: { inProcessMedianMs: number; inProcessRunsMs: number[]; coldCliMs: number | null; coldCliExit: number | null; files: number; stale: number };
  totalMs: number;
}

type Impl = 'ours' | 'tsMls' | 'memcpy';
const IMPLS: Impl[] = ['ours', 'tsMls', 'memcpy'];

let sink = 0;

/** One pass over all inputs; returns the number of operations done. */
function makePass(impl: Impl, kind: MessageKind, inputs: Uint8Array[]): () => number {
  if (impl === 'ours') {
    const codec = codecs[MESSAGE_KINDS[kind]] as Codec<unknown>;
    return () => {
      for (const b of inputs) sink += codec.encode(codec.decode(b)).length;
      return inputs.length;
    };
  }
  if (impl === 'tsMls') {
    const { decoder, encode } = TS_MLS_CODECS[kind];
    return () => {
      for (const b of inputs) {
        const r = decoder(b, 0);
        if (r === undefined) throw new Error(`ts-mls failed to decode a ${kind}`);
        sink += encode(r[0]).length;
      }
      return inputs.length;
    };
  }
  return () => {
    for (const b of inputs) sink += b.slice().length;
    return inputs.length;
  };
}

export async function runCodecBench(options: CodecBenchOptions = {}): Promise<CodecBenchResult> {
  const root = options.root ?? fileURLToPath(new URL('..', import.meta.url));
  const rounds = options.rounds ?? 9;
  const sliceMs = options.sliceMs ?? 50;
  const warmupMs = options.warmupMs ?? 120;
  const generateRuns = options.generateRuns ?? 5;
  const start = performance.now();

  const vectors = loadMessages();
  const kinds = Object.keys(MESSAGE_KINDS) as MessageKind[];
  const inputs = new Map(kinds.map((k) => [k, vectors.map((v) => bytes(v[k]))]));
  const samples = sampleRounds(IMPLS, kinds, (impl, kind) => makePass(impl, kind, inputs.get(kind)!), { rounds, sliceMs, warmupMs });

  const rows: CodecBenchRow[] = kinds.map((kind) => {
    const ins = inputs.get(kind)!;
    // Paired per round (both ran back to back), so load drift on a shared machine cancels out.
    const oursRounds = samples('ours', kind);
    const tsRounds = samples('tsMls', kind);
    return {
      kind,
      type: MESSAGE_KINDS[kind],
      entries: ins.length,
      bytes: Math.round(ins.reduce((s, b) => s + b.length, 0) / ins.length),
      ours: median(oursRounds),
      tsMls: median(tsRounds),
      ratio: pairedRatio(oursRounds, tsRounds),
      memcpy: median(samples('memcpy', kind)),
    };
  });
  const byRatio = [...rows].sort((a, b) => a.ratio - b.ratio);
  const summary = {
    minRatio: byRatio[0]!.ratio,
    minKind: byRatio[0]!.kind,
    maxRatio: byRatio[byRatio.length - 1]!.ratio,
    maxKind: byRatio[byRatio.length - 1]!.kind,
    geomeanRatio: geomean(rows.map((r) => r.ratio)),
  };

  // Regeneration: in process (one untimed warm-up run, then `generateRuns` timed), and one cold CLI run.
  let last = await generateAll(root, { check: true });
  const runs: number[] = [];
  for (let i = 0; i < generateRuns; i++) {
    const t0 = performance.now();
    last = await generateAll(root, { check: true });
    runs.push(performance.now() - t0);
  }
  let coldCliMs: number | null = null;
  let coldCliExit: number | null = null;
  if (!options.skipCold) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [join(root, 'bin/mimi.js'), 'generate', '--check'], { cwd: root, encoding: 'utf8' });
    coldCliMs = performance.now() - t0;
    coldCliExit = child.status;
  }

  if (sink === 0) throw new Error('unreachable: nothing was encoded');
  return {
    node: process.version,
    method: { rounds, sliceMs, warmupMs, unit: 'decode+encode of one structure per op; median of rounds' },
    rows,
    summary,
    generate: { inProcessMedianMs: median(runs), inProcessRunsMs: runs, coldCliMs, coldCliExit, files: last.files, stale: last.changed.length },
    totalMs: performance.now() - start,
  };
}

export function formatCodecBench(r: CodecBenchResult): string {
  const lines = [
    `Codec benchmark (Node ${r.node}; ${r.method.unit}; ${r.method.rounds} rounds × ${r.method.sliceMs} ms after ${r.method.warmupMs} ms warm-up per cell; messages.json, ${r.rows[0]?.entries ?? 0} entries per kind)`,
    '',
    '| kind | bytes | ours ops/s | ts-mls ops/s | ratio | memcpy ops/s |',
    '|---|---:|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.kind} | ${x.bytes} | ${fmtOps(x.ours)} | ${fmtOps(x.tsMls)} | ${x.ratio.toFixed(2)} | ${fmtOps(x.memcpy)} |`),
    '',
    `ratio = median over rounds of ours/ts-mls in the same round (>1: ours faster). min ${r.summary.minRatio.toFixed(2)} (${r.summary.minKind}), max ${r.summary.maxRatio.toFixed(2)} (${r.summary.maxKind}), geomean ${r.summary.geomeanRatio.toFixed(2)}`,
    `regeneration (generateAll --check, ${r.generate.files} files${r.generate.stale ? `, ${r.generate.stale} stale` : ''}): in-process median ${r.generate.inProcessMedianMs.toFixed(0)} ms over ${r.generate.inProcessRunsMs.length} runs` +
      (r.generate.coldCliMs === null
        ? ''
        : `; cold \`node bin/mimi.js generate --check\` ${r.generate.coldCliMs.toFixed(0)} ms wall (exit ${r.generate.coldCliExit})`),
    `total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
