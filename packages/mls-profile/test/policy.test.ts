/**
 * Participant-list changes against the room's roles (draft-ietf-mimi-room-policy-03): who may add,
 * remove and change roles, with which authorized_role_changes, within which constraints; each
 * denial names what is missing.
 */
import { describe, expect, it } from 'vitest';
import type { ParticipantListData, ParticipantListUpdate } from '@mimikit/mimi-protocol';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { authorizeMetadataChange, authorizeParticipantListUpdate, CAPABILITIES, changedMetadataFields, type CapabilityName } from '../src/policy/index.ts';
import type { RoomMetaData } from '@mimikit/mimi-protocol';

const te = new TextEncoder();
const u = (name: string) => te.encode(`mimi://a.example/u/${name}`);

function role(role_index: number, caps: CapabilityName[], changes: Array<[number, number[]]>, limits: Partial<Pick<Role, 'minimum_participants_constraint' | 'maximum_participants_constraint'>> = {}): Role {
  return {
    role_index,
    role_name: te.encode(`role${role_index}`),
    role_description: new Uint8Array(),
    role_capabilities: caps.map((c) => CAPABILITIES[c]),
    minimum_participants_constraint: limits.minimum_participants_constraint ?? 0,
    maximum_participants_constraint: limits.maximum_participants_constraint ?? null,
    minimum_active_participants_constraint: 0,
    maximum_active_participants_constraint: null,
    authorized_role_changes: changes.map(([from_role_index, target_role_indexes]) => ({ from_role_index, target_role_indexes })),
  };
}

// Role 2: ordinary participant (may leave). Role 3: admin (adds as 2, removes 2, promotes 2 → 3, at least one admin).
const roles: RoleData = {
  roles: [
    role(2, ['canSendMessage', 'canRemoveSelf'], [[2, [0]]], { maximum_participants_constraint: 3 }),
    role(3, ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canRemoveSelf'], [[0, [2]], [2, [0, 3]], [3, [0, 2]]], { minimum_participants_constraint: 1 }),
  ],
};
const participants: ParticipantListData = { participants: [{ user: u('alice'), role_index: 3 }, { user: u('bob'), role_index: 2 }] };
const room = { participants, roles };
const none: ParticipantListUpdate = { changedRoleParticipants: [], removedIndices: [], addedParticipants: [] };

const verdict = (committer: string, update: Partial<ParticipantListUpdate>) => {
  const v = authorizeParticipantListUpdate(room, u(committer), { ...none, ...update });
  return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
};

describe('authorizeParticipantListUpdate', () => {
  it('adding a user: canAddParticipant, an entry 0 → target role, the target maximum', () => {
    expect(verdict('alice', { addedParticipants: [{ user: u('cathy'), role_index: 2 }] })).toBe('ok');
    expect(verdict('bob', { addedParticipants: [{ user: u('cathy'), role_index: 2 }] })).toBe('canAddParticipant @ addedParticipants[0]');
    expect(verdict('alice', { addedParticipants: [{ user: u('cathy'), role_index: 3 }] })).toBe('authorized_role_changes @ addedParticipants[0]');
    expect(verdict('alice', { addedParticipants: [{ user: u('cathy'), role_index: 2 }, { user: u('dave'), role_index: 2 }, { user: u('erin'), role_index: 2 }] })).toBe(
      ['maximum_participants_constraint @ addedParticipants[0]', 'maximum_participants_constraint @ addedParticipants[1]', 'maximum_participants_constraint @ addedParticipants[2]'].join('; '),
    );
  });

  it('removing: another user needs canRemoveParticipant, oneself canRemoveSelf; minimums hold', () => {
    expect(verdict('alice', { removedIndices: [1] })).toBe('ok');
    expect(verdict('bob', { removedIndices: [1] })).toBe('ok');
    expect(verdict('bob', { removedIndices: [0] })).toBe('canRemoveParticipant @ removedIndices[0]');
    // The only admin leaving would leave no admin: minimum_participants_constraint of role 3 is 1.
    expect(verdict('alice', { removedIndices: [0] })).toBe('minimum_participants_constraint @ removedIndices[0]');
  });

  it('changing roles: canChangeUserRole over others only, along authorized_role_changes', () => {
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 1, role_index: 3 }] })).toBe('ok');
    expect(verdict('bob', { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 0, role_index: 2 }] })).toBe('canChangeUserRole @ changedRoleParticipants[0]');
    expect(verdict('alice', { changedRoleParticipants: [{ user_index: 1, role_index: 0 }] })).toBe('authorized_role_changes @ changedRoleParticipants[0]');
  });

  it('a committer outside the participant list may change nothing, and the reason says so', () => {
    const v = authorizeParticipantListUpdate(room, u('mallory'), { ...none, addedParticipants: [{ user: u('mallory2'), role_index: 2 }] });
    expect(v).toEqual({ ok: false, denials: [{ missing: 'participant', at: 'committer', reason: 'mimi://a.example/u/mallory is not in the participant list' }] });
  });
});

describe('authorizeMetadataChange', () => {
  const meta = (name: string, subject = ''): RoomMetaData => ({
    room_uri: { uri: te.encode('mimi://a.example/r/clubhouse') },
    room_name: { string: te.encode(name) },
    room_descriptions: [],
    room_avatar: { uri: new Uint8Array() },
    room_subject: { string: te.encode(subject) },
    room_mood: { string: new Uint8Array() },
  });
  const metaRoles: RoleData = { roles: [role(2, ['canSendMessage'], []), role(3, ['canChangeRoomName'], [])] };
  const metaRoom = { participants, roles: metaRoles };
  const verdict = (committer: string, before: RoomMetaData, after: RoomMetaData) => {
    const v = authorizeMetadataChange(metaRoom, u(committer), before, after);
    return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
  };

  it('names the fields that changed, compared by their encoding', () => {
    expect(changedMetadataFields(meta('a'), meta('a'))).toEqual([]);
    expect(changedMetadataFields(meta('a'), meta('b', 's'))).toEqual(['room_name', 'room_subject']);
    expect(changedMetadataFields(undefined, meta(''))).toEqual(['room_uri']);
  });

  it('each changed field needs its capability; the room URI never changes; outsiders change nothing', () => {
    expect(verdict('alice', meta('a'), meta('b'))).toBe('ok');
    expect(verdict('alice', meta('a'), meta('a', 'topic'))).toBe('canChangeRoomSubject @ room_metadata.room_subject');
    expect(verdict('bob', meta('a'), meta('b'))).toBe('canChangeRoomName @ room_metadata.room_name');
    expect(verdict('alice', meta('a'), { ...meta('a'), room_uri: { uri: te.encode('mimi://a.example/r/other') } })).toBe('room_uri @ room_metadata.room_uri');
    expect(verdict('mallory', meta('a'), meta('b'))).toBe('participant @ room_metadata.room_name');
  });
});
