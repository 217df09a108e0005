/**
 * `npm run bench -- store`: acceptAtEpoch throughput of the SQLite provider store
 * (`@mimikit/provider/store/sqlite`: WAL, synchronous = FULL, group commit), against a baseline of
 * better-sqlite3 on its own doing one fully synced single-row transaction per write (the same
 * pragmas, one 1 KiB row per COMMIT): the rate a store without batching could not exceed.
 *
 * Each acceptAtEpoch is a message accepted at the room's epoch (compare-and-set) fanning out one
 * body to two destinations: one read and four writes (two outbox rows, two destination rows) in
 * one savepoint. Rows:
 * - store, `inFlight` concurrent writers (each starts its next acceptance when its previous one
 *   resolved, in `rooms` rooms): the group commit at work;
 * - store with maxBatch 1, same writers: one transaction per acceptance (what batching saves);
 * - store, one writer: one acceptance at a time (latency-bound: one fsync per write, plus the turn);
 * - baseline: one single-row synced commit at a time, straight on better-sqlite3.
 *
 * Every slice runs on a fresh file in the OS temporary folder (on a disk: the numbers are about
 * fsync; on a tmpfs they mean nothing), deleted after. Method: warm-up of every cell, then `rounds`
 * rounds, the cells in an order rotating per round; medians over rounds, ratios the median of
 * per-round ratios to the baseline (bench/measure.ts). Prints; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ProviderStore } from '@mimikit/provider/store';
import { openSqliteStore } from '@mimikit/provider/store/sqlite';
import Database from 'better-sqlite3';
import { asyncResultsSum, fmtOps, median, pairedRatio, timedAsync } from './measure.ts';

export interface StoreBenchOptions {
  /** Timed rounds per cell; the median is reported. */
  rounds?: number;
  /** Length of one timed slice, ms. */
  sliceMs?: number;
  /** Warm-up per cell, ms. */
  warmupMs?: number;
  /** Concurrent writers in the concurrent rows. */
  inFlight?: number;
  /** Rooms the writers share. */
  rooms?: number;
}

const CELLS = ['store', 'storeUnbatched', 'storeOneWriter', 'baseline'] as const;
type Cell = (typeof CELLS)[number];

const LABELS: Record<Cell, string> = {
  store: 'store, group commit',
  storeUnbatched: 'store, maxBatch 1',
  storeOneWriter: 'store, one writer',
  baseline: 'better-sqlite3, 1 row per synced commit',
};

export interface StoreBenchRow {
  cell: Cell;
  label: string;
  inFlight: number;
  opsPerSecond: number;
  /** opsPerSecond / baseline's, median of per-round ratios. */
  ratio: number;
}

export interface StoreBenchResult {
  node: string;
  method: { rounds: number; sliceMs: number; warmupMs: number; inFlight: number; rooms: number; bodyBytes: number; destinations: number };
  rows: StoreBenchRow[];
  totalMs: number;
}

const BODY = new Uint8Array(1024).fill(0x5a);
const DESTINATIONS = ['b.example', 'c.example'];

