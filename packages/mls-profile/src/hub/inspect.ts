/**
 * What a hub can read from an MLS message without any group secret (RFC 9420 as
 * draft-ietf-mls-protocol-20; draft-ietf-mimi-protocol-06 §5.3, §5.5): the framing of every wire
 * format, the full content of a PublicMessage, the routing data of a Welcome, the GroupContext of
 * a GroupInfo and the contents of a KeyPackage. A PrivateMessage shows its group, epoch and content
 * type only; its sender and content are encrypted, and the summary type says so.
 *
 * Bytes are read with the generated codecs (proposal types RFC 9420 does not define decode as
 * `opaque data<V>`, erratum proposal-unknown-types-opaque: custom proposal
 * types); malformed input throws DecodeError with the offset and type path the codecs give.
 */
import {
  codecs,
  type Capabilities,
  type CipherSuite,
  type ContentType,
  type Credential,
  type Extension,
  type ExtensionType,
  type GroupInfo,
  type HPKEPublicKey,
  type KeyPackage,
  type KeyPackageRef,
  type LeafNode,
  type MLSMessage,
  type Commit,
  type FramedContent,
  type Proposal,
  ProposalType,
  type PreSharedKeyID,
  type PrivateMessage,
  type ProposalRef,
  type ProtocolVersion,
  type ResumptionPSKUsage,
  type Sender,
  type SignaturePublicKey,
  type Welcome,
} from '@mimikit/mls';
import type { DecodeOptions } from '@mimikit/tls';
import { CIPHER_SUITE_HASH, cipherSuiteValue, KEY_PACKAGE_REF_LABEL, refHash } from './key-package-ref.ts';

// ---------------------------------------------------------------------------------------------
// Summary types
// ---------------------------------------------------------------------------------------------

/** Who sent a PublicMessage (RFC 9420 §6.1 Sender). */
export type SenderSummary =
  | { type: 'member'; leafIndex: number }
  | { type: 'external'; senderIndex: number }
  | { type: 'new_member_proposal' }
  | { type: 'new_member_commit' };

/** A Credential: a basic identity, or an X.509 chain (DER, leaf first). */
export type CredentialSummary = { type: 'basic'; identity: Uint8Array } | { type: 'x509'; certificates: Uint8Array[] };

/** The public contents of a LeafNode (RFC 9420 §7.2). */
export interface LeafNodeSummary {
  credential: CredentialSummary;
  signatureKey: SignaturePublicKey;
  encryptionKey: HPKEPublicKey;
  capabilities: Capabilities;
  source: 'key_package' | 'update' | 'commit';
  /** Seconds since the UNIX epoch; only for `source: 'key_package'`. */
  lifetime: { notBefore: bigint; notAfter: bigint } | null;
  extensionTypes: ExtensionType[];
}

/** A KeyPackage (RFC 9420 §10), as an Add proposal or an `mls_key_package` message carries it. */
export interface KeyPackageInfo {
  version: ProtocolVersion;
  cipherSuite: CipherSuite;
  /** Its KeyPackageRef with its own cipher suite's hash; null when that suite is not in RFC 9420's table. */
  ref: KeyPackageRef | null;
  initKey: HPKEPublicKey;
  leafNode: LeafNodeSummary;
  extensionTypes: ExtensionType[];
}

export type PskIdSummary =
  | { type: 'external'; pskId: Uint8Array; nonce: Uint8Array }
  | { type: 'resumption'; usage: ResumptionPSKUsage; groupId: Uint8Array; epoch: bigint; nonce: Uint8Array }
  | { type: 'application'; componentId: number; pskId: Uint8Array; nonce: Uint8Array };

