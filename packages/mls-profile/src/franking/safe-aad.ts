/**
 * Safe AAD (draft-ietf-mls-extensions-09 §4.9): the `authenticated_data` of an MLS message starts
 * with a SafeAAD struct, its items sorted by component_id, whenever the GroupContext's
 * app_data_dictionary has a `safe_aad` component (even with an empty list). MIMI franking puts its
 * `frank_aad` item there (draft-ietf-mimi-protocol-06 §Message Franking); the hub reads it from the
 * PrivateMessage, where authenticated_data is in the clear.
 * @spec draft-ietf-mls-extensions §Safe Additional Authenticated Data (AAD)
 */
import { codecs, type SafeAADItem } from '@mimikit/mls';
import { codecs as protocolCodecs } from '@mimikit/mimi-protocol';
import { DecodeError, Reader } from '@mimikit/tls';
import { COMPONENT_FRANK_AAD } from '../advertise/registry.ts';
import { FrankingError } from './errors.ts';

/** The SafeAAD prefix for these items (sorted by component_id; one item per component). */
export function encodeSafeAad(items: readonly SafeAADItem[]): Uint8Array {
  const sorted = [...items].sort((a, b) => a.component_id - b.component_id);
  sorted.forEach((item, i) => {
    if (i > 0 && sorted[i - 1]!.component_id === item.component_id)
      throw new FrankingError('bad-input', `aad_items[${i}]`, `component ${item.component_id} given twice`);
  });
  return codecs.SafeAAD.encode({ aad_items: sorted });
}

/**
 * The SafeAAD at the start of `authenticatedData`, and the non-safe data after it. The items must
 * be sorted by component_id with no repeats (§4.9); anything else is FrankingError('bad-input').
 */
export function readSafeAad(authenticatedData: Uint8Array): { items: SafeAADItem[]; rest: Uint8Array } {
  let items: SafeAADItem[];
  let end: number;
  try {
    // A prefix, not the whole field: non-safe data may follow (§4.9), so no strict decode here.
    const r = new Reader(authenticatedData);
    items = codecs.SafeAAD.read(r).aad_items;
    end = r.p;
  } catch (err) {
    if (err instanceof DecodeError) throw new FrankingError('bad-input', 'authenticated_data', `no SafeAAD at its start: ${err.message}`, { cause: err });
    throw err;
  }
  items.forEach((item, i) => {
    const previous = items[i - 1];
    if (previous && previous.component_id >= item.component_id)
      throw new FrankingError('bad-input', `authenticated_data.aad_items[${i}]`, 'aad_items are not sorted by component_id, or repeat one');
  });
  return { items, rest: authenticatedData.subarray(end) };
}

/**
 * The franking_tag of a message's authenticated data, or null when it has none. `safeAad`: whether
 * the room's GroupContext has the safe_aad component, i.e. whether the data starts with SafeAAD.
 */
export function frankingTagOf(authenticatedData: Uint8Array, safeAad: boolean): Uint8Array | null {
  if (!safeAad) return null;
  const { items } = readSafeAad(authenticatedData);
  const i = items.findIndex((item) => item.component_id === COMPONENT_FRANK_AAD);
  if (i < 0) return null;
  try {
    return protocolCodecs.FrankAAD.decode(items[i]!.aad_item_data).franking_tag;
  } catch (err) {
    if (err instanceof DecodeError)
      throw new FrankingError('bad-input', `authenticated_data.aad_items[${i}] (frank_aad)`, `not a FrankAAD: ${err.message}`, { cause: err });
    throw err;
  }
}

/** The frank_aad item carrying this franking_tag. */
export function frankAadItem(frankingTag: Uint8Array): SafeAADItem {
  return { component_id: COMPONENT_FRANK_AAD, aad_item_data: protocolCodecs.FrankAAD.encode({ franking_tag: frankingTag }) };
}
