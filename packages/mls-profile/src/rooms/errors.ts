/**
 * The two ways a room operation fails. RoomDeniedError is a policy verdict (the committer may not
 * do this, or the commit's MLS changes do not match its participant-list change); it carries every
 * denial so a UI or a log can name the missing capability. RoomError is everything else.
 */
import type { Denial } from '../policy/index.ts';

/**
 * A reason a commit is refused. The policy's own denials (participant-list authorization), plus
 * the checks that tie MLS membership to the participant list, which the policy module does not see.
 */
export type RoomDenial =
  | Denial
  | {
      /**
       * committer: no member leaf, or a credential without a user; client: an added or remaining
       * client does not match the participant list; room_state: the app_data_dictionary is missing,
       * malformed, or changes a component no rule here authorizes yet; pending_proposal: a commit
       * leaves out a proposal the hub requires it to include.
       */
      missing: 'committer' | 'client' | 'room_state' | 'pending_proposal';
      at: string;
      reason: string;
    };

export class RoomDeniedError extends Error {
  override readonly name = 'RoomDeniedError';
  constructor(readonly denials: readonly RoomDenial[]) {
    super(`room policy denies this: ${denials.map((d) => `${d.missing} @ ${d.at}: ${d.reason}`).join('; ')}`);
  }
  /** Whether some denial names this capability or check. */
  names(missing: RoomDenial['missing']): boolean {
    return this.denials.some((d) => d.missing === missing);
  }
}

export type RoomErrorCode =
  /** Bad argument: not a room URI, a KeyPackage of another user, an unknown participant, ... */
  | 'bad-input'
  /** The group is not a MIMI room (no participant_list / roles_list in its GroupContext). */
  | 'not-a-room'
  /** What MLS or the adapter cannot do (see the message). */
  | 'unsupported';

export class RoomError extends Error {
  override readonly name = 'RoomError';
  constructor(
    readonly code: RoomErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type GroupInfoErrorCode =
  /** The hub answered notAuthorized (or reserved, or a status this version does not know). */
  | 'not-authorized'
  /** The hub answered noSuchRoom. */
  | 'no-such-room'
  /** A signature (the request's, the response's) does not verify. */
  | 'bad-signature'
  /** A credential that is not what it must be: the requester's no MIMI client, the hub's not the room's hub. */
  | 'bad-credential'
  /** The response, or the GroupInfo in it, is for another room. */
  | 'wrong-room'
  /** The encrypted GroupInfo and tree do not open with the request's key. */
  | 'undecryptable'
  /** Bytes or fields that are not what draft-ietf-mimi-protocol-06 §5.6 says. */
  | 'malformed'
  /** A cipher suite or ratchet-tree representation this version does not offer. */
  | 'unsupported';

/**
 * A GroupInfoRequest or GroupInfoResponse (draft-ietf-mimi-protocol-06 §5.6, external joins) that
 * fails its checks; `at` names the field.
 */
export class GroupInfoError extends Error {
  override readonly name = 'GroupInfoError';
  constructor(
    readonly code: GroupInfoErrorCode,
    readonly at: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${at}: ${message}`, options);
  }
}
