/**
 * ts-mls 1.6.4's own codecs for each messages.json kind: the independent implementation that the
 * differential tests and `npm run bench -- codec` compare the generated @mimikit/mls codecs against.
 *
 * ts-mls decoders have the shape `(bytes, offset) => [value, nextOffset] | undefined` and do not
 * check for trailing bytes; `decodeAll` below does (a structure must consume its whole input).
 * Most of these live in subpath modules that the ts-mls index does not re-export.
 */
import { decodeMlsMessage, encodeMlsMessage } from 'ts-mls';
import { decodeCommit, encodeCommit } from 'ts-mls/commit.js';
import { decodeGroupSecrets, encodeGroupSecrets } from 'ts-mls/groupSecrets.js';
import {
  decodeAdd,
  decodeExternalInit,
  decodeGroupContextExtensions,
  decodePSK,
  decodeReinit,
  decodeRemove,
  decodeUpdate,
  encodeAdd,
  encodeExternalInit,
  encodeGroupContextExtensions,
  encodePSK,
  encodeReinit,
  encodeRemove,
  encodeUpdate,
} from 'ts-mls/proposal.js';
import { decodeRatchetTree, encodeRatchetTree } from 'ts-mls/ratchetTree.js';
import type { Decoder } from 'ts-mls/codec/tlsDecoder.js';
import type { Encoder } from 'ts-mls/codec/tlsEncoder.js';
import type { MessageKind } from './mls-vectors.ts';

export interface TsMlsCodec<T = unknown> {
  /** ts-mls's exported function names, for reports. */
  readonly names: readonly [decode: string, encode: string];
  /** Raw ts-mls decoder: `[value, offset]`, or undefined on failure. */
  readonly decoder: Decoder<T>;
  readonly encode: Encoder<T>;
}

function entry<T>(decodeName: string, encodeName: string, decoder: Decoder<T>, encode: Encoder<T>): TsMlsCodec {
  return { names: [decodeName, encodeName], decoder, encode } as TsMlsCodec;
}

const mlsMessage = entry('decodeMlsMessage', 'encodeMlsMessage', decodeMlsMessage, encodeMlsMessage);

/** messages.json field → ts-mls codec (same keys as MESSAGE_KINDS in vectors.ts). */
export const TS_MLS_CODECS: Record<MessageKind, TsMlsCodec> = {
  mls_welcome: mlsMessage,
  mls_group_info: mlsMessage,
  mls_key_package: mlsMessage,
  ratchet_tree: entry('decodeRatchetTree', 'encodeRatchetTree', decodeRatchetTree, encodeRatchetTree),
  group_secrets: entry('decodeGroupSecrets', 'encodeGroupSecrets', decodeGroupSecrets, encodeGroupSecrets),
  add_proposal: entry('decodeAdd', 'encodeAdd', decodeAdd, encodeAdd),
  update_proposal: entry('decodeUpdate', 'encodeUpdate', decodeUpdate, encodeUpdate),
  remove_proposal: entry('decodeRemove', 'encodeRemove', decodeRemove, encodeRemove),
  pre_shared_key_proposal: entry('decodePSK', 'encodePSK', decodePSK, encodePSK),
  re_init_proposal: entry('decodeReinit', 'encodeReinit', decodeReinit, encodeReinit),
  external_init_proposal: entry('decodeExternalInit', 'encodeExternalInit', decodeExternalInit, encodeExternalInit),
  group_context_extensions_proposal: entry(
    'decodeGroupContextExtensions',
    'encodeGroupContextExtensions',
    decodeGroupContextExtensions,
    encodeGroupContextExtensions,
  ),
  commit: entry('decodeCommit', 'encodeCommit', decodeCommit, encodeCommit),
  public_message_application: mlsMessage,
  public_message_proposal: mlsMessage,
  public_message_commit: mlsMessage,
  private_message: mlsMessage,
};

/** Decodes all of `bytes` with a ts-mls decoder; throws if it fails or leaves bytes unread. */
export function decodeAll<T>(codec: TsMlsCodec<T>, bytes: Uint8Array): T {
  const r = codec.decoder(bytes, 0);
  if (r === undefined) throw new Error(`ts-mls ${codec.names[0]} failed on ${bytes.length} bytes`);
  if (r[1] !== bytes.length) throw new Error(`ts-mls ${codec.names[0]} read ${r[1]} of ${bytes.length} bytes`);
  return r[0];
}
