/**
 * checkCommit (src/rooms/verify.ts), the check every member, the committer and the hub run on a
 * commit, called directly: each way a commit is refused, with the denial it gives (what is missing,
 * where, and the reason a user or a log sees), and the commits next to each that are allowed. The
 * live rooms (rooms*.test.ts) show the same function at every member; here each rule is isolated.
 *
 * The room: Alice (admin: adds, removes, changes roles, bans; no canKick), Bob (member, two
 * clients), Carol (moderator: canKick), Dave (banned, no clients); Erin is not in the room.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codecs } from '@mimikit/mls';
import type { BaseRoomPolicy } from '@mimikit/mimi-room-policy';
import type { Member, MlsCredential, ProposalView } from '../src/mls/index.ts';
import { cipherSuite } from '../src/mls/index.ts';
import { DEFAULT_BASE_POLICY, defineRole } from '../src/policy/index.ts';
import {
  addAppDataUpdate,
  checkCommit,
  contentOfCommit,
  contentOfInputs,
  contentOfProposals,
  emptyCommitContent,
  isRoomStateProposal,
  type CommitCheck,
  type CommitContent,
} from '../src/rooms/verify.ts';
import { APP_DATA_DICTIONARY, roomKeyPackage, withRoomState, type FullRoomState } from '../src/rooms/index.ts';
import { appDataUpdatesFor } from '../src/room/index.ts';

const te = new TextEncoder();
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CAROL = 'mimi://c.example/u/carol';
const DAVE = 'mimi://d.example/u/dave';
const ERIN = 'mimi://e.example/u/erin';

const BANNED = 1;
const MEMBER = 2;
const ADMIN = 3;
const MODERATOR = 4;
const ROLES = {
  roles: [
    defineRole({ index: BANNED, name: 'banned' }),
    defineRole({
      index: MEMBER,
      name: 'member',
      capabilities: ['canSendMessage', 'canAddOwnClient', 'canRemoveOwnClient', 'canRemoveSelf'],
      changes: [[MEMBER, [0]]],
    }),
    defineRole({
      index: ADMIN,
      name: 'admin',
      capabilities: [
        'canAddParticipant',
        'canRemoveParticipant',
        'canChangeUserRole',
        'canBan',
        'canUnBan',
        'canChangeRoleDefinitions',
        'canChangeRoomMembershipStyle',
        'canChangeRoomName',
      ],
      changes: [
        [0, [MEMBER, BANNED]],
        [MEMBER, [0, BANNED, ADMIN]],
        [BANNED, [0, MEMBER]],
      ],
    }),
    defineRole({ index: MODERATOR, name: 'moderator', capabilities: ['canSendMessage', 'canKick'] }),
  ],
};
const empty = { string: new Uint8Array() };
const BEFORE: FullRoomState = {
  participant_list: {
    participants: (
      [
        [ALICE, ADMIN],
        [BOB, MEMBER],
        [CAROL, MODERATOR],
        [DAVE, BANNED],
      ] as const
    ).map(([user, role_index]) => ({ user: te.encode(user), role_index })),
  },
  roles_list: ROLES,
  room_metadata: {
    room_uri: { uri: te.encode('mimi://a.example/r/club') },
    room_name: { string: te.encode('Club') },
    room_descriptions: [],
    room_avatar: { uri: new Uint8Array() },
    room_subject: empty,
    room_mood: empty,
  },
};

const basic = (client: string): MlsCredential => ({ credentialType: 1, identity: te.encode(client) });
/** A credential rooms cannot read a client from. */
const X509: MlsCredential = { credentialType: 2, certificates: [new Uint8Array([0x30, 0x00])] };
const member = (leafIndex: number, credential: MlsCredential): Member => ({ leafIndex, credential, signatureKey: new Uint8Array(32) });
/** Leaves: Alice 0, Bob 1 and 2, Carol 3. */
const MEMBERS: Member[] = [
  'mimi://a.example/d/alice/laptop',
  'mimi://b.example/d/bob/phone',
  'mimi://b.example/d/bob/tablet',
  'mimi://c.example/d/carol/phone',
].map((c, i) => member(i, basic(c)));

