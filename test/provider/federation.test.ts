/**
 * Three providers on loopback, each with its own store and certificate, federating over HTTPS with
 * mutual TLS: Alice (a.example, the hub) creates a room, fetches Bob's key material from b.example,
 * adds his two clients; the hub fans the commit and the Welcome out; Bob's clients join from their
 * inbox, Bob sends a message through his provider to the hub, and everyone else reads it. A
 * replayed /notify changes nothing, a stale commit gets wrongEpoch, a non-admin's add is refused.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8, toHex } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import { codecs, type FanoutMessage } from '@mimikit/mimi-protocol';
import { createMimiClient } from '@mimikit/mimi-protocol/client';
import {
  cipherSuite,
  commit,
  groupContextExtensions,
  groupInfo,
  importState,
  ratchetTree,
  unsafeAcceptAnyCredential,
  type CipherSuite,
  type KeyPackageBundle,
} from '@mimikit/mls-profile/mls';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import {
  commitUpdateRequest,
  createRoom,
  joinRoom,
  signedKeyMaterialRequest,
  roomKeyPackage,
  submitMessageRequest,
  withRoomState,
  type RoomMember,
} from '@mimikit/mls-profile/rooms';
import type { ProviderStore } from '@mimikit/provider';
import { startFederation, type Federation } from '../support/providers.ts';
import { participantAndAdminRoles as roles } from '../support/room-roles.ts';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const ROOM = 'mimi://a.example/r/clubhouse';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });
type Client = { uri: string; token: string };

/** What a client finds in its inbox: decoded FanoutMessages, acknowledged. */
async function drain(f: Federation, domain: string, c: Client, wait = 5000): Promise<FanoutMessage[]> {
  const p = f.at(domain).clients;
  const rec = await p.authenticate(c.token);
  const items = await p.inbox(rec, 0n, wait);
  if (items.length > 0) await p.acknowledge(rec, items[items.length - 1]!.seq);
  return items.map((i) => codecs.FanoutMessage.decode(i.body, { context: { protocol: 'mls10' } }));
}

