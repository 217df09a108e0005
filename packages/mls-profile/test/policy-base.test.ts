/**
 * The base room policy (draft-ietf-mimi-room-policy-03 §Base Room policy component syntax): changing
 * it needs canChangeRoomMembershipStyle, field by field; and while it is in force the room after
 * each commit keeps multi_device, max_clients, max_users, fixed_membership and parent_room.
 */
import { describe, expect, it } from 'vitest';
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import { codecs, type BaseRoomPolicy, type Role, type RoleData } from '@mimikit/mimi-room-policy';
import {
  authorizeBasePolicyChange,
  changedBasePolicyFields,
  checkBasePolicyConstraints,
  type BasePolicyFacts,
  type CapabilityName,
  type Denial,
  DEFAULT_BASE_POLICY,
  defineRole,
} from '../src/policy/index.ts';
import { userKey } from '../src/room/participant-list.ts';

const te = new TextEncoder();
const u = (name: string) => te.encode(`mimi://a.example/u/${name}`);

const role = (index: number, name: string, caps: CapabilityName[]): Role => defineRole({ index, name, capabilities: caps });

const policy = (over: Partial<BaseRoomPolicy> = {}): BaseRoomPolicy => ({
  ...DEFAULT_BASE_POLICY,
  persistent_room: 'true',
  policy_component_ids: [0x25, 0x26],
  ...over,
});
/** As the wire carries it: the generated codec's shapes, not ours. */
const wire = (p: BaseRoomPolicy) => codecs.BaseRoomPolicy.decode(codecs.BaseRoomPolicy.encode(p));
const ALL_FIELDS = [
  'fixed_membership',
  'parent_dependant',
  'parent_room',
  'multi_device',
  'max_clients',
  'max_users',
  'pseudonyms_allowed',
  'persistent_room',
  'discoverable',
  'policy_component_ids',
];

const roles: RoleData = { roles: [role(1, 'banned', []), role(2, 'member', ['canSendMessage']), role(3, 'owner', ['canChangeRoomMembershipStyle'])] };
const participants: ParticipantListData = {
  participants: [
    { user: u('alice'), role_index: 3 },
    { user: u('bob'), role_index: 2 },
  ],
};
const room = { participants, roles };
const show = (denials: Denial[]) => denials.map((d) => `${d.missing} @ ${d.at}`).join('; ') || 'ok';

describe('changedBasePolicyFields / authorizeBasePolicyChange', () => {
  it('compares fields by encoding; adding or removing the component changes every field', () => {
    expect(wire(policy({ max_users: 5, parent_dependant: 'true', parent_room: [{ uri: te.encode('mimi://a.example/r/parent') }] }))).toEqual(
      policy({ max_users: 5, parent_dependant: 'true', parent_room: [{ uri: te.encode('mimi://a.example/r/parent') }] }),
    );
    expect(changedBasePolicyFields(policy(), wire(policy()))).toEqual([]);
    expect(changedBasePolicyFields(policy(), policy({ multi_device: 'false', max_users: 0 }))).toEqual(['multi_device', 'max_users']);
    expect(changedBasePolicyFields(undefined, policy())).toEqual(ALL_FIELDS);
    expect(changedBasePolicyFields(policy(), undefined)).toEqual(ALL_FIELDS);
    expect(changedBasePolicyFields(undefined, undefined)).toEqual([]);
  });

  const judge = (actor: string, before: BaseRoomPolicy | undefined, after: BaseRoomPolicy | undefined) => {
    const v = authorizeBasePolicyChange(room, u(actor), before, after);
    return v.ok ? 'ok' : show(v.denials);
  };

  it('each changed field needs canChangeRoomMembershipStyle; an unchanged policy needs nothing', () => {
    expect(judge('alice', policy(), policy({ fixed_membership: 'true', max_clients: 4 }))).toBe('ok');
    expect(judge('bob', policy(), policy({ fixed_membership: 'true', max_clients: 4 }))).toBe(
      'canChangeRoomMembershipStyle @ base_room_policy.fixed_membership; canChangeRoomMembershipStyle @ base_room_policy.max_clients',
    );
    expect(judge('bob', policy(), wire(policy()))).toBe('ok');
    expect(judge('alice', undefined, policy())).toBe('ok');
    expect(judge('bob', policy(), undefined)).toBe(ALL_FIELDS.map((f) => `canChangeRoomMembershipStyle @ base_room_policy.${f}`).join('; '));
    expect(judge('mallory', policy(), policy({ discoverable: 'true' }))).toBe('participant @ base_room_policy.discoverable');
    expect(authorizeBasePolicyChange(room, u('mallory'), policy(), policy({ discoverable: 'true' }))).toEqual({
      ok: false,
      denials: [{ missing: 'participant', at: 'base_room_policy.discoverable', reason: 'mimi://a.example/u/mallory is not in the participant list' }],
    });
  });

  it('the reason names the capability, the user, its role and the field', () => {
    const v = authorizeBasePolicyChange(room, u('bob'), policy(), policy({ discoverable: 'true' }));
    expect(v).toEqual({
      ok: false,
      denials: [
        {
          missing: 'canChangeRoomMembershipStyle',
          at: 'base_room_policy.discoverable',
          reason: 'role 2 of mimi://a.example/u/bob lacks canChangeRoomMembershipStyle to change discoverable',
        },
      ],
    });
  });
});

