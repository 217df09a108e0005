/**
 * Is a participant-list change allowed to the user who commits it? The rules of
 * draft-ietf-mimi-room-policy-03 §Membership Capabilities and §Role Changes, applied to a
 * ParticipantListUpdate (draft-ietf-mimi-protocol-06) against the room's roles_list:
 *
 * - adding another user: `canAddParticipant`, an `authorized_role_changes` entry from role 0 to
 *   the target role, and the target role's maximum participants;
 * - removing another user: `canRemoveParticipant`, an entry from the user's role to 0, and the
 *   role's minimum participants; removing oneself: `canRemoveSelf` with the same entry and minimum;
 * - changing another user's role: `canChangeUserRole`, an entry from the current to the new
 *   (non-zero) role, the old role's minimum and the new role's maximum;
 * - banning another user (moving it to the "banned" role, see bannedRoleIndex): `canBan`, an entry
 *   from its current role to 1, and the old role's minimums — no maximum: §Role Changes lists only
 *   the minimums for canBan;
 * - unbanning (moving a user from the banned role 1 to a non-zero role): `canUnBan`, checked
 *   exactly as canChangeUserRole ("identical … except that the from_role_index … MUST be 1").
 *
 * canBan and canUnBan are narrower grants, not the only way: the draft notes that
 * canChangeUserRole (with canKick for the clients) "would allow the same action", and neither
 * canChangeUserRole nor canAddParticipant excludes role 1. So a move to or from the banned role is
 * also allowed to a canChangeUserRole holder under that capability's own rules (AUTHORIZED_BY).
 *
 * Adding a user directly as banned (addedParticipants with role 1) is a ban of a user whose current
 * role is 0 (role 0 is "a participant that does not (yet) … appear in the participant list"): it
 * needs canBan and an entry 0 → 1, or canAddParticipant under its own rules. The draft's examples
 * rely on this: the policy_enforcer role holds canBan but not canAddParticipant, with an entry
 * (0,[1]), which is only usable as a pre-emptive ban.
 *
 * Every member runs this for every commit it processes and a hub before it accepts one: the same
 * function, so both reach the same verdict. A denial names the capability (or constraint) missing.
 *
 * Active participants: a participant is active when at least one of its clients is in the room's
 * MLS group. The draft does not define the word, but §Role-Based Access Control says "If the
 * maximum number of active participants is zero, then no participants are allowed to have clients
 * in the room's MLS group", and §Membership Capabilities says the capabilities "change the active
 * participants (by removing and adding MLS clients corresponding to those participants)". The
 * active-participant constraints are checked with the same moves as the participant constraints,
 * counted after the commit. MLS membership is the caller's to know, so the caller must pass the
 * users who have a client after the commit as `activeUsers` (rooms/verify.ts does): a required
 * argument, because an optional one was once left out by every caller and the constraints were never
 * enforced. Removing clients of a participant who stays (canRemoveOwnClient, canKick) changes no
 * list entry: authorizeClientRemovals checks its minimum.
 * @spec draft-ietf-mimi-room-policy §Membership Capabilities
 */
import { bytesEqual, encodeUtf8 } from '@mimikit/bytes';
import type { ParticipantListData, ParticipantListUpdate } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { showUser, userKey } from '../room/participant-list.ts';
import { CAPABILITIES, type CapabilityName } from './capabilities.ts';

/** The constraints (not capabilities) a denial can name; each is a draft field or rule. */
export type Constraint =
  /** the room URI never changes (metadata.ts) */
  | 'room_uri'
  /** no entry in the actor's role for this move, or (roles-change.ts) an entry naming an undefined role */
  | 'authorized_role_changes'
  | 'maximum_participants_constraint'
  | 'minimum_participants_constraint'
  | 'maximum_active_participants_constraint'
  | 'minimum_active_participants_constraint'
  /** the actor, or a user an update names, is not in the participant list */
  | 'participant'
  /** roles-change.ts: a duplicate role_index, or a participant's role missing from a new roles_list */
  | 'role_index'
  /** roles-change.ts: a capability a role may not carry (canOpenJoin on a non-zero role) */
  | 'role_capabilities'
  /** roles-change.ts: a roles_list update in the same commit as a participant-list change */
  | 'participant_list_unchanged'
  /** base-policy.ts: the BaseRoomPolicy fields of the same names */
  | 'fixed_membership'
  | 'multi_device'
  | 'max_clients'
  | 'max_users'
  | 'parent_room'
  /** message.ts: a message that replaces one it cannot be judged against (unknown, or another user's edited) */
  | 'original_message';

