/**
 * Issue 16, fault 4: a follower partitioned from the hub for a while (its federation port closed,
 * its process and its clients' API still up), then healed. Meanwhile the hub acknowledges messages
 * in two rooms, from its own client and from another follower's; once the port is open again the
 * partitioned follower's client gets every one of them exactly once, in each room's order.
 */
import { describe, expect, it } from 'vitest';
import { textMessage } from '@mimikit/content';
import { aliceBobCathy, duplicates, faultSeed, ok, openRoom, startFaultFederation, FAULT_TEST_TIMEOUT_MS } from '../support/fault-room.ts';

const ROOMS = ['mimi://a.example/r/one', 'mimi://a.example/r/two'];
describe('a follower partitioned from the hub, then healed', () => {
  it(
    'receives everything acknowledged meanwhile exactly once, in order per room',
    async () => {
      const { rng, note } = faultSeed('follower-partition');
      const f = await startFaultFederation();
      note('federation started');
      const [alice, bob, cathy] = await aliceBobCathy(f.clientUrl);
      for (const room of ROOMS) await openRoom(room, alice, [[bob], [cathy]]);

      await f.gate('b.example').partition();
      note('b.example cut off');
      // Sent while b.example is cut off: by Alice (the hub's own client) and Cathy (through c.example), in both rooms.
      const sent = new Map<string, string[]>(ROOMS.map((r) => [r, []]));
      const count = rng.between(10, 20);
      for (let i = 0; i < count; i++) {
        const room = rng.pick(ROOMS);
        const from = rng.pick([alice, cathy]);
        const text = `${i} from ${from.agent.user} in ${room}`;
        ok(text, (await from.agent.send(room, textMessage(text))).response);
        sent.get(room)!.push(text);
      }
      // Alice reads them all (the hub delivered them) while Bob's port stays closed.
      const all = [...sent.values()].flat();
      await alice.until('every message', () => all.every((t) => alice.texts().includes(t) || t.includes(alice.agent.user)));
      await bob.pull(0);
      expect(bob.texts(), 'nothing crosses a closed port').toEqual([]);
      const partitionMs = rng.between(200, 2500);
      await new Promise((r) => setTimeout(r, partitionMs));

      await f.gate('b.example').heal();
      note('b.example back');
      await bob.until(`all ${all.length} messages`, () => bob.texts().length >= all.length);
      for (const room of ROOMS) expect(bob.texts(room), room).toEqual(sent.get(room));
      // Nothing more arrives: each was applied once.
      await bob.pull(500);
      expect(duplicates(bob.texts())).toEqual([]);
      expect(bob.texts()).toHaveLength(all.length);
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
