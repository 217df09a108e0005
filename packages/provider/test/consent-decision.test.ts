/**
 * How consent entries of a room and of any room combine (src/follower/consent-decision.ts): only
 * the target's grant and revoke decide, the later of the two scopes wins (the room's on a tie),
 * another granted room makes the refusal `noConsentForThisRoom`; a request or cancel never
 * replaces the target's decision, and a cancel replaces only a request.
 */
import { describe, expect, it } from 'vitest';
import { consentDecision, requestReplaces } from '../src/follower/consent-decision.ts';
import type { ConsentRecord, ConsentState } from '../src/store/index.ts';

const ROOM = 'mimi://a.example/r/garden';
const OTHER = 'mimi://a.example/r/shed';
const entry = (roomId: string | null, state: ConsentState, at: number): ConsentRecord => ({
  requester: 'mimi://a.example/u/alice',
  target: 'mimi://b.example/u/bob',
  roomId,
  state,
  at,
});

describe('consentDecision', () => {
  it("no entries, or only the requester's own: noConsent", () => {
    expect(consentDecision([], ROOM)).toBe('noConsent');
    expect(consentDecision([entry(null, 'request', 1), entry(ROOM, 'cancel', 2)], ROOM)).toBe('noConsent');
  });

  it('a grant for the room or for any room lets the requester in', () => {
    expect(consentDecision([entry(ROOM, 'grant', 1)], ROOM)).toBe('granted');
    expect(consentDecision([entry(null, 'grant', 1)], ROOM)).toBe('granted');
  });

  it('of the room entry and the any-room entry the later decides; on a tie the room entry', () => {
    expect(consentDecision([entry(null, 'revoke', 2), entry(ROOM, 'grant', 1)], ROOM)).toBe('noConsent');
    expect(consentDecision([entry(null, 'revoke', 1), entry(ROOM, 'grant', 2)], ROOM)).toBe('granted');
    expect(consentDecision([entry(null, 'grant', 1), entry(ROOM, 'revoke', 2)], ROOM)).toBe('noConsentForThisRoom');
    expect(consentDecision([entry(null, 'grant', 2), entry(ROOM, 'revoke', 1)], ROOM)).toBe('granted');
    expect(consentDecision([entry(null, 'grant', 1), entry(ROOM, 'revoke', 1)], ROOM)).toBe('noConsentForThisRoom');
    expect(consentDecision([entry(null, 'revoke', 1), entry(ROOM, 'grant', 1)], ROOM)).toBe('granted');
    // A request stored for the room does not hide the any-room grant.
    expect(consentDecision([entry(null, 'grant', 1), entry(ROOM, 'request', 2)], ROOM)).toBe('granted');
  });

  it('noConsentForThisRoom when another room is granted, noConsent when that grant was overridden', () => {
    expect(consentDecision([entry(OTHER, 'grant', 1)], ROOM)).toBe('noConsentForThisRoom');
    expect(consentDecision([entry(OTHER, 'grant', 1), entry(null, 'revoke', 2)], ROOM)).toBe('noConsent');
    expect(consentDecision([entry(OTHER, 'grant', 2), entry(null, 'revoke', 1)], ROOM)).toBe('noConsentForThisRoom');
    expect(consentDecision([entry(OTHER, 'revoke', 1)], ROOM)).toBe('noConsent');
  });
});

describe('requestReplaces', () => {
  it('a request or cancel never replaces a grant or revoke; a cancel replaces only a request', () => {
    for (const state of ['grant', 'revoke'] as const) {
      expect(requestReplaces(entry(null, state, 1), 'request')).toBe(false);
      expect(requestReplaces(entry(null, state, 1), 'cancel')).toBe(false);
    }
    expect(requestReplaces(undefined, 'request')).toBe(true);
    expect(requestReplaces(entry(null, 'cancel', 1), 'request')).toBe(true);
    expect(requestReplaces(entry(null, 'request', 1), 'cancel')).toBe(true);
    expect(requestReplaces(undefined, 'cancel')).toBe(false);
    expect(requestReplaces(entry(null, 'cancel', 1), 'cancel')).toBe(false);
  });
});
