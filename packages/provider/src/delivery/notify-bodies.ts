/**
 * How a destination's queue is cut into /notify bodies: runs of consecutive entries of ONE room
 * (the draft lets a body carry several FanoutMessages of the same room), at most `maxEntries` each
 * and under `maxBytes` together. Runs keep the queue's order, so sending them one after another
 * keeps the destination's order.
 */
import type { OutboxEntry } from '../store/index.ts';

/**
 * The runs of `entries` (in queue order). An entry larger than `maxBytes` on its own still forms a
 * body of one: it was accepted, so it is sent as it was before batching, and the peer decides.
 */
export function notifyBodies(entries: readonly OutboxEntry[], maxEntries: number, maxBytes: number): OutboxEntry[][] {
  const bodies: OutboxEntry[][] = [];
  let current: OutboxEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const first = current[0];
    if (first && (first.roomId !== entry.roomId || current.length >= maxEntries || bytes + entry.body.length > maxBytes)) {
      bodies.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.body.length;
  }
  if (current.length > 0) bodies.push(current);
  return bodies;
}
