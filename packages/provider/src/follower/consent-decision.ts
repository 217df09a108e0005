/**
 * What the consent entries between a requester and a target (draft §5.7, §9 "Consent") say about
 * fetching the target's key material for one room. The draft says a grant or revoke is for one
 * room or for any room, and that they need not match a request; it does not say how a room's entry
 * and an any-room entry combine. Chosen here (docs/deviations.md): only the target's operations
 * decide (grant, revoke: a request or cancel is the requester's and says nothing of the target's
 * will), and of the room's entry and the any-room entry the LATER one decides, the room's own on a
 * tie. So a connection revoke ("preventing Alice from adding him to any room", §9) overrides an
 * earlier grant for one room, and a later grant for one room lets the requester into that room
 * despite an earlier any-room revoke (§9's Bob, who ignored a connection request, then grants one room).
 */
import type { ConsentRecord } from '../store/index.ts';

/** The draft's KeyMaterialUserCode for the consent part: granted, or which refusal. */
export type ConsentDecision = 'granted' | 'noConsent' | 'noConsentForThisRoom';

/** The target's latest decisive entry (grant or revoke) of a scope, if any. */
function decisive(entry: ConsentRecord | undefined): ConsentRecord | undefined {
  return entry && (entry.state === 'grant' || entry.state === 'revoke') ? entry : undefined;
}

/** Whether the requester may fetch the target's key material for `roomId`, given the entries of both scopes. */
function grantedFor(roomEntry: ConsentRecord | undefined, anyRoom: ConsentRecord | undefined): boolean {
  const room = decisive(roomEntry);
  const any = decisive(anyRoom);
  const winner = room && any ? (any.at > room.at ? any : room) : (room ?? any);
  return winner?.state === 'grant';
}

/**
 * The decision for `roomId` from `entries` (every scope between one requester and one target,
 * ProviderStore.consentsBetween). 'noConsentForThisRoom' (draft §5.2: "the target user might have
 * allowed a request for another room, but does not for this room") when some other room is granted:
 * a room of its own grant, or any room without an entry of its own (the any-room grant holds there).
 */
export function consentDecision(entries: readonly ConsentRecord[], roomId: string): ConsentDecision {
  const anyRoom = entries.find((e) => e.roomId === null);
  const rooms = entries.filter((e) => e.roomId !== null);
  if (
    grantedFor(
      rooms.find((e) => e.roomId === roomId),
      anyRoom,
    )
  )
    return 'granted';
  const otherRoomGranted = rooms.some((e) => e.roomId !== roomId && grantedFor(e, anyRoom)) || decisive(anyRoom)?.state === 'grant';
  return otherRoomGranted ? 'noConsentForThisRoom' : 'noConsent';
}

/**
 * Whether a consent operation that arrives by requestConsent (a request or cancel, the requester's)
 * replaces the scope's stored entry: never a grant or revoke (the target's decision stands: a
 * repeated request must not withdraw a grant, nor lift a revoke); a cancel only a request (draft
 * §5.7: a cancel with no matching request is answered 201 and "no further action is taken").
 */
export function requestReplaces(stored: ConsentRecord | undefined, operation: 'request' | 'cancel'): boolean {
  if (stored?.state === 'grant' || stored?.state === 'revoke') return false;
  return operation === 'request' || stored?.state === 'request';
}
