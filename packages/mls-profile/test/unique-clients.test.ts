/**
 * One client URI, one leaf; a leaf keeps its client URI (src/rooms/unique-clients.ts), judged on
 * the commit's content directly: each denial with where it points and its reason. The live rooms
 * (rooms-identity.test.ts) show the same rules at the committer, the hub and every member.
 */
import { describe, expect, it } from 'vitest';
import type { Credential } from '@mimikit/mls';
import type { Member, MlsCredential } from '../src/mls/index.ts';
import { duplicateClients } from '../src/rooms/index.ts';
import { clientLeafDenials } from '../src/rooms/unique-clients.ts';
import { emptyCommitContent, type CommitContent } from '../src/rooms/verify.ts';

const te = new TextEncoder();
const LAPTOP = 'mimi://a.example/d/alice/laptop';
const PHONE = 'mimi://b.example/d/bob/phone';
const TABLET = 'mimi://b.example/d/bob/tablet';
const WATCH = 'mimi://b.example/d/bob/watch';

const mls = (client: string): MlsCredential => ({ credentialType: 1, identity: te.encode(client) });
const cred = (client: string): Credential => ({ credential_type: 'basic', identity: te.encode(client) });
const X509: MlsCredential = { credentialType: 2, certificates: [] };
const member = (leafIndex: number, credential: MlsCredential): Member => ({ leafIndex, credential, signatureKey: new Uint8Array(32) });
/** Leaves: Alice's laptop 0, Bob's phone 1 and tablet 2. */
const MEMBERS = [LAPTOP, PHONE, TABLET].map((c, i) => member(i, mls(c)));

const content = (c: Partial<CommitContent>): CommitContent => ({ ...emptyCommitContent(), ...c });
const judge = (c: Partial<CommitContent>, committer: number | undefined = 0, members: Member[] = MEMBERS) => clientLeafDenials(members, committer, content(c));
const client = (at: string, reason: string) => [{ missing: 'client', at, reason }];

describe('clientLeafDenials: one client URI, one leaf', () => {
  it('an Add of a URI a remaining leaf holds is refused at the Add', () => {
    expect(judge({ adds: [{ sender: 1, credential: cred(PHONE) }] })).toEqual(
      client('adds[0]', `${PHONE} would hold 2 leaves (leaf 1, adds[0]): a client URI is one member of the room`),
    );
  });

  it('two Adds of one URI are refused at the second', () => {
    expect(
      judge({
        adds: [
          { sender: 1, credential: cred(WATCH) },
          { sender: 1, credential: cred(LAPTOP) },
          { sender: 1, credential: cred(WATCH) },
        ],
      }),
    ).toEqual([
      ...client('adds[1]', `${LAPTOP} would hold 2 leaves (leaf 0, adds[1]): a client URI is one member of the room`),
      ...client('adds[2]', `${WATCH} would hold 2 leaves (adds[0], adds[2]): a client URI is one member of the room`),
    ]);
  });

  it('removing a leaf and adding a fresh KeyPackage of its client in one commit is fine', () => {
    expect(judge({ removes: [{ sender: 1, leaf: 1 }], adds: [{ sender: 1, credential: cred(PHONE) }] })).toEqual([]);
    expect(judge({ adds: [{ sender: 1, credential: cred(WATCH) }] })).toEqual([]);
  });

  it('a duplicate the room already holds is not this commit’s: not refused, and removing one of its leaves is fine', () => {
    const ghost = [...MEMBERS, member(3, mls(PHONE))];
    expect(judge({}, 0, ghost)).toEqual([]);
    expect(judge({ removes: [{ sender: 0, leaf: 3 }] }, 0, ghost)).toEqual([]);
    // Renewing the credential of one of its leaves (same URI) brings in nothing new either.
    expect(judge({ updates: [{ sender: 1, credential: cred(PHONE) }] }, 0, ghost)).toEqual([]);
    expect(judge({ path: cred(PHONE) }, 3, ghost)).toEqual([]);
    expect(duplicateClients(ghost)).toEqual([{ client: PHONE, leaves: [1, 3] }]);
    expect(duplicateClients([...ghost, member(4, X509), member(5, X509), member(6, mls(PHONE))])).toEqual([{ client: PHONE, leaves: [1, 3, 6] }]);
    expect(duplicateClients(MEMBERS)).toEqual([]);
  });

  it('leaves and Adds with no MIMI client are not counted as holding one', () => {
    const members = [...MEMBERS, member(3, X509), member(4, X509)];
    expect(judge({ adds: [{ sender: 0, credential: { credential_type: 'x509', certificates: [] } }] }, 0, members)).toEqual([]);
  });
});

