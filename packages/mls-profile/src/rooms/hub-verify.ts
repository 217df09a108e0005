/**
 * The hub's check of the GroupInfo and ratchet tree a room's creator or committer sends
 * (draft-ietf-mimi-protocol-06 §5.3 HandshakeBundle): verifyGroupInfo of the MLS adapter with the
 * profile's AuthService on every leaf's credential. The hub runs it before it stores the pair, since
 * it judges the next commit by that tree and hands that GroupInfo to external joiners.
 * @spec draft-ietf-mimi-protocol §Update Room State
 */
import type { AuthService } from '../identity/index.ts';
import { verifyGroupInfo, type VerifiedGroupInfo } from '../mls/index.ts';
import { adapterAuth } from './identity.ts';

export interface HubGroupInfoCheckOptions {
  /** Asked about every leaf's credential (the hub cannot verify a basic credential: see docs/rooms.md). */
  authService: AuthService;
  /**
   * For a commit: the GroupInfo the hub holds for the commit's epoch and the commit
   * (MLSMessage(PublicMessage) bytes); ties the new GroupInfo to them (RFC 9420 §8.2).
   */
  previous?: { groupInfo: Uint8Array; commit: Uint8Array };
}

/**
 * Verifies a room's GroupInfo (MLSMessage bytes) and ratchet tree (RatchetTree bytes); throws
 * GroupInfoCheckError naming the failed check (GroupInfoCheck).
 */
export function hubCheckGroupInfo(groupInfo: Uint8Array, ratchetTree: Uint8Array, o: HubGroupInfoCheckOptions): Promise<VerifiedGroupInfo> {
  return verifyGroupInfo(groupInfo, ratchetTree, { authService: adapterAuth(o.authService), ...(o.previous ? { previous: o.previous } : {}) });
}
