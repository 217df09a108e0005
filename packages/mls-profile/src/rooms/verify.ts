/**
 * The check every member runs on every commit before applying it (and the committer runs on its
 * own before sending): the participant-list change must be allowed to the committer's user by the
 * room's roles (authorizeParticipantListUpdate, the same function a hub runs), and the MLS
 * membership change must match it:
 *
 * - every added client belongs to a user who is a participant after the commit (added by this
 *   commit or already there);
 * - every client of a removed user is removed by this commit;
 * - some clients of a user who stays are only removed by that user itself (nobody else may
 *   silently drop someone's devices); removing ALL of another user's clients counts as removing
 *   that user and needs the same authorization (the first half of removeParticipant);
 * - a metadata field changes only if the committer's role has its capability (canChangeRoomName,
 *   …; authorizeMetadataChange), and the room URI never;
 * - no other room component (roles, base policy, unknown ones) changes: no rule for those is
 *   implemented yet, so they are denied rather than let through.
 *
 * Pure and synchronous: ts-mls asks the adapter's policy callback synchronously mid-processing.
 */
import type { ParticipantListUpdate } from '@mimikit/mimi-protocol';
import type { Credential } from '@mimikit/mls';
import { toHex } from '@mimikit/tls';
import type { Member, MlsCredential, MlsExtension, ProposalInput, ProposalView } from '../mls/index.ts';
import { authorizeMetadataChange, authorizeParticipantListUpdate } from '../policy/index.ts';
import { applyParticipantListUpdate, encodeRoomStateExtension, participantListDiff, RoomStateError } from '../room/index.ts';
import { RoomError, type RoomDenial } from './errors.ts';
import { clientOf, keyPackageCredential, leavesByUser, userOf, utf8 } from './identity.ts';
import { roomStateOf, type FullRoomState } from './state.ts';

export interface CommitCheck {
  denials: RoomDenial[];
  /** What the commit does, when it is allowed. */
  committerUser?: string;
  update?: ParticipantListUpdate;
  after?: FullRoomState;
  addedClients: string[];
  removedLeaves: number[];
  /** Participants all of whose clients this commit removes, before the list drops them (see below). */
  clientsRemovedOf: string[];
}

/**
 * What a commit does to membership and room state, from either side: a receiver's ProposalViews
 * (contentOfProposals) or a sender's ProposalInputs (contentOfInputs).
 */
export interface CommitContent {
  /** The extension list of each GroupContextExtensions proposal. */
  gce: MlsExtension[][];
  adds: Credential[];
  removes: number[];
}

export function contentOfProposals(proposals: readonly ProposalView[]): CommitContent {
  const c: CommitContent = { gce: [], adds: [], removes: [] };
  for (const p of proposals) {
    if (p.kind !== 'standard') continue;
    const g = p.gist;
    if (g.type === 'group_context_extensions') c.gce.push(g.extensions);
    else if (g.type === 'add') c.adds.push(asCredential(g.credential));
    else if (g.type === 'remove') c.removes.push(g.removed);
  }
  return c;
}

/** The adapter's credential as the generated type the checks read (basic and x509; others fail userOf). */
function asCredential(c: MlsCredential): Credential {
  if (c.credentialType === 2) return { credential_type: 'x509', certificates: (c.certificates ?? []).map((cert_data) => ({ cert_data })) };
  return { credential_type: 'basic', identity: c.credentialType === 1 && c.identity ? c.identity : new Uint8Array() };
}

export function contentOfInputs(proposals: readonly ProposalInput[]): CommitContent {
  const c: CommitContent = { gce: [], adds: [], removes: [] };
  for (const p of proposals) {
    if (p.type === 'group_context_extensions') c.gce.push([...p.extensions]);
    else if (p.type === 'add') c.adds.push(keyPackageCredential(p.keyPackage));
    else if (p.type === 'remove') c.removes.push(p.leafIndex);
  }
  return c;
}

