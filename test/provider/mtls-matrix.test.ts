/**
 * The mutual-TLS rejection matrix of a provider's federation endpoint: who may ask what. Every
 * request below is refused with its status (or the draft's refusal code), and each leaves the
 * store as it was: no KeyPackage claimed, no room change, no outbox entry, no inbox item. A
 * control request that is allowed shows that each refusal came from the identity, not the body.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import type { FanoutMessage } from '@mimikit/mimi-protocol';
import { createMimiClient, type MimiClient } from '@mimikit/mimi-protocol/client';
import { proposalsUpdateRequest, submitMessageRequest } from '@mimikit/mls-profile/rooms';
import {
  clientWithKeyPackage,
  keyMaterialRequest,
  outboxDrained,
  startRoom,
  storeSnapshot,
  type FederatedRoom,
  type TestClient,
} from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';
import type { Credentials, CustomProfile } from '../support/pki.ts';

const ROOM = 'mimi://a.example/r/matrix';
const ALICE = 'mimi://a.example/u/alice';
const DORA = 'mimi://a.example/u/dora';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';

const leafExt = (...dns: string[]): CustomProfile => ({
  basicConstraints: { ca: false },
  keyUsage: { usages: ['digitalSignature'], critical: true },
  extendedKeyUsage: ['clientAuth'],
  subjectAltNames: dns.map((d) => ({ dns: d })),
});

describe('the mutual-TLS rejection matrix of the federation endpoint', () => {
  let f: Federation;
  let room: FederatedRoom;
  let dora: TestClient;
  const agents: Agent[] = [];
  /** A client of `domain`'s federation endpoint presenting `creds` (none: no client certificate). */
  const to = (domain: string, creds?: Credentials): MimiClient => {
    const agent = new Agent({ connect: { ca: f.pki.ca, servername: domain, ...(creds ?? {}) } });
    agents.push(agent);
    return createMimiClient({ baseUrl: f.at(domain).federationUrl, dispatcher: agent });
  };
  /** The certificate and key a.example, b.example and c.example run with. */
  const own = (domain: string): Credentials => ({
    cert: readFileSync(join(f.dir, `${domain}.pem`), 'utf8'),
    key: readFileSync(join(f.dir, `${domain}.key.pem`), 'utf8'),
  });
  const member = (uri: string) => room.members.get(uri)!.member;
  /** A room member of `user` (its first client), to sign that user's requests. */
  const asUser = (user: string) => [...room.members.values()].find((m) => m.member.user === user)!.member;
  const bobPhone = 'mimi://b.example/d/bob/phone';
  const snapshot = (domain: string) =>
    storeSnapshot(
      f.at(domain).store,
      [ROOM],
      [room.admin.uri, dora.uri, ...room.members.keys()].filter((c) => c.includes(`//${domain}/`)),
    );

  beforeAll(async () => {
    f = await startFederation({ users: { 'a.example': [ALICE, DORA], 'b.example': [BOB], 'c.example': [CATHY] } });
    room = await startRoom(f, ROOM, ALICE, { [BOB]: ['phone'], [CATHY]: ['laptop'] });
    dora = (await clientWithKeyPackage(f, room.suite, DORA, 'laptop')).client;
  }, 60_000);
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await f?.close();
  });

  it('keyMaterial without a client certificate, or with one the CA did not issue, or an expired one: 401; with b.example’s certificate for a user of c.example: 403', async () => {
    const before = await snapshot('a.example');
    const ask = async (client: MimiClient, requester: string) =>
      client.keyMaterial({ targetUser: DORA }, await keyMaterialRequest(asUser(requester), DORA, ROOM));
    await expect(ask(to('a.example'), BOB)).rejects.toMatchObject({ status: 401 });
    await expect(ask(to('a.example', await f.pki.stranger('b.example')), BOB)).rejects.toMatchObject({ status: 401 });
    await expect(ask(to('a.example', await f.pki.expired('b.example')), BOB)).rejects.toMatchObject({ status: 401 });
    const wrongUser = ask(to('a.example', own('b.example')), CATHY);
    await expect(wrongUser).rejects.toMatchObject({ status: 403 });
    await expect(wrongUser).rejects.toThrow(/b\.example is neither the provider of mimi:\/\/c\.example\/u\/cathy/);
    expect(await snapshot('a.example')).toEqual(before);
    // Dora's one KeyPackage was not claimed by any of them: the first allowed request gets it.
    const allowed = await ask(to('a.example', own('c.example')), CATHY);
    expect(allowed.userStatus).toBe('success');
    expect(allowed.clients.map((c) => [decodeUtf8(c.clientUri.uri), c.clientStatus])).toEqual([[dora.uri, 'success']]);
  });

  it('a valid certificate of a domain that is not allowlisted, or of two allowlisted domains at once: 403 for every operation', async () => {
    const before = await snapshot('a.example');
    const beforeB = await snapshot('b.example');
    const message = await member(bobPhone).sendMessage(encodeUtf8('from nowhere'));
    const fanout: FanoutMessage = { timestamp: 1n, message: mls.MLSMessage.decode(message), frank: null };
    for (const creds of [await f.pki.custom('d.example', leafExt('d.example')), await f.pki.custom('b.example', leafExt('b.example', 'c.example'))]) {
      await expect(to('a.example', creds).keyMaterial({ targetUser: DORA }, await keyMaterialRequest(asUser(BOB), DORA, ROOM))).rejects.toMatchObject({
        status: 403,
      });
      await expect(to('a.example', creds).submitMessage({ roomId: ROOM }, submitMessageRequest(member(bobPhone), message))).rejects.toMatchObject({
        status: 403,
      });
      await expect(to('b.example', creds).notify({ roomId: ROOM }, [fanout])).rejects.toMatchObject({ status: 403 });
    }
    expect(await snapshot('a.example')).toEqual(before);
    expect(await snapshot('b.example')).toEqual(beforeB);
  });

  it('a message or a handshake whose sender belongs to another domain than the certificate’s is refused with notAllowed, and nothing is queued', async () => {
    const before = await snapshot('a.example');
    const fromC = to('a.example', own('c.example'));
    const message = await member(bobPhone).sendMessage(encodeUtf8('Bob’s words, sent by c.example'));
    const request = submitMessageRequest(member(bobPhone), message);
    const refused = await fromC.submitMessage({ roomId: ROOM }, request);
    expect(refused.statusCode).toBe('notAllowed');
    expect(await snapshot('a.example')).toEqual(before);
    // The same message from Bob's own provider is accepted.
    const accepted = await to('a.example', own('b.example')).submitMessage({ roomId: ROOM }, request);
    expect(accepted.statusCode).toBe('accepted');
    expect(await snapshot('a.example')).not.toEqual(before);
    await outboxDrained(f.at('a.example').store);

    const afterMessage = await snapshot('a.example');
    const leave = proposalsUpdateRequest(await member(bobPhone).leave());
    const handshake = await fromC.update({ roomId: ROOM }, leave);
    expect(handshake.responseCode).toBe('notAllowed');
    expect(decodeUtf8(handshake.errorDescription)).toMatch(/c\.example does not speak for mimi:\/\/b\.example\/d\/bob\/phone/);
    expect(await snapshot('a.example')).toEqual(afterMessage);
    expect((await f.at('a.example').store.getRoom(ROOM))?.epoch).toBe(room.adminMember.epoch());
  });

  it('/notify from an allowlisted provider that is not the room’s hub: 403 and no inbox item; the hub’s own is applied', async () => {
    const before = await snapshot('b.example');
    const message = await member('mimi://c.example/d/cathy/laptop').sendMessage(encodeUtf8('pretending to be the hub'));
    const fanout: FanoutMessage = { timestamp: 2n, message: mls.MLSMessage.decode(message), frank: null };
    await expect(to('b.example', own('c.example')).notify({ roomId: ROOM }, [fanout])).rejects.toMatchObject({ status: 403 });
    expect(await snapshot('b.example')).toEqual(before);
    await to('b.example', own('a.example')).notify({ roomId: ROOM }, [fanout]);
    expect(await snapshot('b.example')).not.toEqual(before);
  });
});