export interface Denial {
  /** The capability the committer lacks, or the constraint the result would break. */
  missing: CapabilityName | Constraint;
  /** Which part of the update: `addedParticipants[0]`, `removedIndices[1]`, `roles_list.roles[2]`, … */
  at: string;
  reason: string;
}

export type Verdict = { ok: true } | { ok: false; denials: Denial[] };

export interface RoomPolicyState {
  participants: ParticipantListData;
  roles: RoleData;
}

/** The banned role's name as its UTF-8 bytes. */
const BANNED = encodeUtf8('banned');

/**
 * The index of the room's "banned" role, or undefined when the room has none: §Role Changes
 * (canBan) — it "always has role_index = 1 and role_name = 'banned'", and "to use the canBan and
 * canUnban capabilities, the role needs to exist exactly as described". A role 1 with another name
 * is an ordinary role.
 */
export function bannedRoleIndex(roles: RoleData): number | undefined {
  const one = roles.roles.find((r) => r.role_index === 1);
  return one && bytesEqual(BANNED, one.role_name) ? 1 : undefined;
}

type Move = 'add' | 'ban-add' | 'change' | 'ban' | 'unban';

/**
 * Which capabilities authorize each kind of move, the specific one first (it names the denial when
 * the actor holds none). See the module comment for why the general ones also count.
 */
const AUTHORIZED_BY: Record<Move, readonly CapabilityName[]> = {
  add: ['canAddParticipant'],
  'ban-add': ['canBan', 'canAddParticipant'],
  change: ['canChangeUserRole'],
  ban: ['canBan', 'canChangeUserRole'],
  unban: ['canUnBan', 'canChangeUserRole'],
};

/**
 * Participants per role after `update`, and how many of them are active (in `activeUsers`: the
 * users, as URI bytes, with at least one client in the group after the commit), for the
 * minimum/maximum constraints.
 */
function countsAfter(room: RoomPolicyState, update: ParticipantListUpdate, activeUsers: Iterable<Uint8Array>) {
  const active = new Set([...activeUsers].map(userKey));
  const participants = new Map<number, number>();
  const activeParticipants = new Map<number, number>();
  const count = (user: Uint8Array, role: number) => {
    participants.set(role, (participants.get(role) ?? 0) + 1);
    if (active.has(userKey(user))) activeParticipants.set(role, (activeParticipants.get(role) ?? 0) + 1);
  };
  const removed = new Set(update.removedIndices);
  const roleAfter = new Map<number, number>(update.changedRoleParticipants.map((c) => [c.user_index, c.role_index]));
  /** Each remaining or added user's role after the update, by userKey. */
  const roleOfUser = new Map<string, number>();
  room.participants.participants.forEach((p, i) => {
    if (removed.has(i)) return;
    const role = roleAfter.get(i) ?? p.role_index;
    count(p.user, role);
    roleOfUser.set(userKey(p.user), role);
  });
  for (const p of update.addedParticipants) {
    count(p.user, p.role_index);
    roleOfUser.set(userKey(p.user), p.role_index);
  }
  return { participants, activeParticipants, roleOfUser };
}
type Counts = ReturnType<typeof countsAfter>;

/** The denials of `role`'s maximum (participants and active participants) against `counts`. */
function maximumDenials(role: Role | undefined, counts: Counts, at: string): Denial[] {
  if (!role) return [];
  const out: Denial[] = [];
  const n = counts.participants.get(role.role_index) ?? 0;
  if (role.maximum_participants_constraint !== null && n > role.maximum_participants_constraint)
    out.push({
      missing: 'maximum_participants_constraint',
      at,
      reason: `role ${role.role_index} would have ${n} participants, more than ${role.maximum_participants_constraint}`,
    });
  const active = counts.activeParticipants.get(role.role_index) ?? 0;
  if (role.maximum_active_participants_constraint !== null && active > role.maximum_active_participants_constraint)
    out.push({
      missing: 'maximum_active_participants_constraint',
      at,
      reason: `role ${role.role_index} would have ${active} active participants (with clients in the group), more than ${role.maximum_active_participants_constraint}`,
    });
  return out;
}

