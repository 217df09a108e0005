/**
 * Receiving: one entry point for every framed MLSMessage, with a result that says what happened.
 *
 * The adapter dispatches to ts-mls's processPrivateMessage / processPublicMessage itself instead of
 * calling processMessage, because 1.6.4's processMessage drops the PSK index for PrivateMessages
 * (commits with PSK proposals then fail; fixed upstream in #450, after every npm release).
 */
import {
  decryptSenderData,
  makePskIndex,
  processPrivateMessage,
  processPublicMessage,
  zeroOutUint8Array,
  type ClientState,
  type IncomingMessageCallback,
  type MLSMessage,
} from './backend.ts';
import { suiteImpl } from './cipher-suite.ts';
import { decodeMessage, proposalView } from './convert.ts';
import { MlsError, backendCall } from './errors.ts';
import { advance, current, type MlsGroup } from './handle.ts';
import { credentialView } from './auth.ts';
import type { MlsCredential, ProposalView } from './types.ts';

/** A commit or proposal, shown to the policy before it is applied. */
export type Incoming =
  | {
      kind: 'commit';
      committer: number | undefined;
      proposals: ProposalView[];
      /**
       * The credential of the committer's new LeafNode (the commit's UpdatePath), which replaces
       * the one at its leaf (RFC 9420 §5.3.1 lets a commit change it). null: the commit has no
       * path. 'encrypted': a PrivateMessage commit, whose path ts-mls 1.6.4 decrypts but does not
       * show the callback before applying it (docs/mls.md, "Known gaps").
       */
      pathCredential: MlsCredential | null | 'encrypted';
    }
  | { kind: 'proposal'; proposal: ProposalView };

export type Processed =
  | { kind: 'application'; group: MlsGroup; data: Uint8Array; aad: Uint8Array; sender: number }
  | {
      kind: 'commit';
      group: MlsGroup;
      /** False when the policy rejected it: the group state is then unchanged. */
      accepted: boolean;
      committer: number | undefined;
      /** Every proposal the commit applies, by value or by reference. */
      proposals: ProposalView[];
      /** This member was removed by the commit. */
      removed: boolean;
    }
  | { kind: 'proposal'; group: MlsGroup; accepted: boolean; proposal: ProposalView };

export interface ProcessOptions {
  /**
   * Decides whether to apply a commit or keep a proposal (e.g. the room policy); default: accept.
   * Synchronous because ts-mls calls it synchronously in the middle of processing.
   */
  policy?: (incoming: Incoming) => boolean;
}

/**
 * The sender of an application message. ts-mls 1.6.4 does not report it, so it is read from the
 * message's sender data with the key of the message's epoch. The leaf is only reported after ts-mls
 * has verified the content's signature against that same leaf, so it is authenticated.
 */
async function applicationSender(
  state: ClientState,
  pm: { epoch: bigint },
  decrypt: (secret: Uint8Array) => Promise<{ leafIndex: number } | undefined>,
): Promise<number> {
  const secret = pm.epoch === state.groupContext.epoch ? state.keySchedule.senderDataSecret : state.historicalReceiverData.get(pm.epoch)?.senderDataSecret;
  const data = secret ? await decrypt(secret) : undefined;
  if (!data) throw new MlsError('rejected', `cannot read the sender of an application message of epoch ${pm.epoch}`);
  return data.leafIndex;
}

/**
 * The leaf whose application ratchet processing advanced: the one ts-mls decrypted the message
 * with, which is the leaf its sender data named and whose key verified the signature. Reading it
 * from the state transition costs nothing, where decrypting the sender data a second time costs an
 * asynchronous AEAD call per message (bench/mls.ts measured it as most of the profile's message
 * overhead). ts-mls replaces, never mutates, the node objects it changes; undefined when no single
 * leaf changed, and the caller then decrypts the sender data itself.
 */
