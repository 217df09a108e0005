/**
 * The capability table (issue 12): every capability the profile checks, each with the one action
 * that needs it, where its denial points, and what else the actor's role must have for that action
 * (authorized_role_changes, canSendMessage). test/policy-capabilities.test.ts runs it against the
 * pure checks (checkCommit, authorizeMessage); test/rooms-capabilities.test.ts against live rooms at
 * the sender, at every member processing a forged commit, and at the hub.
 *
 * The rooms all have the same cast: Olivia (owner, sets the roles up), two actors who each hold a
 * role made for one row (Xavier: the row's role without its capability; Yara: with it), Tom (an
 * ordinary member with two clients, the target), Bea (banned, no clients) and Nina (not yet in).
 */
import type { MimiContent } from '@mimikit/mimi-content';
import { deleteMessage, edit, reaction, reply, textMessage, textPart, unlike } from '@mimikit/content';
import type { RoleData } from '@mimikit/mimi-room-policy';
import { CAPABILITIES, type CapabilityName, defineRole, DEFAULT_BASE_POLICY, type OriginalMessage } from '../../src/policy/index.ts';
import type { FullRoomState } from '../../src/rooms/index.ts';

const te = new TextEncoder();
const td = new TextDecoder();

export const BANNED = 1;
export const MEMBER = 2;
export const TRUSTED = 3;
export const OWNER = 4;
/** The row's role without the row's capability (Xavier's). */
export const LACKS = 5;
/** The row's role with it (Yara's). */
export const HOLDS = 6;

export const ROOM = 'mimi://a.example/r/capabilities';
export const OLIVIA = { user: 'mimi://a.example/u/olivia', clients: ['mimi://a.example/d/olivia/O1'] } as const;
export const TOM = { user: 'mimi://c.example/u/tom', clients: ['mimi://c.example/d/tom/T1', 'mimi://c.example/d/tom/T2'] } as const;
export const BEA = { user: 'mimi://c.example/u/bea', clients: ['mimi://c.example/d/bea/B1'] } as const;
export const NINA = { user: 'mimi://c.example/u/nina', clients: ['mimi://c.example/d/nina/N1'] } as const;

/** Who performs a row's action: two clients in the room, and one more it may add. */
export interface Actor {
  user: string;
  clients: readonly [string, string];
  newClient: string;
  role: typeof LACKS | typeof HOLDS;
}
export const XAVIER: Actor = {
  user: 'mimi://b.example/u/xavier',
  clients: ['mimi://b.example/d/xavier/X1', 'mimi://b.example/d/xavier/X2'],
  newClient: 'mimi://b.example/d/xavier/X3',
  role: LACKS,
};
export const YARA: Actor = {
  user: 'mimi://b.example/u/yara',
  clients: ['mimi://b.example/d/yara/Y1', 'mimi://b.example/d/yara/Y2'],
  newClient: 'mimi://b.example/d/yara/Y3',
  role: HOLDS,
};

/** Every role but the two a row defines; the owner may set up the cast and redefine the rows' roles. */
export const FIXED_ROLES = [
  defineRole({ index: BANNED, name: 'banned' }),
  defineRole({ index: MEMBER, name: 'member', capabilities: ['canSendMessage'] }),
  defineRole({ index: TRUSTED, name: 'trusted', capabilities: ['canSendMessage'] }),
  defineRole({
    index: OWNER,
    name: 'owner',
    capabilities: ['canAddParticipant', 'canBan', 'canChangeRoleDefinitions'],
    changes: [
      [0, [MEMBER, LACKS, HOLDS]],
      [MEMBER, [BANNED]],
    ],
  }),
];

/** What a commit does, by user and client URI: the room state after it, the clients it adds and removes. */
export interface Change {
  state?: (s: FullRoomState) => FullRoomState;
  adds?: string[];
  removes?: string[];
}

export interface MembershipRow {
  capability: CapabilityName;
  /** Where the denial points (RoomDenial.at). */
  at: string;
  /** The authorized_role_changes the action needs, given the actor's own role index. */
  changes?: (own: number) => Array<[number, number[]]>;
  /** The action as a commit by `a` (leave: as proposals of `a`, committed by Olivia). */
  change: (a: Actor) => Change;
  leave?: true;
}

