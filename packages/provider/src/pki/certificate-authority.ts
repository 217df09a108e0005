/** The CA of a local PKI: self-signed, P-256, allowed to sign certificates and CRLs and nothing else. */
import { randomBytes } from 'node:crypto';
import { selfSignedCertificate } from './issue-certificate.ts';
import type { PemCredentials } from './pem-credentials.ts';
import { resolveValidity } from './validity.ts';

export const DEFAULT_CA_NAME = 'mimikit local CA';
export const DEFAULT_VALIDITY_DAYS = 365;

export interface CertificateAuthorityOptions {
  /**
   * The CA's subject common name. Default: "mimikit local CA" and 8 random hex digits, so that the
   * CAs of two runs (a demo's fresh PKI and a stale copy trusted somewhere) can be told apart by name.
   */
  name?: string;
  /** Days of validity (default 365). */
  validityDays?: number;
  /** The time validity counts from (default: now). */
  now?: Date;
}

export async function createCertificateAuthority(options: CertificateAuthorityOptions = {}): Promise<PemCredentials> {
  const validity = resolveValidity({ validityDays: options.validityDays, now: options.now }, { days: DEFAULT_VALIDITY_DAYS });
  return selfSignedCertificate(
    {
      commonName: options.name ?? `${DEFAULT_CA_NAME} ${randomBytes(4).toString('hex')}`,
      basicConstraints: { ca: true, critical: true },
      keyUsage: { usages: ['keyCertSign', 'cRLSign'], critical: true },
    },
    validity,
  );
}
