/**
 * Joining a group by External Commit (RFC 9420 §12.4.3.2) from its GroupInfo and ratchet tree: the
 * way a new client of a MIMI participant joins a room (draft-ietf-mimi-protocol-06 "Cathy adds a new
 * device"). The commit is a PublicMessage with sender new_member_commit, carrying one ExternalInit
 * and an UpdatePath with the joiner's leaf; the joiner is in the new epoch as soon as it is made.
 *
 * ts-mls 1.6.4's joinGroupExternal reads the external_pub extension as RFC 9420 writes it only with
 * our patch (docs/mls.md, "Patched ts-mls"); groupInfo() writes it that way.
 */
import { codecs } from '@mimikit/mls';
import { joinGroupExternal } from './backend.ts';
import { clientConfigFor } from './auth.ts';
import { suiteForName, suiteImpl } from './cipher-suite.ts';
import { decodeMessage, encodeMessage } from './convert.ts';
import { MlsError, backendCall } from './errors.ts';
import { readRatchetTree } from './group.ts';
import { wrap, type MlsGroup } from './handle.ts';
import { openKeyPackageBundle } from './key-package.ts';
import type { AuthService, KeyPackageBundle } from './types.ts';

export interface ExternalJoinParams {
  /** MLSMessage(mls_group_info) bytes of the group's current epoch, with external_pub. */
  groupInfo: Uint8Array;
  /** The group's ratchet tree (RatchetTree bytes) when the GroupInfo carries no ratchet_tree extension. */
  ratchetTree?: Uint8Array;
  /** The joiner's KeyPackage and private keys: its LeafNode becomes the new leaf. */
  keyPackage: KeyPackageBundle;
  /** Checks every member's credential in the tree being joined, and the GroupInfo signer's. */
  authService: AuthService;
  /** authenticated_data of the commit. */
  aad?: Uint8Array;
}

export interface ExternalJoin {
  /** The joiner's group, already in the epoch the commit creates. */
  group: MlsGroup;
  /** MLSMessage(mls_public_message) bytes of the External Commit, for the other members. */
  commit: Uint8Array;
}

export async function joinExternal(p: ExternalJoinParams): Promise<ExternalJoin> {
  const m = decodeMessage(p.groupInfo);
  if (m.wireformat !== 'mls_group_info') throw new MlsError('bad-input', `expected an mls_group_info MLSMessage, got ${m.wireformat}`);
  const suite = await suiteForName(m.groupInfo.groupContext.cipherSuite);
  const { publicPackage, privatePackage } = openKeyPackageBundle(p.keyPackage);
  if (publicPackage.cipherSuite !== suite.name)
    throw new MlsError('bad-input', `the KeyPackage is for ${publicPackage.cipherSuite}, the group uses ${suite.name}`);
  const externalPub = m.groupInfo.extensions.find((e) => e.extensionType === 'external_pub');
  if (!externalPub) throw new MlsError('bad-input', 'the GroupInfo has no external_pub extension: the group cannot be joined externally');
  // The library decodes it too (our patch); screened here so a malformed one is bad input, not a library error.
  try {
    codecs.ExternalPub.decode(externalPub.extensionData);
  } catch (e) {
    throw new MlsError('bad-input', `the GroupInfo's external_pub is not struct { HPKEPublicKey external_pub; }: ${(e as Error).message}`, { cause: e });
  }
  const tree = p.ratchetTree ? readRatchetTree(p.ratchetTree) : undefined;
  const r = await backendCall('joinExternal', () =>
    joinGroupExternal(m.groupInfo, publicPackage, privatePackage, false, suiteImpl(suite), tree, clientConfigFor(p.authService), p.aad),
  );
  return {
    group: wrap(r.newState, suite),
    commit: encodeMessage({ version: 'mls10', wireformat: 'mls_public_message', publicMessage: r.publicMessage }),
  };
}