export function checkCommit(before: FullRoomState, members: readonly Member[], committer: number | undefined, content: CommitContent): CommitCheck {
  const denials: RoomDenial[] = [];
  const result: CommitCheck = { denials, addedClients: [], removedLeaves: [], clientsRemovedOf: [] };
  const deny = (missing: 'committer' | 'client' | 'room_state', at: string, reason: string) => denials.push({ missing, at, reason });

  const committerMember = members.find((m) => m.leafIndex === committer);
  if (!committerMember) {
    deny('committer', 'committer', committer === undefined ? 'commits by non-members (external commits) are not accepted in rooms' : `leaf ${committer} is not a member`);
    return result;
  }
  let committerUser: string;
  try {
    committerUser = userOf(committerMember.credential);
  } catch (e) {
    deny('committer', 'committer', (e as Error).message);
    return result;
  }
  result.committerUser = committerUser;

  // The room state after the commit (RFC 9420 allows one GroupContextExtensions proposal per commit).
  let after: FullRoomState = before;
  if (content.gce.length > 1) deny('room_state', 'proposals', 'more than one GroupContextExtensions proposal');
  const last = content.gce[content.gce.length - 1];
  if (last) {
    try {
      after = roomStateOf(last);
    } catch (e) {
      if (e instanceof RoomError || e instanceof RoomStateError) deny('room_state', 'group_context_extensions', e.message);
      else throw e;
      return result;
    }
  }
  result.after = after;

  // Only the participant list and the metadata may change (see the module comment).
  const rest = (s: FullRoomState) => toHex(encodeRoomStateExtension({ ...s, participant_list: { participants: [] }, room_metadata: undefined }));
  if (rest(before) !== rest(after)) deny('room_state', 'group_context_extensions', 'changes a room component other than participant_list and room_metadata; no rule authorizes that yet');
  const metadata = authorizeMetadataChange({ participants: before.participant_list, roles: before.roles_list }, utf8.encode(committerUser), before.room_metadata, after.room_metadata);
  if (!metadata.ok) denials.push(...metadata.denials);

  const update = participantListDiff(before.participant_list, after.participant_list);
  // The diff must reproduce the new list exactly, else the list was reordered, which no update can do.
  let reproduced = '';
  try {
    reproduced = toHex(encodeRoomStateExtension({ participant_list: applyParticipantListUpdate(before.participant_list, update) }));
  } catch (e) {
    if (!(e instanceof RoomStateError)) throw e;
  }
  if (reproduced !== toHex(encodeRoomStateExtension({ participant_list: after.participant_list }))) {
    deny('room_state', 'participant_list', 'the new participant list is not the old one with users changed, removed and appended');
  }
  result.update = update;
  const verdict = authorizeParticipantListUpdate({ participants: before.participant_list, roles: before.roles_list }, utf8.encode(committerUser), update);
  if (!verdict.ok) denials.push(...verdict.denials);

  const participantsAfter = new Set(after.participant_list.participants.map((p) => utf8.decode(p.user)));
  content.adds.forEach((credential, i) => {
    let user: string;
    let client: string;
    try {
      client = clientOf(credential).text;
      user = userOf(credential);
    } catch (e) {
      return deny('client', `adds[${i}]`, (e as Error).message);
    }
    result.addedClients.push(client);
    if (!participantsAfter.has(user)) deny('client', `adds[${i}]`, `${client} belongs to ${user}, who is not a participant after this commit`);
  });
  result.removedLeaves.push(...content.removes);

  const byUser = leavesByUser(members);
  const removed = new Set(result.removedLeaves);
  for (const index of update.removedIndices) {
    const user = utf8.decode(before.participant_list.participants[index]!.user);
    const left = (byUser.get(user) ?? []).filter((l) => !removed.has(l));
    if (left.length) deny('client', 'participant_list', `${user} is removed but its clients at leaves ${left.join(', ')} are not`);
  }
  // Removes of clients of a user who stays a participant. The user itself may drop its own
  // clients. Anyone else may only drop ALL of them, and only if the room would let them remove the
  // user: that is the first half of a removal split in two commits (member.ts removeParticipant,
  // because ts-mls 1.6.4 cannot combine Remove and GroupContextExtensions, docs/mls.md gap 1).
  const staying = new Map<string, number[]>();
  for (const leaf of removed) {
    const m = members.find((x) => x.leafIndex === leaf);
    if (!m) continue; // the adapter rejects removes of blank leaves itself
    let user: string;
    try {
      user = userOf(m.credential);
    } catch {
      continue; // a leaf with no MIMI user may be removed by anyone allowed to commit
    }
    if (participantsAfter.has(user) && user !== committerUser) staying.set(user, [...(staying.get(user) ?? []), leaf]);
  }
  for (const [user, leaves] of staying) {
    const left = (byUser.get(user) ?? []).filter((l) => !removed.has(l));
    if (left.length) {
      deny('client', `remove leaves ${leaves.join(', ')}`, `removes some clients of ${user}, who stays a participant; only ${user} may remove some of its own clients`);
      continue;
    }
    const index = after.participant_list.participants.findIndex((p) => utf8.decode(p.user) === user);
    const asRemoval = authorizeParticipantListUpdate({ participants: after.participant_list, roles: after.roles_list }, utf8.encode(committerUser), { changedRoleParticipants: [], removedIndices: [index], addedParticipants: [] });
    if (!asRemoval.ok) denials.push(...asRemoval.denials.map((d) => ({ ...d, at: `remove all clients of ${user} (${d.at})` })));
    else result.clientsRemovedOf.push(user);
  }
  return result;
}

