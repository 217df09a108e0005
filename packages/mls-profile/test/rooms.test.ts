/**
 * MIMI rooms at library level: draft-ietf-mimi-protocol-06's example flow (clubhouse) with an
 * in-memory transport (the test hands bytes from one member to the others), a forged commit that
 * bypasses the Room API and is refused by every member, and a member restored from save().
 * After every step all remaining members agree on epoch, epoch authenticator and participant list.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { toHex } from '@mimikit/bytes';
import { codecs } from '@mimikit/mls';
import { computeMessageId, deleteMessage, edit, reaction, reply, textMessage, textPart } from '@mimikit/content';
import { MimiContentCodec, type MimiContent } from '@mimikit/mimi-content';
import { RoomMessageError } from '../src/messages/index.ts';
import { cipherSuite, commit, importState, unsafeAcceptAnyCredential, type CipherSuite, type KeyPackageBundle } from '../src/mls/index.ts';
import { mimiAuthService } from '../src/identity/index.ts';
import { isReaction, type CapabilityName, type OriginalMessage, defineRole } from '../src/policy/index.ts';
import {
  createRoom,
  groupIdForRoom,
  hubCheckCommit,
  hubCheckProposals,
  joinRoom,
  loadRoomMember,
  RoomDeniedError,
  RoomError,
  roomKeyPackage,
  withRoomState,
  type RoomChange,
  type RoomMember,
} from '../src/rooms/index.ts';
import { groupContextExtensions, members } from '../src/mls/index.ts';

import { denied } from './support/denied.ts';
const te = new TextEncoder();
const td = new TextDecoder();
const ROOM = 'mimi://a.example/r/clubhouse';
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CATHY = 'mimi://c.example/u/cathy';
const DAVE = 'mimi://c.example/u/dave';
const auth = mimiAuthService({ domains: ['a.example', 'b.example', 'c.example'], acceptUnverified: true });

const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>, minimum = 0): Role =>
  defineRole({ index, name, capabilities: caps, changes, minimum });
/** What every role here may post (draft-ietf-mimi-room-policy-03 §Message Capabilities); deleting others' messages is no one's. */
const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage', 'canEditOwnMessage', 'canDeleteOwnMessage'];
const PARTICIPANT = 1;
const INVITER = 2;
const ADMIN = 3;
const roles: RoleData = {
  roles: [
    role(PARTICIPANT, 'participant', [...POSTING, 'canRemoveSelf', 'canAddOwnClient'], [[PARTICIPANT, [0]]]),
    role(
      INVITER,
      'inviter',
      [...POSTING, 'canAddParticipant', 'canRemoveSelf'],
      [
        [0, [PARTICIPANT]],
        [INVITER, [0]],
      ],
    ),
    role(
      ADMIN,
      'admin',
      [...POSTING, 'canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canChangeRoomName', 'canKick'],
      [
        [0, [PARTICIPANT, INVITER]],
        [PARTICIPANT, [0, INVITER]],
        [INVITER, [0, PARTICIPANT]],
      ],
      1,
    ),
  ],
};

function asCommit(r: Awaited<ReturnType<RoomMember['process']>>): RoomChange {
  if (r.kind !== 'commit') throw new Error(`expected a commit, got ${r.kind}`);
  return r;
}