/** The participant list with `edit` applied to its entries. */
const listWith = (edit: (list: Array<{ user: Uint8Array; role_index: number }>) => Array<{ user: Uint8Array; role_index: number }>): FullRoomState => ({
  ...BEFORE,
  participant_list: { participants: edit(BEFORE.participant_list.participants.map((p) => ({ ...p }))) },
});
const withRole = (user: string, role_index: number) => listWith((l) => l.map((p) => (new TextDecoder().decode(p.user) === user ? { ...p, role_index } : p)));
const without = (user: string) => listWith((l) => l.filter((p) => new TextDecoder().decode(p.user) !== user));
const plus = (user: Uint8Array | string, role_index = MEMBER) =>
  listWith((l) => [...l, { user: typeof user === 'string' ? te.encode(user) : user, role_index }]);
const renamed = (name: string): FullRoomState => ({ ...BEFORE, room_metadata: { ...BEFORE.room_metadata!, room_name: { string: te.encode(name) } } });
const withPolicy = (over: Partial<BaseRoomPolicy>): FullRoomState => ({ ...BEFORE, base_room_policy: { ...DEFAULT_BASE_POLICY, ...over } });
/** `s` with the room renamed: a commit that changes no membership. */
const renaming = (s: FullRoomState): FullRoomState => ({ ...s, room_metadata: renamed('X').room_metadata });

interface Commit {
  /** The room state a GroupContextExtensions proposal sets, and the leaf that proposes it (default: the committer). */
  after?: FullRoomState;
  gceSender?: number | undefined;
  /** Added clients (a URI, or a credential) and the leaf proposing each (default: the committer). */
  adds?: Array<string | MlsCredential | [string, number | undefined]>;
  /** Removed leaves, and the leaf proposing each (default: the committer). */
  removes?: Array<number | [number, number | undefined]>;
  committer?: number | undefined;
  before?: FullRoomState;
  members?: Member[];
  content?: (c: CommitContent) => void;
}

function judge(c: Commit): CommitCheck {
  const committer = 'committer' in c ? c.committer : 0;
  const before = c.before ?? BEFORE;
  const content = emptyCommitContent();
  if (c.after) content.gce.push({ sender: 'gceSender' in c ? c.gceSender : committer, extensions: withRoomState([], c.after) });
  for (const a of c.adds ?? []) {
    const [what, sender] = Array.isArray(a) ? a : [a, committer];
    content.adds.push({
      sender,
      credential:
        typeof what === 'string'
          ? { credential_type: 'basic', identity: te.encode(what) }
          : what.credentialType === 2
            ? { credential_type: 'x509', certificates: [] }
            : { credential_type: 'basic', identity: what.identity! },
    });
  }
  for (const r of c.removes ?? []) {
    const [leaf, sender] = Array.isArray(r) ? r : [r, committer];
    content.removes.push({ sender, leaf });
  }
  c.content?.(content);
  return checkCommit(before, c.members ?? MEMBERS, committer, content);
}
const denials = (c: Commit) => judge(c).denials;
const one = (missing: string, at: string, reason: string) => [{ missing, at, reason }];

