/**
 * Room-state changes in both encodings (issue 6 point 4: "keep both encodings behind one
 * function"): AppDataUpdate proposals (draft-ietf-mls-extensions-09 §4.7, what the drafts intend)
 * and the GroupContextExtensions fallback the rooms send on ts-mls 1.6.4. For the same change both
 * lead to the same room state, and the commit check reaches the same verdict from either.
 */
import { describe, expect, it } from 'vitest';
import { codecs, type AppDataUpdate } from '@mimikit/mls';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { toHex } from '@mimikit/bytes';
import type { Member } from '../src/mls/index.ts';
import { type CapabilityName, defineRole } from '../src/policy/index.ts';
import { appDataUpdatesFor, applyAppDataUpdates, encodeRoomStateExtension, RoomStateError, type RoomState } from '../src/room/index.ts';
import { checkCommit, contentOfInputs, roomStateProposals, ROOM_STATE_ENCODING, type FullRoomState } from '../src/rooms/index.ts';

const te = new TextEncoder();
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CAROL = 'mimi://c.example/u/carol';
const role = (index: number, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name: `r${index}`, capabilities: caps, changes });
const roles: RoleData = {
  roles: [
    role(1, ['canSendMessage'], []),
    role(
      3,
      ['canAddParticipant', 'canRemoveParticipant', 'canChangeUserRole', 'canChangeRoomName'],
      [
        [0, [1]],
        [1, [0, 3]],
      ],
    ),
  ],
};
const metadata = (name: string) => ({
  room_uri: { uri: te.encode('mimi://a.example/r/club') },
  room_name: { string: te.encode(name) },
  room_descriptions: [],
  room_avatar: { uri: new Uint8Array() },
  room_subject: { string: new Uint8Array() },
  room_mood: { string: new Uint8Array() },
});
const before: FullRoomState = {
  participant_list: {
    participants: [
      { user: te.encode(ALICE), role_index: 3 },
      { user: te.encode(BOB), role_index: 1 },
    ],
  },
  roles_list: roles,
  room_metadata: metadata('Club'),
};
const members: Member[] = [
  { leafIndex: 0, credential: { credentialType: 1, identity: te.encode('mimi://a.example/d/alice/laptop') }, signatureKey: new Uint8Array(32) },
  { leafIndex: 1, credential: { credentialType: 1, identity: te.encode('mimi://b.example/d/bob/phone') }, signatureKey: new Uint8Array(32) },
];
const bytes = (s: RoomState) => toHex(encodeRoomStateExtension(s));

const changes: Array<[string, FullRoomState]> = [
  ['add Carol', { ...before, participant_list: { participants: [...before.participant_list.participants, { user: te.encode(CAROL), role_index: 1 }] } }],
  ['promote Bob', { ...before, participant_list: { participants: [before.participant_list.participants[0]!, { user: te.encode(BOB), role_index: 3 }] } }],
  ['rename the room', { ...before, room_metadata: metadata('The Club') }],
  ['rename and remove the metadata component', { participant_list: before.participant_list, roles_list: before.roles_list }],
];

describe('room-state changes as AppDataUpdate and as GroupContextExtensions', () => {
  it.each(changes)('%s: applying the AppDataUpdates gives exactly the new state, and each update round-trips', (_, after) => {
    const updates = appDataUpdatesFor(before, after);
    expect(updates.length).toBe(1);
    for (const u of updates) expect(codecs.AppDataUpdate.decode(codecs.AppDataUpdate.encode(u))).toEqual(u);
    expect(bytes(applyAppDataUpdates(before, updates))).toBe(bytes(after));
  });

  it('a participant-list change is sent as a ParticipantListUpdate, not the whole list', () => {
    const [u] = appDataUpdatesFor(before, changes[0]![1]);
    if (u?.op !== 'update') throw new Error('expected an update');
    expect(u.component_id).toBe(0x0022);
    expect(u.update.length).toBeLessThan(encodeRoomStateExtension({ participant_list: changes[0]![1].participant_list }).length);
  });

  it.each(changes)('%s: checkCommit reaches the same verdict from either encoding, for the admin and for Bob', (_, after) => {
    for (const committer of [0, 1]) {
      const verdict = (encoding: 'group_context_extensions' | 'app_data_update') => {
        const proposals = roomStateProposals([], before, after, encoding);
        const c = checkCommit(before, members, committer, contentOfInputs(proposals, committer));
        return { denials: c.denials.map((d) => `${d.missing} @ ${d.at}`), after: c.after ? bytes(c.after) : undefined };
      };
      expect(verdict('app_data_update')).toEqual(verdict('group_context_extensions'));
    }
  });

  it('the rooms send GroupContextExtensions while the backend cannot apply AppDataUpdate', () => {
    expect(ROOM_STATE_ENCODING).toBe('group_context_extensions');
    expect(roomStateProposals([], before, changes[0]![1]).map((p) => p.type)).toEqual(['group_context_extensions']);
  });

  const rejects = (updates: AppDataUpdate[], code: string) => {
    let e: unknown;
    try {
      applyAppDataUpdates(before, updates);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(RoomStateError);
    expect((e as RoomStateError).code).toBe(code);
  };

  it('rejects what §4.7 makes invalid: remove with update, unknown component, remove of absent state, an undecodable update', () => {
    rejects(
      [
        { component_id: 0x0023, op: 'remove' },
        { component_id: 0x0023, op: 'update', update: codecs.AppDataUpdate.encode({ component_id: 0, op: 'remove' }) },
      ],
      'conflicting-updates',
    );
    rejects([{ component_id: 0x7777, op: 'remove' }], 'unknown-component');
    rejects([{ component_id: 0x0027, op: 'remove' }], 'unknown-component');
    rejects([{ component_id: 0x0022, op: 'update', update: new Uint8Array([0xff]) }], 'undecodable-component');
  });
});
