/**
 * Message franking (draft-ietf-mimi-protocol-06 §Message Franking, §Report abuse) through real
 * ts-mls groups: Alice (a.example, the hub's domain) creates a room whose GroupContext carries the
 * hub's franking_agent, adds Bob; a franked message goes Alice → hub (frankMessage, no group
 * secrets) → FanoutMessage bytes → Bob, who verifies it. Every tampering a follower, the hub or a
 * lying sender could do is detected with its own FrankingError code, and Bob's abuse report
 * verifies at the hub operator while tampered reports do not.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { encodeUtf8 } from '@mimikit/bytes';
import { codecs, type MLSMessage } from '@mimikit/mls';
import { codecs as protocolCodecs, type AbuseReport, type AbusiveMessage, type Frank, type FrankingAgentData } from '@mimikit/mimi-protocol';
import { textMessage } from '@mimikit/content';
import { MimiContentCodec } from '@mimikit/mimi-content';
import {
  abusiveMessage,
  encodeSafeAad,
  frankAadItem,
  FrankingError,
  type FrankingErrorCode,
  frankingContext,
  frankingTag,
  frankingTagOf,
  frankMessage,
  generateHubFrankingKey,
  hubFrankingKeyFromParts,
  hubFrankingKeyParts,
  readSafeAad,
  roomFranking,
  signFrank,
  verifyAbuseReport,
  verifyFrank,
  type FrankedMessageRecord,
  type HubFrankingKey,
} from '../src/franking/index.ts';
import { COMPONENT_FRANK_AAD, COMPONENT_FRANKING_AGENT, COMPONENT_SAFE_AAD } from '../src/advertise/index.ts';
import { cipherSuite, importState, sendApplication, type CipherSuite } from '../src/mls/index.ts';
import { mimiAuthService } from '../src/identity/index.ts';
import { defineRole } from '../src/policy/index.ts';
import { createRoom, joinRoom, RoomError, roomKeyPackage, type FullRoomState, type RoomMember, type RoomMessage } from '../src/rooms/index.ts';

const ROOM = 'mimi://a.example/r/franked';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });
const ADMIN = 2;
const MEMBER = 1;
const roles = {
  roles: [
    defineRole({ index: MEMBER, name: 'member', capabilities: ['canSendMessage'] }),
    defineRole({ index: ADMIN, name: 'admin', capabilities: ['canSendMessage', 'canAddParticipant'], changes: [[0, [MEMBER]]] }),
  ],
};
const ACCEPTED = 1_733_300_000_123n;

/** A FrankingError with this code (and its location), or the test fails. */
async function frankingError(p: Promise<unknown> | (() => unknown)): Promise<FrankingError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof FrankingError) return e;
    throw e;
  }
  throw new Error('expected a FrankingError');
}
const code = async (p: Promise<unknown> | (() => unknown)): Promise<FrankingErrorCode> => (await frankingError(p)).code;

const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const c = Uint8Array.from(b);
  c[i] = c[i]! ^ 0x01;
  return c;
};

