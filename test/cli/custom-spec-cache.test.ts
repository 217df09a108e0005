/**
 * A custom .tls file is compiled into the cache folder (docs/cli.md): MIMIKIT_CACHE_DIR when set,
 * as JavaScript plus the package.json that makes it ESM; nothing is written to the working folder
 * or the checkout, and a second run reuses the same folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mimi } from '../support/run-cli.ts';

const REPO = new URL('../..', import.meta.url).pathname;

describe('custom spec compilation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mimikit-cache-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes only into MIMIKIT_CACHE_DIR and reuses it', () => {
    const work = join(dir, 'work');
    const cache = join(dir, 'cache');
    mkdirSync(work);
    writeFileSync(join(work, 'p.tls'), 'struct { uint8 a; KeyPackageRef r; } P;\n');
    const run = () =>
      mimi(['codec', 'decode', '--spec', 'p.tls', '--type', 'P', '--hex', '070102'], undefined, { cwd: work, env: { MIMIKIT_CACHE_DIR: cache } });
    const first = run();
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({ a: 7, r: '02' });
    expect(readdirSync(work)).toEqual(['p.tls']);
    // The old location of compiled specs (other tests keep review artefacts in .cache/).
    expect(existsSync(join(REPO, '.cache', 'mimi'))).toBe(false);
    const builds = readdirSync(join(cache, 'tls'));
    expect(builds).toHaveLength(1);
    const pkg = join(cache, 'tls', builds[0]!);
    expect(readdirSync(join(pkg, 'src')).sort()).toEqual(['descriptors.js', 'index.js', 'p.js']);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(run().stdout).toBe(first.stdout);
    expect(readdirSync(join(cache, 'tls'))).toEqual(builds);
  });

  it('a custom .cddl file for the content commands goes the same way, into <cache>/cddl', () => {
    const work = join(dir, 'content-work');
    const cache = join(dir, 'content-cache');
    mkdirSync(work);
    writeFileSync(join(work, 'point.cddl'), 'Point = [\n  x: uint,\n  label: tstr,\n]\n');
    const content = (...args: string[]) =>
      mimi(['content', ...args, '--spec', 'point.cddl', '--rule', 'Point'], undefined, { cwd: work, env: { MIMIKIT_CACHE_DIR: cache } });
    const encoded = content('encode', '--json', '{"x":7,"label":"hi"}');
    expect(encoded.stderr).toBe('');
    expect(encoded.stdout.trim()).toBe('8207626869');
    expect(JSON.parse(content('decode', '--hex', '8207626869').stdout)).toEqual({ x: 7, label: 'hi' });
    expect(content('inspect', '8207626869').stdout).toContain('# label: text(2)');
    // A value that does not fit the rule is a failed value (exit 1), with the codec's error.
    const truncated = content('decode', '--hex', '820762');
    expect(truncated.code).toBe(1);
    expect(JSON.parse(truncated.stderr).error).toMatchObject({ kind: 'truncated', path: 'Point.label' });
    expect(readdirSync(work)).toEqual(['point.cddl']);
    expect(readdirSync(join(cache, 'cddl'))).toHaveLength(1);
    // A CDDL file that does not parse is unusable input: file:line:col, exit 2.
    writeFileSync(join(work, 'bad.cddl'), 'Point = [\n x: uint\n');
    const bad = mimi(['content', 'decode', '--spec', 'bad.cddl', '--rule', 'Point', '--hex', '00'], undefined, {
      cwd: work,
      env: { MIMIKIT_CACHE_DIR: cache },
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.cddl:1:9: error: .*\[unclosed-bracket\]/);
  });

  it('refuses a cache folder that is not a folder', () => {
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, '');
    const r = mimi(['codec', 'decode', '--spec', join(dir, 'work', 'p.tls'), '--type', 'P', '--hex', '070102'], undefined, {
      env: { MIMIKIT_CACHE_DIR: file },
    });
    expect(r.code).toBe(2);
  });
});
