/**
 * @mimikit/mls-profile/mls: the profile's MLS interface. The rest of the profile uses MLS only
 * through this module; it is the only code that imports ts-mls (through backend.ts), so a change of
 * ts-mls version, or of MLS library, touches this folder only. Messages cross as MLSMessage bytes
 * that @mimikit/mls decodes; group state is an opaque handle. Why ts-mls 1.6.4: docs/mls.md.
 */
export type { AuthService, CapabilityExtras, KeyPackageBundle, Member, MlsCredential, MlsExtension, ProposalInput, ProposalView } from './types.ts';
export { MlsError, type MlsErrorCode } from './errors.ts';
export { cipherSuite, cipherSuiteById, type CipherSuite, type CipherSuiteName } from './cipher-suite.ts';
export { unsafeAcceptAnyCredential } from './auth.ts';
export type { MlsGroup } from './handle.ts';
export { generateKeyPackage, type GenerateKeyPackageParams } from './key-package.ts';
export { createGroup, join, type CreateGroupParams, type JoinParams } from './group.ts';
export { joinExternal, type ExternalJoin, type ExternalJoinParams } from './external-join.ts';
export { commit, type CommitOptions, type CommitResult } from './commit.ts';
export { sendApplication, type SentMessage } from './application.ts';
export { propose, type ProposeOptions } from './propose.ts';
export { process, type Incoming, type ProcessOptions, type Processed } from './process.ts';
export {
  epoch,
  epochAuthenticator,
  exportSecret,
  groupCipherSuite,
  groupContextExtensions,
  groupId,
  memberAt,
  members,
  ownLeafIndex,
  pendingProposals,
  status,
} from './inspect.ts';
export { groupInfo, ratchetTree, type GroupInfoOptions } from './group-info.ts';
export { GroupInfoCheckError, verifyGroupInfo, type GroupInfoCheck, type VerifiedGroupInfo, type VerifyGroupInfoOptions } from './group-info-check.ts';
export { exportState, importState } from './persist.ts';
export { decryptWithLabel, encryptWithLabel, generateHpkeKeyPair, type HpkeCiphertext, type HpkeKeyPair } from './hpke.ts';
export {
  checkSignatureKeyPair,
  generateSignatureKeyPair,
  signAsMember,
  signWithKeyPackage,
  signWithLabel,
  verifyWithLabel,
  type SignatureKeyPair,
} from './signature.ts';
