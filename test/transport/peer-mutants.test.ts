/**
 * The edges of the peer identity (packages/transport/src/peer.ts, key-cert-sign.ts) that the
 * end-to-end tests in peer-identity.test.ts do not reach, written against the mutants Stryker
 * found alive (`npm run mutate -- --scope peer`, test/mutation/equivalent.md for the rest):
 *
 * - the keyCertSign walker on hand-built DER: each bound of a DER element (short header, long
 *   lengths of 0, 4 and 5 octets, length octets past the parent), wrong tags, an OID that only
 *   starts like keyUsage, keyUsage with and without the critical flag, an empty bit string,
 *   basicConstraints' cA BOOLEAN (TRUE, explicit FALSE, wrong lengths), an error that is no
 *   malformed DER;
 * - the sockets and certificates Node hands over in corner cases (a destroyed socket's null
 *   certificate, a subject with no CN or several);
 * - the host-name check in front of OpenSSL's matcher, with a real certificate whose dNSNames
 *   OpenSSL would match although they are no host names (254 characters, an underscore);
 * - subjectAltName strings with quoted values, escapes and an unterminated quote.
 *
 * The DER here is only as much of a certificate as the walker reads (Certificate → tbsCertificate
 * → [3] extensions → keyUsage, basicConstraints); TLS has verified the real certificate before this code runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import type { Socket } from 'node:net';
import type { PeerCertificate } from 'node:tls';
import { parseSubjectAltName, peerIdentityFromCertificate, peerIdentityFromSocket } from '@mimikit/transport';
import { makePki, type Pki } from '../support/pki.ts';

// ---------------------------------------------------------------- DER building

/** A DER element with a short-form length (content under 128 bytes, as everything here). */
function tlv(tag: number, ...content: number[][]): number[] {
  const body = content.flat();
  if (body.length > 127) throw new Error('test helper: content too long for a short-form length');
  return [tag, body.length, ...body];
}

const SEQUENCE = 0x30;
const EXTENSIONS = 0xa3;
const NULL_FIELD = [0x05, 0x00];
const KEY_USAGE_OID = tlv(0x06, [0x55, 0x1d, 0x0f]);
const CRITICAL = tlv(0x01, [0xff]);

/** keyUsage's BIT STRING: the unused-bit count, then the bits (keyCertSign is 0x04 of the first). */
const keyUsageBits = (...bits: number[]) => tlv(0x04, tlv(0x03, [0x00, ...bits]));
const extension = (...parts: number[][]) => tlv(SEQUENCE, ...parts);
/** A certificate whose tbsCertificate holds a NULL field, the given extensions, then `after`. */
const certificate = (extensions: number[][], after: number[][] = []) =>
  tlv(SEQUENCE, tlv(SEQUENCE, NULL_FIELD, tlv(EXTENSIONS, tlv(SEQUENCE, ...extensions)), ...after));
/** A certificate whose tbsCertificate is exactly these bytes. */
const withTbs = (tbs: number[]) => tlv(SEQUENCE, tlv(SEQUENCE, tbs));

const DIGITAL_SIGNATURE = 0x80;
const KEY_CERT_SIGN = 0x04;

/** What Node hands over for a verified certificate, with `raw` replaced. */
function fakeCertificate(raw: number[] | Buffer, fields: Partial<Record<keyof PeerCertificate, unknown>> = {}): PeerCertificate {
  return {
    ca: false,
    subjectaltname: 'DNS:b.example',
    raw: Buffer.from(raw),
    subject: { CN: 'b.example' },
    fingerprint256: 'AA',
    ...fields,
  } as unknown as PeerCertificate;
}

/** Whether a verified certificate with this DER names a peer: everything else being a valid leaf. */
const namesPeer = (der: number[]) => peerIdentityFromCertificate(fakeCertificate(der)) !== null;