/** The denials of `role`'s minimums against `counts`; `participantsToo` false: the active one only (a client change). */
function minimumDenials(role: Role | undefined, counts: Counts, at: string, participantsToo = true): Denial[] {
  if (!role) return [];
  const out: Denial[] = [];
  const n = counts.participants.get(role.role_index) ?? 0;
  if (participantsToo && n < role.minimum_participants_constraint)
    out.push({
      missing: 'minimum_participants_constraint',
      at,
      reason: `role ${role.role_index} would have ${n} participants, fewer than ${role.minimum_participants_constraint}`,
    });
  const active = counts.activeParticipants.get(role.role_index) ?? 0;
  if (active < role.minimum_active_participants_constraint)
    out.push({
      missing: 'minimum_active_participants_constraint',
      at,
      reason: `role ${role.role_index} would have ${active} active participants (with clients in the group), fewer than ${role.minimum_active_participants_constraint}`,
    });
  return out;
}

export function authorizeParticipantListUpdate(
  room: RoomPolicyState,
  committer: Uint8Array,
  update: ParticipantListUpdate,
  activeUsers: Iterable<Uint8Array>,
): Verdict {
  const denials: Denial[] = [];
  const deny = (missing: Denial['missing'], at: string, reason: string) => denials.push({ missing, at, reason });
  const roleOf = (index: number) => room.roles.roles.find((r) => r.role_index === index);
  const list = room.participants.participants;
  const me = list.find((p) => userKey(p.user) === userKey(committer));
  const myRole = me ? roleOf(me.role_index) : undefined;
  const has = (cap: CapabilityName) => myRole?.role_capabilities.includes(CAPABILITIES[cap]) ?? false;
  const mayChange = (from: number, to: number) =>
    myRole?.authorized_role_changes.some((c) => c.from_role_index === from && c.target_role_indexes.includes(to)) ?? false;
  const banned = bannedRoleIndex(room.roles);

  if (!me) {
    deny('participant', 'committer', `${showUser(committer)} is not in the participant list`);
    return { ok: false, denials };
  }
  const actor = `role ${me.role_index} of ${showUser(committer)}`;
  /** The first capability of `move` the committer holds, or undefined after denying the first one. */
  const grant = (move: Move, at: string, what: string): CapabilityName | undefined => {
    const caps = AUTHORIZED_BY[move];
    const held = caps.find(has);
    if (!held) deny(caps[0]!, at, `${actor} lacks ${caps.join(' or ')} to ${what}`);
    return held;
  };

  const counts = countsAfter(room, update, activeUsers);
  const checkMaximum = (role: Role | undefined, at: string) => denials.push(...maximumDenials(role, counts, at));
  const checkMinimum = (role: Role | undefined, at: string) => denials.push(...minimumDenials(role, counts, at));

  update.addedParticipants.forEach((p, i) => {
    const at = `addedParticipants[${i}]`;
    const move: Move = p.role_index === banned ? 'ban-add' : 'add';
    const cap = AUTHORIZED_BY[move][0]!;
    if (userKey(p.user) === userKey(committer)) return deny(cap, at, `${showUser(committer)} cannot add itself: ${cap} covers other users only`);
    const held = grant(
      move,
      at,
      move === 'add' ? `add ${showUser(p.user)} as role ${p.role_index}` : `add ${showUser(p.user)} as banned (role ${p.role_index})`,
    );
    if (!held) return;
    if (!mayChange(0, p.role_index))
      return deny(
        'authorized_role_changes',
        at,
        `${actor} may not add ${showUser(p.user)} as role ${p.role_index} (no authorized_role_changes entry 0 → ${p.role_index})`,
      );
    // canBan checks only the minimums of the user's current role, which is role 0 here: nothing to count.
    if (held === 'canAddParticipant') checkMaximum(roleOf(p.role_index), at);
  });

  update.removedIndices.forEach((index, i) => {
    const at = `removedIndices[${i}]`;
    const target = list[index];
    if (!target) return deny('participant', at, `user index ${index} is not in the participant list`);
    const self = userKey(target.user) === userKey(committer);
    const cap: CapabilityName = self ? 'canRemoveSelf' : 'canRemoveParticipant';
    if (!has(cap)) return deny(cap, at, `${actor} lacks ${cap} to remove ${showUser(target.user)}`);
    if (!mayChange(target.role_index, 0))
      return deny(
        'authorized_role_changes',
        at,
        `${actor} may not remove ${showUser(target.user)} of role ${target.role_index} (no authorized_role_changes entry ${target.role_index} → 0)`,
      );
    checkMinimum(roleOf(target.role_index), at);
  });

  update.changedRoleParticipants.forEach((c, i) => {
    const at = `changedRoleParticipants[${i}]`;
    const target = list[c.user_index];
    if (!target) return deny('participant', at, `user index ${c.user_index} is not in the participant list`);
    const who = showUser(target.user);
    // Without a banned role (undefined) no role index matches it: every move is a change.
    const move: Move = target.role_index === c.role_index ? 'change' : c.role_index === banned ? 'ban' : target.role_index === banned ? 'unban' : 'change';
    // Each of canChangeUserRole, canBan and canUnBan is about "another user"; one's own role is canChangeOwnRole.
    const cap = AUTHORIZED_BY[move][0]!;
    if (userKey(target.user) === userKey(committer)) return deny(cap, at, `${cap} does not cover one\u2019s own role (${who}); that is canChangeOwnRole`);
    const what =
      move === 'ban'
        ? `ban ${who} (role ${target.role_index} → banned role ${c.role_index})`
        : move === 'unban'
          ? `unban ${who} (banned role ${target.role_index} → role ${c.role_index})`
          : `change the role of ${who} from ${target.role_index} to ${c.role_index}`;
    const held = grant(move, at, what);
    if (!held) return;
    if (c.role_index === 0) return deny('authorized_role_changes', at, `${who} cannot be moved to role 0 by a role change; that is a removal`);
    if (!mayChange(target.role_index, c.role_index))
      return deny('authorized_role_changes', at, `${actor} may not ${what} (no authorized_role_changes entry ${target.role_index} → ${c.role_index})`);
    checkMinimum(roleOf(target.role_index), at);
    if (held !== 'canBan') checkMaximum(roleOf(c.role_index), at);
  });

  return denials.length ? { ok: false, denials } : { ok: true };
}

