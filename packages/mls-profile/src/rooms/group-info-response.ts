/**
 * The GroupInfoResponse of an external join (draft-ietf-mimi-protocol-06 §5.6): the hub encrypts the
 * room's GroupInfo (without an embedded ratchet_tree), the ratchet tree and the proposals it accepted
 * this epoch to the requester's groupInfoPublicKey (EncryptWithLabel "GroupInfo and ratchet_tree
 * encryption", context room_id), and signs the response with its ExternalSender key
 * (SignWithLabel "GroupInfoResponseTBS"); the client checks that key is the room's hub's and opens it.
 *
 * The hub's ExternalSender credential is a basic credential whose identity is the hub's provider URI
 * (`mimi://hub.example`), as its franking agent's is: the client accepts a response only from the
 * domain of the room it asked about (the draft does not fix the form; docs/deviations.md).
 * @spec draft-ietf-mimi-protocol §Claim group key information
 */
import { bytesEqual, encodeUtf8 } from '@mimikit/bytes';
import { codecs as protocolCodecs, type GroupInfoRequest, type GroupInfoResponse, type GroupInfoResponseTBS } from '@mimikit/mimi-protocol';
import { codecs, ExtensionType, type ExternalSender, type GroupInfo } from '@mimikit/mls';
import { DecodeError } from '@mimikit/tls';
import {
  checkSignatureKeyPair,
  cipherSuiteById,
  decryptWithLabel,
  encryptWithLabel,
  generateSignatureKeyPair,
  MlsError,
  signWithLabel,
  verifyWithLabel,
  type CipherSuite,
  type CipherSuiteName,
} from '../mls/index.ts';
import { MimiCredentialError, parseMimiUri, providerCredential, uriOfCredential } from '../identity/index.ts';
import { GroupInfoError } from './errors.ts';
import { groupIdForRoom } from './identity.ts';
import { extensionTypeCode } from '../advertise/registry.ts';
import type { PreparedGroupInfoRequest } from './group-info-request.ts';

/** SignWithLabel label of the response's signature, and EncryptWithLabel label of its ciphertext (draft §5.6). */
export const GROUP_INFO_RESPONSE_LABEL = 'GroupInfoResponseTBS';
export const GROUP_INFO_ENCRYPTION_LABEL = 'GroupInfo and ratchet_tree encryption';

/** RFC 9420 extension type of ratchet_tree, which the encrypted GroupInfo must not embed. */
const RATCHET_TREE = ExtensionType.ratchet_tree;

/** The hub's signing identity for GroupInfoResponses: an ExternalSender and its private key. */
export interface HubSender {
  cipherSuite: CipherSuite;
  /** signature_key and the credential naming the hub (its provider URI). */
  sender: ExternalSender;
  /** Secret. */
  signaturePrivateKey: Uint8Array;
}

/** A fresh ExternalSender key pair of `cipherSuite` for the hub of `domain`. Store all three fields. */
export async function generateHubSender(p: { cipherSuite: CipherSuite; domain: string }): Promise<HubSender> {
  const pair = await generateSignatureKeyPair(p.cipherSuite);
  return {
    cipherSuite: p.cipherSuite,
    sender: { signature_key: pair.publicKey, credential: providerCredential(p.domain) },
    signaturePrivateKey: pair.privateKey,
  };
}

/** What a hub stores of its HubSender (bytes and numbers); hubSenderFromParts restores it. */
export interface HubSenderParts {
  cipherSuite: CipherSuiteName | number;
  domain: string;
  signaturePublicKey: Uint8Array;
  /** Secret. */
  signaturePrivateKey: Uint8Array;
}

export function hubSenderParts(h: HubSender): HubSenderParts {
  return {
    cipherSuite: h.cipherSuite.id,
    domain: hubDomainOf(h.sender),
    signaturePublicKey: h.sender.signature_key,
    signaturePrivateKey: h.signaturePrivateKey,
  };
}

