/**
 * Replacing the roles_list (draft-ietf-mimi-room-policy-03 §Role-Based Access Control, §Disruptive
 * Policy Changes): who may (canChangeRoleDefinitions), when (never with a participant-list change),
 * and which new lists are valid; each violation is its own denial, located in the new list.
 */
import { describe, expect, it } from 'vitest';
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import { codecs, type Role, type RoleData } from '@mimikit/mimi-room-policy';
import { authorizeRolesListChange, CAPABILITIES, type CapabilityName, defineRole, holds, type RoleSpec } from '../src/policy/index.ts';

const te = new TextEncoder();
const u = (name: string) => te.encode(`mimi://a.example/u/${name}`);

const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>, limits: Omit<RoleSpec, 'index' | 'name'> = {}): Role =>
  defineRole({ index, name, capabilities: caps, changes, ...limits });

// Shaped like the draft's "Cooperatively administered room": no_role 0 (open join as member), banned 1, member 2, admin 3.
const noRole = role(0, 'no_role', ['canOpenJoin'], [[0, [2]]], { maximumActive: 0 });
const banned = role(1, 'banned', [], [], { maximumActive: 0 });
const member = role(2, 'member', ['canSendMessage', 'canRemoveSelf'], [[2, [0]]]);
const admin = role(
  3,
  'admin',
  ['canChangeRoleDefinitions', 'canBan', 'canUnBan'],
  [
    [2, [1]],
    [1, [2]],
  ],
  { minimum: 1 },
);
const roles: RoleData = { roles: [noRole, banned, member, admin] };
const participants: ParticipantListData = {
  participants: [
    { user: u('alice'), role_index: 3 },
    { user: u('bob'), role_index: 2 },
  ],
};
const room = { participants, roles };

/** The new list as the wire carries it: encoded and decoded, so the shapes are the codec's. */
const wire = (after: RoleData) => codecs.RoleData.decode(codecs.RoleData.encode(after));
const judge = (actor: string, after: RoleData, participantListChanged = false) => {
  const v = authorizeRolesListChange(room, u(actor), wire(after), { participantListChanged });
  return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
};
/** The current roles with role `index` replaced by `r` (or appended). */
const withRole = (r: Role): RoleData => ({
  roles: [...roles.roles.filter((x) => x.role_index !== r.role_index), r].sort((a, b) => a.role_index - b.role_index),
});

describe('defineRole', () => {
  it('builds the wire Role from names, with the defaults of an unconstrained role', () => {
    expect(defineRole({ index: 2, name: 'member' })).toEqual({
      role_index: 2,
      role_name: te.encode('member'),
      role_description: new Uint8Array(),
      role_capabilities: [],
      minimum_participants_constraint: 0,
      maximum_participants_constraint: null,
      minimum_active_participants_constraint: 0,
      maximum_active_participants_constraint: null,
      authorized_role_changes: [],
    });
    expect(
      defineRole({
        index: 3,
        name: 'admin',
        description: 'runs the room',
        capabilities: ['canBan', 'canKick'],
        changes: [[2, [1, 0]]],
        minimum: 1,
        maximum: 2,
        minimumActive: 1,
        maximumActive: 2,
      }),
    ).toEqual({
      role_index: 3,
      role_name: te.encode('admin'),
      role_description: te.encode('runs the room'),
      role_capabilities: [CAPABILITIES.canBan, CAPABILITIES.canKick],
      minimum_participants_constraint: 1,
      maximum_participants_constraint: 2,
      minimum_active_participants_constraint: 1,
      maximum_active_participants_constraint: 2,
      authorized_role_changes: [{ from_role_index: 2, target_role_indexes: [1, 0] }],
    });
  });
});

