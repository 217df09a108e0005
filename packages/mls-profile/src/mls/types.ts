/**
 * The types that cross the adapter's boundary. They are ours, not ts-mls's, so the rest of the
 * profile never depends on a ts-mls version: wire objects cross as bytes (MLSMessage encodings that
 * @mimikit/mls decodes), and the few structured values are the small shapes below, or the generated
 * @mimikit/mls types where a whole RFC 9420 structure is wanted.
 */
import type { Proposal } from '@mimikit/mls';

/**
 * An RFC 9420 Extension as it is on the wire: the numeric type and the encoded `extension_data`.
 * Numbers rather than names because most profile extensions (app_data_dictionary = 6, MIMI's private
 * ones) are not named by ts-mls, and the codepoint is what interoperates. Build `extensionData` with
 * the generated codecs (e.g. `codecs.RequiredCapabilities.encode(...)`).
 */
export interface MlsExtension {
  extensionType: number;
  extensionData: Uint8Array;
}

/**
 * A credential as the authentication service sees it. `credentialType` is the RFC 9420 codepoint
 * (1 basic, 2 x509); the field that type uses is set.
 */
export interface MlsCredential {
  credentialType: number;
  /** basic: the identity bytes. */
  identity?: Uint8Array;
  /** x509: the certificate chain, leaf first. */
  certificates?: readonly Uint8Array[];
}

/**
 * Extra capabilities a KeyPackage advertises on top of the library defaults (versions, suites,
 * the RFC 9420 types and GREASE). Every non-default extension type that appears in a leaf node or in
 * the GroupContext, and every non-default proposal type, must be listed here or members reject it.
 */
export interface CapabilityExtras {
  extensions?: readonly number[];
  proposals?: readonly number[];
  /** Credential types beyond basic; ts-mls 1.6.4 can only advertise basic (1) and x509 (2). */
  credentials?: readonly number[];
}

/** A KeyPackage and the private keys that go with it. */
export interface KeyPackageBundle {
  /** MLSMessage(wire_format = mls_key_package) bytes: what is published for others to add us. */
  keyPackage: Uint8Array;
  /**
   * The init, HPKE and signature private keys, in this adapter's own encoding (see key-package.ts).
   * Secret: store it like a private key, and discard it once the KeyPackage has been used.
   */
  privateKeys: Uint8Array;
}

/** A proposal to put into a commit by value. */
export type ProposalInput =
  /** `keyPackage`: MLSMessage(mls_key_package) bytes, as in KeyPackageBundle.keyPackage. */
  | { type: 'add'; keyPackage: Uint8Array }
  | { type: 'remove'; leafIndex: number }
  /** Replaces the whole GroupContext extension list (RFC 9420 §12.1.7). */
  | { type: 'group_context_extensions'; extensions: readonly MlsExtension[] }
  /**
   * A proposal type ts-mls does not know. ts-mls carries its body as `opaque data<V>` (a length
   * prefix RFC 9420 does not put there), so such proposals only interoperate with peers that use the
   * same convention; see docs/mls.md ("Known gaps").
   */
  | { type: 'custom'; proposalType: number; data: Uint8Array };

/** A proposal as a receiver saw it, with the leaf that sent it (undefined for non-members). */
/**
 * What a policy reads of a proposal without decoding all of it: taken straight from the library's
 * object (a full decode of every Add's KeyPackage per commit showed in bench/mls.ts).
 */
export type ProposalGist =
  | { type: 'add'; credential: MlsCredential }
  /** An Update (RFC 9420 §12.1.2): the sender's leaf gets a new LeafNode, and with it this credential. */
  | { type: 'update'; credential: MlsCredential }
  | { type: 'remove'; removed: number }
  | { type: 'group_context_extensions'; extensions: MlsExtension[] }
  /** Any other RFC 9420 type (psk, external_init, reinit, …), by its RFC 9420 name. */
  | { type: 'other'; proposalType: string };

export type ProposalView = { sender: number | undefined } & (StandardProposalView | CustomProposalView);

/** A proposal type RFC 9420 defines: its gist, and the generated @mimikit/mls type (decoded on first read). */
type StandardProposalView = { kind: 'standard'; gist: ProposalGist; readonly proposal: Proposal };

/** Any other type: the body as ts-mls carried it (see ProposalInput 'custom'). */
type CustomProposalView = { kind: 'custom'; proposalType: number; data: Uint8Array };

/** A member of the group: its leaf, credential and signature key. */
export interface Member {
  leafIndex: number;
  credential: MlsCredential;
  signatureKey: Uint8Array;
}

/**
 * Validates a member's credential and its binding to the signature key, for every leaf the library
 * accepts into its view of the group: KeyPackages being added, leaves of a tree being joined, commit
 * and update leaf nodes. Returning false makes that operation fail. The profile's identity module
 * supplies the real one; there is deliberately no accept-all default (ts-mls 1.6.4 has one).
 */
export type AuthService = (credential: MlsCredential, signatureKey: Uint8Array) => boolean | Promise<boolean>;
