/**
 * Role capabilities (draft-ietf-mimi-room-policy-03 §IANA "MIMI Role Capabilities"), by name and
 * value, exactly as the draft's registry table lists them, reserved ones included (a role may carry
 * one, and a denial or a role listing should still name it). Which ones a check enforces is up to
 * the check: authorize.ts (membership, role changes, bans), metadata.ts (room metadata),
 * roles-change.ts (canChangeRoleDefinitions), base-policy.ts (canChangeRoomMembershipStyle).
 *
 * Note the draft's spelling: the table registers `canUnBan` (0x000b) while §Role Changes writes
 * `canUnban`; the registry is the normative name, so that is the one used here.
 * @spec draft-ietf-mimi-room-policy §New MIMI Role Capabilities registry
 */
export const CAPABILITIES = {
  // Membership
  canAddParticipant: 0x0000,
  canRemoveParticipant: 0x0001,
  canAddOwnClient: 0x0002,
  canRemoveOwnClient: 0x0003,
  canOpenJoin: 0x0004,
  canJoinIfPreauthorized: 0x0005,
  canRemoveSelf: 0x0006,
  canCreateJoinCode: 0x0007, // reserved
  canDeleteJoinCode: 0x0008, // reserved
  canUseJoinCode: 0x0009,
  canBan: 0x000a,
  canUnBan: 0x000b,
  canKick: 0x000c,
  canKnock: 0x000d, // reserved
  canAcceptKnock: 0x000e, // reserved
  canChangeUserRole: 0x000f,
  canChangeOwnRole: 0x0010,
  canCreateSubgroup: 0x0011, // reserved
  // Messages
  canSendMessage: 0x0100,
  canReceiveMessage: 0x0101,
  canCopyMessage: 0x0102,
  canReportAbuse: 0x0103,
  canReplyToMessage: 0x0104,
  canReactToMessage: 0x0105,
  canEditReaction: 0x0106,
  canDeleteOwnReaction: 0x0107,
  canDeleteOtherReaction: 0x0108,
  canEditOwnMessage: 0x0109,
  canDeleteOwnMessage: 0x010a,
  canDeleteOtherMessage: 0x010b,
  canStartTopic: 0x010c,
  canReplyInTopic: 0x010d,
  canEditOwnTopic: 0x010e,
  canEditOtherTopic: 0x010f,
  canSendDirectMessage: 0x0110, // reserved
  canTargetMessage: 0x0111, // reserved
  // Assets and links
  canUploadImage: 0x0200,
  canUploadAudio: 0x0201,
  canUploadVideo: 0x0202,
  canUploadAttachment: 0x0203,
  canDownloadImage: 0x0204,
  canDownloadAudio: 0x0205,
  canDownloadVideo: 0x0206,
  canDownloadAttachment: 0x0207,
  canSendLink: 0x0208,
  canSendLinkPreview: 0x0209,
  canFollowLink: 0x020a,
  canCopyLink: 0x020b,
  // Room metadata
  canChangeRoomName: 0x0300,
  canChangeRoomDescription: 0x0301,
  canChangeRoomAvatar: 0x0302,
  canChangeRoomSubject: 0x0303,
  canChangeRoomMood: 0x0304,
  canChangeOwnName: 0x0380, // reserved
  canChangeOwnPresence: 0x0381, // reserved
  canChangeOwnMood: 0x0382, // reserved
  canChangeOwnAvatar: 0x0383, // reserved
  // Real-time media
  canStartCall: 0x0400,
  canJoinCall: 0x0401,
  canSendAudio: 0x0402,
  canReceiveAudio: 0x0403,
  canSendVideo: 0x0404,
  canReceiveVideo: 0x0405,
  canShareScreen: 0x0406,
  canViewSharedScreen: 0x0407,
  // Disruptive policy changes
  canCreateRoom: 0x0500, // reserved
  canDestroyRoom: 0x0501,
  canChangeRoomMembershipStyle: 0x0502,
  canChangeRoleDefinitions: 0x0503,
  canChangePreauthorizedUserList: 0x0504,
  canChangeOtherPolicyAttribute: 0x0505, // reserved
  // MLS
  canChangeMlsOperationalPolicies: 0x0600, // reserved
  canSendMLSReinitProposal: 0x0601,
  canSendMLSUpdateProposal: 0x0602, // reserved
  canSendMLSPSKProposal: 0x0603, // reserved
  canSendMLSExternalProposal: 0x0604, // reserved
  canSendMLSExternalCommit: 0x0605, // reserved
} as const;

export type CapabilityName = keyof typeof CAPABILITIES;

export function capabilityName(value: number): string {
  const found = (Object.keys(CAPABILITIES) as CapabilityName[]).find((n) => CAPABILITIES[n] === value);
  return found ?? `capability 0x${value.toString(16).padStart(4, '0')}`;
}