const participants = (s: FullRoomState) => s.participant_list.participants;
const withList = (s: FullRoomState, list: FullRoomState['participant_list']['participants']): FullRoomState => ({
  ...s,
  participant_list: { participants: list },
});
const is = (user: string) => (p: { user: Uint8Array }) => td.decode(p.user) === user;
const setRole = (user: string, role_index: number) => (s: FullRoomState) =>
  withList(
    s,
    participants(s).map((p) => (is(user)(p) ? { ...p, role_index } : p)),
  );
const without = (user: string) => (s: FullRoomState) =>
  withList(
    s,
    participants(s).filter((p) => !is(user)(p)),
  );
const metadata =
  (field: 'room_name' | 'room_descriptions' | 'room_avatar' | 'room_subject' | 'room_mood') =>
  (s: FullRoomState): FullRoomState => {
    const value =
      field === 'room_descriptions'
        ? [{ media_type: te.encode('text/plain'), language_tag: te.encode('en'), description_content: te.encode('a room') }]
        : field === 'room_avatar'
          ? { uri: te.encode('https://a.example/avatar.png') }
          : { string: te.encode(`new ${field}`) };
    return { ...s, room_metadata: { ...s.room_metadata!, [field]: value } };
  };
/** A ninth role, for the row that redefines roles. */
export const EXTRA_ROLE = defineRole({ index: 9, name: 'extra', capabilities: ['canSendMessage'] });

/** Every capability that moves users or clients or changes room state, one row each. */
export const MEMBERSHIP_ROWS: MembershipRow[] = [
  {
    capability: 'canAddParticipant',
    at: 'addedParticipants[0]',
    changes: () => [[0, [MEMBER]]],
    change: () => ({ state: (s) => withList(s, [...participants(s), { user: te.encode(NINA.user), role_index: MEMBER }]), adds: [NINA.clients[0]] }),
  },
  {
    capability: 'canRemoveParticipant',
    at: 'removedIndices[0]',
    changes: () => [[MEMBER, [0]]],
    change: () => ({ state: without(TOM.user), removes: [...TOM.clients] }),
  },
  {
    capability: 'canRemoveSelf',
    at: 'removedIndices[0]',
    changes: (own) => [[own, [0]]],
    change: (a) => ({ state: without(a.user), removes: [...a.clients] }),
    leave: true,
  },
  { capability: 'canAddOwnClient', at: 'adds[0]', change: (a) => ({ adds: [a.newClient] }) },
  { capability: 'canRemoveOwnClient', at: 'removes[0]', change: (a) => ({ removes: [a.clients[1]] }) },
  { capability: 'canKick', at: 'removes[0]', change: () => ({ removes: [TOM.clients[0]] }) },
  {
    capability: 'canChangeUserRole',
    at: 'changedRoleParticipants[0]',
    changes: () => [[MEMBER, [TRUSTED]]],
    change: () => ({ state: setRole(TOM.user, TRUSTED) }),
  },
  {
    capability: 'canBan',
    at: 'changedRoleParticipants[0]',
    changes: () => [[MEMBER, [BANNED]]],
    change: () => ({ state: setRole(TOM.user, BANNED), removes: [...TOM.clients] }),
  },
  { capability: 'canUnBan', at: 'changedRoleParticipants[0]', changes: () => [[BANNED, [MEMBER]]], change: () => ({ state: setRole(BEA.user, MEMBER) }) },
  {
    capability: 'canChangeRoleDefinitions',
    at: 'roles_list',
    change: () => ({ state: (s) => ({ ...s, roles_list: { roles: [...s.roles_list.roles, EXTRA_ROLE] } }) }),
  },
  {
    capability: 'canChangeRoomMembershipStyle',
    at: 'base_room_policy.discoverable',
    change: () => ({ state: (s) => ({ ...s, base_room_policy: { ...(s.base_room_policy ?? DEFAULT_BASE_POLICY), discoverable: 'true' } }) }),
  },
  { capability: 'canChangeRoomName', at: 'room_metadata.room_name', change: () => ({ state: metadata('room_name') }) },
  { capability: 'canChangeRoomDescription', at: 'room_metadata.room_descriptions', change: () => ({ state: metadata('room_descriptions') }) },
  { capability: 'canChangeRoomAvatar', at: 'room_metadata.room_avatar', change: () => ({ state: metadata('room_avatar') }) },
  { capability: 'canChangeRoomSubject', at: 'room_metadata.room_subject', change: () => ({ state: metadata('room_subject') }) },
  { capability: 'canChangeRoomMood', at: 'room_metadata.room_mood', change: () => ({ state: metadata('room_mood') }) },
];

