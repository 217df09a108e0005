/**
 * What this provider does for its own clients (the client API of docs/provider.md calls these):
 * registration with a bearer token, KeyPackage upload, room creation at this hub, and forwarding of
 * key-material requests, handshakes and messages to the right provider (this one's hub or follower
 * role, or a peer over mutual TLS), plus the inbox of delivered FanoutMessages with long-poll.
 */
import { createHash, randomBytes } from 'node:crypto';
import { bytesEqual, decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import type {
  AbuseReport,
  ConsentEntry,
  GroupInfoRequest,
  GroupInfoResponse,
  IdentifierRequest,
  IdentifierResponse,
  KeyMaterialRequest,
  KeyMaterialResponse,
  SubmitMessageRequest,
  SubmitMessageResponse,
  UpdateRequest,
  UpdateRoomResponse,
} from '@mimikit/mimi-protocol';
import { MimiHttpError } from '@mimikit/transport';
import type { Follower } from './follower/follower.ts';
import type { Hub } from './hub/hub.ts';
import type { Peers } from './federation/peers.ts';
import { throughPeer } from './federation/through-peer.ts';
import { StoreError, type ClientRecord, type InboxItem, type KeyPackageRecord, type ProviderStore } from './store/index.ts';
import { domainOfUri } from './identifiers.ts';
import type { InboxWaiters } from './inbox-waiters.ts';
import type { AssetStore } from './assets.ts';
import { readKeyPackage } from './key-package-record.ts';
import { keyMaterialFromGrant, recordGrantedKeyPackages } from './consent-key-packages.ts';

export interface LocalClientsOptions {
  domain: string;
  store: ProviderStore;
  hub: Hub;
  follower: Follower;
  peers: Peers;
  waiters: InboxWaiters;
  now: () => number;
  /** Longest long-poll, ms. */
  maxInboxWaitMs: number;
  /** This provider's asset server and the origin its asset URLs start with. */
  assets: AssetStore;
  assetBaseUrl: string;
  /** This provider's own proxyDownload, for rooms it is the hub of. */
  proxyDownload: (url: string) => Promise<Uint8Array>;
  /** Largest asset a client may upload, bytes. */
  maxAssetBytes: number;
}

/** Most KeyPackages one upload may carry. */
export const MAX_KEY_PACKAGES_PER_UPLOAD = 100;
/** Most inbox items one poll returns. */
export const INBOX_PAGE = 256;

function tokenHash(token: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(token, 'utf8').digest());
}

export class LocalClients {
  readonly #o: LocalClientsOptions;

  constructor(options: LocalClientsOptions) {
    this.#o = options;
  }

