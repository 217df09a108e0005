/**
 * Verifying a GroupInfo and ratchet tree from public data only: what a joiner checks before it
 * trusts them (RFC 9420 §12.4.3, §12.4.3.1), and what the MIMI hub checks of the pair a committer
 * hands it with each commit (draft-ietf-mimi-protocol-06 §5.3): the hub keeps them, judges the next
 * commit against them and serves them to external joiners, so a forged pair must not get in.
 *
 * With the previous epoch's GroupInfo and the commit, the GroupInfo is also tied to that commit
 * (RFC 9420 §8.2): epoch + 1, same group and suite, the commit's confirmation_tag, and
 * confirmed_transcript_hash = Hash(interim_transcript_hash_[n] || ConfirmedTranscriptHashInput) with
 * interim_transcript_hash_[n] = Hash(confirmed_transcript_hash_[n] || confirmation_tag_[n]), both
 * read off the previous GroupInfo. What public data cannot show: that the confirmation tag is the
 * MAC the epoch's confirmation_key gives, and that the tree is the one applying the commit to the
 * previous tree yields (docs/rooms.md, "Talking to the hub").
 */
import { bytesEqual, decodeUtf8OrNull } from '@mimikit/bytes';
import {
  createConfirmedHash,
  createInterimHash,
  treeHashRoot,
  validateRatchetTree,
  verifyGroupInfoSignature,
  type CiphersuiteImpl,
  type GroupInfo,
  type RatchetTree,
} from './backend.ts';
import { clientConfigFor } from './auth.ts';
import { suiteForName, suiteImpl } from './cipher-suite.ts';
import { decodeMessage } from './convert.ts';
import { MlsError } from './errors.ts';
import { readRatchetTree } from './group.ts';
import type { AuthService } from './types.ts';

/** Which check a GroupInfo and ratchet tree failed. */
export type GroupInfoCheck =
  /** Bytes that are not a GroupInfo MLSMessage, a RatchetTree, or (with `previous`) a PublicMessage commit. */
  | 'decode'
  /** A cipher suite this adapter does not offer, or another suite than the previous epoch's. */
  | 'cipher-suite'
  /** The tree has no leaf at the GroupInfo's signer index. */
  | 'signer'
  /** The GroupInfo signature does not verify with the signer leaf's signature key (§12.4.3). */
  | 'signature'
  /** The tree's hash is not group_context.tree_hash (§7.8). */
  | 'tree-hash'
  /** The tree is not valid (§12.4.3.1): structure, parent hashes, leaf node signatures, key uniqueness, capabilities. */
  | 'tree'
  /** The AuthService refused a leaf's credential (§12.4.3.1, §5.3.1). */
  | 'credential'
  /** Another group than the previous epoch's. */
  | 'group-id'
  /** Not the epoch after the previous GroupInfo's (or the commit's epoch is not the previous one). */
  | 'epoch'
  /** The GroupInfo's confirmation_tag is not the commit's. */
  | 'confirmation-tag'
  /** confirmed_transcript_hash is not the one the previous epoch and the commit give (§8.2), or not empty at epoch 0 (§11). */
  | 'transcript';

