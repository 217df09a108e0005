/**
 * A MIMI client ("user agent") that talks to its own provider through the client API: it holds the
 * MLS state of its rooms (through the MLS profile), publishes KeyPackages, fetches key material,
 * sends commits with the GroupInfo and tree the hub needs (rolling its state back when the hub
 * refuses), sends and reads MIMI content, and applies what its inbox delivers in order. The demo,
 * the benchmark and the multi-process tests drive providers with it; an implementer can read it as
 * the client side of the protocol draft's flows.
 */
import { createHash } from 'node:crypto';
import { encodeUtf8, toHex } from '@mimikit/bytes';
import type { MimiContent } from '@mimikit/mimi-content';
import { codecs as mls, type MLSMessage } from '@mimikit/mls';
import {
  codecs,
  type AbuseReport,
  type FanoutMessage,
  type FrankingAgentData,
  type KeyMaterialResponse,
  type SubmitMessageResponse,
  type UpdateRequest,
  type UpdateRoomResponse,
} from '@mimikit/mimi-protocol';
import { computeMessageId } from '@mimikit/content';
import { abusiveMessage, withFrankedFields, type FrankedMessageRecord } from '@mimikit/mls-profile/franking';
import type { AuthService } from '@mimikit/mls-profile/identity';
import { isReaction, type OriginalMessage } from '@mimikit/mls-profile/policy';
import { keyPackageRef, welcomeTargets } from '@mimikit/mls-profile/hub';
import type { CipherSuite, KeyPackageBundle } from '@mimikit/mls-profile/mls';
import {
  commitUpdateRequest,
  createRoom,
  groupInfoRequest,
  joinRoom,
  joinRoomExternal,
  loadRoomMember,
  openGroupInfoResponse,
  proposalsUpdateRequest,
  roomKeyPackage,
  signedKeyMaterialRequest,
  submitMessageRequest,
  type CreateRoomParams,
  type RoomChange,
  type RoomCommit,
  type RoomMember,
} from '@mimikit/mls-profile/rooms';
import type { ReceivedRoomMessage } from '@mimikit/mls-profile/messages';
import { createMimiClient, type MimiClient } from '@mimikit/provider-client/client';
import { fromBase64Url, toBase64Url } from '../base64url.ts';

export interface AgentOptions {
  /** The provider's client API, e.g. http://127.0.0.1:8080. */
  clientUrl: string;
  user: string;
  client: string;
  cipherSuite: CipherSuite;
  authService: AuthService;
}

/** What applying one inbox item did. */
export type AgentEvent =
  | { kind: 'joined'; roomId: string; epoch: bigint }
  | { kind: 'change'; roomId: string; change: RoomChange }
  | {
      kind: 'message';
      roomId: string;
      message: ReceivedRoomMessage;
      /** Whether the hub franked it and the Frank verified ('verified'), or it carries none ('unfranked'). */
      franking: 'verified' | 'unfranked';
    }
  | { kind: 'proposal'; roomId: string }
  | { kind: 'skipped'; roomId: string; why: string };

/** The KeyPackageRef (hex) of a bundle's KeyPackage (MLSMessage bytes). */
function refOf(bundle: KeyPackageBundle): string {
  const m = mls.MLSMessage.decode(bundle.keyPackage);
  if (m.wire_format !== 'mls_key_package') throw new TypeError('not a KeyPackage message');
  return toHex(keyPackageRef(m.key_package));
}

const sha = (b: Uint8Array) => toHex(new Uint8Array(createHash('sha256').update(b).digest()));

export class Agent {
  readonly user: string;
  readonly client: string;
  readonly rooms = new Map<string, RoomMember>();
  readonly #o: AgentOptions;
  #api: MimiClient;
  readonly #token: string;
  /** KeyPackages published and not yet used, by KeyPackageRef (hex). */
  readonly #bundles = new Map<string, KeyPackageBundle>();
  /** Hashes of the handshakes and messages this client sent: the hub fans them back to it. */
  readonly #sent = new Set<string>();
  /** Verified franked messages (`room id` + message ID hex), for reporting them. */
  readonly #franked = new Map<string, { record: FrankedMessageRecord; sender: string }>();
  /** What this client knows of each room's messages (`room id` + message ID hex), for judging edits and deletes. */
  readonly #history = new Map<string, OriginalMessage>();
  /** The epoch each room was joined at: what the inbox holds from before it is not for this client. */
  readonly #joinedAt = new Map<string, bigint>();
  #after = 0n;
  /** The last inbox seq the provider confirmed as acknowledged. */
  #acked = 0n;

  private constructor(o: AgentOptions, token: string) {
    this.#o = o;
    this.#token = token;
    this.#api = createMimiClient({ baseUrl: o.clientUrl, token });
    this.user = o.user;
    this.client = o.client;
  }