describe('holds', () => {
  it('is false for a user who is not a participant, or whose role the list lacks', () => {
    const withGus = { participants: { participants: [...participants.participants, { user: u('gus'), role_index: 7 }] }, roles };
    expect(holds(withGus, u('alice'), 'canBan')).toBe(true);
    expect(holds(withGus, u('alice'), 'canKick')).toBe(false);
    expect(holds(withGus, u('gus'), 'canBan')).toBe(false);
    expect(holds(withGus, u('mallory'), 'canBan')).toBe(false);
  });
});

describe('authorizeRolesListChange', () => {
  it('the roles round-trip through the generated codec unchanged', () => {
    expect(wire(roles)).toEqual(roles);
  });

  it('needs canChangeRoleDefinitions of the proposer, judged by the roles before the change', () => {
    const renamed = withRole({ ...member, role_name: te.encode('regular') });
    expect(judge('alice', renamed)).toBe('ok');
    expect(judge('bob', renamed)).toBe('canChangeRoleDefinitions @ roles_list');
    expect(authorizeRolesListChange(room, u('bob'), renamed, { participantListChanged: false })).toEqual({
      ok: false,
      denials: [{ missing: 'canChangeRoleDefinitions', at: 'roles_list', reason: 'role 2 of mimi://a.example/u/bob lacks canChangeRoleDefinitions' }],
    });
    expect(judge('mallory', renamed)).toBe('participant @ roles_list');
    // A participant whose role the list lacks holds nothing.
    const withGus = { participants: { participants: [...participants.participants, { user: u('gus'), role_index: 7 }] }, roles };
    expect(authorizeRolesListChange(withGus, u('gus'), renamed, { participantListChanged: false })).toEqual({
      ok: false,
      denials: [
        { missing: 'canChangeRoleDefinitions', at: 'roles_list', reason: 'role 7 of mimi://a.example/u/gus lacks canChangeRoleDefinitions' },
        {
          missing: 'role_index',
          at: 'participant_list.participants[2].role_index',
          reason: 'mimi://a.example/u/gus holds role 7, which the new roles_list does not define',
        },
      ],
    });
    // Even granting oneself the capability in the same update does not help bob.
    expect(judge('bob', withRole({ ...member, role_capabilities: [CAPABILITIES.canChangeRoleDefinitions] }))).toBe('canChangeRoleDefinitions @ roles_list');
  });

  it('is not valid in the same commit as a participant-list change', () => {
    expect(judge('alice', roles, true)).toBe('participant_list_unchanged @ roles_list');
    expect(judge('alice', roles, false)).toBe('ok');
  });

  it('role indexes are unique', () => {
    expect(judge('alice', { roles: [...roles.roles, { ...member, role_name: te.encode('member again') }] })).toBe(
      'role_index @ roles_list.roles[4].role_index',
    );
  });

  it('every participant keeps a defined role', () => {
    // bob holds role 2; a list without it leaves him with no role. Removing the unheld banned role is fine.
    const unchanging = { ...admin, authorized_role_changes: [] };
    expect(judge('alice', { roles: [{ ...noRole, authorized_role_changes: [] }, unchanging] })).toBe(
      'role_index @ participant_list.participants[1].role_index',
    );
    expect(judge('alice', { roles: [noRole, member, unchanging] })).toBe('ok');
  });

  it('minimums do not exceed maximums, for participants and for active participants', () => {
    expect(judge('alice', withRole(role(4, 'pair', [], [], { minimum: 2, maximum: 2 })))).toBe('ok');
    expect(judge('alice', withRole(role(4, 'pair', [], [], { minimum: 3, maximum: 2 })))).toBe(
      'minimum_participants_constraint @ roles_list.roles[4].minimum_participants_constraint',
    );
    expect(judge('alice', withRole(role(4, 'pair', [], [], { minimumActive: 1, maximumActive: 0 })))).toBe(
      'minimum_active_participants_constraint @ roles_list.roles[4].minimum_active_participants_constraint',
    );
    expect(judge('alice', withRole(role(4, 'pair', [], [], { minimumActive: 1, maximumActive: 1 })))).toBe('ok');
    // No maximum: any minimum is satisfiable.
    expect(judge('alice', withRole(role(4, 'active', [], [], { minimumActive: 3 })))).toBe('ok');
    expect(judge('alice', withRole(role(4, 'many', [], [], { minimum: 100 })))).toBe('ok');
  });

  it('authorized_role_changes name only role 0 or roles of the new list', () => {
    // Role 0 need not be listed to be named; role 4 is defined by this very update.
    expect(
      judge('alice', {
        roles: [
          banned,
          member,
          role(
            3,
            'admin',
            ['canChangeRoleDefinitions'],
            [
              [0, [2, 4]],
              [4, [0]],
            ],
          ),
          role(4, 'guest', [], []),
        ],
      }),
    ).toBe('ok');
    expect(judge('alice', withRole({ ...admin, authorized_role_changes: [{ from_role_index: 7, target_role_indexes: [2] }] }))).toBe(
      'authorized_role_changes @ roles_list.roles[3].authorized_role_changes[0].from_role_index',
    );
    expect(judge('alice', withRole({ ...admin, authorized_role_changes: [{ from_role_index: 2, target_role_indexes: [1, 9] }] }))).toBe(
      'authorized_role_changes @ roles_list.roles[3].authorized_role_changes[0].target_role_indexes[1]',
    );
  });

  it('canOpenJoin only on role 0', () => {
    expect(judge('alice', withRole(role(2, 'member', ['canSendMessage', 'canOpenJoin'], [])))).toBe(
      'role_capabilities @ roles_list.roles[2].role_capabilities[1]',
    );
    expect(judge('alice', withRole(role(0, 'no_role', ['canOpenJoin'], [[0, [2, 3]]])))).toBe('ok');
  });

  it('reports every violation, each with its own place', () => {
    const v = authorizeRolesListChange(
      room,
      u('bob'),
      { roles: [role(1, 'banned', ['canOpenJoin'], [[5, [2]]]), role(1, 'x', [], [])] },
      { participantListChanged: true },
    );
    expect(v.ok ? [] : v.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual([
      'canChangeRoleDefinitions @ roles_list',
      'participant_list_unchanged @ roles_list',
      'role_capabilities @ roles_list.roles[0].role_capabilities[0]',
      'authorized_role_changes @ roles_list.roles[0].authorized_role_changes[0].from_role_index',
      'authorized_role_changes @ roles_list.roles[0].authorized_role_changes[0].target_role_indexes[0]',
      'role_index @ roles_list.roles[1].role_index',
      'role_index @ participant_list.participants[0].role_index',
      'role_index @ participant_list.participants[1].role_index',
    ]);
  });

  it('each denial’s reason names the role, the numbers or the user', () => {
    const reasons = (actor: string, after: RoleData, participantListChanged = false) => {
      const v = authorizeRolesListChange(room, u(actor), after, { participantListChanged });
      return v.ok ? [] : v.denials.map((d) => d.reason);
    };
    expect(reasons('mallory', roles, true)).toEqual([
      'mimi://a.example/u/mallory is not in the participant list',
      'a roles_list update may not be in the same commit as a participant-list change',
    ]);
    expect(reasons('alice', { roles: [...roles.roles, role(2, 'again', [], [])] })).toEqual(['role 2 is defined more than once']);
    expect(reasons('alice', withRole(role(4, 'odd', ['canOpenJoin'], [[6, [0, 8]]], { minimum: 3, maximum: 2, minimumActive: 2, maximumActive: 1 })))).toEqual([
      'role 4 needs at least 3 participants but allows at most 2',
      'role 4 needs at least 2 active participants but allows at most 1',
      'canOpenJoin may appear only on role 0, not on role 4',
      'role 4 has an authorized role change from role 6, which the new roles_list does not define',
      'role 4 has an authorized role change to role 8, which the new roles_list does not define',
    ]);
    expect(reasons('alice', { roles: [noRole, member] })).toEqual(['mimi://a.example/u/alice holds role 3, which the new roles_list does not define']);
  });
});
