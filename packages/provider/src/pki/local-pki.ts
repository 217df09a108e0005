/** A PKI for a set of providers on one machine (demos, tests): one CA and one certificate per domain. */
import { createCertificateAuthority, DEFAULT_VALIDITY_DAYS } from './certificate-authority.ts';
import { checkDomains } from './domain-name.ts';
import type { PemCredentials } from './pem-credentials.ts';
import { issueProviderCertificate } from './provider-certificate.ts';

export interface LocalPki {
  ca: PemCredentials;
  /** One certificate per domain, in the order the domains were given. */
  providers: Array<PemCredentials & { domain: string }>;
}

export interface LocalPkiOptions {
  /** Provider domains: DNS host names in lowercase A-label form, at least one, no repeats. */
  domains: readonly string[];
  /** Days of validity of the CA and of every certificate (default 365). */
  validityDays?: number;
  /** The time validity counts from (default: now). */
  now?: Date;
}

export async function createLocalPki(options: LocalPkiOptions): Promise<LocalPki> {
  // Every domain is checked before any key is made: a bad fifth domain fails at once.
  checkDomains(options.domains);
  const ca = await createCertificateAuthority({ validityDays: options.validityDays ?? DEFAULT_VALIDITY_DAYS, now: options.now });
  // The certificates end with the CA (their default validity), so all end together.
  const providers = await Promise.all(
    options.domains.map(async (domain) => ({ domain, ...(await issueProviderCertificate(ca, { domain, now: options.now })) })),
  );
  return { ca, providers };
}