describe('franking through a room', () => {
  let suite: CipherSuite;
  let key: HubFrankingKey;
  let alice: RoomMember;
  let bob: RoomMember;
  /** The room state as the hub keeps it (from the public commits; here Alice's view). */
  let hubRoom: FullRoomState;

  /** The hub's side of submitMessage and fan-out: frank, then FanoutMessage bytes as Bob's provider receives them. */
  const submit = async (message: Uint8Array, senderUri = ALICE, k = key, accepted = ACCEPTED) => {
    const franked = await frankMessage({ message, senderUri, roomUri: ROOM, acceptedTimestamp: accepted, key: k, room: hubRoom });
    const response = protocolCodecs.SubmitMessageResponse.encode(
      { protocol: 'mls10', statusCode: 'accepted', accepted_timestamp: accepted, frank: franked?.frank ?? null },
      { protocol: 'mls10' },
    );
    const fanout = protocolCodecs.FanoutMessage.encode(
      { timestamp: accepted, message: codecs.MLSMessage.decode(message), frank: franked?.frank ?? null },
      { protocol: 'mls10' },
    );
    return { franked, response: protocolCodecs.SubmitMessageResponse.decode(response, { context: { protocol: 'mls10' } }), fanout };
  };
  /** Bob's side: the FanoutMessage decoded, its MLS message processed, its frank checked. */
  const receive = async (fanout: Uint8Array, over?: { frank?: Frank | null; timestamp?: bigint }) => {
    const f = protocolCodecs.FanoutMessage.decode(fanout, { context: { protocol: 'mls10' } });
    const r = await bob.process(codecs.MLSMessage.encode(f.message as MLSMessage));
    if (r.kind !== 'application') throw new Error(`expected an application message, got ${r.kind}`);
    const frank = over && 'frank' in over ? over.frank : f.frank;
    return { message: r, verify: () => bob.verifyFrank(r, { frank, hubTimestamp: over?.timestamp ?? f.timestamp }) };
  };
  /** Bob's verification of one received message with the inputs changed (the same message, verified again). */
  const verifyWith = (m: RoomMessage, frank: Frank, over: Partial<Parameters<typeof verifyFrank>[0]> = {}) =>
    verifyFrank({
      applicationData: m.data,
      authenticatedData: m.authenticatedData,
      frank,
      acceptedTimestamp: ACCEPTED,
      room: bob.roomState(),
      cipherSuite: suite,
      sender: m.senderUser,
      ...over,
    });

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    key = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
    alice = await createRoom({
      roomUri: ROOM,
      creator: { user: ALICE, client: 'mimi://a.example/d/alice/A1', cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
      frankingAgent: key.agent,
    });
    const kp = await roomKeyPackage({ client: 'mimi://b.example/d/bob/B1', cipherSuite: suite });
    const add = await alice.addParticipant({ user: BOB, role: MEMBER, keyPackages: [kp.keyPackage] });
    bob = await joinRoom({ welcome: add.welcome!, keyPackage: kp, authService: auth });
    hubRoom = alice.roomState();
  });

  it('the room carries franking_agent (0x0021) and safe_aad naming frank_aad (0x0020); both members read the same agent', () => {
    const ids = hubRoom.other?.map((c) => c.component_id);
    expect(ids).toEqual([COMPONENT_SAFE_AAD, COMPONENT_FRANKING_AGENT]);
    expect(roomFranking(bob.roomState())).toEqual({ safeAad: [COMPONENT_FRANK_AAD], agent: key.agent });
    expect(new TextDecoder().decode((key.agent.credential as { identity: Uint8Array }).identity)).toBe('mimi://a.example');
  });

  let record: FrankedMessageRecord;
  let goodFrank: Frank;
  let received: RoomMessage;

  it('a franked message: tag in frank_aad, salt in the content; the hub franks it; Bob verifies it', async () => {
    const content = textMessage('you will regret this');
    const sent = await alice.sendContent(content, { franked: true });
    expect(sent.frankingTag).toEqual(frankingTag(content.salt, sent.applicationData));
    // The hub reads the tag in the clear from the PrivateMessage's authenticated data.
    const msg = codecs.MLSMessage.decode(sent.message);
    if (msg.wire_format !== 'mls_private_message') throw new Error('not a PrivateMessage');
    const aad = readSafeAad(msg.private_message.authenticated_data);
    expect(aad.items).toEqual([frankAadItem(sent.frankingTag)]);
    expect(aad.rest).toHaveLength(0);

    const { franked, response, fanout } = await submit(sent.message);
    expect(franked?.frankingTag).toEqual(sent.frankingTag);
    expect(response.frank).toEqual(franked?.frank);
    expect(franked?.context).toEqual(frankingContext(ALICE, ROOM, ACCEPTED));
    expect(franked?.frank.franking_signature_ciphersuite).toBe('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');

    // A sendingUri naming the sending client (/d/{user}/{client}) is recorded as its user.
    expect((await submit(sent.message, 'mimi://a.example/d/alice/A1')).franked?.context).toEqual(frankingContext(ALICE, ROOM, ACCEPTED));
    expect(await code(submit(sent.message, 'mimi://a.example/d/A1'))).toBe('bad-input');
    expect(await code(submit(sent.message, ROOM))).toBe('bad-input');

    const r = await receive(fanout);
    // The content committed to its sender and room, and reads as usual.
    const read = bob.readContent(r.message);
    expect(read.sender).toBe(ALICE);
    expect(read.content.extensions.get(1)).toBe(ALICE);
    expect(read.content.extensions.get(2)).toBe(ROOM);
    const status = await r.verify();
    if (status.status !== 'verified') throw new Error(`expected verified, got ${status.status}`);
    expect(status.record.context).toEqual(frankingContext(ALICE, ROOM, ACCEPTED));
    expect(status.record.frankingTag).toEqual(sent.frankingTag);
    expect(status.record.applicationData).toEqual(sent.applicationData);
    record = status.record;
    goodFrank = franked!.frank;
    received = r.message;
  });

  it('content bytes given by the caller are sent as they are when they already name sender and room', async () => {
    const bytes = MimiContentCodec.encode(textMessage('as bytes', { senderUri: ALICE, roomUri: ROOM }));
    const sent = await alice.sendContent(bytes, { franked: true });
    expect(sent.applicationData).toEqual(bytes);
    const r = await receive((await submit(sent.message)).fanout);
    expect((await r.verify()).status).toBe('verified');
  });

  it('unfranked messages in a franking room carry an empty SafeAAD; a tag without a Frank is reported as not franked', async () => {
    const plain = await alice.sendContent(textMessage('plain'));
    const pm = codecs.MLSMessage.decode(plain);
    if (pm.wire_format !== 'mls_private_message') throw new Error('not a PrivateMessage');
    expect(pm.private_message.authenticated_data).toEqual(encodeSafeAad([]));
    const { franked, fanout } = await submit(plain);
    expect(franked).toBeNull();
    expect(await (await receive(fanout)).verify()).toEqual({ status: 'unfranked' });

    const sent = await alice.sendContent(textMessage('franked, but no Frank came'), { franked: true });
    const noFrank = await receive((await submit(sent.message)).fanout, { frank: null });
    expect(await noFrank.verify()).toEqual({ status: 'not-franked', frankingTag: sent.frankingTag });

    // A Frank attached to a message without frank_aad (a follower pasting one) is refused.
    const plain2 = await alice.sendContent(textMessage('plain again'));
    const pasted = await receive((await submit(plain2)).fanout, { frank: goodFrank });
    expect(await code(pasted.verify())).toBe('no-franking-tag');
  });

  it('a follower changing the timestamp, the server_frank, the signature or the suite is detected', async () => {
    expect(await code(verifyWith(received, goodFrank, { acceptedTimestamp: ACCEPTED + 1n }))).toBe('bad-signature');
    expect(await code(verifyWith(received, { ...goodFrank, server_frank: flip(goodFrank.server_frank) }))).toBe('bad-signature');
    const sig = await frankingError(verifyWith(received, { ...goodFrank, franking_integrity_signature: flip(goodFrank.franking_integrity_signature, 5) }));
    expect(sig.code).toBe('bad-signature');
    expect(sig.at).toBe('frank.franking_integrity_signature');
    expect(await code(verifyWith(received, { ...goodFrank, franking_integrity_signature: new Uint8Array(3) }))).toBe('bad-signature');
    expect(await code(verifyWith(received, { ...goodFrank, franking_signature_ciphersuite: 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256' }))).toBe(
      'suite-mismatch',
    );
    // The same through the FanoutMessage: Bob is handed another timestamp than the hub's.
    const sent = await alice.sendContent(textMessage('late'), { franked: true });
    const late = await receive((await submit(sent.message)).fanout, { timestamp: ACCEPTED + 60_000n });
    expect(await code(late.verify())).toBe('bad-signature');
    // Sanity: the untampered inputs verify, so each failure above is the tampering's.
    await expect(verifyWith(received, goodFrank)).resolves.toEqual(record);
  });

  it('changed content, or a content whose sender or room is not the message context, is detected', async () => {
    const other = MimiContentCodec.encode(textMessage('I never said that', { senderUri: ALICE, roomUri: ROOM }));
    expect(await code(verifyWith(received, goodFrank, { applicationData: other }))).toBe('tag-mismatch');
    // A context the hub signed is the content's: another sender or room in the content breaks the signature.
    const asCathy = MimiContentCodec.encode(textMessage('x', { senderUri: CATHY, roomUri: ROOM }));
    expect(await code(verifyWith(received, goodFrank, { applicationData: asCathy }))).toBe('bad-signature');
    // The content names Alice, the MLS sender is (said to be) Bob.
    expect(await code(verifyWith(received, goodFrank, { sender: BOB }))).toBe('sender-mismatch');
    // Content without the committed fields cannot be franked.
    const bare = MimiContentCodec.encode(textMessage('no uris'));
    expect(await code(verifyWith(received, goodFrank, { applicationData: bare }))).toBe('missing-field');
  });

  it('a sender asserting another identity to the hub, or the hub signing another room, fails at the receiver', async () => {
    const sent = await alice.sendContent(textMessage('who am I'), { franked: true });
    const { fanout } = await submit(sent.message, CATHY);
    expect(await code((await receive(fanout)).verify())).toBe('bad-signature');
    // A Frank over another room's context, signed with the right key.
    const sent2 = await alice.sendContent(textMessage('which room'), { franked: true });
    const elsewhere = await signFrank({ ...key, frankingTag: sent2.frankingTag, context: frankingContext(ALICE, 'mimi://a.example/r/other', ACCEPTED) });
    expect(await code((await receive((await submit(sent2.message)).fanout, { frank: elsewhere })).verify())).toBe('bad-signature');
  });

  it('a Frank from another hub key is refused: the hub will not use it, and a receiver does not accept it', async () => {
    const rogue = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
    const sent = await alice.sendContent(textMessage('rogue'), { franked: true });
    expect(await code(submit(sent.message, ALICE, rogue))).toBe('agent-mismatch');
    const forged = await signFrank({ ...rogue, frankingTag: sent.frankingTag, context: frankingContext(ALICE, ROOM, ACCEPTED) });
    expect(await code((await receive((await submit(sent.message)).fanout, { frank: forged })).verify())).toBe('bad-signature');
  });

  it("a franking agent whose credential is not the room's hub is refused by receivers and by createRoom", async () => {
    const foreign: FrankingAgentData = { ...key.agent, credential: { credential_type: 'basic', identity: encodeUtf8('mimi://b.example') } };
    const state: FullRoomState = {
      ...bob.roomState(),
      other: bob
        .roomState()
        .other!.map((c) => (c.component_id === COMPONENT_FRANKING_AGENT ? { ...c, data: protocolCodecs.FrankingAgentData.encode(foreign) } : c)),
    };
    expect(await code(verifyWith(received, goodFrank, { room: state }))).toBe('agent-credential');
    const notUri: FrankingAgentData = { ...key.agent, credential: { credential_type: 'basic', identity: encodeUtf8('a.example') } };
    const state2: FullRoomState = {
      ...state,
      other: state.other!.map((c) => (c.component_id === COMPONENT_FRANKING_AGENT ? { ...c, data: protocolCodecs.FrankingAgentData.encode(notUri) } : c)),
    };
    expect(await code(verifyWith(received, goodFrank, { room: state2 }))).toBe('agent-credential');
    const noAgent: FullRoomState = { ...state, other: state.other!.filter((c) => c.component_id !== COMPONENT_FRANKING_AGENT) };
    expect(await code(verifyWith(received, goodFrank, { room: noAgent }))).toBe('not-franking-room');
    await expect(
      createRoom({
        roomUri: ROOM,
        creator: { user: ALICE, client: 'mimi://a.example/d/alice/A9', cipherSuite: suite },
        roles,
        creatorRole: ADMIN,
        authService: auth,
        frankingAgent: foreign,
      }),
    ).rejects.toBeInstanceOf(RoomError);
  });

  it('a sender lying in its frank_aad (a tag over other content) is caught by the receiver, not by the hub', async () => {
    // The liar is a copy of Alice's state sending through the adapter with a hand-made SafeAAD.
    // It sends last in this suite, so the real Alice never reuses its key generation.
    const liar = await importState(alice.save(), { authService: async () => true });
    const content = textMessage('real words', { senderUri: ALICE, roomUri: ROOM });
    const data = MimiContentCodec.encode(content);
    const wrongTag = frankingTag(content.salt, encodeUtf8('innocent words'));
    const { message } = await sendApplication(liar, data, encodeSafeAad([frankAadItem(wrongTag)]));
    const { franked, fanout } = await submit(message);
    expect(franked?.frankingTag).toEqual(wrongTag);
    expect(await code((await receive(fanout)).verify())).toBe('tag-mismatch');
  });

  describe('abuse reports at the hub operator', () => {
    const report = (messages: AbusiveMessage[], alleged = ALICE): AbuseReport => ({
      reportingUser: { uri: encodeUtf8(BOB) },
      allegedAbuserUri: { uri: encodeUtf8(alleged) },
      reasonCode: 'reserved',
      note: encodeUtf8('threats'),
      messages,
      abuse_extensions: { component_data: [] },
    });

    it("Bob's report of the franked message verifies (from its wire bytes)", async () => {
      const bytes = protocolCodecs.AbuseReport.encode(report([abusiveMessage(record)]));
      const verdict = await verifyAbuseReport(bytes, { room: hubRoom, keys: [key] });
      expect(verdict.verified).toBe(true);
      const [m] = verdict.messages;
      if (!m?.ok) throw new Error('expected a verified message');
      expect(m.senderUri).toBe(ALICE);
      expect(m.context).toEqual(frankingContext(ALICE, ROOM, ACCEPTED));
      expect(m.content.nestedPart).toEqual(textMessage('you will regret this').nestedPart);
    });

    it('the hub key survives storing it as parts (restart)', async () => {
      const restored = await hubFrankingKeyFromParts(hubFrankingKeyParts(key));
      expect((await verifyAbuseReport(report([abusiveMessage(record)]), { room: hubRoom, keys: [restored] })).verified).toBe(true);
      const other = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
      const mixed = { ...hubFrankingKeyParts(key), signaturePublicKey: other.agent.franking_signature_key };
      expect(await code(hubFrankingKeyFromParts(mixed))).toBe('agent-mismatch');
      expect(await code(hubFrankingKeyFromParts({ ...hubFrankingKeyParts(key), hubKey: new Uint8Array(16) }))).toBe('bad-input');
    });

    it('each tampering gives its own code, one verdict per message', async () => {
      const good = abusiveMessage(record);
      const read = MimiContentCodec.decode(good.message_content);
      const edited = MimiContentCodec.encode({ ...read, nestedPart: textMessage('something else').nestedPart });
      const otherRoom = MimiContentCodec.encode({ ...read, extensions: new Map([...read.extensions, [2, 'mimi://a.example/r/other']]) });
      const cases: Array<[AbusiveMessage, FrankingErrorCode]> = [
        [{ ...good, message_content: edited }, 'server-frank-mismatch'],
        [{ ...good, accepted_timestamp: good.accepted_timestamp + 1n }, 'server-frank-mismatch'],
        [{ ...good, frank: { ...good.frank, server_frank: flip(good.frank.server_frank) } }, 'server-frank-mismatch'],
        [{ ...good, frank: { ...good.frank, franking_integrity_signature: flip(good.frank.franking_integrity_signature, 9) } }, 'bad-signature'],
        [{ ...good, frank: { ...good.frank, franking_signature_ciphersuite: 'MLS_128_DHKEMP256_AES128GCM_SHA256_P256' } }, 'suite-mismatch'],
        [{ ...good, message_content: otherRoom }, 'room-mismatch'],
        [{ ...good, message_content: Uint8Array.of(0xff) }, 'bad-input'],
      ];
      const verdict = await verifyAbuseReport(report([good, ...cases.map(([m]) => m)]), { room: hubRoom, keys: [key] });
      expect(verdict.verified).toBe(false);
      expect(verdict.messages[0]?.ok).toBe(true);
      expect(verdict.messages.slice(1).map((m) => (m.ok ? 'ok' : m.error.code))).toEqual(cases.map(([, c]) => c));
      const first = verdict.messages[1];
      expect(first?.ok === false && first.error.at).toBe('messages[1].frank.server_frank');
    });

    it('a report accusing someone else, checked with another hub key, or empty, does not verify', async () => {
      const good = abusiveMessage(record);
      const wrongAbuser = await verifyAbuseReport(report([good], CATHY), { room: hubRoom, keys: [key] });
      expect(wrongAbuser.messages.map((m) => (m.ok ? 'ok' : m.error.code))).toEqual(['sender-mismatch']);
      const otherKey = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
      const wrongKey = await verifyAbuseReport(report([good]), { room: hubRoom, keys: [otherKey] });
      expect(wrongKey.messages.map((m) => (m.ok ? 'ok' : m.error.code))).toEqual(['server-frank-mismatch']);
      // Old and new keys side by side: the report verifies with the one that franked it.
      expect((await verifyAbuseReport(report([good]), { room: hubRoom, keys: [otherKey, key] })).verified).toBe(true);
      expect((await verifyAbuseReport(report([]), { room: hubRoom, keys: [key] })).verified).toBe(false);
      expect(await code(verifyAbuseReport(Uint8Array.of(1, 2, 3), { room: hubRoom, keys: [key] }))).toBe('bad-input');
    });
  });
});

describe('franking: rooms without a franking agent, and hostile AAD', () => {
  let suite: CipherSuite;
  let plain: RoomMember;

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    plain = await createRoom({
      roomUri: 'mimi://a.example/r/plain',
      creator: { user: ALICE, client: 'mimi://a.example/d/alice/A1', cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
    });
  });

  it('a franked send is refused, messages carry no AAD, and the hub does not frank', async () => {
    expect(await code(plain.sendContent(textMessage('x'), { franked: true }))).toBe('not-franking-room');
    const m = codecs.MLSMessage.decode(await plain.sendContent(textMessage('x')));
    if (m.wire_format !== 'mls_private_message') throw new Error('not a PrivateMessage');
    expect(m.private_message.authenticated_data).toHaveLength(0);
    const key = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
    const franked = await frankMessage({
      message: codecs.MLSMessage.encode(m),
      senderUri: ALICE,
      roomUri: 'mimi://a.example/r/plain',
      acceptedTimestamp: 1n,
      key,
      room: plain.roomState(),
    });
    expect(franked).toBeNull();
  });

  it('SafeAAD that is malformed, unsorted or repeated is bad input with a location', async () => {
    expect(await code(() => readSafeAad(Uint8Array.of(0x05, 0x00)))).toBe('bad-input');
    const item = (id: number) => codecs.SafeAADItem.encode({ component_id: id, aad_item_data: new Uint8Array() });
    const list = (...items: Uint8Array[]) => {
      const body = items.flatMap((i) => [...i]);
      return Uint8Array.of(body.length, ...body);
    };
    const unsorted = await frankingError(() => readSafeAad(list(item(0x21), item(0x20))));
    expect([unsorted.code, unsorted.at]).toEqual(['bad-input', 'authenticated_data.aad_items[1]']);
    expect(await code(() => readSafeAad(list(item(0x20), item(0x20))))).toBe('bad-input');
    // A frank_aad item that is not a 32-byte FrankAAD.
    const short = codecs.SafeAAD.encode({ aad_items: [{ component_id: COMPONENT_FRANK_AAD, aad_item_data: new Uint8Array(31) }] });
    const bad = await frankingError(() => frankingTagOf(short, true));
    expect([bad.code, bad.at]).toEqual(['bad-input', 'authenticated_data.aad_items[0] (frank_aad)']);
    expect(frankingTagOf(short, false)).toBeNull();
    expect(await code(() => encodeSafeAad([frankAadItem(new Uint8Array(32)), frankAadItem(new Uint8Array(32))]))).toBe('bad-input');
    // Non-safe data may follow the SafeAAD.
    expect(readSafeAad(Uint8Array.of(...encodeSafeAad([]), 7, 8)).rest).toEqual(Uint8Array.of(7, 8));
  });

  it('any bytes as authenticated data, hub input or abuse report give a result or a FrankingError, nothing else', async () => {
    const key = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
    const room = plain.roomState();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 200 }), async (bytes) => {
        for (const f of [
          async () => frankingTagOf(bytes, true),
          async () => frankMessage({ message: bytes, senderUri: ALICE, roomUri: 'mimi://a.example/r/plain', acceptedTimestamp: 1n, key, room }),
          async () => verifyAbuseReport(bytes, { room, keys: [key] }),
        ]) {
          try {
            await f();
          } catch (e) {
            if (!(e instanceof FrankingError)) throw e;
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('the hub refuses what is not a PrivateMessage application message', async () => {
    const key = await generateHubFrankingKey({ cipherSuite: suite, domain: 'a.example' });
    const p = { senderUri: ALICE, roomUri: 'mimi://a.example/r/plain', acceptedTimestamp: 1n, key, room: plain.roomState() };
    expect(await code(frankMessage({ ...p, message: Uint8Array.of(0, 1, 0, 2) }))).toBe('bad-input');
    const kp = await roomKeyPackage({ client: 'mimi://b.example/d/bob/B1', cipherSuite: suite });
    expect(await code(frankMessage({ ...p, message: kp.keyPackage }))).toBe('bad-input');
  });
});
