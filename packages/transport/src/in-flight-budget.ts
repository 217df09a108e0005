/**
 * A count of requests in flight per key (a peer), capped: the server takes a slot when a request
 * with a body arrives and gives it back when its response is done or its connection closes, so a
 * peer cannot hold more than `max` bodies, decodes and handler runs at once however many
 * connections it opens.
 */
export class InFlightBudget {
  readonly #counts = new Map<string, number>();

  constructor(readonly max: number) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`the in-flight budget must be a positive integer, got ${max}`);
  }

  /** Takes a slot of `key`: the function that gives it back (once, however often called), or null when `key` has none left. */
  take(key: string): (() => void) | null {
    const n = this.#counts.get(key) ?? 0;
    if (n >= this.max) return null;
    this.#counts.set(key, n + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const left = this.#counts.get(key)! - 1;
      if (left === 0) this.#counts.delete(key);
      else this.#counts.set(key, left);
    };
  }

  /** Slots `key` holds now. */
  inFlight(key: string): number {
    return this.#counts.get(key) ?? 0;
  }
}