/** The stored HubSender; GroupInfoError('malformed') when its halves do not belong together (it would sign responses no client accepts). */
export async function hubSenderFromParts(p: HubSenderParts): Promise<HubSender> {
  const cipherSuite = await cipherSuiteById(p.cipherSuite);
  const pair = await checkSignatureKeyPair(cipherSuite, p.signaturePublicKey, p.signaturePrivateKey);
  if (pair !== 'ok')
    throw new GroupInfoError(
      'malformed',
      pair === 'mismatch' ? 'signaturePublicKey' : 'signaturePrivateKey',
      pair === 'mismatch' ? 'is not the public half of signaturePrivateKey' : `not a private key of ${cipherSuite.name}`,
    );
  return { cipherSuite, sender: { signature_key: p.signaturePublicKey, credential: providerCredential(p.domain) }, signaturePrivateKey: p.signaturePrivateKey };
}

/** A proposal the hub accepted this epoch, with the time it accepted it (milliseconds since the UNIX epoch, as the hub keeps it). */
export interface HubPendingProposal {
  /** MLSMessage bytes (a PublicMessage proposal). */
  proposal: Uint8Array;
  hubAcceptedTime: bigint;
}

function responseTbs(r: GroupInfoResponseTBS): Uint8Array {
  return protocolCodecs.GroupInfoResponseTBS.encode(r);
}

function malformed(at: string, e: unknown): GroupInfoError {
  return new GroupInfoError('malformed', at, e instanceof Error ? e.message : String(e), { cause: e });
}

/** A decoded message of the wire format `wire`, or GroupInfoError('malformed') at `at`. */
function decodeMessageOf<W extends 'mls_group_info' | 'mls_public_message'>(bytes: Uint8Array, wire: W, at: string) {
  let m: ReturnType<typeof codecs.MLSMessage.decode>;
  try {
    m = codecs.MLSMessage.decode(bytes);
  } catch (e) {
    throw malformed(at, e);
  }
  if (m.wire_format !== wire) throw new GroupInfoError('malformed', at, `a ${m.wire_format}, not a ${wire}`);
  return m as Extract<typeof m, { wire_format: W }>;
}

function withoutEmbeddedTree(gi: GroupInfo, at: string): GroupInfo {
  if (gi.extensions.some((e) => extensionTypeCode(e.extension_type) === RATCHET_TREE))
    throw new GroupInfoError('malformed', at, 'the GroupInfo embeds a ratchet_tree; draft-ietf-mimi-protocol-06 §5.6 sends it "without embedded ratchet_tree"');
  return gi;
}

/**
 * The hub's successful GroupInfoResponse for `roomId` to a verified `request`: the room's current
 * GroupInfo (MLSMessage bytes, as a committer sent it; without ratchet_tree), its ratchet tree
 * (RatchetTree bytes) and the proposals the hub accepted in this epoch, encrypted to the request's
 * key and signed with `hub`'s key, which must be of the request's cipher suite.
 */