describe('checkCommit: who commits', () => {
  it('a commit by a non-member (external) or by an unknown leaf is refused before anything else is judged', () => {
    const external = judge({ committer: undefined, after: renamed('X') });
    expect(external.denials).toEqual(
      one('committer', 'committer', 'proposals by non-members (external) are not accepted in rooms, nor commits by them but External Commits'),
    );
    expect(external.committerUser).toBeUndefined();
    expect(external.after).toBeUndefined();
    expect(denials({ committer: 9, after: renamed('X') })).toEqual(one('committer', 'committer', 'leaf 9 is not a member'));
  });

  it('nothing about the room state is judged for a committer that is not a member: one denial, whatever the commit holds', () => {
    const c = judge({
      committer: 9,
      after: renamed('X'),
      content: (x) => {
        x.gce.push(x.gce[0]!);
        addAppDataUpdate(x, 9, new Uint8Array([0xff]));
      },
    });
    expect(c.denials).toEqual(one('committer', 'committer', 'leaf 9 is not a member'));
  });

  it('a committer whose credential names no MIMI user is refused with the reason its credential gives', () => {
    const members = [...MEMBERS, member(4, X509), member(5, basic('mimi://c.example/d/gadget'))];
    expect(denials({ committer: 4, members })).toEqual(one('committer', 'committer', 'a credential that is not a basic MIMI client credential'));
    expect(denials({ committer: 5, members })).toEqual(
      one('committer', 'committer', 'mimi://c.example/d/gadget does not name its user (use mimi://domain/d/{user}/{client})'),
    );
  });

  it('an allowed commit names its committer, its update and the room after it', () => {
    const c = judge({ after: plus(ERIN), adds: ['mimi://e.example/d/erin/phone'] });
    expect(c.denials).toEqual([]);
    expect(c.committerUser).toBe(ALICE);
    expect(c.update).toEqual({ changedRoleParticipants: [], removedIndices: [], addedParticipants: [{ user: te.encode(ERIN), role_index: MEMBER }] });
    expect(c.after).toEqual(plus(ERIN));
    expect(c.addedClients).toEqual(['mimi://e.example/d/erin/phone']);
    expect(c.metadataChanged).toEqual([]);
  });
});

