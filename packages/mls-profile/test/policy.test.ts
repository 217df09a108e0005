/**
 * Participant-list changes against the room's roles (draft-ietf-mimi-room-policy-03): who may add,
 * remove and change roles, with which authorized_role_changes, within which constraints; each
 * denial names what is missing.
 */
import { describe, expect, it } from 'vitest';
import type { ParticipantListData, ParticipantListUpdate } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import {
  authorizeClientRemovals,
  authorizeMetadataChange,
  authorizeParticipantListUpdate,
  bannedRoleIndex,
  changedMetadataFields,
  type CapabilityName,
  defineRole,
  type RoleSpec,
} from '../src/policy/index.ts';
import type { RoomMetaData } from '@mimikit/mimi-protocol';

const te = new TextEncoder();
const u = (name: string) => te.encode(`mimi://a.example/u/${name}`);

const role = (index: number, caps: CapabilityName[], changes: Array<[number, number[]]>, limits: Pick<RoleSpec, 'minimum' | 'maximum'> = {}): Role =>
  defineRole({ index, name: `role${index}`, capabilities: caps, changes, ...limits });

// Role 2: ordinary participant (may leave). Role 3: admin (adds as 2, removes 2, promotes 2 → 3, at least one admin).
const roles: RoleData = {
  roles: [
    role(2, ['canSendMessage', 'canRemoveSelf'], [[2, [0]]], { maximum: 3 }),
    role(
      3,
      ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canRemoveSelf'],
      [
        [0, [2]],
        [2, [0, 3]],
        [3, [0, 2]],
      ],
      { minimum: 1 },
    ),
  ],
};
const participants: ParticipantListData = {
  participants: [
    { user: u('alice'), role_index: 3 },
    { user: u('bob'), role_index: 2 },
  ],
};
const room = { participants, roles };
const none: ParticipantListUpdate = { changedRoleParticipants: [], removedIndices: [], addedParticipants: [] };
/** The users with clients: here every listed one (these rooms have no active-participant constraints). */
const usersOf = (list: ParticipantListData) => list.participants.map((p) => p.user);

const verdict = (committer: string, update: Partial<ParticipantListUpdate>) => {
  const v = authorizeParticipantListUpdate(room, u(committer), { ...none, ...update }, usersOf(participants));
  return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
};

describe('authorizeParticipantListUpdate', () => {
  it('adding a user: canAddParticipant, an entry 0 → target role, the target maximum', () => {
    expect(verdict('alice', { addedParticipants: [{ user: u('cathy'), role_index: 2 }] })).toBe('ok');
    // Bob, Cathy and Dave: role 2 at its maximum of 3, not past it.
    expect(
      verdict('alice', {
        addedParticipants: [
          { user: u('cathy'), role_index: 2 },
          { user: u('dave'), role_index: 2 },
        ],
      }),
    ).toBe('ok');
    expect(verdict('bob', { addedParticipants: [{ user: u('cathy'), role_index: 2 }] })).toBe('canAddParticipant @ addedParticipants[0]');
    expect(verdict('alice', { addedParticipants: [{ user: u('cathy'), role_index: 3 }] })).toBe('authorized_role_changes @ addedParticipants[0]');
    expect(
      verdict('alice', {
        addedParticipants: [
          { user: u('cathy'), role_index: 2 },
          { user: u('dave'), role_index: 2 },
          { user: u('erin'), role_index: 2 },
        ],
      }),
    ).toBe(
      [
        'maximum_participants_constraint @ addedParticipants[0]',
        'maximum_participants_constraint @ addedParticipants[1]',
        'maximum_participants_constraint @ addedParticipants[2]',
      ].join('; '),
    );
  });

  it('removing: another user needs canRemoveParticipant, oneself canRemoveSelf; minimums hold', () => {
    expect(verdict('alice', { removedIndices: [1] })).toBe('ok');
    expect(verdict('bob', { removedIndices: [1] })).toBe('ok');
    expect(verdict('bob', { removedIndices: [0] })).toBe('canRemoveParticipant @ removedIndices[0]');
    // The only admin leaving would leave no admin: minimum_participants_constraint of role 3 is 1.
    expect(verdict('alice', { removedIndices: [0] })).toBe('minimum_participants_constraint @ removedIndices[0]');
  });

  it('changing roles: canChangeUserRole over others only, along authorized_role_changes', () => {
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 1, role_index: 3 }] })).toBe('ok');
    expect(verdict('bob', { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 1, role_index: 0 }] })).toBe('authorized_role_changes @ changedRoleParticipants[0]');
  });

  it('a role the roles_list does not define has no constraints to break', () => {
    // Gus holds role 7, which the list lacks; Alice may add to role 9, also undefined, and remove from 7.
    const odd = {
      participants: {
        participants: [
          { user: u('alice'), role_index: 3 },
          { user: u('gus'), role_index: 7 },
        ],
      },
      roles: {
        roles: [
          role(
            3,
            ['canAddParticipant', 'canRemoveParticipant'],
            [
              [0, [9]],
              [7, [0]],
            ],
          ),
        ],
      },
    };
    const judge = (update: Partial<ParticipantListUpdate>) => authorizeParticipantListUpdate(odd, u('alice'), { ...none, ...update }, [u('alice')]);
    expect(judge({ addedParticipants: [{ user: u('dan'), role_index: 9 }] })).toEqual({ ok: true });
    expect(judge({ removedIndices: [1] })).toEqual({ ok: true });
  });

  it('a committer outside the participant list may change nothing, and the reason says so', () => {
    const v = authorizeParticipantListUpdate(
      room,
      u('mallory'),
      { ...none, addedParticipants: [{ user: u('mallory2'), role_index: 2 }] },
      usersOf(participants),
    );
    expect(v).toEqual({
      ok: false,
      denials: [{ missing: 'participant', at: 'committer', reason: 'mimi://a.example/u/mallory is not in the participant list' }],
    });
  });
});

