/**
 * The hub's check of a commit before it accepts it (draft-ietf-mimi-protocol-06 §5.3: the hub
 * "verifies that the changes are allowed by policy"), with no group secrets: the commit must be a
 * PublicMessage (which MIMI handshakes are), its proposals (by value, or by reference to proposals
 * the hub accepted this epoch) are read with the hub inspection (src/hub), and the verdict comes
 * from the same checkCommit every member runs, so hub
 * and members cannot disagree. The hub supplies the room state and the members it tracks (leaf
 * index → credential, from the GroupInfo and ratchet tree it keeps).
 * @spec draft-ietf-mimi-protocol §Update Room State
 */
import type { CipherSuite, Credential } from '@mimikit/mls';
import { extensionTypeCode } from '../advertise/registry.ts';
import { toHex } from '@mimikit/bytes';
import { inspectMessage, proposalRef, type CommitSummary, type CredentialSummary, type ProposalSummary } from '../hub/index.ts';
import type { Member, MlsExtension } from '../mls/index.ts';
import { RoomError } from './errors.ts';
import { addSelfRemove, emptyCommitContent, proposalTypeCode } from './commit-content.ts';
import type { FullRoomState } from './state.ts';
import { checkCommit, type CommitCheck, type CommitContent } from './verify.ts';

type Sent = { sender: number | undefined; proposal: ProposalSummary };

/** The generated Credential of a hub summary's. */
function credentialOf(c: CredentialSummary): Credential {
  return c.type === 'basic'
    ? { credential_type: 'basic', identity: c.identity }
    : { credential_type: 'x509', certificates: c.certificates.map((data) => ({ cert_data: data })) };
}

/** CommitContent from the public proposals of a hub-inspected commit, with their senders, and its UpdatePath. */
function contentOfSummaries(proposals: readonly Sent[], commit?: CommitSummary): CommitContent {
  const c = emptyCommitContent();
  if (commit?.path) c.path = credentialOf(commit.path.leafNode.credential);
  for (const { sender, proposal: p } of proposals) {
    if (p.type === 'group_context_extensions')
      c.gce.push({
        sender,
        extensions: p.extensions.map((e): MlsExtension => ({ extensionType: extensionTypeCode(e.extension_type), extensionData: e.extension_data })),
      });
    else if (p.type === 'add') c.adds.push({ sender, credential: credentialOf(p.keyPackage.leafNode.credential) });
    else if (p.type === 'update') c.updates.push({ sender, credential: credentialOf(p.leafNode.credential) });
    else if (p.type === 'remove') c.removes.push({ sender, leaf: p.removed });
    else if (p.type === 'self_remove') addSelfRemove(c, sender);
    else if (p.type === 'app_data_update')
      c.appDataUpdates.push({
        sender,
        update: p.op === 'update' ? { component_id: p.componentId, op: 'update', update: p.update } : { component_id: p.componentId, op: 'remove' },
      });
    else c.others.push({ sender, type: p.type === 'custom' ? proposalTypeCode(p.proposalType) : p.type });
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
 * reference to none of them is refused, since nobody could check what it does. The commit must
 * also include every pending proposal: the hub "requires the client to include the cached
 * proposals" (draft-ietf-mimi-protocol-06 "Bob Leaves the Room"), which is what guarantees a
 * leaving client its removal; a commit that leaves one out is denied ('pending_proposal'). An
 * External Commit (sender new_member_commit: a participant's new client joining, external-commit.ts)
 * is checked by the same rules; it cannot include proposals by reference (RFC 9420 §12.4.3.2), so
 * while any are pending it is denied too.
 */
export function hubCheckCommit(commit: Uint8Array, state: FullRoomState, members: readonly Member[], pending?: PendingProposals): CommitCheck {
  const m = inspectMessage(commit);
  if (m.wireFormat !== 'mls_public_message') throw new RoomError('bad-input', `the hub can only check PublicMessage commits, got ${m.wireFormat}`);
  if (m.contentType !== 'commit') throw new RoomError('bad-input', `expected a commit, got a ${m.contentType}`);
  // RFC 9420 §6.1: only a member or a new member (External Commit, §12.4.3.2) sends a commit.
  if (m.sender.type !== 'member' && m.sender.type !== 'new_member_commit') throw new RoomError('bad-input', `a commit from a ${m.sender.type} sender`);
  const committer = m.sender.type === 'member' ? m.sender.leafIndex : undefined;
  const byRef = new Map<string, Sent>();
  for (const bytes of pending?.messages ?? []) {
    const p = inspectMessage(bytes);
    if (p.wireFormat !== 'mls_public_message' || p.contentType !== 'proposal')
      throw new RoomError('bad-input', 'a pending proposal that is not a PublicMessage proposal');
    byRef.set(toHex(proposalRef(bytes, pending!.cipherSuite)), { sender: p.sender.type === 'member' ? p.sender.leafIndex : undefined, proposal: p.proposal });
  }
  const used = new Set<string>();
  const proposals = m.commit.proposals.map((p, i): Sent => {
    if (p.by === 'value') return { sender: committer, proposal: p.proposal };
    const ref = toHex(p.ref);
    const found = byRef.get(ref);
    if (!found) throw new RoomError('bad-input', `proposals[${i}] references ${ref}, which is not a proposal the hub accepted this epoch`);
    used.add(ref);
    return found;
  });
  const check = checkCommit(state, members, committer, contentOfSummaries(proposals, m.commit));
  for (const ref of byRef.keys()) {
    if (!used.has(ref))
      check.denials.push({
        missing: 'pending_proposal',
        at: `proposal ${ref}`,
        reason: `the commit does not include proposal ${ref}, which the hub accepted this epoch and requires the next commit to include`,
      });
  }
  return check;
}

/**
 * Checks proposals a client sends the hub together, before the hub caches them
 * (draft-ietf-mimi-protocol-06 "Bob Leaves the Room": "Verify that Removes, AppSync are allowed by
 * policy; cache"). They are judged as the commit that will include them, by their sender: the same
 * checkCommit, so a leave (Removes of all the user's clients plus the list change) passes exactly
 * when every member will accept the commit. All must be PublicMessage proposals of one member.
 */
export function hubCheckProposals(proposals: readonly Uint8Array[], state: FullRoomState, members: readonly Member[]): CommitCheck {
  if (proposals.length === 0) throw new RoomError('bad-input', 'no proposals to check');
  const sent: Sent[] = proposals.map((bytes, i) => {
    const p = inspectMessage(bytes);
    if (p.wireFormat !== 'mls_public_message' || p.contentType !== 'proposal')
      throw new RoomError('bad-input', `proposals[${i}] is not a PublicMessage proposal`);
    return { sender: p.sender.type === 'member' ? p.sender.leafIndex : undefined, proposal: p.proposal };
  });
  const senders = new Set(sent.map((p) => p.sender));
  if (senders.size > 1) throw new RoomError('bad-input', "proposals from more than one sender: check each sender's batch on its own");
  return checkCommit(state, members, sent[0]!.sender, contentOfSummaries(sent));
}
