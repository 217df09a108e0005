import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages } from '../support/mls-vectors.ts';
import { mimi } from '../support/run-cli.ts';

const v = loadMessages()[1]!;

describe('mimi command', () => {
  it('--version and -V print the version of @mimikit/cli and exit 0', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) expect(mimi([flag])).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('--help lists the command groups and exits 0', () => {
    const r = mimi(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['spec', 'codec', 'content', 'generate', 'pki']) expect(r.stdout).toContain(c);
    // Benchmarks are not shipped: `npm run bench` runs bench/ directly.
    expect(r.stdout).not.toMatch(/^\s*bench\b/m);
  });

  it('codec decode → encode round-trips a KeyPackage through JSON', () => {
    const d = mimi(['codec', 'decode', '--spec', 'mls', '--type', 'MLSMessage', '--hex', v.mls_key_package]);
    expect(d.code).toBe(0);
    const json = JSON.parse(d.stdout);
    expect(json.wire_format).toBe('mls_key_package');
    expect(json.key_package.cipher_suite).toMatch(/^MLS_|^\d+$/);
    const e = mimi(['codec', 'encode', '--spec', 'mls', '--type', 'MLSMessage', '--json', d.stdout]);
    expect(e.code).toBe(0);
    expect(e.stdout.trim()).toBe(v.mls_key_package);
  });

  it('codec decode in stdin mode prints one line per input, errors as JSON, exit 1', () => {
    const r = mimi(['codec', 'decode', '--spec', 'mls', '--type', 'Commit'], `${v.commit}\n${v.commit}00\nxyz\n`);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].proposals).toBeInstanceOf(Array);
    expect(lines[1].error).toEqual({ kind: 'trailing-bytes', offset: v.commit.length / 2, path: 'Commit', message: '1 bytes after the value' });
    expect(lines[2].error).toMatchObject({ kind: 'odd-length', offset: 3 });
  });

  it('codec encode reports a JSON value of the wrong shape with its path', () => {
    const r = mimi(['codec', 'encode', '--spec', 'mls', '--type', 'Remove', '--json', '{"removed":"x"}']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ kind: 'invalid-value', path: 'Remove.removed' });
  });

  it('codec inspect annotates every field with its byte offset', () => {
    const r = mimi(['codec', 'inspect', v.mls_welcome]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\s+0 {2}00 01\s+version: mls10 \(1\)$/m);
    expect(r.stdout).toMatch(/^\s+2 {2}00 03\s+wire_format: mls_welcome \(3\)$/m);
    expect(r.stdout).toMatch(/new_member: 32 bytes/);
    expect(r.stdout.trim().split('\n').at(-1)).toMatch(new RegExp(`${v.mls_welcome.length / 2}\\s+end \\(${v.mls_welcome.length / 2} bytes\\)`));
  });

  it('compiles an arbitrary .tls file with the generator and uses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mimi-'));
    const file = join(dir, 'pixel.tls');
    writeFileSync(
      file,
      'enum { red(0), green(1), (255) } Color;\nstruct { Color c; select (Pixel.c) { case red: uint16 r; case green: opaque g<V>; }; KeyPackageRef ref; } Pixel;\n',
    );
    const e = mimi(['codec', 'encode', '--spec', file, '--type', 'Pixel', '--json', '{"c":"green","g":"abcd","ref":"0102"}']);
    expect(e.stdout.trim()).toBe('0102abcd020102');
    const d = mimi(['codec', 'decode', '--spec', file, '--type', 'Pixel', '--hex', '0000070102']);
    expect(JSON.parse(d.stdout)).toEqual({ c: 'red', r: 7, ref: '02' });
    const bad = mimi(['codec', 'decode', '--spec', file, '--type', 'Pixel', '--hex', '02']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr).error).toMatchObject({ kind: 'unknown-enum-value', offset: 0, path: 'Pixel.c' });
  });

  it('a broken .tls file gets file:line:col diagnostics', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mimi-'));
    const file = join(dir, 'broken.tls');
    writeFileSync(file, 'struct {\n  uint8 a;\n} A\nstruct { Missing m; } B;\n');
    const r = mimi(['codec', 'decode', '--spec', file, '--type', 'A', '--hex', '00']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/broken\.tls:3:\d+: error: .*\[missing-semicolon\]/);
  });

  it('spec status lists every draft with no errors', () => {
    const r = mimi(['spec', 'status', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ draft: string; definitions: number; generated: number; unresolved: string[]; errors: number }>;
    expect(rows.map((x) => x.draft)).toEqual([
      'draft-ietf-mls-protocol-20',
      'draft-ietf-mls-extensions-09',
      'draft-mahy-mls-ratchet-tree-options-03',
      'draft-ietf-mimi-protocol-06',
      'draft-ietf-mimi-room-policy-03',
      'draft-ietf-mimi-content-07 (delivery-report.cddl)',
      'draft-ietf-mimi-content-07 (implied.cddl)',
      'draft-ietf-mimi-content-07 (mimi-content.cddl)',
    ]);
    for (const row of rows) {
      expect(row.errors).toBe(0);
      expect(row.unresolved).toEqual([]);
      expect(row.generated).toBeGreaterThan(0);
    }
    // Every TLS definition is generated (inline structs add codecs of their own).
    for (const row of rows.slice(0, 5)) expect(row.generated).toBeGreaterThanOrEqual(row.definitions);
  });

  it('spec ir prints the resolved IR as JSON', () => {
    const r = mimi(['spec', 'ir', 'spec/tls/draft-ietf-mls-protocol.tls']);
    expect(r.code).toBe(0);
    const ir = JSON.parse(r.stdout);
    expect(ir.irVersion).toBe(1);
    const sender = ir.declarations.find((d: { name: string }) => d.name === 'Sender');
    expect(sender.members[1].discriminator.resolved).toEqual({ scope: 'own', fieldPath: ['sender_type'], enumName: 'SenderType' });
  });
});