/** The public fields of a proposal (RFC 9420 §12.1, draft-ietf-mls-extensions-09 §4–6). */
export type ProposalSummary =
  | { type: 'add'; keyPackage: KeyPackageInfo }
  | { type: 'update'; leafNode: LeafNodeSummary }
  | { type: 'remove'; removed: number }
  | { type: 'psk'; psk: PskIdSummary }
  | { type: 'reinit'; groupId: Uint8Array; version: ProtocolVersion; cipherSuite: CipherSuite; extensionTypes: ExtensionType[] }
  | { type: 'external_init'; kemOutput: Uint8Array }
  | { type: 'group_context_extensions'; extensionTypes: ExtensionType[]; extensions: Extension[] }
  | { type: 'app_data_update'; componentId: number; op: 'update'; update: Uint8Array }
  | { type: 'app_data_update'; componentId: number; op: 'remove' }
  | { type: 'app_ephemeral'; componentId: number; data: Uint8Array }
  | { type: 'self_remove' }
  /** A type the generated Proposal has no arm for, read as `opaque data<V>` (erratum proposal-unknown-types-opaque). */
  | { type: 'custom'; proposalType: number; data: Uint8Array };

export type ProposalOrRefSummary = { by: 'value'; proposal: ProposalSummary } | { by: 'reference'; ref: ProposalRef };

export interface CommitSummary {
  proposals: ProposalOrRefSummary[];
  hasUpdatePath: boolean;
  /** The committer's new LeafNode and the number of UpdatePathNodes, when there is a path. */
  path: { leafNode: LeafNodeSummary; nodeCount: number } | null;
}

interface PublicMessageHeader {
  wireFormat: 'mls_public_message';
  groupId: Uint8Array;
  epoch: bigint;
  sender: SenderSummary;
  authenticatedData: Uint8Array;
}

export type PublicMessageSummary = PublicMessageHeader &
  (
    | { contentType: 'application'; applicationData: Uint8Array }
    | { contentType: 'proposal'; proposal: ProposalSummary }
    | { contentType: 'commit'; commit: CommitSummary }
  );

/** A PrivateMessage: only its header is in the clear (RFC 9420 §6.3). */
export interface PrivateMessageSummary {
  wireFormat: 'mls_private_message';
  groupId: Uint8Array;
  epoch: bigint;
  contentType: ContentType;
  authenticatedData: Uint8Array;
  /** Encrypted under the sender-data secret: leaf index, generation, reuse guard. */
  sender: 'encrypted';
  /** Encrypted under the group's secret tree: the application data, proposal or commit. */
  content: 'encrypted';
}

/** A Welcome: its cipher suite and the KeyPackageRefs it is encrypted to; the GroupInfo is encrypted. */
export interface WelcomeSummary {
  wireFormat: 'mls_welcome';
  cipherSuite: CipherSuite;
  /** `secrets[].new_member`, in order: the KeyPackages whose holders this Welcome adds. */
  targets: KeyPackageRef[];
  groupInfo: 'encrypted';
}

/** A GroupInfo (RFC 9420 §12.4.3): its GroupContext, extensions and signer. */
export interface GroupInfoSummary {
  wireFormat: 'mls_group_info';
  cipherSuite: CipherSuite;
  groupId: Uint8Array;
  epoch: bigint;
  treeHash: Uint8Array;
  confirmedTranscriptHash: Uint8Array;
  /** GroupContext extensions (the group's: required_capabilities, external_senders, app_data_dictionary…). */
  groupContextExtensionTypes: ExtensionType[];
  /** GroupInfo extensions (ratchet_tree, external_pub…). */
  extensionTypes: ExtensionType[];
  /** Leaf index of the member that signed it. */
  signer: number;
}

export type KeyPackageSummary = { wireFormat: 'mls_key_package' } & KeyPackageInfo;

export type MessageSummary = PublicMessageSummary | PrivateMessageSummary | WelcomeSummary | GroupInfoSummary | KeyPackageSummary;

// ---------------------------------------------------------------------------------------------
// Summaries
// ---------------------------------------------------------------------------------------------