  /** Registers a client of a user in this provider's directory; returns its bearer token (shown once). */
  async register(user: string, client: string): Promise<string> {
    if (domainOfUri(user) !== this.#o.domain || !(await this.#o.store.getUser(user)))
      throw new MimiHttpError(404, { detail: `${user} is not a user of ${this.#o.domain}` });
    const prefix = `${user.replace('/u/', '/d/')}/`;
    if (!client.startsWith(prefix) || client.length === prefix.length || client.slice(prefix.length).includes('/'))
      throw new MimiHttpError(400, { detail: `a client of ${user} is ${prefix}<device>` });
    const token = randomBytes(32).toString('base64url');
    try {
      await this.#o.store.registerClient({ uri: client, user, tokenHash: tokenHash(token), registeredAt: this.#o.now() });
    } catch (err) {
      // Only a duplicate is the caller's fault; a store outage (or anything else) is not a 409.
      if (err instanceof StoreError && err.code === 'conflict') throw new MimiHttpError(409, { detail: `${client} is registered already` });
      throw err;
    }
    return token;
  }

  /** The client a bearer token belongs to; 401 otherwise. */
  async authenticate(token: string | null): Promise<ClientRecord> {
    const client = token ? await this.#o.store.clientByTokenHash(tokenHash(token)) : undefined;
    if (!client) throw new MimiHttpError(401, { detail: 'a valid bearer token is required' });
    return client;
  }

  /** Stores KeyPackages (MLSMessage bytes) of `client`: each must be a KeyPackage for that very client. */
  async uploadKeyPackages(client: ClientRecord, keyPackages: readonly Uint8Array[]): Promise<number> {
    if (keyPackages.length > MAX_KEY_PACKAGES_PER_UPLOAD)
      throw new MimiHttpError(400, { detail: `at most ${MAX_KEY_PACKAGES_PER_UPLOAD} KeyPackages per upload` });
    const records: KeyPackageRecord[] = keyPackages.map((bytes, i) => {
      const kp = readKeyPackage(bytes, `keyPackages[${i}]`);
      if (kp.owner !== client.uri) throw new MimiHttpError(400, { detail: `keyPackages[${i}] is not a KeyPackage of ${client.uri}` });
      return { ref: kp.ref, client: client.uri, cipherSuite: kp.cipherSuite, bytes };
    });
    await this.#o.store.addKeyPackages(records);
    return records.length;
  }

  /** Creates a room at this hub; the creating client is subscribed to it. */
  async createRoom(client: ClientRecord, groupInfo: Uint8Array, ratchetTree: Uint8Array): Promise<string> {
    const roomId = await this.#o.hub.createRoom(groupInfo, ratchetTree, client.uri);
    await this.#o.store.subscribe(roomId, client.uri);
    return roomId;
  }

  async keyMaterial(client: ClientRecord, targetUser: string, request: KeyMaterialRequest): Promise<KeyMaterialResponse> {
    if (decodeUtf8OrNull(request.requestingUser.uri) !== client.user) throw new MimiHttpError(403, { detail: `the request must be made for ${client.user}` });
    // KeyPackages a consent grant brought for this room (or any room) answer at once (consent-key-packages.ts).
    const fromGrant = await keyMaterialFromGrant(this.#o.store, request, client.user, targetUser);
    if (fromGrant) return fromGrant;
    const domain = domainOfUri(targetUser);
    if (domain === this.#o.domain) {
      await this.#o.hub.checkRequester(request);
      return this.#o.follower.keyMaterial(targetUser, request, { domain });
    }
    // Through the room's hub, which forwards it to the target's provider (draft §3 "Bob adds Cathy").
    const roomId = decodeUtf8OrNull(request.roomId.uri);
    if (roomId === null) throw new MimiHttpError(400, { detail: 'roomId is not UTF-8' });
    const hub = domainOfUri(roomId);
    if (hub === this.#o.domain) return this.#o.hub.keyMaterialForMember(targetUser, request, { domain: this.#o.domain }, this.#o.peers);
    return throughPeer(this.#o.peers, hub, (peer) => peer.keyMaterial({ targetUser }, request));
  }

  async update(client: ClientRecord, roomId: string, request: UpdateRequest): Promise<UpdateRoomResponse> {
    const joining = externalJoiner(request);
    if (joining !== null && joining !== client.uri) throw new MimiHttpError(403, { detail: `an external commit sent by ${client.uri} must add ${client.uri}` });
    // An external joiner is subscribed before its commit goes out: what the hub fans out after
    // accepting it must find the new member subscribed here. Undone when the hub refuses.
    if (joining !== null) await this.#o.store.subscribe(roomId, client.uri);
    let answer: UpdateRoomResponse | undefined;
    try {
      const hub = domainOfUri(roomId);
      answer =
        hub === this.#o.domain
          ? await this.#o.hub.update(roomId, request, { domain: this.#o.domain })
          : await throughPeer(this.#o.peers, hub, (peer) => peer.update({ roomId }, request));
      return answer;
    } finally {
      if (joining !== null && answer?.responseCode !== 'success') await this.#o.store.unsubscribe(roomId, client.uri);
    }
  }

  /**
   * A GroupInfoRequest (external joins, draft §5.6) for `roomId`, answered by its hub: this
   * provider's hub role, or the room's hub over mutual TLS. The requesting credential must name
   * this client.
   */
  async groupInfo(client: ClientRecord, roomId: string, request: GroupInfoRequest): Promise<GroupInfoResponse> {
    const credential = request.requestingCredential;
    if (credential.credential_type !== 'basic' || decodeUtf8OrNull(credential.identity) !== client.uri)
      throw new MimiHttpError(403, { detail: `the requesting credential must name ${client.uri}` });
    const hub = domainOfUri(roomId);
    if (hub === this.#o.domain) return this.#o.hub.groupInfo(roomId, request, { domain: this.#o.domain });
    return throughPeer(this.#o.peers, hub, (peer) => peer.groupInfo({ roomId }, request));
  }

  async submitMessage(client: ClientRecord, roomId: string, request: SubmitMessageRequest): Promise<SubmitMessageResponse> {
    if (!bytesEqual(request.sendingUri.uri, encodeUtf8(client.uri))) throw new MimiHttpError(403, { detail: `sendingUri must be ${client.uri}` });
    const hub = domainOfUri(roomId);
    if (hub === this.#o.domain) return this.#o.hub.submitMessage(roomId, request, { domain: this.#o.domain });
    return throughPeer(this.#o.peers, hub, (peer) => peer.submitMessage({ roomId }, request));
  }

  /** identifierQuery at `domain`'s provider (this one's own directory, or a peer's). */
  async identifierQuery(_client: ClientRecord, domain: string, request: IdentifierRequest): Promise<IdentifierResponse> {
    if (domain === this.#o.domain) return this.#o.follower.identifierQuery(domain, request);
    return throughPeer(this.#o.peers, domain, (peer) => peer.identifierQuery({ domain }, request));
  }

  /** Asks a user of `targetDomain` for consent (request or cancel); the requester must be this client's user. */
  async requestConsent(client: ClientRecord, targetDomain: string, entry: ConsentEntry): Promise<void> {
    if (decodeUtf8OrNull(entry.requesterUri.uri) !== client.user) throw new MimiHttpError(403, { detail: `requesterUri must be ${client.user}` });
    if (targetDomain === this.#o.domain) return this.#o.follower.consent(entry, { domain: this.#o.domain }, 'request');
    await throughPeer(this.#o.peers, targetDomain, (peer) => peer.requestConsent({ targetDomain }, entry));
  }

  /**
   * Grants or revokes consent (the target must be this client's user): recorded here, where
   * keyMaterial for the user is answered, and told to the requester's provider. A grant's
   * clientKeyPackages must be KeyPackages of the user's registered clients: they are stored here
   * as claimed (used once, by the requester) before the grant goes out.
   */
  async updateConsent(client: ClientRecord, requesterDomain: string, entry: ConsentEntry): Promise<void> {
    const requester = decodeUtf8OrNull(entry.requesterUri.uri);
    if (decodeUtf8OrNull(entry.targetUri.uri) !== client.user) throw new MimiHttpError(403, { detail: `targetUri must be ${client.user}` });
    if (entry.consentOperation !== 'grant' && entry.consentOperation !== 'revoke') throw new MimiHttpError(400, { detail: 'updateConsent grants or revokes' });
    if (requester === null || domainOfUri(requester) !== requesterDomain)
      throw new MimiHttpError(400, { detail: `requesterUri is not a user of ${requesterDomain}` });
    const roomId = entry.roomId ? decodeUtf8OrNull(entry.roomId.uri) : null;
    if (entry.roomId && roomId === null) throw new MimiHttpError(400, { detail: 'roomId must be a UTF-8 URI' });
    // KeyPackageClaim.roomId '' : granted for any room.
    await recordGrantedKeyPackages(this.#o.store, entry, client.user, { roomId: roomId ?? '', requester, at: this.#o.now() });
    await this.#o.store.putConsent({ requester, target: client.user, roomId, state: entry.consentOperation, at: this.#o.now() });
    // The requester's provider records it (and keeps the grant's KeyPackages): this one, or a peer.
    if (requesterDomain === this.#o.domain) await this.#o.follower.consent(entry, { domain: this.#o.domain }, 'update');
    else await throughPeer(this.#o.peers, requesterDomain, (peer) => peer.updateConsent({ requesterDomain }, entry));
  }

  /** Stores an (encrypted) asset at this provider's asset server; returns its URL. */
  async uploadAsset(_client: ClientRecord, bytes: Uint8Array): Promise<string> {
    if (bytes.length > this.#o.maxAssetBytes) throw new MimiHttpError(413, { detail: `assets are at most ${this.#o.maxAssetBytes} bytes` });
    return `${this.#o.assetBaseUrl.replace(/\/$/, '')}/assets/${await this.#o.assets.put(bytes)}`;
  }

  /** Downloads an asset through the hub of the room it was posted in (draft §5.10), hiding the client from the asset server. */
  async download(_client: ClientRecord, roomId: string, url: string): Promise<Uint8Array> {
    const hub = domainOfUri(roomId);
    if (hub === this.#o.domain) return this.#o.proxyDownload(url);
    return throughPeer(this.#o.peers, hub, (peer) => peer.proxyDownload({ downloadUrl: url }));
  }

  /** Forwards an abuse report (draft §5.9) to the room's hub; the reporting user must be this client's. */
  async reportAbuse(client: ClientRecord, roomId: string, report: AbuseReport): Promise<void> {
    if (decodeUtf8OrNull(report.reportingUser.uri) !== client.user) throw new MimiHttpError(403, { detail: `reportingUser must be ${client.user}` });
    const hub = domainOfUri(roomId);
    if (hub === this.#o.domain) await this.#o.hub.reportAbuse(roomId, report, { domain: this.#o.domain });
    else await throughPeer(this.#o.peers, hub, (peer) => peer.reportAbuse({ roomId }, report));
  }

  /** Items after `after`; waits up to `waitMs` (bounded) for the first one when there is none. */
  async inbox(client: ClientRecord, after: bigint, waitMs: number, signal?: AbortSignal): Promise<InboxItem[]> {
    const deadline = this.#o.now() + Math.min(Math.max(waitMs, 0), this.#o.maxInboxWaitMs);
    for (;;) {
      const wake = this.#o.waiters.next(client.uri);
      const items = await this.#o.store.inbox(client.uri, after, INBOX_PAGE);
      const left = deadline - this.#o.now();
      // Once the provider is closing (waiters closed), a poll answers with what there is: it must not hold up close().
      if (items.length > 0 || left <= 0 || signal?.aborted || this.#o.waiters.closed) {
        wake.cancel();
        return items;
      }
      await wake.until(left, signal);
    }
  }

  async acknowledge(client: ClientRecord, upTo: bigint): Promise<void> {
    await this.#o.store.acknowledgeInbox(client.uri, upTo);
  }

  async leaveRoom(client: ClientRecord, roomId: string): Promise<void> {
    await this.#o.store.unsubscribe(roomId, client.uri);
  }
}

/**
 * The client an external commit (sender new_member_commit, RFC 9420 §12.4.3.2) adds: its
 * UpdatePath's leaf credential; null for any other handshake.
 */
function externalJoiner(request: UpdateRequest): string | null {
  const message = request.bundle?.proposalOrCommit;
  if (message?.wire_format !== 'mls_public_message') return null;
  const content = message.public_message.content;
  if (content.sender.sender_type !== 'new_member_commit' || content.content_type !== 'commit') return null;
  const credential = content.commit.path?.leaf_node.credential;
  return credential?.credential_type === 'basic' ? (decodeUtf8OrNull(credential.identity) ?? '') : '';
}
