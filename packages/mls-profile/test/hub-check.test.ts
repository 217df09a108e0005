/**
 * The hub's commit check with proposals by reference: the hub resolves each reference among the
 * proposals it accepted this epoch and runs the members' own checkCommit. The messages are built
 * with the generated codecs (the hub verifies no signature, so placeholder signatures do).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { codecs, type Commit, type KeyPackage, type Proposal } from '@mimikit/mls';
import { publicMessage } from './support/public-message.ts';
import type { Role, RoleData } from '@mimikit/mimi-room-policy';
import { proposalRef } from '../src/hub/index.ts';
import { cipherSuite, type Member } from '../src/mls/index.ts';
import { type CapabilityName, defineRole } from '../src/policy/index.ts';
import { appDataUpdatesFor, encodeRoomStateExtension } from '../src/room/index.ts';
import { toHex } from '@mimikit/bytes';
import { hubCheckCommit, hubCheckProposals, ROOM_STATE_ENCODING, RoomError, roomKeyPackage, type FullRoomState } from '../src/rooms/index.ts';

const te = new TextEncoder();
const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const ALICE = 'mimi://a.example/u/alice';
const BOB = 'mimi://b.example/u/bob';
const CAROL = 'mimi://c.example/u/carol';

const role = (index: number, caps: CapabilityName[], changes: Array<[number, number[]]>): Role =>
  defineRole({ index, name: `r${index}`, capabilities: caps, changes });
const roles: RoleData = { roles: [role(1, ['canSendMessage'], []), role(3, ['canAddParticipant'], [[0, [1]]])] };
const before: FullRoomState = {
  participant_list: {
    participants: [
      { user: te.encode(ALICE), role_index: 3 },
      { user: te.encode(BOB), role_index: 1 },
    ],
  },
  roles_list: roles,
};
const members: Member[] = [
  { leafIndex: 0, credential: { credentialType: 1, identity: te.encode('mimi://a.example/d/alice/laptop') }, signatureKey: new Uint8Array(32) },
  { leafIndex: 1, credential: { credentialType: 1, identity: te.encode('mimi://b.example/d/bob/phone') }, signatureKey: new Uint8Array(32) },
];

/** The code and message of the RoomError `f` throws. */
function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (err) {
    if (!(err instanceof RoomError)) throw err;
    return { code: err.code, message: err.message };
  }
  throw new Error('expected a RoomError');
}

