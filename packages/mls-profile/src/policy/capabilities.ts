/**
 * Role capabilities (draft-ietf-mimi-room-policy-03 §IANA "MIMI Role Capabilities"), by name and
 * value, as the draft's registry table lists them. Only the membership and role-change ones are
 * enforced by authorize.ts so far; the rest are named so that denials and roles read well.
 */
export const CAPABILITIES = {
  canAddParticipant: 0x0000,
  canRemoveParticipant: 0x0001,
  canAddOwnClient: 0x0002,
  canRemoveOwnClient: 0x0003,
  canOpenJoin: 0x0004,
  canJoinIfPreauthorized: 0x0005,
  canRemoveSelf: 0x0006,
  canUseJoinCode: 0x0009,
  canBan: 0x000a,
  canUnBan: 0x000b,
  canKick: 0x000c,
  canChangeUserRole: 0x000f,
  canChangeOwnRole: 0x0010,
  canSendMessage: 0x0100,
  canReceiveMessage: 0x0101,
  canReportAbuse: 0x0103,
  canReplyToMessage: 0x0104,
  canReactToMessage: 0x0105,
  canEditOwnMessage: 0x0109,
  canDeleteOwnMessage: 0x010a,
  canDeleteOtherMessage: 0x010b,
  canChangeRoomName: 0x0300,
  canChangeRoomDescription: 0x0301,
  canChangeRoomAvatar: 0x0302,
  canChangeRoomSubject: 0x0303,
  canChangeRoomMood: 0x0304,
} as const;

export type CapabilityName = keyof typeof CAPABILITIES;

export function capabilityName(value: number): string {
  const found = (Object.keys(CAPABILITIES) as CapabilityName[]).find((n) => CAPABILITIES[n] === value);
  return found ?? `capability 0x${value.toString(16).padStart(4, '0')}`;
}
