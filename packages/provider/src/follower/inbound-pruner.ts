/**
 * Forgets the follower's old dedupe records (ProviderStore.pruneInbound): the id of every applied
 * FanoutMessage is kept so that a hub's retry of a body the follower applied (its 201 was lost) is
 * recognised, but only a retry can bring one again, so a record older than every hub's retry
 * horizon is dead weight. Runs at start and then every `intervalMs` (an unref'd timer: it never
 * keeps the process alive), in pages, so one run never holds the store's write lock for long.
 * docs/provider-store.md says how the retention relates to the delivery worker's backoff.
 *
 * A store that cannot be reached (StoreError 'unavailable': the database restarting) is an outage
 * the node reports elsewhere (/readyz, 503s), not a pruning failure: the run is skipped with a
 * warning and the next one catches up, since the records only wait longer to be forgotten.
 */
import type { Logger } from 'pino';
import { isStoreUnavailable } from '../configured-store.ts';
import { MAX_PAGE, type ProviderStore } from '../store/index.ts';

export interface InboundPrunerOptions {
  store: ProviderStore;
  now: () => number;
  /** How long an applied FanoutMessage's id is remembered, ms. */
  retentionMs: number;
  /** Time between runs, ms. */
  intervalMs: number;
  log: Logger;
}

/** Default retention: a week, far beyond the 24 h a hub's retry is ever deferred by one answer (docs/provider-store.md). */
export const DEFAULT_DEDUPE_RETENTION_MS = 7 * 86_400_000;
/** Default time between pruning runs. */
export const DEFAULT_PRUNE_INTERVAL_MS = 3_600_000;

export class InboundPruner {
  readonly #o: InboundPrunerOptions;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #stopped = false;

  constructor(options: InboundPrunerOptions) {
    this.#o = options;
  }

  /** Prunes now, then every intervalMs until stop(). */
  start(): void {
    if (this.#stopped || this.#timer) return;
    this.#tick();
    this.#timer = setInterval(() => this.#tick(), this.#o.intervalMs);
    this.#timer.unref();
  }

  /** One run: every record older than the retention that no inbox holds; resolves with how many were forgotten. */
  async runOnce(): Promise<number> {
    const before = Math.max(0, this.#o.now() - this.#o.retentionMs);
    let total = 0;
    for (;;) {
      const pruned = await this.#o.store.pruneInbound(before, MAX_PAGE);
      total += pruned;
      if (pruned < MAX_PAGE || this.#stopped) return total;
    }
  }

  /** Stops the timer and waits for a run in progress (call before closing the store). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  #tick(): void {
    if (this.#running || this.#stopped) return;
    this.#running = this.runOnce()
      .then(
        (pruned) => {
          if (pruned > 0) this.#o.log.info({ pruned }, 'forgot old inbound FanoutMessage ids');
          return pruned;
        },
        (err: unknown) => {
          if (isStoreUnavailable(err))
            this.#o.log.warn({ err: err.message }, 'the store is unavailable: pruning inbound FanoutMessage ids waits for the next run');
          else this.#o.log.error({ err }, 'pruning inbound FanoutMessage ids failed');
          return 0;
        },
      )
      .finally(() => {
        this.#running = null;
      });
  }
}