describe('hubCheckCommit with proposals by reference', () => {
  let carolKp: KeyPackage;
  let addCarol: Uint8Array;
  const withCarol = (): Proposal => {
    const after: FullRoomState = {
      ...before,
      participant_list: { participants: [...before.participant_list.participants, { user: te.encode(CAROL), role_index: 1 }] },
    };
    return {
      proposal_type: 'group_context_extensions',
      group_context_extensions: { extensions: [{ extension_type: 'app_data_dictionary', extension_data: encodeRoomStateExtension(after) }] },
    };
  };
  const commitBy = (leaf: number, proposals: Commit['proposals']) => publicMessage(leaf, { content_type: 'commit', commit: { proposals, path: null } });

  beforeAll(async () => {
    const kp = await roomKeyPackage({ client: 'mimi://c.example/d/carol/tablet', cipherSuite: await cipherSuite(SUITE) });
    const m = codecs.MLSMessage.decode(kp.keyPackage);
    if (m.wire_format !== 'mls_key_package') throw new Error('not a KeyPackage');
    carolKp = m.key_package;
    // Bob proposes adding Carol's client; the hub accepted it this epoch.
    addCarol = publicMessage(1, { content_type: 'proposal', proposal: { proposal_type: 'add', add: { key_package: carolKp } } });
  });

  it('resolves a reference to an accepted proposal and lets the admin commit it with the list change', () => {
    const ref = proposalRef(addCarol, SUITE);
    const commit = commitBy(0, [
      { type: 'reference', reference: ref },
      { type: 'proposal', proposal: withCarol() },
    ]);
    const check = hubCheckCommit(commit, before, members, { messages: [addCarol], cipherSuite: SUITE });
    expect(check.denials).toEqual([]);
    expect(check.addedClients).toEqual(['mimi://c.example/d/carol/tablet']);
    expect(check.update?.addedParticipants.map((p) => new TextDecoder().decode(p.user))).toEqual([CAROL]);
  });

  it('judges the committer: the same commit from Bob (no canAddParticipant) is denied', () => {
    const commit = commitBy(1, [
      { type: 'reference', reference: proposalRef(addCarol, SUITE) },
      { type: 'proposal', proposal: withCarol() },
    ]);
    const check = hubCheckCommit(commit, before, members, { messages: [addCarol], cipherSuite: SUITE });
    expect(check.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canAddParticipant @ addedParticipants[0]']);
  });

  it('an add by reference without the participant-list change is denied (client of a non-participant)', () => {
    const commit = commitBy(0, [{ type: 'reference', reference: proposalRef(addCarol, SUITE) }]);
    const check = hubCheckCommit(commit, before, members, { messages: [addCarol], cipherSuite: SUITE });
    expect(check.denials.map((d) => d.missing)).toEqual(['client']);
  });

  it('a commit that leaves out a pending proposal is denied: the hub makes the next committer include it', () => {
    const commit = commitBy(0, [{ type: 'proposal', proposal: withCarol() }]);
    const check = hubCheckCommit(commit, before, members, { messages: [addCarol], cipherSuite: SUITE });
    expect(check.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual([`pending_proposal @ proposal ${toHex(proposalRef(addCarol, SUITE))}`]);
  });

  it("judges a proposal by reference by its proposer: a Remove of Alice's client proposed by Bob needs canKick", () => {
    const removeAlice = publicMessage(1, { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed: 0 } } });
    const commit = commitBy(1, [{ type: 'reference', reference: proposalRef(removeAlice, SUITE) }]);
    const check = hubCheckCommit(commit, before, members, { messages: [removeAlice], cipherSuite: SUITE });
    expect(check.denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canKick @ removes[0]']);
  });

  it('a reference to a proposal the hub did not accept is refused with the reference named', () => {
    const ref = proposalRef(addCarol, SUITE);
    const commit = commitBy(0, [
      { type: 'reference', reference: ref },
      { type: 'proposal', proposal: withCarol() },
    ]);
    expect(refusal(() => hubCheckCommit(commit, before, members))).toEqual({
      code: 'bad-input',
      message: `proposals[0] references ${toHex(ref)}, which is not a proposal the hub accepted this epoch`,
    });
  });

  it('the pending-proposal denial says what the hub requires', () => {
    const ref = toHex(proposalRef(addCarol, SUITE));
    const check = hubCheckCommit(commitBy(0, []), before, members, { messages: [addCarol], cipherSuite: SUITE });
    expect(check.denials).toEqual([
      {
        missing: 'pending_proposal',
        at: `proposal ${ref}`,
        reason: `the commit does not include proposal ${ref}, which the hub accepted this epoch and requires the next commit to include`,
      },
    ]);
  });

  it('refuses what is not a PublicMessage commit, and pending messages that are not PublicMessage proposals', () => {
    const privateCommit = codecs.MLSMessage.encode({
      version: 'mls10',
      wire_format: 'mls_private_message',
      private_message: {
        group_id: te.encode('g'),
        epoch: 4n,
        content_type: 'commit',
        authenticated_data: new Uint8Array(),
        encrypted_sender_data: new Uint8Array(8),
        ciphertext: new Uint8Array(8),
      },
    });
    expect(refusal(() => hubCheckCommit(privateCommit, before, members))).toEqual({
      code: 'bad-input',
      message: 'the hub can only check PublicMessage commits, got mls_private_message',
    });
    expect(refusal(() => hubCheckCommit(addCarol, before, members))).toEqual({ code: 'bad-input', message: 'expected a commit, got a proposal' });
    const pending = { messages: [addCarol, commitBy(0, [])], cipherSuite: SUITE };
    expect(refusal(() => hubCheckCommit(commitBy(0, []), before, members, pending))).toEqual({
      code: 'bad-input',
      message: 'a pending proposal that is not a PublicMessage proposal',
    });
  });
});

describe('hubCheckCommit judges AppDataUpdate proposals (the encoding ROOM_STATE_ENCODING switches to)', () => {
  let addCarol: Proposal;
  let carolKp: KeyPackage;
  /** The AppDataUpdate proposals that turn the room into `after` (draft-ietf-mls-extensions-09 §4.7). */
  const appDataUpdates = (after: FullRoomState): Proposal[] =>
    appDataUpdatesFor(before, after).map((u) => ({ proposal_type: 'app_data_update', app_data_update: u }));
  const withCarol: FullRoomState = {
    ...before,
    participant_list: { participants: [...before.participant_list.participants, { user: te.encode(CAROL), role_index: 1 }] },
  };
  const aliceDemoted: FullRoomState = {
    ...before,
    participant_list: { participants: [{ user: te.encode(ALICE), role_index: 1 }, before.participant_list.participants[1]!] },
  };
  const commitBy = (leaf: number, proposals: Proposal[]) =>
    publicMessage(leaf, { content_type: 'commit', commit: { proposals: proposals.map((proposal) => ({ type: 'proposal', proposal })), path: null } });
  const judge = (commit: Uint8Array) => hubCheckCommit(commit, before, members).denials.map((d) => ({ ...d, reason: d.reason.replace(/ to .*/, '') }));

  beforeAll(async () => {
    const kp = codecs.MLSMessage.decode(
      (await roomKeyPackage({ client: 'mimi://c.example/d/carol/tablet', cipherSuite: await cipherSuite(SUITE) })).keyPackage,
    );
    if (kp.wire_format !== 'mls_key_package') throw new Error('not a KeyPackage');
    carolKp = kp.key_package;
    addCarol = { proposal_type: 'add', add: { key_package: carolKp } };
  });

  it('the rooms still send GroupContextExtensions, so these commits are built by hand', () => {
    expect(ROOM_STATE_ENCODING).toBe('group_context_extensions');
    expect(appDataUpdates(withCarol).map((p) => p.proposal_type)).toEqual(['app_data_update']);
  });

  it("Bob's AppDataUpdate adding Carol with her client is denied (canAddParticipant); Alice's is allowed and changes the list", () => {
    expect(judge(commitBy(1, [...appDataUpdates(withCarol), addCarol]))).toEqual([
      { missing: 'canAddParticipant', at: 'addedParticipants[0]', reason: `role 1 of ${BOB} lacks canAddParticipant` },
    ]);
    const check = hubCheckCommit(commitBy(0, [...appDataUpdates(withCarol), addCarol]), before, members);
    expect(check.denials).toEqual([]);
    expect(check.update?.addedParticipants.map((p) => new TextDecoder().decode(p.user))).toEqual([CAROL]);
    expect(check.after?.participant_list.participants.map((p) => new TextDecoder().decode(p.user))).toEqual([ALICE, BOB, CAROL]);
  });

  it("Bob's AppDataUpdate that demotes Alice, with no other proposal, is denied (canChangeUserRole)", () => {
    expect(judge(commitBy(1, appDataUpdates(aliceDemoted)))).toEqual([
      { missing: 'canChangeUserRole', at: 'changedRoleParticipants[0]', reason: `role 1 of ${BOB} lacks canChangeUserRole` },
    ]);
  });

  it('an AppDataUpdate that removes the participant list is denied (room_state): a room needs one', () => {
    const removeList: Proposal = { proposal_type: 'app_data_update', app_data_update: { component_id: 0x0022, op: 'remove' } };
    expect(judge(commitBy(0, [removeList]))).toEqual([
      { missing: 'room_state', at: 'app_data_update', reason: 'the app_data_dictionary has no participant_list or no roles_list' },
    ]);
  });

  it('a proposal that changes neither membership nor room state (a PreSharedKey) is left to MLS', () => {
    const psk: Proposal = { proposal_type: 'psk', psk: { psk: { psktype: 'external', psk_id: Uint8Array.of(1), psk_nonce: Uint8Array.of(2) } } };
    const check = hubCheckCommit(commitBy(0, [psk]), before, members);
    expect(check.denials).toEqual([]);
    expect(check.after).toEqual(before);
  });

  it('an Add of an X.509 client is denied: rooms admit basic MIMI client credentials only', () => {
    const x509: KeyPackage = {
      ...carolKp,
      leaf_node: { ...carolKp.leaf_node, credential: { credential_type: 'x509', certificates: [{ cert_data: Uint8Array.of(0x30) }] } },
    };
    expect(judge(commitBy(0, [{ proposal_type: 'add', add: { key_package: x509 } }]))).toEqual([
      { missing: 'client', at: 'adds[0]', reason: 'a credential that is not a basic MIMI client credential' },
    ]);
  });

  it('an AppDataUpdate that does not apply is denied (room_state), not ignored', () => {
    const broken: Proposal = { proposal_type: 'app_data_update', app_data_update: { component_id: 0x0022, op: 'update', update: new Uint8Array([0xff]) } };
    expect(hubCheckCommit(commitBy(0, [broken]), before, members).denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['room_state @ app_data_update']);
  });
});

describe('hubCheckProposals: what a batch must be', () => {
  const removeBy = (sender: number, removed: number) =>
    publicMessage(sender, { content_type: 'proposal', proposal: { proposal_type: 'remove', remove: { removed } } });

  it('refuses an empty batch, a message that is no PublicMessage proposal (by position) and a batch of two senders', () => {
    expect(refusal(() => hubCheckProposals([], before, members))).toEqual({ code: 'bad-input', message: 'no proposals to check' });
    const commit = publicMessage(1, { content_type: 'commit', commit: { proposals: [], path: null } });
    expect(refusal(() => hubCheckProposals([removeBy(1, 1), commit], before, members))).toEqual({
      code: 'bad-input',
      message: 'proposals[1] is not a PublicMessage proposal',
    });
    expect(refusal(() => hubCheckProposals([removeBy(1, 1), removeBy(0, 1)], before, members))).toEqual({
      code: 'bad-input',
      message: "proposals from more than one sender: check each sender's batch on its own",
    });
  });

  it("judges a batch by its one sender: Bob may not remove Alice's client (canKick)", () => {
    expect(hubCheckProposals([removeBy(1, 0)], before, members).denials.map((d) => `${d.missing} @ ${d.at}`)).toEqual(['canKick @ removes[0]']);
  });
});
