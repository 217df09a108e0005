/**
 * May this commit replace the room's roles_list? draft-ietf-mimi-room-policy-03 §Role-Based Access
 * Control ("RoleUpdate … If the contents of the update field are valid and if the proposer is
 * authorized …, the value of the update field completely replaces the value of the data field") and
 * §Disruptive Policy Changes:
 *
 * - the proposer's role holds `canChangeRoleDefinitions`;
 * - the commit changes no participant list ("an update to this component is not valid if it appear
 *   in the same commit as any Participant List change");
 * - the new RoleData is valid. The draft leaves "valid" mostly implicit; enforced here is what it
 *   states or what its references cannot work without:
 *   - role_index is unique ("used to refer to the role elsewhere": one index, one role);
 *   - every participant's role is defined in the new list (each participant has exactly one role,
 *     and its capabilities come from that role's definition);
 *   - minimum ≤ maximum, for participants and for active participants, where a maximum is present
 *     (otherwise no participant count can satisfy the role);
 *   - every authorized_role_changes from/target index is 0 or a role of the new list;
 *   - canOpenJoin is on no non-zero role (§Membership Capabilities: it "MUST NOT appear in any
 *     non-zero role").
 *
 * Not enforced, deliberately:
 * - that current role counts satisfy the new constraints: the draft checks constraints when an
 *   action is authorized, not when roles are redefined;
 * - that role 0 with canOpenJoin has an entry from role 0: the draft states that as a condition of
 *   using canOpenJoin, not of the role's validity (without it nobody can open-join);
 * - anything about the banned role's own capabilities or a role named "banned" at another index:
 *   the draft only defines which role is the banned one (bannedRoleIndex); renaming role 1 is a
 *   role definition change like any other;
 * - fixed_membership's "no non-zero, non-banned role can contain canAddParticipant": that needs
 *   the base policy, so checkBasePolicyConstraints (base-policy.ts) checks it on the room after
 *   the commit.
 *
 * A RoleUpdate equal to the current list is still an update: this function judges any commit that
 * carries one, whatever it contains.
 * @spec draft-ietf-mimi-room-policy §Role Changes
 */
import type { RoleData } from '@mimikit/mimi-room-policy';
import type { Denial, RoomPolicyState, Verdict } from './authorize.ts';
import { CAPABILITIES } from './capabilities.ts';
import { participantOf, roleOfUser } from './holder.ts';
import { showUser } from '../room/participant-list.ts';

export function authorizeRolesListChange(room: RoomPolicyState, actor: Uint8Array, after: RoleData, options: { participantListChanged: boolean }): Verdict {
  const denials: Denial[] = [];
  const deny = (missing: Denial['missing'], at: string, reason: string) => denials.push({ missing, at, reason });

  // Authority: judged against the roles in force before the commit.
  const me = participantOf(room, actor);
  if (!me) deny('participant', 'roles_list', `${showUser(actor)} is not in the participant list`);
  else if (!roleOfUser(room, actor)?.role_capabilities.includes(CAPABILITIES.canChangeRoleDefinitions))
    deny('canChangeRoleDefinitions', 'roles_list', `role ${me.role_index} of ${showUser(actor)} lacks canChangeRoleDefinitions`);
  if (options.participantListChanged)
    deny('participant_list_unchanged', 'roles_list', 'a roles_list update may not be in the same commit as a participant-list change');

  // Validity of the new list.
  const defined = new Set(after.roles.map((r) => r.role_index));
  const known = (index: number) => index === 0 || defined.has(index);
  const seen = new Set<number>();
  after.roles.forEach((role, i) => {
    const at = `roles_list.roles[${i}]`;
    const name = `role ${role.role_index}`;
    if (seen.has(role.role_index)) deny('role_index', `${at}.role_index`, `${name} is defined more than once`);
    seen.add(role.role_index);
    const max = role.maximum_participants_constraint;
    if (max !== null && role.minimum_participants_constraint > max)
      deny(
        'minimum_participants_constraint',
        `${at}.minimum_participants_constraint`,
        `${name} needs at least ${role.minimum_participants_constraint} participants but allows at most ${max}`,
      );
    const maxActive = role.maximum_active_participants_constraint;
    if (maxActive !== null && role.minimum_active_participants_constraint > maxActive)
      deny(
        'minimum_active_participants_constraint',
        `${at}.minimum_active_participants_constraint`,
        `${name} needs at least ${role.minimum_active_participants_constraint} active participants but allows at most ${maxActive}`,
      );
    role.role_capabilities.forEach((cap, k) => {
      if (cap === CAPABILITIES.canOpenJoin && role.role_index !== 0)
        deny('role_capabilities', `${at}.role_capabilities[${k}]`, `canOpenJoin may appear only on role 0, not on ${name}`);
    });
    role.authorized_role_changes.forEach((change, j) => {
      const cat = `${at}.authorized_role_changes[${j}]`;
      if (!known(change.from_role_index))
        deny(
          'authorized_role_changes',
          `${cat}.from_role_index`,
          `${name} has an authorized role change from role ${change.from_role_index}, which the new roles_list does not define`,
        );
      change.target_role_indexes.forEach((target, k) => {
        if (!known(target))
          deny(
            'authorized_role_changes',
            `${cat}.target_role_indexes[${k}]`,
            `${name} has an authorized role change to role ${target}, which the new roles_list does not define`,
          );
      });
    });
  });
  room.participants.participants.forEach((p, i) => {
    if (!defined.has(p.role_index))
      deny(
        'role_index',
        `participant_list.participants[${i}].role_index`,
        `${showUser(p.user)} holds role ${p.role_index}, which the new roles_list does not define`,
      );
  });

  return denials.length ? { ok: false, denials } : { ok: true };
}
