/**
 * Room state that breaks the drafts' rules: an app_data_dictionary out of order or with a
 * component twice (draft-ietf-mls-extensions-09 §4.6), a component whose data does not decode, a
 * participant-list update that names a user index that does not exist or touches one user twice
 * (draft-ietf-mimi-protocol-06 §Participant List). `code` says which rule, `at` where.
 */
import type { DecodeError } from '@mimikit/tls';

export type RoomStateErrorCode =
  /** The app_data_dictionary extension itself does not decode. */
  | 'undecodable-dictionary'
  | 'unsorted-components'
  | 'duplicate-component'
  | 'undecodable-component'
  | 'unknown-user-index'
  | 'user-changed-twice'
  | 'duplicate-participant'
  /** An AppDataUpdate for a component the application does not know, or a remove of absent state. */
  | 'unknown-component'
  /** A remove together with other AppDataUpdates of the same component (draft-ietf-mls-extensions-09 §4.7). */
  | 'conflicting-updates';

export class RoomStateError extends Error {
  constructor(
    readonly code: RoomStateErrorCode,
    message: string,
    /** Where: a component name or id, `changedRoleParticipants[2]`, `removedIndices[0]`, … */
    readonly at: string,
    readonly decodeError?: DecodeError,
  ) {
    super(`${at}: ${message}`, decodeError ? { cause: decodeError } : undefined);
    this.name = 'RoomStateError';
  }
}
