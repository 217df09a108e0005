/**
 * Issuing any certificate from a CA, with its extensions spelled out: the building block of the
 * provider certificates, and the escape hatch for tests that need certificates a provider must
 * refuse (a CA certificate in a leaf's place, no subjectAltName, dates in the past).
 */
import type { webcrypto } from 'node:crypto';
import { crypto, ECDSA_P256_SHA256, generateKeyPair, type Issuer, loadIssuer, privateKeyPem } from './keys.ts';
import type { PemCredentials } from './pem-credentials.ts';
import { resolveValidity, type Validity } from './validity.ts';
import * as x509 from './x509.ts';

export type KeyUsageName = keyof typeof x509.KeyUsageFlags;
export type ExtendedKeyUsageName = keyof typeof x509.ExtendedKeyUsage;
export type SubjectAltName = { dns: string } | { uri: string } | { ip: string };

/** What a certificate says. An extension left out is absent from the certificate. */
export interface CertificateProfile {
  /** The subject's common name; none: an empty subject. */
  commonName?: string;
  /** basicConstraints: cA and pathLenConstraint; `critical` defaults to false. */
  basicConstraints?: { ca: boolean; pathLength?: number; critical?: boolean };
  /** keyUsage bits; `critical` defaults to false. */
  keyUsage?: { usages: readonly KeyUsageName[]; critical?: boolean };
  /** extendedKeyUsage purposes (not critical). */
  extendedKeyUsage?: readonly ExtendedKeyUsageName[];
  /** subjectAltName entries, in order (not critical). */
  subjectAltNames?: readonly SubjectAltName[];
  /** subjectKeyIdentifier from the new key (default true). */
  subjectKeyIdentifier?: boolean;
  /** authorityKeyIdentifier from the CA's key identifier (default true; none when self-signed). */
  authorityKeyIdentifier?: boolean;
}

/**
 * A new P-256 key and a certificate for it signed by `ca` with ECDSA-SHA256. Dates default to the
 * CA's: from a few minutes ago (never before the CA's notBefore) to the CA's notAfter. Explicit
 * dates are taken as they are, even outside the CA's validity (an expired certificate for a test).
 */
export async function issueCertificate(ca: PemCredentials, options: CertificateProfile & Partial<Validity>): Promise<PemCredentials> {
  const issuer = await loadIssuer(ca);
  const { notBefore, notAfter, ...profile } = options;
  const validity = resolveValidity({ notBefore, notAfter }, { notAfter: issuer.cert.notAfter }, issuer.cert.notBefore);
  return issueFrom(issuer, profile, validity);
}

/** A certificate signed by a loaded CA (callers have resolved the validity). */
export async function issueFrom(issuer: Issuer, profile: CertificateProfile, validity: Validity): Promise<PemCredentials> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.create(
    {
      subject: subjectName(profile.commonName),
      issuer: issuer.cert.subjectName,
      publicKey: keys.publicKey,
      signingKey: issuer.signingKey,
      signingAlgorithm: ECDSA_P256_SHA256,
      ...validity,
      extensions: await extensions(profile, keys.publicKey, issuer),
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** A self-signed certificate for a new key (a CA's). */
export async function selfSignedCertificate(profile: CertificateProfile, validity: Validity): Promise<PemCredentials> {
  const keys = await generateKeyPair();
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: subjectName(profile.commonName),
      keys,
      signingAlgorithm: ECDSA_P256_SHA256,
      ...validity,
      extensions: await extensions(profile, keys.publicKey, null),
    },
    crypto,
  );
  return { cert: cert.toString('pem'), key: await privateKeyPem(keys.privateKey) };
}

/** A name of one CN attribute, given as data rather than an RFC 4514 string that would need escaping. */
const subjectName = (commonName: string | undefined): x509.JsonName => (commonName === undefined ? [] : [{ CN: [commonName] }]);

async function extensions(profile: CertificateProfile, publicKey: webcrypto.CryptoKey, issuer: Issuer | null): Promise<x509.Extension[]> {
  const out: x509.Extension[] = [];
  const bc = profile.basicConstraints;
  if (bc) out.push(new x509.BasicConstraintsExtension(bc.ca, bc.pathLength, bc.critical ?? false));
  const ku = profile.keyUsage;
  if (ku)
    out.push(
      new x509.KeyUsagesExtension(
        ku.usages.reduce((bits, name) => bits | x509.KeyUsageFlags[name], 0),
        ku.critical ?? false,
      ),
    );
  if (profile.extendedKeyUsage) out.push(new x509.ExtendedKeyUsageExtension(profile.extendedKeyUsage.map((name) => x509.ExtendedKeyUsage[name])));
  if (profile.subjectAltNames) out.push(new x509.SubjectAlternativeNameExtension(profile.subjectAltNames.map(generalName)));
  if (profile.subjectKeyIdentifier ?? true) out.push(await x509.SubjectKeyIdentifierExtension.create(publicKey, false, crypto));
  if (issuer && (profile.authorityKeyIdentifier ?? true)) {
    const ski = issuer.cert.getExtension(x509.SubjectKeyIdentifierExtension);
    out.push(
      ski ? new x509.AuthorityKeyIdentifierExtension(ski.keyId) : await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey, false, crypto),
    );
  }
  return out;
}

function generalName(name: SubjectAltName): x509.JsonGeneralName {
  if ('dns' in name) return { type: 'dns', value: name.dns };
  if ('uri' in name) return { type: 'url', value: name.uri };
  return { type: 'ip', value: name.ip };
}
