/**
 * The base room policy component (draft-ietf-mimi-room-policy-03 §Base Room policy component
 * syntax): who may change it, and what every commit's result must satisfy while it is in force.
 *
 * - authorizeBasePolicyChange: any change needs `canChangeRoomMembershipStyle`, the draft's one
 *   capability for "the base room membership style" (§Disruptive Policy Changes). Every field of
 *   BaseRoomPolicy is part of that style; adding or removing the component changes every field.
 * - checkBasePolicyConstraints: the rules the room after a commit must keep — multi_device,
 *   max_clients, max_users, fixed_membership (no user added or removed, and no non-zero, non-banned
 *   role holding canAddParticipant) and the parent_room / parent_dependant pairing.
 *
 * Not enforced here: parent-dependent membership (participants a strict subset of the parent
 * room's: needs the parent room's state), pseudonyms_allowed (a credential policy), persistent_room
 * and discoverable (hub behaviour), policy_component_ids matching the components present (needs
 * the GroupContext), and "only a single fixed-membership room … for any unique set of
 * participants" (a hub-wide rule, not a commit's).
 * @spec draft-ietf-mimi-room-policy §Base Room policy component syntax
 */
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import { codecs, type BaseRoomPolicy, type RoleData } from '@mimikit/mimi-room-policy';
import { showUser, userKey } from '../room/participant-list.ts';
import type { Denial, RoomPolicyState, Verdict } from './authorize.ts';
import { CAPABILITIES } from './capabilities.ts';
import { changedFields } from './changed-fields.ts';
import { participantOf, roleOfUser } from './holder.ts';

/**
 * The defaults of draft-ietf-mimi-room-policy-03's base policy for an ordinary multi-device room
 * with no limits: nothing fixed, not discoverable, no pseudonyms. Also the frame for encoding
 * fields one by one (its type keeps the field list complete).
 */
export const DEFAULT_BASE_POLICY: BaseRoomPolicy = {
  fixed_membership: 'false',
  parent_dependant: 'false',
  parent_room: [],
  multi_device: 'true',
  max_clients: null,
  max_users: null,
  pseudonyms_allowed: 'false',
  persistent_room: 'false',
  discoverable: 'false',
  policy_component_ids: [],
};
const TEMPLATE = DEFAULT_BASE_POLICY;
const FIELDS = Object.keys(TEMPLATE) as Array<keyof BaseRoomPolicy>;

/** The BaseRoomPolicy fields that differ, by encoding; the component appearing or disappearing changes all of them. */
export function changedBasePolicyFields(before: BaseRoomPolicy | undefined, after: BaseRoomPolicy | undefined): Array<keyof BaseRoomPolicy> {
  if (before === undefined || after === undefined) return before === after ? [] : [...FIELDS];
  return changedFields(codecs.BaseRoomPolicy, TEMPLATE, FIELDS, before, after);
}

/** Whether `actor` may turn `before` into `after`: one denial per changed field it may not change. */
export function authorizeBasePolicyChange(
  room: RoomPolicyState,
  actor: Uint8Array,
  before: BaseRoomPolicy | undefined,
  after: BaseRoomPolicy | undefined,
): Verdict {
  const fields = changedBasePolicyFields(before, after);
  if (fields.length === 0) return { ok: true };
  const me = participantOf(room, actor);
  const allowed = roleOfUser(room, actor)?.role_capabilities.includes(CAPABILITIES.canChangeRoomMembershipStyle) ?? false;
  if (allowed) return { ok: true };
  const denials: Denial[] = fields.map((field) => {
    const at = `base_room_policy.${field}`;
    return me
      ? {
          missing: 'canChangeRoomMembershipStyle',
          at,
          reason: `role ${me.role_index} of ${showUser(actor)} lacks canChangeRoomMembershipStyle to change ${field}`,
        }
      : { missing: 'participant', at, reason: `${showUser(actor)} is not in the participant list` };
  });
  return { ok: false, denials };
}

