/**
 * @mimikit/provider/pki: a local PKI for providers on one machine (demos, tests, `mimi pki init`),
 * made with @peculiar/x509 on Node's WebCrypto (no openssl process): an EC P-256 CA and one
 * certificate per provider domain that serves it as TLS server and client.
 */
export { type CertificateAuthorityOptions, createCertificateAuthority, DEFAULT_CA_NAME, DEFAULT_VALIDITY_DAYS } from './certificate-authority.ts';
export { checkDomains, domainNameProblem } from './domain-name.ts';
export { PkiError, type PkiErrorCode } from './errors.ts';
export {
  type CertificateProfile,
  type ExtendedKeyUsageName,
  issueCertificate,
  type KeyUsageName,
  type SubjectAltName,
} from './issue-certificate.ts';
export { createLocalPki, type LocalPki, type LocalPkiOptions } from './local-pki.ts';
export type { PemCredentials } from './pem-credentials.ts';
export { issueProviderCertificate, type ProviderCertificateOptions, providerCertificateProfile } from './provider-certificate.ts';
export { MAX_VALIDITY_DAYS, type Validity, type ValidityOptions } from './validity.ts';
export { type WriteLocalPkiOptions, type WrittenFile, writeLocalPki } from './write-local-pki.ts';
