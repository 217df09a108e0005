/**
 * Room state as app components: encoding into the app_data_dictionary with the generated codecs,
 * the dictionary's ordering rules, and the participant-list update semantics of
 * draft-ietf-mimi-protocol-06.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codecs as mlsCodecs } from '@mimikit/mls';
import { DecodeError } from '@mimikit/tls';
import type { ParticipantListData } from '@mimikit/mimi-protocol';
import type { BaseRoomPolicy, RoleData } from '@mimikit/mimi-room-policy';
import {
  applyParticipantListUpdate,
  decodeRoomState,
  decodeRoomStateExtension,
  encodeRoomState,
  encodeRoomStateExtension,
  participantListDiff,
  ROOM_COMPONENTS,
  RoomStateError,
  showUser,
} from '../src/room/index.ts';

const te = new TextEncoder();
const user = (name: string) => te.encode(`mimi://a.example/u/${name}`);
const list = (...entries: Array<[string, number]>): ParticipantListData => ({
  participants: entries.map(([n, role_index]) => ({ user: user(n), role_index })),
});

const roles: RoleData = {
  roles: [
    {
      role_index: 1,
      role_name: te.encode('admin'),
      role_description: te.encode('can add and remove'),
      role_capabilities: [1, 2],
      minimum_participants_constraint: 1,
      maximum_participants_constraint: null,
      minimum_active_participants_constraint: 0,
      maximum_active_participants_constraint: 10,
      authorized_role_changes: [{ from_role_index: 0, target_role_indexes: [1] }],
    },
  ],
};
const basePolicy: BaseRoomPolicy = {
  fixed_membership: 'false',
  parent_dependant: 'false',
  parent_room: [],
  multi_device: 'true',
  max_clients: null,
  max_users: 100,
  pseudonyms_allowed: 'false',
  persistent_room: 'true',
  discoverable: 'false',
  policy_component_ids: [0x0025, 0x0027],
};

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof RoomStateError) return `${err.code} @ ${err.at}`;
    throw err;
  }
  return 'no error';
}

describe('room state ↔ app_data_dictionary', () => {
  it('encodes known components with their codecs, sorted by component id, and decodes them back', () => {
    const other = { component_id: 0x8001, data: new Uint8Array([1, 2, 3]) };
    const state = { base_room_policy: basePolicy, participant_list: list(['alice', 1], ['bob', 0]), roles_list: roles, other: [other] };
    const dict = encodeRoomState(state);
    expect(dict.component_data.map((c) => c.component_id)).toEqual([0x0022, 0x0025, 0x0027, 0x8001]);
    expect(dict.component_data[0]!.data).toEqual(ROOM_COMPONENTS.participant_list.codec.encode(state.participant_list));
    expect(decodeRoomState(dict)).toEqual(state);
    // The extension bytes are an AppDataDictionary as the generated MLS codec reads it.
    const bytes = encodeRoomStateExtension(state);
    expect(mlsCodecs.AppDataDictionary.decode(bytes)).toEqual(dict);
    expect(decodeRoomStateExtension(bytes)).toEqual(state);
  });

  it('rejects a dictionary out of order, a component twice, and a component that does not decode', () => {
    const a = { component_id: 0x0022, data: ROOM_COMPONENTS.participant_list.codec.encode(list(['alice', 1])) };
    const b = { component_id: 0x0023, data: new Uint8Array([0]) };
    expect(code(() => decodeRoomState({ component_data: [b, a] }))).toBe('unsorted-components @ component_data[1]');
    expect(code(() => decodeRoomState({ component_data: [a, a] }))).toBe('duplicate-component @ component_data[1]');
    expect(code(() => decodeRoomState({ component_data: [a, b] }))).toBe('undecodable-component @ component_data[1] (room_metadata)');
    expect(code(() => encodeRoomState({ participant_list: list(['alice', 1]), other: [{ component_id: 0x0022, data: new Uint8Array() }] }))).toBe(
      'duplicate-component @ other',
    );
  });

  it('rejects extension bytes that are not an AppDataDictionary as room state, with the decoder’s error as the cause', () => {
    expect(code(() => decodeRoomStateExtension(new Uint8Array([0xff])))).toBe('undecodable-dictionary @ app_data_dictionary');
    const e = (() => {
      try {
        decodeRoomStateExtension(new Uint8Array([0x05, 0x00]));
      } catch (x) {
        return x as RoomStateError;
      }
    })();
    expect(e?.message).toMatch(/^app_data_dictionary: the app_data_dictionary does not decode: /);
    expect(e?.decodeError).toBeInstanceOf(DecodeError);
  });
});

describe('participant list updates', () => {
  it('changes roles, then removes, then appends, by index into the current list', () => {
    const before = list(['alice', 1], ['bob', 0], ['cathy', 0]);
    const after = applyParticipantListUpdate(before, {
      changedRoleParticipants: [{ user_index: 1, role_index: 1 }],
      removedIndices: [2],
      addedParticipants: [{ user: user('dave'), role_index: 0 }],
    });
    expect(after).toEqual(list(['alice', 1], ['bob', 1], ['dave', 0]));
    expect(before).toEqual(list(['alice', 1], ['bob', 0], ['cathy', 0]));
  });

  it('rejects unknown indexes, a user touched twice, and adding a present user', () => {
    const l = list(['alice', 1], ['bob', 0]);
    const none = { changedRoleParticipants: [], removedIndices: [], addedParticipants: [] };
    expect(code(() => applyParticipantListUpdate(l, { ...none, removedIndices: [2] }))).toBe('unknown-user-index @ removedIndices[0]');
    expect(code(() => applyParticipantListUpdate(l, { ...none, changedRoleParticipants: [{ user_index: 0, role_index: 0 }], removedIndices: [0] }))).toBe(
      'user-changed-twice @ removedIndices[0]',
    );
    expect(code(() => applyParticipantListUpdate(l, { ...none, addedParticipants: [{ user: user('bob'), role_index: 0 }] }))).toBe(
      'duplicate-participant @ addedParticipants[0]',
    );
  });

  it('participantListDiff gives the update that applyParticipantListUpdate turns back into the target', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    const entries = fc.uniqueArray(fc.record({ name: fc.constantFrom(...names), role: fc.integer({ min: 0, max: 3 }) }), { selector: (e) => e.name });
    fc.assert(
      fc.property(entries, entries, (from, to) => {
        const a = list(...from.map((e): [string, number] => [e.name, e.role]));
        // The target keeps a's surviving users in a's order, then the new ones: what an update can express.
        const keep = new Map(to.map((e) => [e.name, e.role]));
        const kept = from.filter((e) => keep.has(e.name)).map((e): [string, number] => [e.name, keep.get(e.name)!]);
        const added = to.filter((e) => !from.some((f) => f.name === e.name)).map((e): [string, number] => [e.name, e.role]);
        const b = list(...kept, ...added);
        expect(applyParticipantListUpdate(a, participantListDiff(a, b))).toEqual(b);
      }),
    );
  });
});

describe('showUser: a user URI as text, exactly', () => {
  it('keeps a leading U+FEFF and shows bytes that are not UTF-8 as hex, never as U+FFFD', () => {
    const enc = new TextEncoder();
    expect(showUser(enc.encode('mimi://a.example/u/alice'))).toBe('mimi://a.example/u/alice');
    expect(showUser(Uint8Array.of(0xef, 0xbb, 0xbf, 0x78))).toBe('\uFEFFx');
    // Two different malformed users stay two different texts (lenient decoding made both "\uFFFD").
    expect(showUser(Uint8Array.of(0xff))).toBe('0xff');
    expect(showUser(Uint8Array.of(0xfe))).toBe('0xfe');
  });
});
