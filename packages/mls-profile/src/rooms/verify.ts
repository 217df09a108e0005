/**
 * The check every member runs on every commit before applying it (and the committer runs on its
 * own before sending, and the hub before accepting it): the room-state change must be allowed to
 * the user who proposed it, and the MLS membership change must match the participant list.
 *
 * Who is judged: each proposal's sender. A proposal the committer makes by value is the
 * committer's; one included by reference (draft-ietf-mimi-protocol-06 "Bob Leaves the Room": the
 * leaver proposes, someone else commits) is its proposer's, so Bob's canRemoveSelf covers his own
 * leave whoever commits it. Rules (draft-ietf-mimi-room-policy-03 §Role Capabilities):
 *
 * - participant-list changes: authorizeParticipantListUpdate (add, remove, role changes, bans),
 *   with the users who have a client after the commit as its active participants, so the roles'
 *   active-participant constraints hold;
 * - metadata fields: authorizeMetadataChange (canChangeRoomName, …; the room URI never changes);
 * - every added client belongs to a user who is a participant after the commit. A user added by
 *   this commit comes with its clients; a participant's further clients need the proposer to be that
 *   user, holding canAddOwnClient (nobody adds devices to someone else's account);
 * - every client of a user removed from the list is removed by the same commit;
 * - one client URI holds one leaf, and a leaf keeps its client URI through Updates and UpdatePaths
 *   (unique-clients.ts);
 * - removing clients of a user who stays: one's own with canRemoveOwnClient, another's with canKick,
 *   and the user's role keeps its minimum of active participants (authorizeClientRemovals);
 *   a user moved into the banned role loses all its clients in the same commit, and gets none back;
 * - roles_list: authorizeRolesListChange (canChangeRoleDefinitions, never with a list change);
 * - base_room_policy: authorizeBasePolicyChange (canChangeRoomMembershipStyle), and the room after
 *   the commit keeps the base policy's constraints (multi_device, max_clients, max_users,
 *   fixed_membership: checkBasePolicyConstraints);
 * - no other room component changes: the profile has no rule for those.
 *
 * An External Commit (no member leaf commits it; it carries an ExternalInit) is a participant's new
 * client joining by itself: external-commit.ts says what it may carry, and the rules above judge
 * its joiner as an Add proposed by its own user (canAddOwnClient, not banned, one leaf per client,
 * the base policy's client limits, its role's active-participant maximum).
 *
 * Pure and synchronous: ts-mls asks the adapter's policy callback synchronously mid-processing.
 */
import type { ParticipantListUpdate, RoomMetaData } from '@mimikit/mimi-protocol';
import { codecs, type Credential } from '@mimikit/mls';
import { decodeUtf8OrNull } from '@mimikit/bytes';
import { DecodeError } from '@mimikit/tls';
import { APP_DATA_UPDATE, SELF_REMOVE } from '../advertise/registry.ts';
import { MimiUriError, parseMimiUri, type ClientUri } from '../identity/index.ts';
import type { Member, MlsCredential, ProposalInput, ProposalView } from '../mls/index.ts';
import {
  authorizeBasePolicyChange,
  authorizeClientJoins,
  authorizeClientRemovals,
  authorizeMetadataChange,
  authorizeParticipantListUpdate,
  authorizeRolesListChange,
  bannedRoleIndex,
  changedMetadataFields,
  checkBasePolicyConstraints,
  holds,
} from '../policy/index.ts';
import {
  applyAppDataUpdates,
  applyParticipantListUpdate,
  changedComponents,
  participantListDiff,
  RoomStateError,
  sameParticipantList,
  userKey,
} from '../room/index.ts';
import { RoomError, type RoomDenial } from './errors.ts';
import { clientOf, keyPackageCredential, leavesByUser, shown, userOfClientUri, utf8 } from './identity.ts';
import { asFullRoomState, roomStateOf, type FullRoomState } from './state.ts';
import { addSelfRemove, emptyCommitContent, proposalTypeCode, type CommitContent } from './commit-content.ts';
import { clientLeafDenials } from './unique-clients.ts';
import { externalCommitJoiner, isExternalCommit, type ExternalJoiner } from './external-commit.ts';

export { emptyCommitContent, type CommitContent } from './commit-content.ts';

