/**
 * What only several processes on one PostgreSQL database show: each test opens several store
 * instances (separate pools, as separate provider nodes would) on one database and races them.
 * The locks of the adapter (room row for acceptAtEpoch, recipients' client rows for applyInbound,
 * SKIP LOCKED for KeyPackages, the lease upsert) are what these tests prove.
 */
import type { ProviderStore, StoreChange } from '@mimikit/provider/store';
import { openPostgresStore } from '@mimikit/provider/store/postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusterPerFile, waitFor } from '../support/postgres-databases.ts';

const NOW = 1_760_000_000_000;
const ROOM = 'mimi://a.example/r/garden';
const text = (s: string) => new TextEncoder().encode(s);
const decode = (x: Uint8Array) => new TextDecoder().decode(x);
const NODES = 4;

const databases = clusterPerFile('nodes');

describe('several store instances on one PostgreSQL database', () => {
  let url: string;
  let nodes: ProviderStore[];
  beforeEach(async () => {
    url = await databases.migrated();
    nodes = await Promise.all(Array.from({ length: NODES }, (_, i) => openPostgresStore(url, { maxConnections: 3, location: `node-${i}` })));
  });
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await databases.drop(url);
  });
  const node = (i: number) => nodes[i % NODES]!;

  async function directory(clients: readonly string[]): Promise<void> {
    await node(0).putUser({ uri: 'mimi://a.example/u/alice', fields: {} });
    for (const [i, uri] of clients.entries()) {
      await node(i).registerClient({ uri, user: 'mimi://a.example/u/alice', tokenHash: text(uri), registeredAt: NOW });
    }
  }

  it('competing commits for one epoch from every node, 50 rounds: one winner each, the queue holds exactly the winners in order', async () => {
    await node(0).createRoom({ roomId: ROOM, epoch: 0n, cipherSuite: 1, groupInfo: text('gi'), ratchetTree: text('tree'), createdAt: NOW });
    const winners: string[] = [];
    for (let epoch = 0n; epoch < 50n; epoch++) {
      // Two competitors per node, all at once: 8 commits for this epoch.
      const labels = Array.from({ length: NODES * 2 }, (_, i) => `epoch ${epoch} from node ${i % NODES} #${i}`);
      const outcomes = await Promise.all(
        labels.map((label, i) =>
          node(i).acceptAtEpoch({
            roomId: ROOM,
            epoch,
            acceptedAt: NOW,
            next: { epoch: epoch + 1n, groupInfo: text(`gi ${label}`), ratchetTree: text(`tree ${label}`) },
            fanout: [
              { destination: 'b.example', body: text(label) },
              { destination: 'c.example', body: text(label) },
            ],
          }),
        ),
      );
      const won = outcomes.flatMap((o, i) => (o.accepted ? [labels[i]!] : []));
      expect(won, `epoch ${epoch}`).toHaveLength(1);
      for (const o of outcomes) if (!o.accepted) expect(o).toEqual({ accepted: false, currentEpoch: epoch + 1n });
      winners.push(won[0]!);
      // The room holds the winner's GroupInfo, whichever node reads it.
      expect(decode((await node(Number(epoch) + 1).getRoom(ROOM))!.groupInfo)).toBe(`gi ${won[0]}`);
    }
    expect((await node(2).roomHead(ROOM))?.epoch).toBe(50n);
    for (const destination of ['b.example', 'c.example']) {
      const queue = await node(3).outboxHead(destination, 1000);
      expect(queue.map((e) => decode(e.body))).toEqual(winners);
      for (let i = 1; i < queue.length; i++) expect(queue[i]!.seq > queue[i - 1]!.seq).toBe(true);
    }
  });

  it('concurrent KeyPackage claims from every node never hand one out twice', async () => {
    const laptop = 'mimi://a.example/d/alice/laptop';
    await directory([laptop]);
    await node(1).addKeyPackages(Array.from({ length: 30 }, (_, i) => ({ ref: text(`ref ${i}`), client: laptop, cipherSuite: 1, bytes: text(`kp ${i}`) })));
    const claim = { roomId: ROOM, requester: 'mimi://b.example/u/bob', at: NOW };
    const results = await Promise.all(Array.from({ length: 48 }, (_, i) => node(i).claimKeyPackage(laptop, [1], claim)));
    const claimed = results.flatMap((r) => (typeof r === 'string' ? [] : [decode(r.ref)]));
    expect(claimed).toHaveLength(30);
    expect(new Set(claimed).size).toBe(30);
    expect(results.filter((r) => r === 'exhausted')).toHaveLength(18);
    for (let i = 0; i < NODES; i++) expect(await node(i).claimKeyPackage(laptop, [1], claim)).toBe('exhausted');
  });

  it('inbound fanout racing from every node to overlapping clients: a reader acknowledging as it goes sees every item once, seqs increasing', async () => {
    const clients = ['a', 'b', 'c', 'd', 'e'].map((c) => `mimi://a.example/d/alice/${c}`);
    await directory(clients);
    // Rooms with overlapping subscribers: r0 {a b c}, r1 {b c d}, r2 {c d e}.
    const rooms = [0, 1, 2].map((r) => `mimi://a.example/r/room${r}`);
    const members = rooms.map((_, r) => clients.slice(r, r + 3));
    for (const [r, room] of rooms.entries()) for (const c of members[r]!) await node(r).subscribe(room, c);

    const expected = new Map(clients.map((c) => [c, new Set<string>()]));
    const writes: Promise<unknown>[] = [];
    for (let w = 0; w < NODES; w++) {
      writes.push(
        (async () => {
          for (let k = 0; k < 30; k++) {
            const r = (w + k) % 3;
            const label = `w${w} k${k}`;
            // Every third write names its recipients (a Welcome), the others go to the room's subscribers.
            const named = k % 3 === 0 ? [clients[(w + k) % clients.length]!, clients[(w + k + 2) % clients.length]!] : undefined;
            for (const c of named ?? members[r]!) expected.get(c)!.add(label);
            const fanout = { roomId: rooms[r]!, id: text(`id ${label}`), body: text(label), receivedAt: NOW, recipients: named ?? ('subscribers' as const) };
            if (k % 5 === 4) await node(w).applyInboundBatch([fanout]);
            else expect(await node(w).applyInbound(fanout)).toBe('applied');
          }
        })(),
      );
    }
    let writing = true;
    const writers = Promise.all(writes).finally(() => {
      writing = false;
    });

    // One reader per client on its own node, acknowledging everything it saw after each page.
    const seen = new Map(clients.map((c) => [c, [] as string[]]));
    const readers = clients.map(async (client, i) => {
      const reader = node(i + 1);
      let last = 0n;
      for (;;) {
        const done = !writing;
        const page = await reader.inbox(client, last, 7);
        for (const item of page) {
          expect(item.seq > last, `${client}: seq ${item.seq} after ${last}`).toBe(true);
          last = item.seq;
          seen.get(client)!.push(decode(item.body));
        }
        if (page.length > 0) await reader.acknowledgeInbox(client, last);
        // The writers had finished before this page was read, and it was not full: nothing is left.
        if (done && page.length < 7) return;
      }
    });
    await writers;
    await Promise.all(readers);
    for (const client of clients) {
      const got = seen.get(client)!;
      expect(new Set(got).size, `${client} got a duplicate`).toBe(got.length);
      expect(new Set(got), client).toEqual(expected.get(client));
      expect(await node(0).inbox(client, 0n, 1000)).toEqual([]);
    }
  });

  it('leases across nodes: one holder at a time; release and expiry hand the queue over', async () => {
    for (let round = 0; round < 20; round++) {
      const destination = `d${round}.example`;
      const granted = await Promise.all(nodes.map((n, i) => n.leaseDestination(destination, `node-${i}`, NOW + 30_000, NOW)));
      expect(granted.filter(Boolean), `round ${round}`).toHaveLength(1);
      const holder = granted.indexOf(true);
      const other = (holder + 1) % NODES;
      expect(await node(other).leaseDestination(destination, `node-${other}`, NOW + 30_000, NOW + 29_999)).toBe(false);
      expect(await node(holder).leaseDestination(destination, `node-${holder}`, NOW + 60_000, NOW + 1)).toBe(true);
      if (round % 2 === 0) {
        // Released by its holder: the next asker gets it.
        expect(await node(holder).leaseDestination(destination, `node-${holder}`, 0, NOW + 2)).toBe(true);
        expect(await node(other).leaseDestination(destination, `node-${other}`, NOW + 90_000, NOW + 3)).toBe(true);
      } else {
        // The holder vanished: once its lease ran out, the others race for it again, one wins.
        const retaken = await Promise.all(
          nodes.map((n, i) => (i === holder ? false : n.leaseDestination(destination, `node-${i}`, NOW + 120_000, NOW + 60_000))),
        );
        expect(retaken.filter(Boolean)).toHaveLength(1);
      }
      expect(await node(holder).leaseDestination(destination, `node-${holder}`, NOW + 200_000, NOW + 10)).toBe(false);
    }
  });

  it('every node agrees on the first secret stored, however many store one at once', async () => {
    const values = await Promise.all(nodes.flatMap((n, i) => [n.secret('franking-key', text(`key ${i}a`)), n.secret('franking-key', text(`key ${i}b`))]));
    expect(new Set(values.map(decode)).size).toBe(1);
  });

  it("watch: another node's commit is announced after it is committed (what the listener reads on the notice is there)", async () => {
    const laptop = 'mimi://a.example/d/alice/laptop';
    await directory([laptop]);
    await node(0).createRoom({ roomId: ROOM, epoch: 0n, cipherSuite: 1, groupInfo: text('gi'), ratchetTree: text('tree'), createdAt: NOW });
    await node(0).subscribe(ROOM, laptop);

    const watcher = node(1);
    const checks: Promise<unknown>[] = [];
    const changes: StoreChange[] = [];
    let outboxSeen = 0;
    let inboxSeen = 0;
    const stop = watcher.watch((change) => {
      changes.push(change);
      // Read at once, on the watcher's own connections: the write announced must be visible.
      if (change.kind === 'outbox') checks.push(watcher.outboxHead('b.example', 1000).then((q) => (outboxSeen = Math.max(outboxSeen, q.length))));
      else checks.push(watcher.inbox(laptop, 0n, 1000).then((items) => (inboxSeen = Math.max(inboxSeen, items.length))));
    });
    // The listener connects lazily on the first watch: wait until it hears a change of its own making.
    await waitFor(async () => {
      await node(0).acknowledgeInbox(laptop, 0n);
      await node(2).leaseDestination('warm-up.example', 'node-2', 0, NOW);
      return changes.some((c) => c.kind === 'outbox');
    });
    changes.length = 0;
    // A refused write (unknown recipient) and a stale commit announce nothing.
    await expect(
      node(2).applyInbound({ roomId: ROOM, id: text('bad'), body: text('bad'), receivedAt: NOW, recipients: ['mimi://a.example/d/nobody/x'] }),
    ).rejects.toMatchObject({
      code: 'unknown-reference',
    });
    expect(
      await node(2).acceptAtEpoch({ roomId: ROOM, epoch: 7n, acceptedAt: NOW, fanout: [{ destination: 'b.example', body: text('stale') }] }),
    ).toMatchObject({ accepted: false });

    for (let i = 0; i < 10; i++) {
      const writer = node(i % 2 === 0 ? 0 : 2);
      await writer.acceptAtEpoch({ roomId: ROOM, epoch: 0n, acceptedAt: NOW, fanout: [{ destination: 'b.example', body: text(`m${i}`) }] });
      await writer.applyInbound({ roomId: ROOM, id: text(`id ${i}`), body: text(`in ${i}`), receivedAt: NOW, recipients: 'subscribers' });
      const wanted = i + 1;
      await waitFor(async () => {
        await Promise.all(checks);
        return outboxSeen >= wanted && inboxSeen >= wanted;
      });
    }
    stop();
    expect(changes).toContainEqual({ kind: 'inbox', clients: [laptop] });
    // Nothing before the first real write: the refused and the stale ones were never announced.
    expect(changes[0]).toEqual({ kind: 'outbox' });
    expect(outboxSeen).toBe(10);
    expect(inboxSeen).toBe(10);
  });
});