/**
 * Summarises one MLSMessage, given as bytes (decoded here; DecodeError on malformed input) or as
 * a value decoded by the generated codec.
 */
export function inspectMessage(message: Uint8Array | MLSMessage, options?: DecodeOptions): MessageSummary {
  return summarizeMessage(message instanceof Uint8Array ? codecs.MLSMessage.decode(message, options) : message);
}

/** @internal Summary of an already decoded message (generated or hub-read). */
export function summarizeMessage(m: MLSMessage): MessageSummary {
  switch (m.wire_format) {
    case 'mls_public_message':
      return summarizePublicMessage(m.public_message);
    case 'mls_private_message':
      return summarizePrivateMessage(m.private_message);
    case 'mls_welcome':
      return summarizeWelcome(m.welcome);
    case 'mls_group_info':
      return summarizeGroupInfo(m.group_info);
    case 'mls_key_package':
      return { wireFormat: 'mls_key_package', ...summarizeKeyPackage(m.key_package) };
    default:
      throw new TypeError(`not an MLSMessage wire format: ${String((m as { wire_format: unknown }).wire_format)}`);
  }
}

export function summarizeSender(s: Sender): SenderSummary {
  switch (s.sender_type) {
    case 'member':
      return { type: 'member', leafIndex: s.leaf_index };
    case 'external':
      return { type: 'external', senderIndex: s.sender_index };
    default:
      return { type: s.sender_type };
  }
}

function summarizePublicMessage(pm: { content: FramedContent }): PublicMessageSummary {
  const c = pm.content;
  const header: PublicMessageHeader = {
    wireFormat: 'mls_public_message',
    groupId: c.group_id,
    epoch: c.epoch,
    sender: summarizeSender(c.sender),
    authenticatedData: c.authenticated_data,
  };
  switch (c.content_type) {
    case 'application':
      return { ...header, contentType: 'application', applicationData: c.application_data };
    case 'proposal':
      return { ...header, contentType: 'proposal', proposal: summarizeProposal(c.proposal) };
    case 'commit':
      return { ...header, contentType: 'commit', commit: summarizeCommit(c.commit) };
  }
}

function summarizePrivateMessage(pm: PrivateMessage): PrivateMessageSummary {
  return {
    wireFormat: 'mls_private_message',
    groupId: pm.group_id,
    epoch: pm.epoch,
    contentType: pm.content_type,
    authenticatedData: pm.authenticated_data,
    sender: 'encrypted',
    content: 'encrypted',
  };
}

export function summarizeWelcome(w: Welcome): WelcomeSummary {
  return { wireFormat: 'mls_welcome', cipherSuite: w.cipher_suite, targets: w.secrets.map((s) => s.new_member), groupInfo: 'encrypted' };
}

export function summarizeGroupInfo(gi: GroupInfo): GroupInfoSummary {
  const gc = gi.group_context;
  return {
    wireFormat: 'mls_group_info',
    cipherSuite: gc.cipher_suite,
    groupId: gc.group_id,
    epoch: gc.epoch,
    treeHash: gc.tree_hash,
    confirmedTranscriptHash: gc.confirmed_transcript_hash,
    groupContextExtensionTypes: extensionTypes(gc.extensions),
    extensionTypes: extensionTypes(gi.extensions),
    signer: gi.signer,
  };
}

export function summarizeCredential(c: Credential): CredentialSummary {
  switch (c.credential_type) {
    case 'basic':
      return { type: 'basic', identity: c.identity };
    case 'x509':
      return { type: 'x509', certificates: c.certificates.map((x) => x.cert_data) };
  }
}

export function summarizeLeafNode(ln: LeafNode): LeafNodeSummary {
  return {
    credential: summarizeCredential(ln.credential),
    signatureKey: ln.signature_key,
    encryptionKey: ln.encryption_key,
    capabilities: ln.capabilities,
    source: ln.leaf_node_source,
    lifetime: ln.leaf_node_source === 'key_package' ? { notBefore: ln.lifetime.not_before, notAfter: ln.lifetime.not_after } : null,
    extensionTypes: extensionTypes(ln.extensions),
  };
}

