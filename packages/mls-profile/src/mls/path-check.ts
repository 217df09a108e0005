/**
 * RFC 9420 §12.4: a commit that covers a GroupContextExtensions proposal MUST carry an UpdatePath
 * ("path required" in the proposal-type registry), and §12.4.1 encrypts that path under the
 * GroupContext with the NEW extensions. ts-mls 1.6.4 as published does neither; the repository applies
 * patches/ts-mls+1.6.4.patch at `npm install`, and the published package ships that patched copy in
 * dist/vendor/ts-mls (docs/mls.md, "Patched ts-mls"). Room-state changes
 * are GroupContextExtensions commits, so a backend without the patch would emit commits that other
 * stacks reject: the adapter refuses to hand such a commit out rather than desynchronise the room.
 *
 * Read from the committer's states, not from the message, so that it holds for private handshakes:
 * a commit with a path gives the committer's own leaf a fresh HPKE key.
 */
import { bytesEqual } from '@mimikit/bytes';
import type { ClientState, Proposal } from './backend.ts';
import { MlsError } from './errors.ts';

export function assertPathWhereRequired(before: ClientState, after: ClientState, committed: readonly Proposal[]): void {
  if (!committed.some((p) => p.proposalType === 'group_context_extensions')) return;
  if (ownLeafKeyChanged(before, after)) return;
  throw new MlsError(
    'unsupported',
    'commit: ts-mls made a GroupContextExtensions commit without an UpdatePath (RFC 9420 §12.4): it runs without patches/ts-mls+1.6.4.patch (`npm install` in the repository applies it; the published package ships the patched copy; docs/mls.md, "Patched ts-mls")',
  );
}

function ownLeafKeyChanged(before: ClientState, after: ClientState): boolean {
  const a = ownLeafKey(before);
  const b = ownLeafKey(after);
  return a !== undefined && b !== undefined && !bytesEqual(a, b);
}

function ownLeafKey(s: ClientState): Uint8Array | undefined {
  // Leaf i is node 2i of the array-form tree (RFC 9420 Appendix C).
  const node = s.ratchetTree[s.privatePath.leafIndex * 2];
  return node?.nodeType === 'leaf' ? node.leaf.hpkePublicKey : undefined;
}
