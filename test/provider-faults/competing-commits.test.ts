/**
 * Issue 16, fault 2: competing commits for one epoch, sent to different hub nodes at the same
 * instant, round after round. Alice's client talks to hub node 1, Dave's to hub node 2 (both
 * a.example users), Bob's goes through b.example and the hub's balancer: each round all three
 * rename the room from the same epoch at once. Exactly one commit wins each round, the others get
 * wrongEpoch (the agent then rolls its state back), and everyone, Cathy watching from c.example
 * included, ends each round and the run on the same epoch with the same epoch authenticator:
 * never a fork.
 */
import { describe, expect, it } from 'vitest';
import { encodeUtf8, toHex } from '@mimikit/bytes';
import { DOMAINS, faultSeed, type Member, openRoom, registerMembers, startFaultFederation, FAULT_TEST_TIMEOUT_MS } from '../support/fault-room.ts';

const ROOM = 'mimi://a.example/r/race';
const ROUNDS = 30;

describe('competing commits for one epoch at different hub nodes', () => {
  it(
    `have exactly one winner in each of ${ROUNDS} rounds and never fork the room`,
    async () => {
      const { rng, note } = faultSeed('competing-commits');
      const fed = await startFaultFederation(['alice', 'bob', 'cathy', 'dave']);
      const [node1, node2] = fed.hubNodes;
      const [alice, dave, bob, cathy] = (await registerMembers(DOMAINS, [
        [node1!.clientUrl, 'a.example', 'alice', 'laptop'],
        [(node2 ?? node1)!.clientUrl, 'a.example', 'dave', 'laptop'],
        [fed.clientUrl('b.example'), 'b.example', 'bob', 'laptop'],
        [fed.clientUrl('c.example'), 'c.example', 'cathy', 'laptop'],
      ])) as [Member, Member, Member, Member];
      await openRoom(ROOM, alice, [[dave], [bob], [cathy]]);
      const everyone = [alice, dave, bob, cathy];
      note('room open');
      const racers = [alice, dave, bob];

      const wins = new Map<string, number>();
      for (let round = 1; round <= ROUNDS; round++) {
        const from = alice.epoch(ROOM);
        for (const m of everyone) expect(m.epoch(ROOM), `${m.agent.client} before round ${round}`).toBe(from);
        // The racers in a random order, each after a random 0-2 ms: the requests overlap at the nodes.
        const order = [...racers].sort(() => rng.below(3) - 1);
        const answers = await Promise.all(
          order.map(async (m) => {
            await new Promise((r) => setTimeout(r, rng.below(3)));
            const name = encodeUtf8(`round ${round} by ${m.agent.user}`);
            return { m, answer: await m.agent.commit(ROOM, (member) => member.changeMetadata({ room_name: { string: name } })) };
          }),
        );
        const winners = answers.filter((a) => a.answer.responseCode === 'success');
        expect(winners, `round ${round}: ${answers.map((a) => `${a.m.agent.user} ${a.answer.responseCode}`).join(', ')}`).toHaveLength(1);
        for (const a of answers) if (a.answer.responseCode !== 'success') expect(a.answer.responseCode).toBe('wrongEpoch');
        const winner = winners[0]!.m;
        wins.set(winner.agent.user, (wins.get(winner.agent.user) ?? 0) + 1);
        expect(winner.epoch(ROOM)).toBe(from + 1n);
        await Promise.all(everyone.map((m) => m.reach(ROOM, from + 1n)));
        const views = new Set(everyone.map((m) => `${m.epoch(ROOM)} ${toHex(m.agent.rooms.get(ROOM)!.epochAuthenticator())}`));
        expect([...views], `round ${round}: one epoch, one authenticator`).toHaveLength(1);
        if (round % 10 === 0) note(`${round} rounds`);
      }
      note(`wins per racer ${JSON.stringify(Object.fromEntries(wins))}`);
      // Nothing is left over: no client has a handshake of a losing commit waiting.
      for (const m of everyone) {
        await m.pull(0);
        expect(m.epoch(ROOM)).toBe(alice.epoch(ROOM));
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
