/**
 * `mimi pki init` as a user runs it: the files of a local PKI, their modes, certificates that
 * verify against the CA with node:crypto, and exit 2 for what it cannot use (bad domains or
 * days, files that exist without --force).
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

const root = mkdtempSync(join(tmpdir(), 'mimikit-pki-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe('mimi pki init', () => {
  const out = join(root, 'pki');

  it('writes a CA and a certificate per domain that verify against it; keys 0600; exit 0', () => {
    const r = mimi(['pki', 'init', '--domains', 'a.example,b.example,c.example', '--out', out, '--days', '30']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote a CA and 3 provider certificates, valid until \d{4}-\d\d-\d\dT[\d:.]+Z:\n/);
    expect(r.stdout).toContain(`${join(out, 'b.example.key.pem')}  b.example private key (mode 0600)`);
    expect(readdirSync(out).sort()).toEqual([
      'a.example.key.pem',
      'a.example.pem',
      'b.example.key.pem',
      'b.example.pem',
      'c.example.key.pem',
      'c.example.pem',
      'ca.key.pem',
      'ca.pem',
    ]);
    const ca = new X509Certificate(readFileSync(join(out, 'ca.pem')));
    expect(ca.ca).toBe(true);
    expect(ca.checkPrivateKey(createPrivateKey(readFileSync(join(out, 'ca.key.pem'))))).toBe(true);
    const days = (Date.parse(ca.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect(mode(join(out, 'ca.key.pem'))).toBe(0o600);
    expect(mode(join(out, 'ca.pem'))).toBe(0o644);
    for (const domain of ['a.example', 'b.example', 'c.example']) {
      const cert = new X509Certificate(readFileSync(join(out, `${domain}.pem`)));
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.subjectAltName).toBe(`DNS:${domain}, URI:mimi://${domain}`);
      expect(cert.checkPrivateKey(createPrivateKey(readFileSync(join(out, `${domain}.key.pem`))))).toBe(true);
      expect(mode(join(out, `${domain}.key.pem`))).toBe(0o600);
      expect(mode(join(out, `${domain}.pem`))).toBe(0o644);
    }
  });

  it('refuses to overwrite without --force (exit 2, nothing changed); with --force, a new CA replaces the old', () => {
    const before = readFileSync(join(out, 'ca.pem'), 'utf8');
    const r = mimi(['pki', 'init', '--domains', 'c.example', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`mimi: ${join(out, 'ca.pem')} exists already; nothing was written (--force replaces the files)\n`);
    expect(readFileSync(join(out, 'ca.pem'), 'utf8')).toBe(before);
    const forced = mimi(['pki', 'init', '--domains', 'c.example', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    const ca = new X509Certificate(readFileSync(join(out, 'ca.pem')));
    expect(ca.toString()).not.toBe(before);
    expect(new X509Certificate(readFileSync(join(out, 'c.example.pem'))).verify(ca.publicKey)).toBe(true);
  });

  it.each<[string, string[], string]>([
    ['an uppercase domain', ['--domains', 'a.example,B.example'], 'mimi: domain "B.example" is not lowercase (write "b.example")'],
    ['a U-label', ['--domains', 'bücher.example'], 'mimi: domain "bücher.example" is not in A-label form (write "xn--bcher-kva.example")'],
    ['an IP address', ['--domains', '127.0.0.1'], 'mimi: domain "127.0.0.1" ends in an all-digit label (an IP address is no domain)'],
    ['a repeated domain', ['--domains', 'a.example,a.example'], 'mimi: domain "a.example" is given twice'],
    ['an empty entry', ['--domains', 'a.example,,b.example'], 'mimi: domain "" is empty'],
    [
      'a space after a comma',
      ['--domains', 'a.example, b.example'],
      'mimi: domain " b.example" has a label " b" that is not letters, digits and inner hyphens',
    ],
    ['days that are no number', ['--domains', 'a.example', '--days', '1e3'], 'mimi: --days takes a whole number of days, got "1e3"'],
    ['zero days', ['--domains', 'a.example', '--days', '0'], 'mimi: validity days must be a whole number from 1 to 3650, got 0'],
  ])('%s: exit 2, a message naming it, no files', (_what, args, message) => {
    const dir = join(root, 'refused');
    const r = mimi(['pki', 'init', ...args, '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${message}\n`);
    expect(r.stdout).toBe('');
    expect(() => readdirSync(dir)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('--domains and --out are required (exit 2)', () => {
    expect(mimi(['pki', 'init', '--out', join(root, 'x')]).code).toBe(2);
    expect(mimi(['pki', 'init', '--domains', 'a.example']).code).toBe(2);
  });
});