describe('checkCommit: the room-state proposals', () => {
  it('an AppDataUpdate that does not decode is refused at app_data_update with the decoder’s reason', () => {
    const c = judge({ content: (x) => addAppDataUpdate(x, 0, new Uint8Array([0xff])) });
    expect(c.denials).toHaveLength(1);
    expect(c.denials[0]).toMatchObject({ missing: 'room_state', at: 'app_data_update' });
    expect(c.denials[0]!.reason).toMatch(/^app_data_update from leaf 0: /);
  });

  it('more than one GroupContextExtensions proposal is refused; the room after it is the last one’s', () => {
    const c = judge({ after: renamed('First'), content: (x) => x.gce.push({ sender: 0, extensions: withRoomState([], renamed('Second')) }) });
    expect(c.denials).toEqual(one('room_state', 'proposals', 'more than one GroupContextExtensions proposal'));
    expect(c.after).toEqual(renamed('Second'));
    expect(c.metadataChanged).toEqual(['room_name']);
  });

  it('room-state changes proposed by two users are refused, and not judged further', () => {
    const update = codecs.AppDataUpdate.encode({ component_id: 0x0023, op: 'remove' });
    const c = judge({ after: renamed('X'), content: (x) => addAppDataUpdate(x, 1, update) });
    expect(c.denials).toEqual(
      one('room_state', 'proposals', 'room-state changes from 2 proposers in one commit; each is judged on its own, so commit them separately'),
    );
    expect(c.after).toBeUndefined();
  });

  it('one user’s GroupContextExtensions and AppDataUpdates together are judged as that user’s', () => {
    // Alice renames (GroupContextExtensions) and adds Erin (AppDataUpdate): one proposer, both allowed.
    const c = judge({
      after: renamed('X'),
      content: (x) => {
        for (const u of appDataUpdatesFor(BEFORE, plus(ERIN))) addAppDataUpdate(x, 0, codecs.AppDataUpdate.encode(u));
      },
    });
    expect(c.denials).toEqual([]);
    expect(c.after?.participant_list.participants.map((p) => new TextDecoder().decode(p.user))).toEqual([ALICE, BOB, CAROL, DAVE, ERIN]);
    expect(c.metadataChanged).toEqual(['room_name']);
  });

  it('a room-state proposal from a leaf that is not a member is refused where it is', () => {
    expect(denials({ after: renamed('X'), gceSender: 7 })).toEqual(one('committer', 'group_context_extensions', 'leaf 7 is not a member'));
    expect(denials({ content: (x) => addAppDataUpdate(x, 7, codecs.AppDataUpdate.encode({ component_id: 0x0023, op: 'remove' })) })).toEqual(
      one('committer', 'app_data_update', 'leaf 7 is not a member'),
    );
  });

  it('the room-state proposals are judged against their proposer, not the committer', () => {
    // Bob proposes the rename (no canChangeRoomName); Alice commits it.
    expect(denials({ after: renamed('X'), gceSender: 1 })).toEqual(one('canChangeRoomName', 'room_metadata.room_name', 'role 2 lacks canChangeRoomName'));
    expect(denials({ after: renamed('X'), committer: 1, gceSender: 0 })).toEqual([]);
  });

  it('a room state that cannot be read or applied is refused where it came from', () => {
    const noRoom = judge({ content: (x) => x.gce.push({ sender: 0, extensions: [] }) });
    expect(noRoom.denials).toEqual(one('room_state', 'group_context_extensions', 'the GroupContext has no app_data_dictionary extension'));
    expect(noRoom.after).toBeUndefined();
    // A GroupContextExtensions proposal whose app_data_dictionary is not one: refused, not thrown.
    const garbage = judge({
      content: (x) => x.gce.push({ sender: 0, extensions: [{ extensionType: APP_DATA_DICTIONARY, extensionData: new Uint8Array([0xff]) }] }),
    });
    expect(garbage.denials).toHaveLength(1);
    expect(garbage.denials[0]).toMatchObject({ missing: 'room_state', at: 'group_context_extensions' });
    expect(garbage.denials[0]!.reason).toMatch(/^app_data_dictionary: the app_data_dictionary does not decode: ./);
    const unknown = judge({ content: (x) => addAppDataUpdate(x, 0, codecs.AppDataUpdate.encode({ component_id: 0x7777, op: 'remove' })) });
    expect(unknown.denials).toEqual(one('room_state', 'app_data_update', 'app_data_update[0]: component 0x7777 is not known to the application'));
    expect(unknown.after).toBeUndefined();
    // Removing the participant list leaves no room (RoomError rather than RoomStateError).
    expect(denials({ content: (x) => addAppDataUpdate(x, 0, codecs.AppDataUpdate.encode({ component_id: 0x0022, op: 'remove' })) })).toEqual(
      one('room_state', 'app_data_update', 'the app_data_dictionary has no participant_list or no roles_list'),
    );
  });

  it('a component the profile has no rule for may not change', () => {
    const other = { ...BEFORE, other: [{ component_id: 0x7777, data: new Uint8Array([1]) }] };
    expect(denials({ after: other })).toEqual(
      one(
        'room_state',
        'group_context_extensions',
        'changes a room component the profile has no rule for (only participant_list, room_metadata, roles_list and base_room_policy can change)',
      ),
    );
    expect(denials({ before: other, after: { ...other, room_metadata: renamed('X').room_metadata } })).toEqual([]);
  });

  it('a roles_list change may not come with any participant-list change: an add, a removal or a role change', () => {
    const moreRoles = (s: FullRoomState): FullRoomState => ({ ...s, roles_list: { roles: [...ROLES.roles, defineRole({ index: 9, name: 'extra' })] } });
    const notWith = one('participant_list_unchanged', 'roles_list', 'a roles_list update may not be in the same commit as a participant-list change');
    expect(denials({ after: moreRoles(BEFORE) })).toEqual([]);
    expect(denials({ after: moreRoles(plus(ERIN)) })).toEqual(notWith);
    expect(denials({ after: moreRoles(without(BOB)), removes: [1, 2] })).toEqual(notWith);
    expect(denials({ after: moreRoles(withRole(BOB, ADMIN)) })).toEqual(notWith);
  });
});

