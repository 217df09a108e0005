/**
 * Issue 16, fault 1: one of the hub's two nodes is killed with SIGKILL at a random point of the
 * protocol draft's example flow (the demo's: Alice creates the room and adds Bob's two clients,
 * Bob adds Cathy through the hub, everyone talks, Bob leaves, Cathy adds a device by External
 * Commit, they talk again) while the other node carries on. Afterwards the remaining clients agree
 * on the epoch and its authenticator, every message the hub acknowledged reached every member it
 * was for exactly once, no client read a message twice or one nobody sent, and all of them read
 * the room's messages in the same order. The killed node then comes back and nothing arrives twice.
 *
 * The random point: the seed picks the operation during which the kill lands and a delay into it.
 * Sends, reads, key-material requests and the hub's deliveries may be cut in the middle (a send
 * whose answer is lost is simply not acknowledged); a handshake (commit, proposal, External Commit)
 * is never in flight at the kill, because a commit whose answer is lost leaves its sender unsure
 * whether the room moved to the next epoch, which the agent does not resolve (a client concern,
 * not the provider's): the kill waits for handshakes in flight, and handshakes wait for the kill.
 */
import { describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { textMessage } from '@mimikit/content';
import { MimiHttpError } from '@mimikit/transport';
import {
  aliceBobCathy,
  DOMAINS,
  duplicates,
  faultSeed,
  type Member,
  ok,
  registerMembers,
  retrying,
  FAULT_ROLES,
  ADMIN,
  INVITER,
  PARTICIPANT,
  startFaultFederation,
  FAULT_TEST_TIMEOUT_MS,
} from '../support/fault-room.ts';

const ROOM = 'mimi://a.example/r/clubhouse';

describe('a hub node killed with SIGKILL during the demo flow', () => {
  it(
    'leaves the other node to carry on: the remaining clients agree and nothing acknowledged is lost or doubled',
    async () => {
      const { rng, note } = faultSeed('hub-node-kill');
      const f = await startFaultFederation();
      note('federation started');
      const [alice, bobPhone, cathy] = await aliceBobCathy(f.clientUrl);
      const [bobTablet, cathyDesktop] = await registerMembers(DOMAINS, [
        [f.clientUrl('b.example'), 'b.example', 'bob', 'tablet'],
        [f.clientUrl('c.example'), 'c.example', 'cathy', 'desktop'],
      ]);

      // The kill: during operation `killAt` (counted from 0), `killDelayMs` after it starts.
      const killAt = rng.below(40);
      const killDelayMs = rng.below(300);
      const victim = rng.below(f.hubNodes.length);
      note(`the kill: node ${victim + 1} during operation ${killAt}, ${killDelayMs} ms in`);
      let operation = 0;
      let handshakes = 0;
      let killing: Promise<void> | null = null;
      const kill = async (what: string) => {
        await new Promise((r) => setTimeout(r, killDelayMs));
        while (handshakes > 0) await new Promise((r) => setTimeout(r, 5));
        await f.killNode(victim);
        note(`node ${victim + 1} killed during "${what}"`);
      };
      /** Marks the start of one operation of the flow (the kill may land in it). */
      const step = (what: string) => {
        if (operation++ === killAt && killing === null) killing = kill(what);
      };
      /** A handshake: never in flight at the kill; retried when its request never reached a live node. */
      const handshake = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
        step(what);
        await killing;
        handshakes++;
        try {
          return await retrying(what, run);
        } finally {
          handshakes--;
        }
      };
      const sent: Array<{ text: string; from: Member; acknowledged: boolean; readers: Member[]; failure?: string }> = [];
      let n = 0;
      const send = async (from: Member, readers: Member[]) => {
        const text = `message ${n++} from ${from.agent.client}`;
        step(`send ${text}`);
        try {
          const { response } = await from.agent.send(ROOM, textMessage(text));
          sent.push({ text, from, acknowledged: response.statusCode === 'accepted', readers });
        } catch (err) {
          const failure = err instanceof MimiHttpError ? `${err.status} ${err.problem.detail ?? ''}` : String(err);
          sent.push({ text, from, acknowledged: false, readers, failure });
        }
      };
      /** Two sends at once by two different members (one member's sends are sequential): the kill may cut either. */
      const sendTwo = (members: Member[]) => {
        const first = rng.pick(members);
        return Promise.all([send(first, members), send(rng.pick(members.filter((m) => m !== first)), members)]);
      };
      /** Every reader has read every acknowledged message meant for it. */
      const readAll = (readers: Member[]) =>
        Promise.all(
          readers.map((m) => {
            const due = sent.filter((s) => s.acknowledged && s.from !== m && s.readers.includes(m)).map((s) => s.text);
            return m.until(`${due.length} messages`, () => due.every((t) => m.texts().includes(t)));
          }),
        );

      await handshake('Alice creates the room', () => alice.agent.createRoom({ roomUri: ROOM, roles: FAULT_ROLES, creatorRole: ADMIN }));
      step('Bob publishes KeyPackages');
      await retrying('Bob publishes', () => Promise.all([bobPhone, bobTablet].map((m) => m!.agent.publishKeyPackages(3))));
      step('Alice asks for Bob’s key material');
      const bobKeys = await retrying('key material of Bob', () => alice.agent.keyMaterial(bobPhone.agent.user, ROOM));
      await handshake('Alice adds Bob', async () =>
        ok('add Bob', await alice.agent.commit(ROOM, (m) => m.addParticipant({ user: bobPhone.agent.user, role: INVITER, keyPackages: bobKeys.keyPackages }))),
      );
      await Promise.all([bobPhone, bobTablet].map((m) => m!.until('the Welcome', () => m!.agent.rooms.has(ROOM))));

      step('Cathy publishes KeyPackages');
      await retrying('Cathy publishes', () => cathy.agent.publishKeyPackages(3));
      step('Bob asks the hub for Cathy’s key material');
      const cathyKeys = await retrying('key material of Cathy', () => bobPhone.agent.keyMaterial(cathy.agent.user, ROOM));
      await handshake('Bob adds Cathy', async () =>
        ok(
          'add Cathy',
          await bobPhone.agent.commit(ROOM, (m) => m.addParticipant({ user: cathy.agent.user, role: PARTICIPANT, keyPackages: cathyKeys.keyPackages })),
        ),
      );
      await cathy.until('the Welcome', () => cathy.agent.rooms.has(ROOM));
      await Promise.all([alice, bobTablet!].map((m) => m.reach(ROOM, bobPhone.epoch(ROOM))));

      const talkers = [alice, bobPhone, bobTablet!, cathy];
      for (let i = 0; i < 12; i++) await sendTwo(talkers);
      await readAll(talkers);

      const leave = await bobPhone.agent.rooms.get(ROOM)!.leave();
      await handshake('Bob proposes to leave', async () => ok('leave', await bobPhone.agent.propose(ROOM, leave)));
      await alice.until('Bob’s proposals', () => alice.events.some((e) => e.kind === 'proposal'));
      await handshake('Alice commits the leave', async () => ok('commit the leave', await alice.agent.commit(ROOM, (m) => m.commitPending())));
      await Promise.all([bobPhone, bobTablet!].map((m) => m.until('the removal', () => !m.agent.rooms.has(ROOM))));
      await cathy.reach(ROOM, alice.epoch(ROOM));

      await handshake('Cathy’s desktop joins by External Commit', async () => ok('external join', await cathyDesktop!.agent.joinExternally(ROOM)));
      await Promise.all([alice, cathy].map((m) => m.reach(ROOM, cathyDesktop!.epoch(ROOM))));
      const remaining = [alice, cathy, cathyDesktop!];
      for (let i = 0; i < 6; i++) await sendTwo(remaining);
      await readAll(remaining);
      // The kill has happened (at the latest now, if its point was past the end of the flow).
      if (killing === null) killing = kill('after the flow');
      await killing;
      note(`flow done; ${sent.filter((s) => s.acknowledged).length} of ${sent.length} sends acknowledged`);
      for (const s of sent) if (s.failure) note(`${s.text} failed: ${s.failure}`);

      // The killed node comes back (same id, same database): it must not deliver anything twice.
      await f.startNode(victim);
      note(`node ${victim + 1} restarted`);
      const everyone = [alice, bobPhone, bobTablet!, cathy, cathyDesktop!];
      await Promise.all(everyone.map((m) => m.pull(500)));

      const views = new Set(remaining.map((m) => `${m.epoch(ROOM)} ${toHex(m.agent.rooms.get(ROOM)!.epochAuthenticator())}`));
      expect([...views], 'one epoch and authenticator').toHaveLength(1);
      const attempted = new Set(sent.map((s) => s.text));
      for (const m of everyone) {
        const texts = m.texts();
        expect(duplicates(texts), `${m.agent.client} read nothing twice`).toEqual([]);
        expect(
          texts.filter((t) => !attempted.has(t)),
          `${m.agent.client} read only what was sent`,
        ).toEqual([]);
        const due = sent.filter((s) => s.acknowledged && s.from !== m && s.readers.includes(m)).map((s) => s.text);
        expect(
          due.filter((t) => !texts.includes(t)),
          `${m.agent.client} lost nothing acknowledged`,
        ).toEqual([]);
      }
      // One order for the room: any two clients read the messages they both read in the same order.
      for (const a of everyone)
        for (const b of everyone) {
          const common = new Set(a.texts().filter((t) => b.texts().includes(t)));
          expect(
            a.texts().filter((t) => common.has(t)),
            `${a.agent.client} and ${b.agent.client}`,
          ).toEqual(b.texts().filter((t) => common.has(t)));
        }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