describe('three providers federating over mutual TLS', () => {
  let f: Federation;
  let suite: CipherSuite;
  const alice: Client = { uri: 'mimi://a.example/d/alice/laptop', token: '' };
  const bob1: Client = { uri: 'mimi://b.example/d/bob/phone', token: '' };
  const bob2: Client = { uri: 'mimi://b.example/d/bob/tablet', token: '' };
  const bobBundles = new Map<string, KeyPackageBundle>();
  let aliceRoom: RoomMember;
  const bobRooms = new Map<string, RoomMember>();

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB], 'c.example': [CATHY] } });
    suite = await cipherSuite(SUITE);
    alice.token = await f.at('a.example').clients.register(ALICE, alice.uri);
    for (const c of [bob1, bob2]) {
      c.token = await f.at('b.example').clients.register(BOB, c.uri);
      const kp = await roomKeyPackage({ client: c.uri, cipherSuite: suite });
      bobBundles.set(c.uri, kp);
      const b = f.at('b.example').clients;
      expect(await b.uploadKeyPackages(await b.authenticate(c.token), [kp.keyPackage])).toBe(1);
    }
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('Alice creates the room at her hub', async () => {
    aliceRoom = await createRoom({ roomUri: ROOM, creator: { user: ALICE, client: alice.uri, cipherSuite: suite }, roles, creatorRole: 3, authService: auth });
    const a = f.at('a.example').clients;
    const roomId = await a.createRoom(await a.authenticate(alice.token), await aliceRoom.groupInfo(), aliceRoom.ratchetTree());
    expect(roomId).toBe(ROOM);
    const room = await f.at('a.example').store.getRoom(ROOM);
    expect(room?.epoch).toBe(0n);
  });

  it('fetches Bob’s key material from b.example: one KeyPackage per client, each handed out once', async () => {
    const a = f.at('a.example').clients;
    const me = await a.authenticate(alice.token);
    // Signed with Alice's leaf key (draft §5.2); a request whose signed fields were changed is refused.
    const signed = await signedKeyMaterialRequest(aliceRoom, { target: BOB, roomId: ROOM, cipherSuites: [SUITE] });
    const tampered = { ...signed, requiredCapabilities: { ...signed.requiredCapabilities, credential_types: ['x509' as const] } };
    await expect(a.keyMaterial(me, BOB, tampered)).rejects.toMatchObject({ status: 403 });
    await expect(a.keyMaterial(me, BOB, { ...signed, requesterSignatureKey: new Uint8Array(32) })).rejects.toMatchObject({ status: 403 });
    // Validly signed, but with a key that is not Alice's leaf in this room: the hub refuses to forward it.
    const elsewhere = await createRoom({
      roomUri: 'mimi://a.example/r/elsewhere',
      creator: { user: ALICE, client: alice.uri, cipherSuite: suite },
      roles,
      creatorRole: 3,
      authService: auth,
    });
    const foreignKey = await signedKeyMaterialRequest(elsewhere, { target: BOB, roomId: ROOM, cipherSuites: [SUITE] });
    await expect(a.keyMaterial(me, BOB, foreignKey)).rejects.toThrow(/not a leaf of mimi:\/\/a\.example\/r\/clubhouse/);
    const res = await a.keyMaterial(me, BOB, signed);
    expect(res.userStatus).toBe('success');
    expect(res.clients.map((c) => decodeUtf8(c.clientUri.uri)).sort()).toEqual([bob1.uri, bob2.uri]);
    expect(res.clients.every((c) => c.clientStatus === 'success')).toBe(true);
    // A second request finds them used up.
    const again = await a.keyMaterial(me, BOB, await signedKeyMaterialRequest(aliceRoom, { target: BOB, roomId: ROOM, cipherSuites: [SUITE] }));
    expect(again.userStatus).toBe('noCompatibleMaterial');
    expect(again.clients.map((c) => c.clientStatus)).toEqual(['keyMaterialExhausted', 'keyMaterialExhausted']);
    // An unknown user of b.example.
    const nobody = await a.keyMaterial(
      me,
      'mimi://b.example/u/nobody',
      await signedKeyMaterialRequest(aliceRoom, { target: 'mimi://b.example/u/nobody', roomId: ROOM, cipherSuites: [SUITE] }),
    );
    expect(nobody.userStatus).toBe('userUnknown');

    const keyPackages = res.clients.map((c) => mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: c.keyPackage! }));
    const made = await aliceRoom.addParticipant({ user: BOB, role: 1, keyPackages });
    const answer = await a.update(me, ROOM, await commitUpdateRequest(aliceRoom, made));
    expect(answer.responseCode).toBe('success');
    expect((await f.at('a.example').store.getRoom(ROOM))?.epoch).toBe(1n);
  });

  it('Bob’s clients get the Welcome through b.example’s inbox and join', async () => {
    for (const c of [bob1, bob2]) {
      const got = await drain(f, 'b.example', c);
      const welcome = got.find((m) => m.message?.wire_format === 'mls_welcome');
      expect(welcome, `${c.uri} got a Welcome`).toBeDefined();
      const member = await joinRoom({
        welcome: mls.MLSMessage.encode(welcome!.message!),
        keyPackage: bobBundles.get(c.uri)!,
        authService: auth,
      });
      expect(member.epoch()).toBe(1n);
      bobRooms.set(c.uri, member);
    }
    // Alice's own hub delivered the commit to her too (she is its committer and ignores it).
    const mine = await drain(f, 'a.example', alice);
    expect(mine.some((m) => m.message?.wire_format === 'mls_public_message')).toBe(true);
  });

  it('Bob’s message goes b.example → hub → every other client', async () => {
    const phone = bobRooms.get(bob1.uri)!;
    const b = f.at('b.example').clients;
    const sent = await phone.sendMessage(encodeUtf8('hi from Bob'));
    const res = await b.submitMessage(await b.authenticate(bob1.token), ROOM, submitMessageRequest(phone, sent));
    expect(res.statusCode).toBe('accepted');
    const atAlice = await drain(f, 'a.example', alice);
    const msg = atAlice.find((m) => m.message?.wire_format === 'mls_private_message');
    expect(msg?.timestamp).toBe(res.accepted_timestamp);
    const read = await aliceRoom.process(mls.MLSMessage.encode(msg!.message!));
    expect(read.kind).toBe('application');
    if (read.kind === 'application') {
      expect(decodeUtf8(read.data)).toBe('hi from Bob');
      expect(read.senderClient).toBe(bob1.uri);
    }
    const atTablet = await drain(f, 'b.example', bob2);
    const forTablet = atTablet.find((m) => m.message?.wire_format === 'mls_private_message');
    const readTablet = await bobRooms.get(bob2.uri)!.process(mls.MLSMessage.encode(forTablet!.message!));
    expect(readTablet.kind).toBe('application');
    // Everyone agrees on the epoch and its authenticator.
    const auths = [aliceRoom, ...bobRooms.values()].map((m) => `${m.epoch()}:${toHex(m.epochAuthenticator())}`);
    expect(new Set(auths).size).toBe(1);
  });

  it('a replayed /notify gets 201 and is applied once; /notify from a provider that is not the room’s hub gets 403', async () => {
    const bStore: ProviderStore = f.at('b.example').store;
    const as = (domain: string) =>
      createMimiClient({
        baseUrl: f.at('b.example').federationUrl,
        dispatcher: new Agent({
          connect: {
            ca: f.pki.ca,
            cert: readFileSync(join(f.dir, `${domain}.pem`)),
            key: readFileSync(join(f.dir, `${domain}.key.pem`)),
            servername: 'b.example',
          },
        }),
      });
    const hub = as('a.example');
    const fanout: FanoutMessage = { timestamp: 7n, message: mls.MLSMessage.decode(await bobRooms.get(bob1.uri)!.sendMessage(encodeUtf8('once'))), frank: null };
    const before = (await bStore.inbox(bob2.uri, 0n, 100)).length;
    await hub.notify({ roomId: ROOM }, [fanout]);
    await hub.notify({ roomId: ROOM }, [fanout]);
    expect((await bStore.inbox(bob2.uri, 0n, 100)).length).toBe(before + 1);
    // Several in one body: each applied once, in order; one for another MLS group refuses the whole body.
    const second: FanoutMessage = {
      timestamp: 9n,
      message: mls.MLSMessage.decode(await bobRooms.get(bob1.uri)!.sendMessage(encodeUtf8('twice'))),
      frank: null,
    };
    const m = second.message!;
    if (m.wire_format !== 'mls_private_message') throw new Error('expected a PrivateMessage');
    const foreign: FanoutMessage = {
      ...second,
      message: { ...m, private_message: { ...m.private_message, group_id: encodeUtf8('mimi://a.example/g/elsewhere') } },
    };
    await expect(hub.notify({ roomId: ROOM }, [second, foreign])).rejects.toMatchObject({ status: 400 });
    expect((await bStore.inbox(bob2.uri, 0n, 100)).length).toBe(before + 1);
    await hub.notify({ roomId: ROOM }, [fanout, second, second]);
    const items = await bStore.inbox(bob2.uri, 0n, 100);
    expect(items.length).toBe(before + 2);
    expect(items.at(-1)!.body).toEqual(codecs.FanoutMessage.encode(second, { protocol: 'mls10' }));
    const stranger = as('c.example');
    await expect(stranger.notify({ roomId: ROOM }, [{ ...fanout, timestamp: 8n }])).rejects.toMatchObject({ status: 403 });
    expect((await bStore.inbox(bob2.uri, 0n, 100)).length).toBe(before + 2);
  });

  it('a non-admin’s add is refused by the hub with notAllowed; a stale commit gets wrongEpoch and the room does not fork', async () => {
    const a = f.at('a.example').clients;
    const me = await a.authenticate(alice.token);
    // Bob (a participant, not an admin) may not add Cathy: refused with notAllowed, nothing changes.
    const b = f.at('b.example').clients;
    const phone = bobRooms.get(bob1.uri)!;
    const cathyKp = await roomKeyPackage({ client: 'mimi://c.example/d/cathy/laptop', cipherSuite: suite });
    await expect(phone.addParticipant({ user: CATHY, role: 1, keyPackages: [cathyKp.keyPackage] })).rejects.toThrow(/canAddParticipant/);
    // The same add, forged below the Room API, reaches the hub through b.example and is refused there.
    const raw = await importState(phone.save(), { authService: unsafeAcceptAnyCredential });
    const state = phone.roomState();
    const forgedState = { ...state, participant_list: { participants: [...state.participant_list.participants, { user: encodeUtf8(CATHY), role_index: 1 }] } };
    const forged = await commit(raw, {
      proposals: [
        { type: 'group_context_extensions', extensions: withRoomState(groupContextExtensions(raw), forgedState) },
        { type: 'add', keyPackage: cathyKp.keyPackage },
      ],
    });
    const info = mls.MLSMessage.decode(await groupInfo(forged.group));
    if (info.wire_format !== 'mls_group_info') throw new Error('not a GroupInfo');
    const refused = await b.update(await b.authenticate(bob1.token), ROOM, {
      bundle: {
        proposalOrCommit: mls.MLSMessage.decode(forged.commit),
        welcome: null,
        groupInfoOption: { representation: 'full', groupInfo: info.group_info },
        ratchetTreeOption: { representation: 'full', ratchet_tree: mls.ratchet_tree.decode(ratchetTree(forged.group)) },
      },
    });
    expect(refused.responseCode).toBe('notAllowed');
    expect(decodeUtf8(refused.errorDescription)).toMatch(/canAddParticipant/);
    expect((await f.at('a.example').store.getRoom(ROOM))?.epoch).toBe(1n);
    // Two commits made on epoch 1: the first wins, the second (and a replay of the first) get wrongEpoch.
    const made = await aliceRoom.removeParticipant(BOB);
    const request = await commitUpdateRequest(aliceRoom, made);
    const first = await a.update(me, ROOM, request);
    expect(first.responseCode).toBe('success');
    const replay = await a.update(me, ROOM, request);
    expect(replay.responseCode).toBe('wrongEpoch');
    if (replay.responseCode === 'wrongEpoch') expect(replay.currentEpoch).toBe(2n);
    const room = await f.at('a.example').store.getRoom(ROOM);
    expect(room?.epoch).toBe(2n);
  });
});
