/**
 * `mimi codec … --spec <file.tls>` compiles the file and imports the result (issue 11, findings 1
 * and 10e): a hostile `// source:` line or file name must stay comment text, and a type name from
 * the command line finds only the spec's types. Run through bin/mimi.js in a child process, from a
 * temporary folder; a payload that ran would set the exit code to 42 and print PWNED.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

const PAYLOAD = 'globalThis.process.exitCode = 42; globalThis.process.stdout.write("PWNED");';

describe('mimi codec with a hostile .tls file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mimikit-hostile-'));
    // A `// source:` line whose section title closes the generated doc comment.
    writeFileSync(join(dir, 'source.tls'), `// source: draft-evil-00.md:1 § 1. Hi */ ${PAYLOAD} /*\nstruct { uint8 a; } T;\n`);
    // A path whose folder names close the generated header comment and open another one.
    mkdirSync(join(dir, 'x*', ` ${PAYLOAD} `, '*y'), { recursive: true });
    writeFileSync(join(dir, 'x*', ` ${PAYLOAD} `, '*y', 'z.tls'), 'struct { uint8 a; } T;\n');
    writeFileSync(join(dir, 'proto.tls'), 'struct { uint8 __proto__; uint8 b; } T;\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const decode = (spec: string, type = 'T') => mimi(['codec', 'decode', '--spec', spec, '--type', type, '--hex', '07'], undefined, { cwd: dir });

  it('a `// source:` line does not run', () => {
    const r = decode('source.tls');
    expect(r.stdout).not.toContain('PWNED');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ a: 7 });
  });

  it('nor does a file name', () => {
    const r = decode(`x*/ ${PAYLOAD} /*y/z.tls`);
    expect(r.stdout).not.toContain('PWNED');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ a: 7 });
  });

  it('a field named __proto__ is refused with its position', () => {
    const r = decode('proto.tls');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('proto.tls:1:10: error:');
    expect(r.stderr).toContain('[reserved-name]');
  });

  it('--type finds only the spec’s own types', () => {
    for (const type of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      const r = mimi(['codec', 'decode', '--spec', 'mls', '--type', type, '--hex', '00']);
      expect(r.code, type).not.toBe(0);
      expect(r.stderr).toContain(`no type "${type}" in spec 'mls'`);
    }
  });
});