export function summarizeKeyPackage(kp: KeyPackage): KeyPackageInfo {
  const known = CIPHER_SUITE_HASH[cipherSuiteValueOrNaN(kp.cipher_suite)] !== undefined;
  return {
    version: kp.version,
    cipherSuite: kp.cipher_suite,
    ref: known ? refHash(KEY_PACKAGE_REF_LABEL, codecs.KeyPackage.encode(kp), kp.cipher_suite) : null,
    initKey: kp.init_key,
    leafNode: summarizeLeafNode(kp.leaf_node),
    extensionTypes: extensionTypes(kp.extensions),
  };
}

function cipherSuiteValueOrNaN(s: CipherSuite): number {
  try {
    return cipherSuiteValue(s);
  } catch {
    return Number.NaN;
  }
}

function summarizePsk(id: PreSharedKeyID): PskIdSummary {
  switch (id.psktype) {
    case 'external':
      return { type: 'external', pskId: id.psk_id, nonce: id.psk_nonce };
    case 'resumption':
      return { type: 'resumption', usage: id.usage, groupId: id.psk_group_id, epoch: id.psk_epoch, nonce: id.psk_nonce };
    case 'application':
      return { type: 'application', componentId: id.component_id, pskId: id.psk_id, nonce: id.psk_nonce };
  }
}

export function summarizeProposal(p: Proposal): ProposalSummary {
  // The default arm: a type without a body of its own (RFC 9420 reserved, app_ack) or unknown.
  if ('data' in p) return { type: 'custom', proposalType: typeof p.proposal_type === 'number' ? p.proposal_type : ProposalType[p.proposal_type], data: p.data };
  switch (p.proposal_type) {
    case 'add':
      return { type: 'add', keyPackage: summarizeKeyPackage(p.add.key_package) };
    case 'update':
      return { type: 'update', leafNode: summarizeLeafNode(p.update.leaf_node) };
    case 'remove':
      return { type: 'remove', removed: p.remove.removed };
    case 'psk':
      return { type: 'psk', psk: summarizePsk(p.psk.psk) };
    case 'reinit':
      return {
        type: 'reinit',
        groupId: p.reinit.group_id,
        version: p.reinit.version,
        cipherSuite: p.reinit.cipher_suite,
        extensionTypes: extensionTypes(p.reinit.extensions),
      };
    case 'external_init':
      return { type: 'external_init', kemOutput: p.external_init.kem_output };
    case 'group_context_extensions':
      return {
        type: 'group_context_extensions',
        extensionTypes: extensionTypes(p.group_context_extensions.extensions),
        extensions: p.group_context_extensions.extensions,
      };
    case 'app_data_update': {
      const u = p.app_data_update;
      return u.op === 'update'
        ? { type: 'app_data_update', componentId: u.component_id, op: 'update', update: u.update }
        : { type: 'app_data_update', componentId: u.component_id, op: 'remove' };
    }
    case 'app_ephemeral':
      return { type: 'app_ephemeral', componentId: p.app_ephemeral.component_id, data: p.app_ephemeral.data };
    case 'self_remove':
      return { type: 'self_remove' };
  }
}

export function summarizeCommit(c: Commit): CommitSummary {
  return {
    proposals: c.proposals.map(
      (p): ProposalOrRefSummary => (p.type === 'proposal' ? { by: 'value', proposal: summarizeProposal(p.proposal) } : { by: 'reference', ref: p.reference }),
    ),
    hasUpdatePath: c.path !== null,
    path: c.path === null ? null : { leafNode: summarizeLeafNode(c.path.leaf_node), nodeCount: c.path.nodes.length },
  };
}

function extensionTypes(exts: readonly Extension[]): ExtensionType[] {
  return exts.map((e) => e.extension_type);
}