  /** Registers the client with its provider and returns an agent holding its token. */
  static async register(o: AgentOptions): Promise<Agent> {
    const { token } = await createMimiClient({ baseUrl: o.clientUrl }).registerClient({ user: o.user, client: o.client });
    return new Agent(o, token);
  }

  /** Talks to the provider at another address from now on (it restarted on a new port); same token, same state. */
  withClientUrl(clientUrl: string): this {
    this.#api = createMimiClient({ baseUrl: clientUrl, token: this.#token });
    return this;
  }

  /** Generates and uploads `n` KeyPackages. */
  async publishKeyPackages(n: number): Promise<void> {
    const made = await Promise.all(Array.from({ length: n }, () => roomKeyPackage({ client: this.client, cipherSuite: this.#o.cipherSuite })));
    for (const b of made) this.#bundles.set(refOf(b), b);
    await this.#api.uploadKeyPackages({ keyPackages: made.map((b) => toBase64Url(b.keyPackage)) });
  }

  /** Creates a room at this client's provider (its hub). */
  async createRoom(p: Omit<CreateRoomParams, 'creator' | 'authService'>): Promise<RoomMember> {
    const member = await createRoom({
      ...p,
      creator: { user: this.user, client: this.client, cipherSuite: this.#o.cipherSuite },
      authService: this.#o.authService,
    });
    const { roomId } = await this.#api.createRoom({ groupInfo: toBase64Url(await member.groupInfo()), ratchetTree: toBase64Url(member.ratchetTree()) });
    this.rooms.set(roomId, member);
    return member;
  }

  /**
   * Claims one KeyPackage of each client of `targetUser` for `roomId` (MLSMessage bytes), through
   * this client's provider. The request is not signed yet (docs/provider.md, "Limits").
   */
  async keyMaterial(targetUser: string, roomId: string): Promise<{ response: KeyMaterialResponse; keyPackages: Uint8Array[] }> {
    // Signed with this client's key in the room (it is the member that will add the target).
    const request = await signedKeyMaterialRequest(this.#member(roomId), { target: targetUser, roomId, cipherSuites: [this.#o.cipherSuite.name] });
    const res = await this.#api.keyMaterial({ targetUser }, { request: toBase64Url(codecs.KeyMaterialRequest.encode(request)) });
    const response = codecs.KeyMaterialResponse.decode(fromBase64Url(res.response, 'response'));
    const keyPackages = response.clients.flatMap((c) =>
      c.clientStatus === 'success' && c.keyPackage
        ? [mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: c.keyPackage })]
        : [],
    );
    return { response, keyPackages };
  }

  /**
   * Makes a commit with `make` and sends it to the hub. On any answer but success the member's
   * state is restored to before the commit, so a refused or lost race never forks this client.
   */
  async commit(roomId: string, make: (member: RoomMember) => Promise<RoomCommit>): Promise<UpdateRoomResponse> {
    const member = this.#member(roomId);
    const saved = member.save();
    const made = await make(member);
    const request = await commitUpdateRequest(member, made);
    this.#sent.add(sha(made.commit));
    let answer: UpdateRoomResponse;
    try {
      answer = await this.#update(roomId, request);
    } catch (err) {
      this.rooms.set(roomId, await loadRoomMember(saved, { authService: this.#o.authService }));
      throw err;
    }
    if (answer.responseCode !== 'success') this.rooms.set(roomId, await loadRoomMember(saved, { authService: this.#o.authService }));
    return answer;
  }

  /**
   * Joins a room by External Commit (draft-ietf-mimi-protocol-06 "Cathy adds a new device"; this
   * client's user must be a participant whose role holds canAddOwnClient): asks the room's hub for
   * the GroupInfo and ratchet tree through this client's provider (groupInfo), commits itself into
   * the next epoch and sends that commit to the hub. Joined only when the hub answers success.
   */
  async joinExternally(roomId: string): Promise<UpdateRoomResponse> {
    const keyPackage = await roomKeyPackage({ client: this.client, cipherSuite: this.#o.cipherSuite });
    const prepared = await groupInfoRequest({ keyPackage });
    const res = await this.#api.groupInfo({ roomId }, { request: toBase64Url(codecs.GroupInfoRequest.encode(prepared.request)) });
    const opened = await openGroupInfoResponse(fromBase64Url(res.response, 'response'), { roomId, prepared });
    const joined = await joinRoomExternal({ ...opened, keyPackage, authService: this.#o.authService, roomId });
    this.#sent.add(sha(joined.commit.commit));
    const answer = await this.#update(roomId, joined.updateRequest);
    if (answer.responseCode === 'success') this.#joined(roomId, joined.member);
    return answer;
  }

  /** Sends proposals (e.g. from `member.leave()`) to the hub. */
  async propose(roomId: string, proposals: readonly Uint8Array[]): Promise<UpdateRoomResponse> {
    for (const p of proposals) this.#sent.add(sha(p));
    return this.#update(roomId, proposalsUpdateRequest(proposals));
  }

  /**
   * Encrypts MIMI content for the room and submits it; returns the hub's answer (timestamp, frank)
   * and the message ID. `franked`: with a franking tag, for the hub to frank (the room needs the hub's
   * franking agent, see frankingAgent()).
   */
  async send(roomId: string, content: MimiContent, o: { franked?: boolean } = {}): Promise<{ response: SubmitMessageResponse; messageId: Uint8Array }> {
    const member = this.#member(roomId);
    const original = content.replaces ? this.#history.get(roomId + toHex(content.replaces)) : undefined;
    // A franked message names its sender and room in the content (the profile adds them), so its ID covers them.
    const sent = o.franked ? withFrankedFields(content, this.user, roomId) : content;
    const bytes = o.franked
      ? (await member.sendContent(sent, { ...(original ? { original } : {}), franked: true })).message
      : await member.sendContent(sent, original ? { original } : {});
    this.#sent.add(sha(bytes));
    const request = submitMessageRequest(member, bytes);
    const res = await this.#api.submitMessage({ roomId }, { request: toBase64Url(codecs.SubmitMessageRequest.encode(request)) });
    const response = codecs.SubmitMessageResponse.decode(fromBase64Url(res.response, 'response'));
    const messageId = computeMessageId({ content: sent, senderUri: this.user, roomUri: roomId });
    if (response.statusCode === 'accepted') this.#remember(roomId, messageId, this.user, sent);
    return { response, messageId };
  }

  /** Uploads an (encrypted) attachment to this client's provider's asset server; returns its URL. */
  async uploadAsset(bytes: Uint8Array): Promise<string> {
    return (await this.#api.uploadAsset({ data: toBase64Url(bytes) })).url;
  }

  /** Downloads an asset posted in `roomId`, through this client's provider and the room's hub (proxyDownload). */
  async download(roomId: string, url: string): Promise<Uint8Array> {
    return this.#api.download({ url, roomId });
  }

  /** This provider's (the hub's) franking agent, for createRoom({ frankingAgent }). */
  async frankingAgent(): Promise<FrankingAgentData> {
    const { agent } = await this.#api.frankingAgent();
    return codecs.FrankingAgentData.decode(fromBase64Url(agent, 'agent'));
  }

  /** Reports received franked messages as abusive (draft §5.9), through this client's provider to the hub. */
  async reportAbuse(roomId: string, messageIds: readonly Uint8Array[], note: string): Promise<void> {
    const found = messageIds.map((id) => this.#franked.get(roomId + toHex(id)));
    if (found.some((f) => f === undefined)) throw new Error('only received messages with a verified Frank can be reported');
    const sender = found[0]!.sender;
    const report: AbuseReport = {
      reportingUser: { uri: encodeUtf8(this.user) },
      allegedAbuserUri: { uri: encodeUtf8(sender) },
      reasonCode: 'reserved',
      note: encodeUtf8(note),
      messages: found.map((f) => abusiveMessage(f!.record)),
      abuse_extensions: { component_data: [] },
    };
    await this.#api.reportAbuse({ roomId }, { report: toBase64Url(codecs.AbuseReport.encode(report)) });
  }

  #remember(roomId: string, messageId: Uint8Array, sender: string, content: MimiContent): void {
    this.#history.set(roomId + toHex(messageId), { sender: encodeUtf8(sender), reaction: isReaction(content.nestedPart) });
  }

  /**
   * Reads the inbox once (waiting up to `waitMs` for something), applies every item in order,
   * acknowledges them. An acknowledgement that fails (the provider, or the node behind a balancer,
   * went away after answering) does not lose the applied items' events: it is sent again at the
   * next sync, and the next read starts after them anyway.
   */
  async sync(waitMs = 0): Promise<AgentEvent[]> {
    if (this.#acked < this.#after) await this.#acknowledge();
    const { items } = await this.#api.inbox({ after: String(this.#after), wait: waitMs });
    const events: AgentEvent[] = [];
    for (const item of items) {
      const fanout = codecs.FanoutMessage.decode(fromBase64Url(item.message, 'message'), { context: { protocol: 'mls10' } });
      events.push(await this.#apply(item.roomId, fanout));
      this.#after = BigInt(item.seq);
    }
    await this.#acknowledge().catch(() => {});
    return events;
  }

  async #acknowledge(): Promise<void> {
    if (this.#acked >= this.#after) return;
    const upTo = this.#after;
    await this.#api.acknowledge({ upTo: String(upTo) });
    if (upTo > this.#acked) this.#acked = upTo;
  }

  /** Syncs until `done` holds for the events seen so far, or `timeoutMs` passes (then throws). */
  async syncUntil(done: (events: AgentEvent[]) => boolean, timeoutMs = 10_000): Promise<AgentEvent[]> {
    const seen: AgentEvent[] = [];
    const deadline = Date.now() + timeoutMs;
    while (!done(seen)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.client}: timed out waiting (saw ${seen.map((e) => e.kind).join(', ') || 'nothing'})`);
      seen.push(...(await this.sync(Math.min(left, 5000))));
    }
    return seen;
  }

  async leaveRoom(roomId: string): Promise<void> {
    await this.#api.leaveRoom({ roomId });
    this.rooms.delete(roomId);
  }

  #joined(roomId: string, member: RoomMember): void {
    this.rooms.set(roomId, member);
    this.#joinedAt.set(roomId, member.epoch());
  }

  #member(roomId: string): RoomMember {
    const m = this.rooms.get(roomId);
    if (!m) throw new Error(`${this.client} is not in ${roomId}`);
    return m;
  }

  async #update(roomId: string, request: UpdateRequest): Promise<UpdateRoomResponse> {
    const res = await this.#api.update({ roomId }, { request: toBase64Url(codecs.UpdateRequest.encode(request, { 'room.protocol': 'mls10' })) });
    return codecs.UpdateRoomResponse.decode(fromBase64Url(res.response, 'response'));
  }

  async #apply(roomId: string, fanout: FanoutMessage): Promise<AgentEvent> {
    const message = fanout.message;
    if (!message) return { kind: 'skipped', roomId, why: 'no message' };
    if (message.wire_format === 'mls_welcome') {
      const bundle = welcomeTargets(message.welcome)
        .map((ref) => this.#bundles.get(toHex(ref)))
        .find((b) => b !== undefined);
      if (!bundle) return { kind: 'skipped', roomId, why: 'a Welcome for none of my KeyPackages' };
      const tree = fanout.ratchetTreeOption?.representation === 'full' ? mls.ratchet_tree.encode(fanout.ratchetTreeOption.ratchet_tree) : undefined;
      const member = await joinRoom({
        welcome: mls.MLSMessage.encode(message),
        keyPackage: bundle,
        authService: this.#o.authService,
        ...(tree ? { ratchetTree: tree } : {}),
      });
      this.#bundles.delete(refOf(bundle));
      this.#joined(roomId, member);
      return { kind: 'joined', roomId, epoch: member.epoch() };
    }
    const bytes = mls.MLSMessage.encode(message);
    if (this.#sent.delete(sha(bytes))) return { kind: 'skipped', roomId, why: 'my own' };
    const member = this.rooms.get(roomId);
    if (!member) return { kind: 'skipped', roomId, why: 'not a member' };
    // An external joiner is subscribed just before its commit is accepted: messages of earlier epochs may still arrive.
    if (epochOf(message) < (this.#joinedAt.get(roomId) ?? 0n)) return { kind: 'skipped', roomId, why: 'from before I joined' };
    const r = await member.process(bytes);
    if (r.kind === 'proposal') {
      // A batch (a leave's Removes and list change) travels as one FanoutMessage: the rest ride along.
      for (const more of fanout.moreProposals ?? []) await member.process(mls.MLSMessage.encode(more));
      return { kind: 'proposal', roomId };
    }
    if (r.kind === 'commit') {
      if (r.removedMe) this.rooms.delete(roomId);
      return { kind: 'change', roomId, change: r };
    }
    const read = member.readContent(r, { hubTimestamp: fanout.timestamp, original: (id) => this.#history.get(roomId + toHex(id)) });
    this.#remember(roomId, read.messageId, read.sender, read.content);
    // A Frank that does not verify throws FrankingError: the message is not shown as franked.
    const franking = await member.verifyFrank(r, { frank: fanout.frank, hubTimestamp: fanout.timestamp });
    if (franking.status === 'verified') this.#franked.set(roomId + toHex(read.messageId), { record: franking.record, sender: read.sender });
    return { kind: 'message', roomId, message: read, franking: franking.status === 'verified' ? 'verified' : 'unfranked' };
  }
}

/** The epoch a handshake or application message names in the clear (RFC 9420 §6); -1 for other messages. */
function epochOf(message: MLSMessage): bigint {
  if (message.wire_format === 'mls_public_message') return message.public_message.content.epoch;
  if (message.wire_format === 'mls_private_message') return message.private_message.epoch;
  return -1n;
}