describe('checkBasePolicyConstraints', () => {
  const list = (...entries: Array<[string, number]>): ParticipantListData => ({
    participants: entries.map(([name, role_index]) => ({ user: u(name), role_index })),
  });
  const facts = (over: Partial<BasePolicyFacts> = {}): BasePolicyFacts => ({
    participantsBefore: participants,
    participantsAfter: participants,
    clientsPerUserAfter: new Map([
      [userKey(u('alice')), 1],
      [userKey(u('bob')), 1],
    ]),
    totalClientsAfter: 2,
    ...over,
  });
  const check = (p: BaseRoomPolicy | undefined, f: BasePolicyFacts = facts()) => show(checkBasePolicyConstraints(p, f));

  it('no base policy, no constraints', () => {
    expect(check(undefined, facts({ participantsAfter: list(['alice', 3], ['bob', 2], ['cathy', 2]), totalClientsAfter: 99 }))).toBe('ok');
  });

  it('multi_device false: at most one client per user', () => {
    const twoForBob = facts({
      clientsPerUserAfter: new Map([
        [userKey(u('alice')), 1],
        [userKey(u('bob')), 2],
      ]),
      totalClientsAfter: 3,
    });
    expect(check(policy({ multi_device: 'false' }))).toBe('ok');
    expect(check(policy({ multi_device: 'false' }), twoForBob)).toBe('multi_device @ clientsPerUserAfter[mimi://a.example/u/bob]');
    expect(checkBasePolicyConstraints(policy({ multi_device: 'false' }), twoForBob)[0]?.reason).toBe(
      'multi_device is false but mimi://a.example/u/bob would have 2 clients',
    );
    expect(check(policy(), twoForBob)).toBe('ok');
  });

  it('max_clients bounds the clients in the group', () => {
    expect(check(policy({ max_clients: 2 }))).toBe('ok');
    expect(check(policy({ max_clients: 1 }))).toBe('max_clients @ totalClientsAfter');
  });

  it('max_users bounds the non-banned participant entries', () => {
    const withBanned = facts({ participantsAfter: list(['alice', 3], ['bob', 2], ['carol', 1]) });
    expect(check(policy({ max_users: 2 }), { ...withBanned, bannedRole: 1 })).toBe('ok');
    // Without a banned role, carol's role 1 is an ordinary role and she counts.
    expect(check(policy({ max_users: 2 }), withBanned)).toBe('max_users @ participantsAfter');
    expect(checkBasePolicyConstraints(policy({ max_users: 2 }), withBanned)[0]?.reason).toBe(
      'the room would have 3 non-banned participants, more than max_users 2',
    );
  });

  it('fixed_membership: no user added or removed; role and client changes are fine', () => {
    const fixed = policy({ fixed_membership: 'true' });
    expect(
      check(
        fixed,
        facts({
          participantsAfter: list(['alice', 3], ['bob', 1]),
          bannedRole: 1,
          totalClientsAfter: 1,
          clientsPerUserAfter: new Map([[userKey(u('alice')), 1]]),
        }),
      ),
    ).toBe('ok');
    expect(check(fixed, facts({ participantsAfter: list(['alice', 3], ['bob', 2], ['cathy', 2]) }))).toBe('fixed_membership @ participantsAfter[2]');
    expect(check(fixed, facts({ participantsAfter: list(['alice', 3]) }))).toBe('fixed_membership @ participantsBefore[1]');
    expect(checkBasePolicyConstraints(fixed, facts({ participantsAfter: list(['alice', 3]) }))[0]?.reason).toBe(
      'fixed_membership is true: mimi://a.example/u/bob cannot leave or be removed',
    );
    // Without fixed_membership the same changes are the roles' business, not this check's.
    expect(check(policy(), facts({ participantsAfter: list(['alice', 3], ['cathy', 2]) }))).toBe('ok');
  });

  it('fixed_membership: no non-zero, non-banned role holds canAddParticipant', () => {
    const fixed = policy({ fixed_membership: 'true' });
    const rolesWith = (...extra: Role[]): RoleData => ({ roles: [...roles.roles, ...extra] });
    expect(check(fixed, facts({ roles: rolesWith(role(0, 'no_role', ['canAddParticipant'])), bannedRole: 1 }))).toBe('ok');
    expect(check(fixed, facts({ roles: rolesWith(role(4, 'inviter', ['canSendMessage', 'canAddParticipant'])), bannedRole: 1 }))).toBe(
      'fixed_membership @ roles_list.roles[3].role_capabilities[1]',
    );
    expect(check(policy(), facts({ roles: rolesWith(role(4, 'inviter', ['canAddParticipant'])) }))).toBe('ok');
    // Role 1 is exempt only as the banned role.
    const oddBanned: RoleData = { roles: [role(1, 'banned', ['canAddParticipant'])] };
    expect(check(fixed, facts({ roles: oddBanned, bannedRole: 1 }))).toBe('ok');
    expect(check(fixed, facts({ roles: oddBanned }))).toBe('fixed_membership @ roles_list.roles[0].role_capabilities[0]');
  });

  it('each denial’s reason says the rule, the user or role, and the numbers', () => {
    const reasons = (p: BaseRoomPolicy, f: BasePolicyFacts) => checkBasePolicyConstraints(p, f).map((d) => d.reason);
    expect(reasons(policy({ max_clients: 1 }), facts())).toEqual(['the group would have 2 clients, more than max_clients 1']);
    const fixed = policy({ fixed_membership: 'true' });
    expect(reasons(fixed, facts({ participantsAfter: list(['alice', 3], ['bob', 2], ['cathy', 2]) }))).toEqual([
      'fixed_membership is true: mimi://a.example/u/cathy cannot be added',
    ]);
    expect(reasons(fixed, facts({ roles: { roles: [...roles.roles, role(4, 'inviter', ['canAddParticipant'])] }, bannedRole: 1 }))).toEqual([
      'fixed_membership is true, so role 4 cannot hold canAddParticipant',
    ]);
    const parents = [{ uri: te.encode('mimi://a.example/r/p1') }, { uri: te.encode('mimi://a.example/r/p2') }];
    expect(reasons(policy({ parent_dependant: 'true', parent_room: parents }), facts())).toEqual([
      "parent_dependant is true, so parent_room must hold the parent's room ID (it holds 2 URIs)",
    ]);
    expect(reasons(policy({ parent_room: parents.slice(1) }), facts())).toEqual(['parent_dependant is false, so parent_room must be empty (it holds 1 URIs)']);
  });

  it('parent_room holds the parent exactly when parent_dependant is true', () => {
    const parent = [{ uri: te.encode('mimi://a.example/r/parent') }];
    expect(check(policy({ parent_dependant: 'true', parent_room: parent }))).toBe('ok');
    expect(check(policy({ parent_dependant: 'true' }))).toBe('parent_room @ base_room_policy.parent_room');
    expect(check(policy({ parent_room: parent }))).toBe('parent_room @ base_room_policy.parent_room');
  });
});
