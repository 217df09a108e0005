/**
 * External joins (draft-ietf-mimi-protocol-06 "Cathy adds a new device", §5.6 GroupInfoRequest and
 * GroupInfoResponse; draft-ietf-mimi-room-policy-03 canAddOwnClient): a new client of a participant
 * asks the hub for the room's GroupInfo and tree, the hub answers signed and encrypted, the client
 * makes an External Commit, and the hub and every member judge it with the same checkCommit. Real
 * MLS throughout; the hub's view is hubRoomOf over the GroupInfo and tree a member sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { toHex } from '@mimikit/bytes';
import { codecs as protocolCodecs, type GroupInfoResponse } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { codecs } from '@mimikit/mls';
import { mimiAuthService } from '../src/identity/index.ts';
import { cipherSuite, joinExternal, unsafeAcceptAnyCredential, type CipherSuite, type KeyPackageBundle } from '../src/mls/index.ts';
import { defineRole, type CapabilityName } from '../src/policy/index.ts';
import {
  checkCommit,
  createRoom,
  emptyCommitContent,
  generateHubSender,
  GroupInfoError,
  groupInfoRefusal,
  groupInfoRequest,
  groupInfoResponse,
  hubCheckCommit,
  hubRoomOf,
  hubSenderFromParts,
  hubSenderParts,
  joinRoom,
  joinRoomExternal,
  openGroupInfoResponse,
  roomKeyPackage,
  verifyGroupInfoRequest,
  type CommitContent,
  type FullRoomState,
  type HubSender,
  type RoomChange,
  type RoomMember,
} from '../src/rooms/index.ts';
import { denied } from './support/denied.ts';

const te = new TextEncoder();
const td = new TextDecoder();
const ROOM = 'mimi://a.example/r/clubhouse';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const DAVE = 'mimi://c.example/u/dave';
const ERIN = 'mimi://c.example/u/erin';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });

const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage'];
const BANNED = 1;
const PARTICIPANT = 2;
const ADMIN = 3;
const GUEST = 4;
const role = (index: number, name: string, capabilities: CapabilityName[], changes: Array<[number, number[]]> = []): Role =>
  defineRole({ index, name, capabilities, changes });
const roles: RoleData = {
  roles: [
    role(BANNED, 'banned', []),
    role(PARTICIPANT, 'participant', [...POSTING, 'canAddOwnClient', 'canRemoveSelf'], [[PARTICIPANT, [0]]]),
    role(
      ADMIN,
      'admin',
      [...POSTING, 'canAddParticipant', 'canBan', 'canAddOwnClient'],
      [
        [0, [PARTICIPANT, GUEST]],
        [PARTICIPANT, [BANNED]],
      ],
    ),
    // A guest may talk but not bring more devices.
    role(GUEST, 'guest', POSTING),
  ],
};

function asCommit(r: Awaited<ReturnType<RoomMember['process']>>): RoomChange {
  if (r.kind !== 'commit') throw new Error(`expected a commit, got ${r.kind}`);
  return r;
}

async function rejects(p: Promise<unknown>): Promise<GroupInfoError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(GroupInfoError);
  return e as GroupInfoError;
}

describe('external joins', () => {
  let suite: CipherSuite;
  let hub: HubSender;
  const m = new Map<string, RoomMember>();
  const get = (n: string) => {
    const x = m.get(n);
    if (!x) throw new Error(`no member ${n}`);
    return x;
  };
  const kp = (client: string) => roomKeyPackage({ client, cipherSuite: suite });
  /** The hub's copy of the room: the GroupInfo and tree the last committer sent (here: Alice's). */
  const hubCopy = async () => ({ groupInfo: await get('alice').groupInfo(), ratchetTree: get('alice').ratchetTree() });
  const agree = (...names: string[]) => {
    const views = names.map((n) => JSON.stringify({ epoch: String(get(n).epoch()), auth: toHex(get(n).epochAuthenticator()) }));
    for (const v of views) expect(v).toBe(views[0]);
  };
  const everyone = () => [...m.keys()];

  /** A commit made with the raw MLS adapter, bypassing the room checks: what a misbehaving client could send. */
  const rawExternalCommit = async (keyPackage: KeyPackageBundle) => {
    const copy = await hubCopy();
    return (await joinExternal({ ...copy, keyPackage, authService: unsafeAcceptAnyCredential })).commit;
  };
  /** The hub and every member refuse `commit`; nobody's epoch moves. */
  const refusedByAll = async (commit: Uint8Array, missing: string) => {
    const copy = await hubCopy();
    const view = hubRoomOf(copy.groupInfo, copy.ratchetTree);
    const check = hubCheckCommit(commit, view.state, view.members);
    expect(check.denials.map((d) => d.missing)).toContain(missing);
    for (const n of everyone()) {
      const before = get(n).epoch();
      const e = await denied(get(n).process(commit));
      expect(e.denials).toEqual(check.denials);
      expect(get(n).epoch()).toBe(before);
    }
    return check.denials;
  };

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
    hub = await generateHubSender({ cipherSuite: suite, domain: 'a.example' });
    const alice = await createRoom({
      roomUri: ROOM,
      creator: { user: ALICE, client: 'mimi://a.example/d/alice/ClientA1', cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
    });
    m.set('alice', alice);
    for (const [name, user, client, r] of [
      ['bob1', BOB, 'mimi://b.example/d/bob/ClientB1', PARTICIPANT],
      ['cathy1', CATHY, 'mimi://c.example/d/cathy/ClientC1', PARTICIPANT],
    ] as const) {
      const k = await kp(client);
      const c = await alice.addParticipant({ user, role: r, keyPackages: [k.keyPackage] });
      for (const n of everyone().filter((x) => x !== 'alice')) asCommit(await get(n).process(c.commit));
      m.set(name, await joinRoom({ welcome: c.welcome!, keyPackage: k, authService: auth }));
    }
    agree(...everyone());
  });

  describe('GroupInfoRequest', () => {
    it('is signed with the new client’s KeyPackage key; the hub verifies it and learns the client and user', async () => {
      const cathy2 = await kp('mimi://c.example/d/cathy/ClientC2');
      const { request } = await groupInfoRequest({ keyPackage: cathy2 });
      // Through the wire codec, as the hub receives it.
      const received = protocolCodecs.GroupInfoRequest.decode(protocolCodecs.GroupInfoRequest.encode(request));
      const who = await verifyGroupInfoRequest(received, { authService: auth });
      expect(who).toMatchObject({ client: 'mimi://c.example/d/cathy/ClientC2', user: CATHY, joiningCode: null });
      expect(who.cipherSuite.name).toBe(suite.name);
    });

    it('a tampered request, or one signed by another key, does not verify', async () => {
      const { request } = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2') });
      const key = request.groupInfoPublicKey.slice();
      key[0]! ^= 1;
      expect((await rejects(verifyGroupInfoRequest({ ...request, groupInfoPublicKey: key }))).code).toBe('bad-signature');
      // Someone else's credential under Cathy's new key and signature.
      const bob = protocolCodecs.GroupInfoRequest.decode(protocolCodecs.GroupInfoRequest.encode(request));
      bob.requestingCredential = { credential_type: 'basic', identity: te.encode('mimi://b.example/d/bob/ClientB9') };
      expect((await rejects(verifyGroupInfoRequest(bob))).code).toBe('bad-signature');
      const other = (await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC3') })).request;
      expect((await rejects(verifyGroupInfoRequest({ ...request, signature: other.signature }))).code).toBe('bad-signature');
      expect((await rejects(verifyGroupInfoRequest({ ...request, requestingSignatureKey: other.requestingSignatureKey }))).at).toBe('signature');
    });

    it('a joining code is signed as present; an authentication service that refuses the client fails the request', async () => {
      const code = te.encode('open sesame');
      const { request } = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2'), joiningCode: code });
      expect(td.decode((await verifyGroupInfoRequest(request)).joiningCode!)).toBe('open sesame');
      // Dropping the code breaks the signature: the TBS had it present.
      expect((await rejects(verifyGroupInfoRequest({ ...request, joiningCode: new Uint8Array() }))).code).toBe('bad-signature');
      const strict = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
      expect((await rejects(verifyGroupInfoRequest(request, { authService: strict }))).code).toBe('bad-credential');
    });
  });

  describe('GroupInfoResponse', () => {
    it('round trip: the hub encrypts and signs, the client checks and opens exactly what the hub stored', async () => {
      const prepared = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2') });
      const copy = await hubCopy();
      const response = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals: [], hub });
      const wire = protocolCodecs.GroupInfoResponse.encode(response);
      const opened = await openGroupInfoResponse(wire, { roomId: ROOM, prepared });
      expect(toHex(opened.groupInfo)).toBe(toHex(copy.groupInfo));
      expect(toHex(opened.ratchetTree)).toBe(toHex(copy.ratchetTree));
      expect(opened.pendingProposals).toEqual([]);
      expect(toHex(opened.hubSender.signature_key)).toBe(toHex(hub.sender.signature_key));
    });

    it('refuses a response for another room, from another domain’s hub, badly signed, tampered, or to another key', async () => {
      const prepared = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2') });
      const copy = await hubCopy();
      const good = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals: [], hub });
      const open = (r: GroupInfoResponse, o: { roomId?: string; prepared?: typeof prepared } = {}) =>
        rejects(openGroupInfoResponse(r, { roomId: o.roomId ?? ROOM, prepared: o.prepared ?? prepared }));

      expect((await open(good, { roomId: 'mimi://a.example/r/other' })).code).toBe('wrong-room');
      // Another request's key: the signature is fine, the ciphertext does not open.
      const stranger = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC3') });
      expect((await open(good, { prepared: { ...stranger, request: prepared.request } })).code).toBe('undecryptable');
      if (good.status !== 'success') throw new Error('expected success');
      const ct = good.encrypted_groupinfo_and_tree!.ciphertext.slice();
      ct[3]! ^= 1;
      expect((await open({ ...good, encrypted_groupinfo_and_tree: { ...good.encrypted_groupinfo_and_tree!, ciphertext: ct } })).code).toBe('bad-signature');
      // A key other than hub_sender's signed it.
      const impostor = await generateHubSender({ cipherSuite: suite, domain: 'a.example' });
      expect((await open({ ...good, hub_sender: impostor.sender })).code).toBe('bad-signature');
      // A hub of another domain, signing correctly with its own key.
      const evil = await generateHubSender({ cipherSuite: suite, domain: 'evil.example' });
      const fromEvil = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals: [], hub: evil });
      expect((await open(fromEvil)).code).toBe('bad-credential');
      // The hub refuses.
      expect((await open(groupInfoRefusal(ROOM, 'notAuthorized'))).code).toBe('not-authorized');
      expect((await open(groupInfoRefusal(ROOM, 'noSuchRoom'))).code).toBe('no-such-room');
      expect((await rejects(openGroupInfoResponse(new Uint8Array([0, 1, 2]), { roomId: ROOM, prepared }))).code).toBe('malformed');
    });

    it('the hub stores its sender as parts and restores it; halves that do not belong together are refused', async () => {
      const parts = hubSenderParts(hub);
      expect(parts).toMatchObject({ cipherSuite: suite.id, domain: 'a.example' });
      const restored = await hubSenderFromParts(parts);
      const prepared = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2') });
      const response = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...(await hubCopy()), pendingProposals: [], hub: restored });
      expect((await openGroupInfoResponse(response, { roomId: ROOM, prepared })).hubSender.signature_key).toEqual(hub.sender.signature_key);
      const other = await generateHubSender({ cipherSuite: suite, domain: 'a.example' });
      const e = await rejects(hubSenderFromParts({ ...parts, signaturePublicKey: other.sender.signature_key }));
      expect([e.code, e.at]).toEqual(['malformed', 'signaturePublicKey']);
    });

    it('the hub refuses to send a GroupInfo that embeds the ratchet tree, or a key of another suite', async () => {
      const prepared = await groupInfoRequest({ keyPackage: await kp('mimi://c.example/d/cathy/ClientC2') });
      const copy = await hubCopy();
      const info = codecs.MLSMessage.decode(copy.groupInfo);
      if (info.wire_format !== 'mls_group_info') throw new Error('expected a GroupInfo');
      info.group_info.extensions.push({ extension_type: 'ratchet_tree', extension_data: copy.ratchetTree });
      const embedded = codecs.MLSMessage.encode(info);
      const e = await rejects(
        groupInfoResponse({ roomId: ROOM, request: prepared.request, groupInfo: embedded, ratchetTree: copy.ratchetTree, pendingProposals: [], hub }),
      );
      expect(e.code).toBe('malformed');
      const p256 = await cipherSuite('MLS_128_DHKEMP256_AES128GCM_SHA256_P256').catch(() => undefined);
      if (p256) {
        const other = await generateHubSender({ cipherSuite: p256, domain: 'a.example' });
        expect((await rejects(groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals: [], hub: other }))).code).toBe(
          'unsupported',
        );
      }
    });
  });

  describe('Cathy adds a new device', () => {
    it('the new client fetches the GroupInfo, commits externally; the hub and every member accept; all agree and talk', async () => {
      const key = await kp('mimi://c.example/d/cathy/ClientC2');
      const prepared = await groupInfoRequest({ keyPackage: key });
      const requester = await verifyGroupInfoRequest(prepared.request, { authService: auth });
      // The hub authorizes the requester: a participant (Cathy) whose role holds canAddOwnClient.
      const copy = await hubCopy();
      const view = hubRoomOf(copy.groupInfo, copy.ratchetTree);
      expect(view.state.participant_list.participants.some((p) => td.decode(p.user) === requester.user)).toBe(true);
      const response = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals: [], hub });
      const opened = await openGroupInfoResponse(protocolCodecs.GroupInfoResponse.encode(response), { roomId: ROOM, prepared });

      const joined = await joinRoomExternal({ ...opened, keyPackage: key, authService: auth, roomId: ROOM });
      expect(joined.member.client).toBe('mimi://c.example/d/cathy/ClientC2');
      expect(joined.commit.welcome).toBeUndefined();
      expect(joined.commit.change).toMatchObject({ committer: CATHY, added: [], addedClients: ['mimi://c.example/d/cathy/ClientC2'], removedLeaves: [] });

      // The UpdateRequest: the External Commit, no Welcome, the new epoch's GroupInfo and full tree.
      const bundle = joined.updateRequest.bundle;
      if (!bundle) throw new Error('expected a bundle');
      expect(bundle.welcome).toBeNull();
      expect(toHex(codecs.MLSMessage.encode(bundle.proposalOrCommit))).toBe(toHex(joined.commit.commit));
      if (bundle.groupInfoOption?.representation !== 'full' || bundle.ratchetTreeOption?.representation !== 'full')
        throw new Error('expected full GroupInfo and tree');
      const next = hubRoomOf(bundle.groupInfoOption.groupInfo, codecs.ratchet_tree.encode(bundle.ratchetTreeOption.ratchet_tree));
      expect(next.epoch).toBe(view.epoch + 1n);
      expect(next.members.length).toBe(view.members.length + 1);

      // The hub's check, from its view before the commit.
      const inspected = codecs.MLSMessage.decode(joined.commit.commit);
      expect(inspected.wire_format === 'mls_public_message' && inspected.public_message.content.sender.sender_type).toBe('new_member_commit');
      const check = hubCheckCommit(joined.commit.commit, view.state, view.members);
      expect(check.denials).toEqual([]);
      expect(check.addedClients).toEqual(['mimi://c.example/d/cathy/ClientC2']);

      for (const n of everyone()) {
        const change = asCommit(await get(n).process(joined.commit.commit));
        expect(change).toMatchObject({ committer: CATHY, addedClients: ['mimi://c.example/d/cathy/ClientC2'], removedMe: false });
      }
      m.set('cathy2', joined.member);
      agree(...everyone());
      expect(get('alice').clients()).toContain('mimi://c.example/d/cathy/ClientC2');
      expect(get('cathy2').participants()).toEqual(get('alice').participants());

      for (const sender of ['cathy2', 'alice']) {
        const text = `hello from ${sender}`;
        const sent = await get(sender).sendMessage(te.encode(text));
        for (const n of everyone().filter((x) => x !== sender)) {
          const r = await get(n).process(sent);
          if (r.kind !== 'application') throw new Error('expected application data');
          expect(td.decode(r.data)).toBe(text);
          expect(r.senderClient).toBe(get(sender).client);
        }
      }
    });

    it('a user who is not a participant cannot join externally: the joiner, the hub and every member refuse', async () => {
      const frank = await kp('mimi://c.example/d/frank/ClientF1');
      const copy = await hubCopy();
      const e = await denied(joinRoomExternal({ ...copy, keyPackage: frank, authService: auth }));
      expect(e.names('canJoinIfPreauthorized')).toBe(true);
      const denials = await refusedByAll(await rawExternalCommit(frank), 'canJoinIfPreauthorized');
      expect(denials[0]!.reason).toMatch(/not in the participant list/);
    });

    it('a participant whose role lacks canAddOwnClient cannot', async () => {
      const dave1 = await kp('mimi://c.example/d/dave/ClientD1');
      const add = await get('alice').addParticipant({ user: DAVE, role: GUEST, keyPackages: [dave1.keyPackage] });
      for (const n of everyone().filter((x) => x !== 'alice')) asCommit(await get(n).process(add.commit));
      m.set('dave1', await joinRoom({ welcome: add.welcome!, keyPackage: dave1, authService: auth }));
      agree(...everyone());

      const dave2 = await kp('mimi://c.example/d/dave/ClientD2');
      const e = await denied(joinRoomExternal({ ...(await hubCopy()), keyPackage: dave2, authService: auth }));
      expect(e.names('canAddOwnClient')).toBe(true);
      await refusedByAll(await rawExternalCommit(dave2), 'canAddOwnClient');
    });

    it('a banned participant cannot', async () => {
      const erin1 = await kp('mimi://c.example/d/erin/ClientE1');
      const add = await get('alice').addParticipant({ user: ERIN, role: PARTICIPANT, keyPackages: [erin1.keyPackage] });
      for (const n of everyone().filter((x) => x !== 'alice')) asCommit(await get(n).process(add.commit));
      const ban = await get('alice').ban(ERIN);
      for (const n of everyone().filter((x) => x !== 'alice')) asCommit(await get(n).process(ban.commit));
      agree(...everyone());

      const denials = await refusedByAll(await rawExternalCommit(await kp('mimi://c.example/d/erin/ClientE2')), 'client');
      expect(denials.some((d) => /banned/.test(d.reason))).toBe(true);
    });

    it('a client URI that already holds a leaf cannot join again (no ghost device)', async () => {
      const again = await kp('mimi://c.example/d/cathy/ClientC1');
      const denials = await refusedByAll(await rawExternalCommit(again), 'client');
      expect(denials.some((d) => d.at === 'commit.path' && /one member of the room/.test(d.reason))).toBe(true);
    });

    it('while the hub holds proposals of this epoch the joiner waits: an External Commit cannot include them', async () => {
      // Bob's leave: proposals the hub caches until some member's commit takes them.
      const leave = await get('bob1').leave();
      const copy = await hubCopy();
      const pendingProposals = leave.map((proposal, i) => ({ proposal, hubAcceptedTime: 1_700_000_000_000n + BigInt(i) }));
      const key = await kp('mimi://c.example/d/cathy/ClientC4');
      const prepared = await groupInfoRequest({ keyPackage: key });
      const response = await groupInfoResponse({ roomId: ROOM, request: prepared.request, ...copy, pendingProposals, hub });
      const opened = await openGroupInfoResponse(response, { roomId: ROOM, prepared });
      expect(opened.pendingProposals.map((p) => [toHex(p.proposal), p.hubAcceptedTime])).toEqual(
        pendingProposals.map((p) => [toHex(p.proposal), p.hubAcceptedTime]),
      );
      const e = await denied(joinRoomExternal({ ...opened, keyPackage: key, authService: auth }));
      expect(e.names('pending_proposal')).toBe(true);
    });
  });
});

