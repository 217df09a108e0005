/**
 * ParticipantListUpdate semantics (draft-ietf-mimi-protocol-06 §Participant List): with user
 * indexes into the current list, first change roles, then remove users, then append the added
 * ones. One update may not touch the same user twice, and a user URI appears once in the list.
 * @spec draft-ietf-mimi-protocol §Participant List
 */
import { bytesEqual, decodeUtf8OrNull, toHex } from '@mimikit/bytes';
import type { ParticipantListData, ParticipantListUpdate } from '@mimikit/mimi-protocol';
import { RoomStateError } from './errors.ts';

/**
 * A user URI as text for messages and for lookups by text: its exact UTF-8 (a leading U+FEFF kept),
 * or `0x…` hex when the bytes are not UTF-8, so two different users never show as the same text.
 */
export function showUser(user: Uint8Array): string {
  return decodeUtf8OrNull(user) ?? `0x${toHex(user)}`;
}

/** Participants are the same user when their user URI bytes are equal: a Map/Set key for them. */
export function userKey(user: Uint8Array): string {
  // One char per byte (latin1), so equal keys are equal bytes. User URIs are short: build the string
  // in JS rather than copy into a Buffer and cross into C++ (the policy check calls this per
  // participant, several times per commit).
  if (user.length > 256) return Buffer.from(user.buffer, user.byteOffset, user.byteLength).toString('latin1');
  return String.fromCharCode.apply(null, user as unknown as number[]);
}

export function applyParticipantListUpdate(list: ParticipantListData, update: ParticipantListUpdate): ParticipantListData {
  const n = list.participants.length;
  const touched = new Set<number>();
  const touch = (index: number, at: string) => {
    if (!Number.isInteger(index) || index < 0 || index >= n)
      throw new RoomStateError('unknown-user-index', `user index ${index} is not in the participant list (${n} users)`, at);
    if (touched.has(index)) throw new RoomStateError('user-changed-twice', `user index ${index} is changed more than once in one update`, at);
    touched.add(index);
  };
  const participants = list.participants.map((p) => ({ ...p }));
  update.changedRoleParticipants.forEach((c, i) => {
    touch(c.user_index, `changedRoleParticipants[${i}]`);
    participants[c.user_index]!.role_index = c.role_index;
  });
  update.removedIndices.forEach((index, i) => touch(index, `removedIndices[${i}]`));
  const removed = new Set(update.removedIndices);
  const kept = participants.filter((_, i) => !removed.has(i));
  const present = new Set(kept.map((p) => userKey(p.user)));
  update.addedParticipants.forEach((p, i) => {
    if (present.has(userKey(p.user)))
      throw new RoomStateError('duplicate-participant', `${showUser(p.user)} is already a participant`, `addedParticipants[${i}]`);
    present.add(userKey(p.user));
    kept.push({ user: p.user, role_index: p.role_index });
  });
  return { participants: kept };
}

/** The update that turns `from` into `to`, if `to` keeps `from`'s remaining users in order (as an update produces). */
export function participantListDiff(from: ParticipantListData, to: ParticipantListData): ParticipantListUpdate {
  // Each user's key once (every member diffs the lists of every commit).
  const toKeys = to.participants.map((p) => userKey(p.user));
  const target = new Map(toKeys.map((k, i) => [k, i]));
  const changedRoleParticipants: ParticipantListUpdate['changedRoleParticipants'] = [];
  const removedIndices: number[] = [];
  const before = new Set<string>();
  from.participants.forEach((p, i) => {
    const key = userKey(p.user);
    before.add(key);
    const j = target.get(key);
    if (j === undefined) removedIndices.push(i);
    else if (to.participants[j]!.role_index !== p.role_index) changedRoleParticipants.push({ user_index: i, role_index: to.participants[j]!.role_index });
  });
  const addedParticipants = to.participants.filter((_, j) => !before.has(toKeys[j]!)).map((p) => ({ user: p.user, role_index: p.role_index }));
  return { changedRoleParticipants, removedIndices, addedParticipants };
}

/**
 * Whether two participant lists are the same: the same users (by their URI bytes) with the same
 * roles, in the same order. Equivalent to comparing their encodings (a ParticipantListData is only
 * users and role indexes), without encoding them.
 */
export function sameParticipantList(a: ParticipantListData, b: ParticipantListData): boolean {
  const x = a.participants;
  const y = b.participants;
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p.role_index !== q.role_index || !bytesEqual(p.user, q.user)) return false;
  }
  return true;
}
