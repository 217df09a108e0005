/**
 * The one list of everything this adapter takes from ts-mls, so that moving to another version (or
 * another MLS library) starts from this file: every other file of src/mls imports ts-mls symbols from
 * here, and nothing outside src/mls imports ts-mls at all (docs/mls.md, "ts-mls version").
 *
 * Pinned: ts-mls 1.6.4 (exact). 2.0.0-rc.10, the only 2.0 release on npm, predates every interop fix
 * of the 2.0 line and regresses Remove commits (no UpdatePath), so it is not used; see docs/mls.md.
 * 1.6.4 also needs @noble/hashes installed although it does not declare it (its index imports the
 * noble hash provider statically), hence that dependency in package.json.
 *
 * Deep imports (`ts-mls/x.js`) are allowed by 1.6.4's `exports` map; they reach helpers the index
 * does not re-export. 2.0 exports only ".", so these are the first lines a migration rewrites.
 */
export {
  createApplicationMessage,
  createProposal,
  createCommit,
  createGroup,
  decodeGroupState,
  decodeMlsMessage,
  defaultCapabilities,
  defaultLifetime,
  encodeGroupState,
  encodeMlsMessage,
  generateKeyPackage,
  getCiphersuiteFromName,
  getCiphersuiteImpl,
  joinGroup,
  joinGroupExternal,
  makePskIndex,
  mlsExporter,
  processPrivateMessage,
  processPublicMessage,
  zeroOutUint8Array,
  type AuthenticationService,
  type Capabilities,
  type CiphersuiteImpl,
  type CiphersuiteName,
  type ClientConfig,
  type ClientState,
  type Credential,
  type Extension,
  type IncomingMessageCallback,
  type KeyPackage,
  type MLSMessage,
  type PrivateKeyPackage,
  type Proposal,
  type ProposalWithSender,
  type RatchetTree,
} from 'ts-mls';
export { defaultClientConfig } from 'ts-mls/clientConfig.js';
export { validateRatchetTree } from 'ts-mls/clientState.js';
export { verifyGroupInfoSignature, type GroupInfo } from 'ts-mls/groupInfo.js';
export { createConfirmedHash, createInterimHash } from 'ts-mls/transcriptHash.js';
export { treeHashRoot } from 'ts-mls/treeHash.js';
export { createGroupInfo } from 'ts-mls/createCommit.js';
export { signWithLabel, verifyWithLabel } from 'ts-mls/crypto/signature.js';
export { decryptWithLabel, encryptWithLabel } from 'ts-mls/crypto/hpke.js';
export { encodeProposal } from 'ts-mls/proposal.js';
export { extensionTypeToNumber } from 'ts-mls/extension.js';
export { decryptSenderData } from 'ts-mls/privateMessage.js';
export { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';
