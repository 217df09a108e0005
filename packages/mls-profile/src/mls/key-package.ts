/**
 * KeyPackages: generation, and the encoding of their private half.
 *
 * The private keys get our own small TLS encoding rather than a library object, because a client
 * keeps them across restarts (a Welcome can arrive long after the KeyPackage was published) and the
 * stored bytes must survive a change of library:
 *
 *   struct { uint8 format = 1; opaque init_priv<V>; opaque hpke_priv<V>; opaque signature_priv<V>; }
 */
import { defineCodec, opaqueVSize, type Codec } from '@mimikit/tls';
import { defaultCapabilities, defaultLifetime, generateKeyPackage as backendGenerateKeyPackage, type Capabilities, type PrivateKeyPackage } from './backend.ts';
import { suiteImpl, type CipherSuite } from './cipher-suite.ts';
import { decodeKeyPackageMessage, encodeMessage, toBackendExtension } from './convert.ts';
import { MlsError, backendCall } from './errors.ts';
import type { CapabilityExtras, KeyPackageBundle, MlsExtension } from './types.ts';

const PRIVATE_KEYS_FORMAT = 1;

const PrivateKeysCodec: Codec<PrivateKeyPackage> = defineCodec<PrivateKeyPackage>(
  'MimikitPrivateKeyPackage',
  (r) => {
    const format = r.u8();
    if (format !== PRIVATE_KEYS_FORMAT) r.fail('unknown-enum-value', `private key package format ${format}`, r.p - 1);
    return { initPrivateKey: r.opaqueV(), hpkePrivateKey: r.opaqueV(), signaturePrivateKey: r.opaqueV() };
  },
  (v) => 1 + opaqueVSize(v.initPrivateKey) + opaqueVSize(v.hpkePrivateKey) + opaqueVSize(v.signaturePrivateKey),
  (w, v) => {
    w.u8(PRIVATE_KEYS_FORMAT);
    w.opaqueV(v.initPrivateKey);
    w.opaqueV(v.hpkePrivateKey);
    w.opaqueV(v.signaturePrivateKey);
  },
);

/** RFC 9420 extension types (1-5) are implied by every client and are not listed in capabilities. */
const isDefaultExtensionType = (t: number) => t >= 1 && t <= 5;

function capabilities(suite: CipherSuite, extras: CapabilityExtras | undefined, leafNodeExtensions: readonly MlsExtension[]): Capabilities {
  const base = defaultCapabilities();
  const credentials = (extras?.credentials ?? []).map((t) => {
    if (t === 1) return 'basic' as const;
    if (t === 2) return 'x509' as const;
    throw new MlsError('unsupported', `credential type ${t}: ts-mls 1.6.4 can only advertise basic and x509`);
  });
  const extensions = new Set([...base.extensions, ...(extras?.extensions ?? [])]);
  // A leaf must list its own non-default extensions (RFC 9420 §7.2); do it rather than fail later.
  for (const e of leafNodeExtensions) if (!isDefaultExtensionType(e.extensionType)) extensions.add(e.extensionType);
  return {
    versions: base.versions,
    // Only the suite this KeyPackage uses, plus ts-mls's GREASE values (numeric strings). The default
    // list would also advertise ts-mls 1.6.4's post-quantum suites under codepoints 77-88, which are
    // not the ones other stacks use.
    ciphersuites: [suite.name, ...base.ciphersuites.filter((c) => /^\d+$/.test(c))] as Capabilities['ciphersuites'],
    extensions: [...extensions],
    proposals: [...new Set([...base.proposals, ...(extras?.proposals ?? [])])],
    credentials: [...new Set([...base.credentials, ...credentials])],
  };
}

export interface GenerateKeyPackageParams {
  cipherSuite: CipherSuite;
  /** The basic credential's identity (the MIMI identity module decides what goes in it). */
  identity: Uint8Array;
  capabilities?: CapabilityExtras;
  /** Extensions of the leaf node (e.g. MIMI content media types); their types are added to capabilities. */
  leafNodeExtensions?: readonly MlsExtension[];
  /** Extensions of the KeyPackage itself. */
  extensions?: readonly MlsExtension[];
}

export async function generateKeyPackage(p: GenerateKeyPackageParams): Promise<KeyPackageBundle> {
  const leafNodeExtensions = p.leafNodeExtensions ?? [];
  const caps = capabilities(p.cipherSuite, p.capabilities, leafNodeExtensions);
  const kp = await backendCall('generateKeyPackage', () =>
    backendGenerateKeyPackage(
      { credentialType: 'basic', identity: p.identity },
      caps,
      defaultLifetime,
      (p.extensions ?? []).map(toBackendExtension),
      suiteImpl(p.cipherSuite),
      leafNodeExtensions.map(toBackendExtension),
    ),
  );
  return {
    keyPackage: encodeMessage({ version: 'mls10', wireformat: 'mls_key_package', keyPackage: kp.publicPackage }),
    privateKeys: PrivateKeysCodec.encode(kp.privatePackage),
  };
}

/** @internal */
export function openKeyPackageBundle(b: KeyPackageBundle) {
  let privatePackage: PrivateKeyPackage;
  try {
    privatePackage = PrivateKeysCodec.decode(b.privateKeys);
  } catch (e) {
    throw new MlsError('bad-input', `not a private key package: ${(e as Error).message}`, { cause: e });
  }
  return { publicPackage: decodeKeyPackageMessage(b.keyPackage), privatePackage };
}
