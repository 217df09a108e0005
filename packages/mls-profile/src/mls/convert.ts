/**
 * Conversions between the boundary types (types.ts, bytes) and ts-mls's objects. Wire objects go
 * through MLSMessage bytes in both directions, so what the rest of the profile handles is exactly
 * what other MLS stacks see and what @mimikit/mls decodes.
 */
import { codecs, type Proposal as GeneratedProposal } from '@mimikit/mls';
import {
  decodeMlsMessage,
  encodeMlsMessage,
  encodeProposal,
  extensionTypeToNumber,
  type Extension,
  type KeyPackage,
  type MLSMessage,
  type Proposal,
  type ProposalWithSender,
} from './backend.ts';
import { credentialView } from './auth.ts';
import { MlsError } from './errors.ts';
import type { MlsExtension, ProposalGist, ProposalInput, ProposalView } from './types.ts';

/** RFC 9420 extension codepoints ts-mls 1.6.4 knows by name (it wants the name for these). */
const NAMED_EXTENSIONS = ['', 'application_id', 'ratchet_tree', 'required_capabilities', 'external_pub', 'external_senders'] as const;
const EXTERNAL_SENDERS = 5;

/** @internal */
export function toBackendExtension(e: MlsExtension): Extension {
  const t = e.extensionType;
  if (!Number.isInteger(t) || t < 0 || t > 0xffff) throw new MlsError('bad-input', `extension type ${t} is not a uint16`);
  if (t === EXTERNAL_SENDERS) {
    // ts-mls 1.6.4 reads external_senders as ONE ExternalSender, RFC 9420 §12.1.8.3 has a vector
    // (fixed upstream in #476, after every npm release): it would reject conformant bytes and
    // misread its own. Refuse instead of producing a group other stacks cannot use.
    throw new MlsError('unsupported', 'external_senders (5): ts-mls 1.6.4 encodes it as a single sender, not a vector; see docs/mls.md');
  }
  const name = t > 0 && t < NAMED_EXTENSIONS.length ? NAMED_EXTENSIONS[t] : undefined;
  // 1.6.4 passes extension_data through as bytes for every type, so ours go on the wire unchanged.
  return { extensionType: name ?? t, extensionData: e.extensionData } as Extension;
}

/** @internal */
export function fromBackendExtension(e: Extension): MlsExtension {
  return { extensionType: extensionTypeToNumber(e.extensionType), extensionData: e.extensionData };
}

/** @internal */
export function encodeMessage(m: MLSMessage): Uint8Array {
  return encodeMlsMessage(m);
}

/**
 * @internal Bytes from outside pass the generated codec (@mimikit/mls) before ts-mls reads them:
 * it is strict (RFC 9420's rejections, no trailing bytes) and memory-bounded (DecodeLimits'
 * allocation budget), while ts-mls's decoders build whatever the input describes (an MLSMessage of
 * tiny elements costs ~160 heap bytes per input byte there). Costs one more decode, a few percent
 * of ts-mls's own (npm run bench -- codec).
 */
export function screenInput(codec: { decode(bytes: Uint8Array): unknown }, bytes: Uint8Array, what: string): void {
  try {
    codec.decode(bytes);
  } catch (e) {
    throw new MlsError('bad-input', `not ${what}: ${(e as Error).message}`, { cause: e });
  }
}

/** @internal Strict: the whole input must be one MLSMessage. */
export function decodeMessage(bytes: Uint8Array): MLSMessage {
  screenInput(codecs.MLSMessage, bytes, 'an MLSMessage');
  let decoded: [MLSMessage, number] | undefined;
  try {
    decoded = decodeMlsMessage(bytes, 0);
  } catch (e) {
    throw new MlsError('bad-input', `not an MLSMessage: ${(e as Error).message}`, { cause: e });
  }
  if (!decoded) throw new MlsError('bad-input', 'not an MLSMessage');
  if (decoded[1] !== bytes.length) throw new MlsError('bad-input', `${bytes.length - decoded[1]} bytes after the MLSMessage`);
  return decoded[0];
}

/** @internal A KeyPackage from MLSMessage(mls_key_package) bytes. */
export function decodeKeyPackageMessage(bytes: Uint8Array): KeyPackage {
  const m = decodeMessage(bytes);
  if (m.wireformat !== 'mls_key_package') throw new MlsError('bad-input', `expected an mls_key_package MLSMessage, got ${m.wireformat}`);
  return m.keyPackage;
}

/** @internal */
export function toBackendProposal(p: ProposalInput): Proposal {
  switch (p.type) {
    case 'add':
      return { proposalType: 'add', add: { keyPackage: decodeKeyPackageMessage(p.keyPackage) } };
    case 'remove':
      return { proposalType: 'remove', remove: { removed: p.leafIndex } };
    case 'group_context_extensions':
      return { proposalType: 'group_context_extensions', groupContextExtensions: { extensions: p.extensions.map(toBackendExtension) } };
    case 'custom':
      if (p.proposalType <= 7 || p.proposalType > 0xffff)
        throw new MlsError('bad-input', `custom proposal type ${p.proposalType} is not a non-RFC-9420 uint16`);
      return { proposalType: p.proposalType, proposalData: p.data };
  }
}

/**
 * @internal RFC 9420 proposals are re-read with our generated codec from ts-mls's encoding (so the
 * profile gets @mimikit/mls types); other types keep the body ts-mls carried.
 */
export function proposalView(p: ProposalWithSender): ProposalView {
  const sender = p.senderLeafIndex;
  const proposal = p.proposal;
  if (typeof proposal.proposalType === 'number') {
    const custom = proposal as { proposalType: number; proposalData: Uint8Array };
    return { sender, kind: 'custom', proposalType: custom.proposalType, data: custom.proposalData };
  }
  let decoded: GeneratedProposal | undefined;
  return {
    sender,
    kind: 'standard',
    gist: gistOf(proposal),
    get proposal() {
      return (decoded ??= codecs.Proposal.decode(encodeProposal(proposal)));
    },
  };
}

function gistOf(p: Proposal): ProposalGist {
  switch (p.proposalType) {
    case 'add':
      return { type: 'add', credential: credentialView(p.add.keyPackage.leafNode.credential) };
    case 'update':
      return { type: 'update', credential: credentialView(p.update.leafNode.credential) };
    case 'remove':
      return { type: 'remove', removed: p.remove.removed };
    case 'group_context_extensions':
      return { type: 'group_context_extensions', extensions: p.groupContextExtensions.extensions.map(fromBackendExtension) };
    default:
      return { type: 'other', proposalType: String(p.proposalType) };
  }
}
