/**
 * Two nodes of one domain on one PostgreSQL database (a throwaway cluster, a fresh database), in
 * this process: started at the same instant, they agree on the hub's keys (first writer wins in the
 * store); a room created at node 1 and a message sent there reach a client long-polling at node 2
 * through the store's change feed (LISTEN/NOTIFY), not at the end of its wait; a database that
 * stops makes both nodes answer 503 and report not ready, and they recover by themselves once it
 * is back; a node starting while the database is down waits for it, for a bounded time.
 * `mimi provider migrate` reports the database's schema versions.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codecs as mls } from '@mimikit/mls';
import { codecs } from '@mimikit/mimi-protocol';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { commitUpdateRequest, createRoom, joinRoom, roomKeyPackage, submitMessageRequest, type RoomMember } from '@mimikit/mls-profile/rooms';
import { encodeUtf8 } from '@mimikit/bytes';
import { openConfiguredStoreWaiting, startProvider, validateConfig, type RunningProvider } from '@mimikit/provider';
import { StoreError } from '@mimikit/provider/store';
import { POSTGRES_SCHEMA_VERSION } from '@mimikit/provider/store/postgres';
import { freePort } from '../support/free-port.ts';
import { makePki } from '../support/pki.ts';
import { type PostgresCluster, startPostgres } from '../support/postgres.ts';
import { postgresDatabases } from '../support/postgres-databases.ts';
import { ADMIN_ROLE, keyMaterialRequest, PARTICIPANT_ROLE, ROLES, SUITE } from '../support/federated-room.ts';
import { mimi } from '../support/run-cli.ts';

const DOMAIN = 'a.example';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://a.example/u/bob';
const ROOM = 'mimi://a.example/r/two-nodes';

/** Resolves with what `promise` gives, or 'still waiting' after `ms`: a long-poll must be woken, not time out. */
const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still waiting'> =>
  Promise.race([promise, new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), ms).unref())]);

