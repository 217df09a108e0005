/**
 * A throw-away PKI made with @mimikit/provider/pki (no openssl): a CA, a server certificate for
 * 127.0.0.1 and client certificates for providers (URI SAN mimi://<domain>), EC P-256 keys; also
 * the certificates a server must refuse: from another CA, expired, or not a leaf
 * (test/transport/mtls.test.ts). Everything stays in memory.
 */
import {
  type CertificateProfile,
  createCertificateAuthority,
  issueCertificate,
  issueProviderCertificate,
  type PemCredentials,
  providerCertificateProfile,
} from '@mimikit/provider/pki';

export type Credentials = PemCredentials;

/** The extensions of a certificate made by `custom`, besides its subject CN. */
export type CustomProfile = Omit<CertificateProfile, 'commonName'>;

export interface Pki {
  ca: string;
  server: Credentials;
  /** Issues a provider certificate: CN and DNS SAN `domain`, URI SAN `mimi://domain`. */
  client(domain: string): Promise<Credentials>;
  /** A certificate for `domain` from another, untrusted CA. */
  stranger(domain: string): Promise<Credentials>;
  /** A provider certificate for `domain` from the trusted CA, valid only on 1 January 2020. */
  expired(domain: string): Promise<Credentials>;
  /** A certificate from the trusted CA with subject CN `cn` and exactly the extensions of `profile`. */
  custom(cn: string, profile: CustomProfile): Promise<Credentials>;
}

export async function makePki(): Promise<Pki> {
  const [ca, otherCa] = await Promise.all([
    createCertificateAuthority({ name: 'ca', validityDays: 2 }),
    createCertificateAuthority({ name: 'other-ca', validityDays: 2 }),
  ]);
  const server = await issueCertificate(ca, {
    commonName: 'mimi.a.example',
    basicConstraints: { ca: false },
    keyUsage: { usages: ['digitalSignature'], critical: true },
    extendedKeyUsage: ['serverAuth'],
    subjectAltNames: [{ ip: '127.0.0.1' }, { dns: 'localhost' }],
  });
  return {
    ca: ca.cert,
    server,
    client: (domain) => issueProviderCertificate(ca, { domain, validityDays: 1 }),
    stranger: (domain) => issueProviderCertificate(otherCa, { domain, validityDays: 1 }),
    expired: (domain) =>
      issueCertificate(ca, {
        ...providerCertificateProfile(domain),
        notBefore: new Date('2020-01-01T00:00:00Z'),
        notAfter: new Date('2020-01-02T00:00:00Z'),
      }),
    custom: (cn, profile) => issueCertificate(ca, { ...profile, commonName: cn }),
  };
}
