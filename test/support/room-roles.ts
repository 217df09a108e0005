/**
 * The roles of the rooms the provider tests and bench create: participants (role 1) may post and
 * leave; admins (role 3) may also add and remove participants, and make a participant an admin or
 * an admin a participant.
 */
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { defineRole, type CapabilityName } from '@mimikit/mls-profile/policy';

export const PARTICIPANT_ROLE = 1;
export const ADMIN_ROLE = 3;

const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage'];
const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name, capabilities: caps, changes });

export const participantAndAdminRoles: RoleData = {
  roles: [
    role(PARTICIPANT_ROLE, 'participant', [...POSTING, 'canRemoveSelf'], [[1, [0]]]),
    role(
      ADMIN_ROLE,
      'admin',
      [...POSTING, 'canAddParticipant', 'canRemoveParticipant'],
      [
        [0, [1]],
        [1, [0]],
      ],
    ),
  ],
};
