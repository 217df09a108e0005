/**
 * Hub-side helpers that need no group secrets (issue 6, point 7): read the public parts of MLS
 * messages, HandshakeBundles and FanoutMessages, compute KeyPackageRefs and ProposalRefs, and
 * route a Welcome to the providers whose clients it adds.
 */
export {
  inspectMessage,
  summarizeCommit,
  summarizeCredential,
  summarizeGroupInfo,
  summarizeKeyPackage,
  summarizeLeafNode,
  summarizeProposal,
  summarizeSender,
  summarizeWelcome,
  type CommitSummary,
  type CredentialSummary,
  type GroupInfoSummary,
  type KeyPackageInfo,
  type KeyPackageSummary,
  type LeafNodeSummary,
  type MessageSummary,
  type PrivateMessageSummary,
  type ProposalOrRefSummary,
  type ProposalSummary,
  type PskIdSummary,
  type PublicMessageSummary,
  type SenderSummary,
  type WelcomeSummary,
} from './inspect.ts';
export {
  inspectFanout,
  inspectHandshakeBundle,
  summarizeGroupInfoOption,
  summarizeRatchetTreeOption,
  type FanoutSummary,
  type GroupInfoOptionSummary,
  type HandshakeBundleSummary,
  type RatchetTreeSummary,
  type WelcomeTargetSummary,
} from './handshake-bundle.ts';
export {
  CIPHER_SUITE_HASH,
  cipherSuiteHash,
  cipherSuiteValue,
  KEY_PACKAGE_REF_LABEL,
  keyPackageRef,
  PROPOSAL_REF_LABEL,
  proposalRef,
  refHash,
  routeWelcome,
  UnknownCipherSuiteError,
  welcomeTargets,
  type HashName,
  type KeyPackageInput,
  type WelcomeCandidate,
  type WelcomeRoute,
} from './key-package-ref.ts';
