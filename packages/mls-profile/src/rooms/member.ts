/**
 * A room as one client sees it: an MLS group (through the adapter's opaque handle) whose
 * GroupContext carries the room state. Adding a user is one commit that changes the participant
 * list and the MLS members together (draft-ietf-mimi-protocol-06 "Alice adds Bob to the Room"), and
 * so is removing one; leaving is proposals that another member commits ("Bob Leaves the Room").
 * Every commit, sent or received, passes checkCommit first.
 *
 * Handshakes are PublicMessages (the adapter's default) so that the hub can run the same check.
 * @spec draft-ietf-mimi-protocol §Update Room State
 */
import type { Frank, ParticipantListUpdate, RoomMetaData } from '@mimikit/mimi-protocol';
import type { SafeAADItem } from '@mimikit/mls';
import { authorizeMessage, bannedRoleIndex, type OriginalMessage } from '../policy/index.ts';
import type { BaseRoomPolicy, RoleData } from '@mimikit/mimi-room-policy';
import type { MimiContent } from '@mimikit/mimi-content';
import {
  encodeSafeAad,
  frankAadItem,
  FrankingError,
  frankingTag,
  frankingTagOf,
  roomFranking,
  verifyFrank,
  withFrankedFields,
  type FrankedMessageRecord,
} from '../franking/index.ts';
import {
  decodeContentOrThrow,
  readRoomMessage,
  RoomMessageError,
  writeRoomMessage,
  type ReceivedRoomMessage,
  type RoomMessageContext,
} from '../messages/index.ts';
import {
  commit,
  epoch,
  epochAuthenticator,
  exportState,
  groupCipherSuite,
  groupContextExtensions,
  groupId,
  groupInfo,
  importState,
  memberAt,
  members,
  ownLeafIndex,
  pendingProposals,
  process,
  propose,
  ratchetTree,
  sendApplication,
  signAsMember,
  status,
  type MlsGroup,
  type ProposalInput,
} from '../mls/index.ts';
import type { AuthService } from '../identity/index.ts';
import { applyParticipantListUpdate } from '../room/index.ts';
import { RoomDeniedError, RoomError } from './errors.ts';
import { adapterAuth, clientOf, keyPackageCredential, leavesByUser, userOf, utf8 } from './identity.ts';
import { roomMessageContext, roomStateOf, roomStateProposals, type FullRoomState } from './state.ts';
import { checkCommit, contentOfCommit, contentOfInputs, contentOfProposals, isRoomStateProposal, type CommitCheck } from './verify.ts';

export interface Participant {
  /** User URI text. */
  user: string;
  role: number;
}

/** What a commit did to the room, as every member reports it. */
export interface RoomChange {
  kind: 'commit';
  /** The committer's user URI. */
  committer: string;
  added: Participant[];
  removed: string[];
  roleChanged: Participant[];
  /** Client URIs of the clients the commit added. */
  addedClients: string[];
  /** Leaf indexes the commit removed. */
  removedLeaves: number[];
  /** Participants who stay but lost clients (their own removal, or a kick). */
  clientsRemovedOf: string[];
  /** This client was removed: the member can no longer send or commit. */
  removedMe: boolean;
  /** RoomMetaData fields the commit changed (room_name, room_subject, …). */
  metadataChanged: string[];
  epoch: bigint;
}

export interface RoomMessage {
  kind: 'application';
  data: Uint8Array;
  /** Sender client URI and its user (authenticated by MLS). */
  senderClient: string;
  senderUser: string;
  /** The message's authenticated_data (SafeAAD in a room with safe_aad: the frank_aad is there). */
  authenticatedData: Uint8Array;
}

/** A franked message as sent: the MLSMessage for submitMessage, and what it commits to. */
export interface FrankedSend {
  message: Uint8Array;
  /** HMAC_SHA256(salt, application_data), also in the message's frank_aad. */
  frankingTag: Uint8Array;
  /** The application_data the tag covers (the sender's own record; an AbusiveMessage's message_content). */
  applicationData: Uint8Array;
}

/**
 * What a received message's franking is. `unfranked`: no frank_aad and no Frank. `not-franked`: the
 * sender asked for franking but the fanout brought no Frank (a hub that does not frank here).
 * `verified`: the record to keep for reporting (franking/abuse.ts abusiveMessage).
 */
export type FrankingStatus =
  | { status: 'unfranked' }
  | { status: 'not-franked'; frankingTag: Uint8Array }
  | { status: 'verified'; record: FrankedMessageRecord };