describe('two nodes of one domain on one PostgreSQL database', () => {
  let cluster: PostgresCluster;
  let dir: string;
  let url: string;
  let configFile: string;
  const nodes: RunningProvider[] = [];

  beforeAll(async () => {
    cluster = await startPostgres();
    url = await postgresDatabases(cluster, 'nodes').empty();
    dir = mkdtempSync(join(tmpdir(), 'mimikit-nodes-'));
    const pki = await makePki();
    const cred = await pki.client(DOMAIN);
    writeFileSync(join(dir, 'ca.pem'), pki.ca);
    writeFileSync(join(dir, 'a.pem'), cred.cert);
    writeFileSync(join(dir, 'a.key.pem'), cred.key);
    const ports = [await freePort(), await freePort()];
    const raw = (port: number) => ({
      domain: DOMAIN,
      listen: { host: '127.0.0.1', port },
      clientListen: { host: '127.0.0.1', port: 0 },
      publicBaseUrl: `https://127.0.0.1:${ports[0]}`,
      store: url,
      tls: { cert: 'a.pem', key: 'a.key.pem', ca: 'ca.pem' },
      peers: [],
      users: [ALICE, BOB].map((uri) => ({ uri })),
      // Long enough that only the change feed, not the worker's or a long-poll's timer, can explain a prompt delivery.
      delivery: { pollMs: 60_000 },
      limits: { maxInboxWaitMs: 60_000 },
      logLevel: 'silent' as const,
    });
    configFile = join(dir, 'node-1.json');
    writeFileSync(configFile, JSON.stringify(raw(ports[0]!)));
    // Both at the same instant, on an empty database: both migrate, both make keys; one of each is kept.
    nodes.push(
      ...(await Promise.all(
        ports.map((port) =>
          startProvider({ config: validateConfig(raw(port), `node-${port}.json`, dir), logger: pino({ level: process.env.MIMIKIT_TEST_LOG ?? 'silent' }) }),
        ),
      )),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    await cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const [one, two] = [() => nodes[0]!, () => nodes[1]!];

  it('each node has its own id (host name and port) and both use one franking key and one GroupInfo signing key', async () => {
    expect(one().node).toBe(`${hostname()}:${new URL(one().federationUrl).port}`);
    expect(two().node).not.toBe(one().node);
    const agents: unknown[] = [];
    for (const node of nodes) {
      const user = node === one() ? ALICE : BOB;
      const token = await node.clients.register(user, `${user.replace('/u/', '/d/')}/keys-${agents.length}`);
      const res = await fetch(`${node.clientUrl}/v1/frankingAgent`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      agents.push(await res.json());
    }
    expect(agents[1]).toEqual(agents[0]);
    // The GroupInfo signing key: one secret in the database, which every node loaded (a second candidate changes nothing).
    const kept = await one().store.secret('hub-sender-key', encodeUtf8('{}'));
    expect(JSON.parse(new TextDecoder().decode(kept))).toMatchObject({ domain: DOMAIN });
    expect(await two().store.secret('hub-sender-key', encodeUtf8('{"other":1}'))).toEqual(kept);
  });

  it('a room made and a message sent at node 1 reach a client long-polling at node 2 through the change feed', async () => {
    const suite = await cipherSuite(SUITE);
    const auth = mimiAuthService({ domains: [DOMAIN], acceptUnverified: true });
    const aliceClient = 'mimi://a.example/d/alice/laptop';
    const bobClient = 'mimi://a.example/d/bob/phone';
    const alice = await one().clients.authenticate(await one().clients.register(ALICE, aliceClient));
    const bob = await two().clients.authenticate(await two().clients.register(BOB, bobClient));
    const bobKeyPackage = await roomKeyPackage({ client: bobClient, cipherSuite: suite });
    await two().clients.uploadKeyPackages(bob, [bobKeyPackage.keyPackage]);

    const admin: RoomMember = await createRoom({
      roomUri: ROOM,
      creator: { user: ALICE, client: aliceClient, cipherSuite: suite },
      roles: ROLES,
      creatorRole: ADMIN_ROLE,
      authService: auth,
    });
    await one().clients.createRoom(alice, await admin.groupInfo(), admin.ratchetTree());
    // Node 1 delivers this domain's own queue (it holds the lease, as if it had taken it first), so
    // only the change feed can tell node 2 that Bob's inbox has something.
    expect(await one().store.leaseDestination(DOMAIN, one().node, Date.now() + 60_000, Date.now())).toBe(true);
    // Bob waits at node 2 before anything is queued for him.
    const welcomeArrives = two().clients.inbox(bob, 0n, 60_000);
    const material = await one().clients.keyMaterial(alice, BOB, await keyMaterialRequest(admin, BOB, ROOM));
    // Bob's client of the first test uploaded no KeyPackage: only the phone's comes back.
    const keyPackages = material.clients
      .filter((c) => c.keyPackage)
      .map((c) => mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: c.keyPackage! }));
    const added = await one().clients.update(
      alice,
      ROOM,
      await commitUpdateRequest(admin, await admin.addParticipant({ user: BOB, role: PARTICIPANT_ROLE, keyPackages })),
    );
    expect(added.responseCode).toBe('success');
    const welcomed = await within(welcomeArrives, 20_000);
    if (welcomed === 'still waiting') throw new Error('the long-poll at node 2 was not woken by the Welcome applied through node 1');
    const welcome = welcomed
      .map((i) => codecs.FanoutMessage.decode(i.body, { context: { protocol: 'mls10' } }))
      .find((m) => m.message?.wire_format === 'mls_welcome');
    expect(welcome).toBeDefined();
    const member = await joinRoom({ welcome: mls.MLSMessage.encode(welcome!.message!), keyPackage: bobKeyPackage, authService: auth });
    await two().clients.acknowledge(bob, welcomed[welcomed.length - 1]!.seq);

    // A message sent at node 1, while Bob long-polls at node 2.
    const after = welcomed[welcomed.length - 1]!.seq;
    const messageArrives = two().clients.inbox(bob, after, 60_000);
    const text = await admin.sendMessage(encodeUtf8('hello from node 1'));
    const sent = await one().clients.submitMessage(alice, ROOM, submitMessageRequest(admin, text));
    expect(sent.statusCode).toBe('accepted');
    const got = await within(messageArrives, 20_000);
    if (got === 'still waiting') throw new Error('the long-poll at node 2 was not woken by the message applied through node 1');
    expect(got).toHaveLength(1);
    const fanout = codecs.FanoutMessage.decode(got[0]!.body, { context: { protocol: 'mls10' } });
    const received = await member.process(mls.MLSMessage.encode(fanout.message!));
    expect(received.kind === 'application' ? new TextDecoder().decode(received.data) : received.kind).toBe('hello from node 1');
  }, 60_000);

  it('the database stopped: both nodes answer 503 with Retry-After and are not ready; started again, they are ready by themselves', async () => {
    const probe = async (node: RunningProvider) => fetch(`${node.clientUrl}/readyz`);
    const until = async (node: RunningProvider, status: number) => {
      let res = await probe(node);
      for (let i = 0; i < 200 && res.status !== status; i++) {
        await new Promise((r) => setTimeout(r, 100));
        res = await probe(node);
      }
      return res;
    };
    for (const node of nodes) expect((await probe(node)).status).toBe(200);
    await cluster.stopServer('fast');
    try {
      for (const node of nodes) {
        const ready = await until(node, 503);
        expect(ready.status).toBe(503);
        expect(ready.headers.get('retry-after')).not.toBeNull();
        const res = await fetch(`${node.clientUrl}/v1/inbox`, { headers: { authorization: 'Bearer not-checked-without-a-store' } });
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).not.toBeNull();
      }
    } finally {
      await cluster.startServer();
    }
    for (const node of nodes) expect((await until(node, 200)).status).toBe(200);
  }, 60_000);

  it('a node starting while the database is down waits for it (bounded), and gives up with StoreError unavailable when it stays down', async () => {
    await cluster.stopServer('fast');
    let waited = 0;
    let restarting: Promise<void> | null = null;
    const store = await openConfiguredStoreWaiting({ url }, 30_000, () => {
      waited++;
      restarting ??= cluster.startServer();
    });
    try {
      await restarting;
      expect(waited).toBeGreaterThanOrEqual(1);
      await store.ping();
    } finally {
      await store.close();
    }
    const nowhere = new URL(url);
    nowhere.port = String(await freePort());
    let retries = 0;
    const refused = await openConfiguredStoreWaiting({ url: nowhere.toString() }, 500, () => retries++).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(StoreError);
    expect((refused as StoreError).code).toBe('unavailable');
    expect(retries).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('mimi provider migrate names the database (without a password) and finds it up to date', () => {
    const r = mimi(['provider', 'migrate', '--config', configFile]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^postgres://postgres@127\\.0\\.0\\.1:\\d+/nodes_1: schema version ${POSTGRES_SCHEMA_VERSION}, up to date\\n$`));
    expect(r.code).toBe(0);
  });
});
