/**
 * Hub-side views of the two MIMI bodies that carry MLS handshakes (draft-ietf-mimi-protocol-06):
 * the HandshakeBundle of an update request (§5.3) and the FanoutMessage of a notify request (§5.5).
 * No group secret is needed: the proposal or commit is a PublicMessage, the Welcome names its
 * targets by KeyPackageRef, and the GroupInfo travels in the clear.
 */
import { decodeUtf8OrNull, toHex } from '@mimikit/bytes';
import type { ExtensionType, KeyPackageRef, MLSMessage, Node, RatchetTreeOption, RatchetTreePresence } from '@mimikit/mls';
import { codecs as protocolCodecs, type FanoutMessage, type Frank, type GroupInfoOption, type HandshakeBundle } from '@mimikit/mimi-protocol';
import type { DecodeOptions } from '@mimikit/tls';
import {
  summarizeCredential,
  summarizeGroupInfo,
  summarizeMessage,
  summarizeWelcome,
  type CredentialSummary,
  type GroupInfoSummary,
  type KeyPackageInfo,
  type MessageSummary,
  type WelcomeSummary,
} from './inspect.ts';

/** One `secrets[].new_member` of the bundle's Welcome, and the Add in the commit that it admits. */
export interface WelcomeTargetSummary {
  ref: KeyPackageRef;
  /**
   * The Add proposal (by value) whose KeyPackage has this ref: its index in the commit's proposals
   * and the KeyPackage. Null when no Add by value matches (an Add by reference, or a stray secret).
   */
  add: { proposalIndex: number; keyPackage: KeyPackageInfo } | null;
}

export type GroupInfoOptionSummary =
  | { representation: 'full'; groupInfo: GroupInfoSummary }
  | { representation: 'partial'; ratchetTreePresence: RatchetTreePresence; extensionTypes: ExtensionType[] };

/** draft-mahy-mls-ratchet-tree-options-03 §3 RatchetTreeOption. */
export type RatchetTreeSummary =
  | {
      representation: 'full';
      nodeCount: number;
      /** Leaf nodes by leaf index (node index / 2) with their credentials. */
      members: Array<{ leafIndex: number; credential: CredentialSummary }>;
    }
  | {
      representation: 'httpsUri';
      /**
       * `ratchet_tree_url` as text, decoded exactly (a leading U+FEFF stays, so it is not taken for
       * the URL without it); null when the bytes are not UTF-8. A hub or client fetches this URL, so
       * it must be what the bytes say, never a lenient reading of them.
       */
      url: string | null;
    }
  | { representation: 'outOfBand' }
  | { representation: 'distributionService' };

export interface HandshakeBundleSummary {
  proposalOrCommit: MessageSummary;
  /** Which arm of the bundle this is. */
  contentType: 'proposal' | 'commit';
  /** commit: the Welcome for the members it adds, if any. */
  welcome: WelcomeSummary | null;
  /** commit: the Welcome's targets, each matched to the Add that admits it. */
  welcomeTargets: WelcomeTargetSummary[];
  /** commit: indices (in the commit's proposals) of Adds by value whose KeyPackageRef the Welcome lacks. */
  addsWithoutWelcome: number[];
  /** commit: the GroupInfo (full) or PartialGroupInfo for the hub. */
  groupInfo: GroupInfoOptionSummary | null;
  ratchetTree: RatchetTreeSummary | null;
  /** proposal: the additional proposals sent with it. */
  moreProposals: MessageSummary[];
}

export interface FanoutSummary {
  /** Hub acceptance time, milliseconds since the UNIX epoch. */
  timestamp: bigint;
  message: MessageSummary;
  /** mls_private_message: the hub's frank, if any (public: it is the hub's own). */
  frank: Frank | null;
  /** mls_welcome: how the receiver gets the ratchet tree. */
  ratchetTree: RatchetTreeSummary | null;
  /** Public proposal: the proposals fanned out with it. */
  moreProposals: MessageSummary[];
  /** Public commit: proposals the hub staples to an external commit. */
  externalProposals: MessageSummary[];
}

export function summarizeRatchetTreeOption(o: RatchetTreeOption): RatchetTreeSummary {
  switch (o.representation) {
    case 'full':
      return { representation: 'full', nodeCount: o.ratchet_tree.length, members: treeMembers(o.ratchet_tree) };
    case 'httpsUri':
      return { representation: 'httpsUri', url: decodeUtf8OrNull(o.ratchet_tree_url) };
    case 'outOfBand':
      return { representation: 'outOfBand' };
    case 'distributionService':
      return { representation: 'distributionService' };
  }
}

/** The leaves of a tree in array form (RFC 9420 §4.1: leaves at even node indices); a leaf node elsewhere is no member. */
function treeMembers(nodes: readonly (Node | null)[]): Array<{ leafIndex: number; credential: CredentialSummary }> {
  const out: Array<{ leafIndex: number; credential: CredentialSummary }> = [];
  nodes.forEach((n, i) => {
    if (n && i % 2 === 0 && n.node_type === 'leaf') out.push({ leafIndex: i / 2, credential: summarizeCredential(n.leaf_node.credential) });
  });
  return out;
}

