/**
 * Message capabilities (src/policy/message.ts, draft-ietf-mimi-room-policy-03 §Message
 * Capabilities) on content built with @mimikit/content: each kind of message needs its capability,
 * and replacements are judged against their original.
 */
import { describe, expect, it } from 'vitest';
import { deleteMessage, edit, reaction, reply, textMessage, textPart, unlike } from '@mimikit/content';
import type { Role } from '@mimikit/mimi-room-policy';
import { authorizeMessage, type CapabilityName, type RoomRoles, defineRole } from '../src/policy/index.ts';

const te = new TextEncoder();
const ALICE = te.encode('mimi://a.example/u/alice');
const BOB = te.encode('mimi://b.example/u/bob');
const EVE = te.encode('mimi://e.example/u/eve');
const role = (index: number, caps: CapabilityName[]): Role => defineRole({ index, name: `r${index}`, capabilities: caps });
// Alice may do everything but delete others' reactions; Bob may only send plain messages.
const room: RoomRoles = {
  participants: {
    participants: [
      { user: ALICE, role_index: 2 },
      { user: BOB, role_index: 1 },
    ],
  },
  roles: {
    roles: [
      role(1, ['canSendMessage']),
      role(2, [
        'canSendMessage',
        'canReplyToMessage',
        'canReactToMessage',
        'canEditOwnMessage',
        'canDeleteOwnMessage',
        'canDeleteOtherMessage',
        'canEditReaction',
        'canDeleteOwnReaction',
      ]),
    ],
  },
};
const id = new Uint8Array(32).fill(7);
const verdict = (sender: Uint8Array, content: Parameters<typeof authorizeMessage>[2], original?: Parameters<typeof authorizeMessage>[3]) => {
  const v = authorizeMessage(room, sender, content, original);
  return v.ok ? 'ok' : v.denials.map((d) => `${d.missing} @ ${d.at}`).join('; ');
};

describe('authorizeMessage', () => {
  it('a plain message needs canSendMessage, and a participant', () => {
    expect(verdict(BOB, textMessage('hi'))).toBe('ok');
    expect(verdict(EVE, textMessage('hi'))).toBe('participant @ sender');
  });

  it('a reply needs canReplyToMessage; a reaction needs canReactToMessage (not canReplyToMessage)', () => {
    expect(verdict(ALICE, reply(id, textPart('yes')))).toBe('ok');
    expect(verdict(BOB, reply(id, textPart('yes')))).toBe('canReplyToMessage @ inReplyTo');
    expect(verdict(BOB, reaction('👍', { inReplyTo: id }))).toBe('canReactToMessage @ inReplyTo');
    expect(verdict(BOB, reaction(['👍', '🎉'], { inReplyTo: id }))).toBe('canReactToMessage @ inReplyTo');
  });

  it('edits and deletes are judged against the original: own, other, reaction', () => {
    const alicesMessage = { sender: ALICE, reaction: false };
    const bobsMessage = { sender: BOB, reaction: false };
    expect(verdict(ALICE, edit(id, textPart('fixed')), alicesMessage)).toBe('ok');
    expect(verdict(BOB, edit(id, textPart('fixed')), bobsMessage)).toBe('canEditOwnMessage @ replaces');
    expect(verdict(ALICE, edit(id, textPart('yours now')), bobsMessage)).toBe('original_message @ replaces');
    expect(verdict(ALICE, deleteMessage(id), bobsMessage)).toBe('ok');
    expect(verdict(BOB, deleteMessage(id), alicesMessage)).toBe('canDeleteOtherMessage @ replaces');
    expect(verdict(ALICE, unlike(id), { sender: ALICE, reaction: true })).toBe('ok');
    expect(verdict(ALICE, unlike(id), { sender: BOB, reaction: true })).toBe('canDeleteOtherReaction @ replaces');
    expect(verdict(ALICE, edit(id, textPart('❤️', { disposition: 'reaction' })), { sender: ALICE, reaction: true })).toBe('ok');
  });

  it('a replacement without its original cannot be judged', () => {
    expect(verdict(ALICE, deleteMessage(id))).toBe('original_message @ replaces');
  });

  it('a reaction that replies to nothing still needs canReactToMessage, at the message', () => {
    expect(verdict(BOB, reaction('👍'))).toBe('canReactToMessage @ message');
    expect(verdict(ALICE, reaction('👍'))).toBe('ok');
  });

  it('each denial’s reason names the sender, and the original’s sender for an edit of another’s message', () => {
    const reasons = (sender: Uint8Array, content: Parameters<typeof authorizeMessage>[2], original?: Parameters<typeof authorizeMessage>[3]) => {
      const v = authorizeMessage(room, sender, content, original);
      return v.ok ? [] : v.denials;
    };
    expect(reasons(EVE, textMessage('hi'))).toEqual([
      { missing: 'participant', at: 'sender', reason: 'mimi://e.example/u/eve is not in the participant list' },
    ]);
    expect(reasons(ALICE, edit(id, textPart('yours now')), { sender: BOB, reaction: false })).toEqual([
      {
        missing: 'original_message',
        at: 'replaces',
        reason: "mimi://a.example/u/alice may not edit a message of mimi://b.example/u/bob: no capability allows editing another user's message",
      },
    ]);
    expect(reasons(ALICE, deleteMessage(id))).toEqual([
      {
        missing: 'original_message',
        at: 'replaces',
        reason: 'a message that replaces another can only be judged against the original (its sender, and whether it was a reaction)',
      },
    ]);
    expect(reasons(BOB, reply(id, textPart('yes')))).toEqual([
      { missing: 'canReplyToMessage', at: 'inReplyTo', reason: 'the role of mimi://b.example/u/bob lacks canReplyToMessage' },
    ]);
  });
});