describe('authorizeParticipantListUpdate: each denial’s reason names the actor, the target and the rule', () => {
  // Role 1 banned; 2 member (leaves; at most 3); 3 admin (adds, removes, changes roles, bans, unbans;
  // at least 1); 4 inviter (canAddParticipant, no authorized_role_changes); 5 mover (canChangeUserRole, no entries).
  const reasonRoles: RoleData = {
    roles: [
      defineRole({ index: 1, name: 'banned' }),
      role(2, ['canRemoveSelf'], [[2, [0]]], { maximum: 3 }),
      role(
        3,
        ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canBan', 'canUnBan', 'canRemoveSelf'],
        [
          [0, [2, 1]],
          [2, [0, 3, 1]],
          [1, [2]],
          [3, [0, 2]],
        ],
        { minimum: 1 },
      ),
      role(4, ['canAddParticipant'], []),
      role(5, ['canChangeUserRole', 'canRemoveParticipant'], []),
    ],
  };
  const people: ParticipantListData = {
    participants: (['alice', 3, 'bob', 2, 'carol', 1, 'ivan', 4, 'mo', 5, 'gus', 7] as const).flatMap((x, i, a) =>
      i % 2 ? [] : [{ user: u(x as string), role_index: a[i + 1] as number }],
    ),
  };
  const reasons = (committer: string, update: Partial<ParticipantListUpdate>) => {
    const v = authorizeParticipantListUpdate({ participants: people, roles: reasonRoles }, u(committer), { ...none, ...update }, usersOf(people));
    return v.ok ? [] : v.denials;
  };
  const U = (name: string) => `mimi://a.example/u/${name}`;
  const cases: Array<[string, string, Partial<ParticipantListUpdate>, Array<[string, string, string]>]> = [
    [
      'adding oneself',
      'alice',
      { addedParticipants: [{ user: u('alice'), role_index: 2 }] },
      [['canAddParticipant', 'addedParticipants[0]', `${U('alice')} cannot add itself: canAddParticipant covers other users only`]],
    ],
    [
      'adding oneself as banned',
      'alice',
      { addedParticipants: [{ user: u('alice'), role_index: 1 }] },
      [['canBan', 'addedParticipants[0]', `${U('alice')} cannot add itself: canBan covers other users only`]],
    ],
    [
      'adding without canAddParticipant',
      'bob',
      { addedParticipants: [{ user: u('dan'), role_index: 2 }] },
      [['canAddParticipant', 'addedParticipants[0]', `role 2 of ${U('bob')} lacks canAddParticipant to add ${U('dan')} as role 2`]],
    ],
    [
      'adding as banned without canBan or canAddParticipant',
      'bob',
      { addedParticipants: [{ user: u('dan'), role_index: 1 }] },
      [['canBan', 'addedParticipants[0]', `role 2 of ${U('bob')} lacks canBan or canAddParticipant to add ${U('dan')} as banned (role 1)`]],
    ],
    [
      'adding without an entry 0 → role',
      'ivan',
      { addedParticipants: [{ user: u('dan'), role_index: 2 }] },
      [
        [
          'authorized_role_changes',
          'addedParticipants[0]',
          `role 4 of ${U('ivan')} may not add ${U('dan')} as role 2 (no authorized_role_changes entry 0 → 2)`,
        ],
      ],
    ],
    [
      'adding past the maximum',
      'alice',
      {
        addedParticipants: [
          { user: u('dan'), role_index: 2 },
          { user: u('eve'), role_index: 2 },
          { user: u('fay'), role_index: 2 },
        ],
      },
      [0, 1, 2].map((i) => ['maximum_participants_constraint', `addedParticipants[${i}]`, 'role 2 would have 4 participants, more than 3']),
    ],
    [
      'adding with a role the committer’s role list lacks',
      'gus',
      { addedParticipants: [{ user: u('dan'), role_index: 2 }] },
      [['canAddParticipant', 'addedParticipants[0]', `role 7 of ${U('gus')} lacks canAddParticipant to add ${U('dan')} as role 2`]],
    ],
    [
      'removing an index past the list',
      'alice',
      { removedIndices: [6] },
      [['participant', 'removedIndices[0]', 'user index 6 is not in the participant list']],
    ],
    [
      'removing another without canRemoveParticipant',
      'bob',
      { removedIndices: [0] },
      [['canRemoveParticipant', 'removedIndices[0]', `role 2 of ${U('bob')} lacks canRemoveParticipant to remove ${U('alice')}`]],
    ],
    [
      'leaving without canRemoveSelf',
      'ivan',
      { removedIndices: [3] },
      [['canRemoveSelf', 'removedIndices[0]', `role 4 of ${U('ivan')} lacks canRemoveSelf to remove ${U('ivan')}`]],
    ],
    [
      'removing without an entry role → 0',
      'mo',
      { removedIndices: [1] },
      [['authorized_role_changes', 'removedIndices[0]', `role 5 of ${U('mo')} may not remove ${U('bob')} of role 2 (no authorized_role_changes entry 2 → 0)`]],
    ],
    [
      'removing below the minimum',
      'alice',
      { removedIndices: [0] },
      [['minimum_participants_constraint', 'removedIndices[0]', 'role 3 would have 0 participants, fewer than 1']],
    ],
    [
      'changing the role of an index past the list',
      'alice',
      { changedRoleParticipants: [{ user_index: 6, role_index: 2 }] },
      [['participant', 'changedRoleParticipants[0]', 'user index 6 is not in the participant list']],
    ],
    [
      'changing one’s own role',
      'alice',
      { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] },
      [['canChangeUserRole', 'changedRoleParticipants[0]', `canChangeUserRole does not cover one\u2019s own role (${U('alice')}); that is canChangeOwnRole`]],
    ],
    [
      'banning oneself',
      'alice',
      { changedRoleParticipants: [{ user_index: 0, role_index: 1 }] },
      [['canBan', 'changedRoleParticipants[0]', `canBan does not cover one\u2019s own role (${U('alice')}); that is canChangeOwnRole`]],
    ],
    [
      'changing a role without canChangeUserRole',
      'bob',
      { changedRoleParticipants: [{ user_index: 3, role_index: 2 }] },
      [['canChangeUserRole', 'changedRoleParticipants[0]', `role 2 of ${U('bob')} lacks canChangeUserRole to change the role of ${U('ivan')} from 4 to 2`]],
    ],
    [
      'unbanning without canUnBan or canChangeUserRole',
      'bob',
      { changedRoleParticipants: [{ user_index: 2, role_index: 2 }] },
      [['canUnBan', 'changedRoleParticipants[0]', `role 2 of ${U('bob')} lacks canUnBan or canChangeUserRole to unban ${U('carol')} (banned role 1 → role 2)`]],
    ],
    [
      'moving a user to role 0',
      'alice',
      { changedRoleParticipants: [{ user_index: 1, role_index: 0 }] },
      [['authorized_role_changes', 'changedRoleParticipants[0]', `${U('bob')} cannot be moved to role 0 by a role change; that is a removal`]],
    ],
    [
      'changing a role without an entry',
      'mo',
      { changedRoleParticipants: [{ user_index: 1, role_index: 3 }] },
      [
        [
          'authorized_role_changes',
          'changedRoleParticipants[0]',
          `role 5 of ${U('mo')} may not change the role of ${U('bob')} from 2 to 3 (no authorized_role_changes entry 2 → 3)`,
        ],
      ],
    ],
    [
      'banning without an entry',
      'mo',
      { changedRoleParticipants: [{ user_index: 1, role_index: 1 }] },
      [
        [
          'authorized_role_changes',
          'changedRoleParticipants[0]',
          `role 5 of ${U('mo')} may not ban ${U('bob')} (role 2 → banned role 1) (no authorized_role_changes entry 2 → 1)`,
        ],
      ],
    ],
    [
      'unbanning without an entry',
      'mo',
      { changedRoleParticipants: [{ user_index: 2, role_index: 2 }] },
      [
        [
          'authorized_role_changes',
          'changedRoleParticipants[0]',
          `role 5 of ${U('mo')} may not unban ${U('carol')} (banned role 1 → role 2) (no authorized_role_changes entry 1 → 2)`,
        ],
      ],
    ],
    [
      'moving the last admin away',
      'mo',
      { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] },
      [
        [
          'authorized_role_changes',
          'changedRoleParticipants[0]',
          `role 5 of ${U('mo')} may not change the role of ${U('alice')} from 3 to 2 (no authorized_role_changes entry 3 → 2)`,
        ],
      ],
    ],
  ];

  it.each(cases)('%s', (_, committer, update, expected) => {
    expect(reasons(committer, update)).toEqual(expected.map(([missing, at, reason]) => ({ missing, at, reason })));
  });
});

