/** The data a commit check works on (verify.ts builds it; unique-clients.ts reads it). */
import type { AppDataUpdate, Credential } from '@mimikit/mls';
import type { MlsExtension } from '../mls/index.ts';

/**
 * What a commit does to membership and room state, each part with the leaf that proposed it (the
 * committer for proposals by value, undefined for a non-member): from a receiver's ProposalViews
 * (contentOfProposals), a sender's ProposalInputs (contentOfInputs), or a hub's inspection.
 */
export interface CommitContent {
  /** The extension list of each GroupContextExtensions proposal. */
  gce: Array<{ sender: number | undefined; extensions: MlsExtension[] }>;
  /** `at`: where a denial names the Add (default `adds[i]`; the joiner of an External Commit is at `commit.path`). */
  adds: Array<{ sender: number | undefined; credential: Credential; at?: string }>;
  removes: Array<{ sender: number | undefined; leaf: number }>;
  /** Update proposals: the sender's leaf gets a LeafNode with this credential. */
  updates: Array<{ sender: number | undefined; credential: Credential }>;
  /**
   * The committer's new leaf credential, from the commit's UpdatePath: null without a path (and for
   * a commit being made here, whose path keeps the committer's credential); 'encrypted' when the
   * commit is a PrivateMessage, whose path the receiver cannot read before applying it.
   */
  path: Credential | null | 'encrypted';
  /** AppDataUpdate proposals (draft-ietf-mls-extensions-09 §4.7), decoded; see rooms/state.ts ROOM_STATE_ENCODING. */
  appDataUpdates: Array<{ sender: number | undefined; update: AppDataUpdate }>;
  /** AppDataUpdate bodies that do not decode, by proposal position. */
  undecodable: string[];
  /** SelfRemove proposals with no member sender, which name no leaf to remove (addSelfRemove). */
  selfRemovesByNonMembers: number;
  /**
   * Proposals of the other types, by their RFC 9420 name (`external_init`, `psk`, `reinit`,
   * `app_ephemeral`) or `0x…` code: the member checks leave them to MLS, but an External Commit
   * (RFC 9420 §12.4.3.2) is told by its ExternalInit and may carry nothing else but PreSharedKeys.
   */
  others: Array<{ sender: number | undefined; type: string }>;
}

/** A CommitContent with nothing in it, for a reader to fill. */
export const emptyCommitContent = (): CommitContent => ({
  gce: [],
  adds: [],
  removes: [],
  updates: [],
  path: null,
  appDataUpdates: [],
  undecodable: [],
  selfRemovesByNonMembers: 0,
  others: [],
});

/**
 * Reads a SelfRemove (draft-ietf-mls-extensions §SelfRemove) as the Remove of its sender's own leaf
 * (for one included by reference, its proposer's, which is the sender both readers pass), so every
 * Remove rule judges it: a member must not bypass canRemoveOwnClient or a role's minimum of active
 * participants by leaving through SelfRemove. The draft allows only members to send one.
 */
export function addSelfRemove(into: CommitContent, sender: number | undefined): void {
  if (sender === undefined) into.selfRemovesByNonMembers++;
  else into.removes.push({ sender, leaf: sender });
}

/** How CommitContent.others names a proposal type without an RFC 9420 name here. */
export const proposalTypeCode = (type: number): string => `0x${type.toString(16).padStart(4, '0')}`;
