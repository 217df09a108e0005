/** Room state as MLS application components: which components, how they encode, how they change. */
export { COMPONENT_NAMES, ROOM_COMPONENTS, componentName, type ComponentName, type ComponentSpec, type RoomComponents } from './components.ts';
export { RoomStateError, type RoomStateErrorCode } from './errors.ts';
export { applyParticipantListUpdate, participantListDiff, sameParticipantList, showUser, userKey } from './participant-list.ts';
export {
  changedComponents,
  decodeRoomState,
  decodeRoomStateExtension,
  encodeRoomState,
  encodeRoomStateExtension,
  sameComponent,
  type ComponentChange,
  type RoomState,
} from './state.ts';
export { appDataUpdatesFor, applyAppDataUpdates } from './app-data-update.ts';
