/**
 * One client, one leaf. A client URI names one MLS client (draft-mahy-mimi-identity-05: the client
 * identifier is the client's, its credential says it), so in a room it holds at most one leaf. Two
 * leaves with one URI are a ghost device: `clients()` lists the URI twice, messages from either
 * look like the real client's, and removing "the" client leaves the other behind. MLS does not
 * forbid it (RFC 9420 §7.3 wants only signature and encryption keys unique; identities are the
 * application's business, and draft-ietf-mimi-room-policy-03 lists "when two credentials represent
 * the same client" as room policy), so the profile does: these are the rules of checkCommit.
 *
 * - Uniqueness: after the commit, no client URI is held by two leaves. A commit that adds a URI
 *   twice, or adds one that a remaining member already holds, is refused at the Add; removing the
 *   old leaf and adding a fresh KeyPackage of the same client in one commit is fine.
 * - Successor (RFC 9420 §5.3.1: a replaced credential must be "valid as a successor" by the
 *   application's policy): an Update proposal or a commit's UpdatePath may renew a leaf's
 *   credential, but not change its client URI. A leaf is one client for as long as it is a member;
 *   another client is added (and so checked against the participant list and canAddOwnClient).
 *
 * Only what the commit introduces is judged, so a room that already holds a duplicate (made before
 * this rule) can still commit, and a commit that removes the ghost is allowed; joinRoom refuses to
 * join such a room (duplicateClients).
 */
import type { Credential } from '@mimikit/mls';
import type { Member, MlsCredential } from '../mls/index.ts';
import type { RoomDenial } from './errors.ts';
import { clientOf } from './identity.ts';
import type { CommitContent } from './commit-content.ts';

/** The client URI text of a credential, or undefined when it names none (the other checks deny that). */
function clientOrUndefined(c: MlsCredential | Credential): string | undefined {
  try {
    return clientOf(c).text;
  } catch {
    return undefined;
  }
}

/** Client URIs held by more than one of these members, with their leaves. */
export function duplicateClients(members: readonly Member[]): Array<{ client: string; leaves: number[] }> {
  const leaves = new Map<string, number[]>();
  for (const m of members) {
    const client = clientOrUndefined(m.credential);
    if (client !== undefined) leaves.set(client, [...(leaves.get(client) ?? []), m.leafIndex]);
  }
  return [...leaves].filter(([, l]) => l.length > 1).map(([client, l]) => ({ client, leaves: l }));
}

/**
 * The denials of the two rules above for one commit, by `committer`, over the members before it.
 * `clientOfMember` lets checkCommit reuse the clients it has already read.
 */
export function clientLeafDenials(
  members: readonly Member[],
  committer: number | undefined,
  content: CommitContent,
  clientOfMember: (m: Member) => string | undefined = (m) => clientOrUndefined(m.credential),
): RoomDenial[] {
  const denials: RoomDenial[] = [];
  const deny = (at: string, reason: string) => denials.push({ missing: 'client', at, reason });

  // Leaves whose credential the commit replaces: each Update's sender, and the committer (UpdatePath).
  const replaced = new Map<number, { at: string; credential: Credential }>();
  content.updates.forEach(({ sender, credential }, i) => {
    if (sender !== undefined) replaced.set(sender, { at: `updates[${i}]`, credential });
  });
  if (content.path === 'encrypted') {
    deny(
      'commit.path',
      'a PrivateMessage commit: the credential in its UpdatePath cannot be checked before the commit is applied (MIMI handshakes are PublicMessages, draft-ietf-mimi-protocol-06 §5.3)',
    );
  } else if (content.path && committer !== undefined) {
    replaced.set(committer, { at: 'commit.path', credential: content.path });
  }

  // Who holds each client URI after the commit (`where`), and for what this commit puts there, the
  // proposal or path that does it (`by`).
  const holders = new Map<string, Array<{ where: string; by: string | undefined }>>();
  const hold = (client: string | undefined, where: string, by: string | undefined) => {
    if (client !== undefined) holders.set(client, [...(holders.get(client) ?? []), { where, by }]);
  };
  const removed = new Set(content.removes.map((r) => r.leaf));
  for (const m of members) {
    if (removed.has(m.leafIndex)) continue;
    const before = clientOfMember(m);
    const change = replaced.get(m.leafIndex);
    if (!change) {
      hold(before, `leaf ${m.leafIndex}`, undefined);
      continue;
    }
    let after: string;
    try {
      after = clientOf(change.credential).text;
    } catch (e) {
      deny(change.at, `the new credential of leaf ${m.leafIndex}: ${(e as Error).message}`);
      continue;
    }
    if (after !== before) {
      deny(
        change.at,
        `leaf ${m.leafIndex} would change from ${before ?? 'a credential with no MIMI client'} to ${after}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${after} as a new client instead`,
      );
    }
    hold(after, `leaf ${m.leafIndex}`, after !== before ? change.at : undefined);
  }
  content.adds.forEach(({ credential, at }, i) => hold(clientOrUndefined(credential), at ?? `adds[${i}]`, at ?? `adds[${i}]`));

  for (const [client, places] of holders) {
    if (places.length < 2) continue;
    // Named at what this commit brings in: the second of two Adds, the Add of a URI a leaf holds.
    const at = (places.slice(1).find((p) => p.by) ?? places.find((p) => p.by))?.by;
    if (at === undefined) continue;
    deny(at, `${client} would hold ${places.length} leaves (${places.map((p) => p.where).join(', ')}): a client URI is one member of the room`);
  }
  return denials;
}
