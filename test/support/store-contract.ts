/**
 * The ProviderStore contract: what every store adapter must do, as vitest tests. An adapter's test
 * file calls `describeStoreContract(name, factory)` (test/provider/store-sqlite.test.ts for SQLite);
 * docs/provider-store.md says how to write an adapter and run this against it.
 *
 * The factory is async and returns a handle that can open the same store again after close (the
 * persistence tests reopen it) and remove it afterwards: for SQLite a file in a temporary folder,
 * for PostgreSQL a fresh schema or database that `cleanup` drops.
 */
import { MAX_DEAD_LETTER_ERROR, type ProviderStore, StoreError, type StoreErrorCode } from '@mimikit/provider/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

export interface StoreUnderTest {
  /** Opens the store: empty the first time, with everything committed before on every later call. */
  open(): Promise<ProviderStore>;
  /** Deletes the store. The suite has closed every store it opened before calling it. */
  cleanup(): Promise<void>;
}

/** Makes a new, empty store for one test. */
export type StoreFactory = () => Promise<StoreUnderTest>;

const NOW = 1_760_000_000_000;
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://a.example/u/bob';
const LAPTOP = 'mimi://a.example/d/alice/laptop';
const PHONE = 'mimi://a.example/d/alice/phone';
const BOB_DESKTOP = 'mimi://a.example/d/bob/desktop';
const ROOM = 'mimi://a.example/r/garden';
const OTHER_ROOM = 'mimi://a.example/r/shed';

const b = (...xs: number[]) => Uint8Array.from(xs);
const text = (s: string) => new TextEncoder().encode(s);
const decode = (x: Uint8Array) => new TextDecoder().decode(x);

