/**
 * The hub role (draft-ietf-mimi-protocol-06 §5.3, §5.4): the rooms this provider hosts. The hub
 * orders every room's handshakes (one commit per epoch: the store's compare-and-set on the epoch
 * decides, so a competing or stale commit gets wrongEpoch and never forks the room), runs the MLS
 * profile's policy checks on every commit and proposal with no group secret, keeps the GroupInfo
 * and ratchet tree of the current epoch, and queues a FanoutMessage for every provider with members
 * in the room (and the Welcome only for the providers owning the KeyPackages it names) in the same
 * atomic step as the acceptance, so what it answered success for is delivered.
 */
import { bytesEqual, decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import { codecs as mls, type MLSMessage } from '@mimikit/mls';
import {
  codecs,
  type AbuseReport,
  type FanoutMessage,
  type Frank,
  type GroupInfoRequest,
  type GroupInfoResponse,
  type KeyMaterialRequest,
  type KeyMaterialResponse,
  type SubmitMessageRequest,
  type SubmitMessageResponse,
  type UpdateRequest,
  type UpdateRoomResponse,
} from '@mimikit/mimi-protocol';
import { FrankingError, frankMessage, verifyAbuseReport, type AbuseReportVerdict, type HubFrankingKey } from '@mimikit/mls-profile/franking';
import { inspectHandshakeBundle } from '@mimikit/mls-profile/hub';
import { mimiAuthService, type AuthService } from '@mimikit/mls-profile/identity';
import { holds } from '@mimikit/mls-profile/policy';
import { changedComponents } from '@mimikit/mls-profile/room';
import {
  GroupInfoCheckError,
  GroupInfoError,
  groupInfoRefusal,
  groupInfoResponse,
  hubCheckCommit,
  hubCheckGroupInfo,
  hubCheckProposals,
  hubRoomOf,
  RoomError,
  verifyGroupInfoRequest,
  type CommitCheck,
  type GroupInfoRequester,
  type HubRoom,
  type HubSender,
} from '@mimikit/mls-profile/rooms';
import { MimiHttpError } from '@mimikit/transport';
import type { Logger } from 'pino';
import type { HubAcceptance, OutboundFanout, ProviderStore, RoomRecord } from '../store/index.ts';
import { domainOfUri } from '../identifiers.ts';
import type { Peers } from '../federation/peers.ts';
import { throughPeer } from '../federation/through-peer.ts';

export interface HubOptions {
  domain: string;
  store: ProviderStore;
  now: () => number;
  /** Called after fanout was queued for delivery to `destinations`. */
  queued: (destinations: readonly string[]) => void;
  /** The hub's franking key: rooms whose franking_agent is its agent get their messages franked. */
  frankingKey: HubFrankingKey;
  /** The hub's GroupInfoResponse signing identity (hub-sender-key.ts). */
  sender: HubSender;
  /** Where abuse reports are announced to the operator (one `abuse-report` line each). */
  log: Logger;
  /**
   * Asked about every leaf's credential of a GroupInfo's tree. Default: a canonical MIMI client URI
   * of any domain, unverified (a basic credential is only a claim; docs/provider.md, "Limits").
   */
  authService?: AuthService;
}

const anyMimiClient = mimiAuthService({ trust: () => true, acceptUnverified: true });

/** The provider a request comes from: a peer (its certificate's domain) or this provider for its own clients. */
export interface RequestOrigin {
  domain: string;
}

const te = (s: string) => encodeUtf8(s);
/** The key of a room's parsed view in the hub's cache: one per (room, epoch). */
const viewKey = (roomId: string, epoch: bigint) => `${roomId}@${epoch}`;

export class Hub {
  readonly #o: HubOptions;
  /** Parsed views of rooms by `roomId@epoch`: parsing the tree is the costly part of a check. */
  readonly #views = new Map<string, HubRoom>();

  constructor(options: HubOptions) {
    this.#o = options;
  }

  /** Is this provider the hub of `roomId` (its URI's domain)? */
  hosts(roomId: string): boolean {
    return domainOfUri(roomId) === this.#o.domain;
  }

  /**
   * Creates a room from its creator's first GroupInfo and ratchet tree (the creator is a local
   * client: rooms are created at their hub). Returns the room URI.
   */
  async createRoom(groupInfo: Uint8Array, ratchetTree: Uint8Array, creator: string): Promise<string> {
    const view = this.#parse(groupInfo, ratchetTree);
    const forged = await this.#verify(groupInfo, ratchetTree);
    if (forged !== null) throw new MimiHttpError(400, { detail: forged });
    if (view.roomId === null || domainOfUri(view.roomId) !== this.#o.domain)
      throw new MimiHttpError(400, { detail: `the group id is not a room of ${this.#o.domain} (mimi://${this.#o.domain}/g/<room>)` });
    if (view.members.length !== 1 || clientOfMember(view, 0) !== creator)
      throw new MimiHttpError(400, { detail: 'a new room has exactly one member: the creating client' });
    const created = await this.#o.store.createRoom({
      roomId: view.roomId,
      epoch: view.epoch,
      cipherSuite: view.cipherSuite,
      groupInfo,
      ratchetTree,
      createdAt: this.#o.now(),
    });
    if (!created) throw new MimiHttpError(409, { detail: `room ${view.roomId} exists` });
    return view.roomId;
  }

  /** The domains of the providers with member clients in a room this hub hosts. */
  async memberDomains(roomId: string): Promise<Set<string>> {
    return domainsOf(this.#view(await this.#room(roomId)));
  }

  /**
   * keyMaterial for a user of another provider, asked by a member provider of a room this hub
   * hosts: the hub forwards it to the target's provider (draft §3 "Bob adds Cathy to the Room").
   */
  async keyMaterialForMember(targetUser: string, request: KeyMaterialRequest, from: RequestOrigin, peers: Peers): Promise<KeyMaterialResponse> {
    const roomId = decodeUtf8OrNull(request.roomId.uri);
    if (roomId === null || !this.hosts(roomId))
      throw new MimiHttpError(404, { detail: 'keyMaterial for another provider goes through the hub of the room it is for' });
    if (from.domain !== this.#o.domain && !(await this.memberDomains(roomId)).has(from.domain))
      throw new MimiHttpError(403, { detail: `${from.domain} has no members in ${roomId}` });
    await this.checkRequester(request);
    const target = domainOfUri(targetUser);
    return throughPeer(peers, target, (peer) => peer.keyMaterial({ targetUser }, request));
  }

  /**
   * For a signed KeyMaterialRequest about a room this hub hosts: the signing key and credential must
   * be one member leaf's (the hub knows the members; the target's provider does not). Unsigned
   * requests and other hubs' rooms pass unchecked here (docs/provider.md, "Limits").
   */
  async checkRequester(request: KeyMaterialRequest): Promise<void> {
    const roomId = decodeUtf8OrNull(request.roomId.uri);
    if (request.requesterSignatureKey.length === 0 || roomId === null || !this.hosts(roomId)) return;
    const room = await this.#o.store.getRoom(roomId);
    if (!room) return;
    const credential = request.requesterCredential;
    const identity = credential.credential_type === 'basic' ? credential.identity : null;
    const member = this.#view(room).members.some(
      (m) =>
        identity !== null &&
        m.credential.identity !== undefined &&
        bytesEqual(m.credential.identity, identity) &&
        bytesEqual(m.signatureKey, request.requesterSignatureKey),
    );
    if (!member) throw new MimiHttpError(403, { detail: `the requester's signature key is not a leaf of ${roomId} with its credential` });
  }

  /**
   * POST /groupInfo/{roomId} (draft §5.6, "Cathy adds a new device"): the room's current GroupInfo,
   * ratchet tree and pending proposals, encrypted to the requester and signed with the hub's key.
   * Only for a client of a participant whose role holds canAddOwnClient (the one kind of External
   * Commit this profile admits, so nobody else could use the answer), asked by that client's own
   * provider. A room this hub does not host or an unauthorized requester gets notAuthorized (the draft
   * lets a hub hide which rooms exist); a request whose signature does not verify is a 400.
   */
  async groupInfo(roomId: string, request: GroupInfoRequest, from: RequestOrigin): Promise<GroupInfoResponse> {
    let requester: GroupInfoRequester;
    try {
      requester = await verifyGroupInfoRequest(request);
    } catch (err) {
      if (err instanceof GroupInfoError) throw new MimiHttpError(400, { detail: `GroupInfoRequest ${err.message}` });
      throw err;
    }
    if (domainOfUri(requester.client) !== from.domain) throw new MimiHttpError(403, { detail: `${from.domain} does not speak for ${requester.client}` });
    const room = this.hosts(roomId) ? await this.#o.store.getRoom(roomId) : undefined;
    if (!room) return groupInfoRefusal(roomId, 'notAuthorized');
    const view = this.#view(room);
    const user = encodeUtf8(requester.user);
    const roles = { participants: view.state.participant_list, roles: view.state.roles_list };
    if (!holds(roles, user, 'canAddOwnClient')) return groupInfoRefusal(roomId, 'notAuthorized');
    const pending = await this.#o.store.pendingProposals(roomId);
    try {
      return await groupInfoResponse({
        roomId,
        request,
        groupInfo: room.groupInfo,
        ratchetTree: room.ratchetTree,
        pendingProposals: pending.map((p) => ({ proposal: p.message, hubAcceptedTime: BigInt(p.acceptedAt) })),
        hub: this.#o.sender,
      });
    } catch (err) {
      // The request's suite is not the hub's, or its HPKE key is not one: nothing to encrypt to.
      if (err instanceof GroupInfoError) throw new MimiHttpError(400, { detail: `GroupInfoRequest ${err.message}` });
      throw err;
    }
  }

  /** POST /update/{roomId}: a commit or proposal bundle. */
  async update(roomId: string, request: UpdateRequest, from: RequestOrigin): Promise<UpdateRoomResponse> {
    const room = await this.#room(roomId);
    const bundle = request.bundle;
    if (!bundle) throw new MimiHttpError(400, { detail: 'an UpdateRequest without a HandshakeBundle' });
    const message = bundle.proposalOrCommit;
    if (message.wire_format !== 'mls_public_message') return refused('notAllowed', 'handshakes must be PublicMessages');
    const content = message.public_message.content;
    if (content.epoch !== room.epoch)
      return { responseCode: 'wrongEpoch', currentEpoch: room.epoch, errorDescription: te(`the room is at epoch ${room.epoch}`) };
    const view = this.#view(room);
    const bytes = mls.MLSMessage.encode(message);
    const sender = senderClient(view, content.sender, bundle);
    if (sender === null) return refused('notAllowed', 'the sender is not a member of the room');
    if (domainOfUri(sender) !== from.domain) return refused('notAllowed', `${from.domain} does not speak for ${sender}`);
    const acceptedAt = this.#o.now();
    const timestamp = BigInt(acceptedAt);

    if (content.content_type === 'proposal') {
      // The client's whole batch (e.g. a leave: its Removes and the list change) is judged as the
      // commit that will include it, then cached for that commit and fanned out as one message.
      const more = bundle.moreProposals ?? [];
      const batch = [bytes, ...more.map((m) => mls.MLSMessage.encode(m))];
      const check = guard(() => hubCheckProposals(batch, view.state, view.members));
      if (typeof check === 'string') return refused('invalidProposal', check);
      if (check.denials.length > 0) return refused('notAllowed', describe(check));
      const fanout = this.#fanout(domainsOf(view), { timestamp, message, moreProposals: more });
      return this.#accept(room, { proposals: batch.map((m) => ({ message: m, acceptedAt })), fanout, acceptedAt });
    }
    if (content.content_type !== 'commit') return refused('notAllowed', 'an UpdateRequest carries a proposal or a commit');

    const pending = await this.#o.store.pendingProposals(roomId);
    const check = guard(() =>
      hubCheckCommit(bytes, view.state, view.members, { messages: pending.map((p) => p.message), cipherSuite: room.cipherSuite as never }),
    );
    if (typeof check === 'string') return refused('invalidProposal', check);
    if (check.denials.length > 0) return refused('notAllowed', describe(check));
    if (bundle.groupInfoOption?.representation !== 'full' || bundle.ratchetTreeOption?.representation !== 'full')
      return refused('notAllowed', 'this hub needs the full GroupInfo and the full ratchet tree with each commit');
    const nextGroupInfo = mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_group_info', group_info: bundle.groupInfoOption.groupInfo });
    const nextTree = mls.ratchet_tree.encode(bundle.ratchetTreeOption.ratchet_tree);
    const next = guard(() => this.#parse(nextGroupInfo, nextTree));
    if (typeof next === 'string') return refused('notAllowed', `the GroupInfo or ratchet tree: ${next}`);
    if (next.epoch !== room.epoch + 1n || next.roomId !== roomId)
      return refused('notAllowed', `the GroupInfo is for ${next.roomId ?? 'another group'} at epoch ${next.epoch}, not ${roomId} at ${room.epoch + 1n}`);
    const forged = await this.#verify(nextGroupInfo, nextTree, { groupInfo: room.groupInfo, commit: bytes });
    if (forged !== null) return refused('notAllowed', forged);
    const mismatch = nextMismatch(view, check, next);
    if (mismatch !== null) return refused('notAllowed', mismatch);

    // The commit goes to every provider with members before or after it (a removed member learns it is removed).
    const fanout = this.#fanout(new Set([...domainsOf(view), ...domainsOf(next)]), { timestamp, message, externalProposals: [] });
    if (bundle.welcome) {
      const summary = inspectHandshakeBundle(bundle);
      const welcomeDomains = new Set<string>();
      for (const t of summary.welcomeTargets) {
        const identity = t.add?.keyPackage.leafNode.credential;
        const client = identity?.type === 'basic' ? decodeUtf8OrNull(identity.identity) : null;
        if (client === null) return refused('invalidProposal', 'a Welcome target that no Add of the commit admits');
        welcomeDomains.add(domainOfUri(client));
      }
      const welcome: MLSMessage = { version: 'mls10', wire_format: 'mls_welcome', welcome: bundle.welcome };
      fanout.push(...this.#fanout(welcomeDomains, { timestamp, message: welcome, ratchetTreeOption: bundle.ratchetTreeOption }));
    }
    const result = await this.#accept(room, { next: { epoch: next.epoch, groupInfo: nextGroupInfo, ratchetTree: nextTree }, fanout, acceptedAt });
    if (result.responseCode === 'success') this.#views.set(viewKey(roomId, next.epoch), next);
    return result;
  }

  /** POST /submitMessage/{roomId}: an application message (PrivateMessage) for fan-out. */
  async submitMessage(roomId: string, request: SubmitMessageRequest, from: RequestOrigin): Promise<SubmitMessageResponse> {
    const room = await this.#currentView(roomId);
    const message = request.appMessage;
    if (message.wire_format !== 'mls_private_message' || message.private_message.content_type !== 'application')
      return { protocol: 'mls10', statusCode: 'notAllowed' };
    const epoch = message.private_message.epoch;
    if (epoch < room.epoch) return { protocol: 'mls10', statusCode: 'epochTooOld', currentEpoch: room.epoch };
    if (epoch > room.epoch) return { protocol: 'mls10', statusCode: 'notAllowed' };
    const { view } = room;
    const sending = decodeUtf8OrNull(request.sendingUri.uri);
    // The sender is hidden in the PrivateMessage: the hub checks what it can see, that the claimed
    // sending client is a member and that the requesting provider speaks for it.
    if (sending === null || !view.members.some((_, i) => clientOfMember(view, i) === sending)) return { protocol: 'mls10', statusCode: 'notAllowed' };
    if (domainOfUri(sending) !== from.domain) return { protocol: 'mls10', statusCode: 'notAllowed' };
    const acceptedAt = this.#o.now();
    let frank: Frank | null = null;
    try {
      frank =
        (
          await frankMessage({
            message,
            senderUri: sending,
            roomUri: roomId,
            acceptedTimestamp: BigInt(acceptedAt),
            key: this.#o.frankingKey,
            room: view.state,
          })
        )?.frank ?? null;
    } catch (err) {
      if (!(err instanceof FrankingError)) throw err;
      // Another agent's room: its receivers would refuse our Frank, so the message goes unfranked.
      if (err.code !== 'agent-mismatch') return { protocol: 'mls10', statusCode: 'notAllowed' };
    }
    const fanout = this.#fanout(domainsOf(view), { timestamp: BigInt(acceptedAt), message, frank });
    const outcome = await this.#o.store.acceptAtEpoch({ roomId, epoch: room.epoch, acceptedAt, fanout });
    if (!outcome.accepted) {
      if ('noSuchRoom' in outcome) throw new MimiHttpError(404, { detail: `no room ${roomId}` });
      return { protocol: 'mls10', statusCode: 'epochTooOld', currentEpoch: outcome.currentEpoch };
    }
    this.#o.queued(fanout.map((f) => f.destination));
    return { protocol: 'mls10', statusCode: 'accepted', accepted_timestamp: BigInt(acceptedAt), frank };
  }

  /**
   * POST /reportAbuse/{roomId} (draft §5.9): a report from the reporting user's provider, kept for
   * the operator with the hub's verdict on each franked message it carries.
   */
  async reportAbuse(roomId: string, report: AbuseReport, from: RequestOrigin): Promise<AbuseReportVerdict> {
    const room = await this.#room(roomId);
    const reporter = decodeUtf8OrNull(report.reportingUser.uri);
    if (reporter === null || domainOfUri(reporter) !== from.domain)
      throw new MimiHttpError(403, { detail: `${from.domain} does not speak for the reporting user` });
    const verdict = await verifyAbuseReport(report, { room: this.#view(room).state, keys: [this.#o.frankingKey] });
    const id = await this.#o.store.addAbuseReport({ roomId, reporterDomain: from.domain, body: codecs.AbuseReport.encode(report), receivedAt: this.#o.now() });
    this.#o.log.info(
      {
        event: 'abuse-report',
        id: String(id),
        roomId,
        from: from.domain,
        verified: verdict.verified,
        messages: verdict.messages.map((m) => (m.ok ? 'verified' : m.error.code)),
      },
      'abuse report',
    );
    return verdict;
  }

  /**
   * The room's current epoch and parsed view, for a message submitted to it: the epoch from the
   * store's two-column roomHead, the view from the per-epoch cache; the GroupInfo and tree are read
   * (getRoom) and parsed only when that epoch's view is not cached. Reading them for every message
   * cost about 30 µs each in `npm run bench -- provider`.
   */
  async #currentView(roomId: string): Promise<{ epoch: bigint; view: HubRoom }> {
    const head = this.hosts(roomId) ? await this.#o.store.roomHead(roomId) : undefined;
    if (!head) throw new MimiHttpError(404, { detail: `no room ${roomId} on ${this.#o.domain}` });
    const cached = this.#views.get(viewKey(roomId, head.epoch));
    if (cached) return { epoch: head.epoch, view: cached };
    const room = await this.#room(roomId);
    return { epoch: room.epoch, view: this.#view(room) };
  }

  async #room(roomId: string): Promise<RoomRecord> {
    const room = this.hosts(roomId) ? await this.#o.store.getRoom(roomId) : undefined;
    if (!room) throw new MimiHttpError(404, { detail: `no room ${roomId} on ${this.#o.domain}` });
    return room;
  }

  async #accept(room: RoomRecord, a: Omit<HubAcceptance, 'roomId' | 'epoch'>): Promise<UpdateRoomResponse> {
    const outcome = await this.#o.store.acceptAtEpoch({ roomId: room.roomId, epoch: room.epoch, ...a });
    if (!outcome.accepted) {
      if ('noSuchRoom' in outcome) throw new MimiHttpError(404, { detail: `no room ${room.roomId}` });
      return { responseCode: 'wrongEpoch', currentEpoch: outcome.currentEpoch, errorDescription: te(`the room moved to epoch ${outcome.currentEpoch}`) };
    }
    this.#o.queued(a.fanout.map((f) => f.destination));
    return { responseCode: 'success', accepted_timestamp: BigInt(a.acceptedAt), errorDescription: new Uint8Array() };
  }

  #fanout(domains: Iterable<string>, message: FanoutMessage): OutboundFanout[] {
    const body = codecs.FanoutMessage.encode(message, { protocol: 'mls10' });
    return [...domains].sort().map((destination) => ({ destination, body }));
  }

  #view(room: RoomRecord): HubRoom {
    const key = viewKey(room.roomId, room.epoch);
    let view = this.#views.get(key);
    if (!view) {
      view = this.#parse(room.groupInfo, room.ratchetTree);
      if (this.#views.size > 1024) this.#views.clear();
      this.#views.set(key, view);
    }
    return view;
  }

  /**
   * RFC 9420 §12.4.3 and §8.2 on a GroupInfo and tree before they are stored: null when they hold,
   * else which check failed. (notAllowed, not invalidProposal, on a commit: no proposal is invalid.)
   */
  async #verify(groupInfo: Uint8Array, ratchetTree: Uint8Array, previous?: { groupInfo: Uint8Array; commit: Uint8Array }): Promise<string | null> {
    try {
      await hubCheckGroupInfo(groupInfo, ratchetTree, { authService: this.#o.authService ?? anyMimiClient, ...(previous ? { previous } : {}) });
      return null;
    } catch (err) {
      if (err instanceof GroupInfoCheckError) return `the GroupInfo or ratchet tree fails the ${err.check} check: ${err.message}`;
      throw err;
    }
  }

  #parse(groupInfo: Uint8Array, ratchetTree: Uint8Array): HubRoom {
    try {
      return hubRoomOf(groupInfo, ratchetTree);
    } catch (err) {
      throw new MimiHttpError(400, { detail: `GroupInfo or ratchet tree: ${(err as Error).message}` });
    }
  }
}

function refused(code: 'notAllowed' | 'invalidProposal', why: string): UpdateRoomResponse {
  return code === 'notAllowed'
    ? { responseCode: 'notAllowed', errorDescription: te(why) }
    : { responseCode: 'invalidProposal', invalidProposals: [], errorDescription: te(why) };
}

/** Runs a check; a RoomError (a malformed or unresolvable handshake) becomes its message. */
function guard<T>(f: () => T): T | string {
  try {
    return f();
  } catch (err) {
    if (err instanceof RoomError || err instanceof MimiHttpError) return err.message;
    throw err;
  }
}

function describe(check: CommitCheck): string {
  return check.denials.map((d) => `${d.missing} at ${d.at}${d.reason ? `: ${d.reason}` : ''}`).join('; ');
}

function clientOfMember(view: HubRoom, i: number): string | null {
  const identity = view.members[i]?.credential.identity;
  return identity ? decodeUtf8OrNull(identity) : null;
}

/**
 * What the committer's GroupInfo and tree for the next epoch claim that the commit does not do: the
 * room state (every component of the GroupContext's app_data_dictionary) must be the one the commit
 * makes (check.after), and the member clients the old ones without the removed leaves plus the added
 * ones. The committer alone signs the GroupInfo, and the hub's checks of it (signature, tree hash,
 * transcript) do not cover the GroupContext extensions; without this a member could hand the hub,
 * and through groupInfo every external joiner, a room state or membership it never committed.
 */
function nextMismatch(view: HubRoom, check: CommitCheck, next: HubRoom): string | null {
  const changed = changedComponents(check.after ?? view.state, next.state);
  if (changed.size > 0) return `the GroupInfo's room state is not the one the commit makes (${[...changed].join(', ')} differ)`;
  const removed = new Set(check.removedLeaves);
  const expected = [...view.members.flatMap((m, i) => (removed.has(m.leafIndex) ? [] : [clientOfMember(view, i) ?? ''])), ...check.addedClients].sort();
  const got = next.members.map((_, i) => clientOfMember(next, i) ?? '').sort();
  if (expected.join('\n') !== got.join('\n'))
    return `the ratchet tree's member clients (${got.join(', ')}) are not the room's after the commit (${expected.join(', ')})`;
  return null;
}

/** The domains of a room's member clients. */
function domainsOf(view: HubRoom): Set<string> {
  const out = new Set<string>();
  view.members.forEach((_, i) => {
    const c = clientOfMember(view, i);
    if (c !== null) out.add(domainOfUri(c));
  });
  return out;
}

/** The client a handshake comes from: a member's leaf, or for an external commit the UpdatePath's new leaf. */
function senderClient(view: HubRoom, sender: import('@mimikit/mls').Sender, bundle: NonNullable<UpdateRequest['bundle']>): string | null {
  if (sender.sender_type === 'member') {
    const i = view.members.findIndex((m) => m.leafIndex === sender.leaf_index);
    return i < 0 ? null : clientOfMember(view, i);
  }
  if (sender.sender_type === 'new_member_commit') {
    const summary = inspectHandshakeBundle(bundle);
    const pm = summary.proposalOrCommit;
    if (pm.wireFormat === 'mls_public_message' && pm.contentType === 'commit' && pm.commit.path?.leafNode.credential.type === 'basic')
      return decodeUtf8OrNull(pm.commit.path.leafNode.credential.identity);
  }
  return null;
}
