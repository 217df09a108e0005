/**
 * A throw-away PKI made with the openssl CLI: a CA, a server certificate for 127.0.0.1 and client
 * certificates for providers (URI SAN mimi://<domain>), EC P-256 keys; also the certificates a
 * server must refuse: from another CA, expired, or not a leaf (test/transport/mtls.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Credentials {
  key: string;
  cert: string;
}

export interface Pki {
  ca: string;
  server: Credentials;
  /** Issues a client certificate with CN and DNS SAN `domain` and URI SAN `mimi://domain`. */
  client(domain: string): Credentials;
  /** A certificate for `domain` from another, untrusted CA. */
  stranger(domain: string): Credentials;
  /** A client certificate for `domain` from the trusted CA, valid only on 1 January 2020. */
  expired(domain: string): Credentials;
  /** A certificate from the trusted CA with subject CN `cn` and the given openssl x509v3 extension lines. */
  custom(cn: string, ext: string): Credentials;
  dispose(): void;
}

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-pki-'));
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const ecKey = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  const makeCa = (name: string) => {
    ecKey(name);
    ssl(
      'req',
      '-x509',
      '-new',
      '-key',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    );
  };
  let serial = 1;
  const request = (name: string, cn: string, ext: string) => {
    ecKey(name);
    ssl('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    writeFileSync(join(dir, `${name}.ext`), ext);
  };
  const credentials = (name: string): Credentials => ({
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'),
  });
  const issue = (ca: string, name: string, cn: string, ext: string): Credentials => {
    request(name, cn, ext);
    ssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-set_serial',
      String(serial++),
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      '-extfile',
      `${name}.ext`,
    );
    return credentials(name);
  };
  // `openssl x509` only issues from now on; `openssl ca` takes explicit dates (and wants a database).
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca = dated\n[dated]\ndatabase = index.txt\nserial = serial\nnew_certs_dir = .\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n',
  );
  writeFileSync(join(dir, 'index.txt'), '');
  const issueDated = (name: string, cn: string, ext: string, from: string, to: string): Credentials => {
    request(name, cn, ext);
    const hex = (serial++).toString(16);
    writeFileSync(join(dir, 'serial'), `${hex.length % 2 ? '0' : ''}${hex}\n`);
    ssl(
      'ca',
      '-batch',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.crt',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.crt`,
      '-startdate',
      from,
      '-enddate',
      to,
      '-extfile',
      `${name}.ext`,
      '-notext',
    );
    return credentials(name);
  };
  const clientExt = (domain: string) =>
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\nsubjectAltName=URI:mimi://${domain},DNS:${domain}\n`;
  makeCa('ca');
  makeCa('other-ca');
  const server = issue(
    'ca',
    'server',
    'mimi.a.example',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n',
  );
  return {
    ca: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    server,
    client: (domain) => issue('ca', `client-${serial}`, domain, clientExt(domain)),
    stranger: (domain) => issue('other-ca', `stranger-${serial}`, domain, clientExt(domain)),
    expired: (domain) => issueDated(`expired-${serial}`, domain, clientExt(domain), '20200101000000Z', '20200102000000Z'),
    custom: (cn, ext) => issue('ca', `custom-${serial}`, cn, ext),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
