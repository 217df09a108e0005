/**
 * Consent scopes and the KeyPackages of a grant (draft §5.7, §5.2), between two providers that
 * require consent: a grant for one room lets the requester into that room only (another room is
 * `noConsentForThisRoom`); of a room's entry and the any-room entry the later decides; a request
 * or cancel never withdraws the target's grant. A grant's clientKeyPackages are stored as claimed at
 * the target's provider and answer the requester's next keyMaterial at its own provider, once each;
 * a KeyPackage of someone else's client is refused by either provider.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeUtf8 } from '@mimikit/bytes';
import { codecs, type ConsentEntry, type KeyMaterialResponse } from '@mimikit/mimi-protocol';
import { codecs as mls } from '@mimikit/mls';
import { keyPackageRef } from '@mimikit/mls-profile/hub';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { roomKeyPackage, signedKeyMaterialRequest, type RoomMember } from '@mimikit/mls-profile/rooms';
import { soloMember } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CAROL = 'mimi://b.example/u/carol';
const ROOM = 'mimi://a.example/r/garden';
const OTHER_ROOM = 'mimi://a.example/r/shed';

type KeyPackage = Extract<ConsentEntry, { consentOperation: 'grant' }>['clientKeyPackages'][number];

const entry = (op: ConsentEntry['consentOperation'], target: string, roomId: string | null, clientKeyPackages: KeyPackage[] = []): ConsentEntry =>
  ({
    consentOperation: op,
    requesterUri: { uri: encodeUtf8(ALICE) },
    targetUri: { uri: encodeUtf8(target) },
    roomId: roomId === null ? null : { uri: encodeUtf8(roomId) },
    consent_extensions: { component_data: [] },
    ...(op === 'grant' ? { clientKeyPackages } : {}),
  }) as ConsentEntry;

describe('consent scopes and the KeyPackages of a grant', () => {
  let f: Federation;
  let aliceMember: RoomMember;

  /** A fresh KeyPackage of `client` (not uploaded). */
  const freshKeyPackage = async (client: string): Promise<KeyPackage> => {
    const made = await roomKeyPackage({ client, cipherSuite: await cipherSuite(SUITE) });
    const m = mls.MLSMessage.decode(made.keyPackage);
    if (m.wire_format !== 'mls_key_package') throw new Error('not a KeyPackage');
    return m.key_package;
  };
  const alice = async () => {
    const a = f.at('a.example').clients;
    return { a, me: await a.authenticate(await a.register(ALICE, `mimi://a.example/d/alice/d${Math.random().toString(36).slice(2, 8)}`)) };
  };
  const keyMaterial = async (target: string, roomId: string): Promise<KeyMaterialResponse> => {
    const { a, me } = await alice();
    return a.keyMaterial(me, target, await signedKeyMaterialRequest(aliceMember, { target, roomId, cipherSuites: [SUITE] }));
  };
  const status = async (target: string, roomId: string) => (await keyMaterial(target, roomId)).userStatus;
  const b = () => f.at('b.example').clients;
  const user = async (uri: string, device: string) => b().authenticate(await b().register(uri, `${uri.replace('/u/', '/d/')}/${device}`));

  beforeAll(async () => {
    aliceMember = await soloMember(ROOM, ALICE, 'mimi://a.example/d/alice/laptop', ['a.example', 'b.example']);
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB, CAROL] }, requireConsent: true });
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  it('a grant for one room, any room, revokes and requests: the later of the two scopes decides, noConsentForThisRoom for another room', async () => {
    const bob = await user(BOB, 'phone');
    const kps = await Promise.all(
      Array.from({ length: 6 }, async () => (await roomKeyPackage({ client: bob.uri, cipherSuite: await cipherSuite(SUITE) })).keyPackage),
    );
    await b().uploadKeyPackages(bob, kps);
    const { a, me } = await alice();
    const update = (op: ConsentEntry['consentOperation'], roomId: string | null) => b().updateConsent(bob, 'a.example', entry(op, BOB, roomId));
    // Consent entries are ordered by the time they were stored (ms): keep them apart.
    const tick = () => new Promise((r) => setTimeout(r, 5));

    expect(await status(BOB, ROOM)).toBe('noConsent');
    await update('grant', ROOM);
    expect(await status(BOB, ROOM)).toBe('success');
    expect(await status(BOB, OTHER_ROOM)).toBe('noConsentForThisRoom');
    await tick();
    // A later revoke for any room overrides the earlier grant for one room.
    await update('revoke', null);
    expect(await status(BOB, ROOM)).toBe('noConsent');
    await tick();
    // A later grant for one room lets Alice into that room despite the any-room revoke.
    await update('grant', ROOM);
    expect(await status(BOB, ROOM)).toBe('success');
    expect(await status(BOB, OTHER_ROOM)).toBe('noConsentForThisRoom');
    await tick();
    await update('grant', null);
    expect(await status(BOB, OTHER_ROOM)).toBe('success');
    await tick();
    await update('revoke', ROOM);
    expect(await status(BOB, ROOM)).toBe('noConsentForThisRoom');
    // Alice asking again, or cancelling, does not withdraw Bob's grant.
    await a.requestConsent(me, 'b.example', entry('request', BOB, null));
    await a.requestConsent(me, 'b.example', entry('cancel', BOB, null));
    expect((await f.at('b.example').store.getConsent({ requester: ALICE, target: BOB, roomId: null }))?.state).toBe('grant');
    expect(await status(BOB, OTHER_ROOM)).toBe('success');
  });

  it("a grant's clientKeyPackages: claimed at the target's provider, handed to the requester once by its own provider", async () => {
    const carol = await user(CAROL, 'laptop');
    const granted = await freshKeyPackage(carol.uri);
    await b().updateConsent(carol, 'a.example', entry('grant', CAROL, ROOM, [granted]));
    // b.example knows the KeyPackage (the Welcome will find Carol's laptop) and never hands it out itself.
    expect(await f.at('b.example').store.keyPackageOwner(keyPackageRef(granted))).toBe(carol.uri);
    expect(await f.at('b.example').store.claimKeyPackage(carol.uri, [1], { roomId: ROOM, requester: ALICE, at: Date.now() })).toBe('exhausted');

    // a.example answers from the grant: Carol uploaded nothing, so b.example could not have.
    const first = await keyMaterial(CAROL, ROOM);
    expect(first.userStatus).toBe('success');
    expect(first.clients).toHaveLength(1);
    expect(first.clients[0]).toMatchObject({ clientStatus: 'success', clientUri: { uri: encodeUtf8(carol.uri) } });
    const handed = first.clients[0]!.clientStatus === 'success' ? first.clients[0]!.keyPackage : null;
    expect(handed && Buffer.from(keyPackageRef(handed)).toString('hex')).toBe(Buffer.from(keyPackageRef(granted)).toString('hex'));
    // Used once: the next request goes to b.example, which has nothing left for Carol.
    expect(await status(CAROL, ROOM)).toBe('noCompatibleMaterial');
    // The grant is for ROOM only: another room is refused at b.example.
    expect(await status(CAROL, OTHER_ROOM)).toBe('noConsentForThisRoom');
    // Granting the same KeyPackage again is refused (KeyPackages are used once).
    await expect(b().updateConsent(carol, 'a.example', entry('grant', CAROL, ROOM, [granted]))).rejects.toMatchObject({ status: 409 });
  });

  it('a grant carrying a KeyPackage of another user is refused by the target provider and by the requester provider', async () => {
    const carol = await user(CAROL, 'tablet');
    const bobs = await freshKeyPackage('mimi://b.example/d/bob/phone');
    await expect(b().updateConsent(carol, 'a.example', entry('grant', CAROL, OTHER_ROOM, [bobs]))).rejects.toMatchObject({ status: 400 });
    expect(await f.at('b.example').store.getConsent({ requester: ALICE, target: CAROL, roomId: OTHER_ROOM })).toBeUndefined();

    // b.example's certificate, sending the grant to a.example itself (as a provider that checks nothing would).
    const agent = new Agent({
      connect: { ca: f.pki.ca, cert: readFileSync(join(f.dir, 'b.example.pem')), key: readFileSync(join(f.dir, 'b.example.key.pem')), servername: 'a.example' },
    });
    try {
      const res = await request(`${f.at('a.example').federationUrl}/v1/updateConsent/a.example`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/mimi-protocol' },
        body: codecs.ConsentEntry.encode(entry('grant', CAROL, OTHER_ROOM, [bobs])),
      });
      const problem = (await res.body.json()) as { detail?: string };
      expect(res.statusCode).toBe(400);
      expect(problem.detail).toMatch(/not a KeyPackage of a client of mimi:\/\/b\.example\/u\/carol/);
    } finally {
      await agent.close();
    }
    expect(await f.at('a.example').store.getConsent({ requester: ALICE, target: CAROL, roomId: OTHER_ROOM })).toBeUndefined();
  });
});
