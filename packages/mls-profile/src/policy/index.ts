/** Room policy (draft-ietf-mimi-room-policy-03): role capabilities and the checks every member and the hub run. */
export { CAPABILITIES, capabilityName, type CapabilityName } from './capabilities.ts';
export {
  authorizeClientJoins,
  authorizeClientRemovals,
  authorizeParticipantListUpdate,
  bannedRoleIndex,
  type Constraint,
  type Denial,
  type RoomPolicyState,
  type Verdict,
} from './authorize.ts';
export { authorizeMetadataChange, changedMetadataFields, METADATA_CAPABILITIES } from './metadata.ts';
export { authorizeRolesListChange } from './roles-change.ts';
export { authorizeBasePolicyChange, changedBasePolicyFields, checkBasePolicyConstraints, DEFAULT_BASE_POLICY, type BasePolicyFacts } from './base-policy.ts';
export { holds, participantOf, roleOfUser, type RoomRoles } from './holder.ts';
export { authorizeMessage, isReaction, messageCapabilities, type OriginalMessage } from './message.ts';
export { defineRole, type RoleSpec } from './role.ts';
