/**
 * Long-poll wake-ups: a client waiting for its inbox is woken when something was queued for it, by
 * this node's follower or, when several nodes share a store, by the store's change feed (another
 * node applied it: startProvider wakes the clients an 'inbox' change names). A missed wake-up only
 * costs the rest of the wait, because waiters re-read the store after every wake and at the end.
 */
export interface Wake {
  /** Resolves when woken, after `ms`, or on abort. */
  until(ms: number, signal?: AbortSignal): Promise<void>;
  cancel(): void;
}

export class InboxWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();
  #closed = false;

  /** After wakeAll (shutdown): waits end at once, so a long-poll never holds up close(). */
  get closed(): boolean {
    return this.#closed;
  }

  /** Registers interest before the store is read, so a delivery between the read and the wait is not missed. */
  next(client: string): Wake {
    let fire: () => void = () => {};
    const woken = new Promise<void>((resolve) => {
      fire = resolve;
    });
    let set = this.#waiting.get(client);
    if (!set) this.#waiting.set(client, (set = new Set()));
    set.add(fire);
    if (this.#closed) fire();
    const cancel = () => {
      const s = this.#waiting.get(client);
      s?.delete(fire);
      if (s?.size === 0) this.#waiting.delete(client);
    };
    return {
      cancel,
      until: async (ms, signal) => {
        let timer: NodeJS.Timeout | undefined;
        const onAbort = () => fire();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          await Promise.race([woken, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
        } finally {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          cancel();
        }
      },
    };
  }

  /** Wakes every waiter (of `clients`, or all): they re-read their inboxes. */
  wake(clients?: readonly string[]): void {
    const targets = clients ?? [...this.#waiting.keys()];
    for (const c of targets) for (const f of this.#waiting.get(c) ?? []) f();
  }

  /** Wakes everyone and closes: later waits end at once too (shutdown). */
  wakeAll(): void {
    this.#closed = true;
    this.wake();
  }
}