/** The roles of a row's room: the fixed ones, LACKS with `lacking` (the row's own capabilities minus one), HOLDS with them all. */
export function rowRoles(
  row: { changes?: (own: number) => Array<[number, number[]]> },
  holding: readonly CapabilityName[],
  lacking: readonly CapabilityName[],
): RoleData {
  return {
    roles: [
      ...FIXED_ROLES,
      defineRole({ index: LACKS, name: 'lacks', capabilities: lacking, changes: row.changes?.(LACKS) ?? [] }),
      defineRole({ index: HOLDS, name: 'holds', capabilities: holding, changes: row.changes?.(HOLDS) ?? [] }),
    ],
  };
}

const id = new Uint8Array(32).fill(7);

export interface MessageRow {
  /** The capabilities the message needs, each with where its denial points. */
  needs: Partial<Record<CapabilityName, string>>;
  content: MimiContent;
  /** The message it replaces, as the history knows it: by the actor itself or by Tom. */
  original?: { by: 'actor' | 'other'; reaction: boolean };
}

/** Every message capability the profile checks (src/policy/message.ts), one row each. */
export const MESSAGE_ROWS: MessageRow[] = [
  { needs: { canSendMessage: 'message' }, content: textMessage('hello') },
  { needs: { canSendMessage: 'message', canReplyToMessage: 'inReplyTo' }, content: reply(id, textPart('yes')) },
  { needs: { canSendMessage: 'message', canReactToMessage: 'inReplyTo' }, content: reaction('👍', { inReplyTo: id }) },
  { needs: { canSendMessage: 'message', canEditOwnMessage: 'replaces' }, content: edit(id, textPart('fixed')), original: { by: 'actor', reaction: false } },
  {
    needs: { canSendMessage: 'message', canEditReaction: 'replaces' },
    content: edit(id, textPart('❤️', { disposition: 'reaction' })),
    original: { by: 'actor', reaction: true },
  },
  { needs: { canSendMessage: 'message', canDeleteOwnMessage: 'replaces' }, content: deleteMessage(id), original: { by: 'actor', reaction: false } },
  { needs: { canSendMessage: 'message', canDeleteOwnReaction: 'replaces' }, content: unlike(id), original: { by: 'actor', reaction: true } },
  { needs: { canSendMessage: 'message', canDeleteOtherMessage: 'replaces' }, content: deleteMessage(id), original: { by: 'other', reaction: false } },
  { needs: { canSendMessage: 'message', canDeleteOtherReaction: 'replaces' }, content: unlike(id), original: { by: 'other', reaction: true } },
];

/** The OriginalMessage a row's replacement is judged against, for `actor`. */
export function originalOf(row: MessageRow, actor: string): OriginalMessage | undefined {
  return row.original && { sender: te.encode(row.original.by === 'actor' ? actor : TOM.user), reaction: row.original.reaction };
}

/**
 * Every capability the profile checks, written out here (not derived from the rows): the tests
 * assert the rows cover exactly these, so a check without a row, or a row without a check, shows.
 */
export const CHECKED: readonly CapabilityName[] = [
  'canAddParticipant',
  'canRemoveParticipant',
  'canAddOwnClient',
  'canRemoveOwnClient',
  'canRemoveSelf',
  'canBan',
  'canUnBan',
  'canKick',
  'canChangeUserRole',
  'canSendMessage',
  'canReplyToMessage',
  'canReactToMessage',
  'canEditReaction',
  'canDeleteOwnReaction',
  'canDeleteOtherReaction',
  'canEditOwnMessage',
  'canDeleteOwnMessage',
  'canDeleteOtherMessage',
  'canChangeRoomName',
  'canChangeRoomDescription',
  'canChangeRoomAvatar',
  'canChangeRoomSubject',
  'canChangeRoomMood',
  'canChangeRoleDefinitions',
  'canChangeRoomMembershipStyle',
];

/**
 * Capabilities that grant a row's action besides its own (src/policy/authorize.ts AUTHORIZED_BY):
 * the draft's "canChangeUserRole and canKick would allow the same action" for bans and unbans.
 */
export const ALTERNATIVES: Partial<Record<CapabilityName, readonly CapabilityName[]>> = {
  canBan: ['canChangeUserRole'],
  canUnBan: ['canChangeUserRole'],
};

/** Every registered capability a non-zero role may hold (canOpenJoin is for role 0 only). */
export const ALL_CAPABILITIES = (Object.keys(CAPABILITIES) as CapabilityName[]).filter((c) => c !== 'canOpenJoin');
