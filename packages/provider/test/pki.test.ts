/**
 * The local PKI (src/pki): what the certificates say, read back with node:crypto (OpenSSL) and,
 * for extension details node does not expose (criticality, keyUsage bits, key identifiers), with
 * @peculiar/x509's parser; and the typed refusals of bad domains, validities and CAs.
 */
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createLocalPki,
  domainNameProblem,
  issueCertificate,
  issueProviderCertificate,
  type PemCredentials,
  PkiError,
  type PkiErrorCode,
} from '../src/pki/index.ts';
import * as x509 from '../src/pki/x509.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const DAY = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

const parsed = (pem: string) => new x509.X509Certificate(pem);
const basicConstraints = (pem: string) => parsed(pem).getExtension(x509.BasicConstraintsExtension);
const keyUsage = (pem: string) => parsed(pem).getExtension(x509.KeyUsagesExtension);

/** The PkiError a promise rejects with (fails the test when it resolves or throws something else). */
async function pkiError(promise: Promise<unknown>): Promise<PkiError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PkiError);
  return err as PkiError;
}

/** The key of `creds` belongs to its certificate. */
function keyMatches(creds: PemCredentials): boolean {
  return new X509Certificate(creds.cert).checkPrivateKey(createPrivateKey(creds.key));
}

