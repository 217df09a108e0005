/**
 * Delivery of queued FanoutMessages: one queue per destination provider, delivered in order, so a
 * dead or slow peer delays only its own queue. An entry leaves the queue only after the peer
 * answered 201 (or, for this provider's own domain, after the local follower applied it), so every
 * accepted message reaches every follower at least once; followers apply it once (they dedupe on the
 * message's hash). Consecutive entries of one room share a /notify body (notify-bodies.ts), so a
 * backlog costs a few round trips, not one per message. A failure defers the destination with
 * exponential backoff and jitter, or the peer's Retry-After if later; the state is in the store,
 * so backoff survives restarts.
 *
 * A peer's permanent refusal (permanentRefusal: a 4xx other than 401, 408, 429) is not retried as
 * is: a body of several FanoutMessages is sent again one message per body (the batch may be over
 * the peer's limits while each message fits), and a message refused alone goes to the store's
 * dead letters (the operator lists and re-queues them: `mimi provider dead-letters`), so one bad
 * message no longer blocks the peer's queue forever.
 *
 * Several nodes of one domain share the queues (docs/provider.md, "Several nodes"): a node delivers
 * a destination only while it holds the destination's lease in the store (`leaseMs`, renewed as it
 * goes), so one queue is sent by one node at a time and stays in order. The worker looks at the
 * queues when told (kick: this node's hub queued something, or the store's change feed says another
 * node did) and every `pollMs` besides, so a notice lost and a dead node's expired leases are
 * picked up by the next scan.
 *
 * A store that cannot be reached (StoreError 'unavailable') is this node's outage, not the peer's
 * failure: nothing is counted against the destination or dead-lettered, the worker pauses (backing
 * off up to STORE_OUTAGE_MAX_DELAY_MS) and carries on by itself once the store answers; what was
 * sent but not yet marked delivered is sent again, and the follower drops the duplicate.
 */
import { concatBytes } from '@mimikit/bytes';
import { EncodedBody } from '@mimikit/mimi-protocol/client';
import { DEFAULT_BODY_LIMIT, MimiHttpError } from '@mimikit/transport';
import type { Logger } from 'pino';
import { MAX_DEAD_LETTER_ERROR, type DestinationState, type OutboxEntry, type ProviderStore } from '../store/index.ts';
import type { Peers } from '../federation/peers.ts';
import { isStoreUnavailable } from '../configured-store.ts';
import { notifyBodies } from './notify-bodies.ts';

export interface DeliveryOptions {
  domain: string;
  store: ProviderStore;
  peers: Peers;
  /** Applies FanoutMessages of one room, in order, for this provider's own clients (the local follower). */
  local: (roomId: string, entries: readonly OutboxEntry[]) => Promise<unknown>;
  now: () => number;
  log: Logger;
  /** Node id holding the destinations' leases. */
  node: string;
  /** How long a lease on a destination lasts, ms (renewed once half of it is left). */
  leaseMs: number;
  /** How often the queues are looked at without a kick, ms (also how soon a destination leased by another node is asked for again). */
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Entries read from a queue at once, and the most one /notify body carries. */
  batch: number;
  /** Largest /notify body sent, in bytes (default NOTIFY_BODY_BYTES); one larger entry is still sent alone. */
  maxBodyBytes?: number;
  random?: () => number;
}

/**
 * The default largest /notify body: the peer's body limit is not known, so the transport's default
 * (4 MiB, what a mimikit peer accepts unless configured otherwise) with an eighth to spare.
 */
export const NOTIFY_BODY_BYTES = DEFAULT_BODY_LIMIT - DEFAULT_BODY_LIMIT / 8;

/** Longest pause while the store is unavailable: the worker must notice soon that it is back. */
export const STORE_OUTAGE_MAX_DELAY_MS = 5000;
/** Longest Retry-After honoured: a peer's hint must not push the next attempt past what a time can hold. */
const MAX_RETRY_AFTER_MS = 86_400_000;

/**
 * Whether a peer's answer refuses the body for good: the same bytes will be refused again, so
 * retrying only blocks the queue. Retried instead: 5xx and network errors (not MimiHttpErrors),
 * 408 (timeout) and 429 (busy), and 401 (the peer does not accept our credentials for now: a
 * configuration being fixed, for every message alike). This follows Matrix/Synapse's federation
 * sender (synapse/util/retryutils.py: a 4xx other than 401 and 429 is "a valid error code", the
 * destination is up and not backed off; per_destination_queue.py does not send the refused
 * transaction again); unlike Synapse, which can drop it because the receiver backfills events
 * from the room DAG, MIMI has no backfill, so the message is kept as a dead letter instead.
 */
export function permanentRefusal(err: unknown): err is MimiHttpError {
  return err instanceof MimiHttpError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 408 && err.status !== 429;
}