function advancedLeaf(before: ClientState, after: ClientState, epoch: bigint): number | undefined {
  const current = epoch === before.groupContext.epoch;
  const a = current ? before.secretTree : before.historicalReceiverData.get(epoch)?.secretTree;
  const b = current ? after.secretTree : after.historicalReceiverData.get(epoch)?.secretTree;
  if (!a || !b || a.length !== b.length) return undefined;
  let found: number | undefined;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i]?.application === b[i]?.application) continue;
    if (found !== undefined) return undefined;
    found = i / 2;
  }
  return found;
}

export async function process(group: MlsGroup, message: Uint8Array, o: ProcessOptions = {}): Promise<Processed> {
  const { state, suite } = current(group);
  const cs = suiteImpl(suite);
  const m = decodeMessage(message);
  let seen: Incoming | undefined;
  const callback: IncomingMessageCallback = (incoming) => {
    seen =
      incoming.kind === 'commit'
        ? { kind: 'commit', committer: incoming.senderLeafIndex, proposals: incoming.proposals.map(proposalView), pathCredential: pathCredentialOf(m) }
        : { kind: 'proposal', proposal: proposalView(incoming.proposal) };
    return !o.policy || o.policy(seen) ? 'accept' : 'reject';
  };
  const psks = makePskIndex(state, {});

  if (m.wireformat === 'mls_private_message') {
    const pm = m.privateMessage;
    // The sender data's secret is still there before processing, if the state transition does not tell.
    const senderFromSenderData =
      pm.contentType === 'application' ? () => backendCall('process', () => applicationSender(state, pm, (s) => decryptSenderData(pm, s, cs))) : undefined;
    const fallback = senderFromSenderData && !canReadSenderFromTransition(state, pm.epoch) ? await senderFromSenderData() : undefined;
    const r = await backendCall('process', () => processPrivateMessage(state, pm, psks, cs, callback));
    if (r.kind === 'applicationMessage') {
      const sender = fallback ?? advancedLeaf(state, r.newState, pm.epoch);
      r.consumed.forEach(zeroOutUint8Array);
      if (sender === undefined) throw new MlsError('rejected', 'cannot tell which member sent an application message');
      return { kind: 'application', group: advance(group, r.newState), data: r.message, aad: pm.authenticatedData, sender };
    }
    r.consumed.forEach(zeroOutUint8Array);
    return handshakeResult(group, r.newState, r.actionTaken === 'accept', seen);
  }
  if (m.wireformat === 'mls_public_message') {
    const r = await backendCall('process', () => processPublicMessage(state, m.publicMessage, psks, cs, callback));
    r.consumed.forEach(zeroOutUint8Array);
    return handshakeResult(group, r.newState, r.actionTaken === 'accept', seen);
  }
  throw new MlsError('bad-input', `process() takes framed messages (public or private), not ${m.wireformat}`);
}

/** The credential in a commit's UpdatePath, as far as the message shows it (Incoming.pathCredential). */
function pathCredentialOf(m: MLSMessage): MlsCredential | null | 'encrypted' {
  if (m.wireformat !== 'mls_public_message') return 'encrypted';
  const c = m.publicMessage.content;
  if (c.contentType !== 'commit' || !c.commit.path) return null;
  return credentialView(c.commit.path.leafNode.credential);
}

/** The transition shows the sender when the epoch's secret tree is kept in both states (always, in ts-mls 1.6.4). */
function canReadSenderFromTransition(state: ClientState, epoch: bigint): boolean {
  return epoch === state.groupContext.epoch || state.historicalReceiverData.has(epoch);
}

function handshakeResult(group: MlsGroup, next: ClientState, accepted: boolean, seen: Incoming | undefined): Processed {
  if (!seen) throw new MlsError('rejected', 'the library processed a handshake message without reporting it');
  const g = advance(group, next);
  if (seen.kind === 'proposal') return { kind: 'proposal', group: g, accepted, proposal: seen.proposal };
  return {
    kind: 'commit',
    group: g,
    accepted,
    committer: seen.committer,
    proposals: seen.proposals,
    removed: next.groupActiveState.kind === 'removedFromGroup',
  };
}
