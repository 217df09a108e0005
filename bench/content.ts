/**
 * `npm run bench -- content`: decode+encode throughput of the generated @mimikit/mimi-content codecs (strict
 * core-deterministic decode with full CDDL validation, then deterministic encode) against two plain,
 * non-validating CBOR libraries on the same bytes, in the same process: cbor2 (`decode`/`encode`,
 * default options) and cbor-x (`Decoder`/`Encoder` with `useRecords: false`, `mapsAsObjects: false`
 * so integer-keyed maps stay Maps, and `tagUint8Array: false` so byte strings are not re-encoded as
 * tag 64 typed arrays). Inputs: the draft's 16 examples (spec/content/examples/*.cbor), each decoded
 * with the rule test/support/content-examples.ts assigns it (mimiContent, MessageDerivedValues for
 * implied-original, MessageStatusReport for report).
 *
 * Method (bench/measure.ts): warm-up of every implementation over every example, then `rounds`
 * timed rounds of rotating back-to-back slices; ops/s is the median over rounds, ratios the median
 * of per-round ratios. One operation = decode one example + encode the result again. The "exact"
 * columns say whether that re-encoding is byte-identical to the input (computed once, untimed).
 *
 * Prints; writes no files. Not a test: nothing here asserts anything.
 */
import { performance } from 'node:perf_hooks';
import { bytesEqual } from '@mimikit/bytes';
import type { ContentCodec } from '@mimikit/cbor';
import { codecs } from '@mimikit/mimi-content';
import { decode as cbor2Decode, encode as cbor2Encode } from 'cbor2';
import { Decoder, Encoder, isNativeAccelerationEnabled } from 'cbor-x';
import { loadExamples, type ContentExample } from '../test/support/content-examples.ts';
import { fmtOps, geomean, median, pairedRatio, sampleRounds } from './measure.ts';

export interface ContentBenchOptions {
  /** Timed rounds per cell; the median is reported. */
  rounds?: number;
  /** Length of one timed slice, ms. */
  sliceMs?: number;
  /** Warm-up per implementation and example, ms. */
  warmupMs?: number;
  /** Operations per pass (the same example, back to back), so the clock is read rarely. */
  batch?: number;
}

export interface ContentBenchRow {
  name: string;
  rule: ContentExample['rule'];
  bytes: number;
  ours: number;
  cbor2: number;
  cborX: number;
  /** ours / cbor-x (> 1: ours is faster): median over rounds of the per-round ratio. */
  ratioCborX: number;
  /** ours / cbor2, likewise. */
  ratioCbor2: number;
  /** Re-encoding is byte-identical to the input. */
  oursExact: boolean;
  cbor2Exact: boolean;
  cborXExact: boolean;
}

export interface ContentBenchResult {
  node: string;
  method: { rounds: number; sliceMs: number; warmupMs: number; batch: number; unit: string };
  baselines: { cbor2: string; cborX: string; cborXNativeStrings: boolean };
  rows: ContentBenchRow[];
  summary: {
    geomeanRatioCborX: number;
    minRatioCborX: number;
    minCborX: string;
    geomeanRatioCbor2: number;
    minRatioCbor2: number;
    minCbor2: string;
  };
  totalMs: number;
}

type Impl = 'ours' | 'cbor2' | 'cborX';
const IMPLS: Impl[] = ['ours', 'cbor2', 'cborX'];

const CBOR_X_OPTIONS = { useRecords: false, mapsAsObjects: false, tagUint8Array: false } as const;

let sink = 0;

const cborXDecoder = new Decoder(CBOR_X_OPTIONS);
const cborXEncoder = new Encoder(CBOR_X_OPTIONS);

/** One operation of each implementation: decode the example's bytes, encode the value again. */
function roundTrip(impl: Impl, ex: ContentExample): (b: Uint8Array) => Uint8Array {
  if (impl === 'ours') {
    const codec = codecs[ex.rule] as unknown as ContentCodec<unknown>;
    return (b) => codec.encode(codec.decode(b));
  }
  if (impl === 'cbor2') return (b) => cbor2Encode(cbor2Decode(b));
  return (b) => cborXEncoder.encode(cborXDecoder.decode(b));
}

function makePass(impl: Impl, ex: ContentExample, batch: number): () => number {
  const op = roundTrip(impl, ex);
  const b = ex.cbor;
  return () => {
    for (let i = 0; i < batch; i++) sink += op(b).length;
    return batch;
  };
}

function exact(impl: Impl, ex: ContentExample): boolean {
  try {
    return bytesEqual(roundTrip(impl, ex)(ex.cbor), ex.cbor);
  } catch {
    return false;
  }
}

