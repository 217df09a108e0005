/** The one error type of @mimikit/provider/pki: what went wrong (`code`) and, where it applies, which domain or file. */
export type PkiErrorCode =
  /** A domain that is no DNS host name in lowercase A-label form (`domain` names it). */
  | 'invalid-domain'
  /** The same domain twice in one PKI (`domain` names it). */
  | 'duplicate-domain'
  /** A PKI for no domain at all. */
  | 'no-domains'
  /** A validity that is no whole number of days in range, ends before it starts, or lies outside the issuer's. */
  | 'invalid-validity'
  /** A CA whose certificate or key cannot be used to issue certificates. */
  | 'invalid-issuer'
  /** A file that exists already and would be overwritten without `force` (`file` names it). */
  | 'file-exists';

export class PkiError extends Error {
  readonly code: PkiErrorCode;
  readonly domain: string | undefined;
  readonly file: string | undefined;

  constructor(code: PkiErrorCode, message: string, where: { domain?: string; file?: string } = {}) {
    super(message);
    this.name = 'PkiError';
    this.code = code;
    this.domain = where.domain;
    this.file = where.file;
  }
}