export interface CommitCheck {
  denials: RoomDenial[];
  /** What the commit does, when it is allowed. */
  committerUser?: string;
  update?: ParticipantListUpdate;
  after?: FullRoomState;
  addedClients: string[];
  removedLeaves: number[];
  /** Participants who stay but lose clients (their own removal, or a kick). */
  clientsRemovedOf: string[];
  /** RoomMetaData fields the commit changes, when it gets that far (RoomChange.metadataChanged). */
  metadataChanged?: Array<keyof RoomMetaData>;
}

/** Reads one AppDataUpdate body into `into` (or notes that it does not decode). */
export function addAppDataUpdate(into: CommitContent, sender: number | undefined, data: Uint8Array): void {
  try {
    into.appDataUpdates.push({ sender, update: codecs.AppDataUpdate.decode(data) });
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    into.undecodable.push(`app_data_update from leaf ${String(sender)}: ${e.message}`);
  }
}

/** Whether a pending proposal changes the room state (a GroupContextExtensions or an AppDataUpdate). */
export function isRoomStateProposal(p: ProposalView): boolean {
  return p.kind === 'standard' ? p.gist.type === 'group_context_extensions' : p.proposalType === APP_DATA_UPDATE;
}

export function contentOfProposals(proposals: readonly ProposalView[], into: CommitContent = emptyCommitContent()): CommitContent {
  for (const p of proposals) {
    if (p.kind !== 'standard') {
      if (p.proposalType === APP_DATA_UPDATE) addAppDataUpdate(into, p.sender, p.data);
      else if (p.proposalType === SELF_REMOVE) addSelfRemove(into, p.sender);
      else into.others.push({ sender: p.sender, type: proposalTypeCode(p.proposalType) });
      continue;
    }
    const g = p.gist;
    const sender = p.sender;
    if (g.type === 'group_context_extensions') into.gce.push({ sender, extensions: g.extensions });
    else if (g.type === 'add') into.adds.push({ sender, credential: asCredential(g.credential) });
    else if (g.type === 'remove') into.removes.push({ sender, leaf: g.removed });
    else if (g.type === 'update') into.updates.push({ sender, credential: asCredential(g.credential) });
    else into.others.push({ sender, type: g.proposalType });
  }
  return into;
}

/** What a received commit does: its proposals (with their senders) and the credential in its UpdatePath (the adapter's Incoming). */
export function contentOfCommit(proposals: readonly ProposalView[], pathCredential: MlsCredential | null | 'encrypted'): CommitContent {
  const content = contentOfProposals(proposals);
  content.path = pathCredential === null || pathCredential === 'encrypted' ? pathCredential : asCredential(pathCredential);
  return content;
}

/** The adapter's credential as the generated type the checks read (basic and x509; others fail userOf). */
function asCredential(c: MlsCredential): Credential {
  if (c.credentialType === 2) return { credential_type: 'x509', certificates: (c.certificates ?? []).map((cert_data) => ({ cert_data })) };
  return { credential_type: 'basic', identity: c.credentialType === 1 && c.identity ? c.identity : new Uint8Array() };
}

/** Proposals `sender` is about to commit by value. */
export function contentOfInputs(proposals: readonly ProposalInput[], sender: number, into: CommitContent = emptyCommitContent()): CommitContent {
  for (const p of proposals) {
    if (p.type === 'group_context_extensions') into.gce.push({ sender, extensions: [...p.extensions] });
    else if (p.type === 'add') into.adds.push({ sender, credential: keyPackageCredential(p.keyPackage) });
    else if (p.type === 'remove') into.removes.push({ sender, leaf: p.leafIndex });
    // p is 'custom' below
    else if (p.proposalType === APP_DATA_UPDATE) addAppDataUpdate(into, sender, p.data);
    else if (p.proposalType === SELF_REMOVE) addSelfRemove(into, sender);
    else into.others.push({ sender, type: proposalTypeCode(p.proposalType) });
  }
  return into;
}