export function summarizeGroupInfoOption(o: GroupInfoOption): GroupInfoOptionSummary {
  if (o.representation === 'full') return { representation: 'full', groupInfo: summarizeGroupInfo(o.groupInfo) };
  return {
    representation: 'partial',
    ratchetTreePresence: o.partialGroupInfo.ratchet_tree_presence,
    extensionTypes: o.partialGroupInfo.group_info_extensions.map((e) => e.extension_type),
  };
}

function handshakeContentType(m: MLSMessage): 'proposal' | 'commit' {
  const t =
    m.wire_format === 'mls_public_message'
      ? m.public_message.content.content_type
      : m.wire_format === 'mls_private_message'
        ? m.private_message.content_type
        : m.wire_format;
  if (t !== 'proposal' && t !== 'commit') throw new TypeError(`a HandshakeBundle carries a proposal or commit, not ${String(t)}`);
  return t;
}

/**
 * Summarises a HandshakeBundle (the body of an update request: an UpdateRequest for `mls10` is
 * its HandshakeBundle, byte for byte), decoded with the generated codec.
 */
export function inspectHandshakeBundle(bundle: HandshakeBundle | Uint8Array, options?: DecodeOptions): HandshakeBundleSummary {
  const b = bundle instanceof Uint8Array ? protocolCodecs.HandshakeBundle.decode(bundle, options) : bundle;
  const contentType = handshakeContentType(b.proposalOrCommit);
  const proposalOrCommit = summarizeMessage(b.proposalOrCommit);
  const summary: HandshakeBundleSummary = {
    proposalOrCommit,
    contentType,
    welcome: null,
    welcomeTargets: [],
    addsWithoutWelcome: [],
    groupInfo: null,
    ratchetTree: null,
    moreProposals: [],
  };
  if (contentType === 'proposal') {
    summary.moreProposals = (b.moreProposals ?? []).map((m: MLSMessage) => summarizeMessage(m));
    return summary;
  }
  summary.groupInfo = b.groupInfoOption ? summarizeGroupInfoOption(b.groupInfoOption) : null;
  summary.ratchetTree = b.ratchetTreeOption ? summarizeRatchetTreeOption(b.ratchetTreeOption) : null;
  const adds = addsByRef(proposalOrCommit);
  if (b.welcome) {
    summary.welcome = summarizeWelcome(b.welcome);
    const welcomed = new Set<string>();
    summary.welcomeTargets = summary.welcome.targets.map((ref) => {
      const key = toHex(ref);
      welcomed.add(key);
      return { ref, add: adds.get(key) ?? null };
    });
    summary.addsWithoutWelcome = [...adds].filter(([key]) => !welcomed.has(key)).map(([, a]) => a.proposalIndex);
  } else {
    summary.addsWithoutWelcome = [...adds.values()].map((a) => a.proposalIndex);
  }
  // Ascending without a sort: addsByRef fills its Map in proposal order, and a Map keeps that order.
  return summary;
}

/** Adds by value in a commit, keyed by the hex KeyPackageRef (first occurrence wins). */
function addsByRef(s: MessageSummary): Map<string, { proposalIndex: number; keyPackage: KeyPackageInfo }> {
  const out = new Map<string, { proposalIndex: number; keyPackage: KeyPackageInfo }>();
  if (s.wireFormat !== 'mls_public_message' || s.contentType !== 'commit') return out;
  s.commit.proposals.forEach((p, proposalIndex) => {
    if (p.by !== 'value' || p.proposal.type !== 'add' || p.proposal.keyPackage.ref === null) return;
    const key = toHex(p.proposal.keyPackage.ref);
    if (!out.has(key)) out.set(key, { proposalIndex, keyPackage: p.proposal.keyPackage });
  });
  return out;
}

/**
 * Summarises a FanoutMessage. Bytes are decoded with `protocol = mls10` unless options.context
 * says otherwise (the select's value lives outside the body, as in the generated codec).
 */
export function inspectFanout(fanout: FanoutMessage | Uint8Array, options?: DecodeOptions): FanoutSummary {
  const f =
    fanout instanceof Uint8Array ? protocolCodecs.FanoutMessage.decode(fanout, { ...options, context: { protocol: 'mls10', ...options?.context } }) : fanout;
  if (f.message === undefined) throw new TypeError('a FanoutMessage without a message (protocol other than mls10?)');
  return {
    timestamp: f.timestamp,
    message: summarizeMessage(f.message),
    frank: f.frank ?? null,
    ratchetTree: f.ratchetTreeOption ? summarizeRatchetTreeOption(f.ratchetTreeOption) : null,
    moreProposals: (f.moreProposals ?? []).map((m: MLSMessage) => summarizeMessage(m)),
    externalProposals: (f.externalProposals ?? []).map((m: MLSMessage) => summarizeMessage(m)),
  };
}
