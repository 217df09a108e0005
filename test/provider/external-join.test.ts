/**
 * External joins across the federation (draft-ietf-mimi-protocol-06 "Cathy adds a new device"):
 * a new client of a participant asks the room's hub for the GroupInfo through its own provider
 * (POST /groupInfo, over mutual TLS), commits itself in, and the hub accepts the External Commit;
 * everyone else is refused the GroupInfo, and a refused commit leaves no subscription behind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUtf8, toHex } from '@mimikit/bytes';
import type { GroupInfoResponse } from '@mimikit/mimi-protocol';
import { createMimiClient } from '@mimikit/mimi-protocol/client';
import { defineRole } from '@mimikit/mls-profile/policy';
import {
  groupInfoRequest,
  joinRoomExternal,
  openGroupInfoResponse,
  roomKeyPackage,
  submitMessageRequest,
  type PreparedGroupInfoRequest,
} from '@mimikit/mls-profile/rooms';
import { MimiHttpError } from '@mimikit/transport';
import { drain, mlsBytes, PARTICIPANT_ROLE, registerClient, ROLES, startRoom, type FederatedRoom, type TestClient } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const ROOM = 'mimi://a.example/r/joins';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';

/** The test roles, with canAddOwnClient for participants (the capability an External Commit needs). */
const ROLES_WITH_OWN_CLIENTS = {
  roles: ROLES.roles.map((r) =>
    r.role_index === PARTICIPANT_ROLE
      ? defineRole({
          index: PARTICIPANT_ROLE,
          name: 'participant',
          capabilities: ['canSendMessage', 'canRemoveSelf', 'canAddOwnClient'],
          changes: [[PARTICIPANT_ROLE, [0]]],
        })
      : r,
  ),
};

