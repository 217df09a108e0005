/**
 * Room metadata changes (draft-ietf-mimi-room-policy-03 §Adjust metadata): each field of
 * RoomMetaData (draft-ietf-mimi-protocol-06) that a commit changes needs its own capability of the
 * committer's role. The room URI names the room and never changes.
 * @spec draft-ietf-mimi-room-policy §Adjust metadata
 */
import { codecs, type ParticipantListData, type RoomMetaData } from '@mimikit/mimi-protocol';
import type { RoleData } from '@mimikit/mimi-room-policy';
import type { Denial, Verdict } from './authorize.ts';
import { userKey } from '../room/participant-list.ts';
import { CAPABILITIES, type CapabilityName } from './capabilities.ts';
import { changedFields } from './changed-fields.ts';

/** RoomMetaData field → the capability that allows changing it (null: nobody may). */
export const METADATA_CAPABILITIES: Readonly<Record<keyof RoomMetaData, CapabilityName | null>> = {
  room_uri: null,
  room_name: 'canChangeRoomName',
  room_descriptions: 'canChangeRoomDescription',
  room_avatar: 'canChangeRoomAvatar',
  room_subject: 'canChangeRoomSubject',
  room_mood: 'canChangeRoomMood',
};

const EMPTY: RoomMetaData = {
  room_uri: { uri: new Uint8Array() },
  room_name: { string: new Uint8Array() },
  room_descriptions: [],
  room_avatar: { uri: new Uint8Array() },
  room_subject: { string: new Uint8Array() },
  room_mood: { string: new Uint8Array() },
};

/** The RoomMetaData fields that differ, compared by their encoding; an absent component reads as EMPTY. */
export function changedMetadataFields(before: RoomMetaData | undefined, after: RoomMetaData | undefined): Array<keyof RoomMetaData> {
  return changedFields(codecs.RoomMetaData, EMPTY, Object.keys(METADATA_CAPABILITIES) as Array<keyof RoomMetaData>, before ?? EMPTY, after ?? EMPTY);
}

export function authorizeMetadataChange(
  room: { participants: ParticipantListData; roles: RoleData },
  committer: Uint8Array,
  before: RoomMetaData | undefined,
  after: RoomMetaData | undefined,
): Verdict {
  const fields = changedMetadataFields(before, after);
  if (fields.length === 0) return { ok: true };
  const denials: Denial[] = [];
  const me = room.participants.participants.find((p) => userKey(p.user) === userKey(committer));
  const role = me ? room.roles.roles.find((r) => r.role_index === me.role_index) : undefined;
  for (const field of fields) {
    const cap = METADATA_CAPABILITIES[field];
    const at = `room_metadata.${field}`;
    if (cap === null) denials.push({ missing: 'room_uri', at, reason: 'the room URI names the room and cannot change' });
    else if (!me) denials.push({ missing: 'participant', at, reason: 'the committer is not in the participant list' });
    else if (!role?.role_capabilities.includes(CAPABILITIES[cap])) denials.push({ missing: cap, at, reason: `role ${me.role_index} lacks ${cap}` });
  }
  return denials.length ? { ok: false, denials } : { ok: true };
}
