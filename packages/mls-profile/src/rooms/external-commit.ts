/**
 * What an External Commit (RFC 9420 §12.4.3.2) may be in a room, before the usual checks judge the
 * client it adds: a new client of a participant joining by itself (draft-ietf-mimi-protocol-06
 * "Cathy adds a new device"; draft-ietf-mimi-room-policy-03 canAddOwnClient: "a holder … in the
 * participant list can add its own client (via an external commit …)").
 *
 * - RFC 9420 §12.4.3.2: exactly one ExternalInit; at most one Remove, of the joiner's own former
 *   leaf (a resync: the same client URI); PreSharedKeys; nothing else; all by value (the joiner
 *   cannot judge proposals sent within the group); and a path, whose LeafNode is the joiner's leaf.
 * - The joiner's credential names a MIMI client of a user in the participant list. Joining as a
 *   non-participant (canOpenJoin, canJoinIfPreauthorized, canUseJoinCode) is not supported: the room
 *   state does not change, so the participant list, roles and everything else stay as they are.
 *
 * checkCommit (verify.ts) then treats the joiner as an Add proposed by its own user: the participant
 * must not be banned, its role must hold canAddOwnClient, its client URI must hold no other leaf
 * (unique-clients.ts), the base policy's client limits hold, and its role's active-participant
 * maximum holds (authorizeClientJoins).
 */
import type { Credential } from '@mimikit/mls';
import type { Member } from '../mls/index.ts';
import type { RoomDenial } from './errors.ts';
import type { CommitContent } from './commit-content.ts';
import { clientOf, userOfClientUri, utf8 } from './identity.ts';
import type { FullRoomState } from './state.ts';
import { userKey } from '../room/index.ts';

const RULE = 'an External Commit carries one ExternalInit, at most a Remove of the joiner’s own former leaf, and PreSharedKeys (RFC 9420 §12.4.3.2)';

/** Whether a commit by no member leaf is an External Commit: its ExternalInit says so. */
export function isExternalCommit(committer: number | undefined, content: CommitContent): boolean {
  return committer === undefined && content.others.some((o) => o.type === 'external_init');
}

export interface ExternalJoiner {
  client: string;
  user: string;
  /** The joiner's leaf credential (from the commit's path). */
  credential: Credential;
}

/**
 * The joiner of an External Commit, or the denials that make it no allowed one. `clientOfMember`
 * reads a member's client URI (undefined when it names none).
 */
export function externalCommitJoiner(
  before: FullRoomState,
  members: readonly Member[],
  content: CommitContent,
  clientOfMember: (m: Member) => string | undefined,
): { joiner: ExternalJoiner } | { denials: RoomDenial[] } {
  const denials: RoomDenial[] = [];
  const deny = (at: string, reason: string) => denials.push({ missing: 'committer', at, reason });

  const inits = content.others.filter((o) => o.type === 'external_init').length;
  if (inits !== 1) deny('proposals', `${inits} ExternalInit proposals: ${RULE}`);
  const refused: Array<[string, number]> = [
    ['group_context_extensions', content.gce.length],
    ['adds', content.adds.length],
    ['updates', content.updates.length],
    ['app_data_update', content.appDataUpdates.length + content.undecodable.length],
    ['self_remove', content.selfRemovesByNonMembers],
  ];
  for (const [what, n] of refused) if (n > 0) deny(what, `${n} ${what} proposal(s): ${RULE}`);
  content.others.forEach((o, i) => {
    if (o.type !== 'external_init' && o.type !== 'psk') deny(`others[${i}]`, `a ${o.type} proposal: ${RULE}`);
  });
  // A member sender is a proposal included by reference (by value, the joiner's have none).
  const byReference = [...content.removes, ...content.others].filter((p) => p.sender !== undefined).length;
  if (byReference > 0) deny('proposals', `${byReference} proposal(s) by reference: an External Commit includes proposals by value only (RFC 9420 §12.4.3.2)`);
  if (content.removes.length > 1) deny('removes', `${content.removes.length} Remove proposals: ${RULE}`);

  const path = content.path;
  if (path === null || path === 'encrypted') {
    deny('commit.path', path === null ? 'an External Commit must have a path: its LeafNode is the joiner' : 'an External Commit is a PublicMessage');
    return { denials };
  }
  let joiner: ExternalJoiner;
  try {
    const uri = clientOf(path);
    joiner = { client: uri.text, user: userOfClientUri(uri), credential: path };
  } catch (e) {
    deny('commit.path', `the joiner's credential: ${(e as Error).message}`);
    return { denials };
  }
  content.removes.forEach(({ leaf }, i) => {
    const m = members.find((x) => x.leafIndex === leaf);
    const held = m ? clientOfMember(m) : undefined;
    if (held !== joiner.client)
      deny(
        `removes[${i}]`,
        `removes leaf ${leaf} (${held ?? 'no MIMI client'}): an External Commit may remove only the joiner's own former leaf, ${joiner.client}`,
      );
  });
  if (denials.length) return { denials };

  const participant = before.participant_list.participants.some((p) => userKey(p.user) === userKey(utf8.encode(joiner.user)));
  if (!participant)
    return {
      denials: [
        {
          missing: 'canJoinIfPreauthorized',
          at: 'commit.path',
          reason: `${joiner.client} joins externally but ${joiner.user} is not in the participant list; only participants' own clients may (canAddOwnClient); joining as a non-participant (canJoinIfPreauthorized, canOpenJoin, canUseJoinCode) is not supported`,
        },
      ],
    };
  return { joiner };
}
