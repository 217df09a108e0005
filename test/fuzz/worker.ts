/**
 * The fuzz worker: runs its share of the targets (heap phase, then iterations in chunks, round
 * robin while time is left) and reports findings, progress and statistics to the runner. Before
 * each input it writes which one it is into the shared heartbeat, so that the runner's watchdog can
 * name the input a hang or an out-of-memory was caught on.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { TargetRun, type Heartbeat } from './engine.ts';
import { targetByName } from './targets/index.ts';

export interface WorkerJob {
  runSeed: number;
  targets: string[];
  /** Iterations per target, or undefined when the run is timed. */
  iterations?: number;
  /** Date.now() at which a timed run stops. */
  deadline?: number;
  heap: boolean;
  fuzz: boolean;
  /** Where each target resumes (after a watchdog restart). */
  next: Record<string, number>;
  heapDone: string[];
  heartbeat: SharedArrayBuffer;
  startedAt: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'finding'; finding: import('./engine.ts').Finding }
  | { type: 'progress'; target: string; next: number; heapDone: boolean; stats: import('./engine.ts').TargetStats }
  | { type: 'done' };

/** Heartbeat slots: [target index, iteration (-1: heap phase), input size, running (0/1)]. */
export const HEARTBEAT_SLOTS = 4;
const CHUNK = 25;

function main(job: WorkerJob): void {
  const beat = new Int32Array(job.heartbeat);
  const started = new Float64Array(job.startedAt);
  const post = (m: WorkerMessage) => parentPort!.postMessage(m);
  const runs = new Map<string, TargetRun>();
  const next = new Map(job.targets.map((t) => [t, job.next[t] ?? 0]));
  const heapDone = new Set(job.heapDone);
  const timeLeft = () => job.deadline === undefined || Date.now() < job.deadline;
  const runOf = (name: string, index: number) => {
    let r = runs.get(name);
    if (!r) {
      const heartbeat: Heartbeat = {
        begin(iteration, size) {
          beat[0] = index;
          beat[1] = iteration;
          beat[2] = size;
          started[0] = Date.now();
          beat[3] = 1;
        },
        end() {
          beat[3] = 0;
        },
      };
      r = new TargetRun(targetByName(name), { runSeed: job.runSeed, checkTime: true, heartbeat });
      runs.set(name, r);
    }
    return r;
  };
  const wanted = (name: string) => job.fuzz && (job.iterations === undefined || next.get(name)! < job.iterations);
  let busy = true;
  for (let round = 0; busy && timeLeft(); round++) {
    busy = false;
    for (const [index, name] of job.targets.entries()) {
      if (!timeLeft()) break;
      const run = runOf(name, index);
      // A timed run fuzzes every target once before the (slower) heap phases start.
      const heapNow = job.heap && !heapDone.has(name) && (round > 0 || !job.fuzz || job.iterations !== undefined);
      busy ||= job.heap && !heapDone.has(name) && !heapNow;
      if (heapNow) {
        run.target.seeds();
        beat[0] = index;
        beat[1] = -1;
        beat[2] = 0;
        started[0] = Date.now();
        beat[3] = 1;
        for (const finding of run.heap()) post({ type: 'finding', finding });
        beat[3] = 0;
        heapDone.add(name);
      }
      if (wanted(name)) {
        const from = next.get(name)!;
        const to = job.iterations === undefined ? from + CHUNK : Math.min(job.iterations, from + CHUNK);
        for (const finding of run.iterate(from, to)) post({ type: 'finding', finding });
        next.set(name, to);
        busy ||= wanted(name);
      }
      post({ type: 'progress', target: name, next: next.get(name)!, heapDone: heapDone.has(name), stats: run.stats });
    }
  }
  post({ type: 'done' });
}

if (parentPort && workerData) main(workerData as WorkerJob);
