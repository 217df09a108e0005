/**
 * The MIMI requests a room member sends to the hub (draft-ietf-mimi-protocol-06): the
 * UpdateRequest of a commit (§5.3: the commit, its Welcome, and the full GroupInfo and ratchet tree
 * of the new epoch for the hub), of proposals (the first one, the rest as moreProposals), and the
 * SubmitMessageRequest of an application message (§5.4).
 */
import { encodeUtf8 } from '@mimikit/bytes';
import { codecs, type MLSMessage } from '@mimikit/mls';
import { codecs as protocolCodecs, type KeyMaterialRequest, type SubmitMessageRequest, type UpdateRequest } from '@mimikit/mimi-protocol';
import { cipherSuiteById, verifyWithLabel, type CipherSuite, type CipherSuiteName } from '../mls/index.ts';
import type { RoomCommit, RoomMember } from './member.ts';
import { RoomError } from './errors.ts';

function message(bytes: Uint8Array): MLSMessage {
  return codecs.MLSMessage.decode(bytes);
}

/** The UpdateRequest for a commit `member` just made (its state is already the new epoch's). */
export async function commitUpdateRequest(member: RoomMember, made: RoomCommit): Promise<UpdateRequest> {
  const info = message(await member.groupInfo());
  if (info.wire_format !== 'mls_group_info') throw new RoomError('bad-input', 'groupInfo() did not return a GroupInfo');
  let welcome = null;
  if (made.welcome) {
    const w = message(made.welcome);
    if (w.wire_format !== 'mls_welcome') throw new RoomError('bad-input', 'the commit’s welcome is not a Welcome message');
    welcome = w.welcome;
  }
  return {
    bundle: {
      proposalOrCommit: message(made.commit),
      welcome,
      groupInfoOption: { representation: 'full', groupInfo: info.group_info },
      ratchetTreeOption: { representation: 'full', ratchet_tree: codecs.ratchet_tree.decode(member.ratchetTree()) },
    },
  };
}

/** The UpdateRequest for proposals (MLSMessage bytes, e.g. from leave()): the first, with the rest as moreProposals. */
export function proposalsUpdateRequest(proposals: readonly Uint8Array[]): UpdateRequest {
  const [first, ...rest] = proposals;
  if (!first) throw new RoomError('bad-input', 'no proposals');
  return { bundle: { proposalOrCommit: message(first), moreProposals: rest.map(message) } };
}

/** The SubmitMessageRequest for an application message `member` made (sendContent / sendMessage). */
export function submitMessageRequest(member: RoomMember, appMessage: Uint8Array): SubmitMessageRequest {
  return { protocol: 'mls10', appMessage: message(appMessage), sendingUri: { uri: encodeUtf8(member.client) } };
}

/**
 * The KeyMaterialRequest (draft §5.2) of `requester`'s client `client` for `target`'s KeyPackages,
 * for `roomId`. Not signed yet: requesterSignatureKey and key_material_request_signature are empty
 * (docs/provider.md, "Limits of this version").
 */
export function keyMaterialRequest(p: {
  requester: string;
  client: string;
  target: string;
  roomId: string;
  cipherSuites: readonly CipherSuiteName[];
}): KeyMaterialRequest {
  return {
    protocol: 'mls10',
    requestingUser: { uri: encodeUtf8(p.requester) },
    targetUser: { uri: encodeUtf8(p.target) },
    roomId: { uri: encodeUtf8(p.roomId) },
    acceptableCiphersuites: [...p.cipherSuites],
    requiredCapabilities: { extension_types: [], proposal_types: [], credential_types: [] },
    requesterSignatureKey: new Uint8Array(),
    requesterCredential: { credential_type: 'basic', identity: encodeUtf8(p.client) },
    key_material_request_signature: new Uint8Array(),
  };
}

/** RFC 9420 SignWithLabel label of a KeyMaterialRequest's signature (draft §5.2). */
export const KEY_MATERIAL_REQUEST_LABEL = 'KeyMaterialRequestTBS';

function keyMaterialRequestTbs(r: KeyMaterialRequest): Uint8Array {
  const { key_material_request_signature: _, ...tbs } = r;
  return protocolCodecs.KeyMaterialRequestTBS.encode(tbs);
}

/**
 * The KeyMaterialRequest of room member `member` (its user and client) for `target`'s KeyPackages,
 * signed with the member's leaf signature key over KeyMaterialRequestTBS (draft §5.2).
 */
export async function signedKeyMaterialRequest(
  member: RoomMember,
  p: { target: string; roomId: string; cipherSuites: readonly CipherSuiteName[] },
): Promise<KeyMaterialRequest> {
  const unsigned = { ...keyMaterialRequest({ requester: member.user, client: member.client, ...p }), requesterSignatureKey: member.signatureKey() };
  const { signature } = await member.sign(KEY_MATERIAL_REQUEST_LABEL, keyMaterialRequestTbs(unsigned));
  return { ...unsigned, key_material_request_signature: signature };
}

/**
 * Whether a KeyMaterialRequest's signature verifies with its requesterSignatureKey, in the first of
 * its acceptable cipher suites this adapter implements (the requester's key is of the room's suite,
 * which it asks for). It proves the requester holds that key; that the key is the requesting
 * client's in the room is the hub's to check (it knows the members).
 */
export async function verifyKeyMaterialRequest(r: KeyMaterialRequest): Promise<boolean> {
  for (const s of r.acceptableCiphersuites) {
    let suite: CipherSuite;
    try {
      suite = await cipherSuiteById(s);
    } catch {
      continue;
    }
    return verifyWithLabel(suite, r.requesterSignatureKey, KEY_MATERIAL_REQUEST_LABEL, keyMaterialRequestTbs(r), r.key_material_request_signature);
  }
  return false;
}
