/**
 * GroupInfo and ratchet tree for the hub (draft-ietf-mimi-protocol-06 "Update Room State" sends
 * both with each commit) and for joiners that get the tree out of band.
 *
 * The GroupInfo is assembled here rather than with ts-mls's createGroupInfoWithExternalPub because
 * 1.6.4 writes external_pub as the bare key; RFC 9420 §12.4.3.2 has `struct { HPKEPublicKey
 * external_pub; }`, i.e. the key with its <V> length prefix (fixed upstream in #449, after every npm
 * release). We encode ExternalPub with the generated codec and let ts-mls sign the GroupInfo, so the
 * signature covers the conformant bytes and other stacks can join externally from it.
 */
import { codecs } from '@mimikit/mls';
import { createGroupInfo, encodeRatchetTree, type Extension } from './backend.ts';
import { suiteImpl } from './cipher-suite.ts';
import { encodeMessage, toBackendExtension } from './convert.ts';
import { backendCall } from './errors.ts';
import { peek, type MlsGroup } from './handle.ts';
import type { MlsExtension } from './types.ts';

export interface GroupInfoOptions {
  /** Include external_pub (needed for external joins). Default true. */
  externalPub?: boolean;
  /** Include the ratchet_tree extension. Default false (MIMI sends the tree separately). */
  ratchetTree?: boolean;
  extensions?: readonly MlsExtension[];
}

/** MLSMessage(mls_group_info) bytes for the current epoch, signed by this member. */
export async function groupInfo(group: MlsGroup, o: GroupInfoOptions = {}): Promise<Uint8Array> {
  const { state, suite } = peek(group);
  const cs = suiteImpl(suite);
  const extensions: Extension[] = (o.extensions ?? []).map(toBackendExtension);
  if (o.externalPub ?? true) {
    const key = await backendCall('groupInfo', async () => cs.hpke.exportPublicKey((await cs.hpke.deriveKeyPair(state.keySchedule.externalSecret)).publicKey));
    extensions.push({ extensionType: 'external_pub', extensionData: codecs.ExternalPub.encode({ external_pub: key }) });
  }
  if (o.ratchetTree) extensions.push({ extensionType: 'ratchet_tree', extensionData: encodeRatchetTree(state.ratchetTree) });
  const gi = await backendCall('groupInfo', () => createGroupInfo(state.groupContext, state.confirmationTag, state, extensions, cs));
  return encodeMessage({ version: 'mls10', wireformat: 'mls_group_info', groupInfo: gi });
}

/** The current ratchet tree as RFC 9420 RatchetTree bytes (the ratchet_tree extension's content). */
export function ratchetTree(group: MlsGroup): Uint8Array {
  return encodeRatchetTree(peek(group).state.ratchetTree);
}
