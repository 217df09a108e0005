/**
 * Read-only views of a group state. These work on stale handles too (they change nothing).
 */
import { mlsExporter, type RatchetTree } from './backend.ts';
import { credentialView } from './auth.ts';
import { suiteImpl, type CipherSuite } from './cipher-suite.ts';
import { fromBackendExtension, proposalView } from './convert.ts';
import { backendCall } from './errors.ts';
import { peek, type MlsGroup } from './handle.ts';
import type { Member, MlsExtension, ProposalView } from './types.ts';

export function groupId(group: MlsGroup): Uint8Array {
  return peek(group).state.groupContext.groupId;
}

/** The group's cipher suite (the handle cipherSuite() returns for it). */
export function groupCipherSuite(group: MlsGroup): CipherSuite {
  return peek(group).suite;
}

export function epoch(group: MlsGroup): bigint {
  return peek(group).state.groupContext.epoch;
}

/**
 * RFC 9420 §8.7 epoch_authenticator: equal at every member iff they agree on the epoch. What the MLS
 * interop harness compares (StateAuth) and what a UI can show for out-of-band verification.
 */
export function epochAuthenticator(group: MlsGroup): Uint8Array {
  return peek(group).state.keySchedule.epochAuthenticator;
}

/** This member's leaf index. */
export function ownLeafIndex(group: MlsGroup): number {
  return peek(group).state.privatePath.leafIndex;
}

/** 'removed' once a processed commit removed this member; nothing can be sent then. */
export function status(group: MlsGroup): 'active' | 'removed' | 'suspended' {
  const k = peek(group).state.groupActiveState.kind;
  return k === 'active' ? 'active' : k === 'removedFromGroup' ? 'removed' : 'suspended';
}

/** The members in leaf order (blank leaves skipped). */
export function members(group: MlsGroup): Member[] {
  const tree = peek(group).state.ratchetTree;
  const out: Member[] = [];
  // Leaves are the even nodes of the array-represented tree (RFC 9420 Appendix C): leaf i = node 2i.
  for (let node = 0; node < tree.length; node += 2) {
    const m = memberOfNode(tree[node], node / 2);
    if (m) out.push(m);
  }
  return out;
}

/**
 * The member at one leaf, or undefined (a blank leaf, or no such leaf): what `members(group).find`
 * gives, without a Member object for every leaf of the tree (the sender of each application
 * message, say).
 */
export function memberAt(group: MlsGroup, leafIndex: number): Member | undefined {
  if (!Number.isInteger(leafIndex) || leafIndex < 0) return undefined;
  return memberOfNode(peek(group).state.ratchetTree[leafIndex * 2], leafIndex);
}

function memberOfNode(n: RatchetTree[number] | undefined, leafIndex: number): Member | undefined {
  return n?.nodeType === 'leaf' ? { leafIndex, credential: credentialView(n.leaf.credential), signatureKey: n.leaf.signaturePublicKey } : undefined;
}

/**
 * Proposals received (or sent) in this epoch and not yet committed, with their senders. The next
 * commit() includes all of them by reference (RFC 9420 §12.4: proposals are epoch-bound), so a
 * committer checks them together with its own.
 */
export function pendingProposals(group: MlsGroup): ProposalView[] {
  return Object.values(peek(group).state.unappliedProposals).map(proposalView);
}

export function groupContextExtensions(group: MlsGroup): MlsExtension[] {
  return peek(group).state.groupContext.extensions.map(fromBackendExtension);
}

/** RFC 9420 §8.5 MLS-Exporter(label, context, length) of the current epoch. */
export async function exportSecret(group: MlsGroup, label: string, context: Uint8Array, length: number): Promise<Uint8Array> {
  const { state, suite } = peek(group);
  return backendCall('exportSecret', () => mlsExporter(state.keySchedule.exporterSecret, label, context, length, suiteImpl(suite)));
}