/** Expects `promise` to reject with a StoreError of `code`. */
async function rejectsWith(promise: Promise<unknown>, code: StoreErrorCode): Promise<StoreError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected a StoreError '${code}'`).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
  return err as StoreError;
}

async function withDirectory(store: ProviderStore): Promise<void> {
  await store.putUser({ uri: ALICE, fields: { handle: 'alice', displayName: 'Alice' } });
  await store.putUser({ uri: BOB, fields: { handle: 'bob' } });
  await Promise.all([
    store.registerClient({ uri: LAPTOP, user: ALICE, tokenHash: b(1), registeredAt: NOW }),
    store.registerClient({ uri: PHONE, user: ALICE, tokenHash: b(2), registeredAt: NOW + 1 }),
    store.registerClient({ uri: BOB_DESKTOP, user: BOB, tokenHash: b(3), registeredAt: NOW + 2 }),
  ]);
}

function room(roomId: string, epoch = 0n) {
  return { roomId, epoch, cipherSuite: 1, groupInfo: text(`gi ${epoch}`), ratchetTree: text(`tree ${epoch}`), createdAt: NOW };
}

/** A commit at `epoch` fanning `label` out to each destination. */
function commit(roomId: string, epoch: bigint, destinations: readonly string[], label = `${roomId}@${epoch}`) {
  return {
    roomId,
    epoch,
    acceptedAt: NOW,
    next: { epoch: epoch + 1n, groupInfo: text(`gi ${epoch + 1n}`), ratchetTree: text(`tree ${epoch + 1n}`) },
    fanout: destinations.map((destination) => ({ destination, body: text(label) })),
  };
}

/** A message (no epoch change) at `epoch` fanning `label` out. */
function message(roomId: string, epoch: bigint, destinations: readonly string[], label: string) {
  return { roomId, epoch, acceptedAt: NOW, fanout: destinations.map((destination) => ({ destination, body: text(label) })) };
}

function inbound(roomId: string, label: string, recipients: 'subscribers' | string[] = 'subscribers', subscribe?: string[]) {
  return { roomId, id: text(`id:${label}`), body: text(label), receivedAt: NOW, recipients, ...(subscribe ? { subscribe } : {}) };
}

export function describeStoreContract(adapterName: string, factory: StoreFactory): void {
  describe(`ProviderStore contract: ${adapterName}`, () => {
    let target: StoreUnderTest;
    let opened: ProviderStore[];
    let store: ProviderStore;
    const open = async () => {
      const s = await target.open();
      opened.push(s);
      return s;
    };
    const reopen = async () => {
      await store.close();
      store = await open();
      return store;
    };

    beforeEach(async () => {
      target = await factory();
      opened = [];
      store = await open();
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
      await target.cleanup();
    });

    describe('directory', () => {
      it('stores users; putUser again replaces the fields', async () => {
        await store.putUser({ uri: ALICE, fields: { handle: 'alice', email: 'alice@a.example' } });
        expect(await store.getUser(ALICE)).toEqual({ uri: ALICE, fields: { handle: 'alice', email: 'alice@a.example' } });
        await store.putUser({ uri: ALICE, fields: { handle: 'alice2' } });
        expect(await store.getUser(ALICE)).toEqual({ uri: ALICE, fields: { handle: 'alice2' } });
        expect(await store.getUser(BOB)).toBeUndefined();
      });

      it('refuses a field value that is not a string (never stores it converted)', async () => {
        await rejectsWith(store.putUser({ uri: ALICE, fields: { handle: 1.5 as unknown as string } }), 'invalid-argument');
        expect(await store.getUser(ALICE)).toBeUndefined();
      });

      it('finds users by exact field value, in URI order', async () => {
        await store.putUser({ uri: BOB, fields: { nick: 'gardener' } });
        await store.putUser({ uri: ALICE, fields: { nick: 'gardener', handle: 'gardener2' } });
        await store.putUser({ uri: 'mimi://a.example/u/carol', fields: { nick: 'Gardener' } });
        const found = await store.findUsers('nick', 'gardener');
        expect(found.map((u) => u.uri)).toEqual([ALICE, BOB]);
        expect(found[0]!.fields).toEqual({ nick: 'gardener', handle: 'gardener2' });
        expect(await store.findUsers('handle', 'gardener')).toEqual([]);
        expect(await store.findUsers('nick', 'garden')).toEqual([]);
      });

      it('registers clients, finds them by token hash and by user', async () => {
        await withDirectory(store);
        expect(await store.clientByTokenHash(b(2))).toEqual({ uri: PHONE, user: ALICE, tokenHash: b(2), registeredAt: NOW + 1 });
        expect(await store.clientByTokenHash(b(9))).toBeUndefined();
        expect((await store.clientsOf(ALICE)).map((c) => c.uri)).toEqual([LAPTOP, PHONE]);
        expect(await store.clientsOf('mimi://a.example/u/nobody')).toEqual([]);
      });

      it('refuses a client URI or token hash registered already, and a client of an unknown user', async () => {
        await withDirectory(store);
        await rejectsWith(store.registerClient({ uri: LAPTOP, user: ALICE, tokenHash: b(7), registeredAt: NOW }), 'conflict');
        await rejectsWith(store.registerClient({ uri: 'mimi://a.example/d/alice/tablet', user: ALICE, tokenHash: b(1), registeredAt: NOW }), 'conflict');
        await rejectsWith(
          store.registerClient({ uri: 'mimi://a.example/d/nobody/x', user: 'mimi://a.example/u/nobody', tokenHash: b(8), registeredAt: NOW }),
          'unknown-reference',
        );
        expect(await store.clientByTokenHash(b(7))).toBeUndefined();
        expect((await store.clientsOf(ALICE)).map((c) => c.uri)).toEqual([LAPTOP, PHONE]);
      });

      it('a failing write rejects alone: the writes made with it are stored', async () => {
        await withDirectory(store);
        const results = await Promise.allSettled([
          store.putUser({ uri: 'mimi://a.example/u/carol', fields: { handle: 'carol' } }),
          store.registerClient({ uri: LAPTOP, user: ALICE, tokenHash: b(7), registeredAt: NOW }),
          store.putUser({ uri: 'mimi://a.example/u/dave', fields: { handle: 'dave' } }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.getUser('mimi://a.example/u/carol')).toBeDefined();
        expect(await store.getUser('mimi://a.example/u/dave')).toBeDefined();
      });
    });

    describe('KeyPackages', () => {
      const kp = (n: number, client: string, cipherSuite: number) => ({ ref: b(0xaa, n), client, cipherSuite, bytes: text(`kp ${n}`) });
      const claim = { roomId: ROOM, requester: 'mimi://b.example/u/bob', at: NOW };

      it('claims the oldest unclaimed KeyPackage in an acceptable suite, once', async () => {
        await withDirectory(store);
        await store.addKeyPackages([kp(1, LAPTOP, 2), kp(2, LAPTOP, 1), kp(3, PHONE, 1), kp(4, LAPTOP, 1)]);
        expect(await store.claimKeyPackage(LAPTOP, [1], claim)).toEqual(kp(2, LAPTOP, 1));
        expect(await store.claimKeyPackage(LAPTOP, [1, 3], claim)).toEqual(kp(4, LAPTOP, 1));
        expect(await store.claimKeyPackage(LAPTOP, [1], claim)).toBe('incompatible');
        expect(await store.claimKeyPackage(LAPTOP, [], claim)).toBe('incompatible');
        expect(await store.claimKeyPackage(LAPTOP, [2, 1], claim)).toEqual(kp(1, LAPTOP, 2));
        expect(await store.claimKeyPackage(LAPTOP, [2, 1], claim)).toBe('exhausted');
        expect(await store.claimKeyPackage(BOB_DESKTOP, [1], claim)).toBe('exhausted');
        expect(await store.claimKeyPackage(PHONE, [1], claim)).toEqual(kp(3, PHONE, 1));
      });

      it('knows the owner of a KeyPackage, claimed or not', async () => {
        await withDirectory(store);
        await store.addKeyPackages([kp(1, LAPTOP, 1), kp(2, PHONE, 1)]);
        await store.claimKeyPackage(LAPTOP, [1], claim);
        expect(await store.keyPackageOwner(b(0xaa, 1))).toBe(LAPTOP);
        expect(await store.keyPackageOwner(b(0xaa, 2))).toBe(PHONE);
        expect(await store.keyPackageOwner(b(0xaa, 3))).toBeUndefined();
      });

      it('adds a list atomically: a duplicate ref or an unknown client adds none of it', async () => {
        await withDirectory(store);
        await store.addKeyPackages([kp(1, LAPTOP, 1)]);
        await rejectsWith(store.addKeyPackages([kp(2, LAPTOP, 1), kp(1, PHONE, 1)]), 'conflict');
        await rejectsWith(store.addKeyPackages([kp(3, LAPTOP, 1), kp(4, 'mimi://a.example/d/nobody/x', 1)]), 'unknown-reference');
        expect(await store.keyPackageOwner(b(0xaa, 2))).toBeUndefined();
        expect(await store.keyPackageOwner(b(0xaa, 3))).toBeUndefined();
        expect(await store.keyPackageOwner(b(0xaa, 1))).toBe(LAPTOP);
      });

      it('concurrent claims never get the same KeyPackage', async () => {
        await withDirectory(store);
        await store.addKeyPackages(Array.from({ length: 6 }, (_, i) => kp(i, LAPTOP, 1)));
        const results = await Promise.all(Array.from({ length: 9 }, () => store.claimKeyPackage(LAPTOP, [1], claim)));
        const claimed = results.filter((r) => typeof r !== 'string');
        expect(new Set(claimed.map((r) => r.ref[1])).size).toBe(6);
        expect(results.filter((r) => r === 'exhausted')).toHaveLength(3);
      });

      it('adds KeyPackages claimed already (a consent grant handed them out): never claimed again, their owner known', async () => {
        await withDirectory(store);
        await store.addKeyPackages([kp(1, LAPTOP, 1)], claim);
        expect(await store.keyPackageOwner(b(0xaa, 1))).toBe(LAPTOP);
        expect(await store.claimKeyPackage(LAPTOP, [1], claim)).toBe('exhausted');
        await store.addKeyPackages([kp(2, LAPTOP, 1)]);
        expect(await store.claimKeyPackage(LAPTOP, [1], claim)).toEqual(kp(2, LAPTOP, 1));
        await rejectsWith(store.addKeyPackages([kp(3, LAPTOP, 1)], { ...claim, at: -1 }), 'invalid-argument');
      });

      it('refuses a cipher suite that is not a uint16', async () => {
        await withDirectory(store);
        await rejectsWith(store.addKeyPackages([kp(1, LAPTOP, 70_000)]), 'invalid-argument');
        await rejectsWith(store.claimKeyPackage(LAPTOP, [-1], claim), 'invalid-argument');
      });
    });

    describe('consent', () => {
      const scope = { requester: BOB, target: ALICE, roomId: ROOM };

      it('keeps the latest entry per scope; any room (null) and one room are different scopes', async () => {
        await store.putConsent({ ...scope, state: 'request', at: NOW });
        await store.putConsent({ ...scope, state: 'grant', at: NOW + 1 });
        await store.putConsent({ ...scope, roomId: null, state: 'request', at: NOW + 2 });
        expect(await store.getConsent(scope)).toEqual({ ...scope, state: 'grant', at: NOW + 1 });
        expect(await store.getConsent({ ...scope, roomId: null })).toEqual({ ...scope, roomId: null, state: 'request', at: NOW + 2 });
        await store.putConsent({ ...scope, roomId: null, state: 'cancel', at: NOW + 3 });
        expect((await store.getConsent({ ...scope, roomId: null }))?.state).toBe('cancel');
        expect((await store.getConsent(scope))?.state).toBe('grant');
        await store.putConsent({ ...scope, state: 'revoke', at: NOW + 4 });
        expect((await store.getConsent(scope))?.state).toBe('revoke');
      });

      it('is directional and per room', async () => {
        await store.putConsent({ ...scope, state: 'grant', at: NOW });
        expect(await store.getConsent({ requester: ALICE, target: BOB, roomId: ROOM })).toBeUndefined();
        expect(await store.getConsent({ ...scope, roomId: OTHER_ROOM })).toBeUndefined();
        expect(await store.getConsent({ ...scope, roomId: '' })).toBeUndefined();
      });

      it('lists every scope between a requester and a target: any room first, then by room', async () => {
        await store.putConsent({ ...scope, roomId: OTHER_ROOM, state: 'revoke', at: NOW + 2 });
        await store.putConsent({ ...scope, state: 'grant', at: NOW });
        await store.putConsent({ ...scope, roomId: null, state: 'request', at: NOW + 1 });
        await store.putConsent({ requester: ALICE, target: BOB, roomId: null, state: 'grant', at: NOW });
        expect(await store.consentsBetween(BOB, ALICE)).toEqual([
          { ...scope, roomId: null, state: 'request', at: NOW + 1 },
          { ...scope, state: 'grant', at: NOW },
          { ...scope, roomId: OTHER_ROOM, state: 'revoke', at: NOW + 2 },
        ]);
        expect(await store.consentsBetween(BOB, 'mimi://a.example/u/nobody')).toEqual([]);
      });

      it('keeps the KeyPackages of a grant per scope, hands out one per client once, and replaces them with the next grant', async () => {
        const granted = (client: string, n: number, cipherSuite = 1) => ({ client, cipherSuite, bytes: text(`granted ${n}`) });
        await store.putGrantedKeyPackages(scope, [granted(PHONE, 1), granted(LAPTOP, 2), granted(LAPTOP, 3), granted(LAPTOP, 4, 2)], NOW);
        await store.putGrantedKeyPackages({ ...scope, roomId: null }, [granted(PHONE, 9)], NOW);
        expect(await store.takeGrantedKeyPackages(scope, [1])).toEqual([granted(LAPTOP, 2), granted(PHONE, 1)]);
        expect(await store.takeGrantedKeyPackages(scope, [1])).toEqual([granted(LAPTOP, 3)]);
        expect(await store.takeGrantedKeyPackages(scope, [1])).toEqual([]);
        expect(await store.takeGrantedKeyPackages(scope, [2, 1])).toEqual([granted(LAPTOP, 4, 2)]);
        // Concurrent takes never get the same one.
        await store.putGrantedKeyPackages(scope, [granted(PHONE, 5), granted(PHONE, 6)], NOW);
        const takes = await Promise.all([1, 2, 3].map(() => store.takeGrantedKeyPackages(scope, [1])));
        expect(
          takes
            .flat()
            .map((k) => decode(k.bytes))
            .sort(),
        ).toEqual(['granted 5', 'granted 6']);
        // A new grant (or a revoke: an empty list) replaces what was kept for the scope, and only that scope.
        await store.putGrantedKeyPackages(scope, [granted(PHONE, 7)], NOW + 1);
        await store.putGrantedKeyPackages(scope, [], NOW + 2);
        expect(await store.takeGrantedKeyPackages(scope, [1])).toEqual([]);
        expect(await store.takeGrantedKeyPackages({ ...scope, roomId: null }, [1])).toEqual([granted(PHONE, 9)]);
        await rejectsWith(store.putGrantedKeyPackages(scope, [granted(PHONE, 8, 70_000)], NOW), 'invalid-argument');
        await rejectsWith(store.takeGrantedKeyPackages(scope, [-1]), 'invalid-argument');
      });
    });

    describe('hub rooms', () => {
      it('creates a room once and reads it back, epochs exact beyond 2^53', async () => {
        const big = { ...room(ROOM), epoch: 2n ** 60n + 1n };
        expect(await store.createRoom(big)).toBe(true);
        expect(await store.createRoom({ ...room(ROOM), cipherSuite: 3 })).toBe(false);
        expect(await store.getRoom(ROOM)).toEqual(big);
        expect(await store.getRoom(OTHER_ROOM)).toBeUndefined();
        expect(await store.pendingProposals(ROOM)).toEqual([]);
      });

      it("roomHead is the room's current epoch and cipher suite, following its commits", async () => {
        expect(await store.roomHead(ROOM)).toBeUndefined();
        await store.createRoom({ ...room(ROOM), epoch: 2n ** 60n + 1n, cipherSuite: 3 });
        expect(await store.roomHead(ROOM)).toEqual({ epoch: 2n ** 60n + 1n, cipherSuite: 3 });
        expect(await store.acceptAtEpoch(commit(ROOM, 2n ** 60n + 1n, []))).toEqual({ accepted: true });
        expect(await store.roomHead(ROOM)).toEqual({ epoch: 2n ** 60n + 2n, cipherSuite: 3 });
        expect(await store.roomHead(OTHER_ROOM)).toBeUndefined();
      });

      it('a commit moves the room one epoch, replaces GroupInfo and tree, drops the pending proposals', async () => {
        await store.createRoom(room(ROOM));
        const proposal = (n: number) => ({ roomId: ROOM, epoch: 0n, acceptedAt: NOW + n, proposals: [{ message: b(n), acceptedAt: NOW + n }], fanout: [] });
        expect(await store.acceptAtEpoch(proposal(1))).toEqual({ accepted: true });
        expect(await store.acceptAtEpoch(proposal(2))).toEqual({ accepted: true });
        expect(await store.pendingProposals(ROOM)).toEqual([
          { message: b(1), acceptedAt: NOW + 1 },
          { message: b(2), acceptedAt: NOW + 2 },
        ]);
        expect(await store.acceptAtEpoch(message(ROOM, 0n, [], 'hello'))).toEqual({ accepted: true });
        expect((await store.getRoom(ROOM))?.epoch).toBe(0n);
        expect(await store.acceptAtEpoch(commit(ROOM, 0n, []))).toEqual({ accepted: true });
        expect(await store.getRoom(ROOM)).toEqual({ ...room(ROOM), epoch: 1n, groupInfo: text('gi 1'), ratchetTree: text('tree 1') });
        expect(await store.pendingProposals(ROOM)).toEqual([]);
      });

      it('refuses a stale epoch and an unknown room, queueing nothing', async () => {
        await store.createRoom(room(ROOM, 5n));
        expect(await store.acceptAtEpoch(commit(ROOM, 4n, ['b.example']))).toEqual({ accepted: false, currentEpoch: 5n });
        expect(await store.acceptAtEpoch(message(ROOM, 6n, ['b.example'], 'future'))).toEqual({ accepted: false, currentEpoch: 5n });
        expect(await store.acceptAtEpoch(commit(OTHER_ROOM, 0n, ['b.example']))).toEqual({ accepted: false, noSuchRoom: true });
        expect(await store.outboxHead('b.example', 10)).toEqual([]);
        expect(await store.pendingDestinations()).toEqual([]);
        expect((await store.getRoom(ROOM))?.epoch).toBe(5n);
      });

      it('compare-and-set: of concurrent commits for one epoch exactly one wins, and only its fanout is queued', async () => {
        await store.createRoom(room(ROOM, 3n));
        const results = await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.acceptAtEpoch(commit(ROOM, 3n, ['b.example', 'c.example'], `commit ${i}`))),
        );
        const winners = results.flatMap((r, i) => (r.accepted ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const r of results) if (!r.accepted) expect(r).toEqual({ accepted: false, currentEpoch: 4n });
        expect((await store.getRoom(ROOM))?.epoch).toBe(4n);
        for (const destination of ['b.example', 'c.example']) {
          expect((await store.outboxHead(destination, 10)).map((e) => decode(e.body))).toEqual([`commit ${winners[0]}`]);
        }
      });

      it('refuses an acceptance that is not one step: next.epoch not epoch + 1, a commit with a proposal, an epoch beyond 2^63 - 1', async () => {
        await store.createRoom(room(ROOM, 2n));
        const skip = { ...commit(ROOM, 2n, ['b.example']), next: { epoch: 4n, groupInfo: b(), ratchetTree: b() } };
        await rejectsWith(store.acceptAtEpoch(skip), 'invalid-argument');
        await rejectsWith(store.acceptAtEpoch({ ...commit(ROOM, 2n, []), proposals: [{ message: b(1), acceptedAt: NOW }] }), 'invalid-argument');
        await rejectsWith(store.acceptAtEpoch(commit(ROOM, 2n ** 63n, [])), 'invalid-argument');
        await rejectsWith(store.createRoom(room(OTHER_ROOM, 2n ** 64n - 1n)), 'invalid-argument');
        await rejectsWith(store.createRoom(room(OTHER_ROOM, -1n)), 'invalid-argument');
        expect((await store.getRoom(ROOM))?.epoch).toBe(2n);
        expect(await store.getRoom(OTHER_ROOM)).toBeUndefined();
        expect(await store.pendingDestinations()).toEqual([]);
      });
    });

    describe('delivery queues', () => {
      it('one FIFO queue per destination, in acceptance order across interleaved rooms', async () => {
        await store.createRoom(room(ROOM));
        await store.createRoom(room(OTHER_ROOM));
        // One after the other: acceptance order is the order in which the calls resolved (calls in
        // flight at once are ordered however the store serializes them; a pooled adapter runs them in parallel).
        for (let i = 0; i < 6; i++) {
          expect(await store.acceptAtEpoch(message(ROOM, 0n, ['b.example', 'c.example'], `garden ${i}`))).toEqual({ accepted: true });
          expect(await store.acceptAtEpoch(message(OTHER_ROOM, 0n, i % 2 ? ['b.example'] : ['c.example'], `shed ${i}`))).toEqual({ accepted: true });
        }
        const b1 = await store.outboxHead('b.example', 100);
        expect(b1.map((e) => `${decode(e.body)} ${e.roomId}`)).toEqual([
          `garden 0 ${ROOM}`,
          `garden 1 ${ROOM}`,
          `shed 1 ${OTHER_ROOM}`,
          `garden 2 ${ROOM}`,
          `garden 3 ${ROOM}`,
          `shed 3 ${OTHER_ROOM}`,
          `garden 4 ${ROOM}`,
          `garden 5 ${ROOM}`,
          `shed 5 ${OTHER_ROOM}`,
        ]);
        const c1 = await store.outboxHead('c.example', 100);
        expect(c1.map((e) => decode(e.body))).toEqual(['garden 0', 'shed 0', 'garden 1', 'garden 2', 'shed 2', 'garden 3', 'garden 4', 'shed 4', 'garden 5']);
        for (const queue of [b1, c1]) {
          for (let i = 1; i < queue.length; i++) expect(queue[i]!.seq > queue[i - 1]!.seq).toBe(true);
          for (const e of queue) expect(e.enqueuedAt).toBe(NOW);
        }
        expect((await store.outboxHead('b.example', 2)).map((e) => decode(e.body))).toEqual(['garden 0', 'garden 1']);
      });

      it('pending destinations carry their backoff; markDelivered removes entries and resets it', async () => {
        await store.createRoom(room(ROOM));
        await store.acceptAtEpoch(message(ROOM, 0n, ['b.example', 'c.example'], 'one'));
        await store.acceptAtEpoch(message(ROOM, 0n, ['b.example'], 'two'));
        const fresh = { attempts: 0, nextAttemptAt: 0, lastError: null };
        expect(await store.pendingDestinations()).toEqual([
          { destination: 'b.example', ...fresh },
          { destination: 'c.example', ...fresh },
        ]);
        await store.deferDestination({ destination: 'b.example', attempts: 3, nextAttemptAt: NOW + 8000, lastError: '503 Retry-After: 8' });
        await store.deferDestination({ destination: 'c.example', attempts: 1, nextAttemptAt: NOW + 1000, lastError: null });
        // Soonest first.
        expect(await store.pendingDestinations()).toEqual([
          { destination: 'c.example', attempts: 1, nextAttemptAt: NOW + 1000, lastError: null },
          { destination: 'b.example', attempts: 3, nextAttemptAt: NOW + 8000, lastError: '503 Retry-After: 8' },
        ]);

        const [first] = await store.outboxHead('b.example', 1);
        await store.markDelivered('b.example', [first!.seq]);
        expect((await store.outboxHead('b.example', 10)).map((e) => decode(e.body))).toEqual(['two']);
        expect(await store.pendingDestinations()).toContainEqual({ destination: 'b.example', ...fresh });

        // Seqs of another destination's queue are not touched.
        const [cEntry] = await store.outboxHead('c.example', 1);
        await store.markDelivered('b.example', [cEntry!.seq]);
        expect(await store.outboxHead('c.example', 10)).toHaveLength(1);

        await store.markDelivered('c.example', [cEntry!.seq]);
        expect(await store.pendingDestinations()).toEqual([{ destination: 'b.example', ...fresh }]);
      });

      it('refuses page limits out of range', async () => {
        for (const limit of [0, -1, 1.5, 1001, Number.NaN]) await rejectsWith(store.outboxHead('b.example', limit), 'invalid-argument');
        expect(await store.outboxHead('b.example', 1000)).toEqual([]);
      });

      it('leases: one owner at a time while the lease is live; renewal, release and expiry', async () => {
        const later = NOW + 60_000;
        expect(await store.leaseDestination('b.example', 'node-1', later, NOW)).toBe(true);
        expect(await store.leaseDestination('b.example', 'node-2', later, NOW)).toBe(false);
        expect(await store.leaseDestination('c.example', 'node-2', later, NOW)).toBe(true);
        expect(await store.leaseDestination('b.example', 'node-1', later + 1000, NOW)).toBe(true);
        // Releasing: the holder sets an expiry in the past.
        expect(await store.leaseDestination('b.example', 'node-1', 0, NOW)).toBe(true);
        expect(await store.leaseDestination('b.example', 'node-2', later, NOW)).toBe(true);
        expect(await store.leaseDestination('b.example', 'node-1', later, NOW)).toBe(false);
        const [racer1, racer2] = await Promise.all([
          store.leaseDestination('d.example', 'node-1', later, NOW),
          store.leaseDestination('d.example', 'node-2', later, NOW),
        ]);
        expect([racer1, racer2].filter(Boolean)).toHaveLength(1);
      });

      it("judges lease expiry on the caller's clock (now), not the adapter's", async () => {
        // NOW is in 2025: on the machine's clock the lease below ran out long ago, on the caller's it is live.
        expect(await store.leaseDestination('b.example', 'node-1', NOW + 1000, NOW)).toBe(true);
        expect(await store.leaseDestination('b.example', 'node-2', NOW + 5000, NOW + 999)).toBe(false);
        expect(await store.leaseDestination('b.example', 'node-2', NOW + 5000, NOW + 1000)).toBe(true);
        // A lease until far in the future is still expired for a caller whose clock is past it.
        const farFuture = Date.now() + 3_600_000;
        expect(await store.leaseDestination('c.example', 'node-1', farFuture, NOW)).toBe(true);
        expect(await store.leaseDestination('c.example', 'node-2', farFuture + 1, farFuture)).toBe(true);
        await rejectsWith(store.leaseDestination('b.example', 'node-1', NOW, -1), 'invalid-argument');
      });

      it('a lease and backoff are kept by deferDestination and markDelivered', async () => {
        await store.createRoom(room(ROOM));
        await store.acceptAtEpoch(message(ROOM, 0n, ['b.example'], 'one'));
        const later = NOW + 60_000;
        expect(await store.leaseDestination('b.example', 'node-1', later, NOW)).toBe(true);
        await store.deferDestination({ destination: 'b.example', attempts: 1, nextAttemptAt: NOW, lastError: 'refused' });
        expect(await store.leaseDestination('b.example', 'node-2', later, NOW)).toBe(false);
        expect(await store.pendingDestinations()).toEqual([{ destination: 'b.example', attempts: 1, nextAttemptAt: NOW, lastError: 'refused' }]);
      });
    });

    describe('dead letters', () => {
      const refusal = { status: 413, error: 'body too large', at: NOW + 5 };

      it('moves a queued entry to the dead letters (the queue goes on, the backoff is reset) and re-queues it at the end', async () => {
        await store.createRoom(room(ROOM));
        for (const label of ['one', 'two', 'three']) await store.acceptAtEpoch(message(ROOM, 0n, ['b.example', 'c.example'], label));
        await store.deferDestination({ destination: 'b.example', attempts: 4, nextAttemptAt: NOW + 9000, lastError: '413' });
        const [first] = await store.outboxHead('b.example', 1);
        const id = await store.deadLetter('b.example', first!.seq, refusal);
        expect(typeof id).toBe('bigint');
        expect((await store.outboxHead('b.example', 10)).map((e) => decode(e.body))).toEqual(['two', 'three']);
        expect((await store.outboxHead('c.example', 10)).map((e) => decode(e.body))).toEqual(['one', 'two', 'three']);
        expect(await store.pendingDestinations()).toContainEqual({ destination: 'b.example', attempts: 0, nextAttemptAt: 0, lastError: null });
        const dead = { id, destination: 'b.example', roomId: ROOM, body: text('one'), status: 413, error: 'body too large', enqueuedAt: NOW, deadAt: NOW + 5 };
        expect(await store.deadLetters()).toEqual([dead]);
        expect(await store.deadLetters('b.example')).toEqual([dead]);
        expect(await store.deadLetters('c.example')).toEqual([]);
        // Not in the queue (any more, or of another destination): nothing changes.
        expect(await store.deadLetter('b.example', first!.seq, refusal)).toBeUndefined();
        const [cFirst] = await store.outboxHead('c.example', 1);
        expect(await store.deadLetter('b.example', cFirst!.seq, refusal)).toBeUndefined();
        expect(await store.deadLetters()).toHaveLength(1);

        expect(await store.requeueDeadLetter(id!, NOW + 10)).toBe(true);
        expect(await store.deadLetters()).toEqual([]);
        const queue = await store.outboxHead('b.example', 10);
        expect(queue.map((e) => decode(e.body))).toEqual(['two', 'three', 'one']);
        expect(queue[2]).toMatchObject({ roomId: ROOM, enqueuedAt: NOW + 10 });
        expect(await store.requeueDeadLetter(id!, NOW + 10)).toBe(false);
      });

      it('re-queues to a destination whose queue was emptied, and survives a reopen', async () => {
        await store.createRoom(room(ROOM));
        await store.acceptAtEpoch(message(ROOM, 0n, ['b.example'], 'only'));
        const [only] = await store.outboxHead('b.example', 1);
        const id = await store.deadLetter('b.example', only!.seq, refusal);
        expect(await store.pendingDestinations()).toEqual([]);
        await reopen();
        expect((await store.deadLetters()).map((d) => d.id)).toEqual([id]);
        expect(await store.requeueDeadLetter(id!, NOW)).toBe(true);
        expect((await store.pendingDestinations()).map((d) => d.destination)).toEqual(['b.example']);
      });

      it('refuses a refusal out of range: status, error text length, time', async () => {
        await store.createRoom(room(ROOM));
        await store.acceptAtEpoch(message(ROOM, 0n, ['b.example'], 'x'));
        const [x] = await store.outboxHead('b.example', 1);
        await rejectsWith(store.deadLetter('b.example', x!.seq, { ...refusal, status: 99 }), 'invalid-argument');
        await rejectsWith(store.deadLetter('b.example', x!.seq, { ...refusal, status: 600 }), 'invalid-argument');
        await rejectsWith(store.deadLetter('b.example', x!.seq, { ...refusal, error: 'e'.repeat(MAX_DEAD_LETTER_ERROR + 1) }), 'invalid-argument');
        await rejectsWith(store.deadLetter('b.example', x!.seq, { ...refusal, at: -1 }), 'invalid-argument');
        await rejectsWith(store.requeueDeadLetter(-1n, NOW), 'invalid-argument');
        expect(await store.outboxHead('b.example', 10)).toHaveLength(1);
      });
    });

    describe('inbound fanout and inboxes', () => {
      it('applies a FanoutMessage once: to the subscribers (those it subscribes included); a duplicate changes nothing', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        expect(await store.applyInbound(inbound(ROOM, 'm1', 'subscribers', [PHONE]))).toBe('applied');
        expect(await store.subscribers(ROOM)).toEqual([LAPTOP, PHONE]);
        expect(await store.applyInbound(inbound(ROOM, 'm1', 'subscribers', [BOB_DESKTOP]))).toBe('duplicate');
        expect(await store.subscribers(ROOM)).toEqual([LAPTOP, PHONE]);
        for (const client of [LAPTOP, PHONE]) {
          expect((await store.inbox(client, 0n, 10)).map((i) => [i.roomId, decode(i.body), i.receivedAt])).toEqual([[ROOM, 'm1', NOW]]);
        }
        expect(await store.inbox(BOB_DESKTOP, 0n, 10)).toEqual([]);
        // The same id in another room is another message.
        await store.subscribe(OTHER_ROOM, BOB_DESKTOP);
        expect(await store.applyInbound(inbound(OTHER_ROOM, 'm1'))).toBe('applied');
        expect(await store.inbox(BOB_DESKTOP, 0n, 10)).toHaveLength(1);
      });

      it('a Welcome goes only to the listed recipients, and subscribes them', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        expect(await store.applyInbound(inbound(ROOM, 'welcome', [BOB_DESKTOP, BOB_DESKTOP], [BOB_DESKTOP]))).toBe('applied');
        expect((await store.inbox(BOB_DESKTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['welcome']);
        expect(await store.inbox(LAPTOP, 0n, 10)).toEqual([]);
        expect(await store.subscribers(ROOM)).toEqual([LAPTOP, BOB_DESKTOP]);
        await store.applyInbound(inbound(ROOM, 'next'));
        expect((await store.inbox(BOB_DESKTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['welcome', 'next']);
      });

      it('concurrent copies of one FanoutMessage: exactly one is applied', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        const results = await Promise.all(Array.from({ length: 4 }, () => store.applyInbound(inbound(ROOM, 'twice'))));
        expect(results.filter((r) => r === 'applied')).toHaveLength(1);
        expect(await store.inbox(LAPTOP, 0n, 10)).toHaveLength(1);
      });

      it('an unknown recipient or subscriber is refused and nothing is applied', async () => {
        await withDirectory(store);
        await rejectsWith(store.subscribe(ROOM, 'mimi://a.example/d/nobody/x'), 'unknown-reference');
        await rejectsWith(store.applyInbound(inbound(ROOM, 'w', [LAPTOP, 'mimi://a.example/d/nobody/x'])), 'unknown-reference');
        expect(await store.inbox(LAPTOP, 0n, 10)).toEqual([]);
        // Not recorded as seen: a corrected retry is applied.
        expect(await store.applyInbound(inbound(ROOM, 'w', [LAPTOP]))).toBe('applied');
      });

      it('applies a batch in order, each once (duplicates of stored ones and of earlier ones in the batch change nothing)', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        expect(await store.applyInbound(inbound(ROOM, 'm1'))).toBe('applied');
        const outcomes = await store.applyInboundBatch([
          inbound(ROOM, 'm1'),
          inbound(ROOM, 'welcome', [PHONE], [PHONE]),
          inbound(ROOM, 'm2'),
          inbound(ROOM, 'm2'),
          inbound(ROOM, 'm3'),
        ]);
        expect(outcomes).toEqual(['duplicate', 'applied', 'applied', 'duplicate', 'applied']);
        expect((await store.inbox(LAPTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['m1', 'm2', 'm3']);
        // The Welcome subscribed PHONE before m2 was applied, so PHONE gets m2 and m3 too.
        expect((await store.inbox(PHONE, 0n, 10)).map((i) => decode(i.body))).toEqual(['welcome', 'm2', 'm3']);
        expect(await store.applyInboundBatch([])).toEqual([]);
      });

      it('a batch with one refused fanout applies none of it', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        await rejectsWith(
          store.applyInboundBatch([inbound(ROOM, 'a'), inbound(ROOM, 'w', [LAPTOP, 'mimi://a.example/d/nobody/x']), inbound(ROOM, 'b')]),
          'unknown-reference',
        );
        expect(await store.inbox(LAPTOP, 0n, 10)).toEqual([]);
        // Nothing recorded as seen: the corrected retry applies everything.
        expect(await store.applyInboundBatch([inbound(ROOM, 'a'), inbound(ROOM, 'w', [LAPTOP]), inbound(ROOM, 'b')])).toEqual([
          'applied',
          'applied',
          'applied',
        ]);
        expect((await store.inbox(LAPTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['a', 'w', 'b']);
      });

      it('pages an inbox by seq (after, limit) and acknowledges up to a seq; seqs only grow', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        await store.subscribe(OTHER_ROOM, LAPTOP);
        await store.subscribe(OTHER_ROOM, PHONE);
        // One after the other: inbox order is the order in which the applications resolved.
        for (const n of [1, 2, 3, 4, 5]) await store.applyInbound(inbound(n % 2 ? ROOM : OTHER_ROOM, `m${n}`));
        const all = await store.inbox(LAPTOP, 0n, 10);
        expect(all.map((i) => decode(i.body))).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
        for (let i = 1; i < all.length; i++) expect(all[i]!.seq > all[i - 1]!.seq).toBe(true);
        expect((await store.inbox(LAPTOP, all[1]!.seq, 2)).map((i) => decode(i.body))).toEqual(['m3', 'm4']);
        await store.acknowledgeInbox(LAPTOP, all[2]!.seq);
        expect((await store.inbox(LAPTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['m4', 'm5']);
        expect((await store.inbox(PHONE, 0n, 10)).map((i) => decode(i.body))).toEqual(['m2', 'm4']);
        // Everything acknowledged, then a new item: its seq is above every acknowledged one.
        await store.acknowledgeInbox(LAPTOP, all[4]!.seq);
        await store.acknowledgeInbox(PHONE, all[4]!.seq);
        expect(await store.inbox(LAPTOP, 0n, 10)).toEqual([]);
        await store.applyInbound(inbound(ROOM, 'm6'));
        const [m6] = await store.inbox(LAPTOP, all[4]!.seq, 10);
        expect(m6 && decode(m6.body)).toBe('m6');
        await rejectsWith(store.inbox(LAPTOP, 0n, 0), 'invalid-argument');
        await rejectsWith(store.inbox(LAPTOP, -1n, 10), 'invalid-argument');
      });

      it('pruneInbound forgets old applied ids no inbox holds, oldest first, at most limit; a forgotten id applies again', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, LAPTOP);
        await store.applyInbound({ ...inbound(OTHER_ROOM, 'old1'), receivedAt: NOW - 3000 });
        await store.applyInbound({ ...inbound(OTHER_ROOM, 'old2'), receivedAt: NOW - 2000 });
        await store.applyInbound({ ...inbound(ROOM, 'held'), receivedAt: NOW - 2500 });
        await store.applyInbound({ ...inbound(OTHER_ROOM, 'new'), receivedAt: NOW });
        // 'held' is in the laptop's inbox: kept until acknowledged. 'new' is not old enough.
        expect(await store.pruneInbound(NOW, 1)).toBe(1);
        expect(await store.applyInbound({ ...inbound(OTHER_ROOM, 'old2'), receivedAt: NOW })).toBe('duplicate');
        expect(await store.applyInbound({ ...inbound(OTHER_ROOM, 'old1'), receivedAt: NOW - 3000 })).toBe('applied');
        expect(await store.pruneInbound(NOW, 10)).toBe(2);
        expect(await store.pruneInbound(NOW, 10)).toBe(0);
        expect(await store.applyInbound(inbound(OTHER_ROOM, 'new'))).toBe('duplicate');
        expect(await store.applyInbound(inbound(ROOM, 'held'))).toBe('duplicate');
        expect((await store.inbox(LAPTOP, 0n, 10)).map((i) => decode(i.body))).toEqual(['held']);
        const [held] = await store.inbox(LAPTOP, 0n, 10);
        await store.acknowledgeInbox(LAPTOP, held!.seq);
        expect(await store.pruneInbound(NOW, 10)).toBe(1);
        expect(await store.applyInbound({ ...inbound(ROOM, 'held'), receivedAt: NOW })).toBe('applied');
        await rejectsWith(store.pruneInbound(-1, 10), 'invalid-argument');
        await rejectsWith(store.pruneInbound(NOW, 0), 'invalid-argument');
      });

      it('subscribe is idempotent; an unsubscribed client gets nothing new', async () => {
        await withDirectory(store);
        await store.subscribe(ROOM, PHONE);
        await store.subscribe(ROOM, PHONE);
        await store.subscribe(ROOM, LAPTOP);
        expect(await store.subscribers(ROOM)).toEqual([LAPTOP, PHONE]);
        await store.unsubscribe(ROOM, PHONE);
        await store.unsubscribe(ROOM, PHONE);
        expect(await store.subscribers(ROOM)).toEqual([LAPTOP]);
        await store.applyInbound(inbound(ROOM, 'after'));
        expect(await store.inbox(PHONE, 0n, 10)).toEqual([]);
        expect(await store.subscribers(OTHER_ROOM)).toEqual([]);
      });
    });

    describe('abuse reports', () => {
      it('keeps reports with increasing ids, listed all or per room', async () => {
        const r = (roomId: string, n: number) => ({ roomId, reporterDomain: 'b.example', body: b(n), receivedAt: NOW + n });
        const ids = [await store.addAbuseReport(r(ROOM, 1)), await store.addAbuseReport(r(OTHER_ROOM, 2)), await store.addAbuseReport(r(ROOM, 3))];
        expect(ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
        expect(await store.abuseReports()).toEqual([
          { id: ids[0], ...r(ROOM, 1) },
          { id: ids[1], ...r(OTHER_ROOM, 2) },
          { id: ids[2], ...r(ROOM, 3) },
        ]);
        expect((await store.abuseReports(ROOM)).map((x) => x.id)).toEqual([ids[0], ids[2]]);
        expect(await store.abuseReports('mimi://a.example/r/none')).toEqual([]);
      });
    });

    describe('lifecycle', () => {
      it('everything acknowledged is there after close and reopen', async () => {
        await withDirectory(store);
        await store.addKeyPackages([{ ref: b(1), client: LAPTOP, cipherSuite: 1, bytes: b(2) }]);
        await store.putConsent({ requester: BOB, target: ALICE, roomId: null, state: 'grant', at: NOW });
        await store.createRoom(room(ROOM));
        await store.acceptAtEpoch(commit(ROOM, 0n, ['b.example']));
        await store.acceptAtEpoch({ roomId: ROOM, epoch: 1n, acceptedAt: NOW, proposals: [{ message: b(5), acceptedAt: NOW }], fanout: [] });
        await store.deferDestination({ destination: 'b.example', attempts: 2, nextAttemptAt: NOW + 4000, lastError: 'timeout' });
        const later = NOW + 60_000;
        await store.leaseDestination('b.example', 'node-1', later, NOW);
        await store.subscribe(ROOM, PHONE);
        await store.applyInbound(inbound(ROOM, 'kept'));
        const reportId = await store.addAbuseReport({ roomId: ROOM, reporterDomain: 'b.example', body: b(9), receivedAt: NOW });

        await reopen();
        expect(await store.getUser(ALICE)).toEqual({ uri: ALICE, fields: { handle: 'alice', displayName: 'Alice' } });
        expect((await store.clientByTokenHash(b(3)))?.uri).toBe(BOB_DESKTOP);
        expect(await store.claimKeyPackage(LAPTOP, [1], { roomId: ROOM, requester: BOB, at: NOW })).toEqual({
          ref: b(1),
          client: LAPTOP,
          cipherSuite: 1,
          bytes: b(2),
        });
        expect((await store.getConsent({ requester: BOB, target: ALICE, roomId: null }))?.state).toBe('grant');
        expect((await store.getRoom(ROOM))?.epoch).toBe(1n);
        expect(await store.pendingProposals(ROOM)).toEqual([{ message: b(5), acceptedAt: NOW }]);
        expect(await store.pendingDestinations()).toEqual([{ destination: 'b.example', attempts: 2, nextAttemptAt: NOW + 4000, lastError: 'timeout' }]);
        expect((await store.outboxHead('b.example', 10)).map((e) => decode(e.body))).toEqual([`${ROOM}@0`]);
        expect(await store.leaseDestination('b.example', 'node-2', later, NOW)).toBe(false);
        expect(await store.applyInbound(inbound(ROOM, 'kept'))).toBe('duplicate');
        expect((await store.inbox(PHONE, 0n, 10)).map((i) => decode(i.body))).toEqual(['kept']);
        expect((await store.abuseReports()).map((r) => r.id)).toEqual([reportId]);
        // Numbering goes on where it was.
        expect((await store.addAbuseReport({ roomId: ROOM, reporterDomain: 'c.example', body: b(), receivedAt: NOW })) > reportId).toBe(true);
      });

      it('keeps assets by id: a second put of an id is a conflict, bad ids and times are refused', async () => {
        await store.putAsset('a_B-9', text('ciphertext'), NOW);
        expect(decode((await store.getAsset('a_B-9'))!)).toBe('ciphertext');
        expect(await store.getAsset('a_b-9')).toBeUndefined();
        await rejectsWith(store.putAsset('a_B-9', b(1), NOW), 'conflict');
        expect(decode((await store.getAsset('a_B-9'))!)).toBe('ciphertext');
        await rejectsWith(store.putAsset('', b(1), NOW), 'invalid-argument');
        await rejectsWith(store.putAsset('x'.repeat(65), b(1), NOW), 'invalid-argument');
        await rejectsWith(store.putAsset('../x', b(1), NOW), 'invalid-argument');
        await rejectsWith(store.putAsset('ok', b(1), -1), 'invalid-argument');
        await store.putAsset('empty', b(), NOW);
        expect(await store.getAsset('empty')).toEqual(b());
        await reopen();
        expect(decode((await store.getAsset('a_B-9'))!)).toBe('ciphertext');
      });

      it('keeps the first secret stored under a name: later candidates get the first value', async () => {
        expect(await store.secret('franking-key', b(1, 2))).toEqual(b(1, 2));
        const [x, y] = await Promise.all([store.secret('hub-sender', b(7)), store.secret('hub-sender', b(8))]);
        expect(x).toEqual(y);
        expect([b(7), b(8)]).toContainEqual(x);
        await reopen();
        expect(await store.secret('franking-key', b(3))).toEqual(b(1, 2));
        expect(await store.secret('hub-sender', b(9))).toEqual(x);
        await rejectsWith(store.secret('Franking', b(1)), 'invalid-argument');
        await rejectsWith(store.secret('', b(1)), 'invalid-argument');
      });

      it('answers ping while open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });

      it('close commits the writes still queued, and their promises resolve', async () => {
        const pending = [store.putUser({ uri: ALICE, fields: {} }), store.createRoom(room(ROOM))];
        await store.close();
        expect(await Promise.all(pending)).toEqual([undefined, true]);
        store = await open();
        expect(await store.getUser(ALICE)).toEqual({ uri: ALICE, fields: {} });
        expect(await store.getRoom(ROOM)).toBeDefined();
      });

      it('after close every call rejects with closed; close again is harmless', async () => {
        await store.close();
        await store.close();
        // Typed over the interface: a method added to ProviderStore must be added here.
        const calls: { [M in Exclude<keyof ProviderStore, 'close' | 'watch'>]: () => Promise<unknown> } = {
          putUser: () => store.putUser({ uri: ALICE, fields: {} }),
          getUser: () => store.getUser(ALICE),
          findUsers: () => store.findUsers('handle', 'alice'),
          registerClient: () => store.registerClient({ uri: LAPTOP, user: ALICE, tokenHash: b(1), registeredAt: NOW }),
          clientByTokenHash: () => store.clientByTokenHash(b(1)),
          clientsOf: () => store.clientsOf(ALICE),
          addKeyPackages: () => store.addKeyPackages([]),
          claimKeyPackage: () => store.claimKeyPackage(LAPTOP, [1], { roomId: ROOM, requester: BOB, at: NOW }),
          keyPackageOwner: () => store.keyPackageOwner(b(1)),
          putConsent: () => store.putConsent({ requester: BOB, target: ALICE, roomId: null, state: 'grant', at: NOW }),
          getConsent: () => store.getConsent({ requester: BOB, target: ALICE, roomId: null }),
          createRoom: () => store.createRoom(room(ROOM)),
          getRoom: () => store.getRoom(ROOM),
          roomHead: () => store.roomHead(ROOM),
          pendingProposals: () => store.pendingProposals(ROOM),
          acceptAtEpoch: () => store.acceptAtEpoch(commit(ROOM, 0n, [])),
          pendingDestinations: () => store.pendingDestinations(),
          outboxHead: () => store.outboxHead('b.example', 1),
          markDelivered: () => store.markDelivered('b.example', []),
          deferDestination: () => store.deferDestination({ destination: 'b.example', attempts: 1, nextAttemptAt: 0, lastError: null }),
          leaseDestination: () => store.leaseDestination('b.example', 'node-1', 0, NOW),
          applyInbound: () => store.applyInbound(inbound(ROOM, 'x')),
          applyInboundBatch: () => store.applyInboundBatch([inbound(ROOM, 'x')]),
          subscribe: () => store.subscribe(ROOM, LAPTOP),
          unsubscribe: () => store.unsubscribe(ROOM, LAPTOP),
          subscribers: () => store.subscribers(ROOM),
          inbox: () => store.inbox(LAPTOP, 0n, 1),
          acknowledgeInbox: () => store.acknowledgeInbox(LAPTOP, 0n),
          addAbuseReport: () => store.addAbuseReport({ roomId: ROOM, reporterDomain: 'b.example', body: b(), receivedAt: NOW }),
          abuseReports: () => store.abuseReports(),
          consentsBetween: () => store.consentsBetween(BOB, ALICE),
          putGrantedKeyPackages: () => store.putGrantedKeyPackages({ requester: BOB, target: ALICE, roomId: null }, [], NOW),
          takeGrantedKeyPackages: () => store.takeGrantedKeyPackages({ requester: BOB, target: ALICE, roomId: null }, [1]),
          deadLetter: () => store.deadLetter('b.example', 1n, { status: 400, error: '', at: NOW }),
          deadLetters: () => store.deadLetters(),
          requeueDeadLetter: () => store.requeueDeadLetter(1n, NOW),
          pruneInbound: () => store.pruneInbound(NOW, 1),
          putAsset: () => store.putAsset('asset', b(1), NOW),
          getAsset: () => store.getAsset('asset'),
          secret: () => store.secret('franking-key', b(1)),
          ping: () => store.ping(),
        };
        for (const call of Object.values(calls)) await rejectsWith(call(), 'closed');
      });
    });
  });
}
