/**
 * Room state in the GroupContext: reading it out of the extension list, and the new extension list
 * for a changed state. ts-mls 1.6.4 cannot do AppDataUpdate (docs/mls.md), so every change is a
 * GroupContextExtensions proposal carrying the whole list: the new app_data_dictionary, and every
 * other extension (required_capabilities, ...) unchanged.
 */
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import type { RoleData } from '@mimikit/mimi-room-policy';
import { codecs } from '@mimikit/mls';
import { APP_DATA_UPDATE, COMPONENT_CONTENT_MEDIA_TYPES } from '../advertise/registry.ts';
import type { RoomMessageContext } from '../messages/index.ts';
import type { MlsExtension, ProposalInput } from '../mls/index.ts';
import { appDataUpdatesFor, decodeRoomStateExtension, encodeRoomStateExtension, type RoomState } from '../room/index.ts';
import { RoomError } from './errors.ts';
import { APP_DATA_DICTIONARY, utf8 } from './identity.ts';

/** A room state with the two components every room operation needs. */
export type FullRoomState = RoomState & { participant_list: ParticipantListData; roles_list: RoleData };

/** The room state in a GroupContext extension list; RoomError('not-a-room') when it is not a room. */
export function roomStateOf(extensions: readonly MlsExtension[]): FullRoomState {
  const ext = extensions.find((e) => e.extensionType === APP_DATA_DICTIONARY);
  if (!ext) throw new RoomError('not-a-room', 'the GroupContext has no app_data_dictionary extension');
  return asFullRoomState(decodeRoomStateExtension(ext.extensionData));
}

/** A room state that has the two components every room needs; RoomError('not-a-room') if not. */
export function asFullRoomState(state: RoomState): FullRoomState {
  if (!state.participant_list || !state.roles_list) throw new RoomError('not-a-room', 'the app_data_dictionary has no participant_list or no roles_list');
  return state as FullRoomState;
}

/** `extensions` with the app_data_dictionary replaced by `state` (order kept, added last if absent). */
export function withRoomState(extensions: readonly MlsExtension[], state: RoomState): MlsExtension[] {
  const ext: MlsExtension = { extensionType: APP_DATA_DICTIONARY, extensionData: encodeRoomStateExtension(state) };
  const out = extensions.map((e) => (e.extensionType === APP_DATA_DICTIONARY ? ext : e));
  if (!extensions.some((e) => e.extensionType === APP_DATA_DICTIONARY)) out.push(ext);
  return out;
}

/**
 * How room-state changes travel. `app_data_update` is what draft-ietf-mls-extensions-09 §4.7 and
 * the MIMI drafts intend; `group_context_extensions` (the whole dictionary) is what the rooms send
 * while the MLS backend cannot apply AppDataUpdate to the GroupContext (ts-mls 1.6.4: none does,
 * and custom proposal bodies get an extra length prefix; docs/deviations.md). Switching is this
 * constant: checkCommit already reads both encodings.
 */
export type RoomStateEncoding = 'group_context_extensions' | 'app_data_update';
export const ROOM_STATE_ENCODING: RoomStateEncoding = 'group_context_extensions';

/** The proposals that move the room from `before` to `after` in the given encoding. */
export function roomStateProposals(
  extensions: readonly MlsExtension[],
  before: RoomState,
  after: RoomState,
  encoding: RoomStateEncoding = ROOM_STATE_ENCODING,
): ProposalInput[] {
  if (encoding === 'group_context_extensions') return [{ type: 'group_context_extensions', extensions: withRoomState(extensions, after) }];
  return appDataUpdatesFor(before, after).map((u): ProposalInput => ({ type: 'custom', proposalType: APP_DATA_UPDATE, data: codecs.AppDataUpdate.encode(u) }));
}

/** What a room's messages are: its URI, and the media types it accepts (content_media_types, if any). */
export function roomMessageContext(state: RoomState): RoomMessageContext {
  const advertised = state.other?.find((c) => c.component_id === COMPONENT_CONTENT_MEDIA_TYPES);
  if (!state.room_metadata) throw new RoomError('not-a-room', 'the room state has no room_metadata, so no room URI');
  return { roomUri: utf8.decode(state.room_metadata.room_uri.uri), accepted: advertised ? codecs.MediaTypeList.decode(advertised.data).media_types : [] };
}
