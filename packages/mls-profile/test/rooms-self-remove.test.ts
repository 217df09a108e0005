/**
 * A SelfRemove (draft-ietf-mls-extensions SelfRemove) is the Remove of its sender's own leaf, so the
 * room policy judges it as that Remove: at the hub (a genuine SelfRemove, built with the generated
 * codecs, sent alone or committed by reference by another member) and at every member, which gets it
 * from ts-mls 1.6.4 as a custom proposal of type 0x000a (ts-mls does not know SelfRemove). Each
 * SelfRemove must get exactly the verdict of the equivalent Remove, proposed by the same leaf.
 */
import { describe, expect, it } from 'vitest';
import { publicMessage } from './support/public-message.ts';
import { SELF_REMOVE } from '../src/advertise/index.ts';
import { proposalRef } from '../src/hub/index.ts';
import type { Member, ProposalView } from '../src/mls/index.ts';
import { defineRole } from '../src/policy/index.ts';
import { checkCommit, contentOfCommit, contentOfInputs, hubCheckCommit, hubCheckProposals, type CommitCheck, type FullRoomState } from '../src/rooms/index.ts';

const te = new TextEncoder();
const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const USERS = ['mimi://a.example/u/alice', 'mimi://b.example/u/bob', 'mimi://c.example/u/carol', 'mimi://d.example/u/dave'] as const;
const [ALICE_LEAF, BOB_LEAF, CAROL_LEAF, DAVE_LEAF] = [0, 1, 2, 3];

// Bob's role lacks canRemoveOwnClient; Carol's holds it; Dave is the only active speaker, whose role
// holds it but needs one active participant.
const before: FullRoomState = {
  participant_list: { participants: USERS.map((u, i) => ({ user: te.encode(u), role_index: i + 1 })) },
  roles_list: {
    roles: [
      defineRole({ index: 1, name: 'host', capabilities: ['canSendMessage'] }),
      defineRole({ index: 2, name: 'plain', capabilities: ['canSendMessage'] }),
      defineRole({ index: 3, name: 'leaver', capabilities: ['canSendMessage', 'canRemoveOwnClient'] }),
      defineRole({ index: 4, name: 'speaker', capabilities: ['canSendMessage', 'canRemoveOwnClient'], minimumActive: 1 }),
    ],
  },
};
const members: Member[] = USERS.map((u, leafIndex) => ({
  leafIndex,
  credential: { credentialType: 1, identity: te.encode(`${u.replace('/u/', '/d/')}/phone`) },
  signatureKey: new Uint8Array(32),
}));

const selfRemove = (leaf: number) => publicMessage(leaf, { content_type: 'proposal', proposal: { proposal_type: 'self_remove', self_remove: {} } });
const removeOwn = (leaf: number) => publicMessage(leaf, { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed: leaf } } });
/** Alice commits `proposal` (accepted by the hub this epoch) by reference. */
const hubCommit = (proposal: Uint8Array): CommitCheck =>
  hubCheckCommit(
    publicMessage(ALICE_LEAF, { content_type: 'commit', commit: { proposals: [{ type: 'reference', reference: proposalRef(proposal, SUITE) }], path: null } }),
    before,
    members,
    { messages: [proposal], cipherSuite: SUITE },
  );
/** What a member checks when Alice commits `view` (a proposal of another leaf, by reference), as the room adapter calls it. */
const memberCheck = (view: ProposalView): CommitCheck => checkCommit(before, members, ALICE_LEAF, contentOfCommit([view], null));
const memberSelfRemove = (leaf: number): ProposalView => ({ sender: leaf, kind: 'custom', proposalType: SELF_REMOVE, data: new Uint8Array() });
const memberRemoveOwn = (leaf: number): ProposalView => ({
  sender: leaf,
  kind: 'standard',
  gist: { type: 'remove', removed: leaf },
  get proposal(): never {
    throw new Error('not read');
  },
});

/** The verdict of every place on `leaf`'s SelfRemove, and on the same leaf's Remove of itself. */
const verdicts = (leaf: number) => ({
  selfRemove: {
    proposals: hubCheckProposals([selfRemove(leaf)], before, members),
    commit: hubCommit(selfRemove(leaf)),
    member: memberCheck(memberSelfRemove(leaf)),
  },
  remove: { proposals: hubCheckProposals([removeOwn(leaf)], before, members), commit: hubCommit(removeOwn(leaf)), member: memberCheck(memberRemoveOwn(leaf)) },
});

describe('SelfRemove is judged as the Remove of its sender’s own leaf', () => {
  it('is denied canRemoveOwnClient when the sender’s role lacks it: at the hub (alone and committed by reference) and at every member', () => {
    const v = verdicts(BOB_LEAF);
    const lacks = [
      {
        missing: 'canRemoveOwnClient',
        at: 'removes[0]',
        reason: `the role of ${USERS[1]} lacks canRemoveOwnClient (removing a client of ${USERS[1]}, who stays a participant)`,
      },
    ];
    for (const c of [...Object.values(v.selfRemove), ...Object.values(v.remove)]) expect(c.denials).toEqual(lacks);
  });

  it('is denied when it would leave the sender’s role below its minimum of active participants', () => {
    const v = verdicts(DAVE_LEAF);
    const below = [
      {
        missing: 'minimum_active_participants_constraint',
        at: 'removes[0]',
        reason: 'role 4 would have 0 active participants (with clients in the group), fewer than 1',
      },
    ];
    for (const c of [...Object.values(v.selfRemove), ...Object.values(v.remove)]) expect(c.denials).toEqual(below);
  });

  it('passes everywhere when allowed, removing the sender’s leaf', () => {
    const v = verdicts(CAROL_LEAF);
    for (const c of [...Object.values(v.selfRemove), ...Object.values(v.remove)]) {
      expect(c.denials).toEqual([]);
      expect(c.removedLeaves).toEqual([CAROL_LEAF]);
      expect(c.clientsRemovedOf).toEqual([USERS[2]]);
    }
  });

  it('from a non-member is denied: it names no leaf, and only a member can remove itself', () => {
    const external: ProposalView = { sender: undefined, kind: 'custom', proposalType: SELF_REMOVE, data: new Uint8Array() };
    expect(memberCheck(external).denials).toEqual([
      {
        missing: 'committer',
        at: 'self_remove',
        reason: 'a SelfRemove from a non-member: only a member can remove itself (draft-ietf-mls-extensions SelfRemove)',
      },
    ]);
  });

  it('is read the same way from proposals a member is about to commit (contentOfInputs)', () => {
    expect(contentOfInputs([{ type: 'custom', proposalType: SELF_REMOVE, data: new Uint8Array() }], CAROL_LEAF).removes).toEqual([
      { sender: CAROL_LEAF, leaf: CAROL_LEAF },
    ]);
  });
});
