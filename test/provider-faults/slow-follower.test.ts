/**
 * Issue 16, fault 5: a slow follower does not slow delivery to the others. b.example's port
 * accepts connections but passes no byte (a peer stalled to silence: the hub's requests to it hang
 * until their deadline); meanwhile every message the hub acknowledges reaches c.example's client,
 * while b.example's has received none. Asserted by completion, not by time: the fast follower gets
 * all of them while the stalled one is still stalled. Once its bytes flow again, the slow follower
 * gets every message exactly once, in order.
 */
import { describe, expect, it } from 'vitest';
import { textMessage } from '@mimikit/content';
import { aliceBobCathy, duplicates, faultSeed, ok, openRoom, startFaultFederation, FAULT_TEST_TIMEOUT_MS } from '../support/fault-room.ts';

const ROOM = 'mimi://a.example/r/slow';

describe('a slow follower', () => {
  it(
    'does not hold up delivery to the other followers, and gets everything once it speeds up',
    async () => {
      const { rng, note } = faultSeed('slow-follower');
      const f = await startFaultFederation();
      note('federation started');
      const [alice, bob, cathy] = await aliceBobCathy(f.clientUrl);
      await openRoom(ROOM, alice, [[bob], [cathy]]);

      const gate = f.gate('b.example');
      gate.stall();
      note('b.example cut off');
      const sent: string[] = [];
      const count = rng.between(10, 30);
      // Sent one after the other, some waiting for Cathy to read them first: deliveries to c.example
      // interleave with the hub's attempts at b.example (several /notify rounds, not one batch).
      for (let i = 0; i < count; i++) {
        const text = `message ${i}`;
        ok(text, (await alice.agent.send(ROOM, textMessage(text))).response);
        sent.push(text);
        if (rng.chance(0.3)) await cathy.until(text, () => cathy.texts().includes(text));
      }
      await cathy.until(`all ${count} messages`, () => cathy.texts().length >= count);
      expect(cathy.texts()).toEqual(sent);
      await bob.pull(0);
      expect(bob.texts(), 'nothing passed the stalled port').toEqual([]);
      expect(gate.accepted(), 'the hub kept trying b.example').toBeGreaterThan(0);

      gate.release();
      note('b.example back');
      await bob.until(`all ${count} messages`, () => bob.texts().length >= count);
      expect(bob.texts()).toEqual(sent);
      await bob.pull(500);
      expect(duplicates(bob.texts())).toEqual([]);
      expect(bob.texts()).toHaveLength(count);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
