/**
 * The follower role (draft-ietf-mimi-protocol-06 §5.2, §5.5): this provider's users in rooms
 * hosted anywhere (its own hub included). It hands out its clients' KeyPackages, once each, with
 * the draft's user and client codes, and accepts FanoutMessages only from the room's hub, applying
 * each byte-identical message once (several of one room per /notify, in order) and queueing it for the local clients it concerns.
 */
import { createHash } from 'node:crypto';
import { bytesEqual, decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import { codecs as mls, type MLSMessage } from '@mimikit/mls';
import {
  codecs,
  type ClientKeyMaterial,
  type ConsentEntry,
  type FanoutMessage,
  type IdentifierRequest,
  type IdentifierResponse,
  type KeyMaterialRequest,
  type KeyMaterialResponse,
} from '@mimikit/mimi-protocol';
import { cipherSuiteValue, welcomeTargets } from '@mimikit/mls-profile/hub';
import { verifyKeyMaterialRequest } from '@mimikit/mls-profile/rooms';
import { groupIdForRoom, RoomError } from '@mimikit/mls-profile/rooms';
import { MimiHttpError } from '@mimikit/transport';
import type { InboundFanout, ProviderStore } from '../store/index.ts';
import { domainOfUri } from '../identifiers.ts';
import { answerIdentifierQuery } from './directory-query.ts';
import { consentDecision, requestReplaces } from './consent-decision.ts';
import { keepGrantedKeyPackages } from '../consent-key-packages.ts';
import type { RequestOrigin } from '../hub/hub.ts';

export interface FollowerOptions {
  domain: string;
  store: ProviderStore;
  now: () => number;
  /** keyMaterial needs a granted consent for the requester (for the room, or for any room). */
  requireConsent: boolean;
  /** Called after FanoutMessages were queued for local clients. */
  delivered: () => void;
}

export class Follower {
  readonly #o: FollowerOptions;

  constructor(options: FollowerOptions) {
    this.#o = options;
  }

  /** POST /keyMaterial/{targetUser}: one KeyPackage per client of a local user. */
  async keyMaterial(targetUser: string, request: KeyMaterialRequest, from: RequestOrigin): Promise<KeyMaterialResponse> {
    if (domainOfUri(targetUser) !== this.#o.domain) throw new MimiHttpError(404, { detail: `${targetUser} is not a user of ${this.#o.domain}` });
    const target = decodeUtf8OrNull(request.targetUser.uri);
    if (target !== targetUser) throw new MimiHttpError(400, { detail: 'the body names another targetUser than the path' });
    const requester = decodeUtf8OrNull(request.requestingUser.uri);
    const roomId = decodeUtf8OrNull(request.roomId.uri);
    if (requester === null || roomId === null) throw new MimiHttpError(400, { detail: 'requestingUser and roomId must be UTF-8 URIs' });
    // The requester's provider asks, or the room's hub on its behalf (draft §3 "Bob adds Cathy": ServerB → ServerA → ServerC).
    if (domainOfUri(requester) !== from.domain && domainOfUri(roomId) !== from.domain)
      throw new MimiHttpError(403, { detail: `${from.domain} is neither the provider of ${requester} nor the hub of ${roomId}` });
    const answer = (userStatus: KeyMaterialResponse['userStatus'], clients: ClientKeyMaterial[] = []): KeyMaterialResponse => ({
      protocol: 'mls10',
      userStatus,
      userUri: request.targetUser,
      clients,
    });
    // The request is signed by the requesting client (draft §5.2: SignWithLabel over KeyMaterialRequestTBS).
    if (!(await verifyKeyMaterialRequest(request))) throw new MimiHttpError(403, { detail: 'the requester signature does not verify' });
    const user = await this.#o.store.getUser(targetUser);
    if (!user) return answer('userUnknown');
    if (this.#o.requireConsent) {
      // The target's grants and revokes for this room and for any room decide (consent-decision.ts).
      const decision = consentDecision(await this.#o.store.consentsBetween(requester, targetUser), roomId);
      if (decision !== 'granted') return answer(decision);
    }
    const suites = request.acceptableCiphersuites.map((s) => cipherSuiteValue(s));
    const clients: ClientKeyMaterial[] = [];
    for (const client of await this.#o.store.clientsOf(targetUser)) {
      const clientUri = { uri: encodeUtf8(client.uri) };
      const claimed = await this.#o.store.claimKeyPackage(client.uri, suites, { roomId, requester, at: this.#o.now() });
      if (claimed === 'exhausted') clients.push({ clientStatus: 'keyMaterialExhausted', clientUri });
      else if (claimed === 'incompatible') clients.push({ clientStatus: 'nothingCompatible', clientUri, clientCapabilities: null });
      else {
        const m = mls.MLSMessage.decode(claimed.bytes);
        if (m.wire_format !== 'mls_key_package') throw new Error(`stored KeyPackage of ${client.uri} is a ${m.wire_format}`);
        clients.push({ clientStatus: 'success', clientUri, keyPackage: m.key_package });
      }
    }
    const ok = clients.filter((c) => c.clientStatus === 'success').length;
    if (ok > 0) return answer(ok === clients.length ? 'success' : 'partialSuccess', clients);
    return answer('noCompatibleMaterial', clients);
  }

  /** POST /identifierQuery/{domain}: this provider's directory (draft §5.8). */
  async identifierQuery(domain: string, request: IdentifierRequest): Promise<IdentifierResponse> {
    if (domain !== this.#o.domain) throw new MimiHttpError(404, { detail: `this provider answers for ${this.#o.domain}, not ${domain}` });
    return answerIdentifierQuery(this.#o.store, request);
  }

  /**
   * A consent entry (draft §5.7) from the provider that speaks for its sender: requestConsent (and
   * cancel) from the requester's provider to the target's, updateConsent (grant, revoke) from the
   * target's provider to the requester's. Stored as the scope's latest operation, except that a
   * request or cancel never replaces the target's grant or revoke (requestReplaces); keyMaterial
   * reads the target's grants when config.requireConsent is on. A grant's clientKeyPackages are kept
   * for the requester (consent-key-packages.ts).
   */
  async consent(entry: ConsentEntry, from: RequestOrigin, direction: 'request' | 'update'): Promise<void> {
    const requester = decodeUtf8OrNull(entry.requesterUri.uri);
    const target = decodeUtf8OrNull(entry.targetUri.uri);
    const roomId = entry.roomId ? decodeUtf8OrNull(entry.roomId.uri) : null;
    if (requester === null || target === null || (entry.roomId && roomId === null)) throw new MimiHttpError(400, { detail: 'consent URIs must be UTF-8' });
    const speaker = direction === 'request' ? requester : target;
    const local = direction === 'request' ? target : requester;
    if (domainOfUri(speaker) !== from.domain) throw new MimiHttpError(403, { detail: `${from.domain} does not speak for ${speaker}` });
    if (domainOfUri(local) !== this.#o.domain) throw new MimiHttpError(404, { detail: `${local} is not a user of ${this.#o.domain}` });
    const allowed = direction === 'request' ? ['request', 'cancel'] : ['grant', 'revoke'];
    if (!allowed.includes(entry.consentOperation)) throw new MimiHttpError(400, { detail: `${entry.consentOperation} is not sent with ${direction}Consent` });
    if (direction === 'request' && !(await this.#o.store.getUser(target))) throw new MimiHttpError(404, { detail: `no user ${target}` });
    const scope = { requester, target, roomId };
    const operation = entry.consentOperation;
    if (operation === 'request' || operation === 'cancel') {
      if (requestReplaces(await this.#o.store.getConsent(scope), operation)) await this.#o.store.putConsent({ ...scope, state: operation, at: this.#o.now() });
      return;
    }
    // Checked before anything is stored: a grant with a foreign KeyPackage is refused whole.
    await keepGrantedKeyPackages(this.#o.store, entry, scope, this.#o.now());
    await this.#o.store.putConsent({ ...scope, state: operation, at: this.#o.now() });
  }

  /**
   * POST /notify/{roomId}: only the room's hub may send it; each FanoutMessage must be for the
   * room, and they are applied in order, all at once, each byte-identical one only once.
   */
  async notify(roomId: string, fanouts: readonly FanoutMessage[], from: RequestOrigin): Promise<Array<'applied' | 'duplicate'>> {
    const hub = domainOfUri(roomId);
    if (from.domain !== hub) throw new MimiHttpError(403, { detail: `${from.domain} is not the hub of ${roomId}` });
    const groupId = roomGroupId(roomId);
    fanouts.forEach((fanout, i) => {
      const own = fanout.message ? groupIdOf(fanout.message) : null;
      // A Welcome names no group in the clear; its KeyPackage targets decide who gets it.
      if (own !== null && !bytesEqual(own, groupId))
        throw new MimiHttpError(400, { detail: `FanoutMessage[${i}] is for another MLS group than the room ${roomId}` });
    });
    return this.applyAll(
      roomId,
      fanouts.map((fanout) => ({ body: codecs.FanoutMessage.encode(fanout, { protocol: 'mls10' }), fanout })),
    );
  }

  /** Applies FanoutMessages of one room (their bytes, decoded if not given) in order, in one store call. */
  async applyAll(roomId: string, messages: ReadonlyArray<{ body: Uint8Array; fanout?: FanoutMessage }>): Promise<Array<'applied' | 'duplicate'>> {
    const receivedAt = this.#o.now();
    const inbound: InboundFanout[] = [];
    for (const { body, fanout = codecs.FanoutMessage.decode(body, { context: { protocol: 'mls10' } }) } of messages)
      inbound.push(await this.#inbound(roomId, body, fanout, receivedAt));
    const outcomes = await this.#o.store.applyInboundBatch(inbound);
    if (outcomes.includes('applied')) this.#o.delivered();
    return outcomes;
  }

  /** What the store records for one FanoutMessage: its id (the SHA-256 of its bytes) and who gets it. */
  async #inbound(roomId: string, body: Uint8Array, fanout: FanoutMessage, receivedAt: number): Promise<InboundFanout> {
    const id = new Uint8Array(createHash('sha256').update(body).digest());
    if (fanout.message?.wire_format !== 'mls_welcome') return { roomId, id, body, receivedAt, recipients: 'subscribers' };
    // A Welcome goes only to the clients whose KeyPackages it names, and subscribes them to the room.
    const owners = new Set<string>();
    for (const ref of welcomeTargets(fanout.message.welcome)) {
      const owner = await this.#o.store.keyPackageOwner(ref);
      if (owner !== undefined) owners.add(owner);
    }
    const recipients = [...owners].sort();
    return { roomId, id, body, receivedAt, recipients, subscribe: recipients };
  }
}

/** The MLS group id of a room (groupIdForRoom); 400 for a path that names no room. */
function roomGroupId(roomId: string): Uint8Array {
  try {
    return groupIdForRoom(roomId);
  } catch (err) {
    if (err instanceof RoomError) throw new MimiHttpError(400, { detail: `${roomId} is not a room URI: ${err.message}` });
    throw err;
  }
}

/** The group id an MLSMessage carries in the clear; null for a Welcome or KeyPackage. */
function groupIdOf(message: MLSMessage): Uint8Array | null {
  switch (message.wire_format) {
    case 'mls_public_message':
      return message.public_message.content.group_id;
    case 'mls_private_message':
      return message.private_message.group_id;
    case 'mls_group_info':
      return message.group_info.group_context.group_id;
    default:
      return null;
  }
}