describe('bans and unbans (the "banned" role 1)', () => {
  const named = (r: Role, name: string): Role => ({ ...r, role_name: te.encode(name) });
  // Role 1 banned; 2 member; 3 moderator: canBan/canUnBan only (bans members, bans outsiders
  // pre-emptively, unbans to member); 4 manager: canChangeUserRole only, with the same moves.
  const banRoles = (banned: Role = named(role(1, [], []), 'banned'), member: Role = role(2, ['canSendMessage'], [])): RoleData => ({
    roles: [
      banned,
      member,
      role(
        3,
        ['canBan', 'canUnBan'],
        [
          [0, [1]],
          [2, [1]],
          [1, [2]],
        ],
      ),
      role(
        4,
        ['canChangeUserRole'],
        [
          [2, [1]],
          [1, [2]],
        ],
      ),
    ],
  });
  const banParticipants: ParticipantListData = {
    participants: [
      { user: u('alice'), role_index: 3 },
      { user: u('bob'), role_index: 2 },
      { user: u('carol'), role_index: 1 },
      { user: u('dave'), role_index: 4 },
      { user: u('erin'), role_index: 2 },
    ],
  };
  const judge = (committer: string, update: Partial<ParticipantListUpdate>, roles: RoleData = banRoles()) => {
    const v = authorizeParticipantListUpdate({ participants: banParticipants, roles }, u(committer), { ...none, ...update }, usersOf(banParticipants));
    return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
  };
  const ban = (user_index: number) => ({ changedRoleParticipants: [{ user_index, role_index: 1 }] });

  it('bannedRoleIndex: role 1 named exactly "banned", else none', () => {
    expect(bannedRoleIndex(banRoles())).toBe(1);
    expect(bannedRoleIndex(banRoles(named(role(1, [], []), 'Banned')))).toBeUndefined();
    expect(bannedRoleIndex({ roles: [named(role(2, [], []), 'banned')] })).toBeUndefined();
  });

  it('banning another user needs canBan and an entry from its role to 1', () => {
    expect(judge('alice', ban(1))).toBe('ok');
    // erin is an ordinary member: no canBan, no canChangeUserRole.
    expect(judge('erin', ban(1))).toBe('canBan @ changedRoleParticipants[0]');
    // alice has no entry 4 → 1: she may ban members, not managers.
    expect(judge('alice', ban(3))).toBe('authorized_role_changes @ changedRoleParticipants[0]');
    expect(judge('alice', ban(0))).toBe('canBan @ changedRoleParticipants[0]');
  });

  it('the denial reason names the capabilities, the committer and the target', () => {
    const v = authorizeParticipantListUpdate({ participants: banParticipants, roles: banRoles() }, u('erin'), { ...none, ...ban(1) }, usersOf(banParticipants));
    expect(v).toEqual({
      ok: false,
      denials: [
        {
          missing: 'canBan',
          at: 'changedRoleParticipants[0]',
          reason: 'role 2 of mimi://a.example/u/erin lacks canBan or canChangeUserRole to ban mimi://a.example/u/bob (role 2 → banned role 1)',
        },
      ],
    });
  });

  it('canBan checks the old role minimum but not the banned role maximum; canChangeUserRole checks both', () => {
    const atLeastTwo = role(2, ['canSendMessage'], [], { minimum: 2 });
    expect(judge('alice', ban(1), banRoles(undefined, atLeastTwo))).toBe('minimum_participants_constraint @ changedRoleParticipants[0]');
    // carol already fills a banned role with room for one.
    const full = named(role(1, [], [], { maximum: 1 }), 'banned');
    expect(judge('alice', ban(1), banRoles(full))).toBe('ok');
    expect(judge('dave', ban(1), banRoles(full))).toBe('maximum_participants_constraint @ changedRoleParticipants[0]');
    // Without that maximum, canChangeUserRole moves a user to the banned role as the draft notes it can.
    expect(judge('dave', ban(1))).toBe('ok');
  });

  it('unbanning needs canUnBan and an entry from 1 to a non-zero role, with the target maximum', () => {
    const unban = (role_index: number) => ({ changedRoleParticipants: [{ user_index: 2, role_index }] });
    expect(judge('alice', unban(2))).toBe('ok');
    expect(judge('erin', unban(2))).toBe('canUnBan @ changedRoleParticipants[0]');
    expect(judge('alice', unban(3))).toBe('authorized_role_changes @ changedRoleParticipants[0]');
    expect(judge('alice', unban(0))).toBe('authorized_role_changes @ changedRoleParticipants[0]');
    // Role 2 is full (bob, erin): an unban into it breaks its maximum like any role change.
    expect(judge('alice', unban(2), banRoles(undefined, role(2, ['canSendMessage'], [], { maximum: 2 })))).toBe(
      'maximum_participants_constraint @ changedRoleParticipants[0]',
    );
  });

  it('adding a user as banned is a ban from role 0: canBan and an entry 0 → 1', () => {
    const addBanned = { addedParticipants: [{ user: u('frank'), role_index: 1 }] };
    expect(judge('alice', addBanned)).toBe('ok');
    // canBan checks no maximum of the banned role (carol fills its one place); canAddParticipant does.
    const full = named(role(1, [], [], { maximum: 1 }), 'banned');
    expect(judge('alice', addBanned, banRoles(full))).toBe('ok');
    const fullWithAdder: RoleData = { roles: [...banRoles(full).roles.filter((r) => r.role_index !== 4), role(4, ['canAddParticipant'], [[0, [1]]])] };
    expect(judge('dave', addBanned, fullWithAdder)).toBe('maximum_participants_constraint @ addedParticipants[0]');
    expect(judge('dave', addBanned)).toBe('canBan @ addedParticipants[0]');
    // canAddParticipant with an entry 0 → 1 adds as banned too; without the entry it does not.
    const adder = (changes: Array<[number, number[]]>): RoleData => ({
      roles: [...banRoles().roles.filter((r) => r.role_index !== 4), role(4, ['canAddParticipant'], changes)],
    });
    expect(judge('dave', addBanned, adder([[0, [1, 2]]]))).toBe('ok');
    expect(judge('dave', addBanned, adder([[0, [2]]]))).toBe('authorized_role_changes @ addedParticipants[0]');
  });

  it('a "change" to the role a user already holds is an ordinary role change, for a banned user too', () => {
    expect(judge('alice', { changedRoleParticipants: [{ user_index: 2, role_index: 1 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(judge('alice', { changedRoleParticipants: [{ user_index: 1, role_index: 2 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
  });

  it('a role 1 not named "banned" is an ordinary role: canBan and canUnBan do not reach it', () => {
    const plain = banRoles(named(role(1, [], []), 'muted'));
    expect(judge('alice', ban(1), plain)).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(judge('alice', { changedRoleParticipants: [{ user_index: 2, role_index: 2 }] }, plain)).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(judge('alice', { addedParticipants: [{ user: u('frank'), role_index: 1 }] }, plain)).toBe('canAddParticipant @ addedParticipants[0]');
    expect(judge('dave', ban(1), plain)).toBe('ok');
  });
});

describe('active participants (users with a client in the group after the commit)', () => {
  // Role 3 "speaker": at least 1 and at most 2 active. Ivy is a speaker without clients: she counts
  // as a participant, never as an active one. The host may add, remove, promote and ban.
  const activeRoles: RoleData = {
    roles: [
      defineRole({ index: 1, name: 'banned' }),
      role(2, ['canSendMessage'], []),
      defineRole({ index: 3, name: 'speaker', minimumActive: 1, maximumActive: 2 }),
      role(
        4,
        ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canBan'],
        [
          [0, [2, 3]],
          [2, [0, 3, 1]],
          [3, [0, 2, 1]],
        ],
      ),
    ],
  };
  const list: ParticipantListData = { participants: ['alice', 'sam', 'sue', 'bob', 'ivy'].map((n, i) => ({ user: u(n), role_index: [4, 3, 3, 2, 3][i]! })) };
  const activeRoom = { participants: list, roles: activeRoles };
  const withClients = ['alice', 'sam', 'sue', 'bob'];
  const judge = (update: Partial<ParticipantListUpdate>, active: string[] = withClients) => {
    const v = authorizeParticipantListUpdate(activeRoom, u('alice'), { ...none, ...update }, active.map(u));
    return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
  };
  const dan = { user: u('dan'), role_index: 3 };

  it('adding: the target role’s maximum of active participants, counting the added user only if it has a client', () => {
    const v = authorizeParticipantListUpdate(activeRoom, u('alice'), { ...none, addedParticipants: [dan] }, [...withClients, 'dan'].map(u));
    expect(v).toEqual({
      ok: false,
      denials: [
        {
          missing: 'maximum_active_participants_constraint',
          at: 'addedParticipants[0]',
          reason: 'role 3 would have 3 active participants (with clients in the group), more than 2',
        },
      ],
    });
    expect(judge({ addedParticipants: [dan] })).toBe('ok');
    // Sam without clients (kicked earlier) leaves room for Dan.
    expect(judge({ addedParticipants: [dan] }, ['alice', 'sue', 'bob', 'dan'])).toBe('ok');
  });

  it('counted after the whole update: Sam leaving makes room for Dan in the same commit', () => {
    expect(judge({ removedIndices: [1], addedParticipants: [dan] }, ['alice', 'sue', 'bob', 'dan'])).toBe('ok');
  });

  it('changing a role: the new role’s maximum and the old role’s minimum of active participants', () => {
    expect(judge({ changedRoleParticipants: [{ user_index: 3, role_index: 3 }] })).toBe('maximum_active_participants_constraint @ changedRoleParticipants[0]');
    expect(judge({ changedRoleParticipants: [{ user_index: 3, role_index: 3 }] }, ['alice', 'sam', 'sue'])).toBe('ok');
    expect(
      judge({
        changedRoleParticipants: [
          { user_index: 1, role_index: 2 },
          { user_index: 2, role_index: 2 },
        ],
      }),
    ).toBe('minimum_active_participants_constraint @ changedRoleParticipants[0]; minimum_active_participants_constraint @ changedRoleParticipants[1]');
  });

  it('removing and banning: the old role’s minimum of active participants, even though Ivy keeps its participant count', () => {
    expect(judge({ removedIndices: [1] }, ['alice', 'sue', 'bob'])).toBe('ok');
    expect(judge({ removedIndices: [1, 2] }, ['alice', 'bob'])).toBe(
      'minimum_active_participants_constraint @ removedIndices[0]; minimum_active_participants_constraint @ removedIndices[1]',
    );
    expect(
      judge(
        {
          changedRoleParticipants: [
            { user_index: 1, role_index: 1 },
            { user_index: 2, role_index: 1 },
          ],
        },
        ['alice', 'bob'],
      ),
    ).toBe('minimum_active_participants_constraint @ changedRoleParticipants[0]; minimum_active_participants_constraint @ changedRoleParticipants[1]');
  });

  it('authorizeClientRemovals: removing the last clients of participants who stay keeps their role’s minimum of active participants', () => {
    const removals = (active: string[], ...who: string[]) => {
      const v = authorizeClientRemovals(
        activeRoom,
        none,
        active.map(u),
        who.map((n, i) => ({ user: u(n), at: `removes[${i}]` })),
      );
      return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}: ${d.reason}`).join('; ');
    };
    expect(removals(['alice', 'sue', 'bob'], 'sam')).toBe('ok');
    expect(removals(['alice', 'bob'], 'sam', 'sue')).toBe(
      'minimum_active_participants_constraint @ removes[0]: role 3 would have 0 active participants (with clients in the group), fewer than 1; minimum_active_participants_constraint @ removes[1]: role 3 would have 0 active participants (with clients in the group), fewer than 1',
    );
    // Bob's role has no minimum; and a participant who keeps a client stays active.
    expect(removals(['alice', 'sam', 'sue'], 'bob')).toBe('ok');
    expect(removals(withClients, 'sam', 'sue')).toBe('ok');
  });

  it('authorizeClientRemovals judges the active minimum only: removing clients moves no participant', () => {
    // The speakers' role asks for 5 participants and has 3 (roles may be redefined past the current
    // counts); removing one of Sam's clients is still fine while he has another, or Sue is active.
    const strict: RoleData = { roles: activeRoles.roles.map((r) => (r.role_index === 3 ? { ...r, minimum_participants_constraint: 5 } : r)) };
    const v = authorizeClientRemovals({ participants: list, roles: strict }, none, ['alice', 'sue', 'bob'].map(u), [{ user: u('sam'), at: 'removes[0]' }]);
    expect(v).toEqual({ ok: true });
  });
});

describe('authorizeMetadataChange', () => {
  const meta = (name: string, subject = ''): RoomMetaData => ({
    room_uri: { uri: te.encode('mimi://a.example/r/clubhouse') },
    room_name: { string: te.encode(name) },
    room_descriptions: [],
    room_avatar: { uri: new Uint8Array() },
    room_subject: { string: te.encode(subject) },
    room_mood: { string: new Uint8Array() },
  });
  const metaRoles: RoleData = { roles: [role(2, ['canSendMessage'], []), role(3, ['canChangeRoomName'], [])] };
  const metaRoom = { participants, roles: metaRoles };
  const verdict = (committer: string, before: RoomMetaData, after: RoomMetaData) => {
    const v = authorizeMetadataChange(metaRoom, u(committer), before, after);
    return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
  };

  it('names the fields that changed, compared by their encoding', () => {
    expect(changedMetadataFields(meta('a'), meta('a'))).toEqual([]);
    expect(changedMetadataFields(meta('a'), meta('b', 's'))).toEqual(['room_name', 'room_subject']);
    expect(changedMetadataFields(undefined, meta(''))).toEqual(['room_uri']);
  });

  it('each changed field needs its capability; the room URI never changes; outsiders change nothing', () => {
    expect(verdict('alice', meta('a'), meta('b'))).toBe('ok');
    expect(verdict('alice', meta('a'), meta('a', 'topic'))).toBe('canChangeRoomSubject @ room_metadata.room_subject');
    expect(verdict('bob', meta('a'), meta('b'))).toBe('canChangeRoomName @ room_metadata.room_name');
    expect(verdict('alice', meta('a'), { ...meta('a'), room_uri: { uri: te.encode('mimi://a.example/r/other') } })).toBe('room_uri @ room_metadata.room_uri');
    expect(verdict('mallory', meta('a'), meta('b'))).toBe('participant @ room_metadata.room_name');
  });

  it('an unchanged room_metadata needs nothing, not even a participant', () => {
    expect(authorizeMetadataChange(metaRoom, u('mallory'), meta('a'), meta('a'))).toEqual({ ok: true });
    expect(authorizeMetadataChange(metaRoom, u('mallory'), undefined, undefined)).toEqual({ ok: true });
  });

  it('each denial’s reason says why', () => {
    const reasons = (committer: string, after: RoomMetaData) => {
      const v = authorizeMetadataChange(metaRoom, u(committer), meta('a'), after);
      return v.ok ? [] : v.denials.map((d) => d.reason);
    };
    expect(reasons('alice', { ...meta('a'), room_uri: { uri: te.encode('mimi://a.example/r/other') } })).toEqual([
      'the room URI names the room and cannot change',
    ]);
    expect(reasons('mallory', meta('b'))).toEqual(['the committer is not in the participant list']);
    expect(reasons('bob', meta('b', 'topic'))).toEqual(['role 2 lacks canChangeRoomName', 'role 2 lacks canChangeRoomSubject']);
  });
});
