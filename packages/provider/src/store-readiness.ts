/**
 * Readiness of the store for /readyz: the store's ping(), asked at most once per `cacheMs` however
 * many probes arrive (a load balancer probing every node often must not load the database), and
 * bounded by `timeoutMs` (a ping that hangs on a dead connection counts as unavailable). Not ready
 * while the store is unavailable, and ready again by itself once a ping succeeds.
 */
import type { Logger } from 'pino';
import type { ProviderStore } from './store/index.ts';

export interface StoreReadinessOptions {
  store: ProviderStore;
  /** How long one ping's answer is reused, ms. */
  cacheMs: number;
  /** How long a ping may take before the store counts as unavailable, ms. */
  timeoutMs: number;
  /** Told when the store becomes unavailable (with the error) and when it answers again. */
  log: Logger;
  now?: () => number;
}

/** null: the store answers; else why not (for the problem detail: it names no host or file). */
export type StoreHealth = string | null;

export class StoreReadiness {
  readonly #o: StoreReadinessOptions;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #health: StoreHealth = null;
  #pending: Promise<StoreHealth> | null = null;

  constructor(options: StoreReadinessOptions) {
    this.#o = options;
  }

  /** The store's health, from a ping at most `cacheMs` old; concurrent callers share one ping. */
  check(): Promise<StoreHealth> {
    const now = (this.#o.now ?? Date.now)();
    if (now - this.#checkedAt < this.#o.cacheMs) return Promise.resolve(this.#health);
    this.#pending ??= this.#ping().then((health) => {
      if (health === null && this.#health !== null) this.#o.log.info('the store answers again: ready');
      this.#health = health;
      this.#checkedAt = (this.#o.now ?? Date.now)();
      this.#pending = null;
      return health;
    });
    return this.#pending;
  }

  async #ping(): Promise<StoreHealth> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<StoreHealth>((resolve) => {
      timer = setTimeout(() => {
        if (this.#health === null) this.#o.log.warn({ timeoutMs: this.#o.timeoutMs }, 'the store does not answer: not ready');
        resolve(`the store did not answer within ${this.#o.timeoutMs} ms`);
      }, this.#o.timeoutMs);
    });
    try {
      return await Promise.race([
        this.#o.store.ping().then(
          () => null,
          (err: unknown) => {
            if (this.#health === null) this.#o.log.warn({ err }, 'the store is unavailable: not ready');
            return 'the store is unavailable';
          },
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
