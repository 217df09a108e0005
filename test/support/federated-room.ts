/**
 * A room carried by a running federation (test/support/providers.ts): its admin creates it at the
 * hub, fetches each invited user's key material through the hub's provider, adds them with a
 * Welcome, and every invited client joins from its own provider's inbox. Also what tests check a
 * provider's store with: a snapshot of everything a refused request must leave unchanged.
 */
import { codecs as mls } from '@mimikit/mls';
import { codecs, type FanoutMessage, type KeyMaterialRequest } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { cipherSuite, type CipherSuite, type KeyPackageBundle } from '@mimikit/mls-profile/mls';
import { mimiAuthService } from '@mimikit/mls-profile/identity';
import { defineRole, type CapabilityName } from '@mimikit/mls-profile/policy';
import { commitUpdateRequest, createRoom, joinRoom, roomKeyPackage, type RoomMember, signedKeyMaterialRequest } from '@mimikit/mls-profile/rooms';
import type { ProviderStore } from '@mimikit/provider';
import type { Federation } from './providers.ts';

export const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
export const PARTICIPANT_ROLE = 1;
export const ADMIN_ROLE = 3;

const POSTING: CapabilityName[] = ['canSendMessage', 'canReplyToMessage', 'canReactToMessage'];
const role = (index: number, name: string, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name, capabilities: caps, changes });
/** Participants post and may leave; admins also add and remove participants. */
export const ROLES: RoleData = {
  roles: [
    role(PARTICIPANT_ROLE, 'participant', [...POSTING, 'canRemoveSelf'], [[PARTICIPANT_ROLE, [0]]]),
    role(
      ADMIN_ROLE,
      'admin',
      [...POSTING, 'canAddParticipant', 'canRemoveParticipant'],
      [
        [0, [PARTICIPANT_ROLE]],
        [PARTICIPANT_ROLE, [0]],
      ],
    ),
  ],
};

export const domainOf = (uri: string): string => new URL(uri).host;
/** `mimi://b.example/u/bob` + `phone` → `mimi://b.example/d/bob/phone`. */
export const clientUri = (user: string, device: string): string => `${user.replace('/u/', '/d/')}/${device}`;

/** A registered client: its URI, user, provider domain and bearer token. */
export interface TestClient {
  uri: string;
  user: string;
  domain: string;
  token: string;
}

/** Registers a client of `user` at its provider. */
export async function registerClient(f: Federation, user: string, device: string): Promise<TestClient> {
  const uri = clientUri(user, device);
  const domain = domainOf(user);
  return { uri, user, domain, token: await f.at(domain).clients.register(user, uri) };
}

/** Registers a client and uploads one fresh KeyPackage for it; returns the client and the KeyPackage bundle. */
export async function clientWithKeyPackage(
  f: Federation,
  suite: CipherSuite,
  user: string,
  device: string,
): Promise<{ client: TestClient; bundle: KeyPackageBundle }> {
  const client = await registerClient(f, user, device);
  const bundle = await roomKeyPackage({ client: client.uri, cipherSuite: suite });
  const p = f.at(client.domain).clients;
  await p.uploadKeyPackages(await p.authenticate(client.token), [bundle.keyPackage]);
  return { client, bundle };
}

/** A KeyMaterialRequest of room member `requester` for `target` in `room`, signed with its leaf key. */
export function keyMaterialRequest(requester: RoomMember, target: string, room: string): Promise<KeyMaterialRequest> {
  return signedKeyMaterialRequest(requester, { target, roomId: room, cipherSuites: [SUITE] });
}

/** What a client finds in its inbox after `wait` ms at most, decoded and acknowledged. */
export async function drain(f: Federation, c: TestClient, wait = 5000): Promise<FanoutMessage[]> {
  const p = f.at(c.domain).clients;
  const rec = await p.authenticate(c.token);
  const items = await p.inbox(rec, 0n, wait);
  if (items.length > 0) await p.acknowledge(rec, items[items.length - 1]!.seq);
  return items.map((i) => codecs.FanoutMessage.decode(i.body, { context: { protocol: 'mls10' } }));
}

export const mlsBytes = (m: FanoutMessage): Uint8Array => mls.MLSMessage.encode(m.message!);