describe('MIMI rooms: the clubhouse flow', () => {
  let suite: CipherSuite;
  const m = new Map<string, RoomMember>();
  const get = (n: string) =>
    m.get(n) ??
    (() => {
      throw new Error(`no member ${n}`);
    })();
  const kp = async (client: string) => roomKeyPackage({ client, cipherSuite: suite });
  const kps = new Map<string, KeyPackageBundle>();
  /** The members as a hub tracks them (leaf → credential); taken from Alice's view here. */
  const hubMembersOf = async (n: string) => members(await importState(get(n).save(), { authService: unsafeAcceptAnyCredential }));
  const hubMembers = () => hubMembersOf('alice');

  /** Every remaining member agrees on epoch, epoch authenticator and participant list. */
  const agree = (...names: string[]) => {
    const views = names.map((n) => {
      const x = get(n);
      return JSON.stringify({ epoch: String(x.epoch()), auth: toHex(x.epochAuthenticator()), participants: x.participants() });
    });
    for (const v of views) expect(v).toBe(views[0]);
  };
  /** The in-memory transport: a commit goes to every other listed member. */
  const deliver = async (bytes: Uint8Array, to: string[]) => {
    const out: RoomChange[] = [];
    for (const n of to) out.push(asCommit(await get(n).process(bytes)));
    return out;
  };

  beforeAll(async () => {
    suite = await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519');
  });

  it('Alice creates the room: group id from the room URI, room state in the GroupContext', async () => {
    const alice = await createRoom({
      roomUri: ROOM,
      creator: { user: ALICE, client: 'mimi://a.example/d/alice/ClientA1', cipherSuite: suite },
      roles,
      creatorRole: ADMIN,
      authService: auth,
    });
    m.set('alice', alice);
    expect(alice.groupId()).toBe('mimi://a.example/g/clubhouse');
    expect(td.decode(groupIdForRoom(ROOM))).toBe('mimi://a.example/g/clubhouse');
    expect(alice.participants()).toEqual([{ user: ALICE, role: ADMIN }]);
    const state = alice.roomState();
    expect(td.decode(state.room_metadata!.room_uri.uri)).toBe(ROOM);
    expect(state.roles_list.roles.map((r) => r.role_index)).toEqual([PARTICIPANT, INVITER, ADMIN]);
    expect(state.base_room_policy?.multi_device).toBe('true');
    expect(alice.epoch()).toBe(0n);
    expect(alice.user).toBe(ALICE);
  });

  it('Alice adds Bob (two clients) as a participant in one commit; both clients join from the Welcome', async () => {
    kps.set('bob1', await kp('mimi://b.example/d/bob/ClientB1'));
    kps.set('bob2', await kp('mimi://b.example/d/bob/ClientB2'));
    const r = await get('alice').addParticipant({ user: BOB, role: PARTICIPANT, keyPackages: [kps.get('bob1')!.keyPackage, kps.get('bob2')!.keyPackage] });
    expect(r.change.added).toEqual([{ user: BOB, role: PARTICIPANT }]);
    expect(r.change.addedClients).toEqual(['mimi://b.example/d/bob/ClientB1', 'mimi://b.example/d/bob/ClientB2']);
    expect(r.welcome).toBeDefined();
    for (const n of ['bob1', 'bob2']) m.set(n, await joinRoom({ welcome: r.welcome!, keyPackage: kps.get(n)!, authService: auth }));
    expect(get('bob2').clients()).toEqual(['mimi://a.example/d/alice/ClientA1', 'mimi://b.example/d/bob/ClientB1', 'mimi://b.example/d/bob/ClientB2']);
    agree('alice', 'bob1', 'bob2');
    expect(get('bob1').participants()).toEqual([
      { user: ALICE, role: ADMIN },
      { user: BOB, role: PARTICIPANT },
    ]);
  });

  it('a KeyPackage of another user is refused', async () => {
    const other = await kp('mimi://c.example/d/cathy/ClientC9');
    const e = await get('alice')
      .addParticipant({ user: BOB, role: PARTICIPANT, keyPackages: [other.keyPackage] })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RoomError);
  });

  it("Bob's role cannot add Cathy: the denial names canAddParticipant, nothing is sent", async () => {
    kps.set('cathy1', await kp('mimi://c.example/d/cathy/ClientC1'));
    const before = get('bob1').epoch();
    const e = await denied(get('bob1').addParticipant({ user: CATHY, role: PARTICIPANT, keyPackages: [kps.get('cathy1')!.keyPackage] }));
    expect(e.names('canAddParticipant')).toBe(true);
    expect(get('bob1').epoch()).toBe(before);
    agree('alice', 'bob1', 'bob2');
  });

  it('Alice promotes Bob to a role that may add', async () => {
    const r = await get('alice').changeRole(BOB, INVITER);
    const changes = await deliver(r.commit, ['bob1', 'bob2']);
    for (const c of changes) expect(c.roleChanged).toEqual([{ user: BOB, role: INVITER }]);
    expect(changes[0]!.committer).toBe(ALICE);
    agree('alice', 'bob1', 'bob2');
  });

  it('Bob adds Cathy; everyone (Alice, his other client) verifies and applies it', async () => {
    const r = await get('bob1').addParticipant({ user: CATHY, role: PARTICIPANT, keyPackages: [kps.get('cathy1')!.keyPackage] });
    // The hub checks it first, from the public commit, its room state and the members it tracks.
    expect(hubCheckCommit(r.commit, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
    const changes = await deliver(r.commit, ['alice', 'bob2']);
    for (const c of changes)
      expect(c).toMatchObject({ committer: BOB, added: [{ user: CATHY, role: PARTICIPANT }], addedClients: ['mimi://c.example/d/cathy/ClientC1'] });
    m.set('cathy1', await joinRoom({ welcome: r.welcome!, keyPackage: kps.get('cathy1')!, authService: auth }));
    agree('alice', 'bob1', 'bob2', 'cathy1');
  });

  it('messages go around', async () => {
    const everyone = ['alice', 'bob1', 'bob2', 'cathy1'];
    for (const sender of everyone) {
      const text = `hello from ${sender}`;
      const sent = await get(sender).sendMessage(te.encode(text));
      // Through our generated codec and back: what a provider relaying it would hand on.
      const msg = codecs.MLSMessage.encode(codecs.MLSMessage.decode(sent));
      expect(toHex(msg)).toBe(toHex(sent));
      for (const n of everyone.filter((x) => x !== sender)) {
        const r = await get(n).process(msg);
        if (r.kind !== 'application') throw new Error('expected application data');
        expect(td.decode(r.data)).toBe(text);
        expect(r.senderUser).toBe(get(sender).user);
        expect(r.senderClient).toBe(get(sender).client);
      }
    }
    agree(...everyone);
  });

  it('MIMI content: a message, a reply, a reaction, an edit and a delete, with the same message IDs everywhere', async () => {
    const everyone = ['alice', 'bob1', 'bob2', 'cathy1'];
    /** What every reader's history knows of the messages so far (what a replacement is judged against). */
    const history = new Map<string, OriginalMessage>();
    const original = (id: Uint8Array) => history.get(toHex(id));
    /** Sends content from `sender`; every other member reads it; returns the message ID they agree on. */
    const post = async (sender: string, content: MimiContent) => {
      const bytes = await get(sender).sendContent(content, content.replaces ? { original: original(content.replaces)! } : {});
      const ids = new Set<string>();
      for (const n of everyone.filter((x) => x !== sender)) {
        const r = await get(n).process(bytes);
        if (r.kind !== 'application') throw new Error('expected application data');
        const got = get(n).readContent(r, { original });
        expect(got.content).toEqual(content);
        expect(got.sender).toBe(get(sender).user);
        expect(got.room).toBe(ROOM);
        ids.add(toHex(got.messageId));
      }
      expect(ids.size).toBe(1);
      const id = computeMessageId({ content, senderUri: get(sender).user, roomUri: ROOM });
      expect([...ids]).toEqual([toHex(id)]);
      history.set(toHex(id), { sender: te.encode(get(sender).user), reaction: isReaction(content.nestedPart) });
      return id;
    };
    const hello = await post('alice', textMessage('Hi everyone', { senderUri: ALICE, roomUri: ROOM }));
    const answer = await post('bob1', reply(hello, textPart('Hi Alice!')));
    await post('cathy1', reaction('👍', { inReplyTo: answer }));
    const edited = await post('alice', edit(hello, textPart('Hi everyone, welcome to the clubhouse')));
    expect(edited).not.toEqual(hello);
    // Bob may not delete Alice's message (no canDeleteOtherMessage): his client refuses to send it, and a
    // client that sends it anyway (raw sendMessage) has it refused by every reader.
    const theft = deleteMessage(hello);
    await expect(get('bob1').sendContent(theft, { original: original(hello)! })).rejects.toBeInstanceOf(RoomDeniedError);
    const sneaked = await get('bob1').sendMessage(MimiContentCodec.encode(theft));
    for (const n of ['alice', 'bob2', 'cathy1']) {
      const r = await get(n).process(sneaked);
      if (r.kind !== 'application') throw new Error('expected application data');
      const e = (() => {
        try {
          get(n).readContent(r, { original });
        } catch (x) {
          return x;
        }
      })() as RoomMessageError;
      expect(e.code).toBe('denied');
      expect(e.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canDeleteOtherMessage @ replaces']);
      // Without the original, a replacement cannot be judged at all.
      expect(() => get(n).readContent(r)).toThrow(/original_message/);
    }
    await post('alice', deleteMessage(hello));
    // A message claiming another sender is refused by its readers.
    const forged = await get('cathy1').sendContent(textMessage('I am Alice', { senderUri: ALICE }));
    const r = await get('alice').process(forged);
    if (r.kind !== 'application') throw new Error('expected application data');
    expect(() => get('alice').readContent(r)).toThrow(RoomMessageError);
    for (const n of ['bob1', 'bob2']) await get(n).process(forged);
    agree(...everyone);
  });

  it('room metadata: the admin renames the room (canChangeRoomName); a subject change without canChangeRoomSubject is refused', async () => {
    const r = await get('alice').changeMetadata({ room_name: { string: te.encode('The Clubhouse') } });
    for (const c of await deliver(r.commit, ['bob1', 'bob2', 'cathy1'])) expect(c.metadataChanged).toEqual(['room_name']);
    for (const n of ['alice', 'bob1', 'bob2', 'cathy1']) expect(td.decode(get(n).roomState().room_metadata!.room_name.string)).toBe('The Clubhouse');
    const e = await denied(get('alice').changeMetadata({ room_subject: { string: te.encode('secret plans') } }));
    expect(e.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canChangeRoomSubject @ room_metadata.room_subject']);
    const b = await denied(get('bob1').changeMetadata({ room_name: { string: te.encode('Bob’s room') } }));
    expect(b.names('canChangeRoomName')).toBe(true);
    agree('alice', 'bob1', 'bob2', 'cathy1');
  });

  it('a forged add commit made through the adapter (bypassing the Room API) is refused by every member, state unchanged', async () => {
    // Cathy (participant: no canAddParticipant) works on a copy of her group state with the raw adapter.
    const raw = await importState(get('cathy1').save(), { authService: unsafeAcceptAnyCredential });
    const dave = await kp('mimi://c.example/d/dave/ClientD1');
    const state = get('cathy1').roomState();
    const forgedState = {
      ...state,
      participant_list: { participants: [...state.participant_list.participants, { user: te.encode(DAVE), role_index: PARTICIPANT }] },
    };
    const forged = await commit(raw, {
      proposals: [
        { type: 'group_context_extensions', extensions: withRoomState(groupContextExtensions(raw), forgedState) },
        { type: 'add', keyPackage: dave.keyPackage },
      ],
    });
    // The hub refuses it before fanning it out, for the same reason the members do.
    const atHub = hubCheckCommit(forged.commit, get('alice').roomState(), await hubMembers());
    expect(atHub.denials.find((d) => d.missing === 'canAddParticipant')?.at).toBe('addedParticipants[0]');
    for (const n of ['alice', 'bob1', 'bob2']) {
      const epochBefore = get(n).epoch();
      const e = await denied(get(n).process(forged.commit));
      expect(e.names('canAddParticipant')).toBe(true);
      expect(e.denials.find((d) => d.missing === 'canAddParticipant')?.at).toBe('addedParticipants[0]');
      expect(get(n).epoch()).toBe(epochBefore);
    }
    agree('alice', 'bob1', 'bob2', 'cathy1');
  });

  it("a forged commit that adds a client of a non-participant without touching the list is refused ('client')", async () => {
    const raw = await importState(get('cathy1').save(), { authService: unsafeAcceptAnyCredential });
    const dave = await kp('mimi://c.example/d/dave/ClientD2');
    const forged = await commit(raw, { proposals: [{ type: 'add', keyPackage: dave.keyPackage }] });
    for (const n of ['alice', 'bob1', 'bob2']) {
      const e = await denied(get(n).process(forged.commit));
      expect(e.names('client')).toBe(true);
    }
    agree('alice', 'bob1', 'bob2', 'cathy1');
  });

  it('a member restored from save() continues: decrypts the next message, processes the next commit', async () => {
    m.set('bob2', await loadRoomMember(get('bob2').save(), { authService: auth }));
    const msg = await get('cathy1').sendMessage(te.encode('after restore'));
    const r = await get('bob2').process(msg);
    expect(r.kind === 'application' && td.decode(r.data)).toBe('after restore');
    for (const n of ['alice', 'bob1']) await get(n).process(msg);
    agree('alice', 'bob1', 'bob2', 'cathy1');
  });

  it('Cathy adds a new device (canAddOwnClient): the list stays, her second client joins', async () => {
    kps.set('cathy2', await kp('mimi://c.example/d/cathy/ClientC2'));
    const r = await get('cathy1').addOwnClients([kps.get('cathy2')!.keyPackage]);
    expect(r.change).toMatchObject({ committer: CATHY, added: [], addedClients: ['mimi://c.example/d/cathy/ClientC2'] });
    expect(hubCheckCommit(r.commit, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
    await deliver(r.commit, ['alice', 'bob1', 'bob2']);
    m.set('cathy2', await joinRoom({ welcome: r.welcome!, keyPackage: kps.get('cathy2')!, authService: auth }));
    agree('alice', 'bob1', 'bob2', 'cathy1', 'cathy2');
    expect(
      get('alice')
        .participants()
        .map((p) => p.user),
    ).toEqual([ALICE, BOB, CATHY]);
    // Nobody adds devices to someone else's account, whatever their role.
    const other = await kp('mimi://b.example/d/bob/ClientB9');
    const raw = await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential });
    const forged = await commit(raw, { proposals: [{ type: 'add', keyPackage: other.keyPackage }] });
    expect((await denied(get('bob1').process(forged.commit))).denials.map((d) => d.missing)).toEqual(['client']);
    agree('alice', 'bob1', 'bob2', 'cathy1', 'cathy2');
  });

  it("kicking a client: Bob (no canKick) may not remove Cathy's second client; Alice (canKick) may, and the list stays", async () => {
    const e = await denied(get('bob1').removeClients(['mimi://c.example/d/cathy/ClientC2']));
    expect(e.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canKick @ removes[0]']);
    const r = await get('alice').removeClients(['mimi://c.example/d/cathy/ClientC2']);
    expect(r.change).toMatchObject({ removed: [], clientsRemovedOf: [CATHY], removedLeaves: [4] });
    const changes = await deliver(r.commit, ['bob1', 'bob2', 'cathy1', 'cathy2']);
    expect(changes.map((c) => c.removedMe)).toEqual([false, false, false, true]);
    m.delete('cathy2');
    agree('alice', 'bob1', 'bob2', 'cathy1');
    expect(
      get('cathy1')
        .participants()
        .map((p) => p.user),
    ).toEqual([ALICE, BOB, CATHY]);
  });

  it('Alice removes Cathy: her clients and the list change in one commit, as the draft does', async () => {
    const r = await get('alice').removeParticipant(CATHY);
    expect(r.change).toMatchObject({ removed: [CATHY], clientsRemovedOf: [], removedLeaves: [3] });
    expect(hubCheckCommit(r.commit, get('bob1').roomState(), await hubMembersOf('bob1')).denials).toEqual([]);
    const changes = await deliver(r.commit, ['bob1', 'bob2', 'cathy1']);
    expect(changes.map((c) => c.removedMe)).toEqual([false, false, true]);
    for (const c of changes) expect(c.removed).toEqual([CATHY]);
    expect(get('cathy1').status()).toBe('removed');
    m.delete('cathy1');
    agree('alice', 'bob1', 'bob2');
    expect(
      get('bob2')
        .participants()
        .map((p) => p.user),
    ).toEqual([ALICE, BOB]);
    expect(get('bob2').clients()).not.toContain('mimi://c.example/d/cathy/ClientC1');
    const msg = await get('alice').sendMessage(te.encode('cathy is gone'));
    for (const n of ['bob1', 'bob2']) expect(td.decode(((await get(n).process(msg)) as { data: Uint8Array }).data)).toBe('cathy is gone');
  });

  it('removing a user from the list while its clients stay is refused by every member', async () => {
    // Alice's state copy, raw adapter: a list-only removal of Bob (his clients would stay members).
    const raw = await importState(get('alice').save(), { authService: unsafeAcceptAnyCredential });
    const state = get('alice').roomState();
    const without = { ...state, participant_list: { participants: state.participant_list.participants.filter((p) => td.decode(p.user) !== BOB) } };
    const forged = await commit(raw, { proposals: [{ type: 'group_context_extensions', extensions: withRoomState(groupContextExtensions(raw), without) }] });
    for (const n of ['bob1', 'bob2']) expect((await denied(get(n).process(forged.commit))).names('client')).toBe(true);
    agree('alice', 'bob1', 'bob2');
  });

  it('Bob cannot remove others (no canRemoveParticipant), nor commit his own removal', async () => {
    await expect(get('bob1').removeParticipant(BOB)).rejects.toBeInstanceOf(RoomError);
    const e = await denied(get('bob1').removeParticipant(ALICE));
    expect(e.names('canRemoveParticipant')).toBe(true);
  });

  it('Bob leaves: his client proposes the Removes and the list change, the hub caches them, Alice commits them', async () => {
    const proposals = await get('bob1').leave();
    expect(proposals).toHaveLength(3); // Remove ClientB1, Remove ClientB2, the participant list without Bob
    // The hub checks the batch before caching it, as the commit that will include it.
    expect(hubCheckProposals(proposals, get('alice').roomState(), await hubMembers()).denials).toEqual([]);
    // Without the Remove of his second client the list change leaves a client behind: refused.
    expect(hubCheckProposals([proposals[0]!, proposals[2]!], get('alice').roomState(), await hubMembers()).denials.map((d) => d.missing)).toEqual(['client']);
    for (const p of proposals) {
      for (const n of ['alice', 'bob2']) expect((await get(n).process(p)).kind).toBe('proposal');
    }
    expect(get('alice').pendingProposals()).toBe(3);
    // Alice cannot slip another room-state change past the pending one.
    await expect(get('alice').changeMetadata({ room_name: { string: te.encode('mine') } })).rejects.toThrow(/commitPending/);
    // Pending proposals survive a restart (they are part of the saved state).
    m.set('alice', await loadRoomMember(get('alice').save(), { authService: auth }));
    expect(get('alice').pendingProposals()).toBe(3);
    const r = await get('alice').commitPending();
    expect(r.change).toMatchObject({ committer: ALICE, removed: [BOB] });
    expect(r.change.removedLeaves).toHaveLength(2);
    // The hub resolves the references among the proposals it cached and judges them by their proposer.
    const pending = { messages: proposals, cipherSuite: suite.name };
    expect(hubCheckCommit(r.commit, get('bob1').roomState(), await hubMembersOf('bob1'), pending).denials).toEqual([]);
    const changes = await deliver(r.commit, ['bob1', 'bob2']);
    expect(changes.every((c) => c.removedMe && c.removed[0] === BOB)).toBe(true);
    expect(get('alice').clients()).toEqual(['mimi://a.example/d/alice/ClientA1']);
    expect(get('alice').participants()).toEqual([{ user: ALICE, role: ADMIN }]);
  });
});
