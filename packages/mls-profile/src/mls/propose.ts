/**
 * Standalone proposals (RFC 9420 §12.1): sent to the group for a later commit by someone else to
 * include by reference. MIMI uses them where a client cannot commit the change itself, above all
 * for leaving a room (draft-ietf-mimi-protocol-06 "Bob Leaves the Room": a member cannot commit its
 * own removal, §12.2). PublicMessage by default, like every handshake here, so the hub can check
 * and cache them (the hub then makes the next committer include them).
 */
import { createProposal, zeroOutUint8Array } from './backend.ts';
import { suiteImpl } from './cipher-suite.ts';
import { encodeMessage, toBackendProposal } from './convert.ts';
import { backendCall } from './errors.ts';
import { advance, current, type MlsGroup } from './handle.ts';
import type { ProposalInput } from './types.ts';
import type { SentMessage } from './application.ts';

export interface ProposeOptions {
  /** 'public' (default) or 'private'. */
  handshake?: 'public' | 'private';
  /** Authenticated data carried with the proposal. */
  aad?: Uint8Array;
}

/** Sends one proposal; the sender keeps it pending too (pendingProposals), as every receiver does. */
export async function propose(group: MlsGroup, proposal: ProposalInput, o: ProposeOptions = {}): Promise<SentMessage> {
  const { state, suite } = current(group);
  const backendProposal = toBackendProposal(proposal);
  const r = await backendCall('propose', () => createProposal(state, (o.handshake ?? 'public') === 'public', backendProposal, suiteImpl(suite), o.aad));
  r.consumed.forEach(zeroOutUint8Array);
  return { group: advance(group, r.newState), message: encodeMessage(r.message) };
}