export class GroupInfoCheckError extends Error {
  override readonly name = 'GroupInfoCheckError';
  constructor(
    readonly check: GroupInfoCheck,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface VerifyGroupInfoOptions {
  /** Asked about every leaf's credential, as a joiner would (the tree's members, §12.4.3.1). */
  authService: AuthService;
  /**
   * For the GroupInfo a commit produced: the GroupInfo of the epoch the commit was made in (trusted:
   * the caller verified it when it got it) and the commit, MLSMessage(PublicMessage) bytes.
   */
  previous?: { groupInfo: Uint8Array; commit: Uint8Array };
}

/** The GroupInfo's epoch and signer, once every check passed. */
export interface VerifiedGroupInfo {
  epoch: bigint;
  signer: number;
}

/**
 * Verifies a GroupInfo (MLSMessage mls_group_info bytes) and its ratchet tree (RatchetTree bytes):
 * the checks of GroupInfoCheck, cheapest first. Throws GroupInfoCheckError naming the failed check.
 */
export async function verifyGroupInfo(groupInfo: Uint8Array, ratchetTree: Uint8Array, o: VerifyGroupInfoOptions): Promise<VerifiedGroupInfo> {
  const gi = decoded(() => groupInfoOf(groupInfo, 'the GroupInfo'));
  const tree = decoded(() => readRatchetTree(ratchetTree));
  const gc = gi.groupContext;
  const cs = await suiteOf(gc.cipherSuite);
  if (o.previous) await checkFollows(gi, o.previous, cs);
  else if (gc.epoch === 0n && gc.confirmedTranscriptHash.length !== 0)
    throw new GroupInfoCheckError('transcript', 'a GroupInfo of epoch 0 has an empty confirmed_transcript_hash (RFC 9420 §11)');

  const signer = tree[gi.signer * 2];
  if (signer?.nodeType !== 'leaf') throw new GroupInfoCheckError('signer', `the ratchet tree has no member at the GroupInfo's signer leaf ${gi.signer}`);
  if (!(await settled(verifyGroupInfoSignature(gi, signer.leaf.signaturePublicKey, cs.signature))))
    throw new GroupInfoCheckError('signature', `the GroupInfo signature does not verify with the signature key of leaf ${gi.signer}`);
  if (!bytesEqual(await treeHashRoot(tree, cs.hash), gc.treeHash))
    throw new GroupInfoCheckError('tree-hash', "the ratchet tree's hash is not the GroupContext's tree_hash: another tree than the GroupInfo's");
  await checkTree(tree, gi, cs, o.authService);
  return { epoch: gc.epoch, signer: gi.signer };
}

/** RFC 9420 §12.4.3.1 with ts-mls's validateRatchetTree, telling a refused credential from the rest. */
async function checkTree(tree: RatchetTree, gi: GroupInfo, cs: CiphersuiteImpl, authService: AuthService): Promise<void> {
  let refused: string | undefined;
  const config = clientConfigFor(async (credential, key) => {
    const ok = (await authService(credential, key)) === true;
    if (!ok) refused ??= (credential.identity && decodeUtf8OrNull(credential.identity)) ?? `credential type ${credential.credentialType}`;
    return ok;
  });
  let error: unknown;
  try {
    error = await validateRatchetTree(tree, gi.groupContext, config.lifetimeConfig, config.authService, gi.groupContext.treeHash, cs);
  } catch (e) {
    error = e;
  }
  if (error === undefined) return;
  if (refused !== undefined) throw new GroupInfoCheckError('credential', `the AuthService refuses the credential of a leaf (${refused})`, { cause: error });
  throw new GroupInfoCheckError('tree', `the ratchet tree is not valid (RFC 9420 §12.4.3.1): ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}

/** §8.2: the GroupInfo is the one `commit`, made in the epoch of `previous.groupInfo`, leads to. */
async function checkFollows(gi: GroupInfo, previous: { groupInfo: Uint8Array; commit: Uint8Array }, cs: CiphersuiteImpl): Promise<void> {
  const last = decoded(() => groupInfoOf(previous.groupInfo, 'the previous GroupInfo'));
  const before = last.groupContext;
  const m = decoded(() => decodeMessage(previous.commit));
  if (m.wireformat !== 'mls_public_message' || m.publicMessage.content.contentType !== 'commit' || m.publicMessage.auth.contentType !== 'commit')
    throw new GroupInfoCheckError('decode', 'the transcript check needs the commit as a PublicMessage');
  const { content, auth } = m.publicMessage;
  const gc = gi.groupContext;
  if (gc.cipherSuite !== before.cipherSuite)
    throw new GroupInfoCheckError('cipher-suite', `the GroupInfo is for ${gc.cipherSuite}, the group uses ${before.cipherSuite}`);
  if (!bytesEqual(gc.groupId, before.groupId) || !bytesEqual(content.groupId, before.groupId))
    throw new GroupInfoCheckError('group-id', 'the GroupInfo or the commit is for another group');
  if (content.epoch !== before.epoch || gc.epoch !== before.epoch + 1n)
    throw new GroupInfoCheckError('epoch', `a commit of epoch ${content.epoch} and a GroupInfo of epoch ${gc.epoch} after epoch ${before.epoch}`);
  if (!bytesEqual(gi.confirmationTag, auth.confirmationTag))
    throw new GroupInfoCheckError('confirmation-tag', "the GroupInfo's confirmation_tag is not the commit's");
  const interim = await createInterimHash(before.confirmedTranscriptHash, last.confirmationTag, cs.hash);
  const confirmed = await createConfirmedHash(interim, { wireformat: 'mls_public_message', content, signature: auth.signature }, cs.hash);
  if (!bytesEqual(confirmed, gc.confirmedTranscriptHash))
    throw new GroupInfoCheckError(
      'transcript',
      "the GroupInfo's confirmed_transcript_hash is not the one the previous epoch and this commit give (RFC 9420 §8.2)",
    );
}

function groupInfoOf(bytes: Uint8Array, what: string): GroupInfo {
  const m = decodeMessage(bytes);
  if (m.wireformat !== 'mls_group_info') throw new MlsError('bad-input', `${what}: expected an mls_group_info MLSMessage, got ${m.wireformat}`);
  return m.groupInfo;
}

async function suiteOf(name: string): Promise<CiphersuiteImpl> {
  try {
    return suiteImpl(await suiteForName(name));
  } catch (e) {
    throw new GroupInfoCheckError('cipher-suite', (e as Error).message, { cause: e });
  }
}

/** A decode step: its MlsError('bad-input') becomes GroupInfoCheckError('decode'). */
function decoded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof MlsError) throw new GroupInfoCheckError('decode', e.message, { cause: e });
    throw e;
  }
}

/** A verification that may throw on bytes it cannot parse (a malformed key): false then. */
async function settled(p: Promise<boolean>): Promise<boolean> {
  try {
    return await p;
  } catch {
    return false;
  }
}