/**
 * Removing clients of participants who stay in the list (canRemoveOwnClient, canKick): "If the
 * minimum_active_participants_constraint is satisfied, the proposal is authorized" (§Removing), for
 * the role each such participant holds after `update`, counted over `activeUsers` (the users with
 * a client after the commit). The capabilities themselves are the caller's (rooms/verify.ts).
 * Adding clients needs no counterpart: only a participant's own client adds its further clients
 * (canAddOwnClient), so the participant is active already.
 */
export function authorizeClientRemovals(
  room: RoomPolicyState,
  update: ParticipantListUpdate,
  activeUsers: Iterable<Uint8Array>,
  removals: ReadonlyArray<{ user: Uint8Array; at: string }>,
): Verdict {
  return roleCountDenials(room, update, activeUsers, removals, (role, counts, at) => minimumDenials(role, counts, at, false));
}

/**
 * A participant's own client joining by External Commit (canAddOwnClient "via an external commit"):
 * unlike an Add by one of its clients, the participant may have had no client before, and becomes
 * active, so its role's maximum_active_participants_constraint must hold after the commit, counted
 * over `activeUsers` (the users with a client after it). The capability itself is the caller's.
 */
export function authorizeClientJoins(
  room: RoomPolicyState,
  update: ParticipantListUpdate,
  activeUsers: Iterable<Uint8Array>,
  joins: ReadonlyArray<{ user: Uint8Array; at: string }>,
): Verdict {
  return roleCountDenials(room, update, activeUsers, joins, maximumDenials);
}

/** `denialsOf` the role each user holds after `update`, counted over `activeUsers`. */
function roleCountDenials(
  room: RoomPolicyState,
  update: ParticipantListUpdate,
  activeUsers: Iterable<Uint8Array>,
  changes: ReadonlyArray<{ user: Uint8Array; at: string }>,
  denialsOf: (role: Role | undefined, counts: Counts, at: string) => Denial[],
): Verdict {
  if (changes.length === 0) return { ok: true };
  const counts = countsAfter(room, update, activeUsers);
  const denials = changes.flatMap(({ user, at }) => {
    const index = counts.roleOfUser.get(userKey(user));
    return denialsOf(
      room.roles.roles.find((r) => r.role_index === index),
      counts,
      at,
    );
  });
  return denials.length ? { ok: false, denials } : { ok: true };
}