export function checkCommit(before: FullRoomState, members: readonly Member[], committer: number | undefined, given: CommitContent): CommitCheck {
  const denials: RoomDenial[] = [];
  const result: CommitCheck = { denials, addedClients: [], removedLeaves: [], clientsRemovedOf: [] };
  const deny = (missing: 'committer' | 'client' | 'room_state', at: string, reason: string) => denials.push({ missing, at, reason });
  // Each member's client and user, read from its credential at most once per check (the Error when
  // it names none): the URI parse is most of the check's cost in a large room (bench/mls.ts).
  const clients = new Map<Member, ClientUri | Error>();
  const clientOfMember = (m: Member): ClientUri | Error => {
    let c = clients.get(m);
    if (c === undefined) {
      try {
        c = clientOf(m.credential);
      } catch (e) {
        c = e as Error;
      }
      clients.set(m, c);
    }
    return c;
  };
  const users = new Map<Member, string | Error>();
  const userOfMember = (m: Member): string | Error => {
    let u = users.get(m);
    if (u === undefined) {
      const c = clientOfMember(m);
      try {
        u = c instanceof Error ? c : userOfClientUri(c);
      } catch (e) {
        u = e as Error;
      }
      users.set(m, u);
    }
    return u;
  };
  const clientTextOf = (m: Member): string | undefined => {
    const c = clientOfMember(m);
    return c instanceof Error ? undefined : c.text;
  };

  // An External Commit (external-commit.ts): its joiner is the committer and proposer of all it
  // carries, and is judged as an Add of its own client by its own user.
  let joiner: ExternalJoiner | undefined;
  let content = given;
  if (isExternalCommit(committer, given)) {
    const read = externalCommitJoiner(before, members, given, clientTextOf);
    if ('denials' in read) {
      denials.push(...read.denials);
      return result;
    }
    joiner = read.joiner;
    content = { ...given, adds: [{ sender: undefined, credential: joiner.credential, at: 'commit.path' }] };
  } else {
    given.others.forEach((o, i) => {
      if (o.type === 'external_init') deny('committer', `others[${i}]`, 'an ExternalInit belongs in an External Commit only (RFC 9420 §12.1.5)');
    });
  }

  /** The user behind a leaf, or a denial at `at` (non-member, or no MIMI user in its credential). */
  const userAt = (leaf: number | undefined, at: string): string | undefined => {
    if (leaf === undefined && joiner) return joiner.user;
    const m = members.find((x) => x.leafIndex === leaf);
    if (!m) {
      deny(
        'committer',
        at,
        leaf === undefined
          ? 'proposals by non-members (external) are not accepted in rooms, nor commits by them but External Commits'
          : `leaf ${leaf} is not a member`,
      );
      return undefined;
    }
    const u = userOfMember(m);
    if (typeof u === 'string') return u;
    deny('committer', at, u.message);
    return undefined;
  };

  for (let i = 0; i < content.selfRemovesByNonMembers; i++)
    deny('committer', 'self_remove', 'a SelfRemove from a non-member: only a member can remove itself (draft-ietf-mls-extensions SelfRemove)');
  const committerUser = userAt(committer, 'committer');
  if (committerUser === undefined) return result;
  result.committerUser = committerUser;
  const roomBefore = { participants: before.participant_list, roles: before.roles_list };

  // The room state after the commit: from the GroupContextExtensions proposal (RFC 9420 allows one
  // per commit), then the AppDataUpdates, judged against the one user who proposed them.
  let after: FullRoomState = before;
  for (const reason of content.undecodable) deny('room_state', 'app_data_update', reason);
  if (content.gce.length > 1) deny('room_state', 'proposals', 'more than one GroupContextExtensions proposal');
  const gce = content.gce[content.gce.length - 1];
  const proposers = new Set([...(gce ? [gce.sender] : []), ...content.appDataUpdates.map((u) => u.sender)]);
  if (proposers.size > 1) {
    deny('room_state', 'proposals', `room-state changes from ${proposers.size} proposers in one commit; each is judged on its own, so commit them separately`);
    return result;
  }
  const [stateProposer] = proposers;
  const actor = proposers.size ? userAt(stateProposer, gce ? 'group_context_extensions' : 'app_data_update') : committerUser;
  if (actor === undefined) return result;
  try {
    if (gce) after = roomStateOf(gce.extensions);
    if (content.appDataUpdates.length)
      after = asFullRoomState(
        applyAppDataUpdates(
          after,
          content.appDataUpdates.map((u) => u.update),
        ),
      );
  } catch (e) {
    if (e instanceof RoomError || e instanceof RoomStateError) deny('room_state', gce ? 'group_context_extensions' : 'app_data_update', e.message);
    else throw e;
    return result;
  }
  result.after = after;

  // Components with a rule: participant list, metadata, roles, base policy. Any other may not change.
  // Compared by their bytes (changedComponents); the participant list is judged by its diff below.
  const changed = changedComponents(before, after, ['room_metadata', 'roles_list', 'base_room_policy', 'other']);
  if (changed.has('other'))
    deny(
      'room_state',
      'group_context_extensions',
      'changes a room component the profile has no rule for (only participant_list, room_metadata, roles_list and base_room_policy can change)',
    );
  const actorBytes = utf8.encode(actor);
  const update = participantListDiff(before.participant_list, after.participant_list);
  const participantListChanged = update.addedParticipants.length + update.removedIndices.length + update.changedRoleParticipants.length > 0;
  if (changed.has('roles_list')) {
    const v = authorizeRolesListChange(roomBefore, actorBytes, after.roles_list, { participantListChanged });
    if (!v.ok) denials.push(...v.denials);
  }
  if (changed.has('base_room_policy')) {
    const v = authorizeBasePolicyChange(roomBefore, actorBytes, before.base_room_policy, after.base_room_policy);
    if (!v.ok) denials.push(...v.denials);
  }
  // Same bytes, no field changed: nothing for authorizeMetadataChange to judge.
  result.metadataChanged = [];
  if (changed.has('room_metadata')) {
    result.metadataChanged = changedMetadataFields(before.room_metadata, after.room_metadata);
    const metadata = authorizeMetadataChange(roomBefore, actorBytes, before.room_metadata, after.room_metadata);
    if (!metadata.ok) denials.push(...metadata.denials);
  }

  // The diff must reproduce the new list exactly, else the list was reordered, which no update can do.
  let reproduced = false;
  try {
    reproduced = sameParticipantList(applyParticipantListUpdate(before.participant_list, update), after.participant_list);
  } catch (e) {
    if (!(e instanceof RoomStateError)) throw e;
  }
  if (!reproduced) {
    deny('room_state', 'participant_list', 'the new participant list is not the old one with users changed, removed and appended');
  }
  result.update = update;

  // Who has clients after the commit: the members it keeps and the clients it adds, per user. A
  // user with one is an active participant (authorize.ts); the counts are the base policy's too.
  const added = content.adds.map(({ credential }): { client: string; user: string } | Error => {
    try {
      const uri = clientOf(credential);
      return { client: uri.text, user: userOfClientUri(uri) };
    } catch (e) {
      return e as Error;
    }
  });
  const removed = new Set(content.removes.map((r) => r.leaf));
  const clientsPerUser = new Map<string, number>();
  const activeUsers: Uint8Array[] = [];
  let totalClients = 0;
  const countClient = (user: string | Error) => {
    totalClients++;
    if (typeof user !== 'string') return; // a leaf with no MIMI user counts towards max_clients only
    const bytes = utf8.encode(user);
    const key = userKey(bytes);
    const n = clientsPerUser.get(key) ?? 0;
    if (n === 0) activeUsers.push(bytes);
    clientsPerUser.set(key, n + 1);
  };
  for (const m of members) if (!removed.has(m.leafIndex)) countClient(userOfMember(m));
  for (const a of added) countClient(a instanceof Error ? a : a.user);

  const verdict = authorizeParticipantListUpdate(roomBefore, actorBytes, update, activeUsers);
  if (!verdict.ok) denials.push(...verdict.denials);

  // Users are compared by their URI bytes (userKey), as the participant list does: text decoded
  // from different bytes must never name the same user. `keyOf` is a credential's user.
  const keyOf = (user: string) => userKey(utf8.encode(user));
  const participantsAfter = new Set(after.participant_list.participants.map((p) => userKey(p.user)));
  // Users this commit moves into the banned role: a ban "removes all the banned user's clients".
  // Without a banned role (undefined) no role index matches, so nobody is banned.
  const banned = bannedRoleIndex(after.roles_list);
  const bannedUsers = update.changedRoleParticipants
    .filter((c) => c.role_index === banned)
    .map((c) => before.participant_list.participants[c.user_index]!.user);
  const bannedAfter = new Set(after.participant_list.participants.filter((p) => p.role_index === banned).map((p) => userKey(p.user)));
  const addedUsers = new Set(update.addedParticipants.map((p) => userKey(p.user)));
  const removedUsers = update.removedIndices.map((i) => before.participant_list.participants[i]!.user);
  const leavingKeys = new Set([...removedUsers, ...bannedUsers].map(userKey));
  // An added user is a canonical MIMI user URI: the only thing a client credential can name.
  update.addedParticipants.forEach((p, i) => {
    const problem = notCanonicalUser(p.user);
    if (problem) deny('room_state', `participant_list.addedParticipants[${i}]`, problem);
  });

  content.adds.forEach(({ sender, at: where }, i) => {
    const at = where ?? `adds[${i}]`;
    const a = added[i]!;
    if (a instanceof Error) return deny('client', at, a.message);
    const { client, user } = a;
    result.addedClients.push(client);
    if (!participantsAfter.has(keyOf(user))) return deny('client', at, `${client} belongs to ${user}, who is not a participant after this commit`);
    if (bannedAfter.has(keyOf(user))) return deny('client', at, `${client} belongs to ${user}, who is banned`);
    if (addedUsers.has(keyOf(user))) return; // a new participant comes with its clients (canAddParticipant above)
    const proposer = userAt(sender, at);
    if (proposer === undefined) return;
    if (proposer !== user)
      return deny('client', at, `${client} is a new client of ${user}; only ${user} may add its own clients (canAddOwnClient), not ${proposer}`);
    if (!holds(roomBefore, utf8.encode(user), 'canAddOwnClient'))
      denials.push({ missing: 'canAddOwnClient', at, reason: `the role of ${user} lacks canAddOwnClient` });
  });

  const byUser = new Map([...leavesByUser(members, userOfMember)].map(([user, leaves]) => [keyOf(user), leaves]));
  result.removedLeaves.push(...content.removes.map((r) => r.leaf));
  for (const [user, what] of [...removedUsers.map((u) => [u, 'removed'] as const), ...bannedUsers.map((u) => [u, 'banned'] as const)]) {
    const left = (byUser.get(userKey(user)) ?? []).filter((l) => !removed.has(l));
    if (left.length) deny('client', 'participant_list', `${shown(user)} is ${what} but its clients at leaves ${left.join(', ')} are not removed`);
  }
  // Removes of clients of a user who stays a participant (the list is unchanged for that user).
  const kicked = new Set<string>();
  const clientRemovals: Array<{ user: Uint8Array; at: string }> = [];
  content.removes.forEach(({ sender, leaf }, i) => {
    const at = `removes[${i}]`;
    if (joiner) return; // the joiner's own former leaf (a resync, externalCommitJoiner): one client replaced by itself
    const m = members.find((x) => x.leafIndex === leaf);
    if (!m) return; // the adapter rejects removes of blank leaves itself
    const user = userOfMember(m);
    if (typeof user !== 'string') return; // a leaf with no MIMI user may be removed by anyone allowed to commit
    if (leavingKeys.has(keyOf(user))) return; // part of removing or banning the user (authorized above)
    const proposer = userAt(sender, at);
    if (proposer === undefined) return;
    const cap = proposer === user ? 'canRemoveOwnClient' : 'canKick';
    if (!holds(roomBefore, utf8.encode(proposer), cap))
      return denials.push({ missing: cap, at, reason: `the role of ${proposer} lacks ${cap} (removing a client of ${user}, who stays a participant)` });
    kicked.add(user);
    clientRemovals.push({ user: utf8.encode(user), at });
  });
  result.clientsRemovedOf.push(...kicked);
  const removals = authorizeClientRemovals(roomBefore, update, activeUsers, clientRemovals);
  if (!removals.ok) denials.push(...removals.denials);
  if (joiner) {
    const joins = authorizeClientJoins(roomBefore, update, activeUsers, [{ user: utf8.encode(joiner.user), at: 'commit.path' }]);
    if (!joins.ok) denials.push(...joins.denials);
  }

  denials.push(...clientLeafDenials(members, committer, content, clientTextOf));

  // The base policy (after the commit) holds for the room after it: clients per user, totals, fixed membership.
  denials.push(
    ...checkBasePolicyConstraints(after.base_room_policy, {
      participantsBefore: before.participant_list,
      participantsAfter: after.participant_list,
      clientsPerUserAfter: clientsPerUser,
      totalClientsAfter: totalClients,
      roles: after.roles_list,
      bannedRole: banned,
    }),
  );
  return result;
}

/** Why `user` bytes are not a canonical MIMI user URI, or undefined when they are. */
function notCanonicalUser(user: Uint8Array): string | undefined {
  const text = decodeUtf8OrNull(user);
  if (text === null) return `the user ${shown(user)} is not UTF-8`;
  try {
    const uri = parseMimiUri(text, 'user');
    return uri.text === text ? undefined : `the user ${JSON.stringify(text)} is not in canonical form (${uri.text})`;
  } catch (e) {
    if (e instanceof MimiUriError) return `the user ${JSON.stringify(text)} is not a MIMI user URI: ${e.message}`;
    throw e;
  }
}
