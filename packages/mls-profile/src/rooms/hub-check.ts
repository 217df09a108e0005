/**
 * The hub's check of a commit before it accepts it (draft-ietf-mimi-protocol-06 §5.3: the hub
 * "verifies that the changes are allowed by policy"), with no group secrets: the commit must be a
 * PublicMessage (which MIMI handshakes are), its proposals (by value, or by reference to proposals
 * the hub accepted this epoch) are read with the hub inspection (src/hub), and the verdict comes
 * from the same checkCommit every member runs, so hub
 * and members cannot disagree. The hub supplies the room state and the members it tracks (leaf
 * index → credential, from the GroupInfo and ratchet tree it keeps).
 */
import type { CipherSuite } from '@mimikit/mls';
import { extensionTypeCode } from '../advertise/registry.ts';
import { toHex } from '@mimikit/tls';
import { inspectMessage, proposalRef, type ProposalSummary } from '../hub/index.ts';
import type { Member, MlsExtension } from '../mls/index.ts';
import { RoomError } from './errors.ts';
import type { FullRoomState } from './state.ts';
import { checkCommit, type CommitCheck, type CommitContent } from './verify.ts';

/** CommitContent from the public proposals of a hub-inspected commit. */
function contentOfSummaries(proposals: readonly ProposalSummary[]): CommitContent {
  const c: CommitContent = { gce: [], adds: [], removes: [] };
  for (const p of proposals) {
    if (p.type === 'group_context_extensions') c.gce.push(p.extensions.map((e): MlsExtension => ({ extensionType: extensionTypeCode(e.extension_type), extensionData: e.extension_data })));
    else if (p.type === 'add') {
      const cred = p.keyPackage.leafNode.credential;
      c.adds.push(cred.type === 'basic' ? { credential_type: 'basic', identity: cred.identity } : { credential_type: 'x509', certificates: cred.certificates.map((data) => ({ cert_data: data })) });
    } else if (p.type === 'remove') c.removes.push(p.removed);
  }
  return c;
}

/** The proposals a commit may reference: those the hub accepted in this epoch, and the group's cipher suite (for their refs). */
export interface PendingProposals {
  /** MLSMessage bytes of each PublicMessage proposal accepted in the current epoch. */
  messages: readonly Uint8Array[];
  cipherSuite: CipherSuite;
}

/**
 * Checks a commit (MLSMessage bytes) against the room state the hub holds. Proposals by reference
 * are resolved among `pending` (the hub keeps the proposals it accepted this epoch, §5.3); a
 * reference to none of them is refused, since nobody could check what it does.
 */
export function hubCheckCommit(commit: Uint8Array, state: FullRoomState, members: readonly Member[], pending?: PendingProposals): CommitCheck {
  const m = inspectMessage(commit);
  if (m.wireFormat !== 'mls_public_message') throw new RoomError('bad-input', `the hub can only check PublicMessage commits, got ${m.wireFormat}`);
  if (m.contentType !== 'commit') throw new RoomError('bad-input', `expected a commit, got a ${m.contentType}`);
  const byRef = new Map<string, ProposalSummary>();
  for (const bytes of pending?.messages ?? []) {
    const p = inspectMessage(bytes);
    if (p.wireFormat !== 'mls_public_message' || p.contentType !== 'proposal') throw new RoomError('bad-input', 'a pending proposal that is not a PublicMessage proposal');
    byRef.set(toHex(proposalRef(bytes, pending!.cipherSuite)), p.proposal);
  }
  const proposals = m.commit.proposals.map((p, i) => {
    if (p.by === 'value') return p.proposal;
    const found = byRef.get(toHex(p.ref));
    if (!found) throw new RoomError('bad-input', `proposals[${i}] references ${toHex(p.ref)}, which is not a proposal the hub accepted this epoch`);
    return found;
  });
  const committer = m.sender.type === 'member' ? m.sender.leafIndex : undefined;
  return checkCommit(state, members, committer, contentOfSummaries(proposals));
}
