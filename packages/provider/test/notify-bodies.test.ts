/**
 * How a destination's queue is cut into /notify bodies: consecutive entries of one room, at most
 * `maxEntries` and `maxBytes` per body, in queue order.
 */
import { describe, expect, it } from 'vitest';
import { notifyBodies } from '../src/delivery/notify-bodies.ts';
import type { OutboxEntry } from '../src/store/index.ts';

let seq = 0n;
const entry = (roomId: string, size = 1): OutboxEntry => ({ destination: 'b.example', seq: ++seq, roomId, body: new Uint8Array(size), enqueuedAt: 0 });
const shape = (bodies: OutboxEntry[][]) => bodies.map((b) => b.map((e) => `${e.roomId}:${e.body.length}`));

describe('notifyBodies', () => {
  it('puts consecutive entries of one room in one body, and starts a new body where the room changes', () => {
    const queue = [entry('r1'), entry('r1'), entry('r2'), entry('r1'), entry('r1')];
    const bodies = notifyBodies(queue, 32, 1000);
    expect(shape(bodies)).toEqual([['r1:1', 'r1:1'], ['r2:1'], ['r1:1', 'r1:1']]);
    // Queue order is kept across bodies.
    expect(bodies.flat()).toEqual(queue);
  });

  it('carries at most maxEntries per body', () => {
    expect(shape(notifyBodies([entry('r'), entry('r'), entry('r'), entry('r'), entry('r')], 2, 1000)).map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('stays within maxBytes; an entry larger than maxBytes goes alone', () => {
    expect(shape(notifyBodies([entry('r', 40), entry('r', 60), entry('r', 1), entry('r', 200), entry('r', 10)], 32, 100))).toEqual([
      ['r:40', 'r:60'],
      ['r:1'],
      ['r:200'],
      ['r:10'],
    ]);
  });

  it('an empty queue is no body', () => {
    expect(notifyBodies([], 32, 100)).toEqual([]);
  });
});
