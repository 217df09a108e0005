/**
 * Which fields of a room-policy struct a commit changes, compared by their TLS encoding: the wire
 * is what members and the hub agree on, so two values are the same exactly when they encode the
 * same (no deep-equality rules of our own for Uint8Array, null vs absent, enum strings, …).
 *
 * Each field is encoded alone, inside `template` (a value of the struct whose other fields stay
 * fixed), so only that field's bytes can differ. Used for RoomMetaData (metadata.ts) and
 * BaseRoomPolicy (base-policy.ts).
 */
import { toHex } from '@mimikit/bytes';
import type { Codec } from '@mimikit/tls';

export function changedFields<T extends object, F extends keyof T>(codec: Codec<T>, template: T, fields: readonly F[], before: T, after: T): F[] {
  const bytesOf = (value: T, field: F) => toHex(codec.encode({ ...template, [field]: value[field] }));
  return fields.filter((f) => bytesOf(before, f) !== bytesOf(after, f));
}
