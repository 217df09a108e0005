/**
 * A KeyPackage as the provider keeps it (its KeyPackageRef, cipher suite and MLSMessage bytes) and
 * the client it belongs to (its basic credential's identity), from an upload (MLSMessage bytes) or
 * a consent grant (KeyPackage structs, draft §5.7 clientKeyPackages): 400 naming `where` when it
 * is not a KeyPackage.
 */
import { decodeUtf8OrNull } from '@mimikit/bytes';
import { codecs as mls, type MLSMessage } from '@mimikit/mls';
import type { ConsentEntry } from '@mimikit/mimi-protocol';
import { cipherSuiteValue, inspectMessage, keyPackageRef } from '@mimikit/mls-profile/hub';
import { MimiHttpError } from '@mimikit/transport';

/** The KeyPackage struct (RFC 9420 §10) as the codecs decode it. */
export type KeyPackageValue = Extract<ConsentEntry, { consentOperation: 'grant' }>['clientKeyPackages'][number];

export interface ReadKeyPackage {
  ref: Uint8Array;
  cipherSuite: number;
  /** The MLSMessage (mls_key_package) bytes. */
  bytes: Uint8Array;
  /** The basic credential's identity (a client URI), or null for another credential or non-UTF-8 identity. */
  owner: string | null;
  keyPackage: KeyPackageValue;
}

export function readKeyPackage(input: Uint8Array | KeyPackageValue, where: string): ReadKeyPackage {
  let message: MLSMessage;
  try {
    message =
      input instanceof Uint8Array ? mls.MLSMessage.decode(input) : ({ version: 'mls10', wire_format: 'mls_key_package', key_package: input } as MLSMessage);
  } catch (err) {
    throw new MimiHttpError(400, { detail: `${where}: ${(err as Error).message}` });
  }
  if (message.wire_format !== 'mls_key_package') throw new MimiHttpError(400, { detail: `${where} is a ${message.wire_format}, not a KeyPackage` });
  let summary: ReturnType<typeof inspectMessage>;
  try {
    summary = inspectMessage(message);
  } catch (err) {
    throw new MimiHttpError(400, { detail: `${where}: ${(err as Error).message}` });
  }
  if (summary.wireFormat !== 'mls_key_package') throw new MimiHttpError(400, { detail: `${where} is not a KeyPackage` });
  const credential = summary.leafNode.credential;
  let cipherSuite: number;
  let ref: Uint8Array;
  try {
    cipherSuite = cipherSuiteValue(summary.cipherSuite);
    ref = keyPackageRef(message.key_package);
  } catch (err) {
    throw new MimiHttpError(400, { detail: `${where}: ${(err as Error).message}` });
  }
  return {
    ref,
    cipherSuite,
    bytes: input instanceof Uint8Array ? input : mls.MLSMessage.encode(message),
    owner: credential.type === 'basic' ? decodeUtf8OrNull(credential.identity) : null,
    keyPackage: message.key_package,
  };
}