describe('external joins through the room hub', () => {
  let f: Federation;
  let room: FederatedRoom;

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB], 'c.example': [CATHY] } });
    room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone'] }, ROLES_WITH_OWN_CLIENTS);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  /** A GroupInfoRequest of a new client of `user`, sent through that client's own provider. */
  const ask = async (
    client: TestClient,
  ): Promise<{ prepared: PreparedGroupInfoRequest; bundle: Awaited<ReturnType<typeof roomKeyPackage>>; response: GroupInfoResponse }> => {
    const bundle = await roomKeyPackage({ client: client.uri, cipherSuite: room.suite });
    const prepared = await groupInfoRequest({ keyPackage: bundle });
    const p = f.at(client.domain).clients;
    const response = await p.groupInfo(await p.authenticate(client.token), ROOM, prepared.request);
    return { prepared, bundle, response };
  };

  it("a participant's new client gets the GroupInfo, joins by External Commit, and every member agrees", async () => {
    const laptop = await registerClient(f, BOB, 'laptop');
    const { prepared, bundle, response } = await ask(laptop);
    expect(response.status).toBe('success');
    const opened = await openGroupInfoResponse(response, { roomId: ROOM, prepared });
    const hubRoom = (await f.at('a.example').store.getRoom(ROOM))!;
    expect(toHex(opened.groupInfo)).toBe(toHex(hubRoom.groupInfo));
    const joined = await joinRoomExternal({ ...opened, keyPackage: bundle, authService: room.auth, roomId: ROOM });
    const p = f.at('b.example').clients;
    const answer = await p.update(await p.authenticate(laptop.token), ROOM, joined.updateRequest);
    expect(answer.responseCode).toBe('success');
    expect(await f.at('b.example').store.subscribers(ROOM)).toContain(laptop.uri);
    expect((await f.at('a.example').store.getRoom(ROOM))!.epoch).toBe(hubRoom.epoch + 1n);

    // Alice and Bob's phone apply the External Commit from their inboxes.
    const phone = room.members.get('mimi://b.example/d/bob/phone')!;
    for (const [client, member] of [
      [room.admin, room.adminMember],
      [phone.client, phone.member],
    ] as const) {
      const commits = (await drain(f, client)).filter((m) => m.message?.wire_format === 'mls_public_message');
      expect(commits).toHaveLength(1);
      const r = await member.process(mlsBytes(commits[0]!));
      expect(r.kind).toBe('commit');
    }
    const auths = new Set([room.adminMember, phone.member, joined.member].map((m) => `${m.epoch()}:${toHex(m.epochAuthenticator())}`));
    expect(auths.size).toBe(1);

    // The new client's own commit came back to it (it was subscribed before the hub accepted it);
    // then it reads what Alice sends next from its own inbox.
    const own = await drain(f, laptop);
    expect(own.map((m) => m.message?.wire_format)).toEqual(['mls_public_message']);
    expect(toHex(mlsBytes(own[0]!))).toBe(toHex(joined.commit.commit));
    const sent = await room.adminMember.sendMessage(encodeUtf8('welcome, laptop'));
    const hub = f.at('a.example').clients;
    expect((await hub.submitMessage(await hub.authenticate(room.admin.token), ROOM, submitMessageRequest(room.adminMember, sent))).statusCode).toBe('accepted');
    const inbox = (await drain(f, laptop)).filter((m) => m.message?.wire_format === 'mls_private_message');
    expect(inbox).toHaveLength(1);
    const read = await joined.member.process(mlsBytes(inbox[0]!));
    expect(read.kind).toBe('application');
  }, 60_000);

  it('a user who is no participant is refused the GroupInfo (notAuthorized), and so is a room the hub does not have', async () => {
    const cathy = await registerClient(f, CATHY, 'laptop');
    const { prepared, response } = await ask(cathy);
    expect(response.status).toBe('notAuthorized');
    await expect(openGroupInfoResponse(response, { roomId: ROOM, prepared })).rejects.toMatchObject({ code: 'not-authorized' });
    const p = f.at('c.example').clients;
    const other = await p.groupInfo(await p.authenticate(cathy.token), 'mimi://a.example/r/nowhere', prepared.request);
    expect(other.status).toBe('notAuthorized');
  }, 30_000);

  it("a request naming another client, a forged signature, or a provider speaking for another's client is refused", async () => {
    const tablet = await registerClient(f, BOB, 'tablet');
    const bundle = await roomKeyPackage({ client: 'mimi://b.example/d/bob/someone-else', cipherSuite: room.suite });
    const p = f.at('b.example').clients;
    const me = await p.authenticate(tablet.token);
    const foreign = await groupInfoRequest({ keyPackage: bundle });
    await expect(p.groupInfo(me, ROOM, foreign.request)).rejects.toMatchObject({ status: 403 });

    const own = await groupInfoRequest({ keyPackage: await roomKeyPackage({ client: tablet.uri, cipherSuite: room.suite }) });
    const forged = { ...own.request, signature: own.request.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    const err = await p.groupInfo(me, ROOM, forged).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MimiHttpError);
    expect((err as MimiHttpError).status).toBe(400);
    expect((err as Error).message).toMatch(/signature/);

    // c.example's certificate cannot ask for Bob's client: only b.example speaks for it.
    const dispatcher = new Agent({
      connect: {
        ca: f.pki.ca,
        servername: 'a.example',
        cert: readFileSync(join(f.dir, 'c.example.pem'), 'utf8'),
        key: readFileSync(join(f.dir, 'c.example.key.pem'), 'utf8'),
      },
    });
    try {
      const asC = createMimiClient({ baseUrl: f.at('a.example').federationUrl, dispatcher });
      await expect(asC.groupInfo({ roomId: ROOM }, own.request)).rejects.toMatchObject({ status: 403 });
    } finally {
      await dispatcher.close();
    }
  }, 30_000);

  it('of two clients joining at once, the second gets wrongEpoch and is left unsubscribed', async () => {
    const watch = await registerClient(f, BOB, 'watch');
    const tv = await registerClient(f, BOB, 'tv');
    const prepare = async (c: TestClient) => {
      const { prepared, bundle, response } = await ask(c);
      const opened = await openGroupInfoResponse(response, { roomId: ROOM, prepared });
      return (await joinRoomExternal({ ...opened, keyPackage: bundle, authService: room.auth, roomId: ROOM })).updateRequest;
    };
    const [first, second] = [await prepare(watch), await prepare(tv)];
    const p = f.at('b.example').clients;
    expect((await p.update(await p.authenticate(watch.token), ROOM, first)).responseCode).toBe('success');
    const answer = await p.update(await p.authenticate(tv.token), ROOM, second);
    expect(answer.responseCode).toBe('wrongEpoch');
    const subscribers = await f.at('b.example').store.subscribers(ROOM);
    expect(subscribers).toContain(watch.uri);
    expect(subscribers).not.toContain(tv.uri);
  }, 30_000);
});
