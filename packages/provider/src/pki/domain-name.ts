/**
 * Provider domains of the local PKI: the names certificates are issued for and files are named
 * after. Each must be a DNS host name as it appears on the wire, in lowercase A-label form, so
 * that it is written one way only (the certificate's dNSName, the `mimi://` URI, the file name).
 */
import { domainToASCII } from 'node:url';
import { PkiError } from './errors.ts';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Why `name` is no provider domain, or null when it is one: 1 to 253 characters, at least two
 * labels (a provider is named by a domain, never a bare host such as `localhost`; it also keeps
 * `ca` free for the CA's files), each label 1 to 63 lowercase letters, digits and inner hyphens,
 * a top-level label that is not all digits (that would be an IPv4 address), and valid IDNA (an
 * `xn--` label must decode).
 */
export function domainNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (name.length > 253) return `is ${name.length} characters long (at most 253)`;
  if (name !== name.toLowerCase()) return `is not lowercase (write ${JSON.stringify(name.toLowerCase())})`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class names every non-ASCII character.
  if (/[^\x00-\x7f]/.test(name)) {
    const aLabel = domainToASCII(name);
    return aLabel ? `is not in A-label form (write ${JSON.stringify(aLabel)})` : 'is not a valid internationalized domain name';
  }
  const labels = name.split('.');
  if (labels.length < 2) return 'has a single label (a provider domain has at least two, e.g. a.example)';
  for (const label of labels) {
    if (label.length === 0) return 'has an empty label';
    if (label.length > 63) return `has a label of ${label.length} characters (at most 63)`;
    if (!LABEL.test(label)) return `has a label ${JSON.stringify(label)} that is not letters, digits and inner hyphens`;
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return 'ends in an all-digit label (an IP address is no domain)';
  if (domainToASCII(name) !== name) return 'is not valid IDNA (an xn-- label that does not decode)';
  return null;
}

/** Throws a PkiError naming the first domain that is invalid or repeated, or when there is none. */
export function checkDomains(domains: readonly string[]): void {
  if (domains.length === 0) throw new PkiError('no-domains', 'no domains given: name at least one provider domain');
  const seen = new Set<string>();
  for (const domain of domains) {
    const problem = domainNameProblem(domain);
    if (problem) throw new PkiError('invalid-domain', `domain ${JSON.stringify(domain)} ${problem}`, { domain });
    if (seen.has(domain)) throw new PkiError('duplicate-domain', `domain ${JSON.stringify(domain)} is given twice`, { domain });
    seen.add(domain);
  }
}