export async function groupInfoResponse(p: {
  roomId: string;
  request: GroupInfoRequest;
  groupInfo: Uint8Array;
  ratchetTree: Uint8Array;
  pendingProposals: readonly HubPendingProposal[];
  hub: HubSender;
}): Promise<GroupInfoResponse> {
  if (p.request.cipher_suite !== p.hub.cipherSuite.name)
    throw new GroupInfoError(
      'unsupported',
      'cipher_suite',
      `the request is for ${String(p.request.cipher_suite)}, the hub's key for ${p.hub.cipherSuite.name}`,
    );
  const groupInfo = withoutEmbeddedTree(decodeMessageOf(p.groupInfo, 'mls_group_info', 'groupInfo').group_info, 'groupInfo');
  let tree: ReturnType<typeof codecs.ratchet_tree.decode>;
  try {
    tree = codecs.ratchet_tree.decode(p.ratchetTree);
  } catch (e) {
    throw malformed('ratchetTree', e);
  }
  const pending = p.pendingProposals.map((x, i) => ({
    proposal: decodeMessageOf(x.proposal, 'mls_public_message', `pendingProposals[${i}]`),
    hub_accepted_time: x.hubAcceptedTime,
  }));
  const tbe = protocolCodecs.GroupInfoRatchetTreeTBE.encode({
    groupInfo,
    ratchetTreeOption: { representation: 'full', ratchet_tree: tree },
    pending_proposals: pending,
  });
  const roomId = encodeUtf8(p.roomId);
  const sealed = await encryptWithLabel(p.hub.cipherSuite, p.request.groupInfoPublicKey, GROUP_INFO_ENCRYPTION_LABEL, roomId, tbe).catch((e: unknown) => {
    throw new GroupInfoError('malformed', 'groupInfoPublicKey', `not an HPKE public key of ${p.hub.cipherSuite.name}`, { cause: e });
  });
  const tbs: GroupInfoResponseTBS = {
    version: 'mls10',
    room_id: roomId,
    status: 'success',
    cipher_suite: p.hub.cipherSuite.name,
    hub_sender: p.hub.sender,
    encrypted_groupinfo_and_tree: { kem_output: sealed.kemOutput, ciphertext: sealed.ciphertext },
  };
  const signature = await signWithLabel(p.hub.cipherSuite, p.hub.signaturePrivateKey, GROUP_INFO_RESPONSE_LABEL, responseTbs(tbs));
  return { ...tbs, status: 'success', signature };
}

/** The hub's refusal: notAuthorized (also for a room it does not want to reveal) or noSuchRoom. */
export function groupInfoRefusal(roomId: string, status: 'notAuthorized' | 'noSuchRoom'): GroupInfoResponse {
  return { version: 'mls10', room_id: encodeUtf8(roomId), status };
}

/** What a client gets from a successful GroupInfoResponse: what joinRoomExternal takes. */
export interface OpenedGroupInfo {
  /** MLSMessage(mls_group_info) bytes. */
  groupInfo: Uint8Array;
  /** RatchetTree bytes. */
  ratchetTree: Uint8Array;
  /** The proposals the hub accepted in this epoch (an External Commit cannot include them: RFC 9420 §12.4.3.2). */
  pendingProposals: HubPendingProposal[];
  /** The hub's signing identity, checked to be the room's hub's. */
  hubSender: ExternalSender;
}

/**
 * Opens the hub's answer to `prepared` for `roomId` (a GroupInfoResponse, or its bytes): the status
 * is success, the response is for this room, signed by an ExternalSender whose credential names the
 * room's domain, in the request's cipher suite, and its ciphertext opens with the request's key to
 * a GroupInfo of this room's group (without embedded ratchet_tree) and a full ratchet tree.
 * GroupInfoError (code and field) otherwise.
 */
