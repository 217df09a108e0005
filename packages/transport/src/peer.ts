/**
 * Who is on the other end: the identity in the TLS client certificate of an authorized mutual-TLS
 * connection. Providers authenticate each other this way (spec/openapi/mimi-protocol.yaml servers).
 *
 * Only leaf certificates name a peer: a certificate that may sign certificates (basicConstraints
 * cA, or keyUsage keyCertSign) or that has no subjectAltName is no peer, however well it verifies.
 * Which provider a peer speaks for is `isProvider(domain)`: an exact match of `domain` with one of
 * the certificate's subjectAltName dNSNames (RFC 6125 §6.4.1, case-insensitive; no wildcards, no
 * subject CN).
 * @spec draft-ietf-mimi-protocol §Services required at each layer > Transport layer
 */
import type { Socket } from 'node:net';
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';
import { maySignCertificates } from './key-cert-sign.ts';

export interface PeerIdentity {
  /** The certificate subject's common name, if any (informative: never an identity, RFC 6125 §6.4.4). */
  subjectCN: string | null;
  /** subjectAltName URIs, e.g. `mimi://b.example`. */
  uris: string[];
  /** subjectAltName DNS names. */
  dnsNames: string[];
  /** SHA-256 fingerprint of the certificate, colon-separated upper-case hex as Node prints it. */
  fingerprint256: string;
  /**
   * "This request comes from provider `domain`": true when `domain` (a DNS name in A-label form,
   * e.g. `b.example`) equals one of the certificate's subjectAltName dNSNames, ignoring ASCII
   * case. A wildcard dNSName (`*.b.example`) matches nothing, and anything that is not a host name
   * (a URI, a trailing dot, an empty label, `*`) is false.
   */
  isProvider(domain: string): boolean;
}

/**
 * The peer of a socket: null when the socket is not TLS, the peer sent no certificate, the
 * certificate did not verify against the configured CAs (`authorized` false), or it is not a leaf
 * certificate with a subjectAltName.
 */
export function peerIdentityFromSocket(socket: Socket | TLSSocket | null | undefined): PeerIdentity | null {
  if (!socket || !isTlsSocket(socket) || !socket.authorized) return null;
  // Read once per connection: a keep-alive connection carries many requests, and reading the peer
  // certificate (Node parses it into an object each time) was a sixth of a busy provider's CPU. The
  // certificate of an established TLS connection does not change (Node refuses renegotiation by
  // default), and the identity depends on nothing else.
  const known = identities.get(socket);
  if (known !== undefined) return known;
  const cert = socket.getPeerCertificate();
  const identity = !cert || Object.keys(cert).length === 0 ? null : peerIdentityFromCertificate(cert);
  identities.set(socket, identity);
  return identity;
}

/** The identity of each authorized TLS socket, as peerIdentityFromSocket found it. */
const identities = new WeakMap<TLSSocket, PeerIdentity | null>();

/** The identity a verified certificate gives, or null when it is no leaf certificate with a subjectAltName. */
export function peerIdentityFromCertificate(cert: PeerCertificate): PeerIdentity | null {
  if (cert.ca !== false || !cert.subjectaltname || !cert.raw || maySignCertificates(cert.raw)) return null;
  const cn = cert.subject?.CN;
  const names = parseSubjectAltName(cert.subjectaltname);
  const raw = cert.raw;
  let x509: X509Certificate | null = null;
  return {
    subjectCN: Array.isArray(cn) ? (cn[0] ?? null) : (cn ?? null),
    uris: names.filter((n) => n.type === 'URI').map((n) => n.value),
    dnsNames: names.filter((n) => n.type === 'DNS').map((n) => n.value),
    fingerprint256: cert.fingerprint256,
    isProvider(domain: string): boolean {
      if (!isHostName(domain)) return false;
      // Parsed on first use only: most handlers never ask.
      x509 ??= new X509Certificate(raw);
      return x509.checkHost(domain, NAME_CHECK) !== undefined;
    },
  };
}

/**
 * OpenSSL's RFC 6125 matcher (X509_check_host) on dNSNames only. Wildcards are off: one MIMI
 * provider is one domain, and a `*.hosting.example` certificate would let one tenant of a hosting
 * domain act for every other.
 */
const NAME_CHECK = { subject: 'never', wildcards: false } as const;

/** A DNS host name in A-label (LDH) form: labels of 1..63 letters, digits and inner hyphens, 253 characters at most. */
function isHostName(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(name);
}

function isTlsSocket(socket: Socket | TLSSocket): socket is TLSSocket {
  return (socket as TLSSocket).encrypted === true && typeof (socket as TLSSocket).getPeerCertificate === 'function';
}

/**
 * Node's `subjectaltname` string: `DNS:a.example, URI:mimi://b.example`. Values with special
 * characters are JSON-quoted (`URI:"mimi://x,y"`), so a comma inside quotes does not split.
 */
export function parseSubjectAltName(text: string): Array<{ type: string; value: string }> {
  const out: Array<{ type: string; value: string }> = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ' || text[i] === ',') i++;
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    i = colon + 1;
    let value: string;
    if (text[i] === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(i, j + 1)) as string;
      } catch {
        value = text.slice(i + 1, j);
      }
      i = j + 1;
    } else {
      const comma = text.indexOf(', ', i);
      const end = comma < 0 ? text.length : comma;
      value = text.slice(i, end);
      i = end;
    }
    out.push({ type, value });
  }
  return out;
}