describe('clientLeafDenials: a leaf keeps its client URI', () => {
  it('an Update proposal may renew a leaf’s credential, not change its URI', () => {
    expect(judge({ updates: [{ sender: 2, credential: cred(TABLET) }] })).toEqual([]);
    expect(judge({ updates: [{ sender: 2, credential: cred(WATCH) }] })).toEqual(
      client(
        'updates[0]',
        `leaf 2 would change from ${TABLET} to ${WATCH}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${WATCH} as a new client instead`,
      ),
    );
  });

  it('an Update to another leaf’s URI is refused twice: the change, and the URI on two leaves, both at the Update', () => {
    expect(judge({ updates: [{ sender: 1, credential: cred(LAPTOP) }] })).toEqual([
      ...client(
        'updates[0]',
        `leaf 1 would change from ${PHONE} to ${LAPTOP}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${LAPTOP} as a new client instead`,
      ),
      ...client('updates[0]', `${LAPTOP} would hold 2 leaves (leaf 0, leaf 1): a client URI is one member of the room`),
    ]);
  });

  it('an Update from a non-member is not a leaf’s: ignored here (checkCommit refuses non-members)', () => {
    expect(judge({ updates: [{ sender: undefined, credential: cred(WATCH) }] })).toEqual([]);
    expect(clientLeafDenials(MEMBERS, undefined, content({ updates: [{ sender: undefined, credential: cred(WATCH) }] }))).toEqual([]);
  });

  it('an Update with a credential that names no client is refused with the reason', () => {
    expect(judge({ updates: [{ sender: 1, credential: { credential_type: 'x509', certificates: [] } }] })).toEqual(
      client('updates[0]', 'the new credential of leaf 1: a credential that is not a basic MIMI client credential'),
    );
  });

  it('a leaf with no MIMI client that gets one changes its client too', () => {
    const members = [...MEMBERS, member(3, X509)];
    expect(judge({ updates: [{ sender: 3, credential: cred(WATCH) }] }, 0, members)).toEqual(
      client(
        'updates[0]',
        `leaf 3 would change from a credential with no MIMI client to ${WATCH}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${WATCH} as a new client instead`,
      ),
    );
  });

  it('the committer’s UpdatePath is judged like an Update of its leaf', () => {
    expect(judge({ path: cred(LAPTOP) })).toEqual([]);
    expect(judge({ path: cred(PHONE) }, 0)).toEqual([
      ...client(
        'commit.path',
        `leaf 0 would change from ${LAPTOP} to ${PHONE}: a leaf keeps its client URI (RFC 9420 §5.3.1 successor credential); add ${PHONE} as a new client instead`,
      ),
      ...client('commit.path', `${PHONE} would hold 2 leaves (leaf 0, leaf 1): a client URI is one member of the room`),
    ]);
    // No committer leaf (an external commit): nothing to replace here.
    expect(clientLeafDenials(MEMBERS, undefined, content({ path: cred(PHONE) }))).toEqual([]);
  });

  it('an encrypted UpdatePath cannot be checked, so it is refused', () => {
    expect(judge({ path: 'encrypted' })).toEqual(
      client(
        'commit.path',
        'a PrivateMessage commit: the credential in its UpdatePath cannot be checked before the commit is applied (MIMI handshakes are PublicMessages, draft-ietf-mimi-protocol-06 §5.3)',
      ),
    );
  });

  it('a removed leaf’s Update is not judged', () => {
    expect(judge({ removes: [{ sender: 0, leaf: 2 }], updates: [{ sender: 2, credential: cred(WATCH) }] })).toEqual([]);
  });

  it('reads each member’s client once through the caller’s lookup, when given', () => {
    const seen: number[] = [];
    const denials = clientLeafDenials(MEMBERS, 0, content({ adds: [{ sender: 0, credential: cred(WATCH) }] }), (m) => {
      seen.push(m.leafIndex);
      return m.leafIndex === 2 ? WATCH : undefined;
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(denials).toEqual(client('adds[0]', `${WATCH} would hold 2 leaves (leaf 2, adds[0]): a client URI is one member of the room`));
  });
});
