/**
 * One exit code convention across every command group (docs/cli.md): 0 ok, 1 findings or values
 * that failed, 2 input the command cannot use (usage errors included, which commander alone would
 * exit 1 with). Each case runs the real command in a child process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'mimikit-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const broken = join(dir, 'broken.tls');
writeFileSync(broken, 'struct { uint8 a; } A\n');
const missing = join(dir, 'missing.md');

const code = (args: string[], input?: string) => mimi(args, input, { cwd: dir }).code;

describe('exit codes', () => {
  it('0: help, version and values that decode, in every group', () => {
    expect(code(['--help'])).toBe(0);
    expect(code(['--version'])).toBe(0);
    expect(code(['codec', '--help'])).toBe(0);
    expect(code(['help', 'content'])).toBe(0);
    expect(code(['pki', '--help'])).toBe(0);
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', '0100000005'])).toBe(0);
    expect(code(['content', 'decode', '--rule', 'MessageStatusReport', '--hex', '80'])).toBe(0);
    expect(code(['spec', 'checks'])).toBe(0);
  });

  it('1: a value that fails to decode, encode or validate', () => {
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', '09'])).toBe(1);
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--hex', 'zz'])).toBe(1);
    expect(code(['codec', 'encode', '--spec', 'mls', '--type', 'Remove'], '{"removed":"x"}\n')).toBe(1);
    expect(code(['codec', 'inspect', '--type', 'Sender', '0100'])).toBe(1);
    expect(code(['codec', 'inspect', '--type', 'Sender', 'not-hex'])).toBe(1);
    expect(code(['content', 'decode', '--hex', '00'])).toBe(1);
    expect(code(['content', 'inspect', 'xyz'])).toBe(1);
  });

  it('1: findings (spec diff --fail-on)', () => {
    const r = mimi([
      'spec',
      'diff',
      '--fail-on',
      'INFO',
      '--format',
      'json',
      'test/fixtures/drafts/draft-ietf-mimi-protocol-05.md',
      'spec/drafts/draft-ietf-mimi-protocol-06.md',
    ]);
    expect(r.code, r.stderr).toBe(1);
  });

  it('2: usage errors, which commander alone exits 1 with', () => {
    expect(code(['bogus'])).toBe(2);
    expect(code(['codec'])).toBe(2);
    expect(code(['codec', 'decode', '--spec', 'mls'])).toBe(2);
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--bogus'])).toBe(2);
    expect(code(['content', 'inspect'])).toBe(2);
    expect(code(['pki', 'init', '--domains', 'a.example'])).toBe(2);
    expect(code(['--bogus'])).toBe(2);
  });

  it('2: input the command cannot use: unknown spec, type or rule, a missing file, a spec that does not compile, a bad domain', () => {
    expect(code(['codec', 'decode', '--spec', 'no-such-spec', '--type', 'Sender', '--hex', '00'])).toBe(2);
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'NoSuchType', '--hex', '00'])).toBe(2);
    expect(code(['codec', 'decode', '--spec', 'mls', '--type', 'Sender', '--context', 'x', '--hex', '00'])).toBe(2);
    expect(code(['codec', 'decode', '--spec', broken, '--type', 'A', '--hex', '00'])).toBe(2);
    expect(code(['content', 'decode', '--rule', 'NoSuchRule', '--hex', '00'])).toBe(2);
    expect(code(['spec', 'ir', missing])).toBe(2);
    expect(code(['spec', 'diff', missing, missing])).toBe(2);
    expect(code(['spec', 'lint', missing])).toBe(2);
    expect(code(['pki', 'init', '--domains', 'A.example', '--out', join(dir, 'pki')])).toBe(2);
  });
});