export async function openGroupInfoResponse(
  response: GroupInfoResponse | Uint8Array,
  p: { roomId: string; prepared: PreparedGroupInfoRequest },
): Promise<OpenedGroupInfo> {
  let r: GroupInfoResponse;
  try {
    r = response instanceof Uint8Array ? protocolCodecs.GroupInfoResponse.decode(response) : response;
  } catch (e) {
    throw malformed('GroupInfoResponse', e);
  }
  const roomId = encodeUtf8(p.roomId);
  if (!bytesEqual(r.room_id, roomId)) throw new GroupInfoError('wrong-room', 'room_id', `the response is not for ${p.roomId}`);
  if (r.status === 'noSuchRoom') throw new GroupInfoError('no-such-room', 'status', `the hub has no room ${p.roomId}`);
  if (r.status !== 'success') throw new GroupInfoError('not-authorized', 'status', `the hub answered ${String(r.status)}`);
  const { cipher_suite, hub_sender, encrypted_groupinfo_and_tree, signature } = r;
  if (r.version !== 'mls10' || !cipher_suite || !hub_sender || !encrypted_groupinfo_and_tree || !signature)
    throw new GroupInfoError('malformed', 'version', `a success response of protocol ${String(r.version)}, without its mls10 fields`);
  if (cipher_suite !== p.prepared.request.cipher_suite)
    throw new GroupInfoError('malformed', 'cipher_suite', `${String(cipher_suite)}, not the request's ${String(p.prepared.request.cipher_suite)}`);
  const suite = await cipherSuiteById(cipher_suite);
  const roomDomain = parseMimiUri(p.roomId, 'room').domain;
  const hubDomain = hubDomainOf(hub_sender);
  if (hubDomain !== roomDomain) throw new GroupInfoError('bad-credential', 'hub_sender.credential', `names ${hubDomain}, the room's hub is ${roomDomain}`);
  const tbs: GroupInfoResponseTBS = { version: 'mls10', room_id: r.room_id, status: 'success', cipher_suite, hub_sender, encrypted_groupinfo_and_tree };
  if (!(await verifyWithLabel(suite, hub_sender.signature_key, GROUP_INFO_RESPONSE_LABEL, responseTbs(tbs), signature)))
    throw new GroupInfoError('bad-signature', 'signature', 'does not verify with hub_sender.signature_key over GroupInfoResponseTBS');
  let plain: Uint8Array;
  try {
    plain = await decryptWithLabel(suite, p.prepared.responsePrivateKey, GROUP_INFO_ENCRYPTION_LABEL, roomId, {
      kemOutput: encrypted_groupinfo_and_tree.kem_output,
      ciphertext: encrypted_groupinfo_and_tree.ciphertext,
    });
  } catch (e) {
    if (!(e instanceof MlsError)) throw e;
    throw new GroupInfoError('undecryptable', 'encrypted_groupinfo_and_tree', 'does not open with the request’s key for this room', { cause: e });
  }
  let tbe: ReturnType<typeof protocolCodecs.GroupInfoRatchetTreeTBE.decode>;
  try {
    tbe = protocolCodecs.GroupInfoRatchetTreeTBE.decode(plain);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    throw malformed('encrypted_groupinfo_and_tree', e);
  }
  const groupInfo = withoutEmbeddedTree(tbe.groupInfo, 'groupInfo');
  if (!bytesEqual(groupInfo.group_context.group_id, groupIdForRoom(p.roomId)))
    throw new GroupInfoError('wrong-room', 'groupInfo.group_context.group_id', `not the group of ${p.roomId}`);
  if (tbe.ratchetTreeOption.representation !== 'full')
    throw new GroupInfoError('unsupported', 'ratchetTreeOption', `${tbe.ratchetTreeOption.representation}: only a full ratchet tree is supported`);
  return {
    groupInfo: codecs.MLSMessage.encode({ version: 'mls10', wire_format: 'mls_group_info', group_info: groupInfo }),
    ratchetTree: codecs.ratchet_tree.encode(tbe.ratchetTreeOption.ratchet_tree),
    pendingProposals: tbe.pending_proposals.map((x) => ({ proposal: codecs.MLSMessage.encode(x.proposal), hubAcceptedTime: x.hub_accepted_time })),
    hubSender: hub_sender,
  };
}

/** The domain a hub's ExternalSender credential names (its provider URI). */
function hubDomainOf(sender: ExternalSender): string {
  const c = sender.credential;
  if (c.credential_type !== 'basic')
    throw new GroupInfoError(
      'bad-credential',
      'hub_sender.credential',
      `a ${String(c.credential_type)} credential; a hub's is basic, its identity the hub's provider URI`,
    );
  try {
    return uriOfCredential({ credentialType: 'basic', identity: c.identity }, 'provider').domain;
  } catch (e) {
    if (e instanceof MimiCredentialError)
      throw new GroupInfoError('bad-credential', 'hub_sender.credential', `not a hub's provider URI: ${e.message}`, { cause: e });
    throw e;
  }
}