/** A commit for the others, and the Welcome when it adds clients. */
export interface RoomCommit {
  commit: Uint8Array;
  welcome?: Uint8Array;
  change: RoomChange;
}

export class RoomMember {
  #group: MlsGroup;

  /**
   * @internal Use createRoom, joinRoom or loadRoomMember. No AuthService here: the adapter binds it
   * into the group state when the group is made, joined or imported.
   */
  constructor(group: MlsGroup) {
    this.#group = group;
    roomStateOf(groupContextExtensions(group)); // fail early on a group that is not a room
  }

  /** This client's URI and user, read from its own leaf. */
  get client(): string {
    return clientOf(this.#self().credential).text;
  }
  get user(): string {
    return userOf(this.#self().credential);
  }

  roomState(): FullRoomState {
    return roomStateOf(groupContextExtensions(this.#group));
  }
  participants(): Participant[] {
    return this.roomState().participant_list.participants.map((p) => ({ user: utf8.decode(p.user), role: p.role_index }));
  }
  /** Client URIs of the MLS members, in leaf order. */
  clients(): string[] {
    return members(this.#group).map((m) => clientOf(m.credential).text);
  }
  /** The MLS group id (UTF-8 of the room's group URI, see groupIdForRoom). */
  groupId(): string {
    return utf8.decode(groupId(this.#group));
  }
  epoch(): bigint {
    return epoch(this.#group);
  }
  epochAuthenticator(): Uint8Array {
    return epochAuthenticator(this.#group);
  }
  /**
   * The current epoch's GroupInfo (MLSMessage bytes, with external_pub, without the ratchet tree)
   * for the hub: draft-ietf-mimi-protocol-06 §5.3 sends it with each commit, and the hub answers
   * groupInfo requests (external joins) from it.
   */
  groupInfo(): Promise<Uint8Array> {
    return groupInfo(this.#group);
  }
  /**
   * SignWithLabel with this client's leaf signature key; returns the signature and that key's public
   * half (the KeyMaterialRequest of draft-ietf-mimi-protocol-06 §5.2 is signed so).
   */
  sign(label: string, content: Uint8Array): Promise<{ signature: Uint8Array; publicKey: Uint8Array }> {
    return signAsMember(this.#group, label, content);
  }
  /** This client's leaf signature public key. */
  signatureKey(): Uint8Array {
    return this.#self().signatureKey;
  }
  /** The current epoch's ratchet tree (RatchetTree bytes), sent to the hub with the GroupInfo. */
  ratchetTree(): Uint8Array {
    return ratchetTree(this.#group);
  }
  status(): 'active' | 'removed' | 'suspended' {
    return status(this.#group);
  }

  /** Adds a user with all its clients (one KeyPackage each) in one commit. */
  async addParticipant(p: { user: string; role: number; keyPackages: readonly Uint8Array[] }): Promise<RoomCommit> {
    if (p.keyPackages.length === 0) throw new RoomError('bad-input', `no KeyPackages for ${p.user}: a participant without clients could never read the room`);
    for (const kp of p.keyPackages) {
      const owner = userOf(keyPackageCredential(kp));
      if (owner !== p.user) throw new RoomError('bad-input', `a KeyPackage of ${owner} given for ${p.user}`);
    }
    const update: ParticipantListUpdate = {
      changedRoleParticipants: [],
      removedIndices: [],
      addedParticipants: [{ user: utf8.encode(p.user), role_index: p.role }],
    };
    return this.#commitUpdate(
      update,
      p.keyPackages.map((keyPackage) => ({ type: 'add', keyPackage })),
    );
  }

  /**
   * Removes a user and every one of its clients in one commit: Remove proposals for the clients and
   * the participant-list change (draft-ietf-mimi-protocol-06 "Bob Leaves the Room", first paragraph).
   * Needs canRemoveParticipant. Not for oneself: MLS forbids committing one's own removal
   * (RFC 9420 §12.2), see leave().
   */
  async removeParticipant(user: string): Promise<RoomCommit> {
    if (user === this.user) throw new RoomError('unsupported', 'a member cannot commit its own removal; see leave()');
    const update: ParticipantListUpdate = { changedRoleParticipants: [], removedIndices: [this.#indexOf(user)], addedParticipants: [] };
    const leaves = leavesByUser(members(this.#group)).get(user) ?? [];
    return this.#commitUpdate(
      update,
      leaves.map((leafIndex) => ({ type: 'remove', leafIndex })),
    );
  }

  /**
   * Adds more clients of this member's own user (draft-ietf-mimi-protocol-06 "Cathy adds a new
   * device"); needs canAddOwnClient. The participant list does not change.
   */
  async addOwnClients(keyPackages: readonly Uint8Array[]): Promise<RoomCommit> {
    if (keyPackages.length === 0) throw new RoomError('bad-input', 'no KeyPackages to add');
    for (const kp of keyPackages) {
      const owner = userOf(keyPackageCredential(kp));
      if (owner !== this.user)
        throw new RoomError('bad-input', `a KeyPackage of ${owner}: addOwnClients adds clients of ${this.user} only (addParticipant adds other users)`);
    }
    return this.#commit(
      keyPackages.map((keyPackage) => ({ type: 'add', keyPackage })),
      undefined,
    );
  }

  /**
   * Removes clients (by client URI) without changing the participant list: clients of one's own
   * user need canRemoveOwnClient, another participant's need canKick. This client itself cannot be
   * among them (RFC 9420 §12.2; leave() is the way out).
   */
  async removeClients(clients: readonly string[]): Promise<RoomCommit> {
    const all = members(this.#group);
    const leaves = clients.map((c) => {
      const m = all.find((x) => clientOf(x.credential).text === c);
      if (!m) throw new RoomError('bad-input', `${c} is not a client in this room`);
      if (m.leafIndex === ownLeafIndex(this.#group)) throw new RoomError('unsupported', 'a member cannot commit its own removal; see leave()');
      return m.leafIndex;
    });
    return this.#commit(
      leaves.map((leafIndex) => ({ type: 'remove', leafIndex })),
      undefined,
    );
  }

  /** Changes room metadata fields (each needs its capability: canChangeRoomName, …); the room URI stays. */
  async changeMetadata(fields: Partial<Omit<RoomMetaData, 'room_uri'>>): Promise<RoomCommit> {
    const before = this.roomState();
    if (!before.room_metadata) throw new RoomError('not-a-room', 'the room state has no room_metadata');
    return this.#commit([], { ...before, room_metadata: { ...before.room_metadata, ...fields } });
  }

  async changeRole(user: string, role: number): Promise<RoomCommit> {
    const update: ParticipantListUpdate = {
      changedRoleParticipants: [{ user_index: this.#indexOf(user), role_index: role }],
      removedIndices: [],
      addedParticipants: [],
    };
    return this.#commitUpdate(update, []);
  }

  /**
   * Bans a participant (draft-ietf-mimi-room-policy-03 canBan): one commit moves the user to the
   * banned role (index 1, named "banned") and removes all of its clients. The user stays in the
   * list, so it cannot simply be re-added; unbanning is changeRole away from role 1 (canUnBan).
   */
  async ban(user: string): Promise<RoomCommit> {
    const banned = bannedRoleIndex(this.roomState().roles_list);
    if (banned === undefined) throw new RoomError('unsupported', 'this room has no banned role (role 1 named "banned")');
    const update: ParticipantListUpdate = {
      changedRoleParticipants: [{ user_index: this.#indexOf(user), role_index: banned }],
      removedIndices: [],
      addedParticipants: [],
    };
    const leaves = leavesByUser(members(this.#group)).get(user) ?? [];
    return this.#commitUpdate(
      update,
      leaves.map((leafIndex) => ({ type: 'remove', leafIndex })),
    );
  }

  /** Replaces the role definitions (canChangeRoleDefinitions; never in the same commit as a participant-list change). */
  async changeRoles(roles: RoleData): Promise<RoomCommit> {
    return this.#commit([], { ...this.roomState(), roles_list: roles });
  }

  /** Replaces the base room policy (canChangeRoomMembershipStyle). */
  async changeBasePolicy(policy: BaseRoomPolicy): Promise<RoomCommit> {
    return this.#commit([], { ...this.roomState(), base_room_policy: policy });
  }

  /**
   * Leaving (draft-ietf-mimi-protocol-06 "Bob Leaves the Room"): this client proposes the removal of
   * every client of its user, itself included, and the participant-list change that removes its user
   * (canRemoveSelf). A member cannot commit its own removal (RFC 9420 §12.2), so these go to the hub,
   * which caches them and requires the next commit to include them (hubCheckCommit); any member's
   * commitPending() does. Returns the proposal messages (PublicMessage), in the order to send them.
   * The room-state proposal carries the whole app_data_dictionary (GroupContextExtensions, see
   * docs/deviations.md), so it is only valid in this epoch, as every MLS proposal is.
   */
  async leave(): Promise<Uint8Array[]> {
    const before = this.roomState();
    const update: ParticipantListUpdate = { changedRoleParticipants: [], removedIndices: [this.#indexOf(this.user)], addedParticipants: [] };
    const after: FullRoomState = { ...before, participant_list: applyParticipantListUpdate(before.participant_list, update) };
    const leaves = leavesByUser(members(this.#group)).get(this.user) ?? [];
    const proposals: ProposalInput[] = [...leaves.map((leafIndex): ProposalInput => ({ type: 'remove', leafIndex })), ...this.#stateProposals(after)];
    // Check the whole set as the commit that will include it: same verdict as every member's.
    const check = checkCommit(before, members(this.#group), ownLeafIndex(this.#group), contentOfInputs(proposals, ownLeafIndex(this.#group)));
    if (check.denials.length) throw new RoomDeniedError(check.denials);
    const out: Uint8Array[] = [];
    for (const proposal of proposals) {
      const r = await propose(this.#group, proposal);
      this.#group = r.group;
      out.push(r.message);
    }
    return out;
  }

  /** Proposals received this epoch and not yet committed (what commitPending, or any next commit, includes). */
  pendingProposals(): number {
    return pendingProposals(this.#group).length;
  }

  /** Commits the pending proposals (another member's leave, say) and nothing else. */
  async commitPending(): Promise<RoomCommit> {
    if (pendingProposals(this.#group).length === 0) throw new RoomError('bad-input', 'no pending proposals to commit');
    return this.#commit([], undefined);
  }

  /** What the room's messages are: its URI, and the media types it accepts (content_media_types, if any). */
  messageContext(state: FullRoomState = this.roomState()): RoomMessageContext {
    return roomMessageContext(state);
  }

  /**
   * Sends MIMI content (draft-ietf-mimi-content-07), framed as the room requires, after the same
   * message-capability check the readers run (authorizeMessage: canSendMessage, canReplyToMessage,
   * …). A message that replaces another needs `original` (its sender, whether it was a reaction).
   *
   * `franked: true` (draft-ietf-mimi-protocol-06 §Message Franking, "Client creation and sending"):
   * the content gets this member's user URI and the room URI in its extensions map (sender_uri 1,
   * room_uri 2; FrankingError 'sender-mismatch' / 'room-mismatch' if it names others), and the
   * message carries franking_tag = HMAC_SHA256(salt, application_data) in its frank_aad Safe AAD
   * item. The salt, the franking key, stays inside the encrypted content. The room must have a
   * franking_agent (FrankingError 'not-franking-room').
   */
  async sendContent(content: MimiContent | Uint8Array, o: { original?: OriginalMessage; franked: true }): Promise<FrankedSend>;
  async sendContent(content: MimiContent | Uint8Array, o?: { original?: OriginalMessage; franked?: false }): Promise<Uint8Array>;
  async sendContent(content: MimiContent | Uint8Array, o: { original?: OriginalMessage; franked?: boolean } = {}): Promise<Uint8Array | FrankedSend> {
    const typed = content instanceof Uint8Array ? decodeContentOrThrow(content) : content;
    const state = this.roomState();
    const verdict = authorizeMessage(policyRoom(state), utf8.encode(this.user), typed, o.original);
    if (!verdict.ok) throw new RoomDeniedError(verdict.denials);
    const ctx = this.messageContext(state);
    if (!o.franked) return this.#send(writeRoomMessage(content, ctx), [], state);
    const franking = roomFranking(state);
    if (!franking.agent || franking.safeAad === null)
      throw new FrankingError('not-franking-room', 'franking_agent', "the room's GroupContext has no franking_agent and safe_aad: its hub cannot frank");
    const committed = withFrankedFields(typed, this.user, ctx.roomUri);
    // The caller's bytes when they already name sender and room: the content is sent as given.
    const applicationData = writeRoomMessage(committed === typed ? content : committed, ctx);
    const tag = frankingTag(committed.salt, applicationData);
    const message = await this.#send(applicationData, [frankAadItem(tag)], state);
    return { message, frankingTag: tag, applicationData };
  }

  /**
   * Reads a received application message as MIMI content: checked against the room's media types,
   * decoded strictly, its sender and room checked, with its message ID, and allowed to its sender
   * by the room's message capabilities (RoomMessageError if not; code 'denied' carries the
   * denials). `original` finds the message a replacement replaces (from the application's history);
   * without it a replacement is refused ('original_message'), since it cannot be judged.
   */
  readContent(message: RoomMessage, o: { hubTimestamp?: bigint | null; original?: (id: Uint8Array) => OriginalMessage | undefined } = {}): ReceivedRoomMessage {
    const state = this.roomState();
    const read = readRoomMessage(message.data, this.messageContext(state), { user: message.senderUser, client: message.senderClient }, o.hubTimestamp ?? null);
    const replaces = read.content.replaces;
    const original = replaces !== null && o.original ? o.original(replaces) : undefined;
    const verdict = authorizeMessage(policyRoom(state), utf8.encode(message.senderUser), read.content, original);
    if (!verdict.ok)
      throw new RoomMessageError(
        'denied',
        `the room does not allow this message from ${message.senderUser}: ${verdict.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ')}`,
        undefined,
        verdict.denials,
      );
    return read;
  }

  /**
   * Encrypts application data for the room as it is (sendContent for MIMI content). In a room with
   * safe_aad the authenticated data is an empty SafeAAD (draft-ietf-mls-extensions-09 §5).
   */
  async sendMessage(data: Uint8Array): Promise<Uint8Array> {
    return this.#send(data, [], this.roomState());
  }

  /**
   * Checks the Frank a FanoutMessage brought with a message from process() (draft-ietf-mimi-protocol-06
   * §Message Franking, "Receiver verification of frank"): `frank` and `hubTimestamp` are the
   * FanoutMessage's. Throws FrankingError naming what fails (tag, signature, suite, agent, sender,
   * room); readContent reads the content either way.
   */
  async verifyFrank(message: RoomMessage, o: { frank: Frank | null | undefined; hubTimestamp: bigint }): Promise<FrankingStatus> {
    const state = this.roomState();
    const tag = frankingTagOf(message.authenticatedData, roomFranking(state).safeAad !== null);
    if (!o.frank) return tag ? { status: 'not-franked', frankingTag: tag } : { status: 'unfranked' };
    const record = await verifyFrank({
      applicationData: message.data,
      authenticatedData: message.authenticatedData,
      frank: o.frank,
      acceptedTimestamp: o.hubTimestamp,
      room: state,
      cipherSuite: groupCipherSuite(this.#group),
      sender: message.senderUser,
    });
    return { status: 'verified', record };
  }

  /** Encrypts, with the room's SafeAAD (these items) when it has safe_aad. */
  async #send(data: Uint8Array, items: SafeAADItem[], state: FullRoomState): Promise<Uint8Array> {
    const safeAad = roomFranking(state).safeAad !== null;
    if (!safeAad && items.length) throw new FrankingError('not-franking-room', 'safe_aad', 'the room has no safe_aad component for Safe AAD items');
    const r = await sendApplication(this.#group, data, safeAad ? encodeSafeAad(items) : undefined);
    this.#group = r.group;
    return r.message;
  }

  /**
   * Processes a message from the room. A commit is applied only if checkCommit allows it; if not,
   * this throws RoomDeniedError and the room state is unchanged. Standalone proposals are kept by
   * the adapter and checked when a commit includes them; they are reported as `{ kind: 'proposal' }`.
   */
  async process(message: Uint8Array): Promise<RoomChange | RoomMessage | { kind: 'proposal' }> {
    // Room state and membership are read only for commits: application messages, the common case,
    // change neither (bench/mls.ts measured decoding them per message).
    const group = this.#group;
    let before: FullRoomState | undefined;
    let check: CommitCheck | undefined;
    const r = await process(group, message, {
      policy: (incoming) => {
        if (incoming.kind !== 'commit') return true;
        before = roomStateOf(groupContextExtensions(group));
        check = checkCommit(before, members(group), incoming.committer, contentOfCommit(incoming.proposals, incoming.pathCredential));
        return check.denials.length === 0;
      },
    });
    // The adapter hands back a new handle even for a rejected commit (same state); keep it.
    this.#group = r.group;
    if (r.kind === 'application') {
      // An application message leaves the tree as it was: its sender is a member of the new handle too.
      const sender = memberAt(r.group, r.sender);
      if (!sender) throw new RoomError('bad-input', `application message from unknown leaf ${r.sender}`);
      return {
        kind: 'application',
        data: r.data,
        senderClient: clientOf(sender.credential).text,
        senderUser: userOf(sender.credential),
        authenticatedData: r.aad,
      };
    }
    if (r.kind === 'proposal') return { kind: 'proposal' };
    if (!check || !before) throw new RoomError('bad-input', 'a commit the policy never saw');
    if (!r.accepted) throw new RoomDeniedError(check.denials);
    return this.#change(before, check, r.removed);
  }

  /** The member's state, for loadRoomMember. Contains private keys: store it encrypted. */
  save(): Uint8Array {
    return exportState(this.#group);
  }

  #self() {
    const me = ownLeafIndex(this.#group);
    const m = members(this.#group).find((x) => x.leafIndex === me);
    if (!m) throw new RoomError('bad-input', 'own leaf is not in the tree');
    return m;
  }

  #indexOf(user: string): number {
    const i = this.roomState().participant_list.participants.findIndex((p) => utf8.decode(p.user) === user);
    if (i < 0) throw new RoomError('bad-input', `${user} is not a participant`);
    return i;
  }

  /** One commit: the participant-list change as a GroupContextExtensions proposal, plus `extra`. */
  async #commitUpdate(update: ParticipantListUpdate, extra: ProposalInput[]): Promise<RoomCommit> {
    const before = this.roomState();
    const after: FullRoomState = { ...before, participant_list: applyParticipantListUpdate(before.participant_list, update) };
    return this.#commit(extra, after);
  }

  /** The proposals that set the room state to `after` (roomStateProposals: one function, both encodings). */
  #stateProposals(after: FullRoomState): ProposalInput[] {
    return roomStateProposals(groupContextExtensions(this.#group), this.roomState(), after);
  }

  /**
   * A commit of `extra`, plus the room state `after` when given, plus every pending proposal (the
   * adapter includes those by reference; the hub insists on it).
   */
  async #commit(extra: ProposalInput[], after: FullRoomState | undefined): Promise<RoomCommit> {
    const before = this.roomState();
    const pending = pendingProposals(this.#group);
    if (after && pending.some(isRoomStateProposal)) {
      // One GroupContextExtensions proposal per commit (RFC 9420 §12.2), and a pending one carries a whole room state.
      throw new RoomError('unsupported', 'a room-state proposal is pending (a leave, say): commitPending() first, then make this change');
    }
    const proposals: ProposalInput[] = after ? [...this.#stateProposals(after), ...extra] : extra;
    // The same check the receivers run, on what we are about to send: refuse here rather than have
    // every other member refuse it.
    const me = ownLeafIndex(this.#group);
    const check = checkCommit(before, members(this.#group), me, contentOfInputs(proposals, me, contentOfProposals(pending)));
    if (check.denials.length) throw new RoomDeniedError(check.denials);
    // ratchet_tree in the Welcome: joiners need no out-of-band tree (the hub may strip it).
    const r = await commit(this.#group, { proposals, ratchetTreeExtension: true });
    this.#group = r.group;
    const out: RoomCommit = { commit: r.commit, change: this.#change(before, check, false) };
    if (r.welcome) out.welcome = r.welcome;
    return out;
  }

  #change(before: FullRoomState, check: CommitCheck, removedMe: boolean): RoomChange {
    return roomChange(before, check, removedMe, epoch(this.#group));
  }
}

/** @internal What an allowed commit (its check against `before`) did, as RoomChange reports it, in the epoch it made. */
export function roomChange(before: FullRoomState, check: CommitCheck, removedMe: boolean, newEpoch: bigint): RoomChange {
  const update = check.update ?? { changedRoleParticipants: [], removedIndices: [], addedParticipants: [] };
  const at = (i: number) => before.participant_list.participants[i]!;
  return {
    kind: 'commit',
    committer: check.committerUser ?? '',
    added: update.addedParticipants.map((p) => ({ user: utf8.decode(p.user), role: p.role_index })),
    removed: update.removedIndices.map((i) => utf8.decode(at(i).user)),
    roleChanged: update.changedRoleParticipants.map((c) => ({ user: utf8.decode(at(c.user_index).user), role: c.role_index })),
    addedClients: check.addedClients,
    removedLeaves: check.removedLeaves,
    clientsRemovedOf: check.clientsRemovedOf,
    removedMe,
    metadataChanged: check.metadataChanged ?? [],
    epoch: newEpoch,
  };
}

/** The part of a room state the policy functions read. */
function policyRoom(state: FullRoomState) {
  return { participants: state.participant_list, roles: state.roles_list };
}

/** Restores a member saved with save(). The AuthService is not part of the blob (docs/mls.md). */
export async function loadRoomMember(bytes: Uint8Array, o: { authService: AuthService }): Promise<RoomMember> {
  return new RoomMember(await importState(bytes, { authService: adapterAuth(o.authService) }));
}