describe('createCertificateAuthority', () => {
  it('a self-signed P-256 CA certificate: CA:TRUE and keyCertSign+cRLSign, both critical, with a subject key identifier', async () => {
    const ca = await createCertificateAuthority({ name: 'test CA', validityDays: 10, now: NOW });
    const cert = new X509Certificate(ca.cert);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toBe('CN=test CA');
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.checkIssued(cert)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(keyMatches(ca)).toBe(true);
    expect(ca.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(parsed(ca.cert).signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(basicConstraints(ca.cert)).toMatchObject({ ca: true, critical: true, pathLength: undefined });
    expect(keyUsage(ca.cert)).toMatchObject({ usages: x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, critical: true });
    expect(parsed(ca.cert).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(parsed(ca.cert).getExtension(x509.AuthorityKeyIdentifierExtension)).toBeNull();
    // Valid from five minutes before `now` (clock skew between machines) for exactly ten days from `now`.
    expect(parsed(ca.cert).notBefore).toEqual(new Date(NOW.getTime() - 5 * 60_000));
    expect(parsed(ca.cert).notAfter).toEqual(new Date(NOW.getTime() + 10 * DAY));
  });

  it('defaults: the name "mimikit local CA <8 hex digits>", 365 days; two CAs never share a name, key or serial number', async () => {
    const [a, b] = await Promise.all([createCertificateAuthority({ now: NOW }), createCertificateAuthority({ now: NOW })]);
    expect(new X509Certificate(a.cert).subject).toMatch(/^CN=mimikit local CA [0-9a-f]{8}$/);
    expect(new X509Certificate(a.cert).subject).not.toBe(new X509Certificate(b.cert).subject);
    expect(parsed(a.cert).notAfter).toEqual(new Date(NOW.getTime() + 365 * DAY));
    expect(a.key).not.toBe(b.key);
    expect(new X509Certificate(a.cert).serialNumber).not.toBe(new X509Certificate(b.cert).serialNumber);
  });

  it.each([0, -1, 1.5, 3651, Number.NaN])('validityDays %s: PkiError invalid-validity', async (days) => {
    const err = await pkiError(createCertificateAuthority({ validityDays: days }));
    expect(err.code).toBe('invalid-validity');
    expect(err.message).toContain('1 to 3650');
  });

  it('an invalid `now`: PkiError invalid-validity', async () => {
    expect((await pkiError(createCertificateAuthority({ now: new Date('nonsense') }))).code).toBe('invalid-validity');
  });
});

describe('issueProviderCertificate', () => {
  it('a leaf for the domain: CN and dNSName domain, URI mimi://domain, serverAuth and clientAuth, digitalSignature, signed by the CA', async () => {
    const ca = await createCertificateAuthority({ now: NOW, validityDays: 30 });
    const leaf = await issueProviderCertificate(ca, { domain: 'b.example', now: NOW });
    const cert = new X509Certificate(leaf.cert);
    const caCert = new X509Certificate(ca.cert);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=b.example');
    expect(cert.issuer).toBe(caCert.subject);
    expect(cert.subjectAltName).toBe('DNS:b.example, URI:mimi://b.example');
    expect(cert.keyUsage).toEqual([SERVER_AUTH, CLIENT_AUTH]);
    expect(cert.checkHost('b.example', { subject: 'never' })).toBe('b.example');
    expect(keyMatches(leaf)).toBe(true);
    expect(basicConstraints(leaf.cert)).toMatchObject({ ca: false, critical: false });
    expect(keyUsage(leaf.cert)).toMatchObject({ usages: x509.KeyUsageFlags.digitalSignature, critical: true });
    // The authority key identifier is the CA's subject key identifier.
    expect(parsed(leaf.cert).getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      parsed(ca.cert).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    // Without days or dates: as long as the CA.
    expect(parsed(leaf.cert).notBefore).toEqual(parsed(ca.cert).notBefore);
    expect(parsed(leaf.cert).notAfter).toEqual(parsed(ca.cert).notAfter);
  });

  it('explicit days within the CA’s validity; beyond it, or starting before it: PkiError invalid-validity naming the domain', async () => {
    const ca = await createCertificateAuthority({ now: NOW, validityDays: 30 });
    const leaf = await issueProviderCertificate(ca, { domain: 'b.example', now: NOW, validityDays: 7 });
    expect(parsed(leaf.cert).notAfter).toEqual(new Date(NOW.getTime() + 7 * DAY));
    const beyond = await pkiError(issueProviderCertificate(ca, { domain: 'b.example', now: NOW, validityDays: 31 }));
    expect(beyond).toMatchObject({ code: 'invalid-validity', domain: 'b.example' });
    expect(beyond.message).toContain("would not lie within its CA's validity");
    const before = await pkiError(issueProviderCertificate(ca, { domain: 'b.example', notBefore: new Date(NOW.getTime() - DAY), notAfter: NOW }));
    expect(before.code).toBe('invalid-validity');
    expect((await pkiError(issueProviderCertificate(ca, { domain: 'b.example', validityDays: 1, notAfter: NOW }))).message).toBe(
      'give validityDays or notAfter, not both',
    );
  });

  it('a certificate as long as its CA, counted from a `now` with milliseconds, lies within it (X.509 times have whole seconds)', async () => {
    const now = new Date('2026-03-01T12:00:00.999Z');
    const ca = await createCertificateAuthority({ now, validityDays: 30 });
    const leaf = await issueProviderCertificate(ca, { domain: 'b.example', now, validityDays: 30 });
    expect(parsed(leaf.cert).notAfter).toEqual(parsed(ca.cert).notAfter);
    expect(parsed(leaf.cert).notAfter).toEqual(new Date('2026-03-31T12:00:00Z'));
  });

  it('refuses a domain that is no lowercase A-label host name, before using the CA', async () => {
    const err = await pkiError(issueProviderCertificate({ cert: 'not a certificate', key: '' }, { domain: 'B.example' }));
    expect(err).toMatchObject({ code: 'invalid-domain', domain: 'B.example' });
  });

  it('refuses a CA that cannot issue: a certificate that does not parse, a key that is no P-256 key, a key of another CA', async () => {
    const [ca, other] = await Promise.all([createCertificateAuthority(), createCertificateAuthority()]);
    const rsa = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' });
    const cases: Array<[PemCredentials, string]> = [
      [{ cert: 'garbage', key: ca.key }, 'the CA certificate does not parse'],
      [{ cert: ca.cert, key: 'garbage' }, 'the CA key is no EC P-256 private key in PKCS#8 PEM'],
      [{ cert: ca.cert, key: String(rsa) }, 'the CA key is no EC P-256 private key in PKCS#8 PEM'],
      [{ cert: ca.cert, key: other.key }, 'the CA key does not belong to the CA certificate'],
    ];
    for (const [issuer, message] of cases) {
      const err = await pkiError(issueProviderCertificate(issuer, { domain: 'b.example' }));
      expect(err.code).toBe('invalid-issuer');
      expect(err.message).toContain(message);
    }
  });
});

describe('issueCertificate: any extensions, for certificates a provider must refuse', () => {
  it('writes exactly the extensions asked for, with their criticality', async () => {
    const ca = await createCertificateAuthority();
    const creds = await issueCertificate(ca, {
      commonName: 'odd.example',
      basicConstraints: { ca: true, pathLength: 0, critical: true },
      keyUsage: { usages: ['digitalSignature', 'keyCertSign'] },
      extendedKeyUsage: ['clientAuth'],
      subjectAltNames: [{ ip: '127.0.0.1' }, { dns: 'localhost' }, { uri: 'mimi://odd.example' }],
    });
    const cert = new X509Certificate(creds.cert);
    expect(cert.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(cert.ca).toBe(true);
    expect(cert.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost, URI:mimi://odd.example');
    expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
    expect(basicConstraints(creds.cert)).toMatchObject({ ca: true, pathLength: 0, critical: true });
    expect(keyUsage(creds.cert)).toMatchObject({
      usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign,
      critical: false,
    });
  });

  it('leaves out what is not asked for: no subject, no basicConstraints, keyUsage, SAN or key identifiers', async () => {
    const ca = await createCertificateAuthority();
    const creds = await issueCertificate(ca, { subjectKeyIdentifier: false, authorityKeyIdentifier: false });
    // node reports an empty subject as undefined.
    expect(new X509Certificate(creds.cert).subject ?? '').toBe('');
    expect(parsed(creds.cert).extensions).toEqual([]);
    expect(keyMatches(creds)).toBe(true);
  });

  it('takes explicit dates even outside the CA’s validity (an expired certificate), but not an end before the start', async () => {
    const ca = await createCertificateAuthority();
    const notBefore = new Date('2020-01-01T00:00:00Z');
    const notAfter = new Date('2020-01-02T00:00:00Z');
    const creds = await issueCertificate(ca, { notBefore, notAfter });
    expect(parsed(creds.cert).notBefore).toEqual(notBefore);
    expect(parsed(creds.cert).notAfter).toEqual(notAfter);
    expect((await pkiError(issueCertificate(ca, { notBefore: notAfter, notAfter: notBefore }))).code).toBe('invalid-validity');
  });
});

describe('provider domains', () => {
  const label63 = 'a'.repeat(63);
  it.each(['a.example', 'b.example', 'mimi-1.provider.example', 'xn--bcher-kva.example', '0.example', `${label63}.${label63}.${label63}.${'b'.repeat(61)}`])(
    '%s is a provider domain',
    (domain) => {
      expect(domainNameProblem(domain)).toBeNull();
    },
  );

  it.each<[string, string]>([
    ['', 'is empty'],
    ['A.example', 'is not lowercase (write "a.example")'],
    ['bücher.example', 'is not in A-label form (write "xn--bcher-kva.example")'],
    ['localhost', 'has a single label'],
    ['ca', 'has a single label'],
    ['a..example', 'has an empty label'],
    ['a.example.', 'has an empty label'],
    ['.a.example', 'has an empty label'],
    [`${'a'.repeat(64)}.example`, 'has a label of 64 characters'],
    [`${label63}.${label63}.${label63}.${'b'.repeat(62)}`, 'is 254 characters long'],
    ['under_score.example', 'has a label "under_score"'],
    ['-a.example', 'has a label "-a"'],
    ['a-.example', 'has a label "a-"'],
    ['*.example', 'has a label "*"'],
    ['a.example:443', 'has a label "example:443"'],
    ['a b.example', 'has a label "a b"'],
    ['a/b.example', 'has a label "a/b"'],
    ['127.0.0.1', 'ends in an all-digit label'],
    ['a.123', 'ends in an all-digit label'],
    ['xn--a.example', 'is not valid IDNA'],
  ])('%j %s', async (domain, problem) => {
    expect(domainNameProblem(domain)).toContain(problem);
    const err = await pkiError(createLocalPki({ domains: ['ok.example', domain] }));
    expect(err).toMatchObject({ code: 'invalid-domain' satisfies PkiErrorCode, domain });
    expect(err.message).toBe(`domain ${JSON.stringify(domain)} ${domainNameProblem(domain)}`);
  });

  it('a repeated domain and no domain at all are refused', async () => {
    expect(await pkiError(createLocalPki({ domains: ['a.example', 'b.example', 'a.example'] }))).toMatchObject({
      code: 'duplicate-domain',
      domain: 'a.example',
    });
    expect((await pkiError(createLocalPki({ domains: [] }))).code).toBe('no-domains');
  });
});

describe('createLocalPki', () => {
  it('one CA and one certificate per domain, in order, all ending with the CA', async () => {
    const pki = await createLocalPki({ domains: ['a.example', 'b.example', 'c.example'], validityDays: 3, now: NOW });
    expect(pki.providers.map((p) => p.domain)).toEqual(['a.example', 'b.example', 'c.example']);
    const caCert = new X509Certificate(pki.ca.cert);
    for (const p of pki.providers) {
      const cert = new X509Certificate(p.cert);
      expect(cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.subjectAltName).toBe(`DNS:${p.domain}, URI:mimi://${p.domain}`);
      expect(parsed(p.cert).notAfter).toEqual(new Date(NOW.getTime() + 3 * DAY));
      expect(createPublicKey(p.key).export({ type: 'spki', format: 'der' })).toEqual(cert.publicKey.export({ type: 'spki', format: 'der' }));
    }
  });
});