describe('checkCommit: the participant list', () => {
  it('a reordered list is not an update of the old one', () => {
    expect(denials({ after: listWith((l) => [l[1]!, l[0]!, l[2]!, l[3]!]) })).toEqual(
      one('room_state', 'participant_list', 'the new participant list is not the old one with users changed, removed and appended'),
    );
  });

  it('a list that names a new user twice is not an update of the old one', () => {
    expect(denials({ after: listWith((l) => [...l, { user: te.encode(ERIN), role_index: MEMBER }, { user: te.encode(ERIN), role_index: MEMBER }]) })).toEqual(
      one('room_state', 'participant_list', 'the new participant list is not the old one with users changed, removed and appended'),
    );
  });

  it('an added user is a canonical MIMI user URI', () => {
    const notUtf8 = new Uint8Array([0x6d, 0xff, 0xfe]);
    expect(denials({ after: plus(notUtf8) })).toEqual(one('room_state', 'participant_list.addedParticipants[0]', 'the user 0x6dfffe is not UTF-8'));
    expect(denials({ after: plus('mimi://E.Example/u/erin') })).toEqual(
      one('room_state', 'participant_list.addedParticipants[0]', 'the user "mimi://E.Example/u/erin" is not in canonical form (mimi://e.example/u/erin)'),
    );
    const client = judge({ after: plus('mimi://e.example/d/erin/phone') }).denials;
    expect(client).toHaveLength(1);
    expect(client[0]).toMatchObject({ missing: 'room_state', at: 'participant_list.addedParticipants[0]' });
    expect(client[0]!.reason).toMatch(/^the user "mimi:\/\/e\.example\/d\/erin\/phone" is not a MIMI user URI: ./);
    expect(denials({ after: plus(ERIN) })).toEqual([]);
  });
});

describe('checkCommit: added clients', () => {
  it('a client credential rooms cannot read is refused at its Add', () => {
    const c = judge({ adds: [X509] });
    expect(c.denials).toEqual(one('client', 'adds[0]', 'a credential that is not a basic MIMI client credential'));
    expect(c.addedClients).toEqual([]);
  });

  it('a client of a user who is not a participant after the commit, or is banned, is refused', () => {
    expect(denials({ adds: ['mimi://e.example/d/erin/phone'] })).toEqual(
      one('client', 'adds[0]', 'mimi://e.example/d/erin/phone belongs to mimi://e.example/u/erin, who is not a participant after this commit'),
    );
    expect(denials({ adds: ['mimi://d.example/d/dave/phone'] })).toEqual(
      one('client', 'adds[0]', 'mimi://d.example/d/dave/phone belongs to mimi://d.example/u/dave, who is banned'),
    );
  });

  it('a client URI already in the room is not added again (one client, one leaf)', () => {
    expect(denials({ committer: 1, adds: [['mimi://b.example/d/bob/phone', 1]] })).toEqual(
      one('client', 'adds[0]', 'mimi://b.example/d/bob/phone would hold 2 leaves (leaf 1, adds[0]): a client URI is one member of the room'),
    );
  });

  it('only a participant itself adds its further clients, by a proposal of one of its own leaves', () => {
    const bobs = 'mimi://b.example/d/bob/watch';
    expect(denials({ adds: [bobs] })).toEqual(
      one('client', 'adds[0]', `${bobs} is a new client of ${BOB}; only ${BOB} may add its own clients (canAddOwnClient), not ${ALICE}`),
    );
    expect(denials({ adds: [[bobs, 1]] })).toEqual([]);
    expect(denials({ adds: [[bobs, 9]] })).toEqual(one('committer', 'adds[0]', 'leaf 9 is not a member'));
    expect(denials({ adds: [[bobs, undefined]] })).toEqual(
      one('committer', 'adds[0]', 'proposals by non-members (external) are not accepted in rooms, nor commits by them but External Commits'),
    );
  });
});

