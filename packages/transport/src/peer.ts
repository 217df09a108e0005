/**
 * Who is on the other end: the identity in the TLS client certificate of an authorized mutual-TLS
 * connection. Providers authenticate each other this way (spec/openapi/mimi-protocol.yaml servers).
 */
import type { Socket } from 'node:net';
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface PeerIdentity {
  /** The certificate subject's common name, if any. */
  subjectCN: string | null;
  /** subjectAltName URIs, e.g. `mimi://b.example`. */
  uris: string[];
  /** subjectAltName DNS names. */
  dnsNames: string[];
  /** SHA-256 fingerprint of the certificate, colon-separated upper-case hex as Node prints it. */
  fingerprint256: string;
}

/**
 * The peer of a socket: null when the socket is not TLS, the peer sent no certificate, or the
 * certificate did not verify against the configured CAs (`authorized` false).
 */
export function peerIdentityFromSocket(socket: Socket | TLSSocket | null | undefined): PeerIdentity | null {
  if (!socket || !isTlsSocket(socket) || !socket.authorized) return null;
  const cert = socket.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return null;
  return peerIdentityFromCertificate(cert);
}

export function peerIdentityFromCertificate(cert: PeerCertificate): PeerIdentity {
  const cn = cert.subject?.CN;
  const names = parseSubjectAltName(cert.subjectaltname ?? '');
  return {
    subjectCN: Array.isArray(cn) ? (cn[0] ?? null) : (cn ?? null),
    uris: names.filter((n) => n.type === 'URI').map((n) => n.value),
    dnsNames: names.filter((n) => n.type === 'DNS').map((n) => n.value),
    fingerprint256: cert.fingerprint256,
  };
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
