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
 *   (non-zero) role, the old role's minimum and the new role's maximum.
 *
 * Every member runs this for every commit it processes and a hub before it accepts one: the same
 * function, so both reach the same verdict. A denial names the capability (or constraint) missing.
 * Active-participant constraints need MLS membership, which the caller passes as `activeUsers`.
 */
import type { ParticipantListData, ParticipantListUpdate } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { userKey } from '../room/participant-list.ts';
import { CAPABILITIES, type CapabilityName } from './capabilities.ts';

export interface Denial {
  /** The capability the committer lacks, or the constraint the result would break. */
  missing: CapabilityName | 'room_uri' | 'authorized_role_changes' | 'maximum_participants_constraint' | 'minimum_participants_constraint' | 'maximum_active_participants_constraint' | 'minimum_active_participants_constraint' | 'participant';
  /** Which part of the update: `addedParticipants[0]`, `removedIndices[1]`, … */
  at: string;
  reason: string;
}

export type Verdict = { ok: true } | { ok: false; denials: Denial[] };

export interface RoomPolicyState {
  participants: ParticipantListData;
  roles: RoleData;
}

const show = (user: Uint8Array) => Buffer.from(user).toString('utf8');

export function authorizeParticipantListUpdate(room: RoomPolicyState, committer: Uint8Array, update: ParticipantListUpdate, options: { activeUsers?: ReadonlySet<string> } = {}): Verdict {
  const denials: Denial[] = [];
  const deny = (missing: Denial['missing'], at: string, reason: string) => denials.push({ missing, at, reason });
  const roleOf = (index: number) => room.roles.roles.find((r) => r.role_index === index);
  const list = room.participants.participants;
  const me = list.find((p) => userKey(p.user) === userKey(committer));
  const myRole = me ? roleOf(me.role_index) : undefined;
  const has = (cap: CapabilityName) => myRole?.role_capabilities.includes(CAPABILITIES[cap]) ?? false;
  const mayChange = (from: number, to: number) => myRole?.authorized_role_changes.some((c) => c.from_role_index === from && c.target_role_indexes.includes(to)) ?? false;

  if (!me) {
    deny('participant', 'committer', `${show(committer)} is not in the participant list`);
    return { ok: false, denials };
  }

  // Counts per role after the whole update, for the minimum/maximum constraints.
  const after = new Map<number, number>();
  const activeAfter = new Map<number, number>();
  const removed = new Set(update.removedIndices);
  const roleAfter = new Map<number, number>(update.changedRoleParticipants.map((c) => [c.user_index, c.role_index]));
  list.forEach((p, i) => {
    if (removed.has(i)) return;
    const r = roleAfter.get(i) ?? p.role_index;
    after.set(r, (after.get(r) ?? 0) + 1);
    if (options.activeUsers?.has(show(p.user))) activeAfter.set(r, (activeAfter.get(r) ?? 0) + 1);
  });
  for (const p of update.addedParticipants) after.set(p.role_index, (after.get(p.role_index) ?? 0) + 1);

  const checkMaximum = (role: Role | undefined, at: string) => {
    if (!role) return;
    const n = after.get(role.role_index) ?? 0;
    if (role.maximum_participants_constraint !== null && n > role.maximum_participants_constraint) deny('maximum_participants_constraint', at, `role ${role.role_index} would have ${n} participants, more than ${role.maximum_participants_constraint}`);
    const active = activeAfter.get(role.role_index) ?? 0;
    if (options.activeUsers && role.maximum_active_participants_constraint !== null && active > role.maximum_active_participants_constraint) deny('maximum_active_participants_constraint', at, `role ${role.role_index} would have ${active} active participants, more than ${role.maximum_active_participants_constraint}`);
  };
  const checkMinimum = (role: Role | undefined, at: string) => {
    if (!role) return;
    const n = after.get(role.role_index) ?? 0;
    if (n < role.minimum_participants_constraint) deny('minimum_participants_constraint', at, `role ${role.role_index} would have ${n} participants, fewer than ${role.minimum_participants_constraint}`);
    const active = activeAfter.get(role.role_index) ?? 0;
    if (options.activeUsers && active < role.minimum_active_participants_constraint) deny('minimum_active_participants_constraint', at, `role ${role.role_index} would have ${active} active participants, fewer than ${role.minimum_active_participants_constraint}`);
  };

  update.addedParticipants.forEach((p, i) => {
    const at = `addedParticipants[${i}]`;
    if (userKey(p.user) === userKey(committer)) return deny('canAddParticipant', at, 'a user cannot add itself with canAddParticipant');
    if (!has('canAddParticipant')) return deny('canAddParticipant', at, `role ${me.role_index} of ${show(committer)} lacks canAddParticipant`);
    if (!mayChange(0, p.role_index)) return deny('authorized_role_changes', at, `role ${me.role_index} may not add users as role ${p.role_index} (no authorized_role_changes entry 0 → ${p.role_index})`);
    checkMaximum(roleOf(p.role_index), at);
  });

  update.removedIndices.forEach((index, i) => {
    const at = `removedIndices[${i}]`;
    const target = list[index];
    if (!target) return deny('participant', at, `user index ${index} is not in the participant list`);
    const self = userKey(target.user) === userKey(committer);
    const cap: CapabilityName = self ? 'canRemoveSelf' : 'canRemoveParticipant';
    if (!has(cap)) return deny(cap, at, `role ${me.role_index} of ${show(committer)} lacks ${cap}`);
    if (!mayChange(target.role_index, 0)) return deny('authorized_role_changes', at, `role ${me.role_index} may not remove users of role ${target.role_index} (no authorized_role_changes entry ${target.role_index} → 0)`);
    checkMinimum(roleOf(target.role_index), at);
  });

  update.changedRoleParticipants.forEach((c, i) => {
    const at = `changedRoleParticipants[${i}]`;
    const target = list[c.user_index];
    if (!target) return deny('participant', at, `user index ${c.user_index} is not in the participant list`);
    if (userKey(target.user) === userKey(committer)) return deny('canChangeUserRole', at, 'canChangeUserRole does not cover one\u2019s own role (that is canChangeOwnRole)');
    if (!has('canChangeUserRole')) return deny('canChangeUserRole', at, `role ${me.role_index} of ${show(committer)} lacks canChangeUserRole`);
    if (c.role_index === 0 || !mayChange(target.role_index, c.role_index)) return deny('authorized_role_changes', at, `role ${me.role_index} may not change role ${target.role_index} to ${c.role_index}`);
    checkMinimum(roleOf(target.role_index), at);
    checkMaximum(roleOf(c.role_index), at);
  });

  return denials.length ? { ok: false, denials } : { ok: true };
}
