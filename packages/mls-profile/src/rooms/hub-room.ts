/**
 * The hub's view of a room from public data only: the GroupInfo and ratchet tree a committer sends
 * with each commit (draft-ietf-mimi-protocol-06 §5.3, HandshakeBundle). From them the hub knows the
 * epoch, the cipher suite, the room state (GroupContext app_data_dictionary) and the members (leaf
 * index → credential and signature key), which is what hubCheckCommit needs for the next commit.
 * @spec draft-ietf-mimi-protocol §Update Room State
 */
import { decodeUtf8OrNull } from '@mimikit/bytes';
import { codecs, type Credential, type GroupInfo, type LeafNode, type RatchetTree } from '@mimikit/mls';
import type { DecodeOptions } from '@mimikit/tls';
import { cipherSuiteValue } from '../hub/index.ts';
import type { Member, MlsCredential } from '../mls/index.ts';
import { extensionTypeCode } from '../advertise/registry.ts';
import { parseMimiUri } from '../identity/index.ts';
import { RoomError } from './errors.ts';
import { roomStateOf, type FullRoomState } from './state.ts';

export interface HubRoom {
  /** The room URI (`mimi://d/r/x`) of the group id `mimi://d/g/x` (groupIdForRoom); null when the group id is no MIMI group URI. */
  roomId: string | null;
  groupId: Uint8Array;
  epoch: bigint;
  /** Cipher suite code point (RFC 9420 §17.1). */
  cipherSuite: number;
  /** Leaf index of the member that signed the GroupInfo. */
  signer: number;
  state: FullRoomState;
  members: Member[];
}

/** The MlsCredential (the adapter's form) of a generated Credential. */
function mlsCredential(c: Credential): MlsCredential {
  return c.credential_type === 'basic'
    ? { credentialType: 1, identity: c.identity }
    : { credentialType: 2, certificates: c.certificates.map((x) => x.cert_data) };
}

function memberOf(leafIndex: number, leaf: LeafNode): Member {
  return { leafIndex, credential: mlsCredential(leaf.credential), signatureKey: leaf.signature_key };
}

/** The members of a ratchet tree in array form: leaves sit at even node indices (RFC 9420 §4.1). */
export function treeMembers(tree: RatchetTree): Member[] {
  const out: Member[] = [];
  tree.forEach((node, i) => {
    if (node && i % 2 === 0 && node.node_type === 'leaf') out.push(memberOf(i / 2, node.leaf_node));
  });
  return out;
}

/** The room URI a group id names (the inverse of groupIdForRoom), or null. */
export function roomUriOfGroupId(groupId: Uint8Array): string | null {
  const text = decodeUtf8OrNull(groupId);
  if (text === null) return null;
  try {
    const g = parseMimiUri(text, 'group');
    return parseMimiUri(`mimi://${g.domain}/r/${g.group}`, 'room').text;
  } catch {
    return null;
  }
}

/**
 * Reads a room from a GroupInfo (MLSMessage mls_group_info bytes, or the GroupInfo struct) and its
 * ratchet tree (RatchetTree bytes). Throws the codecs' decode errors for malformed bytes and
 * RoomError('not-a-room') when the GroupContext carries no room state, and 'bad-input' when the tree
 * has no leaf for the GroupInfo's signer.
 */
export function hubRoomOf(groupInfo: Uint8Array | GroupInfo, ratchetTree: Uint8Array, options?: DecodeOptions): HubRoom {
  let gi: GroupInfo;
  if (groupInfo instanceof Uint8Array) {
    const m = codecs.MLSMessage.decode(groupInfo, options);
    if (m.wire_format !== 'mls_group_info') throw new RoomError('bad-input', `expected a GroupInfo message, got ${m.wire_format}`);
    gi = m.group_info;
  } else gi = groupInfo;
  const tree = codecs.ratchet_tree.decode(ratchetTree, options);
  const members = treeMembers(tree);
  if (!members.some((m) => m.leafIndex === gi.signer))
    throw new RoomError('bad-input', `the ratchet tree has no member at the GroupInfo's signer leaf ${gi.signer}`);
  const gc = gi.group_context;
  const state = roomStateOf(gc.extensions.map((e) => ({ extensionType: extensionTypeCode(e.extension_type), extensionData: e.extension_data })));
  return {
    roomId: roomUriOfGroupId(gc.group_id),
    groupId: gc.group_id,
    epoch: gc.epoch,
    cipherSuite: cipherSuiteValue(gc.cipher_suite),
    signer: gi.signer,
    state,
    members,
  };
}
