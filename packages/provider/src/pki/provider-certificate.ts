/**
 * The certificate of one provider domain. One certificate serves the provider both as TLS server
 * (its MIMI endpoints) and as TLS client (its requests to other providers), so it carries both
 * extended key usages. @mimikit/transport's peer identity reads the dNSName (`peer.isProvider`);
 * the `mimi://` URI names the provider as MIMI identifiers do.
 */
import { checkDomains } from './domain-name.ts';
import { PkiError } from './errors.ts';
import { type CertificateProfile, issueFrom } from './issue-certificate.ts';
import { loadIssuer } from './keys.ts';
import type { PemCredentials } from './pem-credentials.ts';
import { resolveValidity, type ValidityOptions } from './validity.ts';

/** What a provider certificate for `domain` says (the domain is not checked here). */
export function providerCertificateProfile(domain: string): CertificateProfile {
  return {
    commonName: domain,
    basicConstraints: { ca: false },
    keyUsage: { usages: ['digitalSignature'], critical: true },
    extendedKeyUsage: ['serverAuth', 'clientAuth'],
    subjectAltNames: [{ dns: domain }, { uri: `mimi://${domain}` }],
  };
}

export interface ProviderCertificateOptions extends ValidityOptions {
  /** The provider's domain, a DNS host name in lowercase A-label form. */
  domain: string;
}

/**
 * A provider certificate from `ca`. Without days or dates it is valid as long as the CA is; a
 * validity asked for must lie within the CA's (a certificate that outlives its CA stops verifying
 * when the CA expires: better refused now than discovered then).
 */
export async function issueProviderCertificate(ca: PemCredentials, options: ProviderCertificateOptions): Promise<PemCredentials> {
  const { domain } = options;
  checkDomains([domain]);
  const issuer = await loadIssuer(ca);
  const { notBefore: caStart, notAfter: caEnd } = issuer.cert;
  const validity = resolveValidity(options, { notAfter: caEnd }, caStart);
  if (validity.notBefore < caStart || validity.notAfter > caEnd) {
    const span = (from: Date, to: Date) => `${from.toISOString()} to ${to.toISOString()}`;
    throw new PkiError(
      'invalid-validity',
      `the certificate for ${domain} (${span(validity.notBefore, validity.notAfter)}) would not lie within its CA's validity (${span(caStart, caEnd)})`,
      { domain },
    );
  }
  return issueFrom(issuer, providerCertificateProfile(domain), validity);
}
