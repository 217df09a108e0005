/**
 * Issue 16, fault 3: the database crashes in the middle of the flow (PostgreSQL stopped in
 * immediate mode, its data kept) and comes back a while later. Alice (at the hub's two nodes,
 * through their balancer) and Cathy (at c.example) keep sending all along. While the database is
 * down every node reports not-ready (/readyz 503 with Retry-After) and answers new work with 503
 * and a Retry-After, never another error: no 500 to a client, none to a peer. Once it is back, the
 * nodes are ready again by themselves, and Bob receives every message that was acknowledged,
 * before, during (none can be) and after the outage, exactly once and in each sender's order.
 */
import { describe, expect, it } from 'vitest';
import { textMessage } from '@mimikit/content';
import { MimiHttpError } from '@mimikit/transport';
import { aliceBobCathy, duplicates, faultSeed, type Member, openRoom, startFaultFederation, FAULT_TEST_TIMEOUT_MS, WAIT_MS } from '../support/fault-room.ts';
import { readiness } from '../support/nodes.ts';

const ROOM = 'mimi://a.example/r/outage';

/** Polls `check` every 50 ms until it holds, for `timeoutMs` at most. */
async function eventually(what: string, check: () => Promise<boolean>, timeoutMs = WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the database restarted mid-flow', () => {
  it(
    'makes the nodes refuse work with 503 and Retry-After, lose nothing acknowledged, and recover by themselves',
    async () => {
      const { rng, note } = faultSeed('database-restart');
      const f = await startFaultFederation();
      note('federation started');
      const postgres = f.postgres!;
      const [alice, bob, cathy] = await aliceBobCathy(f.clientUrl);
      await openRoom(ROOM, alice, [[bob], [cathy]]);
      const clientApis = [...f.hubNodes.map((n) => n.clientUrl), ...[...f.followers.values()].map((n) => n.clientUrl)];

      /** Each sender's sends, in order, with what became of each. */
      const outcomes: Array<{ text: string; from: Member; startedAt: number; result: 'accepted' | 'refused 503' | string }> = [];
      let sending = true;
      const sender = async (from: Member) => {
        for (let i = 0; sending; i++) {
          const text = `${i} from ${from.agent.user}`;
          const startedAt = Date.now();
          try {
            const { response } = await from.agent.send(ROOM, textMessage(text));
            outcomes.push({ text, from, startedAt, result: response.statusCode === 'accepted' ? 'accepted' : `answered ${response.statusCode}` });
          } catch (err) {
            const refused = err instanceof MimiHttpError && err.status === 503 && err.retryAfter !== null && err.retryAfter >= 1;
            outcomes.push({
              text,
              from,
              startedAt,
              result: refused ? 'refused 503' : `failed: ${err instanceof MimiHttpError ? `${err.status} retry-after ${err.retryAfter}` : err}`,
            });
            if (refused) await new Promise((r) => setTimeout(r, 150));
          }
        }
      };
      const senders = [sender(alice), sender(cathy)];

      // The crash lands after a random number of acknowledged sends, a random moment after the last.
      const before = rng.between(1, 12);
      await eventually(`${before} sends are acknowledged`, async () => outcomes.filter((o) => o.result === 'accepted').length >= before);
      await new Promise((r) => setTimeout(r, rng.below(200)));
      note(`database stopped after ${outcomes.length} sends`);
      await postgres.stopServer('immediate');
      const acceptedBefore = outcomes.filter((o) => o.result === 'accepted').length;
      // Every node of every domain finds out and says so.
      for (const url of clientApis) {
        await eventually(`${url} is not ready`, async () => (await readiness(url)).status === 503);
        const r = await readiness(url);
        expect(r.retryAfter, `${url}: /readyz Retry-After`).toMatch(/^[1-9][0-9]*$/);
      }
      // New work is refused with 503 and Retry-After while the database is away.
      const downSince = Date.now();
      const sentWhileDown = () => outcomes.filter((o) => o.startedAt >= downSince);
      await eventually('sends are refused', async () => sentWhileDown().filter((o) => o.from === alice && o.result === 'refused 503').length >= 2);
      await new Promise((r) => setTimeout(r, rng.between(200, 2000)));
      const duringOutage = sentWhileDown();
      expect(
        duringOutage.filter((o) => o.result === 'accepted'),
        'nothing is acknowledged while the database is down',
      ).toEqual([]);

      note(`every node is not ready; ${duringOutage.length} sends refused`);
      await postgres.startServer();
      note('database started');
      for (const url of clientApis) await eventually(`${url} is ready again`, async () => (await readiness(url)).status === 200);
      note('every node is ready again');
      const upSince = Date.now();
      await eventually('sends are accepted again', async () => outcomes.filter((o) => o.startedAt >= upSince && o.result === 'accepted').length >= 4);
      sending = false;
      await Promise.all(senders);
      console.log(
        `database-restart: ${outcomes.length} sends, ${acceptedBefore} accepted before the outage, ${outcomes.filter((o) => o.result === 'refused 503').length} refused with 503`,
      );

      // No other answer than success or 503 + Retry-After, to a client or to a peer.
      expect(outcomes.filter((o) => o.result !== 'accepted' && o.result !== 'refused 503')).toEqual([]);
      for (const [id, counts] of f.federationStatuses())
        expect(
          [...counts.keys()].filter((s) => s >= 500 && s !== 503),
          `${id} answered peers`,
        ).toEqual([]);

      note('senders stopped');
      // Everything acknowledged reaches Bob, once, in each sender's order.
      const accepted = outcomes.filter((o) => o.result === 'accepted');
      await bob.until(`${accepted.length} messages`, () => accepted.every((o) => bob.texts().includes(o.text)));
      await bob.pull(500);
      expect(duplicates(bob.texts())).toEqual([]);
      const attempted = new Set(outcomes.map((o) => o.text));
      expect(bob.texts().filter((t) => !attempted.has(t))).toEqual([]);
      for (const from of [alice, cathy]) {
        const mine = new Set(outcomes.filter((o) => o.from === from).map((o) => o.text));
        const order = outcomes.filter((o) => o.from === from && bob.texts().includes(o.text)).map((o) => o.text);
        expect(
          bob.texts().filter((t) => mine.has(t)),
          `${from.agent.user}'s messages in the order sent`,
        ).toEqual(order);
      }
    },
    FAULT_TEST_TIMEOUT_MS,
  );
});
