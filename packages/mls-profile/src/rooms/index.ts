/**
 * @mimikit/mls-profile/rooms: MIMI rooms on the MLS adapter. A room is an MLS group whose
 * GroupContext carries the room state (app_data_dictionary); membership changes are single commits
 * that change the participant list and the MLS members together, and every member checks every
 * commit against the room's roles before applying it.
 */
export { createRoom, joinRoom, DEFAULT_BASE_POLICY, type CreateRoomParams, type JoinRoomParams } from './create.ts';
export { joinRoomExternal, type ExternalRoomJoin, type JoinRoomExternalParams } from './external-join.ts';
export {
  GROUP_INFO_REQUEST_LABEL,
  groupInfoRequest,
  verifyGroupInfoRequest,
  type GroupInfoRequester,
  type PreparedGroupInfoRequest,
} from './group-info-request.ts';
export {
  generateHubSender,
  GROUP_INFO_ENCRYPTION_LABEL,
  GROUP_INFO_RESPONSE_LABEL,
  groupInfoRefusal,
  groupInfoResponse,
  hubSenderFromParts,
  hubSenderParts,
  openGroupInfoResponse,
  type HubPendingProposal,
  type HubSender,
  type HubSenderParts,
  type OpenedGroupInfo,
} from './group-info-response.ts';
export { isExternalCommit } from './external-commit.ts';
export {
  RoomMember,
  loadRoomMember,
  type FrankedSend,
  type FrankingStatus,
  type Participant,
  type RoomChange,
  type RoomCommit,
  type RoomMessage,
} from './member.ts';
export { GroupInfoError, RoomDeniedError, RoomError, type GroupInfoErrorCode, type RoomDenial, type RoomErrorCode } from './errors.ts';
export { APP_DATA_DICTIONARY, groupIdForRoom, roomKeyPackage } from './identity.ts';
export { checkCommit, contentOfCommit, contentOfInputs, contentOfProposals, emptyCommitContent, type CommitCheck, type CommitContent } from './verify.ts';
export { duplicateClients } from './unique-clients.ts';
export { hubCheckCommit, hubCheckProposals, type PendingProposals } from './hub-check.ts';
export {
  ROOM_STATE_ENCODING,
  roomMessageContext,
  roomStateOf,
  roomStateProposals,
  withRoomState,
  type FullRoomState,
  type RoomStateEncoding,
} from './state.ts';
export { hubRoomOf, roomUriOfGroupId, treeMembers, type HubRoom } from './hub-room.ts';
export { hubCheckGroupInfo, type HubGroupInfoCheckOptions } from './hub-verify.ts';
export { GroupInfoCheckError, type GroupInfoCheck, type VerifiedGroupInfo } from '../mls/index.ts';
export {
  commitUpdateRequest,
  KEY_MATERIAL_REQUEST_LABEL,
  keyMaterialRequest,
  proposalsUpdateRequest,
  signedKeyMaterialRequest,
  submitMessageRequest,
  verifyKeyMaterialRequest,
} from './protocol-requests.ts';
