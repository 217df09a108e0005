/**
 * Room state ↔ the `app_data_dictionary` GroupContext extension: each known component encoded
 * with its generated codec (components.ts), unknown components kept as they are, entries sorted by
 * ComponentID with at most one each (draft-ietf-mls-extensions-09 §4.6, checked on the way in).
 */
import { codecs as mlsCodecs, type AppDataDictionary, type ComponentData } from '@mimikit/mls';
import { DecodeError, type Codec } from '@mimikit/tls';
import { COMPONENT_NAMES, componentName, ROOM_COMPONENTS, type RoomComponents } from './components.ts';
import { RoomStateError } from './errors.ts';

/** The known components that are present, and every other component untouched. */
export type RoomState = Partial<RoomComponents> & { other?: ComponentData[] };

export function encodeRoomState(state: RoomState): AppDataDictionary {
  const entries: ComponentData[] = [...(state.other ?? [])];
  for (const name of COMPONENT_NAMES) {
    const value = state[name];
    if (value === undefined) continue;
    const spec = ROOM_COMPONENTS[name];
    entries.push({ component_id: spec.id, data: (spec.codec as Codec<unknown>).encode(value) });
  }
  entries.sort((a, b) => a.component_id - b.component_id);
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]!.component_id === entries[i - 1]!.component_id) {
      throw new RoomStateError('duplicate-component', `component 0x${entries[i]!.component_id.toString(16).padStart(4, '0')} given twice`, 'other');
    }
  }
  return { component_data: entries };
}

export function decodeRoomState(dict: AppDataDictionary): RoomState {
  // The dictionary's own rules first: a misordered dictionary is wrong whatever its contents.
  dict.component_data.forEach((entry, i) => {
    const previous = dict.component_data[i - 1];
    if (previous && previous.component_id > entry.component_id) throw new RoomStateError('unsorted-components', 'component_data is not sorted by component_id', `component_data[${i}]`);
    if (previous && previous.component_id === entry.component_id) throw new RoomStateError('duplicate-component', `component ${entry.component_id} appears twice`, `component_data[${i}]`);
  });
  const state: RoomState = {};
  const other: ComponentData[] = [];
  dict.component_data.forEach((entry, i) => {
    const name = componentName(entry.component_id);
    if (!name) {
      other.push(entry);
      return;
    }
    try {
      (state as Record<string, unknown>)[name] = ROOM_COMPONENTS[name].codec.decode(entry.data);
    } catch (err) {
      if (err instanceof DecodeError) throw new RoomStateError('undecodable-component', `${name} does not decode: ${err.message}`, `component_data[${i}] (${name})`, err);
      throw err;
    }
  });
  if (other.length) state.other = other;
  return state;
}

/** The extension's bytes (what goes in `extension_data` of the app_data_dictionary extension). */
export function encodeRoomStateExtension(state: RoomState): Uint8Array {
  return mlsCodecs.AppDataDictionary.encode(encodeRoomState(state));
}

export function decodeRoomStateExtension(bytes: Uint8Array): RoomState {
  return decodeRoomState(mlsCodecs.AppDataDictionary.decode(bytes));
}
