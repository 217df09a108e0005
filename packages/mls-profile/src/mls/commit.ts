/**
 * Commits: the proposals given here by value, plus any proposals this member has received by
 * reference and not yet committed (ts-mls includes those itself).
 *
 * Handshake messages default to PublicMessage: in MIMI the hub checks every commit against the room
 * policy and tracks the tree, so it must be able to read them (draft-ietf-mimi-protocol-06, "Update Room State";
 * SemiPrivateMessage, the other option there, is not implemented by ts-mls).
 */
import { createCommit, makePskIndex, zeroOutUint8Array } from './backend.ts';
import { suiteImpl } from './cipher-suite.ts';
import { encodeMessage, toBackendExtension, toBackendProposal } from './convert.ts';
import { backendCall } from './errors.ts';
import { assertPathWhereRequired } from './path-check.ts';
import { advance, current, type MlsGroup } from './handle.ts';
import type { MlsExtension, ProposalInput } from './types.ts';

export interface CommitOptions {
  proposals?: readonly ProposalInput[];
  /** Put the ratchet tree into the Welcome's GroupInfo (else joiners need it out of band). */
  ratchetTreeExtension?: boolean;
  /** 'public' (default, see above) or 'private'. */
  handshake?: 'public' | 'private';
  /** Extra GroupInfo extensions for the Welcome. */
  groupInfoExtensions?: readonly MlsExtension[];
  /** Authenticated data carried with the commit. */
  aad?: Uint8Array;
}

export interface CommitResult {
  group: MlsGroup;
  /** MLSMessage (public_message or private_message) bytes of the Commit, for the other members. */
  commit: Uint8Array;
  /** MLSMessage(mls_welcome) bytes when the commit adds members. */
  welcome?: Uint8Array;
}

export async function commit(group: MlsGroup, o: CommitOptions = {}): Promise<CommitResult> {
  const { state, suite } = current(group);
  const extraProposals = (o.proposals ?? []).map(toBackendProposal);
  const r = await backendCall('commit', () =>
    createCommit(
      // The PSK index is built here from the state so resumption PSKs resolve (no external PSKs yet).
      { state, cipherSuite: suiteImpl(suite), pskIndex: makePskIndex(state, {}) },
      {
        extraProposals,
        ratchetTreeExtension: o.ratchetTreeExtension ?? false,
        wireAsPublicMessage: (o.handshake ?? 'public') === 'public',
        groupInfoExtensions: (o.groupInfoExtensions ?? []).map(toBackendExtension),
        ...(o.aad ? { authenticatedData: o.aad } : {}),
      },
    ),
  );
  assertPathWhereRequired(state, r.newState, [...Object.values(state.unappliedProposals).map((p) => p.proposal), ...extraProposals]);
  // Secrets of the old epoch that the new state no longer needs: erase them (forward secrecy).
  r.consumed.forEach(zeroOutUint8Array);
  const result: CommitResult = { group: advance(group, r.newState), commit: encodeMessage(r.commit) };
  // ts-mls 1.6.4 returns the bare Welcome; on the wire it is an MLSMessage like everything else.
  if (r.welcome) result.welcome = encodeMessage({ version: 'mls10', wireformat: 'mls_welcome', welcome: r.welcome });
  return result;
}
