import type { Decoder } from 'ts-mls/codec/tlsDecoder.js';
import type { Encoder } from 'ts-mls/codec/tlsEncoder.js';
import type { MessageKind } from './vectors.ts';
export interface TsMlsCodec<T = unknown> {
    /** ts-mls's exported function names, for reports. */
    readonly names: readonly [decode: string, encode: string];
    /** Raw ts-mls decoder: `[value, offset]`, or undefined on failure. */
    readonly decoder: Decoder<T>;
    readonly encode: Encoder<T>;
}
/** messages.json field → ts-mls codec (same keys as MESSAGE_KINDS in vectors.ts). */
export declare const TS_MLS_CODECS: Record<MessageKind, TsMlsCodec>;
/** Decodes all of `bytes` with a ts-mls decoder; throws if it fails or leaves bytes unread. */
export declare function decodeAll<T>(codec: TsMlsCodec<T>, bytes: Uint8Array): T;
//# sourceMappingURL=ts-mls-codecs.d.ts.map