/**
 * A participant's new client joining a room by itself (draft-ietf-mimi-protocol-06 "Cathy adds a
 * new device"): from the GroupInfo and ratchet tree the hub gave it (openGroupInfoResponse), it makes
 * an External Commit (RFC 9420 §12.4.3.2) and is a member of the new epoch at once; the commit goes
 * to the hub as an UpdateRequest (/update) like any other, with the new GroupInfo and tree.
 *
 * The joiner checks what it joins as a Welcome joiner does (checkedJoin: the group is the room's,
 * its user a participant, no client URI on two leaves) and its own commit as the hub and every
 * member will (hubCheckCommit: the same checkCommit), so it never sends a commit they refuse.
 */
import type { UpdateRequest } from '@mimikit/mimi-protocol';
import { joinExternal, type KeyPackageBundle } from '../mls/index.ts';
import type { AuthService } from '../identity/index.ts';
import { checkedJoin } from './create.ts';
import { RoomDeniedError, RoomError } from './errors.ts';
import type { HubPendingProposal } from './group-info-response.ts';
import { hubCheckCommit } from './hub-check.ts';
import { hubRoomOf } from './hub-room.ts';
import { adapterAuth } from './identity.ts';
import { roomChange, type RoomCommit, type RoomMember } from './member.ts';
import { commitUpdateRequest } from './protocol-requests.ts';

export interface JoinRoomExternalParams {
  /** MLSMessage(mls_group_info) bytes of the room's current epoch, with external_pub (OpenedGroupInfo.groupInfo). */
  groupInfo: Uint8Array;
  /** RatchetTree bytes (OpenedGroupInfo.ratchetTree). */
  ratchetTree: Uint8Array;
  /**
   * The proposals the hub accepted this epoch (OpenedGroupInfo.pendingProposals). An External Commit
   * cannot include them (RFC 9420 §12.4.3.2) and the hub requires the next commit to, so with any
   * pending this refuses ('pending_proposal'): a member's commit has to take them first.
   */
  pendingProposals?: readonly HubPendingProposal[];
  /** The new client's KeyPackage and private keys (the one its GroupInfoRequest named). */
  keyPackage: KeyPackageBundle;
  /** Checks the credentials of the tree being joined and of later commits. */
  authService: AuthService;
  /** The room the client means to join: the GroupInfo must be its group's. */
  roomId?: string;
}

export interface ExternalRoomJoin {
  /** The new client, already in the epoch its commit makes. */
  member: RoomMember;
  /** The External Commit (no Welcome), and what it does. */
  commit: RoomCommit;
  /** The commit's UpdateRequest for the hub: the commit, the new GroupInfo and the full ratchet tree. */
  updateRequest: UpdateRequest;
}

export async function joinRoomExternal(p: JoinRoomExternalParams): Promise<ExternalRoomJoin> {
  const before = hubRoomOf(p.groupInfo, p.ratchetTree);
  if (p.roomId !== undefined && before.roomId !== p.roomId)
    throw new RoomError('not-a-room', `the GroupInfo is of ${before.roomId ?? 'a group that is no MIMI room'}, not of ${p.roomId}`);
  // ts-mls verifies the GroupInfo's signature, the tree against its tree hash and every leaf with the AuthService.
  const joined = await joinExternal({ groupInfo: p.groupInfo, ratchetTree: p.ratchetTree, keyPackage: p.keyPackage, authService: adapterAuth(p.authService) });
  const pending = p.pendingProposals?.length ? { messages: p.pendingProposals.map((x) => x.proposal), cipherSuite: before.cipherSuite } : undefined;
  const check = hubCheckCommit(joined.commit, before.state, before.members, pending);
  if (check.denials.length) throw new RoomDeniedError(check.denials);
  const member = checkedJoin(joined.group, 'joins');
  const commit: RoomCommit = { commit: joined.commit, change: roomChange(before.state, check, false, member.epoch()) };
  return { member, commit, updateRequest: await commitUpdateRequest(member, commit) };
}
