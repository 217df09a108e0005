/**
 * The hub's check of a GroupInfo and ratchet tree (hubCheckGroupInfo over verifyGroupInfo): real
 * rooms' pairs pass, at creation and after a commit; forged ones fail with the check they break. The
 * forgeries re-sign with ts-mls directly where a forger holding a signature key would.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RoleData } from '@mimikit/mimi-room-policy';
import { codecs } from '@mimikit/mls';
import { decodeMlsMessage, encodeMlsMessage, getCiphersuiteFromName, getCiphersuiteImpl, type CiphersuiteImpl } from 'ts-mls';
import { signGroupInfo } from 'ts-mls/groupInfo.js';
import { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import { treeHashRoot } from 'ts-mls/treeHash.js';
import { mimiAuthService } from '../src/identity/index.ts';
import { cipherSuite, generateSignatureKeyPair, type CipherSuite } from '../src/mls/index.ts';
import { defineRole } from '../src/policy/index.ts';
import {
  createRoom,
  GroupInfoCheckError,
  hubCheckGroupInfo,
  joinRoom,
  loadRoomMember,
  roomKeyPackage,
  type GroupInfoCheck,
  type HubGroupInfoCheckOptions,
  type RoomMember,
} from '../src/rooms/index.ts';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519' as const;
const authService = mimiAuthService({ domains: ['a.example', 'b.example'], acceptUnverified: true });
const roles: RoleData = {
  roles: [
    defineRole({ index: 1, name: 'participant', capabilities: ['canSendMessage'], changes: [] }),
    defineRole({ index: 3, name: 'admin', capabilities: ['canAddParticipant', 'canChangeRoomName'], changes: [[0, [1]]], minimum: 1 }),
  ],
};

/** The check hubCheckGroupInfo fails with (GroupInfoCheckError.check); 'passed' when it passes. */
async function outcome(gi: Uint8Array, tree: Uint8Array, o: Partial<HubGroupInfoCheckOptions> = {}): Promise<GroupInfoCheck | 'passed'> {
  try {
    await hubCheckGroupInfo(gi, tree, { authService, ...o });
    return 'passed';
  } catch (err) {
    if (err instanceof GroupInfoCheckError) return err.check;
    throw err;
  }
}

/** A GroupInfo MLSMessage changed by `f` on its generated-codec form (the signature is kept). */
function editGroupInfo(
  gi: Uint8Array,
  f: (g: Extract<ReturnType<typeof codecs.MLSMessage.decode>, { wire_format: 'mls_group_info' }>['group_info']) => void,
): Uint8Array {
  const m = codecs.MLSMessage.decode(gi);
  if (m.wire_format !== 'mls_group_info') throw new Error('not a GroupInfo');
  f(m.group_info);
  return codecs.MLSMessage.encode(m);
}