describe('keyCertSign detection on hand-built DER', () => {
  it('keyUsage with keyCertSign refuses; without it, or without keyUsage at all, the leaf names a peer', () => {
    expect(namesPeer(certificate([extension(KEY_USAGE_OID, CRITICAL, keyUsageBits(DIGITAL_SIGNATURE | KEY_CERT_SIGN))]))).toBe(false);
    expect(namesPeer(certificate([extension(KEY_USAGE_OID, CRITICAL, keyUsageBits(DIGITAL_SIGNATURE))]))).toBe(true);
    // No [3] extensions field: the walk ends with no keyUsage found.
    expect(namesPeer(withTbs(NULL_FIELD))).toBe(true);
    // An extension before keyUsage is skipped.
    const basicConstraints = extension(tlv(0x06, [0x55, 0x1d, 0x13]), tlv(0x04, tlv(SEQUENCE)));
    expect(namesPeer(certificate([basicConstraints, extension(KEY_USAGE_OID, keyUsageBits(KEY_CERT_SIGN))]))).toBe(false);
  });

  it('basicConstraints: cA TRUE refuses; cA absent or an explicit one-byte FALSE (BER style) names a peer; any other BOOLEAN is malformed', () => {
    const BASIC_CONSTRAINTS_OID = tlv(0x06, [0x55, 0x1d, 0x13]);
    const basicConstraints = (...value: number[][]) => certificate([extension(BASIC_CONSTRAINTS_OID, CRITICAL, tlv(0x04, tlv(SEQUENCE, ...value)))]);
    const PATH_LEN_0 = tlv(0x02, [0x00]);
    expect(namesPeer(basicConstraints(tlv(0x01, [0xff])))).toBe(false);
    expect(namesPeer(basicConstraints(tlv(0x01, [0x01]), PATH_LEN_0))).toBe(false);
    expect(namesPeer(basicConstraints())).toBe(true);
    expect(namesPeer(basicConstraints(PATH_LEN_0))).toBe(true);
    expect(namesPeer(basicConstraints(tlv(0x01, [0x00])))).toBe(true);
    // A BOOLEAN of two bytes, or of none, is no FALSE, whatever its first byte or the byte after it.
    expect(namesPeer(basicConstraints(tlv(0x01, [0x00, 0x00])))).toBe(false);
    expect(namesPeer(basicConstraints(tlv(0x01), PATH_LEN_0))).toBe(false);
  });

  it('keyUsage without the critical flag is read from the second element', () => {
    expect(namesPeer(certificate([extension(KEY_USAGE_OID, keyUsageBits(KEY_CERT_SIGN))]))).toBe(false);
    expect(namesPeer(certificate([extension(KEY_USAGE_OID, keyUsageBits(DIGITAL_SIGNATURE))]))).toBe(true);
  });

  it('an OID that starts like keyUsage but is longer is another extension', () => {
    const longer = tlv(0x06, [0x55, 0x1d, 0x0f, 0x01]);
    expect(namesPeer(certificate([extension(longer, keyUsageBits(KEY_CERT_SIGN))]))).toBe(true);
  });

  it('a keyUsage bit string with no bit bytes asserts nothing, whatever follows it', () => {
    // The byte after the empty bit string is the tag of the next tbsCertificate field, 0x04,
    // which has the keyCertSign bit set: it must not be read as the usage bits.
    expect(namesPeer(certificate([extension(KEY_USAGE_OID, CRITICAL, keyUsageBits())], [tlv(0x04)]))).toBe(true);
  });

  it('a keyUsage extension with no value is malformed: refused, not a crash', () => {
    expect(namesPeer(certificate([extension(KEY_USAGE_OID)]))).toBe(false);
  });

  it('wrong tags are malformed: refused', () => {
    expect(namesPeer([0x31, ...withTbs(NULL_FIELD).slice(1)])).toBe(false); // SET, not SEQUENCE
    expect(namesPeer(tlv(SEQUENCE, tlv(0x31, NULL_FIELD)))).toBe(false); // tbsCertificate not a SEQUENCE
    expect(namesPeer(certificate([tlv(0x31, KEY_USAGE_OID, keyUsageBits(KEY_CERT_SIGN))]))).toBe(false); // extension not a SEQUENCE
  });

  it('an element whose two header bytes do not fit its parent is malformed, one that just fits is read', () => {
    // The last byte of the input opens an element: no room for its length octet.
    expect(namesPeer([0x30, 0x03, 0x30, 0x01, 0x05])).toBe(false);
    // A two-byte NULL that ends exactly at the end of the tbsCertificate and of the input.
    expect(namesPeer([0x30, 0x04, 0x30, 0x02, 0x05, 0x00])).toBe(true);
  });

  it('long-form lengths: 1 to 4 length octets within the parent are read; 0 (indefinite), 5, or octets past the parent are malformed', () => {
    expect(namesPeer(withTbs([0x05, 0x81, 0x00]))).toBe(true);
    expect(namesPeer(withTbs([0x05, 0x84, 0x00, 0x00, 0x00, 0x00]))).toBe(true);
    expect(namesPeer(withTbs([0x05, 0x80]))).toBe(false);
    expect(namesPeer(withTbs([0x05, 0x85, 0x00, 0x00, 0x00, 0x00, 0x00]))).toBe(false);
    // Two length octets announced, one left in the tbsCertificate and in the input.
    expect(namesPeer(withTbs([0x05, 0x82, 0x00]))).toBe(false);
    // The same with input following the tbsCertificate: the octets must lie inside the parent.
    expect(namesPeer(tlv(SEQUENCE, tlv(SEQUENCE, [0x05, 0x82, 0x00]), [0x00, 0x00]))).toBe(false);
  });

  it('content longer than the parent is malformed', () => {
    expect(namesPeer(withTbs([0x05, 0x02, 0x00]))).toBe(false);
  });

  it('an error other than malformed DER is not turned into a refusal: it propagates', () => {
    // Malformed DER is refused; anything else the walk throws is a bug to surface, not a verdict.
    const der = Buffer.from(certificate([extension(KEY_USAGE_OID, keyUsageBits(KEY_CERT_SIGN))]));
    const failing = new Proxy(der, {
      get(target, key) {
        if (key === '4') throw new RangeError('read failed');
        return Reflect.get(target, key) as unknown;
      },
    });
    expect(() => peerIdentityFromCertificate(fakeCertificate([], { raw: failing }))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------- sockets and certificates

/** A socket as peerIdentityFromSocket sees it (the fields it reads). */
function fakeSocket(fields: { encrypted?: boolean; authorized?: boolean; getPeerCertificate?: () => unknown }): Socket {
  return fields as unknown as Socket;
}

let pki: Pki;
let leaf: Buffer;

beforeAll(async () => {
  pki = await makePki();
  leaf = Buffer.from(new X509Certificate((await pki.client('b.example')).cert).raw);
}, 60_000);

describe('peerIdentityFromSocket: only an encrypted, authorized socket with a certificate', () => {
  const withLeaf = () => fakeCertificate(leaf);

  it('an authorized TLS socket with a leaf certificate names the peer', () => {
    const peer = peerIdentityFromSocket(fakeSocket({ encrypted: true, authorized: true, getPeerCertificate: withLeaf }));
    expect(peer?.dnsNames).toEqual(['b.example']);
  });

  it('a socket that is not encrypted is no peer, whatever it claims', () => {
    expect(peerIdentityFromSocket(fakeSocket({ authorized: true, getPeerCertificate: withLeaf }))).toBeNull();
    expect(peerIdentityFromSocket(fakeSocket({ encrypted: false, authorized: true, getPeerCertificate: withLeaf }))).toBeNull();
  });

  it('an encrypted socket without getPeerCertificate is no TLS socket: null, not a crash', () => {
    expect(peerIdentityFromSocket(fakeSocket({ encrypted: true, authorized: true }))).toBeNull();
  });

  it('null and undefined sockets are no peer', () => {
    expect(peerIdentityFromSocket(null)).toBeNull();
    expect(peerIdentityFromSocket(undefined)).toBeNull();
  });

  it("a destroyed socket's null certificate, or no certificate ({}), is no peer", () => {
    expect(peerIdentityFromSocket(fakeSocket({ encrypted: true, authorized: true, getPeerCertificate: () => null }))).toBeNull();
    expect(peerIdentityFromSocket(fakeSocket({ encrypted: true, authorized: true, getPeerCertificate: () => ({}) }))).toBeNull();
  });
});

describe('peerIdentityFromCertificate: the subject CN is informative and optional', () => {
  it('no subject, or a subject without CN: subjectCN null', () => {
    const noSubject = fakeCertificate(leaf, { subject: undefined });
    expect(peerIdentityFromCertificate(noSubject)?.subjectCN).toBeNull();
    expect(peerIdentityFromCertificate(fakeCertificate(leaf, { subject: { O: 'x' } }))?.subjectCN).toBeNull();
  });

  it('several CNs: the first; an empty list: null', () => {
    expect(peerIdentityFromCertificate(fakeCertificate(leaf, { subject: { CN: ['one.example', 'two.example'] } }))?.subjectCN).toBe('one.example');
    expect(peerIdentityFromCertificate(fakeCertificate(leaf, { subject: { CN: [] } }))?.subjectCN).toBeNull();
  });
});

describe('isProvider checks that the domain is a host name before asking OpenSSL', () => {
  const label63 = 'a'.repeat(63);
  const name253 = `${label63}.${label63}.${label63}.${'b'.repeat(61)}`;
  const name254 = `${label63}.${label63}.${label63}.${'c'.repeat(62)}`;
  const names = ['provider-one.example', 'mimi.b.x.example', 'under_score.example', name253, name254];

  /** A real leaf certificate with these dNSNames (issued once for the tests below). */
  let x509: X509Certificate;
  beforeAll(async () => {
    const creds = await pki.custom('cn.example', {
      basicConstraints: { ca: false },
      keyUsage: { usages: ['digitalSignature'], critical: true },
      subjectAltNames: names.map((dns) => ({ dns })),
    });
    x509 = new X509Certificate(creds.cert);
  });
  /** Its peer identity, as Node would hand it over: taken in each test, so that only tests run peer code. */
  const peerOf = () => peerIdentityFromCertificate(fakeCertificate(x509.raw, { subjectaltname: x509.subjectAltName }));

  it('host names of every shape match: inner hyphens, one-letter and long labels, three and more labels, 253 characters', () => {
    const peer = peerOf();
    expect(peer?.dnsNames).toEqual(names);
    for (const name of ['provider-one.example', 'mimi.b.x.example', name253]) expect(peer?.isProvider(name), name).toBe(true);
  });

  it('names OpenSSL would match but that are no host names do not: 254 characters, an underscore', () => {
    const peer = peerOf();
    // OpenSSL's matcher alone accepts both: this is what the host-name check is for.
    for (const name of [name254, 'under_score.example']) {
      expect(x509.checkHost(name, { subject: 'never', wildcards: false })).toBe(name);
      expect(peer?.isProvider(name), name).toBe(false);
    }
  });

  it('a domain with a NUL byte or other characters after a host name is false, not a TypeError from OpenSSL', () => {
    const peer = peerOf();
    expect(peer?.isProvider('provider-one.example\u0000')).toBe(false);
    expect(peer?.isProvider('provider-one.example/x')).toBe(false);
  });
});

describe('parseSubjectAltName: quoted values', () => {
  it('a quoted value ends at its closing quote; parsing goes on after it', () => {
    expect(parseSubjectAltName('URI:"mimi://x,yz", DNS:b.example')).toEqual([
      { type: 'URI', value: 'mimi://x,yz' },
      { type: 'DNS', value: 'b.example' },
    ]);
  });

  it('escaped quotes and backslashes inside a quoted value (JSON escapes)', () => {
    expect(parseSubjectAltName('URI:"a\\"b", DNS:b.example')).toEqual([
      { type: 'URI', value: 'a"b' },
      { type: 'DNS', value: 'b.example' },
    ]);
    expect(parseSubjectAltName('URI:"a\\\\", DNS:b.example')).toEqual([
      { type: 'URI', value: 'a\\' },
      { type: 'DNS', value: 'b.example' },
    ]);
  });

  it('an unterminated or invalid quoted value is kept as written, without the quote', () => {
    expect(parseSubjectAltName('DNS:b.example, URI:"unterminated')).toEqual([
      { type: 'DNS', value: 'b.example' },
      { type: 'URI', value: 'unterminated' },
    ]);
    expect(parseSubjectAltName('URI:"a\\qb", DNS:b.example')).toEqual([
      { type: 'URI', value: 'a\\qb' },
      { type: 'DNS', value: 'b.example' },
    ]);
  });

  it('text after the last name that has no type is ignored; an empty type is kept', () => {
    expect(parseSubjectAltName('DNS:b.example, junk')).toEqual([{ type: 'DNS', value: 'b.example' }]);
    expect(parseSubjectAltName(':x')).toEqual([{ type: '', value: 'x' }]);
  });
});
