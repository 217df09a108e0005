/**
 * Room state ↔ the `app_data_dictionary` GroupContext extension: each known component encoded
 * with its generated codec (components.ts), unknown components kept as they are, entries sorted by
 * ComponentID with at most one each (draft-ietf-mls-extensions-09 §4.6, checked on the way in).
 * @spec draft-ietf-mimi-protocol §Relation between MIMI state and cryptographic state > Room state
 */
import { codecs as mlsCodecs, type AppDataDictionary, type ComponentData } from '@mimikit/mls';
import { bytesEqual } from '@mimikit/bytes';
import { DecodeError, type Codec } from '@mimikit/tls';
import { COMPONENT_NAMES, componentName, ROOM_COMPONENTS, type ComponentName, type RoomComponents } from './components.ts';
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
    if (previous && previous.component_id > entry.component_id)
      throw new RoomStateError('unsorted-components', 'component_data is not sorted by component_id', `component_data[${i}]`);
    if (previous && previous.component_id === entry.component_id)
      throw new RoomStateError('duplicate-component', `component ${entry.component_id} appears twice`, `component_data[${i}]`);
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
      if (err instanceof DecodeError)
        throw new RoomStateError('undecodable-component', `${name} does not decode: ${err.message}`, `component_data[${i}] (${name})`, err);
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

/**
 * The room state in the extension's bytes; RoomStateError for bytes that are not a dictionary, as
 * for a component that does not decode: both are room state a peer sent (a commit's
 * GroupContextExtensions), which checkCommit refuses with a denial rather than an exception.
 */
export function decodeRoomStateExtension(bytes: Uint8Array): RoomState {
  let dict: AppDataDictionary;
  try {
    dict = mlsCodecs.AppDataDictionary.decode(bytes);
  } catch (err) {
    if (err instanceof DecodeError)
      throw new RoomStateError('undecodable-dictionary', `the app_data_dictionary does not decode: ${err.message}`, 'app_data_dictionary', err);
    throw err;
  }
  return decodeRoomState(dict);
}

/** A known component's name, or `other` for the components the profile does not know (compared as a whole). */
export type ComponentChange = ComponentName | 'other';

/**
 * The components whose encoding differs between two room states: what "changed" means for the
 * policy, since the wire is what members and the hub agree on (absent differs from present). Each
 * known component is compared by its own codec's bytes, the unknown ones (`other`) as a whole by
 * component_id and data. The same result as comparing the two states' dictionaries component by
 * component, without building them: no dictionary framing, no hex strings, and a component that is
 * the very same object in both states (an AppDataUpdate that left it alone) is not encoded at all.
 * `which` limits the comparison to those components (default: all of them, and `other`). Every
 * member runs this on every commit (rooms/verify.ts checkCommit), so it is kept cheap.
 */
export function changedComponents(
  before: RoomState,
  after: RoomState,
  which: readonly ComponentChange[] = [...COMPONENT_NAMES, 'other'],
): Set<ComponentChange> {
  const out = new Set<ComponentChange>();
  for (const name of which) {
    const same = name === 'other' ? sameOtherComponents(before.other, after.other) : sameComponent(name, before[name], after[name]);
    if (!same) out.add(name);
  }
  return out;
}

/**
 * Whether two values of one known component encode the same (both absent counts as the same).
 * Values that are structurally identical (sameValue) encode the same, since the encoding is a
 * function of the value: decoded states, and unchanged components, are settled without encoding.
 * Anything else is compared by its bytes, so a difference the encoding does not see (an extra
 * property, a Buffer for a Uint8Array) is not a change.
 */
export function sameComponent<K extends ComponentName>(name: K, a: RoomComponents[K] | undefined, b: RoomComponents[K] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  if (sameValue(a, b)) return true;
  const codec = ROOM_COMPONENTS[name].codec as Codec<RoomComponents[K]>;
  return bytesEqual(codec.encode(a), codec.encode(b));
}

/**
 * Strict structural identity of decoded values: the same primitives (bigint included), byte
 * strings with the same bytes, arrays of identical elements, and plain objects with the same own
 * property names holding identical values. False for anything else (class instances, other typed
 * arrays), which then goes to the byte comparison: false here only ever costs an encode.
 */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && a.constructor === b.constructor && bytesEqual(a, b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.getOwnPropertyNames(a);
  if (keys.length !== Object.getOwnPropertyNames(b).length) return false;
  for (const k of keys) {
    if (!Object.hasOwn(b, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether two lists of unknown components are the same set of (component_id, data), in ComponentID order. */
function sameOtherComponents(a: readonly ComponentData[] | undefined, b: readonly ComponentData[] | undefined): boolean {
  const x = byComponentId(a ?? []);
  const y = byComponentId(b ?? []);
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i]!.component_id !== y[i]!.component_id || !bytesEqual(x[i]!.data, y[i]!.data)) return false;
  }
  return true;
}

/** Sorted as a dictionary holds them; the list itself when it already is (decoded states always are). */
function byComponentId(list: readonly ComponentData[]): readonly ComponentData[] {
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.component_id > list[i]!.component_id) return [...list].sort((p, q) => p.component_id - q.component_id);
  }
  return list;
}
