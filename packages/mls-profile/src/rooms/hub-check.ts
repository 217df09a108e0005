/**
 * The hub's check of a commit before it accepts it (draft-ietf-mimi-protocol-06 §5.3: the hub
 * "verifies that the changes are allowed by policy"), with no group secrets: the commit must be a
 * PublicMessage (which MIMI handshakes are), its proposals by value are read with the hub
 * inspection (src/hub), and the verdict comes from the same checkCommit every member runs, so hub
 * and members cannot disagree. The hub supplies the room state and the members it tracks (leaf
 * index → credential, from the GroupInfo and ratchet tree it keeps).
 */
import { ExtensionType } from '@mimikit/mls';
import { inspectMessage, type ProposalSummary } from '../hub/index.ts';
import type { Member, MlsExtension } from '../mls/index.ts';
import { RoomError } from './errors.ts';
import type { FullRoomState } from './state.ts';
import { checkCommit, type CommitCheck, type CommitContent } from './verify.ts';

const code = (t: ExtensionType) => (typeof t === 'number' ? t : ExtensionType[t]);

/** CommitContent from the public proposals of a hub-inspected commit. */
function contentOfSummaries(proposals: readonly ProposalSummary[]): CommitContent {
  const c: CommitContent = { gce: [], adds: [], removes: [] };
  for (const p of proposals) {
    if (p.type === 'group_context_extensions') c.gce.push(p.extensions.map((e): MlsExtension => ({ extensionType: code(e.extension_type), extensionData: e.extension_data })));
    else if (p.type === 'add') {
      const cred = p.keyPackage.leafNode.credential;
      c.adds.push(cred.type === 'basic' ? { credential_type: 'basic', identity: cred.identity } : { credential_type: 'x509', certificates: cred.certificates.map((data) => ({ cert_data: data })) });
    } else if (p.type === 'remove') c.removes.push(p.removed);
  }
  return c;
}

/**
 * Checks a commit (MLSMessage bytes) against the room state the hub holds. Proposals by reference
 * are refused: the hub would have to resolve them against the proposals it has accepted this epoch,
 * which the profile does not track yet.
 */
export function hubCheckCommit(commit: Uint8Array, state: FullRoomState, members: readonly Member[]): CommitCheck {
  const m = inspectMessage(commit);
  if (m.wireFormat !== 'mls_public_message') throw new RoomError('bad-input', `the hub can only check PublicMessage commits, got ${m.wireFormat}`);
  if (m.contentType !== 'commit') throw new RoomError('bad-input', `expected a commit, got a ${m.contentType}`);
  const byValue: ProposalSummary[] = [];
  for (const p of m.commit.proposals) {
    if (p.by === 'reference') throw new RoomError('unsupported', 'commits with proposals by reference are not checked by the hub yet');
    byValue.push(p.proposal);
  }
  const committer = m.sender.type === 'member' ? m.sender.leafIndex : undefined;
  return checkCommit(state, members, committer, contentOfSummaries(byValue));
}
