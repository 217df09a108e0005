/**
 * identifierQuery against a provider's own directory (draft §5.8) and consent (§5.7) between two
 * providers that require it: keyMaterial answers noConsent until the target user grants consent,
 * and again after a revoke; a provider may send consent only for its own users.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8 } from '@mimikit/bytes';
import type { ConsentEntry, IdentifierRequest, KeyMaterialRequest } from '@mimikit/mimi-protocol';
import { cipherSuite } from '@mimikit/mls-profile/mls';
import { roomKeyPackage, signedKeyMaterialRequest, type RoomMember } from '@mimikit/mls-profile/rooms';
import { soloMember } from '../support/federated-room.ts';
import { startFederation, type Federation } from '../support/providers.ts';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const ROOM = 'mimi://a.example/r/consent';

const query = (elements: IdentifierRequest['query_elements']): IdentifierRequest => ({
  query_elements: elements,
  id_request_extensions: { component_data: [] },
});
const byHandle = (handle: string): IdentifierRequest => query([{ searchType: 'handle', searchValue: encodeUtf8(handle) }]);
const consent = (op: ConsentEntry['consentOperation']): ConsentEntry =>
  ({
    consentOperation: op,
    requesterUri: { uri: encodeUtf8(ALICE) },
    targetUri: { uri: encodeUtf8(BOB) },
    roomId: null,
    consent_extensions: { component_data: [] },
    ...(op === 'grant' ? { clientKeyPackages: [] } : {}),
  }) as ConsentEntry;

describe('identifierQuery and consent between two providers', () => {
  let f: Federation;
  /** Alice's client in a room of her own: requests are signed with its leaf key. */
  let aliceMember: RoomMember;
  const keyMaterialRequest = (): Promise<KeyMaterialRequest> => signedKeyMaterialRequest(aliceMember, { target: BOB, roomId: ROOM, cipherSuites: [SUITE] });
  beforeAll(async () => {
    aliceMember = await soloMember(ROOM, ALICE, 'mimi://a.example/d/alice/laptop', ['a.example', 'b.example']);
    f = await startFederation({ users: { 'a.example': [ALICE], 'b.example': [BOB, 'mimi://b.example/u/bobby'] }, requireConsent: true });
    const b = f.at('b.example').clients;
    const token = await b.register(BOB, 'mimi://b.example/d/bob/phone');
    const kps = await Promise.all(
      [1, 2].map(async () => (await roomKeyPackage({ client: 'mimi://b.example/d/bob/phone', cipherSuite: await cipherSuite(SUITE) })).keyPackage),
    );
    await b.uploadKeyPackages(await b.authenticate(token), kps);
  }, 60_000);
  afterAll(async () => {
    await f?.close();
  });

  const alice = async () => {
    const a = f.at('a.example').clients;
    const token = await a.register(ALICE, `mimi://a.example/d/alice/d${Math.random().toString(36).slice(2, 8)}`);
    return { a, me: await a.authenticate(token) };
  };

  it('finds a user of another provider by handle; notFound, ambiguous-free and unsupported fields as the draft codes them', async () => {
    const { a, me } = await alice();
    const found = await a.identifierQuery(me, 'b.example', byHandle('bob'));
    expect(found.responseCode).toBe('success');
    expect(found.uri.map((u) => decodeUtf8(u.uri))).toEqual([BOB]);
    expect((await a.identifierQuery(me, 'b.example', byHandle('carol'))).responseCode).toBe('notFound');
    const vcard = query([{ searchType: 'vcardField', propertyName: encodeUtf8('FN'), searchValue: encodeUtf8('Bob') }]);
    expect((await a.identifierQuery(me, 'b.example', vcard)).responseCode).toBe('unsupportedField');
    // Two elements must match the same user.
    const both = query([
      { searchType: 'handle', searchValue: encodeUtf8('bob') },
      { searchType: 'handle', searchValue: encodeUtf8('bobby') },
    ]);
    expect((await a.identifierQuery(me, 'b.example', both)).responseCode).toBe('notFound');
  });

  it('keyMaterial is refused without consent, answered after Bob grants it, and refused again after he revokes it', async () => {
    const { a, me } = await alice();
    const b = f.at('b.example').clients;
    const bob = await b.authenticate(await b.register(BOB, 'mimi://b.example/d/bob/laptop'));
    expect((await a.keyMaterial(me, BOB, await keyMaterialRequest())).userStatus).toBe('noConsent');
    await a.requestConsent(me, 'b.example', consent('request'));
    expect((await f.at('b.example').store.getConsent({ requester: ALICE, target: BOB, roomId: null }))?.state).toBe('request');
    await b.updateConsent(bob, 'a.example', consent('grant'));
    // b.example told a.example too.
    expect((await f.at('a.example').store.getConsent({ requester: ALICE, target: BOB, roomId: null }))?.state).toBe('grant');
    const granted = await a.keyMaterial(me, BOB, await keyMaterialRequest());
    expect(granted.userStatus).toBe('partialSuccess'); // the phone has KeyPackages, the laptop none
    await b.updateConsent(bob, 'a.example', consent('revoke'));
    expect((await a.keyMaterial(me, BOB, await keyMaterialRequest())).userStatus).toBe('noConsent');
  });

  it('a client may ask or answer consent only for its own user', async () => {
    const { a, me } = await alice();
    const b = f.at('b.example').clients;
    const bob = await b.authenticate(await b.register(BOB, 'mimi://b.example/d/bob/tablet'));
    await expect(b.requestConsent(bob, 'b.example', consent('request'))).rejects.toMatchObject({ status: 403 });
    await expect(a.updateConsent(me, 'a.example', consent('grant'))).rejects.toMatchObject({ status: 403 });
  });
});
