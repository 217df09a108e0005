/**
 * Starting a room member: creating the room (its MLS group and initial state), or joining from a
 * Welcome, where the room state is whatever the GroupContext says.
 */
import { codecs } from '@mimikit/mls';
import type { FrankingAgentData, RoomMetaData } from '@mimikit/mimi-protocol';
import { agentDomain, frankingRoomComponents } from '../franking/index.ts';
import type { BaseRoomPolicy, RoleData } from '@mimikit/mimi-room-policy';
import { createGroup, groupId, join, members, type CipherSuite, type KeyPackageBundle, type MlsExtension, type MlsGroup } from '../mls/index.ts';
import { parseMimiUri, type AuthService, type ClientUri, type RoomUri, type UserUri } from '../identity/index.ts';
import { DEFAULT_BASE_POLICY } from '../policy/index.ts';
import { RoomError } from './errors.ts';
import { adapterAuth, groupIdForRoom, REQUIRED_CAPABILITIES, roomKeyPackage, userOf, utf8 } from './identity.ts';
import { RoomMember } from './member.ts';
import { withRoomState, type FullRoomState } from './state.ts';
import { duplicateClients } from './unique-clients.ts';

export interface CreateRoomParams {
  /** A `mimi://domain/r/name` URI. */
  roomUri: RoomUri | string;
  creator: { user: UserUri | string; client: ClientUri | string; cipherSuite: CipherSuite };
  roles: RoleData;
  /** room_uri is always set to roomUri; the rest defaults to empty. */
  metadata?: Omit<RoomMetaData, 'room_uri'>;
  basePolicy?: BaseRoomPolicy;
  /** The creator's role_index; must be in `roles`. */
  creatorRole: number;
  authService: AuthService;
  /**
   * The hub's franking agent (its FrankingAgentData, from its provider): the room then carries the
   * franking_agent and safe_aad components, and its messages can be franked
   * (draft-ietf-mimi-protocol-06 §Message Franking; docs/franking.md).
   */
  frankingAgent?: FrankingAgentData;
}

export { DEFAULT_BASE_POLICY };

export async function createRoom(p: CreateRoomParams): Promise<RoomMember> {
  const room = typeof p.roomUri === 'string' ? parseMimiUri(p.roomUri, 'room') : p.roomUri;
  const user = typeof p.creator.user === 'string' ? parseMimiUri(p.creator.user, 'user') : p.creator.user;
  const client = typeof p.creator.client === 'string' ? parseMimiUri(p.creator.client, 'client') : p.creator.client;
  if (!p.roles.roles.some((r) => r.role_index === p.creatorRole)) throw new RoomError('bad-input', `creatorRole ${p.creatorRole} is not in roles`);
  const keyPackage = await roomKeyPackage({ client, cipherSuite: p.creator.cipherSuite });
  if (userOf({ credentialType: 1, identity: utf8.encode(client.text) }) !== user.text)
    throw new RoomError('bad-input', `${client.text} is not a client of ${user.text}`);

  if (p.frankingAgent) {
    // Receivers accept a Frank only from an agent of the room's hub: a room made otherwise could never frank.
    const agent = agentDomain(p.frankingAgent, 'frankingAgent.credential');
    if (agent !== room.domain) throw new RoomError('bad-input', `the franking agent is ${agent}'s, the room's hub is ${room.domain}`);
  }
  const empty = { string: new Uint8Array() };
  const state: FullRoomState = {
    participant_list: { participants: [{ user: utf8.encode(user.text), role_index: p.creatorRole }] },
    roles_list: p.roles,
    room_metadata: {
      room_name: empty,
      room_descriptions: [],
      room_avatar: { uri: new Uint8Array() },
      room_subject: empty,
      room_mood: empty,
      ...p.metadata,
      room_uri: { uri: utf8.encode(room.text) },
    },
    base_room_policy: p.basePolicy ?? DEFAULT_BASE_POLICY,
    ...(p.frankingAgent ? { other: frankingRoomComponents(p.frankingAgent) } : {}),
  };
  // Every member must understand app_data_dictionary (RFC 9420 §11.1 required_capabilities).
  const required: MlsExtension = {
    extensionType: REQUIRED_CAPABILITIES,
    extensionData: codecs.RequiredCapabilities.encode({ extension_types: ['app_data_dictionary'], proposal_types: [], credential_types: ['basic'] }),
  };
  const auth = adapterAuth(p.authService);
  const group = await createGroup({
    cipherSuite: p.creator.cipherSuite,
    groupId: groupIdForRoom(room),
    keyPackage,
    extensions: withRoomState([required], state),
    authService: auth,
  });
  return new RoomMember(group);
}

export interface JoinRoomParams {
  /** MLSMessage(mls_welcome) bytes. */
  welcome: Uint8Array;
  /** The KeyPackage (with private keys) the Welcome was made for. */
  keyPackage: KeyPackageBundle;
  /** When the Welcome carries no ratchet_tree extension. */
  ratchetTree?: Uint8Array;
  authService: AuthService;
}

/**
 * Joins from a Welcome. The room state is read from the GroupContext; we also check that we are a
 * participant and that the group id is the one the room's URI calls for, so a Welcome into some
 * other group cannot pose as the room.
 */
export async function joinRoom(p: JoinRoomParams): Promise<RoomMember> {
  const auth = adapterAuth(p.authService);
  const group = await join({ welcome: p.welcome, keyPackage: p.keyPackage, authService: auth, ...(p.ratchetTree ? { ratchetTree: p.ratchetTree } : {}) });
  return checkedJoin(group, 'was added to');
}

/**
 * @internal The room a client just joined (by Welcome, or by External Commit: `how` says which, for
 * the messages), after the checks every joiner runs on what it joins.
 */
export function checkedJoin(group: MlsGroup, how: string): RoomMember {
  const member = new RoomMember(group);
  const state = member.roomState();
  const roomUri = state.room_metadata ? utf8.decode(state.room_metadata.room_uri.uri) : undefined;
  if (!roomUri) throw new RoomError('not-a-room', 'the room state has no room_metadata naming the room');
  if (utf8.decode(groupIdForRoom(roomUri)) !== utf8.decode(groupId(group)))
    throw new RoomError('not-a-room', `group id ${utf8.decode(groupId(group))} is not the group of ${roomUri}`);
  if (!member.participants().some((x) => x.user === member.user))
    throw new RoomError('not-a-room', `${member.user} ${how} the group but is not in the participant list`);
  // The tree was built by others: a room whose members already break "one client, one leaf" is not joined.
  const [dup] = duplicateClients(members(group));
  if (dup)
    throw new RoomError(
      'not-a-room',
      `${dup.client} holds ${dup.leaves.length} leaves (${dup.leaves.join(', ')}) of the group: a client URI is one member of a room`,
    );
  return member;
}