describe('checkCommit: removed clients', () => {
  it('a user removed or banned loses every client in the same commit', () => {
    expect(denials({ after: without(BOB), removes: [1] })).toEqual(
      one('client', 'participant_list', `${BOB} is removed but its clients at leaves 2 are not removed`),
    );
    expect(denials({ after: without(BOB) })).toEqual(one('client', 'participant_list', `${BOB} is removed but its clients at leaves 1, 2 are not removed`));
    expect(denials({ after: withRole(BOB, BANNED), removes: [2] })).toEqual(
      one('client', 'participant_list', `${BOB} is banned but its clients at leaves 1 are not removed`),
    );
  });

  it('the clients of a user being removed or banned need no canKick of the remover (Alice has none)', () => {
    const removal = judge({ after: without(BOB), removes: [1, 2] });
    expect(removal.denials).toEqual([]);
    expect(removal.removedLeaves).toEqual([1, 2]);
    expect(removal.clientsRemovedOf).toEqual([]);
    expect(denials({ after: withRole(BOB, BANNED), removes: [1, 2] })).toEqual([]);
    // A role change that is not a ban leaves the user's clients alone.
    expect(denials({ after: withRole(BOB, ADMIN) })).toEqual([]);
  });

  it('removing a client of a user who stays: canKick for another’s, canRemoveOwnClient for one’s own', () => {
    expect(denials({ removes: [1] })).toEqual(
      one('canKick', 'removes[0]', `the role of ${ALICE} lacks canKick (removing a client of ${BOB}, who stays a participant)`),
    );
    const kick = judge({ committer: 3, removes: [1] });
    expect(kick.denials).toEqual([]);
    expect(kick.clientsRemovedOf).toEqual([BOB]);
    expect(judge({ committer: 1, removes: [2] }).clientsRemovedOf).toEqual([BOB]);
    expect(denials({ committer: 3, removes: [[1, 9]] })).toEqual(one('committer', 'removes[0]', 'leaf 9 is not a member'));
  });

  it('a user with no clients is removed with no Remove proposal', () => {
    expect(denials({ after: without(DAVE) })).toEqual([]);
  });

  it('the clients a commit removes count against the active minimum of their user’s role', () => {
    // Members must keep one active participant: Bob is the only member with clients.
    const strict: FullRoomState = {
      ...BEFORE,
      roles_list: { roles: ROLES.roles.map((r) => (r.role_index === MEMBER ? { ...r, minimum_active_participants_constraint: 1 } : r)) },
    };
    expect(denials({ before: strict, committer: 3, removes: [1] })).toEqual([]);
    expect(denials({ before: strict, committer: 3, removes: [1, 2] })).toEqual(
      [0, 1].map((i) => ({
        missing: 'minimum_active_participants_constraint',
        at: `removes[${i}]`,
        reason: 'role 2 would have 0 active participants (with clients in the group), fewer than 1',
      })),
    );
    // Bob leaving takes his clients: the participant-list change is judged at removedIndices.
    expect(denials({ before: strict, committer: 1, after: { ...strict, participant_list: without(BOB).participant_list }, removes: [1, 2] })).toEqual([
      {
        missing: 'minimum_active_participants_constraint',
        at: 'removedIndices[0]',
        reason: 'role 2 would have 0 active participants (with clients in the group), fewer than 1',
      },
    ]);
  });

  it('a leaf with no MIMI user, or a blank leaf, is removed by whoever may commit', () => {
    const members = [...MEMBERS, member(4, X509), member(5, X509)];
    // Bob holds no canKick, and needs none for these.
    expect(denials({ committer: 1, members, removes: [4] })).toEqual([]);
    expect(denials({ committer: 1, removes: [7] })).toEqual([]);
  });
});

