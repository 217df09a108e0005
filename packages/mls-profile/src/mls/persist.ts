/**
 * Binary persistence of a member's group state.
 *
 * The blob is tagged with the backend that wrote it, because the payload is ts-mls's own GroupState
 * encoding: another ts-mls version may not read it, and a silent misread of key material is worse
 * than a clear error. Layout:
 *
 *   struct { opaque backend<V>; opaque state<V>; }   with backend = "ts-mls/1.6.4 GroupState"
 *
 * ts-mls does not serialize its ClientConfig, which holds the authentication service, so importState
 * takes the AuthService again. The blob holds the member's private keys: store it encrypted.
 */
import { decodeUtf8OrNull, encodeUtf8, toHex } from '@mimikit/bytes';
import { bytesEqual } from '@mimikit/content';
import { defineCodec, opaqueVSize, type Codec } from '@mimikit/tls';
import { decodeGroupState, encodeGroupState } from './backend.ts';
import { clientConfigFor } from './auth.ts';
import { suiteForName } from './cipher-suite.ts';
import { MlsError } from './errors.ts';
import { current, wrap, type MlsGroup } from './handle.ts';
import type { AuthService } from './types.ts';

const BACKEND_TAG = 'ts-mls/1.6.4 GroupState';
const BACKEND = encodeUtf8(BACKEND_TAG);

interface Blob {
  backend: Uint8Array;
  state: Uint8Array;
}

const BlobCodec: Codec<Blob> = defineCodec<Blob>(
  'MimikitGroupStateBlob',
  (r) => ({ backend: r.opaqueV(), state: r.opaqueV() }),
  (v) => opaqueVSize(v.backend) + opaqueVSize(v.state),
  (w, v) => {
    w.opaqueV(v.backend);
    w.opaqueV(v.state);
  },
);

/** Fails on a stale handle: an old state has had its used secrets erased and must not be revived. */
export function exportState(group: MlsGroup): Uint8Array {
  return BlobCodec.encode({ backend: BACKEND, state: encodeGroupState(current(group).state) });
}

export async function importState(bytes: Uint8Array, o: { authService: AuthService }): Promise<MlsGroup> {
  let blob: Blob;
  try {
    blob = BlobCodec.decode(bytes);
  } catch (e) {
    throw new MlsError('bad-input', `not an exported group state: ${(e as Error).message}`, { cause: e });
  }
  // The tag is compared as bytes: a decoded comparison would take a BOM-prefixed or malformed tag
  // (TextDecoder drops a leading U+FEFF, replaces bad bytes) for another. Text only for the message.
  if (!bytesEqual(blob.backend, BACKEND)) {
    const tag = decodeUtf8OrNull(blob.backend);
    throw new MlsError(
      'unsupported',
      `group state written by ${tag === null ? `0x${toHex(blob.backend)}` : JSON.stringify(tag)}, this adapter reads "${BACKEND_TAG}"`,
    );
  }
  const decoded = decodeGroupState(blob.state, 0);
  if (!decoded || decoded[1] !== blob.state.length) throw new MlsError('bad-input', 'corrupt group state');
  const state = { ...decoded[0], clientConfig: clientConfigFor(o.authService) };
  return wrap(state, await suiteForName(state.groupContext.cipherSuite));
}