/** The delay before attempt `attempts + 1`: base · 2^(attempts-1), capped, with full jitter on the upper half. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class DeliveryWorker {
  readonly #o: DeliveryOptions;
  readonly #running = new Map<string, Promise<void>>();
  /** Until when this node holds each destination's lease, as last granted by the store. */
  readonly #leasedUntil = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  #poll: NodeJS.Timeout | null = null;
  /** Consecutive scans or deliveries that found the store unavailable (0: it answers), and until when to pause. */
  #outages = 0;
  #outageUntil = 0;
  #scanning: Promise<void> | null = null;
  #rescan = false;
  #stopped = false;
  /** Aborts requests in flight on stop(): their entries stay queued, and a peer that never answers cannot hold up shutdown. */
  readonly #abort = new AbortController();
  /**
   * Destinations not to try before a time kept only here: one whose lease another node holds, or
   * whose delivery failed unexpectedly (a store error). Either would otherwise be retried at once, in a loop.
   */
  readonly #notBefore = new Map<string, number>();

  constructor(options: DeliveryOptions) {
    this.#o = options;
  }

  /** Looks at the queues now (those left by a previous run) and then every pollMs. */
  start(): void {
    if (this.#stopped || this.#poll) return;
    this.#poll = setInterval(() => this.kick(), this.#o.pollMs);
    this.#poll.unref();
    this.kick();
  }

  /** Something was queued (or a peer may be back): look at the queues now. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#scanning) {
      this.#rescan = true;
      return;
    }
    this.#scanning = this.#scan()
      .catch((err) => this.#o.log.error({ err }, 'delivery scan failed'))
      .finally(() => {
        this.#scanning = null;
        if (this.#rescan) {
          this.#rescan = false;
          this.kick();
        }
      });
  }

  /** Stops starting deliveries and waits for those in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort(new Error('the delivery worker is stopping'));
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#poll) clearInterval(this.#poll);
    await this.#scanning;
    await Promise.all(this.#running.values());
    // A clean stop hands the queues back at once (another node may take them over); with the store
    // down they are not handed back, and expire after leaseMs instead.
    for (const destination of this.#leasedUntil.keys()) {
      try {
        await this.#o.store.leaseDestination(destination, this.#o.node, 0, this.#o.now());
      } catch (err) {
        this.#o.log.warn({ err, destination }, 'could not release the lease on a destination: it expires by itself');
      }
    }
    this.#leasedUntil.clear();
  }

  /** The store is unavailable: pause for a backoff that grows with each consecutive outage, then look again. */
  #storeDown(err: unknown): void {
    this.#outages++;
    const delay = backoffDelay(this.#outages, Math.min(this.#o.baseDelayMs, STORE_OUTAGE_MAX_DELAY_MS), STORE_OUTAGE_MAX_DELAY_MS, this.#o.random);
    this.#outageUntil = Math.max(this.#outageUntil, this.#o.now() + delay);
    const message = err instanceof Error ? err.message : String(err);
    if (this.#outages === 1) this.#o.log.warn({ err: message, retryInMs: delay }, 'the store is unavailable: delivery paused');
    this.#wakeAt(this.#outageUntil);
  }

  #wakeAt(at: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.kick(), Math.max(0, at - this.#o.now()));
    this.#timer.unref();
  }

  async #scan(): Promise<void> {
    const now = this.#o.now();
    if (now < this.#outageUntil) return this.#wakeAt(this.#outageUntil);
    let pending: DestinationState[];
    try {
      pending = await this.#o.store.pendingDestinations();
    } catch (err) {
      if (!isStoreUnavailable(err)) throw err;
      return this.#storeDown(err);
    }
    if (this.#outages > 0) {
      this.#o.log.info({ outages: this.#outages }, 'the store answers again: delivery resumed');
      this.#outages = 0;
    }
    let next = Number.POSITIVE_INFINITY;
    for (const state of pending) {
      if (this.#running.has(state.destination)) continue;
      const notBefore = Math.max(state.nextAttemptAt, this.#notBefore.get(state.destination) ?? 0);
      if (notBefore > now) {
        next = Math.min(next, notBefore);
        continue;
      }
      const run = this.#deliver(state.destination, state.attempts)
        .catch((err) => {
          if (isStoreUnavailable(err)) return this.#storeDown(err);
          this.#o.log.error({ err, destination: state.destination }, 'delivery failed');
          this.#notBefore.set(state.destination, this.#o.now() + this.#o.baseDelayMs);
        })
        .finally(() => {
          this.#running.delete(state.destination);
          this.kick();
        });
      this.#running.set(state.destination, run);
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (next !== Number.POSITIVE_INFINITY) this.#wakeAt(next);
  }

  /**
   * Sends a destination's queue in order until it is empty or an attempt fails, holding its lease.
   * The lease is kept between runs (releasing it would cost a synced commit per run) and released
   * by stop(); after a crash, the node's id is stable across restarts (host name and port by
   * default), so the restarted node takes its own leases back at once.
   */
  async #deliver(destination: string, attempts: number): Promise<void> {
    if (!(await this.#lease(destination))) {
      this.#notBefore.set(destination, this.#o.now() + this.#o.pollMs);
      return;
    }
    this.#notBefore.delete(destination);
    await this.#deliverLeased(destination, attempts);
  }

  async #deliverLeased(destination: string, attempts: number): Promise<void> {
    const { store } = this.#o;
    while (!this.#stopped) {
      if (!(await this.#lease(destination))) return;
      const head = await store.outboxHead(destination, this.#o.batch);
      if (head.length === 0) return;
      const done: bigint[] = [];
      /** The peer answered something this run (a delivery or a permanent refusal): it is up, backoff starts afresh. */
      let answered = false;
      const bodies = notifyBodies(head, this.#o.batch, this.#o.maxBodyBytes ?? NOTIFY_BODY_BYTES);
      for (let i = 0; i < bodies.length; i++) {
        const body = bodies[i]!;
        try {
          await this.#send(destination, body);
          for (const entry of body) done.push(entry.seq);
        } catch (err) {
          // This node's own store is down (the local follower could not apply): not the peer's failure.
          // What was sent already in this run (`done`) goes again later; the follower drops duplicates.
          if (isStoreUnavailable(err)) throw err;
          if (!this.#stopped && permanentRefusal(err)) {
            answered = true;
            if (body.length > 1) {
              this.#o.log.warn(
                { destination, roomId: body[0]!.roomId, entries: body.length, status: err.status, err: err.message },
                'notify body refused for good; sending its FanoutMessages one by one',
              );
              bodies.splice(i + 1, 0, ...body.map((entry) => [entry]));
            } else await this.#deadLetter(destination, body[0]!, err);
            continue;
          }
          if (done.length > 0) await store.markDelivered(destination, done);
          if (this.#stopped) return; // aborted by stop(): not the peer's failure; the entry stays queued
          const failures = done.length > 0 || answered ? 1 : attempts + 1;
          const retryAfterMs = err instanceof MimiHttpError && err.retryAfter !== null ? Math.min(err.retryAfter * 1000, MAX_RETRY_AFTER_MS) : 0;
          const delay = Math.max(backoffDelay(failures, this.#o.baseDelayMs, this.#o.maxDelayMs, this.#o.random), retryAfterMs);
          const message = err instanceof Error ? err.message : String(err);
          this.#o.log.warn(
            { destination, seq: String(body[0]!.seq), entries: body.length, attempts: failures, retryInMs: delay, err: message },
            'notify failed; retrying later',
          );
          await store.deferDestination({ destination, attempts: failures, nextAttemptAt: this.#o.now() + delay, lastError: message.slice(0, 500) });
          return;
        }
      }
      await store.markDelivered(destination, done);
      attempts = 0;
    }
  }

  /** Moves an entry the peer refused for good (alone) to the dead letters; the queue goes on without it. */
  async #deadLetter(destination: string, entry: OutboxEntry, err: MimiHttpError): Promise<void> {
    const error = (err.problem.detail ?? err.message).slice(0, MAX_DEAD_LETTER_ERROR);
    const id = await this.#o.store.deadLetter(destination, entry.seq, { status: err.status, error, at: this.#o.now() });
    this.#o.log.error(
      { destination, roomId: entry.roomId, seq: String(entry.seq), deadLetter: id === undefined ? null : String(id), status: err.status, err: error },
      'FanoutMessage refused for good by its destination: moved to the dead letters (mimi provider dead-letters)',
    );
  }

  /**
   * Takes or renews the destination's lease, but only when less than half of the one this node
   * holds is left: renewing for every batch cost a synced commit per batch (with short queues, as
   * many commits as the deliveries themselves in `npm run bench -- provider`). A lease with more
   * than leaseMs / 2 left is still this node's: the store gives it to no one else before it expires
   * (nodes' clocks must agree to well within leaseMs / 2).
   */
  async #lease(destination: string): Promise<boolean> {
    const now = this.#o.now();
    if ((this.#leasedUntil.get(destination) ?? 0) - now > this.#o.leaseMs / 2) return true;
    const until = now + this.#o.leaseMs;
    if (!(await this.#o.store.leaseDestination(destination, this.#o.node, until, now))) {
      this.#leasedUntil.delete(destination);
      return false;
    }
    this.#leasedUntil.set(destination, until);
    return true;
  }

  /** Sends entries of one room (notifyBodies) in one /notify; resolves once the peer answered 201. */
  async #send(destination: string, entries: readonly OutboxEntry[]): Promise<void> {
    const roomId = entries[0]!.roomId;
    if (destination === this.#o.domain) {
      await this.#o.local(roomId, entries);
      return;
    }
    // A /notify body is its FanoutMessages' encodings back to back, and each entry's body is the
    // encoding the hub stored when it accepted the message: sent as stored, not decoded and re-encoded.
    const body = new EncodedBody(concatBytes(entries.map((entry) => entry.body)));
    await this.#o.peers.get(destination).client.notify({ roomId }, body, { signal: this.#abort.signal });
  }
}