describe('checkCommit: the base policy over the clients after the commit', () => {
  it('max_clients counts the members kept and the clients added, removed leaves not', () => {
    const four = withPolicy({ max_clients: 4 });
    const fourRoom = { before: four, after: { ...four, participant_list: plus(ERIN).participant_list } };
    expect(denials({ ...fourRoom, adds: ['mimi://e.example/d/erin/phone'] })).toEqual(
      one('max_clients', 'totalClientsAfter', 'the group would have 5 clients, more than max_clients 4'),
    );
    expect(denials({ ...fourRoom, adds: ['mimi://e.example/d/erin/phone'], removes: [[2, 1]] })).toEqual([]);
    expect(denials({ before: four, adds: [['mimi://b.example/d/bob/watch', 1], X509], committer: 1 })).toEqual([
      { missing: 'client', at: 'adds[1]', reason: 'a credential that is not a basic MIMI client credential' },
      { missing: 'max_clients', at: 'totalClientsAfter', reason: 'the group would have 6 clients, more than max_clients 4' },
    ]);
  });

  it('a leaf with no MIMI user counts towards max_clients, and towards no user’s clients', () => {
    const members = [...MEMBERS, member(4, X509), member(5, X509)];
    expect(denials({ members, before: withPolicy({ max_clients: 6 }), after: renaming(withPolicy({ max_clients: 6 })) })).toEqual([]);
    expect(denials({ members, before: withPolicy({ max_clients: 5 }), after: renaming(withPolicy({ max_clients: 5 })) })).toEqual(
      one('max_clients', 'totalClientsAfter', 'the group would have 6 clients, more than max_clients 5'),
    );
    // Two such leaves are not one user with two clients.
    const single = withPolicy({ multi_device: 'false' });
    expect(
      denials({ members: [member(0, basic('mimi://a.example/d/alice/laptop')), member(4, X509), member(5, X509)], before: single, after: renaming(single) }),
    ).toEqual([]);
  });

  it('multi_device false counts each user’s clients after the commit', () => {
    const single = withPolicy({ multi_device: 'false' });
    expect(denials({ before: single, committer: 1, adds: [['mimi://b.example/d/bob/watch', 1]] })).toEqual(
      one('multi_device', `clientsPerUserAfter[${BOB}]`, `multi_device is false but ${BOB} would have 3 clients`),
    );
    // Bob swaps his tablet for a watch: still two.
    expect(denials({ before: single, committer: 1, adds: [['mimi://b.example/d/bob/watch', 1]], removes: [[2, 1]] })).toEqual(
      one('multi_device', `clientsPerUserAfter[${BOB}]`, `multi_device is false but ${BOB} would have 2 clients`),
    );
    expect(denials({ before: single, committer: 1, removes: [[2, 1]] })).toEqual([]);
  });

  it('max_users counts the participants after the commit who are not in the banned role', () => {
    // Alice, Bob, Carol and banned Dave; then Erin.
    const three = withPolicy({ max_users: 3 });
    expect(denials({ before: three, after: renaming(three) })).toEqual([]);
    expect(denials({ before: three, after: { ...three, participant_list: plus(ERIN).participant_list } })).toEqual(
      one('max_users', 'participantsAfter', 'the room would have 4 non-banned participants, more than max_users 3'),
    );
  });
});