export async function runContentBench(options: ContentBenchOptions = {}): Promise<ContentBenchResult> {
  const rounds = options.rounds ?? 9;
  const sliceMs = options.sliceMs ?? 50;
  const warmupMs = options.warmupMs ?? 120;
  const batch = options.batch ?? 32;
  const start = performance.now();

  const examples = loadExamples();
  const byName = new Map(examples.map((ex) => [ex.name, ex]));
  const names = examples.map((ex) => ex.name);

  // Untimed: does each implementation give the input bytes back?
  const exactness = new Map(examples.map((ex) => [ex.name, { ours: exact('ours', ex), cbor2: exact('cbor2', ex), cborX: exact('cborX', ex) }]));

  const samples = sampleRounds(IMPLS, names, (impl, name) => makePass(impl, byName.get(name)!, batch), { rounds, sliceMs, warmupMs });

  const rows: ContentBenchRow[] = examples.map((ex) => {
    const ours = samples('ours', ex.name);
    const c2 = samples('cbor2', ex.name);
    const cx = samples('cborX', ex.name);
    const ok = exactness.get(ex.name)!;
    return {
      name: ex.name,
      rule: ex.rule,
      bytes: ex.cbor.length,
      ours: median(ours),
      cbor2: median(c2),
      cborX: median(cx),
      ratioCborX: pairedRatio(ours, cx),
      ratioCbor2: pairedRatio(ours, c2),
      oursExact: ok.ours,
      cbor2Exact: ok.cbor2,
      cborXExact: ok.cborX,
    };
  });
  const minBy = (f: (r: ContentBenchRow) => number) => rows.reduce((m, r) => (f(r) < f(m) ? r : m), rows[0]!);
  const minX = minBy((r) => r.ratioCborX);
  const min2 = minBy((r) => r.ratioCbor2);

  if (sink === 0) throw new Error('unreachable: nothing was encoded');
  return {
    node: process.version,
    method: { rounds, sliceMs, warmupMs, batch, unit: 'decode+encode of one example per op; median of rounds' },
    baselines: {
      cbor2: 'decode/encode, default options',
      cborX: `Decoder/Encoder ${JSON.stringify(CBOR_X_OPTIONS)}`,
      cborXNativeStrings: isNativeAccelerationEnabled,
    },
    rows,
    summary: {
      geomeanRatioCborX: geomean(rows.map((r) => r.ratioCborX)),
      minRatioCborX: minX.ratioCborX,
      minCborX: minX.name,
      geomeanRatioCbor2: geomean(rows.map((r) => r.ratioCbor2)),
      minRatioCbor2: min2.ratioCbor2,
      minCbor2: min2.name,
    },
    totalMs: performance.now() - start,
  };
}

const yn = (b: boolean) => (b ? 'yes' : 'no');

export function formatContentBench(r: ContentBenchResult): string {
  const lines = [
    `Content benchmark (Node ${r.node}; ${r.method.unit}; ${r.method.rounds} rounds × ${r.method.sliceMs} ms after ${r.method.warmupMs} ms warm-up per cell; spec/content/examples, ${r.rows.length} examples)`,
    `ours: generated @mimikit/mimi-content codec (strict decode + validation, deterministic encode); cbor2: ${r.baselines.cbor2}; cbor-x: ${r.baselines.cborX}, native string extraction ${r.baselines.cborXNativeStrings ? 'on' : 'off'}`,
    '',
    '| example | bytes | ours ops/s | cbor2 ops/s | cbor-x ops/s | ours/cbor-x | ours/cbor2 | ours exact | cbor2 exact | cbor-x exact |',
    '|---|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|',
    ...r.rows.map(
      (x) =>
        `| ${x.name} | ${x.bytes} | ${fmtOps(x.ours)} | ${fmtOps(x.cbor2)} | ${fmtOps(x.cborX)} | ${x.ratioCborX.toFixed(2)} | ${x.ratioCbor2.toFixed(2)} | ${yn(x.oursExact)} | ${yn(x.cbor2Exact)} | ${yn(x.cborXExact)} |`,
    ),
    '',
    `ratios = median over rounds of ours/baseline in the same round (>1: ours faster). ours/cbor-x: geomean ${r.summary.geomeanRatioCborX.toFixed(2)}, min ${r.summary.minRatioCborX.toFixed(2)} (${r.summary.minCborX}); ours/cbor2: geomean ${r.summary.geomeanRatioCbor2.toFixed(2)}, min ${r.summary.minRatioCbor2.toFixed(2)} (${r.summary.minCbor2})`,
    `total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
