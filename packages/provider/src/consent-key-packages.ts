/**
 * The KeyPackages a consent grant carries (draft §5.7: "In a grant, the sender includes a list of
 * clientKeyPackages for the target user, which can be empty … a grant of consent with a matching
 * ConsentScope often results in an immediate Add to a group. If the list is non-empty this reduces
 * the number of messages which need to be sent."):
 *
 * - the target's provider checks that each is a KeyPackage of one of the target user's registered
 *   clients and stores it as claimed already (never handed out again by keyMaterial; the Welcome
 *   that uses it still finds its client by KeyPackageRef);
 * - the requester's provider checks that each belongs to a client of the target user and keeps them
 *   per consent scope (a later grant of the scope replaces them, a revoke forgets them);
 * - when the requester's client asks for the target's key material for a room the grant covers,
 *   its provider answers from them (each once) instead of asking the target's provider through
 *   the room's hub, and asks as before once none is left in an acceptable cipher suite.
 */
import { decodeUtf8OrNull, encodeUtf8 } from '@mimikit/bytes';
import { codecs as mls } from '@mimikit/mls';
import type { ClientKeyMaterial, ConsentEntry, KeyMaterialRequest, KeyMaterialResponse } from '@mimikit/mimi-protocol';
import { cipherSuiteValue } from '@mimikit/mls-profile/hub';
import { MimiHttpError } from '@mimikit/transport';
import { StoreError, type ConsentScope, type GrantedKeyPackage, type KeyPackageClaim, type ProviderStore } from './store/index.ts';
import { readKeyPackage } from './key-package-record.ts';
import { consentDecision } from './follower/consent-decision.ts';

/** Most KeyPackages one grant may carry (one per client of the target user is the usual case). */
export const MAX_GRANTED_KEY_PACKAGES = 100;

/** The clientKeyPackages of a grant (none for another operation), each read with its owner; 400 for one that is not a KeyPackage of `target`'s clients. */
function grantedKeyPackages(entry: ConsentEntry, target: string, isTargetClient: (client: string) => boolean): Array<GrantedKeyPackage & { ref: Uint8Array }> {
  if (entry.consentOperation !== 'grant') return [];
  if (entry.clientKeyPackages.length > MAX_GRANTED_KEY_PACKAGES)
    throw new MimiHttpError(400, { detail: `a grant carries at most ${MAX_GRANTED_KEY_PACKAGES} clientKeyPackages` });
  return entry.clientKeyPackages.map((keyPackage, i) => {
    const kp = readKeyPackage(keyPackage, `clientKeyPackages[${i}]`);
    if (kp.owner === null || !isTargetClient(kp.owner))
      throw new MimiHttpError(400, { detail: `clientKeyPackages[${i}] is not a KeyPackage of a client of ${target}` });
    return { client: kp.owner, cipherSuite: kp.cipherSuite, bytes: kp.bytes, ref: kp.ref };
  });
}

/** Target's provider: records the grant's KeyPackages as claimed by the requester (all or none; 400 for a foreign one). */
export async function recordGrantedKeyPackages(store: ProviderStore, entry: ConsentEntry, target: string, claim: KeyPackageClaim): Promise<void> {
  const registered = new Set((await store.clientsOf(target)).map((c) => c.uri));
  const granted = grantedKeyPackages(entry, target, (client) => registered.has(client));
  if (granted.length === 0) return;
  try {
    await store.addKeyPackages(
      granted.map((g) => ({ ref: g.ref, client: g.client, cipherSuite: g.cipherSuite, bytes: g.bytes })),
      claim,
    );
  } catch (err) {
    if (!(err instanceof StoreError && err.code === 'conflict')) throw err;
    throw new MimiHttpError(409, { detail: 'a KeyPackage of this grant was uploaded or granted before: KeyPackages are used once' });
  }
}

/** Requester's provider: keeps a grant's KeyPackages for the scope, or forgets the scope's on a revoke. */
export async function keepGrantedKeyPackages(store: ProviderStore, entry: ConsentEntry, scope: ConsentScope, receivedAt: number): Promise<void> {
  if (entry.consentOperation !== 'grant' && entry.consentOperation !== 'revoke') return;
  // The target's clients are `mimi://<domain>/d/<user>/<device>` for a user `mimi://<domain>/u/<user>` (the provider's own layout;
  // another provider's credentials may differ, and are then refused here rather than handed out as the target's).
  const prefix = `${scope.target.replace('/u/', '/d/')}/`;
  const granted = grantedKeyPackages(entry, scope.target, (client) => client.startsWith(prefix) && !client.slice(prefix.length).includes('/'));
  await store.putGrantedKeyPackages(
    scope,
    granted.map(({ client, cipherSuite, bytes }) => ({ client, cipherSuite, bytes })),
    receivedAt,
  );
}

/**
 * Requester's provider: the key material a grant it holds gives for this request (the room's own
 * grant first, then an any-room grant), or null when none (then the target's provider is asked).
 */
export async function keyMaterialFromGrant(
  store: ProviderStore,
  request: KeyMaterialRequest,
  requester: string,
  target: string,
): Promise<KeyMaterialResponse | null> {
  const roomId = decodeUtf8OrNull(request.roomId.uri);
  if (roomId === null || consentDecision(await store.consentsBetween(requester, target), roomId) !== 'granted') return null;
  let suites: number[];
  try {
    suites = request.acceptableCiphersuites.map((s) => cipherSuiteValue(s));
  } catch {
    return null;
  }
  for (const scopeRoom of [roomId, null]) {
    const taken = await store.takeGrantedKeyPackages({ requester, target, roomId: scopeRoom }, suites);
    if (taken.length === 0) continue;
    const clients: ClientKeyMaterial[] = taken.map((kp) => {
      const m = mls.MLSMessage.decode(kp.bytes);
      if (m.wire_format !== 'mls_key_package') throw new Error(`a granted KeyPackage of ${kp.client} is stored as a ${m.wire_format}`);
      return { clientStatus: 'success', clientUri: { uri: encodeUtf8(kp.client) }, keyPackage: m.key_package };
    });
    // 'success': key material for every client the grant offered (the target's provider chose them).
    return { protocol: 'mls10', userStatus: 'success', userUri: request.targetUser, clients };
  }
  return null;
}
