import { type Extension, type KeyPackage, type MLSMessage, type Proposal, type ProposalWithSender } from './backend.ts';
import type { MlsExtension, ProposalInput, ProposalView } from './types.ts';
/** @internal */
export declare function toBackendExtension(e: MlsExtension): Extension;
/** @internal */
export declare function fromBackendExtension(e: Extension): MlsExtension;
/** @internal */
export declare function encodeMessage(m: MLSMessage): Uint8Array;
/**
 * @internal Bytes from outside pass the generated codec (@mimikit/mls) before ts-mls reads them:
 * it is strict (RFC 9420's rejections, no trailing bytes) and memory-bounded (DecodeLimits'
 * allocation budget), while ts-mls's decoders build whatever the input describes (an MLSMessage of
 * tiny elements costs ~160 heap bytes per input byte there). Costs one more decode, a few percent
 * of ts-mls's own (npm run bench -- codec).
 */
export declare function screenInput(codec: {
    decode(bytes: Uint8Array): unknown;
}, bytes: Uint8Array, what: string): void;
/** @internal Strict: the whole input must be one MLSMessage. */
export declare function decodeMessage(bytes: Uint8Array): MLSMessage;
/** @internal A KeyPackage from MLSMessage(mls_key_package) bytes. */
export declare function decodeKeyPackageMessage(bytes: Uint8Array): KeyPackage;
/** @internal */
export declare function toBackendProposal(p: ProposalInput): Proposal;
/**
 * @internal RFC 9420 proposals are re-read with our generated codec from ts-mls's encoding (so the
 * profile gets @mimikit/mls types); other types keep the body ts-mls carried.
 */
export declare function proposalView(p: ProposalWithSender): ProposalView;
//# sourceMappingURL=convert.d.ts.map