/** A fresh store file with `rooms` rooms at epoch 0; `run` times writes to it; the file is deleted after. */
async function withStore<T>(rooms: number, maxBatch: number | undefined, run: (store: ProviderStore, roomIds: string[]) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-bench-store-'));
  const store = openSqliteStore(join(dir, 'provider.db'), maxBatch === undefined ? {} : { maxBatch });
  try {
    const roomIds = Array.from({ length: rooms }, (_, i) => `mimi://a.example/r/bench-${i}`);
    await Promise.all(
      roomIds.map((roomId) => store.createRoom({ roomId, epoch: 0n, cipherSuite: 1, groupInfo: BODY, ratchetTree: BODY, createdAt: Date.now() })),
    );
    return await run(store, roomIds);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function timeStore(rooms: number, maxBatch: number | undefined, inFlight: number, ms: number): Promise<number> {
  return withStore(rooms, maxBatch, (store, roomIds) => {
    let next = 0;
    return timedAsync(
      async () => {
        const roomId = roomIds[next++ % roomIds.length]!;
        const outcome = await store.acceptAtEpoch({
          roomId,
          epoch: 0n,
          acceptedAt: Date.now(),
          fanout: DESTINATIONS.map((destination) => ({ destination, body: BODY })),
        });
        if (!outcome.accepted) throw new Error(`bench: ${roomId} refused the acceptance`);
        return 1;
      },
      inFlight,
      ms,
    );
  });
}

async function timeBaseline(ms: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-bench-sqlite-'));
  const db = new Database(join(dir, 'baseline.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, destination TEXT NOT NULL, body BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO outbox (destination, body) VALUES (?, ?)');
    // Autocommit: each run() is its own transaction, synced before it returns.
    return await timedAsync(async () => insert.run('b.example', BODY).changes, 1, ms);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runStoreBench(options: StoreBenchOptions = {}): Promise<StoreBenchResult> {
  const rounds = options.rounds ?? 5;
  const sliceMs = options.sliceMs ?? 500;
  const warmupMs = options.warmupMs ?? 300;
  const inFlight = options.inFlight ?? 64;
  const rooms = options.rooms ?? 16;
  const start = performance.now();

  const inFlightOf: Record<Cell, number> = { store: inFlight, storeUnbatched: inFlight, storeOneWriter: 1, baseline: 1 };
  const time: Record<Cell, (ms: number) => Promise<number>> = {
    store: (ms) => timeStore(rooms, undefined, inFlight, ms),
    storeUnbatched: (ms) => timeStore(rooms, 1, inFlight, ms),
    storeOneWriter: (ms) => timeStore(rooms, undefined, 1, ms),
    baseline: (ms) => timeBaseline(ms),
  };

  for (const cell of CELLS) await time[cell](warmupMs);
  const samples = new Map<Cell, number[]>(CELLS.map((c) => [c, []]));
  for (let r = 0; r < rounds; r++) {
    for (let j = 0; j < CELLS.length; j++) {
      const cell = CELLS[(j + r) % CELLS.length]!;
      samples.get(cell)!.push(await time[cell](sliceMs));
    }
  }
  if (asyncResultsSum() === 0) throw new Error('unreachable: nothing was written');

  const baseline = samples.get('baseline')!;
  return {
    node: process.version,
    method: { rounds, sliceMs, warmupMs, inFlight, rooms, bodyBytes: BODY.length, destinations: DESTINATIONS.length },
    rows: CELLS.map((cell) => ({
      cell,
      label: LABELS[cell],
      inFlight: inFlightOf[cell],
      opsPerSecond: median(samples.get(cell)!),
      ratio: pairedRatio(samples.get(cell)!, baseline),
    })),
    totalMs: performance.now() - start,
  };
}

export function formatStoreBench(r: StoreBenchResult): string {
  const m = r.method;
  const lines = [
    `Store benchmark (Node ${r.node}; SQLite WAL, synchronous = FULL, files in ${tmpdir()}; ${m.rounds} rounds × ${m.sliceMs} ms after ${m.warmupMs} ms warm-up per cell)`,
    `acceptAtEpoch: a message at the room's epoch (compare-and-set) fanning a ${m.bodyBytes}-byte body out to ${m.destinations} destinations, writers spread over ${m.rooms} rooms; baseline: one ${m.bodyBytes}-byte row per synced commit`,
    '',
    '| what | in flight | writes/s | × baseline |',
    '|---|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.label} | ${x.inFlight} | ${fmtOps(x.opsPerSecond)} | ${x.ratio.toFixed(2)} |`),
    '',
    'writes/s: acceptAtEpoch calls resolved per second (each one is on disk when it resolves); × baseline: median over rounds of the ratio in the same round.',
    `total ${(r.totalMs / 1000).toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
