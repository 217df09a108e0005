/**
 * Room state changes as AppDataUpdate proposals (draft-ietf-mls-extensions-09 §4.7): the encoding
 * the drafts intend, next to the GroupContextExtensions fallback the rooms use on ts-mls 1.6.4
 * (rooms/state.ts roomStateProposals chooses; docs/deviations.md). Each component's `update` is the
 * draft's own update type: a ParticipantListUpdate for participant_list
 * (draft-ietf-mimi-protocol-06), and for the others the full new value (RoomMetaUpdate = RoomMetaData,
 * RoleUpdate = RoleData, BaseRoomUpdate = BaseRoomPolicy: "completely replaces").
 *
 * Applying follows §4.7: per component, either a single `remove` of present state, or one or more
 * `update`s applied in order; a component the application does not know is invalid.
 */
import { codecs as protocolCodecs } from '@mimikit/mimi-protocol';
import type { AppDataUpdate } from '@mimikit/mls';
import { toHex } from '@mimikit/bytes';
import { DecodeError, type Codec } from '@mimikit/tls';
import { COMPONENT_NAMES, componentName, ROOM_COMPONENTS, type ComponentName, type RoomComponents } from './components.ts';
import { RoomStateError } from './errors.ts';
import { applyParticipantListUpdate, participantListDiff } from './participant-list.ts';
import type { RoomState } from './state.ts';

/** How one component's `update` bytes are made from a change and applied to the current value. */
interface UpdateRule<T> {
  make(before: T | undefined, after: T): Uint8Array;
  apply(current: T | undefined, update: Uint8Array, at: string): T;
}

const decodeAt = <T>(codec: Codec<T>, bytes: Uint8Array, at: string): T => {
  try {
    return codec.decode(bytes);
  } catch (e) {
    if (e instanceof DecodeError) throw new RoomStateError('undecodable-component', `the update does not decode: ${e.message}`, at, e);
    throw e;
  }
};

/** "The value of the update field completely replaces the value of the data field." */
const replace = <K extends ComponentName>(name: K): UpdateRule<RoomComponents[K]> => ({
  make: (_before, after) => ROOM_COMPONENTS[name].codec.encode(after),
  apply: (_current, update, at) => decodeAt(ROOM_COMPONENTS[name].codec, update, at),
});

const RULES: { readonly [K in ComponentName]: UpdateRule<RoomComponents[K]> } = {
  participant_list: {
    make: (before, after) => protocolCodecs.ParticipantListUpdate.encode(participantListDiff(before ?? { participants: [] }, after)),
    apply: (current, update, at) => {
      if (!current) throw new RoomStateError('unknown-component', 'a ParticipantListUpdate needs a participant list to apply to', at);
      return applyParticipantListUpdate(current, decodeAt(protocolCodecs.ParticipantListUpdate, update, at));
    },
  },
  room_metadata: replace('room_metadata'),
  roles_list: replace('roles_list'),
  base_room_policy: replace('base_room_policy'),
};

const hex = (name: ComponentName, s: RoomState) => (s[name] === undefined ? undefined : toHex((ROOM_COMPONENTS[name].codec as Codec<unknown>).encode(s[name])));

/** The AppDataUpdates that turn `before` into `after`, one per changed component, in ComponentID order. */
export function appDataUpdatesFor(before: RoomState, after: RoomState): AppDataUpdate[] {
  const others = (s: RoomState) => (s.other ?? []).map((c) => `${c.component_id}:${toHex(c.data)}`).join(',');
  const changedOther = others(before) !== others(after);
  if (changedOther) throw new RoomStateError('unknown-component', 'a component the profile does not know changed; AppDataUpdate has no rule for it', 'other');
  const out: AppDataUpdate[] = [];
  for (const name of COMPONENT_NAMES) {
    const a = hex(name, before);
    const b = hex(name, after);
    if (a === b) continue;
    const component_id = ROOM_COMPONENTS[name].id;
    const next = after[name];
    if (next === undefined) out.push({ component_id, op: 'remove' });
    else out.push({ component_id, op: 'update', update: (RULES[name] as UpdateRule<unknown>).make(before[name], next) });
  }
  return out.sort((x, y) => x.component_id - y.component_id);
}

/** The room state after `updates` (the AppDataUpdate proposals of one commit, in commit order). */
export function applyAppDataUpdates(before: RoomState, updates: readonly AppDataUpdate[]): RoomState {
  const byComponent = new Map<number, Array<{ u: AppDataUpdate; i: number }>>();
  updates.forEach((u, i) => byComponent.set(u.component_id, [...(byComponent.get(u.component_id) ?? []), { u, i }]));
  const state: Record<string, unknown> = { ...before };
  for (const [id, list] of byComponent) {
    const at = `app_data_update[${list[0]!.i}]`;
    const name = componentName(id);
    if (!name) throw new RoomStateError('unknown-component', `component 0x${id.toString(16).padStart(4, '0')} is not known to the application`, at);
    if (list.some(({ u }) => u.op === 'remove')) {
      if (list.length > 1) throw new RoomStateError('conflicting-updates', `${name}: a remove must be the only AppDataUpdate of its component in a commit`, at);
      if (state[name] === undefined) throw new RoomStateError('unknown-component', `${name}: remove of a component that has no state`, at);
      delete state[name];
      continue;
    }
    for (const { u, i } of list) {
      if (u.op !== 'update') continue;
      state[name] = (RULES[name] as UpdateRule<unknown>).apply(state[name], u.update, `app_data_update[${i}] (${name})`);
    }
  }
  return state as RoomState;
}