describe('hubCheckGroupInfo', () => {
  let suite: CipherSuite;
  let impl: CiphersuiteImpl;
  let alice: RoomMember;
  /** Alice's state at epoch 0, saved before her first commit (for a competing commit of epoch 0). */
  let aliceAt0: Uint8Array;
  let gi0: Uint8Array;
  let tree0: Uint8Array;
  let add: Uint8Array;
  let gi1: Uint8Array;
  let tree1: Uint8Array;
  let other: RoomMember;

  beforeAll(async () => {
    suite = await cipherSuite(SUITE);
    impl = await getCiphersuiteImpl(getCiphersuiteFromName(SUITE));
    const aliceRoom = (roomUri: string) =>
      createRoom({
        roomUri,
        creator: { user: 'mimi://a.example/u/alice', client: 'mimi://a.example/d/alice/one', cipherSuite: suite },
        roles,
        creatorRole: 3,
        authService,
      });
    alice = await aliceRoom('mimi://a.example/r/den');
    gi0 = await alice.groupInfo();
    tree0 = alice.ratchetTree();
    aliceAt0 = alice.save();
    const bobs = [
      await roomKeyPackage({ client: 'mimi://b.example/d/bob/one', cipherSuite: suite }),
      await roomKeyPackage({ client: 'mimi://b.example/d/bob/two', cipherSuite: suite }),
    ];
    const r = await alice.addParticipant({ user: 'mimi://b.example/u/bob', role: 1, keyPackages: bobs.map((b) => b.keyPackage) });
    add = r.commit;
    gi1 = await alice.groupInfo();
    tree1 = alice.ratchetTree();
    // Bob joins, so the epoch-1 tree is one that members really hold.
    await joinRoom({ welcome: r.welcome!, keyPackage: bobs[0]!, authService });
    other = await aliceRoom('mimi://a.example/r/attic');
  });

  it('a new room and the GroupInfo after a commit pass, with their epoch and signer', async () => {
    await expect(hubCheckGroupInfo(gi0, tree0, { authService })).resolves.toEqual({ epoch: 0n, signer: 0 });
    await expect(hubCheckGroupInfo(gi1, tree1, { authService, previous: { groupInfo: gi0, commit: add } })).resolves.toEqual({ epoch: 1n, signer: 0 });
  });

  it('a tampered GroupInfo signature fails the signature check; so does a changed field under the old signature', async () => {
    const flipped = editGroupInfo(gi1, (g) => {
      g.signature = Uint8Array.from(g.signature, (b, i) => (i === 0 ? b ^ 1 : b));
    });
    expect(await outcome(flipped, tree1)).toBe('signature');
    const renamed = editGroupInfo(gi0, (g) => {
      g.group_context.extensions = [];
    });
    expect(await outcome(renamed, tree0)).toBe('signature');
  });

  it('a tree of another epoch fails the tree hash; another room’s tree the signature (its leaf 0 has another key)', async () => {
    expect(await outcome(gi1, tree0)).toBe('tree-hash');
    expect(await outcome(gi0, tree1)).toBe('tree-hash');
    expect(await outcome(gi1, other.ratchetTree())).toBe('signature');
  });

  it('a tree with two leaves swapped fails the tree hash', async () => {
    const [tree] = decodeRatchetTree(tree1, 0)!;
    expect(tree.filter((n) => n?.nodeType === 'leaf')).toHaveLength(3);
    [tree[2], tree[4]] = [tree[4], tree[2]];
    expect(await outcome(gi1, encodeRatchetTree(tree))).toBe('tree-hash');
  });

  it('a swapped leaf with the tree hash and GroupInfo signature made to match fails the leaf node signature (tree check)', async () => {
    // A forger with its own signature key puts that key in leaf 0, recomputes tree_hash and signs
    // the GroupInfo as leaf 0: the GroupInfo checks pass, leaf 0's LeafNode signature does not.
    const key = await generateSignatureKeyPair(suite);
    const [tree] = decodeRatchetTree(tree1, 0)!;
    const leaf = tree[0];
    if (leaf?.nodeType !== 'leaf') throw new Error('no leaf 0');
    tree[0] = { nodeType: 'leaf', leaf: { ...leaf.leaf, signaturePublicKey: key.publicKey } };
    const [m] = decodeMlsMessage(gi1, 0)!;
    if (m.wireformat !== 'mls_group_info') throw new Error('not a GroupInfo');
    const { signature: _, ...tbs } = m.groupInfo;
    const groupContext = { ...tbs.groupContext, treeHash: await treeHashRoot(tree, impl.hash) };
    const forged = await signGroupInfo({ ...tbs, groupContext }, key.privateKey, impl.signature);
    const gi = encodeMlsMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: forged });
    const check = await hubCheckGroupInfo(gi, encodeRatchetTree(tree), { authService }).catch((e: unknown) => e);
    expect(check).toBeInstanceOf(GroupInfoCheckError);
    expect((check as GroupInfoCheckError).check).toBe('tree');
    expect((check as GroupInfoCheckError).message).toMatch(/leaf node signature/);
  });

  it('a member the AuthService refuses fails the credential check', async () => {
    const onlyA = mimiAuthService({ domains: ['a.example'], acceptUnverified: true });
    expect(await outcome(gi0, tree0, { authService: onlyA })).toBe('passed');
    expect(await outcome(gi1, tree1, { authService: onlyA })).toBe('credential');
  });

  it('after a commit: the GroupInfo must be the next epoch of the same group, with the commit’s confirmation tag and transcript', async () => {
    expect(await outcome(gi1, tree1, { previous: { groupInfo: gi1, commit: add } })).toBe('epoch');
    expect(await outcome(await other.groupInfo(), other.ratchetTree(), { previous: { groupInfo: gi0, commit: add } })).toBe('group-id');
    // A competing commit of epoch 0 (Alice's saved state renames the room instead).
    const twin = await loadRoomMember(aliceAt0, { authService });
    const rename = await twin.changeMetadata({ room_name: { string: new TextEncoder().encode('the den') } });
    expect(await outcome(gi1, tree1, { previous: { groupInfo: gi0, commit: rename.commit } })).toBe('confirmation-tag');
    // The same commit with other authenticated_data: the confirmation tag matches, the transcript does not.
    const m = codecs.MLSMessage.decode(add);
    if (m.wire_format !== 'mls_public_message') throw new Error('not a PublicMessage');
    m.public_message.content.authenticated_data = new Uint8Array([1]);
    expect(await outcome(gi1, tree1, { previous: { groupInfo: gi0, commit: codecs.MLSMessage.encode(m) } })).toBe('transcript');
  });

  it('bytes that are no GroupInfo, tree or PublicMessage commit fail the decode check', async () => {
    expect(await outcome(tree0, tree0)).toBe('decode');
    expect(await outcome(gi0, gi0)).toBe('decode');
    expect(await outcome(gi1, tree1, { previous: { groupInfo: gi0, commit: gi0 } })).toBe('decode');
  });

  it('a GroupInfo of epoch 0 with a confirmed transcript hash fails the transcript check', async () => {
    // Unsigned edit: the transcript check runs first, as the cheaper one.
    const edited = editGroupInfo(gi0, (g) => {
      g.group_context.confirmed_transcript_hash = new Uint8Array(32);
    });
    expect(await outcome(edited, tree0)).toBe('transcript');
  });

  it('hostile bytes: a changed byte anywhere in the GroupInfo, tree or commit gives a GroupInfoCheckError or passes, never another error', async () => {
    const inputs = () => ({ gi: gi1.slice(), tree: tree1.slice(), commit: add.slice() });
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'gi' | 'tree' | 'commit'>('gi', 'tree', 'commit'),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (which, at, xor) => {
          const x = inputs();
          const target = x[which];
          target[at % target.length]! ^= xor;
          const result = await outcome(x.gi, x.tree, { previous: { groupInfo: gi0, commit: x.commit } });
          expect(typeof result).toBe('string');
        },
      ),
      { numRuns: 60 },
    );
  });
});
