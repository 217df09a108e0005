/**
 * A participant's role and what it holds: the one lookup every rule starts from
 * (draft-ietf-mimi-room-policy-03 §Role-Based Access Control: each participant has exactly one role,
 * and a role's capabilities are all it may do).
 * @spec draft-ietf-mimi-room-policy §Role-Based Access Control
 */
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { userKey } from '../room/participant-list.ts';
import { CAPABILITIES, type CapabilityName } from './capabilities.ts';

export interface RoomRoles {
  participants: ParticipantListData;
  roles: RoleData;
}

/** The participant-list entry of `user`, or undefined when the user is not a participant. */
export function participantOf(room: RoomRoles, user: Uint8Array): { role_index: number } | undefined {
  const key = userKey(user);
  return room.participants.participants.find((p) => userKey(p.user) === key);
}

/** The role `user` holds, or undefined (not a participant, or a role the roles list lacks). */
export function roleOfUser(room: RoomRoles, user: Uint8Array): Role | undefined {
  const me = participantOf(room, user);
  return me ? room.roles.roles.find((r) => r.role_index === me.role_index) : undefined;
}

/** Whether `user`'s role has capability `cap`. */
export function holds(room: RoomRoles, user: Uint8Array, cap: CapabilityName): boolean {
  return roleOfUser(room, user)?.role_capabilities.includes(CAPABILITIES[cap]) ?? false;
}