export interface BasePolicyFacts {
  participantsBefore: ParticipantListData;
  participantsAfter: ParticipantListData;
  /** MLS clients per user after the commit, keyed by userKey(user). */
  clientsPerUserAfter: ReadonlyMap<string, number>;
  totalClientsAfter: number;
  /** The banned role after the commit (bannedRoleIndex of the roles_list after it), if the room has one. */
  bannedRole?: number;
  /** The roles_list after the commit; when given, fixed_membership also constrains its capabilities. */
  roles?: RoleData;
}

/**
 * What the room after a commit must satisfy under `policy` (the base policy after the commit; none:
 * nothing to satisfy). A room creator sets a fixed-membership room's participants at creation, so
 * callers check commits after that, not the creation itself.
 */
export function checkBasePolicyConstraints(policy: BaseRoomPolicy | undefined, facts: BasePolicyFacts): Denial[] {
  if (!policy) return [];
  const denials: Denial[] = [];
  const deny = (missing: Denial['missing'], at: string, reason: string) => denials.push({ missing, at, reason });
  // No banned role (undefined): no role index matches.
  const isBanned = (role: number) => role === facts.bannedRole;

  // "If false only a single client can be an MLS member at one time" (per user).
  if (policy.multi_device === 'false') {
    for (const [key, n] of facts.clientsPerUserAfter) {
      const user = Buffer.from(key, 'latin1').toString('utf8');
      if (n > 1) deny('multi_device', `clientsPerUserAfter[${user}]`, `multi_device is false but ${user} would have ${n} clients`);
    }
  }
  // "the room's associated MLS group MUST NOT have more clients than the provided value".
  if (policy.max_clients !== null && facts.totalClientsAfter > policy.max_clients)
    deny('max_clients', 'totalClientsAfter', `the group would have ${facts.totalClientsAfter} clients, more than max_clients ${policy.max_clients}`);
  // "the room MUST NOT have more non-banned entries in the participant list than that value".
  if (policy.max_users !== null) {
    const users = facts.participantsAfter.participants.filter((p) => !isBanned(p.role_index)).length;
    if (users > policy.max_users)
      deny('max_users', 'participantsAfter', `the room would have ${users} non-banned participants, more than max_users ${policy.max_users}`);
  }
  if (policy.fixed_membership === 'true') {
    // "other users cannot be added" and "Ordinary users cannot leave or be removed". The draft does
    // not say who is not ordinary, so every user counts; role changes (bans too) and clients may change.
    const keys = (l: ParticipantListData) => new Set(l.participants.map((p) => userKey(p.user)));
    const before = keys(facts.participantsBefore);
    const after = keys(facts.participantsAfter);
    facts.participantsAfter.participants.forEach((p, i) => {
      if (!before.has(userKey(p.user))) deny('fixed_membership', `participantsAfter[${i}]`, `fixed_membership is true: ${showUser(p.user)} cannot be added`);
    });
    facts.participantsBefore.participants.forEach((p, i) => {
      if (!after.has(userKey(p.user)))
        deny('fixed_membership', `participantsBefore[${i}]`, `fixed_membership is true: ${showUser(p.user)} cannot leave or be removed`);
    });
    // "none of its non-zero, non-banned roles can contain the canAddParticipant capability".
    facts.roles?.roles.forEach((role, i) => {
      if (role.role_index === 0 || isBanned(role.role_index)) return;
      role.role_capabilities.forEach((cap, k) => {
        if (cap === CAPABILITIES.canAddParticipant)
          deny(
            'fixed_membership',
            `roles_list.roles[${i}].role_capabilities[${k}]`,
            `fixed_membership is true, so role ${role.role_index} cannot hold canAddParticipant`,
          );
      });
    });
  }
  // "If parent-dependent is true, the parent_room MUST be set with the room ID of the parent.
  // Otherwise the field is zero-length." One parent: exactly one URI.
  if (policy.parent_dependant === 'true' && policy.parent_room.length !== 1)
    deny(
      'parent_room',
      'base_room_policy.parent_room',
      `parent_dependant is true, so parent_room must hold the parent's room ID (it holds ${policy.parent_room.length} URIs)`,
    );
  if (policy.parent_dependant === 'false' && policy.parent_room.length !== 0)
    deny('parent_room', 'base_room_policy.parent_room', `parent_dependant is false, so parent_room must be empty (it holds ${policy.parent_room.length} URIs)`);
  return denials;
}
