/**
 * The follower role (draft-ietf-mimi-protocol-06 §5.2, §5.5): this provider's users in rooms
 * hosted anywhere (its own hub included). It hands out its clients' KeyPackages, once each, with
 * the draft's user and client codes, and accepts FanoutMessages only from the room's hub, applying
 * each byte-identical message once and queueing it for the local clients it concerns.
 */
import { createHash } from 'node:crypto';
import { decodeUtf8OrNull } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import { codecs, type ClientKeyMaterial, type FanoutMessage, type KeyMaterialRequest, type KeyMaterialResponse } from '@mimikit/mimi-protocol';
import { cipherSuiteValue, welcomeTargets } from '@mimikit/mls-profile/hub';
import { MimiHttpError } from '@mimikit/transport';
import type { ProviderStore } from '../store/index.ts';
import { domainOfUri } from '../identifiers.ts';
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
    const user = await this.#o.store.getUser(targetUser);
    if (!user) return answer('userUnknown');
    if (this.#o.requireConsent) {
      const forRoom = await this.#o.store.getConsent({ requester, target: targetUser, roomId });
      const forAny = forRoom ?? (await this.#o.store.getConsent({ requester, target: targetUser, roomId: null }));
      if (forAny?.state !== 'grant') return answer(forRoom === undefined && forAny !== undefined ? 'noConsentForThisRoom' : 'noConsent');
    }
    const suites = request.acceptableCiphersuites.map((s) => cipherSuiteValue(s));
    const clients: ClientKeyMaterial[] = [];
    for (const client of await this.#o.store.clientsOf(targetUser)) {
      const clientUri = { uri: new TextEncoder().encode(client.uri) };
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

  /** POST /notify/{roomId}: only the room's hub may send it; a duplicate is accepted and changes nothing. */
  async notify(roomId: string, fanout: FanoutMessage, from: RequestOrigin): Promise<'applied' | 'duplicate'> {
    const hub = domainOfUri(roomId);
    if (from.domain !== hub) throw new MimiHttpError(403, { detail: `${from.domain} is not the hub of ${roomId}` });
    return this.apply(roomId, codecs.FanoutMessage.encode(fanout, { protocol: 'mls10' }), fanout);
  }

  /** Applies a FanoutMessage (its bytes) once and queues it for the local clients it concerns. */
  async apply(
    roomId: string,
    body: Uint8Array,
    fanout: FanoutMessage = codecs.FanoutMessage.decode(body, { context: { protocol: 'mls10' } }),
  ): Promise<'applied' | 'duplicate'> {
    const id = new Uint8Array(createHash('sha256').update(body).digest());
    let recipients: 'subscribers' | string[] = 'subscribers';
    if (fanout.message?.wire_format === 'mls_welcome') {
      // A Welcome goes only to the clients whose KeyPackages it names, and subscribes them to the room.
      const owners = new Set<string>();
      for (const ref of welcomeTargets(fanout.message.welcome)) {
        const owner = await this.#o.store.keyPackageOwner(ref);
        if (owner !== undefined) owners.add(owner);
      }
      recipients = [...owners].sort();
    }
    const outcome = await this.#o.store.applyInbound({
      roomId,
      id,
      body,
      receivedAt: this.#o.now(),
      recipients,
      ...(recipients === 'subscribers' ? {} : { subscribe: recipients }),
    });
    if (outcome === 'applied') this.#o.delivered();
    return outcome;
  }
}
