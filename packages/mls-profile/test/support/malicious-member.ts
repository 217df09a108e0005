/**
 * A malicious member with its own MLS stack: ts-mls used directly on a copy of a room member's
 * state (from save()), so it can send what the adapter never makes: an Update proposal with
 * another leaf credential, or a commit whose UpdatePath carries one. Signatures, membership tags and
 * confirmation tags are all valid; only the identity is a lie. Test-only: it reads the save() blob
 * layout of src/mls/persist.ts (`opaque backend<V>; opaque state<V>`).
 */
import { Reader } from '@mimikit/tls';
import {
  createCommit,
  createProposal,
  decodeGroupState,
  encodeMlsMessage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  makePskIndex,
  type ClientState,
  type CiphersuiteImpl,
  type Credential,
} from 'ts-mls';
import { defaultClientConfig } from 'ts-mls/clientConfig.js';
import { signLeafNodeCommit } from 'ts-mls/leafNode.js';

const SUITE = 'MLS_128_DHKEMX25519_AES128GCM_SHA256_Ed25519';

async function open(saved: Uint8Array): Promise<{ state: ClientState; cs: CiphersuiteImpl }> {
  const r = new Reader(saved);
  r.opaqueV(); // backend tag
  const decoded = decodeGroupState(r.opaqueV(), 0);
  if (!decoded) throw new Error('not a saved group state');
  return { state: { ...decoded[0], clientConfig: defaultClientConfig }, cs: await getCiphersuiteImpl(getCiphersuiteFromName(SUITE)) };
}

const basic = (identity: Uint8Array): Credential => ({ credentialType: 'basic', identity });

/** A PublicMessage Update proposal from the member's leaf whose LeafNode has `identity` as its credential. */
export async function updateWithIdentity(saved: Uint8Array, identity: Uint8Array): Promise<Uint8Array> {
  const { state, cs } = await open(saved);
  const leafIndex = state.privatePath.leafIndex;
  const own = state.ratchetTree[leafIndex * 2];
  if (own?.nodeType !== 'leaf') throw new Error('own leaf missing');
  const keys = await cs.hpke.generateKeyPair();
  const leafNode = await signLeafNodeCommit(
    {
      leafNodeSource: 'update',
      hpkePublicKey: await cs.hpke.exportPublicKey(keys.publicKey),
      signaturePublicKey: own.leaf.signaturePublicKey,
      credential: basic(identity),
      capabilities: own.leaf.capabilities,
      extensions: own.leaf.extensions,
      groupId: state.groupContext.groupId,
      leafIndex,
    } as never,
    state.signaturePrivateKey,
    cs.signature,
  );
  const r = await createProposal(state, true, { proposalType: 'update', update: { leafNode } } as never, cs);
  return encodeMlsMessage(r.message);
}

/**
 * A PublicMessage commit with no proposals (so with an UpdatePath) whose path LeafNode has
 * `identity` as its credential: ts-mls copies the credential of the member's own leaf into the path,
 * so the leaf is rewritten in the copy first.
 */
export async function pathWithIdentity(saved: Uint8Array, identity: Uint8Array): Promise<Uint8Array> {
  const { state, cs } = await open(saved);
  const node = state.ratchetTree[state.privatePath.leafIndex * 2];
  if (node?.nodeType !== 'leaf') throw new Error('own leaf missing');
  const tree = state.ratchetTree.slice();
  tree[state.privatePath.leafIndex * 2] = { ...node, leaf: { ...node.leaf, credential: basic(identity) } };
  const r = await createCommit({ state: { ...state, ratchetTree: tree }, cipherSuite: cs, pskIndex: makePskIndex(state, {}) }, { wireAsPublicMessage: true });
  return encodeMlsMessage(r.commit);
}