describe('what a commit does: its proposals as checkCommit reads them', () => {
  const APP_DATA_UPDATE = 0x0008;
  const remove = codecs.AppDataUpdate.encode({ component_id: 0x0023, op: 'remove' });
  const standard = (sender: number | undefined, gist: Extract<ProposalView, { kind: 'standard' }>['gist']): ProposalView => ({
    sender,
    kind: 'standard',
    gist,
    get proposal(): never {
      throw new Error('not read');
    },
  });
  const custom = (sender: number | undefined, proposalType: number, data: Uint8Array): ProposalView => ({ sender, kind: 'custom', proposalType, data });
  const extensions = withRoomState([], renamed('X'));

  it('contentOfProposals sorts a receiver’s proposals by kind, each with its sender, and reads credentials as the generated type', () => {
    const content = contentOfProposals([
      standard(1, { type: 'group_context_extensions', extensions }),
      standard(1, { type: 'add', credential: basic('mimi://e.example/d/erin/phone') }),
      standard(2, { type: 'add', credential: X509 }),
      standard(undefined, { type: 'add', credential: { credentialType: 1 } }),
      standard(3, { type: 'add', credential: { credentialType: 3, identity: te.encode('mimi://e.example/d/erin/tablet') } }),
      standard(1, { type: 'remove', removed: 2 }),
      standard(2, { type: 'update', credential: basic('mimi://b.example/d/bob/tablet') }),
      standard(2, { type: 'other', proposalType: 'psk' }),
      custom(3, APP_DATA_UPDATE, remove),
      custom(3, 0x0f0f, remove),
    ]);
    expect(content).toEqual({
      gce: [{ sender: 1, extensions }],
      adds: [
        { sender: 1, credential: { credential_type: 'basic', identity: te.encode('mimi://e.example/d/erin/phone') } },
        { sender: 2, credential: { credential_type: 'x509', certificates: [{ cert_data: new Uint8Array([0x30, 0x00]) }] } },
        // A basic credential without identity bytes, and a type rooms do not read, name no client.
        { sender: undefined, credential: { credential_type: 'basic', identity: new Uint8Array() } },
        { sender: 3, credential: { credential_type: 'basic', identity: new Uint8Array() } },
      ],
      removes: [{ sender: 1, leaf: 2 }],
      updates: [{ sender: 2, credential: { credential_type: 'basic', identity: te.encode('mimi://b.example/d/bob/tablet') } }],
      path: null,
      appDataUpdates: [{ sender: 3, update: { component_id: 0x0023, op: 'remove' } }],
      undecodable: [],
      selfRemovesByNonMembers: 0,
      // Types the member checks leave to MLS, by name or code (an External Commit is told by them).
      others: [
        { sender: 2, type: 'psk' },
        { sender: 3, type: '0x0f0f' },
      ],
    });
  });

  it('contentOfCommit adds the committer’s UpdatePath credential: none, unreadable (encrypted), or read', () => {
    expect(contentOfCommit([], null).path).toBeNull();
    expect(contentOfCommit([], 'encrypted').path).toBe('encrypted');
    expect(contentOfCommit([], basic('mimi://a.example/d/alice/laptop')).path).toEqual({
      credential_type: 'basic',
      identity: te.encode('mimi://a.example/d/alice/laptop'),
    });
    expect(contentOfCommit([], { credentialType: 2 }).path).toEqual({ credential_type: 'x509', certificates: [] });
    expect(contentOfCommit([standard(0, { type: 'remove', removed: 1 })], null).removes).toEqual([{ sender: 0, leaf: 1 }]);
  });

  it('an AppDataUpdate that does not decode is noted with its sender, not thrown', () => {
    const content = contentOfProposals([custom(4, APP_DATA_UPDATE, new Uint8Array([0xff]))]);
    expect(content.appDataUpdates).toEqual([]);
    expect(content.undecodable).toHaveLength(1);
    expect(content.undecodable[0]).toMatch(/^app_data_update from leaf 4: ./);
    const external = emptyCommitContent();
    addAppDataUpdate(external, undefined, new Uint8Array());
    expect(external.undecodable[0]).toMatch(/^app_data_update from leaf undefined: ./);
  });

  describe('contentOfInputs', () => {
    let keyPackage: Uint8Array;
    beforeAll(async () => {
      keyPackage = (
        await roomKeyPackage({ client: 'mimi://e.example/d/erin/phone', cipherSuite: await cipherSuite('MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519') })
      ).keyPackage;
    });

    it('reads the proposals a sender is about to commit, all of them its own, after any it was given', () => {
      const pending = contentOfProposals([standard(1, { type: 'remove', removed: 2 })]);
      const content = contentOfInputs(
        [
          { type: 'group_context_extensions', extensions },
          { type: 'add', keyPackage },
          { type: 'remove', leafIndex: 3 },
          { type: 'custom', proposalType: APP_DATA_UPDATE, data: remove },
          { type: 'custom', proposalType: 0x0f0f, data: remove },
        ],
        0,
        pending,
      );
      expect(content).toBe(pending);
      expect(content.gce).toEqual([{ sender: 0, extensions }]);
      expect(content.adds).toEqual([{ sender: 0, credential: { credential_type: 'basic', identity: te.encode('mimi://e.example/d/erin/phone') } }]);
      expect(content.removes).toEqual([
        { sender: 1, leaf: 2 },
        { sender: 0, leaf: 3 },
      ]);
      expect(content.appDataUpdates).toEqual([{ sender: 0, update: { component_id: 0x0023, op: 'remove' } }]);
      expect(contentOfInputs([{ type: 'custom', proposalType: APP_DATA_UPDATE, data: new Uint8Array([0xff]) }], 2).undecodable[0]).toMatch(
        /^app_data_update from leaf 2: ./,
      );
    });
  });

  it('isRoomStateProposal: a GroupContextExtensions or an AppDataUpdate, nothing else', () => {
    expect(isRoomStateProposal(standard(0, { type: 'group_context_extensions', extensions }))).toBe(true);
    expect(isRoomStateProposal(custom(0, APP_DATA_UPDATE, remove))).toBe(true);
    expect(isRoomStateProposal(standard(0, { type: 'remove', removed: 1 }))).toBe(false);
    expect(isRoomStateProposal(custom(0, 0x0f0f, remove))).toBe(false);
  });
});
