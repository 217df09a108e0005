/**
 * Message capabilities (draft-ietf-mimi-room-policy-03 §Message Capabilities): what a participant's
 * role lets it post, judged from the MIMI content (draft-ietf-mimi-content-07) of each message.
 *
 * - every message: canSendMessage;
 * - a reaction (a body with the `reaction` disposition, §5.3): canReactToMessage;
 * - any other reply (`inReplyTo`): canReplyToMessage;
 * - a message that `replaces` another (§5.5–5.7) is judged against that original: an empty body
 *   retracts it (canDeleteOwnMessage / canDeleteOtherMessage, or canDeleteOwnReaction /
 *   canDeleteOtherReaction for a reaction), anything else edits it (canEditOwnMessage, or
 *   canEditReaction for one's own reaction; nobody edits another user's message). Without the
 *   original the replacement cannot be judged, and the caller is told so ('original_message').
 *
 * Not judged here: topics (canStartTopic, …: whether a topic is new needs the room's history),
 * links, assets and calls (their capabilities concern what a client does with content, not whether
 * it may be posted).
 * @spec draft-ietf-mimi-room-policy §Message Capabilities
 */
import type { MimiContent, NestedPart } from '@mimikit/mimi-content';
import { dispositionCode } from '@mimikit/content';
import type { CapabilityName } from './capabilities.ts';
import type { Denial, Verdict } from './authorize.ts';
import { holds, participantOf, type RoomRoles } from './holder.ts';
import { showUser, userKey } from '../room/participant-list.ts';

/** What a `replaces` points at, as the room's history knows it. */
export interface OriginalMessage {
  /** The user URI of its sender. */
  sender: Uint8Array;
  /** It was a reaction. */
  reaction: boolean;
}

const REACTION = dispositionCode('reaction');
const NULL_PART = 0;

/** Whether a body is a reaction: the `reaction` disposition on it (or on all of a multipart's parts). */
export function isReaction(part: NestedPart): boolean {
  return part.disposition === REACTION;
}

/**
 * The capabilities posting `content` needs, in the order they are checked, or why it cannot be
 * allowed whatever the role: the original is unknown, or it is someone else's and this edits it.
 */
export function messageCapabilities(
  sender: Uint8Array,
  content: MimiContent,
  original: OriginalMessage | undefined,
): { needs: CapabilityName[]; problem?: 'missing-original' | 'edit-of-other' } {
  const needs: CapabilityName[] = ['canSendMessage'];
  if (content.replaces !== null) {
    if (!original) return { needs, problem: 'missing-original' };
    const own = userKey(original.sender) === userKey(sender);
    const retract = content.nestedPart.cardinality === NULL_PART;
    if (!retract && !own) return { needs, problem: 'edit-of-other' };
    if (retract)
      needs.push(original.reaction ? (own ? 'canDeleteOwnReaction' : 'canDeleteOtherReaction') : own ? 'canDeleteOwnMessage' : 'canDeleteOtherMessage');
    else needs.push(original.reaction ? 'canEditReaction' : 'canEditOwnMessage');
  } else if (isReaction(content.nestedPart)) needs.push('canReactToMessage');
  else if (content.inReplyTo !== null) needs.push('canReplyToMessage');
  return { needs };
}

export function authorizeMessage(room: RoomRoles, sender: Uint8Array, content: MimiContent, original?: OriginalMessage): Verdict {
  const who = showUser(sender);
  if (!participantOf(room, sender)) return { ok: false, denials: [{ missing: 'participant', at: 'sender', reason: `${who} is not in the participant list` }] };
  const { needs, problem } = messageCapabilities(sender, content, original);
  const denials: Denial[] = [];
  if (problem === 'missing-original')
    denials.push({
      missing: 'original_message',
      at: 'replaces',
      reason: 'a message that replaces another can only be judged against the original (its sender, and whether it was a reaction)',
    });
  if (problem === 'edit-of-other')
    denials.push({
      missing: 'original_message',
      at: 'replaces',
      reason: `${who} may not edit a message of ${showUser(original!.sender)}: no capability allows editing another user's message`,
    });
  const at = content.replaces !== null ? 'replaces' : content.inReplyTo !== null ? 'inReplyTo' : 'message';
  for (const cap of needs)
    if (!holds(room, sender, cap)) denials.push({ missing: cap, at: cap === 'canSendMessage' ? 'message' : at, reason: `the role of ${who} lacks ${cap}` });
  return denials.length ? { ok: false, denials } : { ok: true };
}
