/**
 * Whether a DER X.509 certificate may sign certificates: its basicConstraints assert cA, or its
 * keyUsage asserts keyCertSign (RFC 5280 §4.2.1.9, §4.2.1.3). Such a certificate is no peer's leaf
 * certificate. Node's `PeerCertificate.ca` (OpenSSL's X509_check_ca) is not enough: it is false for
 * a cA certificate whose keyUsage lacks keyCertSign, and node exposes no keyUsage bits; so both are
 * read here from the DER.
 *
 * Only the path Certificate → tbsCertificate → [3] extensions → basicConstraints and keyUsage is
 * walked; each element is bounded by its parent, so a malformed certificate cannot read out of
 * range. Anything that does not parse counts as able to sign (refused), though the certificate has
 * already been verified by TLS at this point.
 */

const SEQUENCE = 0x30;
const EXTENSIONS = 0xa3; // [3] EXPLICIT, constructed
const OID = 0x06;
const BOOLEAN = 0x01;
const OCTET_STRING = 0x04;
const BIT_STRING = 0x03;
/** 2.5.29.15 id-ce-keyUsage, as DER content bytes. */
const KEY_USAGE_OID = [0x55, 0x1d, 0x0f];
/** 2.5.29.19 id-ce-basicConstraints, as DER content bytes. */
const BASIC_CONSTRAINTS_OID = [0x55, 0x1d, 0x13];
/** keyCertSign is bit 5 of KeyUsage: in the first content byte, counting from its high bit. */
const KEY_CERT_SIGN = 0x80 >> 5;

interface Element {
  tag: number;
  /** First content byte. */
  start: number;
  /** One past the last content byte. */
  end: number;
}

class Malformed extends Error {}

/** The DER element at `at`, which must end by `limit` (definite lengths only, as DER requires). */
function element(der: Uint8Array, at: number, limit: number): Element {
  if (at + 2 > limit) throw new Malformed();
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) throw new Malformed();
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[start++]!;
  }
  if (start + length > limit) throw new Malformed();
  return { tag, start, end: start + length };
}

/** The children of a constructed element. */
function* children(der: Uint8Array, parent: Element): Generator<Element> {
  for (let at = parent.start; at < parent.end; ) {
    const child = element(der, at, parent.end);
    yield child;
    at = child.end;
  }
}

function first(der: Uint8Array, parent: Element): Element | undefined {
  return parent.start < parent.end ? element(der, parent.start, parent.end) : undefined;
}

function ofTag(el: Element | undefined, tag: number): Element {
  if (!el || el.tag !== tag) throw new Malformed();
  return el;
}

function isOid(der: Uint8Array, oid: Element, expected: readonly number[]): boolean {
  return oid.end - oid.start === expected.length && expected.every((b, i) => der[oid.start + i] === b);
}

export function maySignCertificates(der: Uint8Array): boolean {
  try {
    const certificate = ofTag(element(der, 0, der.length), SEQUENCE);
    const tbs = ofTag(first(der, certificate), SEQUENCE);
    for (const field of children(der, tbs)) {
      if (field.tag !== EXTENSIONS) continue;
      const extensions = ofTag(first(der, field), SEQUENCE);
      for (const extension of children(der, extensions)) {
        const [id, second, third] = [...children(der, ofTag(extension, SEQUENCE))];
        const oid = ofTag(id, OID);
        const keyUsage = isOid(der, oid, KEY_USAGE_OID);
        if (!keyUsage && !isOid(der, oid, BASIC_CONSTRAINTS_OID)) continue;
        const value = ofTag(second?.tag === BOOLEAN ? third : second, OCTET_STRING);
        if (keyUsage) {
          const bits = ofTag(element(der, value.start, value.end), BIT_STRING);
          // Content: the count of unused bits, then the bits; no bit bytes means no usage asserted.
          if (bits.end - bits.start >= 2 && (der[bits.start + 1]! & KEY_CERT_SIGN) !== 0) return true;
        } else {
          // BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }
          const cA = first(der, ofTag(element(der, value.start, value.end), SEQUENCE));
          if (cA?.tag === BOOLEAN && (cA.end - cA.start !== 1 || der[cA.start] !== 0)) return true;
        }
      }
    }
    return false;
  } catch (err) {
    if (err instanceof Malformed) return true;
    throw err;
  }
}