describe('checkCommit: what an External Commit may carry (RFC 9420 §12.4.3.2)', () => {
  const state = (): FullRoomState => ({ participant_list: { participants: [{ user: te.encode(CATHY), role_index: PARTICIPANT }] }, roles_list: roles });
  const cathy = (client: string) => ({ credential_type: 'basic' as const, identity: te.encode(client) });
  const MEMBERS = [
    { leafIndex: 0, credential: { credentialType: 1, identity: te.encode('mimi://c.example/d/cathy/ClientC1') }, signatureKey: new Uint8Array(32) },
  ];
  const external = (f: (c: CommitContent) => void) => {
    const c = emptyCommitContent();
    c.others.push({ sender: undefined, type: 'external_init' });
    c.path = cathy('mimi://c.example/d/cathy/ClientC2');
    f(c);
    return checkCommit(state(), MEMBERS, undefined, c).denials;
  };

  it('one ExternalInit and a path naming a participant’s new client: allowed, with PSKs too', () => {
    expect(external(() => {})).toEqual([]);
    expect(external((c) => c.others.push({ sender: undefined, type: 'psk' }))).toEqual([]);
  });

  it('a resync replaces the joiner’s own former leaf; removing another leaf is refused', () => {
    const resync = external((c) => {
      c.path = cathy('mimi://c.example/d/cathy/ClientC1');
      c.removes.push({ sender: undefined, leaf: 0 });
    });
    expect(resync).toEqual([]);
    const other = external((c) => c.removes.push({ sender: undefined, leaf: 0 }));
    expect(other.map((d) => d.at)).toEqual(['removes[0]']);
  });

  it('refuses two ExternalInits, other proposals, proposals by reference, and no path', () => {
    expect(external((c) => c.others.push({ sender: undefined, type: 'external_init' }))[0]!.at).toBe('proposals');
    expect(external((c) => c.gce.push({ sender: undefined, extensions: [] }))[0]!.at).toBe('group_context_extensions');
    expect(external((c) => c.adds.push({ sender: undefined, credential: cathy('mimi://c.example/d/cathy/ClientC5') }))[0]!.at).toBe('adds');
    expect(external((c) => c.others.push({ sender: undefined, type: 'reinit' }))[0]!.at).toBe('others[1]');
    expect(external((c) => c.others.push({ sender: 0, type: 'psk' }))[0]!.reason).toMatch(/by reference/);
    expect(
      external((c) => {
        c.path = null;
      })[0]!.at,
    ).toBe('commit.path');
  });

  it('a participant with no client yet becomes active: its role’s maximum of active participants holds', () => {
    const PAIR = 5;
    const limited: RoleData = { roles: [defineRole({ index: PAIR, name: 'pair', capabilities: ['canAddOwnClient'], maximumActive: 1 })] };
    const before: FullRoomState = {
      participant_list: { participants: [BOB, CATHY].map((u) => ({ user: te.encode(u), role_index: PAIR })) },
      roles_list: limited,
    };
    const bob = [{ leafIndex: 0, credential: { credentialType: 1, identity: te.encode('mimi://b.example/d/bob/ClientB1') }, signatureKey: new Uint8Array(32) }];
    const c = emptyCommitContent();
    c.others.push({ sender: undefined, type: 'external_init' });
    c.path = cathy('mimi://c.example/d/cathy/ClientC2');
    expect(checkCommit(before, bob, undefined, c).denials.map((d) => [d.missing, d.at])).toEqual([['maximum_active_participants_constraint', 'commit.path']]);
    // Bob's second device does not add an active participant.
    c.path = cathy('mimi://b.example/d/bob/ClientB2');
    expect(checkCommit(before, bob, undefined, c).denials).toEqual([]);
  });

  it('an ExternalInit in a member’s commit is refused', () => {
    const c = emptyCommitContent();
    c.others.push({ sender: 0, type: 'external_init' });
    expect(checkCommit(state(), MEMBERS, 0, c).denials.map((d) => d.at)).toContain('others[0]');
  });
});