export interface FederatedRoom {
  roomId: string;
  suite: CipherSuite;
  auth: ReturnType<typeof mimiAuthService>;
  admin: TestClient;
  adminMember: RoomMember;
  /** Every joined client but the admin's, with its room state. */
  members: Map<string, { client: TestClient; member: RoomMember }>;
}

/**
 * Creates `roomId` (at its hub, by `admin`'s laptop) and adds `participants` (users → devices),
 * one commit per user; each of their clients joins from its provider's inbox. All inboxes are
 * drained afterwards.
 */
export async function startRoom(
  f: Federation,
  roomId: string,
  admin: string,
  participants: Record<string, string[]>,
  roles: RoleData = ROLES,
): Promise<FederatedRoom> {
  const suite = await cipherSuite(SUITE);
  const auth = mimiAuthService({ domains: [...f.configs.keys()], acceptUnverified: true });
  const adminClient = await registerClient(f, admin, 'laptop');
  const adminMember = await createRoom({
    roomUri: roomId,
    creator: { user: admin, client: adminClient.uri, cipherSuite: suite },
    roles,
    creatorRole: ADMIN_ROLE,
    authService: auth,
  });
  const hub = f.at(domainOf(roomId)).clients;
  const me = await hub.authenticate(adminClient.token);
  await hub.createRoom(me, await adminMember.groupInfo(), adminMember.ratchetTree());
  const members = new Map<string, { client: TestClient; member: RoomMember }>();
  for (const [user, devices] of Object.entries(participants)) {
    const bundles = new Map<string, { client: TestClient; bundle: KeyPackageBundle }>();
    for (const d of devices) {
      const made = await clientWithKeyPackage(f, suite, user, d);
      bundles.set(made.client.uri, made);
    }
    const answer = await hub.keyMaterial(me, user, await keyMaterialRequest(adminMember, user, roomId));
    const keyPackages = answer.clients.map((c) => mls.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_key_package', key_package: c.keyPackage! }));
    const added = await hub.update(
      me,
      roomId,
      await commitUpdateRequest(adminMember, await adminMember.addParticipant({ user, role: PARTICIPANT_ROLE, keyPackages })),
    );
    if (added.responseCode !== 'success') throw new Error(`adding ${user}: ${added.responseCode}`);
    for (const { client, bundle } of bundles.values()) {
      const welcome = (await drain(f, client)).find((m) => m.message?.wire_format === 'mls_welcome');
      if (!welcome) throw new Error(`${client.uri} got no Welcome`);
      const member = await joinRoom({ welcome: mlsBytes(welcome), keyPackage: bundle, authService: auth });
      members.set(client.uri, { client, member });
    }
    // Earlier members apply this add.
    for (const { client, member } of members.values()) {
      if (bundles.has(client.uri)) continue;
      for (const m of await drain(f, client)) if (m.message?.wire_format === 'mls_public_message') await member.process(mlsBytes(m));
    }
  }
  await drain(f, adminClient, 0);
  return { roomId, suite, auth, admin: adminClient, adminMember, members };
}

/**
 * Everything a refused request must leave as it was in one provider's store: the rooms' epochs,
 * GroupInfo and pending proposals, the outbox of every destination, the clients' inboxes and the
 * abuse reports.
 */
export async function storeSnapshot(store: ProviderStore, rooms: readonly string[], clients: readonly string[]): Promise<unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rooms) {
    const room = await store.getRoom(r);
    out[`room ${r}`] = room ? { epoch: room.epoch, groupInfo: Buffer.from(room.groupInfo).toString('hex') } : null;
    out[`proposals ${r}`] = (await store.pendingProposals(r)).length;
  }
  for (const d of await store.pendingDestinations()) {
    out[`outbox ${d.destination}`] = (await store.outboxHead(d.destination, 1000)).map((e) => String(e.seq));
  }
  for (const c of clients) out[`inbox ${c}`] = (await store.inbox(c, 0n, 1000)).map((i) => String(i.seq));
  out.abuseReports = (await store.abuseReports()).length;
  return out;
}

/** Resolves once `store` has nothing left to deliver (polls; the test's timeout bounds it). */
export async function outboxDrained(store: ProviderStore): Promise<void> {
  while ((await store.pendingDestinations()).length > 0) await new Promise((r) => setTimeout(r, 20));
}
